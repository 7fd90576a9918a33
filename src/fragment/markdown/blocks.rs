//! Blocks: a markdown text split at blank lines, and each block described — what it is
//! (heading, rule, note, contents, list item, paragraph, folio), how it opens and closes,
//! how many words it has and how much page space it takes. Everything later (notes, folios,
//! gaps, the page model) works on these descriptions, not on the text.

use super::super::lines::CONTENTS_LINE;
use super::super::text::{classify_close, classify_open, strip_markup, words, Close, Open};
use crate::ingest::Span;
use regex::Regex;
use std::sync::LazyLock;

/// Headings at this level and below (`###`, bold lines) are minor: converters make them of
/// bold or large text, so they are weak evidence of a page or section start; levels above
/// are major. Chosen by hand in 85c3714 ("minor headings are weak evidence"), not fitted.
pub(super) const MINOR_HEADING: u8 = 3;
/// The level given to a block set wholly in bold (`**Title**`).
/// Chosen by hand (founding commit 68a0589), not fitted: a minor heading below `###`.
pub(super) const BOLD_HEADING_LEVEL: u8 = 4;
/// The deepest `#` heading level: fixed by Markdown (`######`).
const DEEPEST_HEADING: u8 = 6;
/// A bold block is a heading only when shorter than this many bytes; longer it is a bold
/// paragraph. Chosen by hand (founding commit 68a0589), not fitted.
const BOLD_HEADING_MAX_BYTES: usize = 200;
/// Shortest `===` or `---` underline that makes the line above a (setext) heading.
/// Chosen by hand (founding commit 68a0589), not fitted.
const MIN_UNDERLINE: usize = 3;
/// A paragraph of at least this many words is prose (not a name, date or title line).
/// Chosen by hand (founding commit 68a0589), not fitted.
const PROSE_WORDS: usize = 6;

// Page space a block takes, in characters of body text. Each block adds the space its text
// takes (its characters, weighted for larger or smaller type) and a fixed amount for the
// blank lines and the part-filled line around it. All chosen by hand in the founding commit
// 68a0589 (the folio's in b8dcd6c), not fitted.

/// Heading type is larger than body type: each heading char takes this much space.
const HEADING_CHAR_SPACE: f64 = 1.4;
/// Space around a major heading (levels above [`MINOR_HEADING`]).
const MAJOR_HEADING_SPACE: f64 = 240.0;
/// Space around a minor heading.
const MINOR_HEADING_SPACE: f64 = 120.0;
/// Space a rule takes.
const RULE_SPACE: f64 = 60.0;
/// Notes are set small: each note char takes this much space.
const NOTE_CHAR_SPACE: f64 = 0.7;
/// Space around a note.
const NOTE_SPACE: f64 = 30.0;
/// A contents block takes at least this many chars of space (its lines are short, set wide).
const CONTENTS_MIN_CHARS: f64 = 80.0;
/// Space around a contents block.
const CONTENTS_SPACE: f64 = 20.0;
/// Space around a paragraph or list item (blank line and its last, part-filled line).
const PARAGRAPH_SPACE: f64 = 70.0;
/// Space a running head or page number takes. Chosen by hand in b8dcd6c, not fitted.
const FOLIO_SPACE: f64 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Heading(u8),
    Rule,
    Note,
    Contents,
    ListItem,
    Paragraph,
    /// A running head or page number kept by the converter.
    Folio,
}

#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) span: Span,
    pub(super) kind: BlockKind,
    /// Member of a footnote group (the rule and the notes after it).
    pub(super) in_notes: bool,
    pub(super) clean: String,
    pub(super) opens: Open,
    pub(super) closes: Close,
    pub(super) stem: Option<String>,
    pub(super) words: usize,
    /// A leading note number (`<sup>N</sup>`, `[^N]:`, `N.`), if the block starts with one.
    pub(super) number: Option<u32>,
}

static NOTE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:<sup>\s*(\d{1,4})\s*</sup>|\[\^?(\d{1,4})\]:?|(\d{1,3})[.)]?\s)").unwrap()
});
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[*+\-•]\s|\d{1,3}[.)]\s|\([a-z0-9]{1,3}\)\s)").unwrap());

fn note_number(s: &str) -> Option<u32> {
    let c = NOTE_START.captures(s)?;
    c.get(1)
        .or(c.get(2))
        .or(c.get(3))
        .and_then(|m| m.as_str().parse().ok())
}

/// Split `text[range]` into blocks separated by blank lines.
pub(super) fn split_blocks(text: &str, range: Span) -> Vec<Span> {
    let mut blocks = Vec::new();
    let mut pos = range.start;
    let mut cur: Option<(usize, usize)> = None;
    let slice = &text[range.start..range.end];
    for line in slice.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() || body.trim() == "\u{c}" {
            if let Some((s, e)) = cur.take() {
                blocks.push(Span::new(s, e));
            }
        } else {
            let end = start + body.len();
            // Trim leading spaces out of the span start only for the first line.
            match &mut cur {
                Some((_, e)) => *e = end,
                None => cur = Some((start, end)),
            }
        }
    }
    if let Some((s, e)) = cur {
        blocks.push(Span::new(s, e));
    }
    blocks
}

/// The blocks of `text[range]`, each described on its own (no document conventions applied).
pub(super) fn raw_blocks(text: &str, range: Span) -> Vec<Block> {
    split_blocks(text, range)
        .into_iter()
        .map(|s| make_block(text, s))
        .collect()
}

/// What kind of block the trimmed text `t` is.
fn block_kind(t: &str) -> BlockKind {
    let first_line = t.lines().next().unwrap_or("");
    if t == "---" || t == "***" || t == "___" || t == "* * *" {
        BlockKind::Rule
    } else if let Some(rest) = first_line.strip_prefix('#') {
        let level = 1 + rest.chars().take_while(|&c| c == '#').count() as u8;
        BlockKind::Heading(level.min(DEEPEST_HEADING))
    } else if t.starts_with("**")
        && t.ends_with("**")
        // `**` alone (a converter's stray emphasis marker) opens and closes nothing.
        && t.len() > 4
        && t.len() < BOLD_HEADING_MAX_BYTES
        && !t[2..t.len() - 2].contains("**")
    {
        BlockKind::Heading(BOLD_HEADING_LEVEL)
    } else if t.lines().count() == 2
        && t.lines().nth(1).is_some_and(|l| {
            let l = l.trim();
            l.len() >= MIN_UNDERLINE && (l.chars().all(|c| c == '=') || l.chars().all(|c| c == '-'))
        })
    {
        BlockKind::Heading(if t.contains("\n=") { 1 } else { 2 })
    } else if t.lines().all(|l| {
        CONTENTS_LINE.is_match(l.trim_end()) && l.contains(". .")
            || l.contains('\t') && CONTENTS_LINE.is_match(l.trim_end())
    }) {
        BlockKind::Contents
    } else if NOTE_START.is_match(t) && t.starts_with("<sup>") {
        BlockKind::Note
    } else if LIST_ITEM.is_match(t) {
        BlockKind::ListItem
    } else {
        BlockKind::Paragraph
    }
}

/// Describe the block at `span`.
pub(super) fn make_block(text: &str, span: Span) -> Block {
    let raw = span.of(text);
    let t = raw.trim();
    let kind = block_kind(t);
    let clean = strip_markup(t);
    let opens = match kind {
        // Converters turn bold or large text into minor headings, also a bold title cut by a
        // page break ("### ophy of Bakunin"): only top-level headings are sure evidence.
        BlockKind::Heading(level) if level >= MINOR_HEADING => match classify_open(&clean) {
            Open::Continuation => Open::Continuation,
            _ => Open::Other,
        },
        BlockKind::Heading(_) => Open::Heading,
        BlockKind::ListItem | BlockKind::Contents | BlockKind::Rule => Open::Other,
        _ => classify_open(&clean),
    };
    // Close on the text with references removed but emphasis kept out.
    let (closes, stem) = match kind {
        BlockKind::Heading(_) => (Close::Heading, None),
        _ => classify_close(&clean, false),
    };
    let words = words(&clean).count();
    Block {
        span,
        kind,
        in_notes: false,
        clean,
        opens,
        closes,
        stem,
        words,
        number: note_number(t),
    }
}

/// A paragraph long enough to be running prose.
pub(super) fn is_prose(b: &Block) -> bool {
    b.kind == BlockKind::Paragraph && b.words >= PROSE_WORDS
}

/// Page space the block takes, in characters of body text.
pub(super) fn block_length(b: &Block) -> f64 {
    let chars = b.clean.chars().count() as f64;
    match b.kind {
        BlockKind::Heading(l) => {
            chars * HEADING_CHAR_SPACE
                + if l < MINOR_HEADING {
                    MAJOR_HEADING_SPACE
                } else {
                    MINOR_HEADING_SPACE
                }
        }
        BlockKind::Rule => RULE_SPACE,
        BlockKind::Note => chars * NOTE_CHAR_SPACE + NOTE_SPACE,
        BlockKind::Contents => chars.max(CONTENTS_MIN_CHARS) + CONTENTS_SPACE,
        BlockKind::ListItem | BlockKind::Paragraph => chars + PARAGRAPH_SPACE,
        BlockKind::Folio => FOLIO_SPACE,
    }
}
