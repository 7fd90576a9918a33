//! Stage 0, ingest: read a file, a directory of page files or standard input into one
//! [`Document`], decoding and checking it so that later stages only ever see sane text.

mod detect;
pub mod pdf;

pub use detect::{detect_flavour, Flavour};

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A byte range `[start, end)` in a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A new span.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    /// The text this span covers.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// How to read an input's pages, when detection is not to be trusted: the layout of the text
/// and whether it marks its pages. (The command line has its own copy of this list, so the
/// library needs no argument parser.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown (or plain paragraphs), pages not marked: the hard case.
    Md,
    /// Plain text with form feeds between pages (pdftotext).
    Txt,
    /// A directory of page files, one page per file.
    Dir,
    /// A PDF (detected from its first bytes in any case).
    Pdf,
}

/// Limits that keep a hostile input from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Most page fragments accepted.
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_pages: 5000,
        }
    }
}

/// One scraped document, decoded and ready for fragment detection.
#[derive(Debug, Clone)]
pub struct Document {
    /// A name for messages (the path, or `<stdin>`).
    pub name: String,
    /// The whole text. For a directory, the page files one after the other.
    pub text: String,
    /// Markdown-like or layout-text content.
    pub flavour: Flavour,
    /// Page spans when the input marks its pages (form feeds, one file per page);
    /// `None` when pages must be found (markdown without markers).
    pub pages: Option<Vec<Span>>,
    /// For a directory: the file name of each page, in input order.
    pub page_names: Vec<String>,
    /// For a PDF: the original file, so its pages can be reordered on output.
    pub pdf: Option<std::sync::Arc<Vec<u8>>>,
}

impl Document {
    /// Build a document from text already in memory. `format` overrides detection.
    pub fn from_text(name: &str, text: String, format: Option<Format>) -> Result<Self> {
        check_text(name, &text)?;
        let has_ff = text.contains('\u{c}');
        let flavour = match format {
            Some(Format::Md) => Flavour::Markdown,
            Some(Format::Txt) => Flavour::Layout,
            _ => detect_flavour(&text),
        };
        let paged = match format {
            Some(Format::Md) => has_ff,
            Some(Format::Txt) | Some(Format::Dir) | Some(Format::Pdf) => true,
            None => has_ff,
        };
        let pages = if paged {
            Some(split_form_feeds(&text))
        } else {
            None
        };
        Ok(Document {
            name: name.to_string(),
            text,
            flavour,
            pages,
            page_names: Vec::new(),
            pdf: None,
        })
    }

    /// Build a document from page texts (a directory of page files).
    pub fn from_pages(name: &str, pages: Vec<(String, String)>) -> Result<Self> {
        let mut text = String::new();
        let mut spans = Vec::new();
        let mut names = Vec::new();
        for (page_name, page) in pages {
            let start = text.len();
            text.push_str(&page);
            spans.push(Span::new(start, text.len()));
            names.push(page_name);
        }
        check_text(name, &text)?;
        let flavour = detect_flavour(&text);
        Ok(Document {
            name: name.to_string(),
            text,
            flavour,
            pages: Some(spans),
            page_names: names,
            pdf: None,
        })
    }
}

/// Split on form feeds: each page runs up to and including its form feed (the way pdftotext
/// ends pages), so the pages tile the text exactly. Whitespace after the last form feed joins
/// the last page; a non-blank tail is a page of its own.
pub fn split_form_feeds(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\u{c}' {
            spans.push(Span::new(start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        if text[start..].trim().is_empty() && !spans.is_empty() {
            let last = spans.len() - 1;
            spans[last].end = text.len();
        } else {
            spans.push(Span::new(start, text.len()));
        }
    }
    // Blank pages (two form feeds in a row) carry no content but must not be lost: they are
    // kept as fragments of their own and placed by the solver like any other.
    spans
}

/// Reject text no stage can work with: empty, whitespace only, binary.
fn check_text(name: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::Empty {
            name: name.to_string(),
        });
    }
    let sample: Vec<char> = text.chars().take(65536).collect();
    let controls = sample
        .iter()
        .filter(|&&c| (c as u32) < 32 && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    // Real scraped text can hold a stray NUL or control character; binary data is full of them.
    if controls * 200 > sample.len() + 8 {
        return Err(Error::Binary {
            name: name.to_string(),
        });
    }
    Ok(())
}

/// Decode raw bytes: UTF-8 (a BOM is kept as text), or UTF-16 with a BOM.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String> {
    if bytes.len() >= 2 && (bytes[..2] == [0xFF, 0xFE] || bytes[..2] == [0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        if !bytes.len().is_multiple_of(2) {
            return Err(Error::Encoding {
                name: name.to_string(),
                offset: bytes.len() - 1,
            });
        }
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return String::from_utf16(&units).map_err(|_| Error::Encoding {
            name: name.to_string(),
            offset: 0,
        });
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.iter().filter(|&&b| b == 0).count() * 200 > head.len() + 8 {
        return Err(Error::Binary {
            name: name.to_string(),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::Encoding {
            name: name.to_string(),
            offset,
        }
    })
}

/// Read `path` (a file, a directory of page files, or `-` for standard input).
pub fn read(path: &Path, format: Option<Format>, limits: &Limits) -> Result<Document> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(limits.max_bytes as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
        check_size("<stdin>", bytes.len(), limits)?;
        if pdf::is_pdf(&bytes) {
            return pdf::read("<stdin>", bytes);
        }
        let text = decode("<stdin>", bytes)?;
        return Document::from_text("<stdin>", text, format);
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        if matches!(format, Some(Format::Md) | Some(Format::Txt)) {
            return Err(Error::IsDirectory { name });
        }
        return read_dir(path, limits);
    }
    if format == Some(Format::Dir) {
        return Err(Error::NotDirectory { name });
    }
    check_size(&name, meta.len() as usize, limits)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if pdf::is_pdf(&bytes) || format == Some(Format::Pdf) {
        return pdf::read(&name, bytes);
    }
    let text = decode(&name, bytes)?;
    Document::from_text(&name, text, format)
}

fn check_size(name: &str, len: usize, limits: &Limits) -> Result<()> {
    if len > limits.max_bytes {
        return Err(Error::TooLarge {
            name: name.to_string(),
            what: "bytes",
            actual: len,
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

/// Read every regular file in `dir` (not hidden, not recursing) as one page, sorted by name so
/// the input order is deterministic; the names themselves carry no order information we trust.
fn read_dir(dir: &Path, limits: &Limits) -> Result<Document> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .map(|n| n.to_string_lossy().starts_with('.'))
                .unwrap_or(true)
        })
        .collect();
    files.sort();
    if files.len() > limits.max_pages {
        return Err(Error::TooLarge {
            name: dir.display().to_string(),
            what: "pages",
            actual: files.len(),
            limit: limits.max_pages,
        });
    }
    let mut total = 0usize;
    let mut pages = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| Error::io(&f, e))?;
        total += bytes.len();
        check_size(&dir.display().to_string(), total, limits)?;
        let text = decode(&f.display().to_string(), bytes)?;
        let file_name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        pages.push((file_name, text));
    }
    Document::from_pages(&dir.display().to_string(), pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_feed_pages_tile_the_text() {
        let t = "one\n\u{c}two\n\u{c}three\n";
        let spans = split_form_feeds(t);
        assert_eq!(spans.len(), 3);
        let joined: String = spans.iter().map(|s| s.of(t)).collect();
        assert_eq!(joined, t);
        assert_eq!(spans[0].of(t), "one\n\u{c}");
    }

    #[test]
    fn trailing_whitespace_after_last_form_feed_joins_last_page() {
        let t = "a\u{c}b\u{c}\n";
        let spans = split_form_feeds(t);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[1].of(t), "b\u{c}\n");
    }

    #[test]
    fn rejects_empty_binary_and_bad_utf8() {
        assert!(matches!(
            Document::from_text("x", "  \n\n ".into(), None),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            decode("x", vec![0x41, 0, 0x42]),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            decode("x", vec![0x41, 0xC3, 0x28]),
            Err(Error::Encoding { offset: 1, .. })
        ));
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "hé".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode("x", bytes).unwrap(), "hé");
    }
}
