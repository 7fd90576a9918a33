//! PDF output: the input PDF written again with its pages in the restored order. The one
//! output that is not text, so it lives apart from the renderings; [`Pdf`] is the
//! [`Target`] for it.

use super::{stage, Links, Pending, Render, Target};
use crate::error::{Error, Result};
use crate::pipeline::Restored;
use std::path::{Path, PathBuf};

fn pdf_error(name: &str, message: impl Into<String>) -> Error {
    Error::Pdf {
        name: name.to_string(),
        message: message.into(),
    }
}

/// A file that gets the input PDF with its pages reordered (the rendering is not used: the
/// pages are the output).
pub struct Pdf {
    /// Where to write.
    pub path: PathBuf,
    /// Whether a symbolic link at `path` is followed or refused.
    pub links: Links,
}

impl Target for Pdf {
    fn stage(&self, restored: &Restored, _render: &dyn Render) -> Result<Pending> {
        let Some(bytes) = &restored.doc.pdf else {
            return Err(super::pdf_from_text(&self.path));
        };
        let out = reorder(&restored.doc.name, bytes, restored.order())?;
        stage(&self.path, self.links, |w| w.write_all(&out))
            .map(|s| Pending::file(s, &self.path))
            .map_err(|e| Error::write(&self.path, e))
    }
}

/// True when `path` names a PDF file (its extension is `pdf`, in any case).
pub fn is_pdf_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Write the PDF `bytes` with its pages in `order` (input page indices): every page object
/// kept as it is, attributes it inherited (MediaBox, CropBox, Resources, Rotate) copied onto
/// it, and the page tree rewritten as one flat list. Outlines and annotations keep pointing at
/// the same page objects.
pub fn reorder(name: &str, bytes: &[u8], order: &[usize]) -> Result<Vec<u8>> {
    use lopdf::{Dictionary, Object};
    let mut doc = crate::ingest::pdf::load(name, bytes)?;
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut sorted = order.to_vec();
    sorted.sort_unstable();
    if sorted != (0..pages.len()).collect::<Vec<_>>() {
        return Err(Error::Usage(format!(
            "{name}: the order does not name each of the {} PDF pages once",
            pages.len()
        )));
    }
    let broken = |what: &str| {
        pdf_error(name, format!("the PDF page tree is damaged ({what}); try repairing it with `qpdf in.pdf repaired.pdf`"))
    };
    let root = doc
        .catalog()
        .map_err(|_| broken("no catalog"))?
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|_| broken("no page tree"))?;
    const INHERITED: [&[u8]; 4] = [b"MediaBox", b"CropBox", b"Resources", b"Rotate"];
    for &page in &pages {
        // Collect inherited attributes from the ancestors, nearest first.
        let mut found: Vec<(&[u8], Object)> = Vec::new();
        let mut parent = doc
            .get_dictionary(page)
            .ok()
            .and_then(|d| d.get(b"Parent").and_then(Object::as_reference).ok());
        let mut guard = 0;
        while let Some(pid) = parent {
            guard += 1;
            if guard > 64 {
                return Err(broken("a loop in the page tree"));
            }
            let Ok(pd) = doc.get_dictionary(pid) else {
                break;
            };
            for key in INHERITED {
                if !found.iter().any(|(k, _)| *k == key) {
                    if let Ok(v) = pd.get(key) {
                        found.push((key, v.clone()));
                    }
                }
            }
            parent = pd.get(b"Parent").and_then(Object::as_reference).ok();
        }
        let dict = doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(|_| broken("a page is not a dictionary"))?;
        for (key, value) in found {
            if !dict.has(key) {
                dict.set(key, value);
            }
        }
        dict.set("Parent", Object::Reference(root));
    }
    let kids: Vec<Object> = order.iter().map(|&i| Object::Reference(pages[i])).collect();
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Kids", Object::Array(kids));
    tree.set("Count", Object::Integer(pages.len() as i64));
    doc.objects.insert(root, Object::Dictionary(tree));
    doc.prune_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| pdf_error(name, format!("cannot write the PDF: {e}")))?;
    Ok(out)
}
