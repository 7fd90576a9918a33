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
            max_pages: 20_000,
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
    /// How the input was encoded: `UTF-8`, or `UTF-16LE` / `UTF-16BE` (then `text` and every
    /// byte span refer to the text decoded into UTF-8, not to offsets in the file).
    pub encoding: &'static str,
    /// True when the input broke its lines with a lone carriage return (old Mac style) and
    /// had no line feed at all: `text` then holds a line feed for each carriage return (the
    /// same length, so spans are unchanged) and the output turns them back.
    pub cr_lines: bool,
}

/// Line breaks as the input had them: `text` back with each line feed a carriage return when
/// the document broke its lines with carriage returns alone ([`Document::cr_lines`]).
pub fn original_breaks<'t>(doc: &Document, text: &'t str) -> std::borrow::Cow<'t, str> {
    if doc.cr_lines {
        text.replace('\n', "\r").into()
    } else {
        text.into()
    }
}

/// Lone carriage returns as line breaks: when `text` has carriage returns and not a single
/// line feed, each becomes a line feed (one byte for one byte). True when it did.
fn cr_to_lf(text: &mut String) -> bool {
    if text.contains('\r') && !text.contains('\n') {
        *text = text.replace('\r', "\n");
        true
    } else {
        false
    }
}

impl Document {
    /// Build a document from text already in memory. `format` overrides detection.
    pub fn from_text(name: &str, mut text: String, format: Option<Format>) -> Result<Self> {
        check_text(name, &text)?;
        let cr_lines = cr_to_lf(&mut text);
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
            encoding: "UTF-8",
            cr_lines,
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
        let cr_lines = cr_to_lf(&mut text);
        let flavour = detect_flavour(&text);
        Ok(Document {
            name: name.to_string(),
            text,
            flavour,
            pages: Some(spans),
            page_names: names,
            pdf: None,
            encoding: "UTF-8",
            cr_lines,
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
    decode_with_encoding(name, bytes).map(|(text, _)| text)
}

/// [`decode`], saying which encoding it was: `UTF-8`, `UTF-16LE` or `UTF-16BE`.
pub fn decode_with_encoding(name: &str, bytes: Vec<u8>) -> Result<(String, &'static str)> {
    if bytes.len() >= 2 && (bytes[..2] == [0xFF, 0xFE] || bytes[..2] == [0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let encoding = if le { "UTF-16LE" } else { "UTF-16BE" };
        let bad = |offset: usize| Error::Encoding {
            name: name.to_string(),
            encoding,
            offset,
        };
        if !bytes.len().is_multiple_of(2) {
            return Err(bad(bytes.len() - 1));
        }
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let mut text = String::with_capacity(bytes.len() / 2);
        // Offsets in the file: two bytes of mark, then two bytes a unit.
        let mut unit = 0usize;
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => {
                    text.push(c);
                    unit += c.len_utf16();
                }
                Err(_) => return Err(bad(2 + 2 * unit)),
            }
        }
        return Ok((text, encoding));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.iter().filter(|&&b| b == 0).count() * 200 > head.len() + 8 {
        return Err(Error::Binary {
            name: name.to_string(),
        });
    }
    String::from_utf8(bytes).map(|t| (t, "UTF-8")).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::Encoding {
            name: name.to_string(),
            encoding: "UTF-8",
            offset,
        }
    })
}

/// Read `path` (a file, a directory of page files, or `-` for standard input). The path is
/// the caller's own: symbolic links are followed and a pipe or device is read (standard
/// input, `<(…)`), never more than `limits.max_bytes` of it.
pub fn read(path: &Path, format: Option<Format>, limits: &Limits) -> Result<Document> {
    read_with(path, format, limits, None)
}

/// Read `path` for someone else: it must lead (after every symbolic link and `..` is
/// resolved) to a regular file or a folder of regular files inside `root`; anything else is
/// refused ([`Error::Outside`], [`Error::NotRegular`]) without being opened for reading, so a
/// pipe cannot block the read. The batch reads its documents this way, and the JSON-lines
/// stream its `path`s.
pub fn read_under(
    path: &Path,
    root: &Path,
    format: Option<Format>,
    limits: &Limits,
) -> Result<Document> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
    if !real.starts_with(&root) {
        return Err(Error::Outside {
            path: path.to_path_buf(),
            root,
        });
    }
    read_with(path, format, limits, Some(&root))
}

fn read_with(
    path: &Path,
    format: Option<Format>,
    limits: &Limits,
    root: Option<&Path>,
) -> Result<Document> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" && root.is_none() {
        let bytes = read_bounded("<stdin>", std::io::stdin().lock(), limits.max_bytes, None)
            .map_err(|e| e.unwrap_or_else(|e| Error::io("<stdin>", e)))?;
        return from_bytes("<stdin>", bytes, format, limits);
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        if matches!(format, Some(Format::Md) | Some(Format::Txt)) {
            return Err(Error::IsDirectory { name });
        }
        return read_dir(path, limits, root);
    }
    if format == Some(Format::Dir) {
        return Err(Error::NotDirectory { name });
    }
    if root.is_some() && !meta.is_file() {
        return Err(Error::NotRegular {
            path: path.to_path_buf(),
        });
    }
    if meta.is_file() {
        check_size(&name, meta.len() as usize, limits)?;
    }
    let bytes = read_file(path, limits.max_bytes, root.is_some())?;
    from_bytes(&name, bytes, format, limits)
}

/// A document from the bytes of one file: a PDF, or text decoded.
fn from_bytes(
    name: &str,
    bytes: Vec<u8>,
    format: Option<Format>,
    limits: &Limits,
) -> Result<Document> {
    if pdf::is_pdf(&bytes) {
        return pdf::read_limited(name, bytes, limits);
    }
    if format == Some(Format::Pdf) {
        return Err(Error::Pdf {
            name: name.to_string(),
            message: "--format pdf, but this is not a PDF (no %PDF- header in its first 1 KiB); \
leave --format out to read it as text"
                .to_string(),
        });
    }
    let (text, encoding) = decode_with_encoding(name, bytes)?;
    let mut doc = Document::from_text(name, text, format)?;
    doc.encoding = encoding;
    Ok(doc)
}

/// Read at most `limit` bytes from `r`: one byte more is [`Error::TooLarge`], found while
/// reading (a device such as `/dev/zero` has no size to check first). `Err(Err(io))` is a
/// read error for the caller to name.
fn read_bounded(
    name: &str,
    r: impl Read,
    limit: usize,
    size_hint: Option<u64>,
) -> std::result::Result<Vec<u8>, std::result::Result<Error, std::io::Error>> {
    let mut bytes = Vec::with_capacity(size_hint.unwrap_or(0).min(limit as u64) as usize);
    r.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(Err)?;
    if bytes.len() > limit {
        return Err(Ok(Error::TooLarge {
            name: name.to_string(),
            what: "bytes",
            actual: size_hint
                .map_or(bytes.len(), |s| s as usize)
                .max(bytes.len()),
            limit,
        }));
    }
    Ok(bytes)
}

/// Open `path` and read at most `limit` bytes of it. With `regular_only`, the file is opened
/// without blocking (a pipe with no writer would otherwise hang the open) and refused unless
/// it is a regular file.
fn read_file(path: &Path, limit: usize, regular_only: bool) -> Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if regular_only {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: 0o4000 on Linux and most unixes, 0x0004 on the BSDs and macOS.
        #[cfg(any(
            target_os = "macos",
            target_os = "ios",
            target_os = "freebsd",
            target_os = "openbsd",
            target_os = "netbsd",
            target_os = "dragonfly"
        ))]
        options.custom_flags(0x0004);
        #[cfg(not(any(
            target_os = "macos",
            target_os = "ios",
            target_os = "freebsd",
            target_os = "openbsd",
            target_os = "netbsd",
            target_os = "dragonfly"
        )))]
        options.custom_flags(0o4000);
    }
    let file = options.open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if regular_only && !meta.is_file() {
        return Err(Error::NotRegular {
            path: path.to_path_buf(),
        });
    }
    let hint = meta.is_file().then_some(meta.len());
    read_bounded(&path.display().to_string(), file, limit, hint)
        .map_err(|e| e.unwrap_or_else(|e| Error::io(path, e)))
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
/// Pipes, devices and sockets are no page files and are passed over. A symbolic link is
/// followed to a regular file; with a `root`, only to one inside it (a link out of it is
/// [`Error::Outside`]: a page silently dropped would be text lost).
fn read_dir(dir: &Path, limits: &Limits, root: Option<&Path>) -> Result<Document> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let p = entry.map_err(|e| Error::io(dir, e))?.path();
        if p.file_name()
            .map(|n| n.to_string_lossy().starts_with('.'))
            .unwrap_or(true)
        {
            continue;
        }
        let Ok(own) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if own.file_type().is_symlink() {
            if let Some(root) = root {
                match p.canonicalize() {
                    Ok(real) if real.starts_with(root) => {}
                    _ => {
                        return Err(Error::Outside {
                            path: p,
                            root: root.to_path_buf(),
                        })
                    }
                }
            }
        }
        if p.is_file() {
            files.push(p);
        }
    }
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
        let budget = limits.max_bytes - total;
        let bytes = read_file(&f, budget, root.is_some()).map_err(|e| match e {
            Error::TooLarge { actual, limit, .. } if limit == budget => Error::TooLarge {
                name: dir.display().to_string(),
                what: "bytes",
                actual: total + actual,
                limit: limits.max_bytes,
            },
            e => e,
        })?;
        total += bytes.len();
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
            Err(Error::Encoding {
                offset: 1,
                encoding: "UTF-8",
                ..
            })
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
