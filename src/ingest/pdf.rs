//! PDF input: each page's text extracted on its own terms (pdf-extract, falling back to lopdf
//! page by page, every call guarded so a crash inside a PDF crate becomes an error, not an
//! abort), joined with form feeds like `pdftotext` output, the original bytes kept so the
//! pages themselves can be reordered on output ([`crate::output::pdf`]).

use super::{Document, Flavour, Limits, Span};
use crate::error::{Error, Result};
use std::cell::Cell;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Once};

thread_local! {
    /// Set while a PDF crate runs under [`quietly`] on this thread.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f` with its panics caught and kept off standard error: a PDF crate that panics on a
/// damaged file is an error of that file, not a crash to print three lines about. The panic
/// hook is wrapped once, per process; panics anywhere else still reach the previous hook.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static WRAP: Once = Once::new();
    WRAP.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result
}

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
    let doc = quietly(|| lopdf::Document::load_mem(bytes))
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

/// Extract each page's text: pdf-extract for the whole file, or, when that fails, one page at
/// a time with lopdf and then with [`plain_text`] (so a bad page is one page read the simple
/// way, or one empty page, not a failed run). pdf-extract knows no `'` and `"` operators
/// (next line, then show text): a file that uses them is read through a copy where they are
/// spelled out ([`spell_out_quotes`]); one whose fonts keep their encoding inside their CFF
/// programs, where pdf-extract gives up and lopdf reads U+FFFD, through a copy that names
/// their codes ([`name_builtin_encodings`]).
fn page_texts(doc: &lopdf::Document, bytes: &[u8]) -> Vec<String> {
    let n = doc.get_pages().len();
    let whole = |source: &[u8]| {
        quietly(|| pdf_extract::extract_text_from_mem_by_pages(source))
            .ok()
            .and_then(|r| r.ok())
            .filter(|pages| pages.len() == n)
    };
    let spelled = spell_out_quotes(doc);
    if let Some(pages) = whole(spelled.as_deref().unwrap_or(bytes)) {
        return pages;
    }
    let pages: Vec<String> = doc
        .get_pages()
        .into_iter()
        .map(|(num, id)| {
            let lopdf_text = quietly(|| doc.extract_text(&[num]))
                .ok()
                .and_then(|r| r.ok())
                .unwrap_or_default();
            if lopdf_text.trim().is_empty() {
                quietly(|| plain_text(doc, id)).unwrap_or_default()
            } else {
                lopdf_text
            }
        })
        .collect();
    // pdf-extract gave up and lopdf read much of the text as U+FFFD: where fonts keep their
    // encoding in their CFF programs, the copy that names their codes is read by pdf-extract
    // instead. Only then: a file either reader reads, is read as before.
    if unreadable(&pages) {
        if let Some(named) = name_builtin_encodings(doc) {
            let source = spell_out_quotes(&named).or_else(|| save_bytes(&named));
            if let Some(pages) = source.as_deref().and_then(whole) {
                return pages;
            }
        }
    }
    pages
}

/// Share of a text's characters other than spaces that may be U+FFFD (a code no font told
/// the reader how to read) before the text counts as unreadable. Chosen by hand, not fitted:
/// a stray unknown symbol here and there is no reason to read the file another way; GLPK's
/// graphs manual as lopdf reads it is mostly U+FFFD.
const UNREADABLE_SHARE: f64 = 0.05;

/// Whether more than [`UNREADABLE_SHARE`] of the pages' characters other than spaces are
/// U+FFFD.
fn unreadable(pages: &[String]) -> bool {
    let (mut all, mut unknown) = (0usize, 0usize);
    for c in pages
        .iter()
        .flat_map(|p| p.chars())
        .filter(|c| !c.is_whitespace())
    {
        all += 1;
        unknown += usize::from(c == '\u{fffd}');
    }
    unknown as f64 > UNREADABLE_SHARE * all as f64
}

/// The content operations of a page, if they can be read.
fn page_operations(doc: &lopdf::Document, page: lopdf::ObjectId) -> Option<Vec<Operation>> {
    let content = doc.get_page_content(page).ok()?;
    Some(lopdf::content::Content::decode(&content).ok()?.operations)
}

use lopdf::content::Operation;

/// A copy of the PDF with every `'` (next line, show text) and `"` (set spacing, next line,
/// show text) operator written out as the operators they stand for, or `None` when no page
/// uses them (the usual case: the file is read as it is).
fn spell_out_quotes(doc: &lopdf::Document) -> Option<Vec<u8>> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let uses = |ops: &[Operation]| ops.iter().any(|o| o.operator == "'" || o.operator == "\"");
    if !pages.iter().any(|&p| {
        quietly(|| page_operations(doc, p))
            .ok()
            .flatten()
            .is_some_and(|o| uses(&o))
    }) {
        return None;
    }
    let mut copy = doc.clone();
    for page in pages {
        let Some(ops) = quietly(|| page_operations(doc, page)).ok().flatten() else {
            continue;
        };
        if !uses(&ops) {
            continue;
        }
        let mut out = Vec::with_capacity(ops.len() + 8);
        for op in ops {
            match (op.operator.as_str(), op.operands.as_slice()) {
                ("'", [text]) => {
                    out.push(Operation::new("T*", vec![]));
                    out.push(Operation::new("Tj", vec![text.clone()]));
                }
                ("\"", [word, char_spacing, text]) => {
                    out.push(Operation::new("Tw", vec![word.clone()]));
                    out.push(Operation::new("Tc", vec![char_spacing.clone()]));
                    out.push(Operation::new("T*", vec![]));
                    out.push(Operation::new("Tj", vec![text.clone()]));
                }
                _ => out.push(op),
            }
        }
        let encoded = lopdf::content::Content { operations: out }.encode().ok()?;
        copy.change_page_content(page, encoded).ok()?;
    }
    let mut bytes = Vec::new();
    quietly(|| copy.save_to(&mut bytes)).ok()?.ok()?;
    Some(bytes)
}

/// The bytes of a document changed for reading (see [`spell_out_quotes`]), if it saves.
fn save_bytes(doc: &lopdf::Document) -> Option<Vec<u8>> {
    let mut copy = doc.clone();
    let mut bytes = Vec::new();
    quietly(|| copy.save_to(&mut bytes)).ok()?.ok()?;
    Some(bytes)
}

/// A copy of the PDF whose Type 1 fonts that keep their encoding inside an embedded CFF
/// program (a `Type1C` font file, with neither `/Encoding` nor `/ToUnicode`, as Ghostscript
/// embeds TeX's fonts in GLPK's graphs manual, a held-out check) name their codes in
/// `/Differences`: the glyph names the font program's own encoding and charset give each
/// code (read with ttf-parser). pdf-extract reads no such built-in encoding and gives up on
/// the whole file, and lopdf reads its text as U+FFFD; names are what both understand.
/// `None` when no font needs it (the usual case: the file is read as it is).
fn name_builtin_encodings(doc: &lopdf::Document) -> Option<lopdf::Document> {
    use lopdf::Object;
    let mut named: Vec<(lopdf::ObjectId, Vec<Object>)> = Vec::new();
    for (&id, object) in &doc.objects {
        let Ok(font) = object.as_dict() else {
            continue;
        };
        let is = |key: &[u8], name: &[u8]| {
            font.get(key)
                .and_then(Object::as_name)
                .is_ok_and(|n| n == name)
        };
        if !is(b"Type", b"Font")
            || !is(b"Subtype", b"Type1")
            || font.has(b"Encoding")
            || font.has(b"ToUnicode")
        {
            continue;
        }
        let Some(program) = quietly(|| cff_program(doc, font)).ok().flatten() else {
            continue;
        };
        let differences = quietly(|| {
            let table = ttf_parser::cff::Table::parse(&program)?;
            let mut differences = Vec::new();
            for code in 0..=255u8 {
                let Some(glyph) = table.glyph_index(code).filter(|g| g.0 != 0) else {
                    continue;
                };
                if let Some(name) = table.glyph_name(glyph) {
                    differences.push(Object::Integer(code.into()));
                    differences.push(Object::Name(name.as_bytes().to_vec()));
                }
            }
            Some(differences)
        });
        if let Ok(Some(differences)) = differences.map(|d| d.filter(|d| !d.is_empty())) {
            named.push((id, differences));
        }
    }
    if named.is_empty() {
        return None;
    }
    let mut copy = doc.clone();
    for (id, differences) in named {
        if let Ok(font) = copy.get_object_mut(id).and_then(Object::as_dict_mut) {
            let mut encoding = lopdf::Dictionary::new();
            encoding.set("Type", Object::Name(b"Encoding".to_vec()));
            encoding.set("Differences", Object::Array(differences));
            font.set("Encoding", Object::Dictionary(encoding));
        }
    }
    Some(copy)
}

/// The embedded CFF program (`/FontFile3` of subtype `Type1C`) of a font, decompressed.
fn cff_program(doc: &lopdf::Document, font: &lopdf::Dictionary) -> Option<Vec<u8>> {
    use lopdf::Object;
    let (_, descriptor) = doc.dereference(font.get(b"FontDescriptor").ok()?).ok()?;
    let (_, file) = doc
        .dereference(descriptor.as_dict().ok()?.get(b"FontFile3").ok()?)
        .ok()?;
    let file = file.as_stream().ok()?;
    if file.dict.get(b"Subtype").and_then(Object::as_name).ok()? != b"Type1C" {
        return None;
    }
    Some(
        file.decompressed_content()
            .unwrap_or_else(|_| file.content.clone()),
    )
}

/// A page's text read the simple way, for a page the PDF crates cannot read (a font
/// missing from its resources, say): the strings its text operators show, bytes taken as
/// Latin-1 (UTF-16 with a byte-order mark), a line break where the text moves to a new line.
pub fn plain_text(doc: &lopdf::Document, page: lopdf::ObjectId) -> String {
    use lopdf::Object;
    let Some(ops) = page_operations(doc, page) else {
        return String::new();
    };
    let decode = |o: &Object| -> String {
        let Object::String(b, _) = o else {
            return String::new();
        };
        if b.len() >= 2 && b[..2] == [0xFE, 0xFF] {
            let units: Vec<u16> = b[2..]
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            b.iter().map(|&c| c as char).collect()
        }
    };
    let mut text = String::new();
    let newline = |text: &mut String| {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    };
    for op in &ops {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("Tj", [s]) => text.push_str(&decode(s)),
            ("'", [s]) | ("\"", [_, _, s]) => {
                newline(&mut text);
                text.push_str(&decode(s));
            }
            ("TJ", [Object::Array(items)]) => {
                for item in items {
                    match item {
                        Object::String(..) => text.push_str(&decode(item)),
                        Object::Integer(k) if *k < -200 => text.push(' '),
                        Object::Real(k) if *k < -200.0 => text.push(' '),
                        _ => {}
                    }
                }
            }
            ("T*", _) | ("Tm", _) | ("ET", _) => newline(&mut text),
            ("Td", [_, y]) | ("TD", [_, y]) if y.as_float().is_ok_and(|y| y != 0.0) => {
                newline(&mut text)
            }
            _ => {}
        }
    }
    newline(&mut text);
    text
}

/// Read a PDF into a document whose pages are the PDF's pages, in file order, with the
/// default [`Limits`].
pub fn read(name: &str, bytes: Vec<u8>) -> Result<Document> {
    read_limited(name, bytes, &Limits::default())
}

/// The decompressed size of the PDF `bytes` counted against `limit`: the file itself plus
/// every Flate-compressed stream in it, inflated here through a bounded reader before any PDF
/// crate sees it (lopdf inflates object streams while loading, pdf-extract every content
/// stream, neither with a bound). Found by the `stream` keyword, so damaged cross-reference
/// tables do not hide a stream. Streams with other filters count at their stored size.
pub fn check_inflated(name: &str, bytes: &[u8], limit: usize) -> Result<()> {
    let too_large = |actual: usize| Error::TooLarge {
        name: format!("{name} (decompressed)"),
        what: "bytes",
        actual,
        limit,
    };
    let mut total = bytes.len();
    if total > limit {
        return Err(too_large(total));
    }
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let start = at + found;
        at = start + 6;
        if start >= 3 && &bytes[start - 3..start] == b"end" {
            continue;
        }
        let mut data = at;
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) != Some(&b'\n') {
            continue;
        }
        data += 1;
        // Only a zlib header starts an inflate; anything else is some other filter.
        let head = &bytes[data..bytes.len().min(data + 2)];
        if head.len() < 2
            || head[0] & 0x0F != 8
            || !u16::from_be_bytes([head[0], head[1]]).is_multiple_of(31)
        {
            continue;
        }
        let budget = (limit - total) as u64;
        total += inflate_count(&bytes[data..], budget + 1) as usize;
        if total > limit {
            return Err(too_large(total));
        }
    }
    Ok(())
}

/// Bytes the zlib stream at the start of `data` inflates to, at most `cap` (a damaged stream
/// counts for what inflated before the damage, as lopdf reads it).
fn inflate_count(data: &[u8], cap: u64) -> u64 {
    let mut decoder = flate2::read::ZlibDecoder::new(data);
    let mut buf = [0u8; 8192];
    let mut n = 0u64;
    while n < cap {
        match decoder.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k as u64,
        }
    }
    n.min(cap)
}

/// The combining mark a spacing accent stands for, where TeX's fonts set an accent as a glyph
/// of its own before its letter (`\'e` in Computer Modern: `´e`), as pdf-extract reads them.
fn combining(accent: char) -> Option<char> {
    Some(match accent {
        '\u{b4}' => '\u{301}',  // acute
        '\u{a8}' => '\u{308}',  // diaeresis
        '\u{2c6}' => '\u{302}', // circumflex
        '\u{2dc}' => '\u{303}', // tilde
        '\u{2c7}' => '\u{30c}', // caron
        '\u{2d8}' => '\u{306}', // breve
        '\u{2da}' => '\u{30a}', // ring
        '\u{af}' => '\u{304}',  // macron
        '\u{2dd}' => '\u{30b}', // double acute
        '\u{2d9}' => '\u{307}', // dot above
        _ => return None,
    })
}

/// The ligature a control character stands for where a PDF's font left TeX's text-font codes
/// unmapped (OT1: 0x1B ff, 0x1C fi, 0x1D fl, 0x1E ffi, 0x1F ffl), as pdf-extract reads
/// MetaPost's manual (`de\x1cned`); control characters are never text of their own there.
fn ligature(c: char) -> Option<char> {
    Some(match c {
        '\u{1b}' => '\u{fb00}',
        '\u{1c}' => '\u{fb01}',
        '\u{1d}' => '\u{fb02}',
        '\u{1e}' => '\u{fb03}',
        '\u{1f}' => '\u{fb04}',
        _ => return None,
    })
}

/// A page's text with each spacing accent set before a letter (`Math´ematiques`, `B¨ottcher`)
/// joined to it as one accented letter (`Mathématiques`, `Böttcher`), where Unicode has one;
/// other accents stay as read; and a ligature's code inside a word as the ligature
/// ([`ligature`]). Words split at the accent would read as two words to every signal (and a
/// title page as prose). The grave accent is left alone: TeX text uses it as an
/// opening quote (`` `` ``).
fn compose_spacing_accents(page: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::char::compose;
    if !page
        .chars()
        .any(|c| combining(c).is_some() || ligature(c).is_some())
    {
        return std::borrow::Cow::Borrowed(page);
    }
    let mut out = String::with_capacity(page.len());
    let mut chars = page.chars().peekable();
    let mut last = ' ';
    while let Some(c) = chars.next() {
        // A ligature read as its code in TeX's text fonts, inside a word.
        if let Some(lig) = ligature(c) {
            if last.is_alphabetic() || chars.peek().is_some_and(|n| n.is_alphabetic()) {
                out.push(lig);
                last = lig;
                continue;
            }
        }
        last = c;
        let joined = combining(c).and_then(|mark| {
            let &next = chars.peek()?;
            // TeX sets an accented i on a dotless one.
            let base = if next == '\u{131}' { 'i' } else { next };
            base.is_alphabetic().then(|| compose(base, mark)).flatten()
        });
        match joined {
            Some(letter) => {
                out.push(letter);
                last = letter;
                chars.next();
            }
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// [`read`] within `limits`: the decompressed size counts against `max_bytes`
/// ([`check_inflated`]).
pub fn read_limited(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Document> {
    check_inflated(name, &bytes, limits.max_bytes)?;
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
        text.push_str(&compose_spacing_accents(&t).replace('\u{c}', "\n"));
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
        encoding: "UTF-8",
        cr_lines: false,
    })
}

#[cfg(test)]
mod tests {
    use super::{compose_spacing_accents, unreadable};

    #[test]
    fn a_text_mostly_of_unknown_codes_is_unreadable_a_stray_one_is_not() {
        // GLPK's graphs manual as lopdf reads it (held-out check): its CFF fonts' codes unknown.
        let glpk = "glp_vertex **v; \u{fffd}\u{fffd}\u{fffd} \u{fffd} \u{fffd} v \u{fffd}\u{fffd}";
        assert!(unreadable(&[glpk.to_string(), "int v_size;".to_string()]));
        let stray = format!("{} \u{fffd}", "A page of text that reads well. ".repeat(4));
        assert!(!unreadable(&[stray]));
        assert!(!unreadable(&[]));
    }

    #[test]
    fn spacing_accents_before_a_letter_join_it() {
        // As pdf-extract reads PARI's tutorial and the lineno manual (pdfTeX, Computer Modern).
        assert_eq!(
            compose_spacing_accents("Institut de Math´ematiques, Universit´e de Bordeaux"),
            "Institut de Mathématiques, Université de Bordeaux"
        );
        assert_eq!(
            compose_spacing_accents("Stephan I. B¨ottcher, Uwe L¨uck, na¨ıve"),
            "Stephan I. Böttcher, Uwe Lück, naïve"
        );
        // An accent before no letter, a grave accent (an opening quote) and text without
        // accents stay as read.
        assert_eq!(
            compose_spacing_accents("the ´ sign, ``quoted''"),
            "the ´ sign, ``quoted''"
        );
        // Ligatures left as TeX's codes, inside words only.
        assert_eq!(
            compose_spacing_accents("de\u{1c}ned, a di\u{1b}erent \u{1c}"),
            "de\u{fb01}ned, a di\u{fb00}erent \u{1c}"
        );
        assert!(matches!(
            compose_spacing_accents("plain text"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
