//! Page edges of unmarked converter output, found by its page furniture: converters keep the
//! running heads and printed page numbers in the text, so when pages are joined without a
//! marker the lines that repeat at block edges (a number alone, a head whatever its number)
//! show where each page begins or ends. Everything is learned from the document: which lines
//! are furniture (they recur, and stand at block edges), and whether they open or close a page
//! (a converter that sets no blank line inside a page glues the furniture to its own page's
//! text; the input's first and last lines are a page's top and foot).

mod cuts;
mod heads;
mod numbers;
mod read;
mod sides;

use super::lines::LONE_FOLIO;
use cuts::{
    add_gapless_cuts, add_long_run_cuts, add_wide_gap_cuts, prune_weak_cuts, snap_to_wide_gaps,
};
use heads::{drop_unanchored_heads, Heads};
use numbers::{folios_run_densely, LoneNumbers};
use read::{clean, edge_number, folio, folio_value, head_shape, number};
use std::collections::HashMap;

/// A furniture line is short: at most this many chars once markup is stripped.
/// Chosen by hand, not fitted: running heads are one printed line.
const MAX_HEAD_CHARS: usize = 100;
/// A page number above `chars / CHARS_PER_FOLIO + FOLIO_SLACK` is a year or a count, not a
/// folio. Chosen by hand, not fitted (the markdown reader's bound, halved for converters that
/// write pages with much white space).
const CHARS_PER_FOLIO: usize = 750;
/// See [`CHARS_PER_FOLIO`].
const FOLIO_SLACK: usize = 20;
/// Furniture found this many times at least before it is trusted to cut the document.
/// Chosen by hand, not fitted.
const MIN_CLUSTERS: usize = 3;
/// Lines at each end of a block that may be furniture (a head above or below a number).
const EDGE_LINES: usize = 2;
/// Share of the furniture clusters that must carry a page number for the furniture to be
/// trusted: recurring lines without numbers (a salutation, a signature) also stand at block
/// edges. Chosen by hand, not fitted.
const NUMBERED_SHARE: f64 = 0.5;
/// Share of the text that must lie in runs of about one page between furniture cuts for the
/// furniture to be trusted as the page marker. Chosen by hand, not fitted.
const REGULAR_SHARE: f64 = 0.6;
/// Most candidate cuts (pages without furniture) per furniture cut for the furniture to be
/// trusted: furniture on a few pages only is no page marker. Chosen by hand, not fitted.
const MAX_UNMARKED_PER_MARKED: f64 = 0.5;

/// Share of the input's block gaps that must take one width for it to be the converter's gap
/// inside a page. Chosen by hand on train, not fitted: inside the pages, `pdftotext -layout`
/// gives its most common width to 52-82 % of the gaps, the other converters that set blank
/// lines 95-100 % (pages joined by one to three blank lines lower both a little).
const UNIFORM_GAP_SHARE: f64 = 0.85;

/// Where the pages of the document begin.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageCuts {
    /// Byte offset of the first non-blank line (the bytes before it are the prefix).
    pub first: usize,
    /// Byte offsets where a later page begins, ascending, each with the probability that a
    /// page boundary lies there (1 for a cut at furniture).
    pub cuts: Vec<(usize, f64)>,
    /// Distinct numbers read over numbered furniture clusters: each page number is printed
    /// once, so numbers that repeat (a table's cells, a listing's line numbers) are no folios.
    pub distinct: f64,
    /// The page numbers the furniture shows: where each stands (the byte offset of its line),
    /// its value and whether it is a roman numeral, ascending by offset.
    pub numbers: Vec<(usize, u32, bool)>,
}

/// One line of the input.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// What a furniture line is.
#[derive(Debug, Clone, PartialEq)]
enum Furn {
    /// A printed page number alone.
    Number,
    /// A running head (its shape), with or without its number.
    Head(String),
}

/// A piece of the line stream: furniture (one line) or body (lines of one block).
#[derive(Debug)]
struct Item {
    /// First and last line (inclusive).
    lines: (usize, usize),
    furn: Option<Furn>,
    /// Blank lines between this item and the one before (0: same block).
    gap_before: usize,
}

/// Find the pages of `text` by its furniture, or `None` when it has too little furniture to
/// trust (the caller then cuts by the text alone).
///
/// `hard_wrapped`: the text is set line by line as printed (layout text), where cutting by
/// the text alone fails; furniture on part of the pages is then still the better marker.
pub(super) fn find_pages(text: &str, hard_wrapped: bool) -> Option<PageCuts> {
    let lines = lines_of(text);
    let blocks = blocks_of(&lines);
    if blocks.len() < 2 {
        return None;
    }
    let cleaned: Vec<String> = lines.iter().map(|l| clean(l.text)).collect();
    let heads = Heads::learn(text.len(), &lines, &blocks, &cleaned);
    let plausible = (text.len() / CHARS_PER_FOLIO + FOLIO_SLACK) as u32;
    // Where a number stands against the text's margins is read only in text set line by line
    // as printed (layout text): elsewhere columns mean nothing (markdown's table pipes, a
    // converter's own indents).
    let (head_side, at_margin) = if hard_wrapped {
        (
            numbers::numbers_by_head_side(&lines, &blocks, &cleaned, |h| heads.is_head(h)),
            numbers::numbered_at_margin(&lines, &blocks, &cleaned, plausible),
        )
    } else {
        (vec![None; lines.len()], vec![false; lines.len()])
    };
    let numbers = LoneNumbers::learn(&blocks, &cleaned, head_side);
    let furn_of = |i: usize| -> Option<Furn> {
        let c = &cleaned[i];
        // A footnote (its marker set as a superscript) is no furniture.
        if c.chars().count() > MAX_HEAD_CHARS || c.contains("<sup>") || c.starts_with("[^") {
            return None;
        }
        if let Some(cap) = LONE_FOLIO.captures(c) {
            return number(&cap[1])
                .filter(|&v| v <= plausible && !numbers.no_folio(i))
                .map(|_| Furn::Number);
        }
        let h = head_shape(c);
        (!h.is_empty() && (heads.is_head(&h) || at_margin[i])).then_some(Furn::Head(h))
    };
    let mut items = items_of(&blocks, furn_of);
    // Lines that recur at block edges far from every number (a salutation, a signature, a
    // repeated line of code) are dropped from the furniture. Where they outnumber the numbered
    // furniture in text that is not hard-wrapped, the numbers left are trusted to cut the
    // document only when they run densely (most pages show theirs); else cutting by the text
    // is the better choice. In hard-wrapped text the numbered furniture left is the better
    // marker whatever its density.
    let unnumbered_edges = !mostly_numbered(&items, &cleaned);
    drop_unanchored_heads(&mut items, &cleaned);
    if !mostly_numbered(&items, &cleaned) {
        return None;
    }
    let clusters = clusters_of(&items);
    let mut values = std::collections::HashSet::new();
    for &c in &clusters {
        for k in c.0..c.1 {
            values.extend(folio(&cleaned[items[k].lines.0]));
        }
    }
    if !hard_wrapped && unnumbered_edges && !folios_run_densely(&values) {
        return None;
    }
    let numbered = numbered_clusters(&items, &clusters, &cleaned);
    let paragraph_gap = uniform_gap(&blocks);
    let mut at = sides::place_cuts(&items, &clusters, &cleaned, &lines, &numbers, paragraph_gap);
    at.dedup_by_key(|c| c.0);
    let first_line = blocks[0].0;
    at.retain(|c| c.0 > first_line);
    // Weight of the text before each line (non-space chars), for run lengths.
    let before = cuts::weights_before(&lines);
    prune_weak_cuts(&mut at, &before, first_line, lines.len(), values.len());
    if let Some(gap) = paragraph_gap {
        snap_to_wide_gaps(&mut at, &blocks, &before, gap);
    }
    let mut cuts: Vec<(usize, f64)> = at.iter().map(|&(l, _)| (lines[l].start, 1.0)).collect();
    let first = lines[first_line].start;
    if cuts.len() + 1 < MIN_CLUSTERS {
        return None;
    }
    add_gapless_cuts(&lines, &blocks, first, &mut cuts);
    add_wide_gap_cuts(&lines, &blocks, &mut cuts, paragraph_gap);
    let marked = cuts.len();
    let regular = add_long_run_cuts(text, &lines, &blocks, first, &mut cuts);
    let unmarked = cuts.len() - marked;
    // The numbers of the clusters at page edges (a cut among their lines or just after them,
    // or the input's own ends): a number in a cluster inside a page is no folio of it.
    let cut_lines: std::collections::HashSet<usize> = at.iter().map(|c| c.0).collect();
    let numbers = clusters
        .iter()
        .filter(|c| {
            c.0 == 0
                || c.1 == items.len()
                || (c.0..=c.1.min(items.len() - 1)).any(|k| cut_lines.contains(&items[k].lines.0))
        })
        .flat_map(|c| c.0..c.1)
        .filter_map(|k| {
            let l = items[k].lines.0;
            folio_value(&cleaned[l]).map(|(v, r)| (lines[l].start, v, r))
        })
        .collect();
    (hard_wrapped
        || (regular >= REGULAR_SHARE && unmarked as f64 <= MAX_UNMARKED_PER_MARKED * marked as f64))
        .then_some(PageCuts {
            first,
            cuts,
            distinct: values.len() as f64 / numbered.max(1) as f64,
            numbers,
        })
}

/// The input's lines, each with the byte offset where it starts.
fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        lines.push(Line {
            start: at,
            text: l.trim_end_matches(['\n', '\r']),
        });
        at += l.len();
    }
    lines
}

/// Blocks: runs of non-blank lines (first and last line, inclusive).
fn blocks_of(lines: &[Line]) -> Vec<(usize, usize)> {
    let blank = |i: usize| {
        lines[i]
            .text
            .trim_matches(|c: char| c.is_whitespace())
            .is_empty()
    };
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if blank(i) {
            i += 1;
            continue;
        }
        let s = i;
        while i < lines.len() && !blank(i) {
            i += 1;
        }
        blocks.push((s, i - 1));
    }
    blocks
}

/// The stream of items: each block's furniture (as `furn_of` reads a line) at its top and
/// foot, its body between.
fn items_of(blocks: &[(usize, usize)], furn_of: impl Fn(usize) -> Option<Furn>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for &(s, e) in blocks {
        let gap = prev_end.map_or(0, |p| s - p - 1);
        let mut top = s;
        while top <= e && top < s + EDGE_LINES {
            match furn_of(top) {
                Some(f) => {
                    items.push(Item {
                        lines: (top, top),
                        furn: Some(f),
                        gap_before: if top == s { gap } else { 0 },
                    });
                    top += 1;
                }
                None => break,
            }
        }
        let mut foot = Vec::new();
        let mut bottom = e + 1;
        while bottom > top && bottom + EDGE_LINES > e + 1 {
            match furn_of(bottom - 1) {
                Some(f) => {
                    foot.push((bottom - 1, f));
                    bottom -= 1;
                }
                None => break,
            }
        }
        if bottom > top {
            items.push(Item {
                lines: (top, bottom - 1),
                furn: None,
                gap_before: if top == s { gap } else { 0 },
            });
        }
        for (i, f) in foot.into_iter().rev() {
            items.push(Item {
                lines: (i, i),
                furn: Some(f),
                gap_before: if i == s { gap } else { 0 },
            });
        }
        prev_end = Some(e);
    }
    items
}

/// The gap width (in blank lines) that [`UNIFORM_GAP_SHARE`] of the input's block gaps take,
/// if one does.
fn uniform_gap(blocks: &[(usize, usize)]) -> Option<usize> {
    let mut count: HashMap<usize, usize> = HashMap::new();
    for w in blocks.windows(2) {
        *count.entry(w[1].0 - w[0].1 - 1).or_default() += 1;
    }
    let total: usize = count.values().sum();
    let (&gap, &n) = count
        .iter()
        .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)))?;
    (n as f64 >= UNIFORM_GAP_SHARE * total as f64).then_some(gap)
}

/// Clusters: runs of furniture items (first and one past the last).
fn clusters_of(items: &[Item]) -> Vec<(usize, usize)> {
    let mut clusters = Vec::new();
    let mut k = 0;
    while k < items.len() {
        if items[k].furn.is_none() {
            k += 1;
            continue;
        }
        let s = k;
        while k < items.len() && items[k].furn.is_some() {
            k += 1;
        }
        clusters.push((s, k));
    }
    clusters
}

/// There are clusters enough, and [`NUMBERED_SHARE`] of them carry a page number.
fn mostly_numbered(items: &[Item], cleaned: &[String]) -> bool {
    let clusters = clusters_of(items);
    let numbered = numbered_clusters(items, &clusters, cleaned);
    clusters.len() >= MIN_CLUSTERS && numbered as f64 >= NUMBERED_SHARE * clusters.len() as f64
}

/// How many clusters hold a number alone or a line with a number at its edge.
fn numbered_clusters(items: &[Item], clusters: &[(usize, usize)], cleaned: &[String]) -> usize {
    clusters
        .iter()
        .filter(|c| {
            (c.0..c.1).any(|k| {
                matches!(items[k].furn, Some(Furn::Number))
                    || edge_number(&cleaned[items[k].lines.0]).is_some()
            })
        })
        .count()
}

#[cfg(test)]
mod tests;
