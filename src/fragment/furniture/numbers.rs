//! Which numbers set alone on a line may be folios: each page prints its number once, alone
//! at a block edge, so a value that stands alone at edges again and again (a footnote or list
//! marker), a number in a column of numbers (a listing's line numbers, a table's cells), a
//! chapter's number above its contents entry, a page number after a contents entry's dot
//! leaders or a number with nothing but numbers around it (a figure's labels) is none; and
//! whether the folios read run densely enough to mark the pages.

use super::super::layout::number_value;
use super::super::lines::{DOTTED_CONTENTS_LINE, LONE_FOLIO};
use super::{read, EDGE_LINES, MIN_CLUSTERS};
use std::collections::{HashMap, HashSet};

/// A line that ends in dot leaders without the page number after them.
static ENDS_IN_LEADERS: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?:\.\s?){3,}$").unwrap());

/// A number alone that stands alone at block edges this many times or more (the same value,
/// both arabic or both roman) is weak evidence of a page edge: each folio is printed once, a
/// footnote or list marker many times. Chosen by hand, not fitted.
const REPEATED_NUMBER: usize = 2;
/// See [`folios_run_densely`]: one page's number may be missed between two read. Chosen by
/// hand, not fitted.
const CHAIN_STEP: u32 = 2;
/// See [`folios_run_densely`]. Chosen by hand, not fitted: numbers on every other page give
/// one half.
const DENSE_FOLIOS: f64 = 0.75;

/// The numbers alone of one document: how often each value stands alone at a block edge, and
/// which lines stand in a column of numbers.
pub(super) struct LoneNumbers<'a> {
    cleaned: &'a [String],
    /// How often each number (its value, and whether roman) stands alone at a block edge.
    values: HashMap<(u32, bool), usize>,
    /// Which lines stand in a column of numbers alone ([`number_columns`]).
    column: Vec<bool>,
    /// For each line, whether a number alone there stands at the margin where the running
    /// heads carry their numbers (`Some(true)`), at the other margin (`Some(false)`), or
    /// the document does not say ([`numbers_by_head_side`]).
    head_side: Vec<Option<bool>>,
}

impl<'a> LoneNumbers<'a> {
    /// Count the numbers alone at the edges of `blocks` (runs of non-blank lines) of the
    /// lines' cleaned texts.
    /// `head_side` says which numbers alone stand at the margin where the running heads carry
    /// their numbers ([`numbers_by_head_side`]).
    pub(super) fn learn(
        blocks: &[(usize, usize)],
        cleaned: &'a [String],
        head_side: Vec<Option<bool>>,
    ) -> LoneNumbers<'a> {
        let mut numbers = LoneNumbers {
            cleaned,
            values: HashMap::new(),
            column: number_columns(cleaned),
            head_side,
        };
        for &(s, e) in blocks {
            for i in (s..=e).filter(|&i| i < s + EDGE_LINES || i + EDGE_LINES > e) {
                if let Some(v) = numbers.key(i) {
                    *numbers.values.entry(v).or_default() += 1;
                }
            }
        }
        numbers
    }

    /// Line `i`'s number alone: its value, and whether it is roman.
    pub(super) fn key(&self, i: usize) -> Option<(u32, bool)> {
        LONE_FOLIO
            .captures(&self.cleaned[i])
            .and_then(|c| number_value(&c[1]))
    }

    /// Line `i`, a number alone, stands at the margin where the running heads carry their
    /// numbers: as sure a page edge as a head.
    pub(super) fn beside_heads(&self, i: usize) -> bool {
        self.head_side[i] == Some(true)
    }

    /// Line `i` is a number alone whose value stands alone at block edges elsewhere too (a
    /// figure's coordinates, a listing's counts, a note marker): each folio is printed once.
    pub(super) fn repeated(&self, i: usize) -> bool {
        self.key(i)
            .is_some_and(|v| self.values.get(&v).copied().unwrap_or(0) >= REPEATED_NUMBER)
    }

    /// Line `i`, a number alone, is none of the page's folio: a chapter's number above its
    /// contents entry, a number in a column, a contents entry's page number after its dot
    /// leaders, a number among numbers, or a number at a margin where the running heads never
    /// carry theirs.
    pub(super) fn no_folio(&self, i: usize) -> bool {
        self.contents_number(i)
            || self.column[i]
            || self.after_leaders(i)
            || self.among_numbers(i)
            || self.head_side[i] == Some(false)
    }

    /// A number alone whose nearest lines of text above and below (blank lines between) hold
    /// nothing but numbers: a figure's labels, a listing's line numbers set apart, a table's
    /// cells. A folio stands between text: the foot of its page's text, the top of the next.
    fn among_numbers(&self, i: usize) -> bool {
        let numeric = |c: &String| {
            LONE_FOLIO.is_match(c)
                || (c.chars().any(|ch| ch.is_ascii_digit()) && !c.chars().any(char::is_alphabetic))
        };
        let above = self.cleaned[..i].iter().rev().find(|c| !c.is_empty());
        let below = self.cleaned[i + 1..].iter().find(|c| !c.is_empty());
        above.is_some_and(numeric) && below.is_some_and(numeric)
    }

    /// A chapter's number in a table of contents, set alone above its entry (`3` over
    /// `Importing from other systems . . . 15`): an arabic number whose next line that is not
    /// a number alone is a dotted contents line, and whose value stands alone at block edges
    /// elsewhere too (each folio is printed once).
    fn contents_number(&self, i: usize) -> bool {
        let repeated = self
            .key(i)
            .is_some_and(|v| !v.1 && self.values.get(&v).copied().unwrap_or(0) >= REPEATED_NUMBER);
        repeated
            && self.cleaned[i + 1..]
                .iter()
                .find(|c| !c.is_empty() && !LONE_FOLIO.is_match(c))
                .is_some_and(|c| DOTTED_CONTENTS_LINE.is_match(c))
    }

    /// A contents entry's page number set on a line of its own after the entry's dot leaders
    /// (`Examples . . . . .`, then `31`): the nearest line above ends in leaders.
    fn after_leaders(&self, i: usize) -> bool {
        self.cleaned[..i]
            .iter()
            .rev()
            .take(read::NEIGHBOUR_LINES)
            .find(|c| !c.is_empty())
            .is_some_and(|c| ENDS_IN_LEADERS.is_match(c))
    }
}

/// Which lines stand in a column of numbers alone: two or more on consecutive lines, all
/// arabic or all roman, never falling from one line to the next. Numbers alone glued together
/// (no blank line between) stand in a column: a listing's line numbers, a table's cells, a
/// contents page's page numbers set apart from their titles. A folio is printed alone (pages
/// are joined by blank lines); a folio glued to a chapter's number below it (`iii` over `4`,
/// `12` over `4`) is no column.
pub(super) fn number_columns(cleaned: &[String]) -> Vec<bool> {
    let value = |c: &String| LONE_FOLIO.captures(c).and_then(|cap| number_value(&cap[1]));
    let mut column = vec![false; cleaned.len()];
    let mut i = 0;
    while i < cleaned.len() {
        let Some(first) = value(&cleaned[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        let mut last = first;
        while let Some(v) = cleaned.get(j).and_then(value) {
            if v.1 != last.1 || v.0 < last.0 {
                break;
            }
            last = v;
            j += 1;
        }
        if j - i >= 2 {
            column[i..j].iter_mut().for_each(|c| *c = true);
            i = j;
        } else {
            i += 1;
        }
    }
    column
}

/// Do the furniture's numbers run densely? Their longest chain of values each at most
/// [`CHAIN_STEP`] above the one before holds [`DENSE_FOLIOS`] of the values it spans, and
/// [`MIN_CLUSTERS`] values at least. Heads printed on every other page only, or numbers of a
/// few pages, do not.
pub(super) fn folios_run_densely(values: &HashSet<u32>) -> bool {
    let mut v: Vec<u32> = values.iter().copied().collect();
    v.sort_unstable();
    let mut best = 0.0f64;
    let mut start = 0;
    for i in 0..v.len() {
        if i > 0 && v[i] - v[i - 1] > CHAIN_STEP {
            start = i;
        }
        let len = i + 1 - start;
        if len >= MIN_CLUSTERS {
            let span = (v[i] - v[start] + 1) as f64;
            best = best.max(len as f64 / span);
        }
    }
    best >= DENSE_FOLIOS
}

/// Lines of text around a number that tell where the text's margins lie: this many lines
/// each side. Chosen by hand, not fitted: a page's folio stands within a few lines of its
/// text (`pdftotext -layout` sets up to three blank lines between).
const MARGIN_LINES: usize = 10;

/// Spaces that set a running head's folio apart from its text in layout text. Chosen by hand,
/// not fitted: `pdftotext -layout` sets the head and its folio at the two margins, many columns
/// apart; words of a line stand one space apart.
const HEAD_GAP: usize = 2;

/// Where a number stands against the margins of the text around it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Flush {
    /// At the text's left margin, in the line's left half (a footnote's marker, a verso
    /// folio).
    Left,
    /// At the text's right margin, in the line's right half (a recto folio).
    Right,
    /// Centred, indented or alone with no text around.
    Neither,
}

/// The text's margins around line `i`: the least indent and the farthest end (in chars) of
/// the non-blank lines within [`MARGIN_LINES`], numbers alone left out.
fn margins(lines: &[super::Line], lone: &[bool], i: usize) -> Option<(usize, usize)> {
    let near = i.saturating_sub(MARGIN_LINES)..(i + 1 + MARGIN_LINES).min(lines.len());
    let mut m: Option<(usize, usize)> = None;
    for j in near.filter(|&j| j != i && !lone[j]) {
        let t = lines[j].text.trim_end();
        let body = t.trim_start();
        if body.is_empty() {
            continue;
        }
        let indent = t.chars().count() - body.chars().count();
        let end = t.chars().count();
        m = Some(m.map_or((indent, end), |(a, b)| (a.min(indent), b.max(end))));
    }
    m
}

/// The word at the start (`at_start`) or the end of the trimmed line `raw` is set apart from
/// the rest by [`HEAD_GAP`] spaces or more, as a running head's folio is (`Chapter 1:
/// Introduction` and its `4` stand at the two margins); a line of code or a sentence sets its
/// words one space apart (`42 bk12.clo = us`, `c eof`).
fn set_apart(raw: &str, at_start: bool) -> bool {
    let gap = if at_start {
        raw.split_once(char::is_whitespace)
            .map(|(_, rest)| rest.len() - rest.trim_start().len() + 1)
    } else {
        raw.rsplit_once(char::is_whitespace)
            .map(|(rest, _)| rest.len() - rest.trim_end().len() + 1)
    };
    gap.is_some_and(|g| g >= HEAD_GAP)
}

/// Where a number at the start (`at_start`) or the end of line `i` stands.
fn flush_of(lines: &[super::Line], lone: &[bool], i: usize, at_start: bool) -> Flush {
    let Some((left, right)) = margins(lines, lone, i) else {
        return Flush::Neither;
    };
    let t = lines[i].text.trim_end();
    let indent = t.chars().count() - t.trim_start().chars().count();
    let end = t.chars().count();
    // Slack at the right margin: `pdftotext -layout` places a right-aligned number by its
    // glyphs' widths, a column or two off the justified lines' ends. Chosen by hand, not
    // fitted.
    let slack = (right / 20).max(2);
    if at_start && indent <= left + 1 && (!lone[i] || 2 * end < right) {
        Flush::Left
    } else if !at_start && end + slack >= right && (2 * indent > right || !lone[i]) {
        Flush::Right
    } else {
        Flush::Neither
    }
}

/// Numbers alone read by the margin where the document's running heads carry their numbers:
/// where at least [`MIN_CLUSTERS`] heads at block edges carry a number at the text's margins,
/// all on one side (a right-aligned folio after the head), a number alone at that margin is a
/// folio as the heads' are (`Some(true)`: a chapter's opening page shows its folio alone
/// where the other pages show it after their head), and one at the other margin is none
/// (`Some(false)`: a footnote's marker, set at the left margin over its note). A book whose
/// heads carry their numbers on both sides (recto and verso) says nothing (`None`), nor do
/// centred numbers (a chapter's opening page, its folio at the foot); nor does a text where
/// fewer than [`MIN_CLUSTERS`] numbers alone stand at the heads' margin (its columns are not
/// kept).
/// `is_head` says whether a cleaned line's head shape is a running head of the document.
pub(super) fn numbers_by_head_side(
    lines: &[super::Line],
    blocks: &[(usize, usize)],
    cleaned: &[String],
    is_head: impl Fn(&str) -> bool,
) -> Vec<Option<bool>> {
    let lone: Vec<bool> = cleaned.iter().map(|c| LONE_FOLIO.is_match(c)).collect();
    let (mut left, mut right) = (0usize, 0usize);
    for &(s, e) in blocks {
        for i in (s..=e).filter(|&i| i < s + EDGE_LINES || i + EDGE_LINES > e) {
            let c = &cleaned[i];
            if lone[i] || c.is_empty() {
                continue;
            }
            let h = read::head_shape(c);
            if h.is_empty() || !is_head(&h) {
                continue;
            }
            let raw = lines[i].text.trim();
            let first =
                c.split(' ').next().and_then(read::number).is_some() && set_apart(raw, true);
            let last =
                c.rsplit(' ').next().and_then(read::number).is_some() && set_apart(raw, false);
            if last && flush_of(lines, &lone, i, false) == Flush::Right {
                right += 1;
            } else if first && flush_of(lines, &lone, i, true) == Flush::Left {
                left += 1;
            }
        }
    }
    let mut by_side = vec![None; lines.len()];
    if left + right < MIN_CLUSTERS || (left > 0 && right > 0) {
        return by_side;
    }
    let heads_side = if left > 0 { Flush::Left } else { Flush::Right };
    for i in (0..lines.len()).filter(|&i| lone[i]) {
        let side = match flush_of(lines, &lone, i, true) {
            Flush::Left => Flush::Left,
            _ => flush_of(lines, &lone, i, false),
        };
        if side != Flush::Neither {
            by_side[i] = Some(side == heads_side);
        }
    }
    // The text keeps its columns only where numbers alone stand at the heads' margin too (a
    // chapter's opening page): a converter that sets every line flush left (markdown, its
    // heads in table cells) puts its folios at the left margin as well, and says nothing.
    if by_side.iter().filter(|s| **s == Some(true)).count() < MIN_CLUSTERS {
        return vec![None; lines.len()];
    }
    by_side
}

/// Lines at block edges that carry a page number flush at the right margin, set apart from
/// their text by a wide gap, each value once, the values running densely (page n, n + 1, …):
/// running heads that name each page's own section (`GETTING STARTED   4`, `OPTIONS : Font
/// expansion   7`) or a head shown once (`Acknowledgements   2`) are furniture by where their
/// number stands, though their text never recurs. A contents page's entries (dot leaders, or
/// numbers that jump, lines closer together than a page) and lines whose value another such
/// line shows too are left out.
pub(super) fn numbered_at_margin(
    lines: &[super::Line],
    blocks: &[(usize, usize)],
    cleaned: &[String],
    max_value: u32,
) -> Vec<bool> {
    let lone: Vec<bool> = cleaned.iter().map(|c| LONE_FOLIO.is_match(c)).collect();
    let mut found: Vec<(usize, u32)> = Vec::new();
    for &(s, e) in blocks {
        for i in (s..=e).filter(|&i| i < s + EDGE_LINES || i + EDGE_LINES > e) {
            let c = &cleaned[i];
            if lone[i]
                || c.chars().count() > super::MAX_HEAD_CHARS
                || DOTTED_CONTENTS_LINE.is_match(c)
                || ENDS_IN_LEADERS.is_match(c.rsplit_once(' ').map_or("", |x| x.0))
            {
                continue;
            }
            let Some(v) = c.rsplit(' ').next().and_then(read::number) else {
                continue;
            };
            if v <= max_value
                && set_apart(lines[i].text.trim(), false)
                && flush_of(lines, &lone, i, false) == Flush::Right
            {
                found.push((i, v));
            }
        }
    }
    // A running head stands once a page: lines closer together than a page's least bytes (a
    // contents page's entries without leaders) are none.
    let apart: Vec<bool> = (0..found.len())
        .map(|k| {
            let at = lines[found[k].0].start;
            let near = |j: usize| lines[found[j].0].start.abs_diff(at) < super::CHARS_PER_FOLIO;
            let before = k > 0 && near(k - 1);
            let after = k + 1 < found.len() && near(k + 1);
            !before && !after
        })
        .collect();
    let mut keep = apart.iter();
    found.retain(|_| *keep.next().unwrap());
    let mut count: HashMap<u32, usize> = HashMap::new();
    for &(_, v) in &found {
        *count.entry(v).or_default() += 1;
    }
    found.retain(|&(_, v)| count[&v] == 1);
    let values: HashSet<u32> = found.iter().map(|&(_, v)| v).collect();
    // Each value read beside another within [`CHAIN_STEP`]: page numbers run on, a contents
    // page's numbers jump.
    found.retain(|&(_, v)| {
        (1..=CHAIN_STEP).any(|d| values.contains(&(v + d)) || (v > d && values.contains(&(v - d))))
    });
    let mut at = vec![false; lines.len()];
    let values: HashSet<u32> = found.iter().map(|&(_, v)| v).collect();
    if found.len() >= MIN_CLUSTERS && folios_run_densely(&values) {
        for (i, _) in found {
            at[i] = true;
        }
    }
    at
}
