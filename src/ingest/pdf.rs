//! PDF input: each page's text extracted on its own terms (pdf-extract, falling back to lopdf
//! page by page, every call guarded so a crash inside a PDF crate becomes an error, not an
//! abort), joined with form feeds like `pdftotext` output, the original bytes kept so the
//! pages themselves can be reordered on output ([`crate::output::pdf`]).

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
