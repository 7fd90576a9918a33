//! Markdown-like input (one paragraph per line or hard-wrapped, blank lines between blocks):
//! split into blocks, judge every gap between blocks (surely a page cut, surely inside a page,
//! or a candidate), and weigh candidates with a page-length model learned from the document.

use super::text::{
    classify_close, classify_open, closed_marks, first_words, glued_numbers, heading_number,
    last_words, open_marks, strip_markup, sup_numbers, words, Close, Open,
};
use super::{
    median, Analysis, ContentsEntry, CutStats, Fragment, FragmentConfig, Heading, StreamLink,
};
use crate::ingest::Span;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
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
struct Block {
    span: Span,
    kind: BlockKind,
    /// Member of a footnote group (the rule and the notes after it).
    in_notes: bool,
    clean: String,
    opens: Open,
    closes: Close,
    stem: Option<String>,
    words: usize,
    /// A leading note number (`<sup>N</sup>`, `[^N]:`, `N.`), if the block starts with one.
    number: Option<u32>,
}

static CONTENTS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?\S)\s*(?:(?:\.\s?){3,}|\t|\s{3,})\s*\.?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*$")
        .unwrap()
});
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
fn split_blocks(text: &str, range: Span) -> Vec<Span> {
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

fn make_block(text: &str, span: Span) -> Block {
    let raw = span.of(text);
    let t = raw.trim();
    let first_line = t.lines().next().unwrap_or("");
    let kind = if t == "---" || t == "***" || t == "___" || t == "* * *" {
        BlockKind::Rule
    } else if let Some(rest) = first_line.strip_prefix('#') {
        let level = 1 + rest.chars().take_while(|&c| c == '#').count() as u8;
        BlockKind::Heading(level.min(6))
    } else if t.starts_with("**")
        && t.ends_with("**")
        && t.len() < 200
        && !t[2..t.len() - 2].contains("**")
    {
        BlockKind::Heading(4)
    } else if t.lines().count() == 2
        && t.lines().nth(1).is_some_and(|l| {
            let l = l.trim();
            l.len() >= 3 && (l.chars().all(|c| c == '=') || l.chars().all(|c| c == '-'))
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
    };
    let clean = strip_markup(t);
    let opens = match kind {
        // Converters turn bold or large text into minor headings, also a bold title cut by a
        // page break ("### ophy of Bakunin"): only top-level headings are sure evidence.
        BlockKind::Heading(level) if level >= 3 => match classify_open(&clean) {
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

/// Does the document use `---` as a footnote rule? Learned: most rules are followed by a note.
fn mark_notes(blocks: &mut [Block]) {
    let rules: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].kind == BlockKind::Rule)
        .collect();
    if rules.is_empty() {
        return;
    }
    let followed = rules
        .iter()
        .filter(|&&i| {
            blocks.get(i + 1).is_some_and(|b| b.number.is_some())
                || blocks.get(i + 2).is_some_and(|b| b.kind == BlockKind::Note)
        })
        .count();
    if followed * 2 < rules.len() {
        return;
    }
    for &r in &rules {
        blocks[r].in_notes = true;
        let mut j = r + 1;
        let mut first = true;
        while j < blocks.len() {
            let b = &blocks[j];
            let numbered = b.kind == BlockKind::Note || b.number.is_some();
            if b.kind == BlockKind::Rule || matches!(b.kind, BlockKind::Heading(_)) {
                break;
            }
            if numbered || (first && b.kind != BlockKind::Contents) {
                blocks[j].in_notes = true;
                blocks[j].kind = BlockKind::Note;
                first = false;
                j += 1;
            } else {
                break;
            }
        }
    }
}

static LONE_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d{1,4})\s*$").unwrap());
static NUMBERED_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,4})\s+\S.*$|^.*\S\s+(\d{1,4})\s*$").unwrap());

/// Digits and markup stripped: how a running head looks whatever its page number.
fn shape(b: &Block) -> String {
    b.clean
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Find running heads and page numbers the converter kept: lone numbers, and short blocks
/// carrying a number whose shape recurs in the document (learned, not assumed), with the
/// recurring line before them when a long head wrapped (or, for a head printed once, the
/// line before set wholly in the same emphasis).
fn mark_folios(text: &str, blocks: &mut [Block]) {
    let eligible = |b: &Block| {
        !b.in_notes
            && matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
            && b.clean.chars().count() < 200
    };
    let mut shapes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for b in blocks.iter().filter(|b| eligible(b)) {
        *shapes.entry(shape(b)).or_default() += 1;
    }
    let recurs = |b: &Block| shapes.get(&shape(b)).copied().unwrap_or(0) >= 2;
    let total_len: usize = blocks.iter().map(|b| b.clean.len()).sum();
    let plausible = (total_len / 1500 + 20) as u32;
    for i in 0..blocks.len() {
        if !eligible(&blocks[i]) {
            continue;
        }
        let clean = blocks[i].clean.trim().to_string();
        let number = if let Some(c) = LONE_NUMBER.captures(&clean) {
            c[1].parse::<u32>().ok()
        } else if recurs(&blocks[i]) {
            NUMBERED_HEAD
                .captures(&clean)
                .and_then(|c| c.get(1).or(c.get(2)))
                .and_then(|m| m.as_str().parse::<u32>().ok())
        } else {
            None
        };
        let Some(number) = number.filter(|&v| v <= plausible) else {
            continue;
        };
        blocks[i].kind = BlockKind::Folio;
        blocks[i].number = Some(number);
        // `*XXVII. The Same Subject Continued (The Idea of*` above `*Regard to …)* 29`.
        let wrapped_head = |prev: &Block, head: &Block| {
            let (p, h) = (prev.span.of(text).trim(), head.span.of(text).trim());
            let lead = |s: &str| s.chars().next().filter(|c| matches!(c, '*' | '_'));
            // The first line of a wrapped head: one short line that ends no sentence (an
            // italic paragraph at the foot of the page before is no part of it).
            !LONE_NUMBER.is_match(h)
                && !p.contains('\n')
                && prev.clean.chars().count() <= 120
                && prev.closes != Close::Sentence
                && lead(p).is_some_and(|c| lead(h) == Some(c) && p.ends_with(c))
        };
        if i > 0
            && eligible(&blocks[i - 1])
            && (recurs(&blocks[i - 1]) || wrapped_head(&blocks[i - 1], &blocks[i]))
        {
            let prev = &mut blocks[i - 1];
            if !matches!(prev.closes, Close::Sentence)
                || prev.clean.starts_with(|c: char| c.is_uppercase())
            {
                prev.kind = BlockKind::Folio;
                prev.number = None;
            }
        }
    }
}

/// Learn the document's conventions for references and headings, and adjust the blocks:
/// without `<sup>` marks but with numbered notes, digits glued to words are references (and
/// must not hide a sentence end); without `#` headings, bold lines are the headings.
/// Returns whether references are glued.
fn learn_conventions(text: &str, blocks: &mut [Block]) -> bool {
    let glued = !text.contains("<sup>") && blocks.iter().any(|b| b.in_notes && b.number.is_some());
    if glued {
        for b in blocks
            .iter_mut()
            .filter(|b| !b.in_notes && b.kind == BlockKind::Paragraph)
        {
            let (closes, stem) = classify_close(&b.clean, true);
            b.closes = closes;
            b.stem = stem;
        }
    }
    let hash_headings = blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Heading(l) if l <= 3));
    if !hash_headings {
        for b in blocks.iter_mut() {
            if b.kind == BlockKind::Heading(4) {
                b.kind = BlockKind::Heading(2);
                b.opens = Open::Heading;
            }
        }
    }
    glued
}

fn block_length(b: &Block) -> f64 {
    let chars = b.clean.chars().count() as f64;
    match b.kind {
        BlockKind::Heading(l) => chars * 1.4 + if l <= 2 { 240.0 } else { 120.0 },
        BlockKind::Rule => 60.0,
        BlockKind::Note => chars * 0.7 + 30.0,
        BlockKind::Contents => chars.max(80.0) + 20.0,
        BlockKind::ListItem | BlockKind::Paragraph => chars + 70.0,
        BlockKind::Folio => 60.0,
    }
}

/// Describe the blocks `bs` (a page or a piece of one) as a fragment.
fn fragment_from_blocks(text: &str, bs: &[Block], span: Span, glued: bool) -> Fragment {
    let content = if bs.is_empty() {
        Span::new(span.start, span.start)
    } else {
        Span::new(bs[0].span.start, bs[bs.len() - 1].span.end)
    };
    let mut f = Fragment::empty(span, content);
    let body: Vec<&Block> = bs
        .iter()
        .filter(|b| !b.in_notes && b.kind != BlockKind::Folio)
        .collect();
    f.page_number = bs
        .iter()
        .filter(|b| b.kind == BlockKind::Folio)
        .find_map(|b| b.number);
    if f.page_number.is_some() {
        f.running_head = bs.iter().find(|b| b.kind == BlockKind::Folio).map(shape);
    }
    if let Some(first) = body.first() {
        f.opens = first.opens;
        f.first_words = first_words(&first.clean, 3);
        f.closed_marks = closed_marks(first.span.of(text));
    } else if let Some(first) = bs.first() {
        f.opens = first.opens;
    }
    if let Some(last) = body.last() {
        f.closes = last.closes;
        // A signature, date or name line ("Publius", "1787–1788") ends its matter; it is no
        // sentence cut off by a page break.
        if last.closes == Close::Mid
            && last.words <= 3
            && !last
                .clean
                .trim_start()
                .starts_with(|c: char| c.is_lowercase())
        {
            f.closes = Close::Sentence;
            // A name line after finished prose signs it: every word a capitalised name.
            let prose_before = body.len() >= 2 && {
                let b = body[body.len() - 2];
                is_prose(b) && b.closes == Close::Sentence
            };
            f.signed = prose_before && is_name_line(&last.clean);
        }
        f.hyphen_stem = last.stem.clone();
        f.last_words = last_words(&last.clean, 3);
        f.open_marks = open_marks(last.span.of(text));
    }
    let mut body_text = String::new();
    for b in &body {
        let raw = b.span.of(text);
        match b.kind {
            BlockKind::Heading(level) => f.headings.push(Heading {
                text: b.clean.trim().to_string(),
                level,
                number: heading_number(&b.clean),
            }),
            BlockKind::Contents => {
                for line in raw.lines() {
                    if let Some(c) = CONTENTS_LINE.captures(line.trim_end()) {
                        let title = strip_markup(c[1].trim_end_matches(['.', ' ']));
                        f.contents.push(ContentsEntry {
                            title: title.trim().to_string(),
                            page: c[2].parse().ok(),
                        });
                    }
                }
            }
            _ => {}
        }
        if glued {
            f.refs.extend(glued_numbers(raw));
        } else {
            f.refs.extend(sup_numbers(raw));
        }
        if !body_text.is_empty() {
            body_text.push('\n');
        }
        body_text.push_str(&b.clean);
    }
    f.body = body_text;
    let notes: Vec<&Block> = bs
        .iter()
        .filter(|b| b.in_notes && b.kind == BlockKind::Note)
        .collect();
    for (i, b) in notes.iter().enumerate() {
        match b.number {
            Some(n) => f.notes.push(n),
            None if i == 0 => f.notes_continue_in = true,
            None => {}
        }
    }
    if let Some(last) = notes.last() {
        f.notes_open_at_end = matches!(last.closes, Close::Mid | Close::Hyphen);
    }
    f.length = bs.iter().map(block_length).sum();
    f
}

/// Parse one page whose extent is known (form-feed separated markdown).
pub(super) fn parse_page(text: &str, page: Span) -> Fragment {
    let mut blocks: Vec<Block> = split_blocks(text, page)
        .into_iter()
        .map(|s| make_block(text, s))
        .collect();
    mark_notes(&mut blocks);
    mark_folios(text, &mut blocks);
    let glued = learn_conventions(page.of(text), &mut blocks);
    fragment_from_blocks(text, &blocks, page, glued)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Gap {
    /// Surely a page boundary.
    Sure,
    /// Surely inside a page.
    Inside,
    /// Possibly a boundary; the number is the prior probability from local cues.
    Candidate(f64),
}

/// Words that start a sentence, not a name: a line of them is a paragraph cut short.
const NOT_NAMES: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "he", "her", "his", "i", "if", "in",
    "it", "its", "no", "not", "of", "on", "or", "our", "she", "so", "that", "the", "their",
    "there", "these", "they", "this", "those", "to", "we", "what", "when", "which", "who", "with",
    "yet", "you",
];

/// A line of one to three capitalised words that are no function words: a signature.
fn is_name_line(clean: &str) -> bool {
    let ws: Vec<&str> = words(clean).collect();
    (1..=3).contains(&ws.len())
        && ws.iter().all(|w| {
            w.starts_with(char::is_uppercase) && !NOT_NAMES.contains(&w.to_lowercase().as_str())
        })
}

/// Prior odds of a page cut after a signature followed by prose.
const SIGNATURE_CUT: f64 = 0.7;

fn is_prose(b: &Block) -> bool {
    b.kind == BlockKind::Paragraph && b.words >= 6
}

fn judge_gap(a: &Block, b: &Block) -> Gap {
    match (a.kind == BlockKind::Folio, b.kind == BlockKind::Folio) {
        (true, _) => return Gap::Inside,
        (false, true) => return Gap::Sure,
        _ => {}
    }
    if b.kind == BlockKind::Rule && b.in_notes {
        return if a.in_notes { Gap::Sure } else { Gap::Inside };
    }
    if b.in_notes {
        return Gap::Inside;
    }
    if a.in_notes {
        return Gap::Sure;
    }
    // Converters set a bold line inside a paragraph (a book title in a citation, cut by a
    // line break) as a minor heading, and a bracket opened in one block may close in the next:
    // such joins are weighed by page length, not taken as sure page cuts.
    let bracket_open = a.clean.matches('[').count() > a.clean.matches(']').count()
        || a.clean.matches('(').count() > a.clean.matches(')').count();
    let closes_bracket = {
        let t = b.clean.as_str();
        let first_close = t.find([']', ')']);
        let first_open = t.find(['[', '(']);
        first_close.is_some() && (first_open.is_none() || first_close < first_open)
    };
    if matches!(b.kind, BlockKind::Heading(l) if l >= 3)
        && (bracket_open || matches!(a.closes, Close::Mid | Close::Hyphen))
    {
        return Gap::Candidate(0.04);
    }
    // Such a line goes on in the next block when it stops mid-sentence itself.
    if matches!(a.kind, BlockKind::Heading(l) if l >= 3)
        && (bracket_open
            || matches!(
                classify_close(&a.clean, false).0,
                Close::Mid | Close::Hyphen
            ))
        && (b.opens == Open::Continuation || closes_bracket)
    {
        return Gap::Candidate(0.04);
    }
    if bracket_open && closes_bracket {
        return Gap::Candidate(0.2);
    }
    // A quotation introduced by a colon or comma may open in lowercase inside a page.
    let quoted = b.clean.trim_start().starts_with(['“', '"', '‘', '«']);
    let introduces = matches!(a.closes, Close::Colon) || a.clean.trim_end().ends_with([',', '—']);
    if b.kind == BlockKind::Paragraph && b.opens == Open::Continuation {
        if quoted && introduces {
            return Gap::Candidate(0.15);
        }
        return Gap::Sure;
    }
    if matches!(a.kind, BlockKind::Heading(_)) {
        return Gap::Inside;
    }
    match (a.kind == BlockKind::Contents, b.kind == BlockKind::Contents) {
        (true, true) => return Gap::Inside,
        (true, false) => return Gap::Sure,
        (false, true) => {
            return if matches!(a.kind, BlockKind::Heading(_)) {
                Gap::Inside
            } else {
                Gap::Sure
            }
        }
        _ => {}
    }
    if a.closes == Close::Hyphen && a.words >= 2 {
        return Gap::Sure;
    }
    if is_prose(a) && a.closes == Close::Mid {
        if quoted && introduces {
            return Gap::Candidate(0.15);
        }
        return Gap::Sure;
    }
    let prior = match b.kind {
        BlockKind::Heading(1) => 0.85,
        BlockKind::Heading(2) => 0.3,
        BlockKind::Heading(_) => 0.2,
        _ => match a.closes {
            Close::Colon => 0.08,
            Close::Mid => 0.15,
            _ => 0.12,
        },
    };
    Gap::Candidate(prior)
}

/// A title page is a top-level heading followed only by short unpunctuated lines (author,
/// date); prose after such lines starts another page. A chapter opening differs: its heading
/// is followed by prose or a punctuated subtitle alone.
fn close_title_pages(blocks: &[Block], gaps: &mut [Gap]) {
    let short_line = |b: &Block| {
        matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
            && b.words <= 8
            && b.closes != Close::Sentence
    };
    for i in 0..blocks.len() {
        if blocks[i].kind != BlockKind::Heading(1) {
            continue;
        }
        // A subtitle put as a question ("Why are anarchists against private property?") may
        // stand among them, when unpunctuated lines follow it.
        let question = |b: &Block| {
            matches!(b.kind, BlockKind::Paragraph)
                && b.words <= 12
                && b.clean.trim_end().ends_with('?')
        };
        let mut j = i + 1;
        while j < blocks.len()
            && (short_line(&blocks[j])
                || (question(&blocks[j]) && blocks.get(j + 1).is_some_and(short_line)))
        {
            j += 1;
        }
        // The title page's own lines stay together.
        for gap in gaps.iter_mut().take(j - 1).skip(i) {
            *gap = Gap::Inside;
        }
        if j > i + 1 && j < blocks.len() {
            gaps[j - 1] = if is_prose(&blocks[j]) && blocks[j].words >= 12 {
                Gap::Sure
            } else {
                match gaps[j - 1] {
                    Gap::Candidate(p) => Gap::Candidate(p.max(0.7)),
                    g => g,
                }
            };
        }
    }
}

/// A short capitalised line without final punctuation between two blocks of prose: a
/// signature ("Publius") where such lines are rare, a speaker's name or a run-in subheading
/// where they are common.
fn name_line_between_prose(blocks: &[Block], i: usize) -> bool {
    let b = &blocks[i];
    i > 0
        && i + 1 < blocks.len()
        && b.kind == BlockKind::Paragraph
        && !b.in_notes
        && (1..=3).contains(&b.words)
        && b.closes == Close::Mid
        && b.clean.trim_start().starts_with(char::is_uppercase)
        && is_prose(&blocks[i - 1])
        && is_prose(&blocks[i + 1])
}

/// Whether name lines between prose are rare enough in this document (a couple, or at most
/// one per ten prose blocks) to be read as signatures that end a piece; in a play or an
/// interview they name speakers and end nothing.
fn signatures_are_rare(blocks: &[Block]) -> bool {
    let prose = blocks.iter().filter(|b| is_prose(b)).count();
    let names = (0..blocks.len())
        .filter(|&i| name_line_between_prose(blocks, i))
        .count();
    names < 3 || names * 10 <= prose
}

/// The same, from the whole text of a document read page by page.
pub(super) fn signatures_are_rare_in(text: &str) -> bool {
    let blocks: Vec<Block> = split_blocks(text, Span::new(0, text.len()))
        .into_iter()
        .map(|s| make_block(text, s))
        .collect();
    signatures_are_rare(&blocks)
}

/// A signature ("Publius") ends the text it signs: a block of prose after it, with no heading
/// between, more likely stands on another page. Only where [`signatures_are_rare`]; returns
/// whether they are.
fn close_signatures(blocks: &[Block], gaps: &mut [Gap]) -> bool {
    if !signatures_are_rare(blocks) {
        return false;
    }
    for i in 1..blocks.len().saturating_sub(1) {
        if name_line_between_prose(blocks, i) && blocks[i + 1].opens == Open::Fresh {
            if let Gap::Candidate(p) = gaps[i] {
                gaps[i] = Gap::Candidate(p.max(SIGNATURE_CUT));
            }
        }
    }
    true
}

/// Page-length likelihood of a page of length `x` when a full page holds about `cap`.
fn page_likelihood(x: f64, cap: f64) -> f64 {
    let sd = 0.09 * cap;
    let z = (x - cap) / sd;
    let full = 0.8 * (-0.5 * z * z).exp() / (sd * 2.5066);
    let limit = 1.1 * cap;
    let short = if x <= limit {
        0.2 / limit
    } else {
        0.2 / limit * (-(x - limit) / (0.04 * cap)).exp()
    };
    // Probability mass for one block-granular length bin.
    (full + short) * (cap / 10.0)
}

fn logsumexp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Posterior probability of a page boundary at each gap of a run of blocks that starts and
/// ends at sure page boundaries, by forward–backward over all ways to cut it into pages.
fn boundary_posteriors(lengths: &[f64], priors: &[Option<f64>], cap: f64) -> Vec<f64> {
    let m = lengths.len();
    debug_assert_eq!(priors.len() + 1, m);
    if m <= 1 {
        return Vec::new();
    }
    let mut prefix = vec![0.0; m + 1];
    for i in 0..m {
        prefix[i + 1] = prefix[i] + lengths[i];
    }
    // log(1 - prior) summed over gaps, to price "no cut" inside a page.
    let lp_cut: Vec<f64> = priors
        .iter()
        .map(|p| p.map_or(f64::NEG_INFINITY, |p| p.ln()))
        .collect();
    let lp_keep: Vec<f64> = priors
        .iter()
        .map(|p| p.map_or(0.0, |p| (1.0 - p).ln()))
        .collect();
    let mut keep_prefix = vec![0.0; m];
    for g in 0..m - 1 {
        keep_prefix[g + 1] = keep_prefix[g] + lp_keep[g];
    }
    // Page from block i to j-1: internal gaps i..j-2 kept.
    let w = |i: usize, j: usize| -> f64 {
        let len = prefix[j] - prefix[i];
        let keep = keep_prefix[j - 1] - keep_prefix[i];
        page_likelihood(len, cap).max(1e-300).ln() + keep
    };
    let max_span = m; // runs are short; quadratic is fine
    let mut alpha = vec![f64::NEG_INFINITY; m + 1];
    alpha[0] = 0.0;
    for j in 1..=m {
        let mut acc = f64::NEG_INFINITY;
        for i in j.saturating_sub(max_span)..j {
            if alpha[i] == f64::NEG_INFINITY {
                continue;
            }
            let entry = if i == 0 { 0.0 } else { lp_cut[i - 1] };
            if entry == f64::NEG_INFINITY {
                continue;
            }
            acc = logsumexp(acc, alpha[i] + entry + w(i, j));
        }
        alpha[j] = acc;
    }
    let mut beta = vec![f64::NEG_INFINITY; m + 1];
    beta[m] = 0.0;
    for i in (0..m).rev() {
        let mut acc = f64::NEG_INFINITY;
        for j in i + 1..=m.min(i + max_span) {
            if beta[j] == f64::NEG_INFINITY {
                continue;
            }
            let exit = if j == m { 0.0 } else { lp_cut[j - 1] };
            if exit == f64::NEG_INFINITY {
                continue;
            }
            acc = logsumexp(acc, w(i, j) + exit + beta[j]);
        }
        beta[i] = acc;
    }
    let z = alpha[m];
    (0..m - 1)
        .map(|g| {
            if lp_cut[g] == f64::NEG_INFINITY || z == f64::NEG_INFINITY {
                0.0
            } else {
                (alpha[g + 1] + lp_cut[g] + beta[g + 1] - z)
                    .exp()
                    .clamp(0.0, 1.0)
            }
        })
        .collect()
}

/// Cut unmarked markdown into fragments.
pub(super) fn segment(text: &str, cfg: &FragmentConfig) -> Analysis {
    let all = Span::new(0, text.len());
    let mut blocks: Vec<Block> = split_blocks(text, all)
        .into_iter()
        .map(|s| make_block(text, s))
        .collect();
    mark_notes(&mut blocks);
    mark_folios(text, &mut blocks);
    let glued = learn_conventions(text, &mut blocks);
    let n = blocks.len();
    let mut gaps: Vec<Gap> = (0..n.saturating_sub(1))
        .map(|g| judge_gap(&blocks[g], &blocks[g + 1]))
        .collect();
    close_title_pages(&blocks, &mut gaps);
    let signatures = close_signatures(&blocks, &mut gaps);
    let lengths: Vec<f64> = blocks.iter().map(block_length).collect();

    // Runs between sure cuts.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (g, gap) in gaps.iter().enumerate() {
        if *gap == Gap::Sure {
            runs.push((start, g + 1));
            start = g + 1;
        }
    }
    if n > 0 {
        runs.push((start, n));
    }

    // Page capacity: runs that both open and close mid-sentence are single full pages.
    let run_len = |&(s, e): &(usize, usize)| -> f64 { lengths[s..e].iter().sum() };
    let mid_pages: Vec<f64> = runs
        .iter()
        .filter(|&&(s, e)| {
            let first = &blocks[s];
            let last_body = blocks[s..e].iter().rev().find(|b| !b.in_notes);
            first.opens == Open::Continuation
                && (last_body.is_some_and(|b| matches!(b.closes, Close::Mid | Close::Hyphen))
                    || blocks[e - 1].in_notes)
        })
        .map(run_len)
        .collect();
    let cap = if mid_pages.len() >= 3 {
        median(mid_pages)
    } else {
        let all_runs: Vec<f64> = runs.iter().map(run_len).collect();
        median(all_runs).max(500.0)
    }
    .max(200.0);

    // Boundary probabilities for every gap.
    let mut p_cut: Vec<f64> = gaps
        .iter()
        .map(|g| match g {
            Gap::Sure => 1.0,
            Gap::Inside => 0.0,
            Gap::Candidate(p) => *p,
        })
        .collect();
    for &(s, e) in &runs {
        if e - s < 2 {
            continue;
        }
        let priors: Vec<Option<f64>> = (s..e - 1)
            .map(|g| match gaps[g] {
                Gap::Candidate(p) => Some(p),
                _ => None,
            })
            .collect();
        let post = boundary_posteriors(&lengths[s..e], &priors, cap);
        for (k, p) in post.into_iter().enumerate() {
            if matches!(gaps[s + k], Gap::Candidate(_)) {
                p_cut[s + k] = p;
            }
        }
    }

    // Fragments: cut at sure gaps and at candidates likely enough to matter.
    let mut stats = CutStats::default();
    let mut cut_after: Vec<Option<f64>> = vec![None; n];
    for g in 0..gaps.len() {
        match gaps[g] {
            Gap::Sure => {
                stats.sure += 1;
                cut_after[g] = Some(1.0);
            }
            Gap::Candidate(_) if p_cut[g] >= cfg.min_cut_probability => {
                stats.candidate += 1;
                cut_after[g] = Some(p_cut[g]);
            }
            _ => stats.inside += 1,
        }
    }
    let prefix_end = blocks.first().map_or(text.len(), |b| b.span.start);
    // Leading indentation of the first line belongs to the first fragment.
    let prefix_end = text[..prefix_end]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .min(prefix_end);
    let mut fragments = Vec::new();
    let mut links = Vec::new();
    let mut first_block = 0;
    for i in 0..n {
        let last = i + 1 == n;
        if last || cut_after[i].is_some() {
            let span_start = if first_block == 0 {
                prefix_end
            } else {
                fragments
                    .last()
                    .map_or(prefix_end, |f: &Fragment| f.span.end)
            };
            // A fragment owns its trailing blank lines, up to the start of the next block's line.
            let span_end = if last {
                text.len()
            } else {
                let next = blocks[i + 1].span.start;
                text[..next].rfind('\n').map_or(next, |k| k + 1)
            };
            let mut f = fragment_from_blocks(
                text,
                &blocks[first_block..=i],
                Span::new(span_start, span_end),
                glued,
            );
            f.starts_page = first_block == 0 || gaps[first_block - 1] == Gap::Sure;
            f.ends_page = last || gaps[i] == Gap::Sure;
            fragments.push(f);
            if !last {
                if let Some(p) = cut_after[i] {
                    if p < 1.0 {
                        let k = fragments.len();
                        links.push(StreamLink {
                            from: k - 1,
                            to: k,
                            p_boundary: p,
                        });
                    }
                }
            }
            first_block = i + 1;
        }
    }
    if !signatures {
        for f in &mut fragments {
            f.signed = false;
        }
    }
    Analysis {
        fragments,
        prefix: Span::new(0, prefix_end),
        links,
        cuts: stats,
        paged: false,
        page_capacity: cap,
        join: "\n\n".to_string(),
        structure: super::Structure::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(t: &str) -> Analysis {
        segment(t, &FragmentConfig::default())
    }

    #[test]
    fn fragments_tile_the_input() {
        let t = "\n\nFirst page text that runs on and on without an end\n\n\nand ends here.\n\n---\n\n<sup>1</sup> A note.\n\nNew page starts.\n";
        let a = seg(t);
        let mut joined = a.prefix.of(t).to_string();
        for f in &a.fragments {
            joined.push_str(f.span.of(t));
        }
        assert_eq!(joined, t);
    }

    #[test]
    fn mid_sentence_and_continuation_are_sure_cuts() {
        let t = "A paragraph that stops in the middle of a long sentence and then\n\n\
                 stops here. Another sentence.\n\nA fresh paragraph with more words in it.\n";
        let a = seg(t);
        assert!(a.fragments.len() >= 2);
        assert_eq!(a.fragments[0].closes, Close::Mid);
        assert_eq!(a.fragments[1].opens, Open::Continuation);
        assert!(a.fragments[1].starts_page);
    }

    #[test]
    fn a_head_printed_once_wraps_onto_its_numbered_line() {
        let t = "Prose that stops at the foot of a page in the middle of a sentence about the\n\n\
                 *XXVII. The Same Subject Continued (The Idea of Restraining the*\n\n\
                 *Regard to the Common Defense Considered)* 3\n\n\
                 public councils, and schemes which end here.\n\n\
                 *XXVIII. The Same Subject Continued (The Idea of Restraining the*\n\n\
                 *Regard to the Common Defense Considered)* 5\n\n\
                 Another page of prose begins here and ends.\n";
        let a = seg(t);
        let page = a
            .fragments
            .iter()
            .find(|f| f.first_words.first().is_some_and(|w| w == "public"))
            .expect("the page after the head");
        assert!(page.content.of(t).starts_with("*XXVII."), "{a:#?}");
        assert_eq!(page.page_number, Some(3));
        assert!(page
            .running_head
            .as_deref()
            .unwrap()
            .starts_with("XXVII. The Same"));
    }

    #[test]
    fn an_italic_paragraph_at_the_foot_of_a_page_is_no_running_head() {
        let t = "Prose that ends a page with a quotation set in italics below it, as here.\n\n\
                 *A sentence set in italics ends the page.*\n\n\
                 *Regard to the Common Defense Considered)* 3\n\n\
                 public councils, and schemes which end here.\n\n\
                 *Regard to the Common Defense Considered)* 5\n\n\
                 Another page of prose begins here and ends.\n";
        let a = seg(t);
        let quote = t.find("*A sentence set").unwrap();
        let page = a
            .fragments
            .iter()
            .find(|f| f.first_words.first().is_some_and(|w| w == "public"))
            .expect("the page after the head");
        assert!(page.content.start > quote, "{a:#?}");
        assert_eq!(page.page_number, Some(3));
    }

    #[test]
    fn a_title_page_may_put_its_subtitle_as_a_question() {
        let t = "# An Anarchist FAQ\n\n\
                 Section B.3 Why are anarchists against private property?\n\n\
                 The Editorial Collective\n\nVersion 15.3\n\n\
                 The question now is, does this support of wage labour equate to support for \
                 capitalism as such, and what follows from it for the argument.\n";
        let a = seg(t);
        let prose = t.find("The question").unwrap();
        let title = &a.fragments[0];
        assert!(title.content.end <= prose, "{a:#?}");
        assert!(a.fragments[1].starts_page);
    }

    #[test]
    fn prose_after_a_signature_likely_starts_another_page() {
        let prior = |t: &str| {
            let blocks: Vec<Block> = split_blocks(t, Span::new(0, t.len()))
                .into_iter()
                .map(|s| make_block(t, s))
                .collect();
            let mut gaps: Vec<Gap> = blocks.windows(2).map(|w| judge_gap(&w[0], &w[1])).collect();
            close_signatures(&blocks, &mut gaps);
            match gaps[gaps.len() - 1] {
                Gap::Candidate(p) => p,
                g => panic!("{g:?}"),
            }
        };
        let page = "The essay ends with a sentence of some length, as essays of this kind do.";
        let next = "A new page of another essay opens with a plain sentence of prose here.";
        assert!(prior(&format!("{page}\n\nPublius\n\n{next}\n")) >= SIGNATURE_CUT);
        // Not a name line: a short heading-like line that ends a sentence, or a lowercase one.
        assert!(prior(&format!("{page}\n\nThe End.\n\n{next}\n")) < 0.5);
        assert!(prior(&format!("{page}\n\nand so on\n\n{next}\n")) < 0.5);
        // In a dialogue the names are speakers': they end nothing.
        let speech = "A speech of some length that ends with a full stop, as speeches do.";
        let mut play = String::new();
        for name in ["Hamlet", "Horatio", "Hamlet", "Marcellus", "Horatio"] {
            play += &format!("{speech}\n\n{name}\n\n");
        }
        play += &format!("{speech}\n\nHamlet\n\n{next}\n");
        assert!(prior(&play) < 0.5);
        let a = seg(&format!("{play}\n\n{speech}\n\nHoratio\n"));
        assert!(a.fragments.iter().all(|f| !f.signed));
    }

    #[test]
    fn a_name_line_after_prose_signs_it() {
        assert!(is_name_line("Publius"));
        assert!(is_name_line("Alexander Hamilton"));
        assert!(!is_name_line("In the"));
        assert!(!is_name_line("The"));
        assert!(!is_name_line("and so"));
        let signed = |t: &str| parse_page(t, Span::new(0, t.len())).signed;
        assert!(signed(
            "A finished sentence of prose ends the essay here.\n\nPublius\n"
        ));
        // A paragraph cut after its first words, or a name with no prose before it.
        assert!(!signed(
            "A finished sentence of prose ends the essay here.\n\nIn the\n"
        ));
        assert!(!signed("Publius\n"));
    }

    #[test]
    fn footnote_block_closes_a_page() {
        let t = "Body text with a note.<sup>3</sup>\n\n---\n\n<sup>3</sup> The note, which goes on\n\nNext page body begins with Capital.\n";
        let a = seg(t);
        assert_eq!(a.fragments.len(), 2);
        let f = &a.fragments[0];
        assert_eq!(f.refs, vec![3]);
        assert_eq!(f.notes, vec![3]);
        assert!(f.notes_open_at_end);
        assert_eq!(f.closes, Close::Sentence);
    }

    #[test]
    fn note_continued_from_previous_page() {
        let t =
            "Text of a page that ends.\n\n---\n\ncontinued note text.\n\n<sup>4</sup> Next note.\n";
        let f = parse_page(t, Span::new(0, t.len()));
        assert!(f.notes_continue_in);
        assert_eq!(f.notes, vec![4]);
    }

    #[test]
    fn contents_entries_are_read() {
        let t = "# Contents\n\nIntroduction . . . . .\t5\n\nThe context . . . . .\t8\n";
        let f = parse_page(t, Span::new(0, t.len()));
        assert_eq!(f.contents.len(), 2);
        assert_eq!(f.contents[1].page, Some(8));
        assert_eq!(f.contents[0].title, "Introduction");
    }

    #[test]
    fn posteriors_find_the_page_break_by_length() {
        // Two full pages of five paragraphs each: the break is after the fifth block.
        let lengths = vec![600.0; 10];
        let priors = vec![Some(0.1); 9];
        let post = boundary_posteriors(&lengths, &priors, 3000.0);
        let best = (0..9).max_by(|&a, &b| post[a].total_cmp(&post[b])).unwrap();
        assert_eq!(best, 4);
        assert!(post[4] > 0.5, "{post:?}");
        assert!(post[0] < 0.1);
    }

    #[test]
    fn one_page_run_keeps_its_paragraphs_together() {
        let lengths = vec![700.0; 4];
        let priors = vec![Some(0.1); 3];
        let post = boundary_posteriors(&lengths, &priors, 3000.0);
        assert!(post.iter().all(|&p| p < 0.1), "{post:?}");
    }
}
