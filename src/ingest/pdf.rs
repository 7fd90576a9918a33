//! PDF input: each page's text extracted on its own terms (pdf-extract, falling back to lopdf
//! page by page, every call guarded so a crash inside a PDF crate becomes an error, not an
//! abort), joined with form feeds like `pdftotext` output, the original bytes kept so the
//! pages themselves can be reordered on output.

use super::{Document, Flavour, Span};
use crate::error::{Error, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// True when `bytes` look like a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

fn pdf_error(name: &str, message: impl Into<String>) -> Error {
    Error::Pdf {
        name: name.to_string(),
        message: message.into(),
    }
}

/// Load a PDF, refusing damaged and encrypted files with a hint.
pub fn load(name: &str, bytes: &[u8]) -> Result<lopdf::Document> {
    let doc = catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem(bytes)))
        .map_err(|_| pdf_error(name, "the PDF reader crashed on this file (it is probably damaged); try repairing it with `qpdf in.pdf repaired.pdf`"))?
        .map_err(|e| pdf_error(name, format!("cannot read the PDF ({e}); it may be truncated or damaged — try repairing it with `qpdf in.pdf repaired.pdf`")))?;
    if doc.is_encrypted() {
        return Err(pdf_error(
            name,
            "the PDF is encrypted; decrypt it first, e.g. `qpdf --decrypt in.pdf plain.pdf`",
        ));
    }
    if doc.get_pages().is_empty() {
        return Err(pdf_error(name, "the PDF has no pages"));
    }
    Ok(doc)
}

/// Extract each page's text: pdf-extract for the whole file, or lopdf one page at a time when
/// that fails (then a bad page is one empty page, not a failed run).
fn page_texts(doc: &lopdf::Document, bytes: &[u8]) -> Vec<String> {
    let n = doc.get_pages().len();
    let whole = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }));
    if let Ok(Ok(pages)) = whole {
        if pages.len() == n {
            return pages;
        }
    }
    doc.get_pages()
        .keys()
        .map(|&num| {
            catch_unwind(AssertUnwindSafe(|| doc.extract_text(&[num])))
                .ok()
                .and_then(|r| r.ok())
                .unwrap_or_default()
        })
        .collect()
}

/// Read a PDF into a document whose pages are the PDF's pages, in file order.
pub fn read(name: &str, bytes: Vec<u8>) -> Result<Document> {
    let doc = load(name, &bytes)?;
    let texts = page_texts(&doc, &bytes);
    let letters: usize = texts
        .iter()
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters < 20 * texts.len().max(1) {
        return Err(pdf_error(
            name,
            "the PDF has no text layer (a scan?); run OCR on it first, e.g. `ocrmypdf in.pdf ocr.pdf`",
        ));
    }
    let mut text = String::new();
    let mut spans = Vec::with_capacity(texts.len());
    for t in texts {
        let start = text.len();
        // A form feed inside a page would read as a page break.
        text.push_str(&t.replace('\u{c}', "\n"));
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\u{c}');
        spans.push(Span::new(start, text.len()));
    }
    Ok(Document {
        name: name.to_string(),
        text,
        flavour: Flavour::Layout,
        pages: Some(spans),
        page_names: Vec::new(),
        pdf: Some(Arc::new(bytes)),
    })
}

/// Write the PDF `bytes` with its pages in `order` (input page indices): every page object
/// kept as it is, attributes it inherited (MediaBox, CropBox, Resources, Rotate) copied onto
/// it, and the page tree rewritten as one flat list. Outlines and annotations keep pointing at
/// the same page objects.
pub fn reorder(name: &str, bytes: &[u8], order: &[usize]) -> Result<Vec<u8>> {
    use lopdf::{Dictionary, Object};
    let mut doc = load(name, bytes)?;
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
