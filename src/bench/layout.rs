//! Where a bench finds its documents: a plain corpus (one folder per document), a corpus of
//! flavours (a folder of such corpora, one per converter, as `shared/flavours` is), or PDFs
//! for `--convert`; and which of them `--split` and `--flavour` select, read from the
//! `manifest.json` beside them (`documents[].id`, `documents[].split`, `documents[].pdf`).

use super::source::Split;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One document to bench.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    /// The document's folder (or PDF file).
    pub path: PathBuf,
    /// Its flavour (the sub-corpus it came from), in a corpus of flavours.
    pub flavour: Option<String>,
}

/// What a corpus's `manifest.json` says about its documents.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Split of each document that names one, by id.
    pub splits: BTreeMap<String, String>,
    /// The PDF of each document that names one, by id (relative to the manifest's folder).
    pub pdfs: BTreeMap<String, PathBuf>,
}

impl Manifest {
    /// Read `root/manifest.json`, if there is one. It may be `{"documents": [...]}` or a bare
    /// list of documents; documents without `split` or `pdf` simply say nothing of them.
    pub fn read(root: &Path) -> Result<Option<Manifest>> {
        let path = root.join("manifest.json");
        if !path.is_file() {
            return Ok(None);
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let v: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Corpus(format!("{}: not JSON: {e}", path.display())))?;
        let docs = v
            .get("documents")
            .and_then(|d| d.as_array())
            .or_else(|| v.as_array())
            .cloned()
            .unwrap_or_default();
        let mut m = Manifest::default();
        for d in &docs {
            let Some(id) = d.get("id").and_then(|x| x.as_str()) else {
                continue;
            };
            if let Some(s) = d.get("split").and_then(|x| x.as_str()) {
                m.splits.insert(id.to_string(), s.to_string());
            }
            if let Some(p) = d.get("pdf").and_then(|x| x.as_str()) {
                m.pdfs.insert(id.to_string(), root.join(p));
            }
        }
        Ok(Some(m))
    }
}

/// The documents of a plain corpus folder: sub-folders holding `file`, sorted.
fn documents_in(dir: &Path, file: &str) -> Result<Vec<PathBuf>> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(file).is_file())
        .collect();
    docs.sort();
    Ok(docs)
}

/// The flavours of `root` when it is a corpus of flavours — no documents of its own, and
/// sub-folders that are corpora holding `file` — sorted by name; `None` otherwise.
pub fn flavours(root: &Path, file: &str) -> Result<Option<Vec<(String, PathBuf)>>> {
    if !root.is_dir() || root.join(file).exists() || !documents_in(root, file)?.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for e in std::fs::read_dir(root).map_err(|e| Error::io(root, e))? {
        let p = e.map_err(|e| Error::io(root, e))?.path();
        if p.is_dir() && !documents_in(&p, file)?.is_empty() {
            let name = p
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, p));
        }
    }
    out.sort();
    Ok((!out.is_empty()).then_some(out))
}

/// The id of a document at `path` (its folder name, or its file name without `.pdf`).
pub fn doc_id(path: &Path) -> String {
    let name = if path.is_file() {
        path.file_stem()
    } else {
        path.file_name()
    };
    name.map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Keep the documents `split` selects, by the manifest; a split other than `all` needs one.
fn select(
    root: &Path,
    docs: Vec<DocRef>,
    split: Split,
    manifest: Option<&Manifest>,
) -> Result<Vec<DocRef>> {
    if split == Split::All {
        return Ok(docs);
    }
    let m = manifest.filter(|m| !m.splits.is_empty()).ok_or_else(|| {
        Error::Usage(format!(
            "--split {}: {} has no manifest.json naming each document's split \
             (documents[].id and documents[].split); use --split all",
            split.name(),
            root.display()
        ))
    })?;
    Ok(docs
        .into_iter()
        .filter(|d| split.selects(m.splits.get(&doc_id(&d.path)).map(String::as_str)))
        .collect())
}

/// The documents to bench under `root`, whose pages are in `file`: every flavour's (or
/// those named in `wanted`) when `root` is a corpus of flavours, else the corpus's own;
/// then those of `split`.
pub fn documents(root: &Path, file: &str, split: Split, wanted: &[String]) -> Result<Vec<DocRef>> {
    let manifest = Manifest::read(root)?;
    let docs: Vec<DocRef> = match flavours(root, file)? {
        Some(all) => {
            for w in wanted {
                if !all.iter().any(|(n, _)| n == w) {
                    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
                    return Err(Error::Usage(format!(
                        "--flavour {w}: no such flavour in {} (flavours: {})",
                        root.display(),
                        names.join(", ")
                    )));
                }
            }
            let mut docs = Vec::new();
            for (name, dir) in all {
                if wanted.is_empty() || wanted.contains(&name) {
                    docs.extend(documents_in(&dir, file)?.into_iter().map(|path| DocRef {
                        path,
                        flavour: Some(name.clone()),
                    }));
                }
            }
            docs
        }
        None => {
            if !wanted.is_empty() {
                return Err(Error::Usage(format!(
                    "--flavour: {} is a plain corpus, not a folder of flavours",
                    root.display()
                )));
            }
            super::corpus_documents_in(root, file)?
                .into_iter()
                .map(|path| DocRef {
                    path,
                    flavour: None,
                })
                .collect()
        }
    };
    let docs = select(root, docs, split, manifest.as_ref())?;
    if docs.is_empty() {
        return Err(Error::Corpus(format!(
            "{}: no documents with {file} in split {}",
            root.display(),
            split.name()
        )));
    }
    Ok(docs)
}

/// The PDFs under `root` for `--convert`: `root` itself when it is a PDF; the PDFs its
/// manifest names; else every `*.pdf` in it, every `*/doc.pdf`, and the PDFs in `root/pdfs`.
pub fn pdfs(root: &Path, split: Split) -> Result<Vec<DocRef>> {
    if root.is_file() {
        return Ok(vec![DocRef {
            path: root.to_path_buf(),
            flavour: None,
        }]);
    }
    let manifest = Manifest::read(root)?;
    let mut found: BTreeMap<String, PathBuf> = BTreeMap::new();
    match manifest.as_ref().filter(|m| !m.pdfs.is_empty()) {
        Some(m) => found.extend(m.pdfs.clone()),
        None => {
            let mut add = |dir: &Path| -> Result<()> {
                if !dir.is_dir() {
                    return Ok(());
                }
                for e in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
                    let p = e.map_err(|e| Error::io(dir, e))?.path();
                    if p.is_file() && crate::output::pdf::is_pdf_path(&p) {
                        found.insert(doc_id(&p), p);
                    } else if p.join("doc.pdf").is_file() {
                        found.insert(doc_id(&p), p.join("doc.pdf"));
                    }
                }
                Ok(())
            };
            add(root)?;
            add(&root.join("pdfs"))?;
        }
    }
    let docs: Vec<DocRef> = found
        .into_values()
        .map(|path| DocRef {
            path,
            flavour: None,
        })
        .collect();
    // Select by the PDF's document id, not its file name (`doc.pdf`).
    let docs = if split == Split::All {
        docs
    } else {
        let m = manifest.filter(|m| !m.splits.is_empty()).ok_or_else(|| {
            Error::Usage(format!(
                "--split {}: {} has no manifest.json naming each document's split; use --split all",
                split.name(),
                root.display()
            ))
        })?;
        docs.into_iter()
            .filter(|d| split.selects(m.splits.get(&pdf_id(&d.path)).map(String::as_str)))
            .collect()
    };
    if docs.is_empty() {
        return Err(Error::Corpus(format!(
            "{}: no PDFs found (a PDF file, a folder of PDFs, folders with doc.pdf, or pdfs/) in split {}",
            root.display(),
            split.name()
        )));
    }
    Ok(docs)
}

/// A PDF document's id: its folder's name for `doc.pdf`, else its file name without `.pdf`.
pub fn pdf_id(pdf: &Path) -> String {
    if pdf.file_name().is_some_and(|n| n == "doc.pdf") {
        if let Some(dir) = pdf.parent() {
            return doc_id(dir);
        }
    }
    doc_id(pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_doc(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("pages.md"), "a\u{c}b\u{c}").unwrap();
    }

    #[test]
    fn a_folder_of_corpora_is_a_corpus_of_flavours_and_the_manifest_splits_it() {
        let t = std::env::temp_dir().join(format!("collate-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&t);
        for f in ["one", "two"] {
            page_doc(&t.join(f).join("d1"));
            page_doc(&t.join(f).join("d2"));
        }
        std::fs::create_dir_all(t.join("pdfs")).unwrap();
        std::fs::write(
            t.join("manifest.json"),
            r#"{"documents":[{"id":"d1","split":"train"},{"id":"d2","split":"validation"}]}"#,
        )
        .unwrap();
        let all = documents(&t, "pages.md", Split::All, &[]).unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].flavour.as_deref(), Some("one"));
        let train = documents(&t, "pages.md", Split::Train, &["two".into()]).unwrap();
        assert_eq!(train.len(), 1);
        assert_eq!(doc_id(&train[0].path), "d1");
        assert_eq!(train[0].flavour.as_deref(), Some("two"));
        let e = documents(&t, "pages.md", Split::All, &["three".into()]).unwrap_err();
        assert!(e.to_string().contains("flavours: one, two"), "{e}");
        // One flavour alone is a plain corpus: no flavour, and no split without a manifest.
        let plain = documents(&t.join("one"), "pages.md", Split::All, &[]).unwrap();
        assert_eq!(plain.len(), 2);
        assert_eq!(plain[0].flavour, None);
        let e = documents(&t.join("one"), "pages.md", Split::Train, &[]).unwrap_err();
        assert!(e.to_string().contains("manifest.json"), "{e}");
        std::fs::remove_dir_all(&t).unwrap();
    }
}
