//! Layout text (pdftotext -layout): hard-wrapped lines, running heads and printed page numbers
//! kept, footnotes as indented numbered lines at the page foot. Each page is read for its
//! running head, page number, running text edges and note numbers.

use super::lines::{shape, DOTTED_CONTENTS_LINE, HEAD_LEFT, HEAD_RIGHT, LONE_FOLIO};
use super::text::{
    classify_close, classify_open, closed_marks, first_words, glued_numbers, last_words,
    open_marks, roman, strip_glued, Close,
};
use super::{median, ContentsEntry, Fragment, EDGE_WORDS};
use crate::ingest::Span;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A numbered footnote line: indented, a number, then text.
static NOTE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s{2,})(\d{1,3})\s+\S").unwrap());

/// Most lines at a page's top that may form its running head (long heads wrap).
/// Chosen by hand (founding commit 68a0589), not fitted.
const HEAD_LINES: usize = 3;
/// Pages on which a head shape must recur to be learned as a running head.
/// Chosen by hand (founding commit 68a0589), not fitted.
const HEAD_RECURS_ON: usize = 3;
/// Shortest unindented line (chars) that counts towards the body line width; shorter lines
/// are paragraph ends. Chosen by hand (founding commit 68a0589), not fitted.
const MIN_BODY_LINE: usize = 40;
/// A line is set "wide" (footnote small print) when longer than the body width by more than
/// a tenth plus this many chars. Chosen by hand (founding commit 68a0589), not fitted.
const WIDE_SLACK: usize = 2;
/// A page number above `FOLIO_LIMIT_PER_PAGE × pages + FOLIO_LIMIT_SLACK` is a year or a
/// count, not a folio. Chosen by hand (founding commit 68a0589), not fitted: generous room
/// for unnumbered pages and front matter.
const FOLIO_LIMIT_PER_PAGE: u32 = 2;
/// See [`FOLIO_LIMIT_PER_PAGE`].
const FOLIO_LIMIT_SLACK: u32 = 20;
/// A page shorter than this share of the median page that has no page number keeps no
/// running head (a chapter opening or a scrap). Chosen by hand (founding commit 68a0589).
const SHORT_PAGE_SHARE: f64 = 0.2;
/// Spaces between head text and number that make the number surely a folio.
/// Chosen by hand (founding commit 68a0589), not fitted.
const FOLIO_GAP: usize = 2;
/// Indentation (spaces) that marks a head line set far from the margin.
/// Chosen by hand (founding commit 68a0589), not fitted.
const HEAD_INDENT: usize = 8;
/// A head line "set apart" is shorter than this share (tenths) of the wide-line width.
/// Chosen by hand in fda238a (layout text that lost its indentation), not fitted.
const SET_APART_TENTHS: usize = 8;
/// A recurring head without a number is taken as a running head only when more than this
/// many lines follow it. Chosen by hand (founding commit 68a0589), not fitted.
const LINES_AFTER_HEAD: usize = 2;
/// Wide lines needed above the notes (or on a page with no numbered note) to read them as a
/// note continued from the previous page. Chosen by hand (founding commit 68a0589), not fitted.
const CONTINUED_NOTE_LINES: usize = 2;

pub(super) fn number_value(tok: &str) -> Option<(u32, bool)> {
    if let Ok(v) = tok.parse::<u32>() {
        return Some((v, false));
    }
    if tok.chars().all(|c| c.is_ascii_lowercase()) {
        return roman(tok).map(|v| (v, true));
    }
    None
}

/// A converter that takes a page's lines for a table (markitdown, on pages pdfplumber reads as
/// forms) writes them as pipe-table rows: `| Chapter | 1: Introduction |  | 5 |`. Read such a
/// row as the line it was, its cells apart by a wide gap (as `pdftotext -layout` sets a running
/// head and its number), and a separator row (`| --- | --- |`) as a blank line.
pub(super) fn unpipe(line: &str) -> std::borrow::Cow<'_, str> {
    let t = line.trim();
    if !(t.len() >= 2 && t.starts_with('|') && t.ends_with('|')) {
        return std::borrow::Cow::Borrowed(line);
    }
    let cells: Vec<&str> = t[1..t.len() - 1]
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if cells
        .iter()
        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':')))
    {
        return std::borrow::Cow::Borrowed("");
    }
    std::borrow::Cow::Owned(cells.join("    "))
}

/// Parse every page of a layout-text document.
/// `settle`: the pages are the input's own (form feeds), so the numbers the pages carry may
/// settle each other's (see [`settle_numbers`]).
pub(super) fn parse_pages(text: &str, pages: &[Span], settle: bool) -> Vec<Fragment> {
    // Learn the running heads: first lines whose shape recurs on several pages.
    let mut shapes: HashMap<String, usize> = HashMap::new();
    for p in pages {
        let owned: Vec<std::borrow::Cow<str>> = p.of(text).lines().map(unpipe).collect();
        let lines: Vec<&str> = owned
            .iter()
            .map(|l| l.as_ref())
            .skip_while(|l| l.trim().is_empty())
            .collect();
        // Count the shapes of the first one to three lines, each prefix on its own; below a
        // page number alone on the first line, those of the lines after it too.
        let mut starts = vec![0];
        if lines.first().is_some_and(|l| LONE_FOLIO.is_match(l)) {
            starts.extend((1..lines.len()).find(|&i| !lines[i].trim().is_empty()));
        }
        for start in starts {
            let lines = &lines[start..];
            for k in 1..=HEAD_LINES.min(lines.len()) {
                if lines[..k].iter().any(|l| l.trim().is_empty()) {
                    break;
                }
                *shapes.entry(shape(&lines[..k].join(" "))).or_default() += 1;
            }
        }
    }
    let recurring = |line: &str| -> bool {
        let s = shape(line);
        !s.is_empty() && shapes.get(&s).copied().unwrap_or(0) >= HEAD_RECURS_ON
    };
    // Learn the body line width: the most common length of unindented lines. Footnotes are
    // set smaller, so their lines are clearly longer.
    let mut hist: HashMap<usize, usize> = HashMap::new();
    for p in pages {
        for l in p.of(text).lines() {
            let len = l.trim_end().chars().count();
            if len >= MIN_BODY_LINE && !l.starts_with(' ') {
                *hist.entry(len).or_default() += 1;
            }
        }
    }
    let body_width = hist
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(usize::MAX / 2, |(&len, _)| len);
    let wide = body_width + body_width / 10 + WIDE_SLACK;
    let mut frags: Vec<Fragment> = pages
        .iter()
        .map(|&p| parse_page(text, p, &recurring, wide, settle))
        .collect();
    if settle {
        let plausible = FOLIO_LIMIT_PER_PAGE * pages.len() as u32 + FOLIO_LIMIT_SLACK;
        super::settle::take_glued_head_numbers(text, pages, &mut frags, plausible);
        settle_numbers(text, pages, &mut frags, &recurring, wide);
    }
    let cap = median(frags.iter().map(|f| f.length).collect());
    // A "page number" far beyond the page count is a year or a count, not a folio.
    let plausible = FOLIO_LIMIT_PER_PAGE * pages.len() as u32 + FOLIO_LIMIT_SLACK;
    for f in &mut frags {
        if f.page_number.is_some_and(|v| v > plausible) {
            f.page_number = None;
            f.page_roman = false;
        }
        if f.length < SHORT_PAGE_SHARE * cap && f.page_number.is_none() {
            f.running_head = None;
        }
    }
    frags
}

/// Where a page's printed number stands when the document's other numbers settled it (see
/// [`settle_numbers`]): a line of its own near the top, or near the foot, where the lines a
/// converter set after it (margin notes, a figure's labels) are left out of the running text
/// (indices into the page's non-empty lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Folio {
    Top(usize),
    Foot(usize),
}

/// `marked`: the page is one the input marked (a form feed), not one found by its furniture.
fn parse_page(
    text: &str,
    span: Span,
    recurring: &dyn Fn(&str) -> bool,
    wide: usize,
    marked: bool,
) -> Fragment {
    parse_page_with(text, span, recurring, wide, None, marked)
}

fn parse_page_with(
    text: &str,
    span: Span,
    recurring: &dyn Fn(&str) -> bool,
    wide: usize,
    folio: Option<Folio>,
    marked: bool,
) -> Fragment {
    let page = span.of(text);
    let start_off = page.len() - page.trim_start().len();
    let end_trim = page.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{c}');
    let content = Span::new(
        span.start + start_off.min(end_trim.len()),
        span.start + end_trim.len().max(start_off.min(end_trim.len())),
    );
    let mut f = Fragment::empty(span, content);
    let owned: Vec<std::borrow::Cow<str>> = page
        .split('\n')
        .map(|l| unpipe(l.trim_end_matches(['\r', '\u{c}'])))
        .collect();
    let lines: Vec<&str> = owned.iter().map(|l| l.as_ref()).collect();
    let nonempty: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    if nonempty.is_empty() {
        return f;
    }
    // Indices into `nonempty`: the first body line, and one past the last.
    let (top, bottom) = match folio {
        Some(Folio::Top(k)) if k < nonempty.len() => {
            // The lines above the number are the running head.
            f.running_head = (k > 0).then(|| {
                let head: Vec<&str> = nonempty[..k].iter().map(|&i| lines[i]).collect();
                shape(&head.join(" "))
            });
            set_folio(&mut f, lines[nonempty[k]]);
            let top = k + 1;
            (top, read_foot_number(&mut f, &lines, &nonempty, top))
        }
        Some(Folio::Foot(k)) if k < nonempty.len() => {
            let top = read_head(&mut f, &lines, &nonempty, recurring, wide).min(k);
            set_folio(&mut f, lines[nonempty[k]]);
            (top, k)
        }
        _ => {
            let top = read_head(&mut f, &lines, &nonempty, recurring, wide);
            (top, read_foot_number(&mut f, &lines, &nonempty, top))
        }
    };
    let notes_from = read_notes(&mut f, &lines, &nonempty, top, bottom, wide, marked);
    let body_lines: Vec<&str> = nonempty[top..notes_from]
        .iter()
        .map(|&i| lines[i].trim())
        .collect();
    read_body(&mut f, &body_lines);
    f
}

/// Take the number alone on `line` as the page's printed number.
fn set_folio(f: &mut Fragment, line: &str) {
    let value = LONE_FOLIO.captures(line).and_then(|c| number_value(&c[1]));
    if let Some((v, r)) = value {
        f.page_number = Some(v);
        f.page_roman = r;
    }
}

/// Most non-empty lines at a page's top searched for a number the other pages' numbers call
/// for: a running head of up to three lines, a second head line set apart, then the number.
/// Chosen by hand (seen in `pdftotext` raw output of gnuplot's manual, train), not fitted.
const TOP_SCAN: usize = 5;

/// Settle the printed page numbers of form-feed pages by the numbers the other pages carry
/// (see [`super::settle`]): the numbers alone on one of a page's first [`TOP_SCAN`] lines or
/// on one of its last, and the page read again with the number taken.
fn settle_numbers(
    text: &str,
    pages: &[Span],
    frags: &mut [Fragment],
    recurring: &dyn Fn(&str) -> bool,
    wide: usize,
) {
    let plausible = FOLIO_LIMIT_PER_PAGE * pages.len() as u32 + FOLIO_LIMIT_SLACK;
    let candidates: Vec<Vec<super::settle::Candidate>> = pages
        .iter()
        .map(|p| {
            let lines: Vec<String> = p
                .of(text)
                .split('\n')
                .map(|l| unpipe(l.trim_end_matches(['\r', '\u{c}'])).into_owned())
                .filter(|l| !l.trim().is_empty())
                .collect();
            super::settle::lone_numbers(&lines, TOP_SCAN, plausible)
        })
        .collect();
    let read: Vec<(Option<u32>, bool)> = frags
        .iter()
        .map(|f| (f.page_number, f.page_roman))
        .collect();
    let settled = super::settle::settle(&read, &candidates);
    for (i, k) in settled.taken.into_iter().enumerate() {
        if settled.dropped[i] && k.is_none() {
            frags[i].page_number = None;
            frags[i].page_roman = false;
        }
        if let Some(k) = k {
            let c = candidates[i][k];
            let folio = match c.place {
                super::settle::Place::Top => Folio::Top(c.at),
                super::settle::Place::Trailing
                | super::settle::Place::HeadEnd
                | super::settle::Place::Inside => {
                    // Run into the text: the number is the page's, the text stays as read.
                    frags[i].page_number = Some(c.value);
                    frags[i].page_roman = c.roman;
                    continue;
                }
                _ => Folio::Foot(c.at),
            };
            frags[i] = parse_page_with(text, pages[i], recurring, wide, Some(folio), true);
        }
    }
}

/// Read the running head and its page number from the head zone; returns the index (into
/// `nonempty`) of the first body line.
fn read_head(
    f: &mut Fragment,
    lines: &[&str],
    nonempty: &[usize],
    recurring: &dyn Fn(&str) -> bool,
    wide: usize,
) -> usize {
    let mut top = 0usize;
    // The head zone: the lines before the first blank line, at most three (long running
    // heads wrap), when more text follows.
    let mut zone = 1;
    while zone < HEAD_LINES && zone < nonempty.len() && nonempty[zone] == nonempty[zone - 1] + 1 {
        zone += 1;
    }
    if zone == nonempty.len() || (zone < nonempty.len() && nonempty[zone] == nonempty[zone - 1] + 1)
    {
        zone = 1;
    }
    let head_text: Vec<&str> = nonempty[..zone].iter().map(|&i| lines[i]).collect();
    let joined = head_text.join(" ");
    let is_recurring = recurring(&joined);
    let first = head_text[0];
    let last_head = head_text[zone - 1];
    // A number beside the head text: separated by a wide gap, set far from the margin, or
    // by any space when the head recurs across pages (learned).
    // A head set apart: a short zone followed by a blank line (as when indentation was lost).
    let set_apart = zone < nonempty.len()
        && nonempty[zone] > nonempty[zone - 1] + 1
        && last_head.trim().chars().count() * 10 < wide * SET_APART_TENTHS;
    let trusted = |line: &str, gap: &str| {
        gap.len() >= FOLIO_GAP
            || is_recurring
            || set_apart
            || line.len() - line.trim_start().len() >= HEAD_INDENT
    };
    let head_match = HEAD_LEFT
        .captures(first)
        .filter(|c| trusted(first, &c[2]))
        .map(|c| (c[1].to_string(), c[3].to_string()))
        .or_else(|| {
            HEAD_RIGHT
                .captures(last_head)
                .filter(|c| trusted(last_head, &c[2]))
                .map(|c| (c[3].to_string(), joined.clone()))
        })
        .or_else(|| {
            // A wrapped head whose number went to a line of its own.
            (zone >= 2)
                .then(|| LONE_FOLIO.captures(last_head))
                .flatten()
                .map(|c| (c[1].to_string(), head_text[..zone - 1].join(" ")))
        });
    if let Some((num, head)) = head_match {
        if let Some((v, r)) = number_value(&num) {
            f.page_number = Some(v);
            f.page_roman = r;
            f.running_head = Some(shape(&head));
            top = zone;
        }
    } else if nonempty.len() > zone + LINES_AFTER_HEAD && is_recurring {
        f.running_head = Some(shape(&joined));
        top = zone;
    }
    // A page number on a line of its own below the running head (a converter that keeps the
    // head and the number apart, as `pdftotext` without `-layout` does).
    if f.page_number.is_none() && top > 0 && top + 1 < nonempty.len() {
        let number = LONE_FOLIO
            .captures(lines[nonempty[top]])
            .and_then(|c| number_value(&c[1]));
        if let Some((v, r)) = number {
            f.page_number = Some(v);
            f.page_roman = r;
            top += 1;
        }
    }
    // A page number alone on the page's first line (a chapter opening, or a converter that
    // puts the number above the head), and the running head below it.
    if f.page_number.is_none() && top == 0 && nonempty.len() > 2 {
        let number = LONE_FOLIO
            .captures(lines[nonempty[0]])
            .and_then(|c| number_value(&c[1]));
        if let Some((v, r)) = number {
            f.page_number = Some(v);
            f.page_roman = r;
            top = 1;
            let next = lines[nonempty[1]];
            if recurring(next) && nonempty.len() > 2 + LINES_AFTER_HEAD {
                f.running_head = Some(shape(next));
                top = 2;
            }
        }
    }
    top
}

/// Read a page number alone on the last line (chapter openings, front matter); returns one
/// past the last line above it.
fn read_foot_number(f: &mut Fragment, lines: &[&str], nonempty: &[usize], top: usize) -> usize {
    let mut bottom = nonempty.len();
    if bottom > top
        && !super::settle::ends_in_number_column(
            &nonempty.iter().map(|&i| lines[i]).collect::<Vec<_>>(),
        )
    {
        let last = lines[nonempty[bottom - 1]];
        if let Some(c) = LONE_FOLIO.captures(last) {
            if let Some((v, r)) = number_value(&c[1]) {
                if f.page_number.is_none() {
                    f.page_number = Some(v);
                    f.page_roman = r;
                }
                bottom -= 1;
            }
        }
    }
    bottom
}

/// Find the footnote block at the foot of the page (lines `top..bottom` of `nonempty`) and
/// read its note numbers; returns where it starts (`bottom` when there is none).
fn read_notes(
    f: &mut Fragment,
    lines: &[&str],
    nonempty: &[usize],
    top: usize,
    bottom: usize,
    wide: usize,
    marked: bool,
) -> usize {
    // Footnotes: indented numbered lines at the foot, numbers increasing.
    let mut notes_from = bottom;
    let mut k = bottom;
    let mut expected_below: Option<u32> = None;
    while k > top + 1 {
        k -= 1;
        let line = lines[nonempty[k]];
        if let Some(c) = NOTE_LINE.captures(line) {
            let n: u32 = c[2].parse().unwrap_or(0);
            if expected_below.is_none_or(|b| n < b) {
                notes_from = k;
                expected_below = Some(n);
            }
        }
    }
    // A note continued from the previous page sits above the first numbered note, unnumbered
    // but set in the notes' wider lines; a page may also hold nothing but such a note.
    // A contents line is long by its dot leaders, not by small print: never a note (read so
    // on pages the input marked; pages found by their furniture keep the reading their cuts
    // were fitted with).
    let is_wide = |k: usize| {
        let line = lines[nonempty[k]];
        line.trim_end().chars().count() > wide && !(marked && DOTTED_CONTENTS_LINE.is_match(line))
    };
    let mut k = notes_from;
    while k > top + 1 {
        let above = k - 1;
        if is_wide(above) || (above > top && is_wide(above - 1) && k < bottom) {
            k -= 1;
        } else {
            break;
        }
    }
    if k < notes_from && (notes_from < bottom || notes_from - k >= CONTINUED_NOTE_LINES) {
        notes_from = k;
        f.notes_continue_in = true;
    }
    if notes_from < bottom {
        for &i in &nonempty[notes_from..bottom] {
            if let Some(c) = NOTE_LINE.captures(lines[i]) {
                if let Ok(n) = c[2].parse() {
                    f.notes.push(n);
                }
            }
        }
        f.notes.sort_unstable();
        f.notes.dedup();
        let last_note_line = lines[nonempty[bottom - 1]];
        f.notes_open_at_end = matches!(
            classify_close(last_note_line, false).0,
            Close::Mid | Close::Hyphen
        );
    }
    notes_from
}

/// Read the running text: contents entries, edges, references and the plain body.
fn read_body(f: &mut Fragment, body_lines: &[&str]) {
    // Contents entries.
    for l in body_lines {
        if let Some(c) = DOTTED_CONTENTS_LINE.captures(l) {
            f.contents.push(ContentsEntry {
                title: c[1].trim().to_string(),
                page: c[2].parse().ok(),
            });
        }
    }
    if let (Some(first), Some(last)) = (body_lines.first(), body_lines.last()) {
        f.opens = classify_open(first);
        f.closed_marks = closed_marks(&body_lines.join("\n"));
        f.open_marks = open_marks(&body_lines.join("\n")) & !super::text::MARK_EMPHASIS;
        f.first_words = first_words(first, EDGE_WORDS);
        let (close, stem) = classify_close(last, true);
        f.closes = close;
        f.hyphen_stem = stem;
        f.last_words = last_words(&strip_glued(last), EDGE_WORDS);
    }
    for l in body_lines {
        f.refs
            .extend(glued_numbers(l).into_iter().filter(|n| f.notes.contains(n)));
    }
    // Body text with line-end hyphens joined, for word statistics.
    let mut body = String::new();
    for l in body_lines {
        let l = strip_glued(l);
        if body.ends_with('-') && l.chars().next().is_some_and(|c| c.is_lowercase()) {
            body.pop();
        } else if !body.is_empty() {
            body.push(' ');
        }
        body.push_str(l.trim());
    }
    f.length = body.chars().count() as f64;
    f.body = body;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fragment::Open;

    fn page(t: &str) -> Fragment {
        parse_page(t, Span::new(0, t.len()), &|_| false, 100, true)
    }

    /// markitdown writes the running head and its number as a pipe-table row (R Data
    /// Import/Export, GPL-2, as markitdown 0.1.9 converted it page by page).
    #[test]
    fn a_running_head_in_a_pipe_table_row_is_read() {
        assert_eq!(unpipe("| --- | :-: |"), "");
        assert_eq!(unpipe("plain | line"), "plain | line");
        let body = "Function cat underlies the functions for exporting data. It takes a file\n\
                    argument, and the append argument allows a text file to be written via\n\
                    successive calls to cat.\n";
        let text: String = [5, 6, 7]
            .iter()
            .map(|n| {
                format!(
                    "| Chapter | 1: Introduction |     |     | {n}   |\n\
                     | ------- | --------------- | --- | --- | --- |\n{body}\u{c}"
                )
            })
            .collect();
        let frags = parse_pages(&text, &crate::ingest::split_form_feeds(&text), true);
        let numbers: Vec<Option<u32>> = frags.iter().map(|f| f.page_number).collect();
        assert_eq!(numbers, [Some(5), Some(6), Some(7)]);
        assert_eq!(
            frags[0].first_words.first().map(String::as_str),
            Some("Function")
        );
    }

    /// `pdftotext` without `-layout` (the `raw` flavour) sets the running head and the page
    /// number on lines of their own (Gibbon, chapter XVI, a CC0 edition).
    #[test]
    fn a_page_number_below_the_running_head_is_read() {
        let head = "Chapter XVI. Conduct Towards the Christians, from Nero to Constantine";
        let body = "pally supported by the implicit assent and reverence which the nations of antiquity\n\
                    expressed for their respective traditions and ceremonies. It might therefore be\n\
                    expected, that they would unite with indignation against any sect or people.\n";
        let text: String = [3, 5, 7]
            .iter()
            .map(|n| format!("{head}\n\n{n}\n\n{body}\u{c}"))
            .collect();
        let pages = crate::ingest::split_form_feeds(&text);
        let frags = parse_pages(&text, &pages, true);
        let numbers: Vec<Option<u32>> = frags.iter().map(|f| f.page_number).collect();
        assert_eq!(numbers, [Some(3), Some(5), Some(7)]);
        assert_eq!(
            frags[0].first_words.first().map(String::as_str),
            Some("pally")
        );
        assert_eq!(frags[0].opens, Open::Continuation);
        // Verso pages of the same converter put the number first and the head below it.
        let text: String = [4, 6, 8]
            .iter()
            .map(|n| format!("{n}\n\nDecline and Fall\n\n{body}\u{c}"))
            .collect();
        let frags = parse_pages(&text, &crate::ingest::split_form_feeds(&text), true);
        let numbers: Vec<Option<u32>> = frags.iter().map(|f| f.page_number).collect();
        assert_eq!(numbers, [Some(4), Some(6), Some(8)]);
        assert_eq!(
            frags[1].first_words.first().map(String::as_str),
            Some("pally")
        );
    }

    #[test]
    fn reads_running_head_number_and_notes() {
        let t = "2   Decline and Fall\n\n\nfor him to discover that Rome had much less to\n\
                 the prisoners taken in the defeat of Crassus.1\nHis generals attempted the re-\n\
                 \x20   1 Dion Cassius (l. liv p. 736), with the annotations\nhas left upon the subject.\n\u{c}";
        let f = page(t);
        assert_eq!(f.page_number, Some(2));
        assert_eq!(f.running_head.as_deref(), Some("Decline and Fall"));
        assert_eq!(f.notes, vec![1]);
        assert_eq!(f.refs, vec![1]);
        assert_eq!(f.closes, Close::Hyphen);
        assert_eq!(f.hyphen_stem.as_deref(), Some("re"));
        assert_eq!(f.opens, Open::Continuation);
    }

    #[test]
    fn reads_odd_head_and_foot_number() {
        let f = page("        Chapter I. The Extent   3\n\nhis testament was read.\n\u{c}");
        assert_eq!(f.page_number, Some(3));
        let f = page("Chapter I. The Extent\n\nIn the second century.\n\n          1\n\u{c}");
        assert_eq!(f.page_number, Some(1));
        assert_eq!(f.opens, Open::Fresh);
        assert_eq!(f.closes, Close::Sentence);
    }
}
