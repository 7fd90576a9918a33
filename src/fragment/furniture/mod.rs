//! Page edges of unmarked converter output, found by its page furniture: converters keep the
//! running heads and printed page numbers in the text, so when pages are joined without a
//! marker the lines that repeat at block edges (a number alone, a head whatever its number)
//! show where each page begins or ends. Everything is learned from the document: which lines
//! are furniture (they recur, and stand at block edges), and whether they open or close a page
//! (a converter that sets no blank line inside a page glues the furniture to its own page's
//! text; the input's first and last lines are a page's top and foot).

mod cuts;
mod read;

use super::layout::number_value;
use super::lines::{DOTTED_CONTENTS_LINE, LONE_FOLIO};
use cuts::{
    add_gapless_cuts, add_long_run_cuts, add_wide_gap_cuts, prune_weak_cuts, snap_to_wide_gaps,
};
use read::{clean, edge_number, family, folio, folio_value, head_shape, neighbour_folio, number};
use std::collections::HashMap;

/// A line that ends in dot leaders without the page number after them.
static ENDS_IN_LEADERS: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?:\.\s?){3,}$").unwrap());

/// A furniture line is short: at most this many chars once markup is stripped.
/// Chosen by hand, not fitted: running heads are one printed line.
const MAX_HEAD_CHARS: usize = 100;
/// A head shape must stand at block edges at least this many times to be learned as a
/// running head. Chosen by hand, not fitted (the layout reader's `HEAD_RECURS_ON`).
const HEAD_RECURS: usize = 3;
/// Share of a head shape's occurrences that must stand at a block edge: a running head
/// stands nowhere else, a refrain or a code line also falls inside blocks.
/// Chosen by hand, not fitted (the markdown reader's `EDGE_HEAD_SHARE`).
const EDGE_SHARE: f64 = 0.8;
/// A page number above `chars / CHARS_PER_FOLIO + FOLIO_SLACK` is a year or a count, not a
/// folio. Chosen by hand, not fitted (the markdown reader's bound, halved for converters that
/// write pages with much white space).
const CHARS_PER_FOLIO: usize = 750;
/// A running head stands once a page: occurrences of a head shape closer than this many bytes
/// (or half a page, as the document's numbers give it, if less) to the one before count as
/// one (a code line repeated on one page is no running head). Chosen by hand, not fitted: a
/// printed page holds at least [`CHARS_PER_FOLIO`] bytes (on train, 375 or 1,500 gave the
/// same figures within 0.003).
const HEAD_APART: usize = CHARS_PER_FOLIO;
/// See [`CHARS_PER_FOLIO`].
const FOLIO_SLACK: usize = 20;
/// Furniture found this many times at least before it is trusted to cut the document.
/// Chosen by hand, not fitted.
const MIN_CLUSTERS: usize = 3;
/// Votes a class of furniture needs to be placed on its own (else the document's majority
/// places it). Chosen by hand, not fitted: one vote may come from a stray number.
const MIN_VOTES: i64 = 2;
/// Share of a class's clusters whose net vote places it. Chosen by hand, not fitted.
const VOTE_SHARE: f64 = 0.3;
/// How much better the pages must read on with furniture closing them for it to be taken
/// so. Chosen by hand, not fitted.
const READS_ON_MARGIN: f64 = 0.2;
/// A number alone that stands alone at block edges this many times or more (the same value,
/// both arabic or both roman) is weak evidence of a page edge: each folio is printed once, a
/// footnote or list marker many times. Chosen by hand, not fitted.
const REPEATED_NUMBER: usize = 2;
/// A head shape seen at block edges this many times is still a running head when each time it
/// carries a page number (at its end, or alone on the line beside it), all distinct and close
/// together: the running head of a short chapter. Chosen by hand, not fitted.
const NUMBERED_HEAD_RECURS: usize = 2;
/// ... close together: the numbers span at most this many pages per occurrence. Chosen by
/// hand, not fitted (verso and recto pages of a chapter alternate heads).
const NUMBERED_HEAD_SPAN: usize = 2;
/// Running heads learned on their own that a family (`Chapter #:`) must hold for a head of
/// it seen once to count. Chosen by hand, not fitted.
const FAMILY_HEADS: usize = 2;
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

/// A running head is anchored when a number stands within this many items of it (its own
/// page's number a body away, or the number of the page before beside it). Chosen by hand,
/// not fitted: a page is one item of body between its furniture.
const ANCHOR_ITEMS: usize = 2;
/// Share of a head shape's occurrences that must be anchored for it to stay furniture.
/// Chosen by hand, not fitted.
const ANCHORED_SHARE: f64 = 0.5;

/// Share of the input's block gaps that must take one width for it to be the converter's gap
/// inside a page. Chosen by hand on train, not fitted: inside the pages, `pdftotext -layout`
/// gives its most common width to 52-82 % of the gaps, the other converters that set blank
/// lines 95-100 % (pages joined by one to three blank lines lower both a little).
const UNIFORM_GAP_SHARE: f64 = 0.85;

/// See [`folios_run_densely`]: one page's number may be missed between two read. Chosen by
/// hand, not fitted.
const CHAIN_STEP: u32 = 2;
/// See [`folios_run_densely`]. Chosen by hand, not fitted: numbers on every other page give
/// one half.
const DENSE_FOLIOS: f64 = 0.75;

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
    let mut lines = Vec::new();
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        lines.push(Line {
            start: at,
            text: l.trim_end_matches(['\n', '\r']),
        });
        at += l.len();
    }
    let blank = |i: usize| {
        lines[i]
            .text
            .trim_matches(|c: char| c.is_whitespace())
            .is_empty()
    };
    // Blocks: runs of non-blank lines.
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
    if blocks.len() < 2 {
        return None;
    }
    let cleaned: Vec<String> = lines.iter().map(|l| clean(l.text)).collect();
    // Where each head shape stands: at a block edge, or anywhere.
    let mut at_edge: HashMap<String, usize> = HashMap::new();
    let mut anywhere: HashMap<String, usize> = HashMap::new();
    // A page's length, over-estimated from below: the text over the lines at block edges that
    // carry a number (each page prints its number once; footnote markers add more).
    let numbered_edges = blocks
        .iter()
        .flat_map(|&(s, e)| (s..=e).filter(move |&i| i < s + EDGE_LINES || i + EDGE_LINES > e))
        .filter(|&i| cleaned[i].chars().count() <= MAX_HEAD_CHARS && folio(&cleaned[i]).is_some())
        .count();
    let head_apart = HEAD_APART.min(text.len() / numbered_edges.max(1) / 2);
    // Edge occurrences a page apart at least (a code line repeated on one page is no head):
    // their count, and where the last occurrence stands.
    let mut apart: HashMap<String, (usize, usize)> = HashMap::new();
    // The numbers a head shape carries at its edge occurrences.
    let mut folios_at_edge: HashMap<String, Vec<u32>> = HashMap::new();
    // The family each head shape belongs to (`Chapter #:`), where its text names one.
    let mut family_of: HashMap<String, String> = HashMap::new();
    for &(s, e) in &blocks {
        for (i, c) in cleaned.iter().enumerate().take(e + 1).skip(s) {
            if c.chars().count() > MAX_HEAD_CHARS {
                continue;
            }
            let h = head_shape(c);
            if h.chars().filter(|c| c.is_alphabetic()).count() < 3 {
                continue;
            }
            *anywhere.entry(h.clone()).or_default() += 1;
            if let Some(k) = family(c) {
                family_of.entry(h.clone()).or_insert(k);
            }
            if i < s + EDGE_LINES || i + EDGE_LINES > e {
                if let Some(v) = edge_number(c).or_else(|| neighbour_folio(&cleaned, i)) {
                    folios_at_edge.entry(h.clone()).or_default().push(v);
                }
                let pos = lines[i].start;
                let a = apart.entry(h.clone()).or_insert((0, usize::MAX));
                if a.1 == usize::MAX || pos - a.1 >= head_apart {
                    a.0 += 1;
                }
                a.1 = pos;
                *at_edge.entry(h).or_default() += 1;
            }
        }
    }
    // A head shape recurs, or it carries a page number each time, all distinct and close
    // together (the running head of a short chapter).
    let numbered_head = |h: &str, k: usize| {
        folios_at_edge.get(h).is_some_and(|v| {
            let mut d = v.clone();
            d.sort_unstable();
            d.dedup();
            let span = d.last().unwrap() - d.first().unwrap();
            v.len() == k && d.len() == k && span as usize <= NUMBERED_HEAD_SPAN * k
        })
    };
    let is_head = |h: &str| {
        at_edge.get(h).is_some_and(|&k| {
            let pages = apart[h].0;
            (pages >= HEAD_RECURS || (pages >= NUMBERED_HEAD_RECURS && numbered_head(h, k)))
                && k as f64 >= EDGE_SHARE * anywhere[h] as f64
        })
    };
    // Families that hold two running heads learned above or more (`Chapter 2: Data`,
    // `Chapter 4: Databases`): a head of the family seen once only (a chapter of two pages,
    // its opening without a head) is a running head too where it stands at block edges.
    let mut family_heads: HashMap<&str, usize> = HashMap::new();
    for (h, k) in &family_of {
        if is_head(h) {
            *family_heads.entry(k.as_str()).or_default() += 1;
        }
    }
    let is_head = |h: &str| {
        is_head(h)
            || family_of.get(h).is_some_and(|k| {
                family_heads.get(k.as_str()).copied().unwrap_or(0) >= FAMILY_HEADS
                    && at_edge
                        .get(h)
                        .is_some_and(|&e| e as f64 >= EDGE_SHARE * anywhere[h] as f64)
            })
    };
    let plausible = (text.len() / CHARS_PER_FOLIO + FOLIO_SLACK) as u32;
    // How often each number (its value, and whether roman) stands alone on a line at a block
    // edge.
    let lone_key = |i: usize| {
        LONE_FOLIO
            .captures(&cleaned[i])
            .and_then(|c| number_value(&c[1]))
    };
    let mut lone_values: HashMap<(u32, bool), usize> = HashMap::new();
    for &(s, e) in &blocks {
        for i in (s..=e).filter(|&i| i < s + EDGE_LINES || i + EDGE_LINES > e) {
            if let Some(v) = lone_key(i) {
                *lone_values.entry(v).or_default() += 1;
            }
        }
    }
    // A chapter's number in a table of contents, set alone above its entry (`3` over
    // `Importing from other systems . . . 15`): an arabic number whose next line that is not a
    // number alone is a dotted contents line, and whose value stands alone at block edges
    // elsewhere too (each folio is printed once).
    let contents_number = |i: usize| {
        let repeated = lone_key(i)
            .is_some_and(|v| !v.1 && lone_values.get(&v).copied().unwrap_or(0) >= REPEATED_NUMBER);
        repeated
            && cleaned[i + 1..]
                .iter()
                .find(|c| !c.is_empty() && !LONE_FOLIO.is_match(c))
                .is_some_and(|c| DOTTED_CONTENTS_LINE.is_match(c))
    };
    // Numbers alone glued together (no blank line between), of one kind and never falling,
    // stand in a column: a listing's line numbers, a table's cells, a contents page's page
    // numbers set apart from their titles. A folio is printed alone (pages are joined by blank
    // lines); a folio glued to a chapter's number below it (`iii` over `4`, `12` over `4`) is
    // no column.
    let column = number_columns(&cleaned);
    let in_number_column = |i: usize| column[i];
    // A contents entry's page number set on a line of its own after the entry's dot leaders
    // (`Examples . . . . .`, then `31`): the nearest line above ends in leaders.
    let after_leaders = |i: usize| {
        cleaned[..i]
            .iter()
            .rev()
            .take(read::NEIGHBOUR_LINES)
            .find(|c| !c.is_empty())
            .is_some_and(|c| ENDS_IN_LEADERS.is_match(c))
    };
    let furn_of = |i: usize| -> Option<Furn> {
        let c = &cleaned[i];
        // A footnote (its marker set as a superscript) is no furniture.
        if c.chars().count() > MAX_HEAD_CHARS || c.contains("<sup>") || c.starts_with("[^") {
            return None;
        }
        if let Some(cap) = LONE_FOLIO.captures(c) {
            return number(&cap[1])
                .filter(|&v| {
                    v <= plausible
                        && !contents_number(i)
                        && !in_number_column(i)
                        && !after_leaders(i)
                })
                .map(|_| Furn::Number);
        }
        let h = head_shape(c);
        (!h.is_empty() && is_head(&h)).then_some(Furn::Head(h))
    };
    // The stream of items: each block's furniture at its top and foot, its body between.
    let mut items: Vec<Item> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for &(s, e) in &blocks {
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
    // Each line's class: a running head (whatever its text: a verso and a recto head stand at
    // the same edge), a number set with a head, or a number apart.
    let class = |c: (usize, usize), k: usize| -> &'static str {
        match items[k].furn.as_ref().unwrap() {
            Furn::Head(_) => "head",
            Furn::Number => {
                // Set with a head: on the line next to it, no blank line between.
                let head = |j: usize| matches!(items[j].furn, Some(Furn::Head(_)));
                let headed = (k > c.0 && items[k].gap_before == 0 && head(k - 1))
                    || (k + 1 < c.1 && items[k + 1].gap_before == 0 && head(k + 1));
                if headed {
                    "#head"
                } else {
                    "#"
                }
            }
        }
    };
    // Votes: the line of a cluster glued to the body after it (no blank line between) opens a
    // page, the line glued to the body before it closes one (a page's foot number and the next
    // page's head may stand together, each glued to its own page). The input opens with a
    // page's top and ends with a page's foot: edge votes, trusted for the class they show.
    // The one gap width the converter sets between blocks inside its pages, where nearly all
    // gaps of the input take it (`pdftotext -layout` keeps the page's white space and sets
    // gaps of many widths): a cluster with that gap on one side and a wider one on the other
    // has its page edge on the wider side.
    let paragraph_gap = uniform_gap(&blocks);
    let mut votes: HashMap<&str, i64> = HashMap::new();
    let mut widths: HashMap<&str, i64> = HashMap::new();
    let mut members: HashMap<&str, i64> = HashMap::new();
    let mut edge: HashMap<&str, i64> = HashMap::new();
    let mut glued = vec![false; clusters.len()];
    let (mut starts_on_furniture, mut ends_on_furniture) = (false, false);
    // Numbers alone whose value stands alone elsewhere too (a figure's coordinates, a
    // listing's counts) cast no vote: each folio is printed once.
    let repeated_numbers = |c: (usize, usize)| {
        (c.0..c.1).all(|k| items[k].furn == Some(Furn::Number))
            && (c.0..c.1).any(|k| {
                lone_key(items[k].lines.0)
                    .is_some_and(|v| lone_values.get(&v).copied().unwrap_or(0) >= REPEATED_NUMBER)
            })
    };
    for (ci, &c) in clusters.iter().enumerate() {
        let glued_after = c.1 < items.len() && items[c.1].gap_before == 0;
        let glued_before = c.0 > 0 && items[c.0].gap_before == 0;
        glued[ci] = glued_after || glued_before;
        let (first, last) = (class(c, c.0), class(c, c.1 - 1));
        let votes_cast = !repeated_numbers(c);
        if votes_cast && glued_after && !(glued_before && c.1 - c.0 == 1) {
            *votes.entry(last).or_default() += 1;
        }
        if votes_cast && glued_before && !(glued_after && c.1 - c.0 == 1) {
            *votes.entry(first).or_default() -= 1;
        }
        // The wider of the gaps around the cluster is where the page edge lies: pages joined
        // by hand take more blank lines than the converter sets inside a page, more often
        // than not. Where both are as wide, nothing is said.
        if votes_cast && c.0 > 0 && c.1 < items.len() && paragraph_gap.is_some() {
            let (before, after) = (items[c.0].gap_before, items[c.1].gap_before);
            let narrow = Some(before.min(after)) == paragraph_gap;
            if narrow && before > after {
                *widths.entry(first).or_default() += 1;
            } else if narrow && after > before {
                *widths.entry(last).or_default() -= 1;
            }
        }
        if ci == 0 && c.0 == 0 {
            *edge.entry(first).or_default() += 1;
            starts_on_furniture = true;
        }
        if ci + 1 == clusters.len() && c.1 == items.len() {
            *edge.entry(last).or_default() -= 1;
            ends_on_furniture = true;
        }
        let mut seen: Vec<&str> = (c.0..c.1).map(|k| class(c, k)).collect();
        seen.sort_unstable();
        seen.dedup();
        for cl in seen.into_iter().filter(|_| votes_cast) {
            *members.entry(cl).or_default() += 1;
        }
    }
    // Votes speak for a class when they are enough and a good share of its clusters.
    let decided = |v: i64, n: i64| v.abs() >= MIN_VOTES && v.abs() as f64 >= VOTE_SHARE * n as f64;
    let by_edge = |cl: &str| edge.get(cl).copied().unwrap_or(0);
    // The places (within a cluster) of its two page numbers, when it holds exactly two lines
    // carrying one, of different values and of one kind (both arabic or both roman).
    let two_folios = |c: (usize, usize)| -> Option<(usize, usize)> {
        let with: Vec<(usize, (u32, bool))> = (c.0..c.1)
            .filter_map(|k| folio_value(&cleaned[items[k].lines.0]).map(|v| (k - c.0, v)))
            .collect();
        match with[..] {
            [(a, va), (b, vb)] if va.0 != vb.0 && va.1 == vb.1 => Some((a, b)),
            _ => None,
        }
    };
    // A class's side as its own evidence fixes it: its votes when they speak for a good share
    // of its clusters (a stray number glued to a line of code votes too), else the gap widths'
    // votes when they do, else the input's edges when they show it.
    let fixed = |cl: &str| -> Option<bool> {
        let v = votes.get(cl).copied().unwrap_or(0);
        let w = widths.get(cl).copied().unwrap_or(0);
        if decided(v, members.get(cl).copied().unwrap_or(0)) {
            Some(v > 0)
        } else if decided(w, members.get(cl).copied().unwrap_or(0)) {
            Some(w > 0)
        } else if by_edge(cl) != 0 {
            Some(by_edge(cl) > 0)
        } else {
            None
        }
    };
    // Cut lines (each marked weak when only a number alone, unglued, shows it: a number in a
    // listing or a table looks the same) when each class opens its page or not.
    let place = |opens: &dyn Fn(&str) -> bool| -> Vec<(usize, bool)> {
        let mut at = Vec::new();
        for (ci, &c) in clusters.iter().enumerate() {
            let n = c.1 - c.0;
            // Split the cluster where closing furniture gives way to opening furniture.
            let styles: Vec<bool> = (c.0..c.1).map(|k| opens(class(c, k))).collect();
            // Each page prints its number once: a cluster holding two different numbers of one
            // kind (a page's foot number, the next page's top number) is cut between them.
            let (lo, hi) = two_folios(c).map_or((0, n), |(a, b)| (a + 1, b));
            let best = (lo..=hi)
                .max_by_key(|&split| {
                    let agree = styles[..split].iter().filter(|o| !**o).count()
                        + styles[split..].iter().filter(|o| **o).count();
                    (agree, std::cmp::Reverse(split))
                })
                .unwrap_or(0);
            let at_item = c.0 + best;
            if at_item == 0 || at_item >= items.len() {
                continue;
            }
            let number_only = (c.0..c.1).all(|k| items[k].furn == Some(Furn::Number));
            let repeated = (c.0..c.1).any(|k| {
                lone_key(items[k].lines.0)
                    .is_some_and(|v| lone_values.get(&v).copied().unwrap_or(0) >= REPEATED_NUMBER)
            });
            // Weak: a number alone, unglued or of a value that stands alone elsewhere too.
            let weak = number_only && (!glued[ci] || repeated);
            at.push((items[at_item].lines.0, weak));
        }
        at
    };
    // A class its own evidence leaves open takes a prior: a running head opens its page
    // (chosen by hand, not fitted: running heads stand at the top), a number set with it
    // stands where the head stands, and a number apart closes its page where the input ends
    // on furniture and does not open on it (the input ends with a page's foot), else opens
    // it. Then the pages the numbers give must read on, page n into page n + 1 (the language
    // decides): another side for the open classes is taken only where its pages read on
    // better by a margin.
    let head_prior = fixed("head").unwrap_or(true);
    let prior = |cl: &str| match cl {
        "head" => head_prior,
        "#head" => head_prior,
        _ => !ends_on_furniture || starts_on_furniture,
    };
    let open: Vec<&str> = ["head", "#head", "#"]
        .into_iter()
        .filter(|cl| fixed(cl).is_none())
        .collect();
    let open = &open;
    let side = |flip: usize| {
        move |cl: &str| {
            fixed(cl).unwrap_or_else(|| {
                let k = open.iter().position(|o| *o == cl).unwrap_or(0);
                prior(cl) != (flip >> k & 1 == 1)
            })
        }
    };
    let mut at = place(&side(0));
    let base = sequence_reads_on(&items, &cleaned, &lines, &at);
    let mut best = base + READS_ON_MARGIN;
    // Where the input shows one side at one edge only, that is the evidence.
    let flips = if starts_on_furniture == ends_on_furniture {
        1usize << open.len()
    } else {
        1
    };
    let first_at = at.clone();
    for flip in 1..flips {
        let other = place(&side(flip));
        if other == first_at {
            continue;
        }
        let score = sequence_reads_on(&items, &cleaned, &lines, &other);
        if score > best {
            best = score;
            at = other;
        }
    }
    at.dedup_by_key(|c| c.0);
    let first_line = blocks[0].0;
    at.retain(|c| c.0 > first_line);
    // Weight of the text before each line (non-space chars), for run lengths.
    let mut before = Vec::with_capacity(lines.len() + 1);
    before.push(0usize);
    for l in &lines {
        let w = l.text.chars().filter(|c| !c.is_whitespace()).count();
        before.push(before.last().unwrap() + w);
    }
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
    add_wide_gap_cuts(&lines, &blocks, &mut cuts);
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

/// Do the furniture's numbers run densely? Their longest chain of values each at most
/// [`CHAIN_STEP`] above the one before holds [`DENSE_FOLIOS`] of the values it spans, and
/// [`MIN_CLUSTERS`] values at least. Heads printed on every other page only, or numbers of a
/// few pages, do not.
fn folios_run_densely(values: &std::collections::HashSet<u32>) -> bool {
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

/// Which lines stand in a column of numbers alone: two or more on consecutive lines, all
/// arabic or all roman, never falling from one line to the next.
fn number_columns(cleaned: &[String]) -> Vec<bool> {
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

/// Running heads stand beside the page numbers: a page's head and its number are set a body
/// apart at most (top and foot of one page), or side by side (a page's foot number and the
/// next page's head). A head shape that carries no number and stands far from every number
/// (a repeated line of prose or code at a block edge) is no furniture: its items go back to
/// the body.
fn drop_unanchored_heads(items: &mut [Item], cleaned: &[String]) {
    // A number alone within reach, or a head carrying its number: itself, or the other line
    // of a head set on two, next to it.
    let with_number = |j: usize| {
        matches!(items[j].furn, Some(Furn::Head(_)))
            && edge_number(&cleaned[items[j].lines.0]).is_some()
    };
    let anchored = |k: usize| {
        (k.saturating_sub(ANCHOR_ITEMS)..items.len().min(k + ANCHOR_ITEMS + 1))
            .any(|j| items[j].furn == Some(Furn::Number))
            || (k.saturating_sub(1)..items.len().min(k + 2)).any(with_number)
    };
    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
    for (k, it) in items.iter().enumerate() {
        if let Some(Furn::Head(h)) = &it.furn {
            let e = seen.entry(h.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(anchored(k));
        }
    }
    let dropped: Vec<String> = seen
        .into_iter()
        .filter(|(_, (n, a))| (*a as f64) < ANCHORED_SHARE * *n as f64)
        .map(|(h, _)| h.to_string())
        .collect();
    for it in items.iter_mut() {
        if matches!(&it.furn, Some(Furn::Head(h)) if dropped.contains(h)) {
            it.furn = None;
        }
    }
}

/// How well the pages read on when cut at `at` and numbered by their furniture: over the
/// pairs of pages numbered n and n + 1 where page n stops mid-sentence, the share where page
/// n + 1 goes on with a lower-case word less the share where it opens in upper case. Pages cut on the wrong side of their furniture take the
/// number of a random neighbour, and their pairs read on no better than chance.
fn sequence_reads_on(
    items: &[Item],
    cleaned: &[String],
    lines: &[Line],
    at: &[(usize, bool)],
) -> f64 {
    let mut bounds: Vec<usize> = at.iter().map(|c| c.0).collect();
    bounds.push(usize::MAX);
    // Per run: its number, its first and its last body line.
    let mut pages: HashMap<u32, (usize, usize)> = HashMap::new();
    let mut run = 0usize;
    let mut cur: (Option<u32>, Option<usize>, Option<usize>) = (None, None, None);
    let mut flush = |cur: &mut (Option<u32>, Option<usize>, Option<usize>)| {
        if let (Some(n), Some(f), Some(l)) = *cur {
            pages.entry(n).or_insert((f, l));
        }
        *cur = (None, None, None);
    };
    for it in items {
        while it.lines.0 >= bounds[run] {
            flush(&mut cur);
            run += 1;
        }
        match &it.furn {
            Some(_) => {
                let v = folio(&cleaned[it.lines.0]);
                cur.0 = cur.0.or(v);
            }
            None => {
                cur.1 = cur.1.or(Some(it.lines.0));
                cur.2 = Some(it.lines.1);
            }
        }
    }
    flush(&mut cur);
    let mut score = 0.0;
    let mut pairs = 0.0;
    for (&n, &(_, last)) in &pages {
        let Some(&(next, _)) = pages.get(&(n + 1)) else {
            continue;
        };
        let a = lines[last].text.trim_end();
        let b = lines[next].text.trim_start();
        let stops = a.ends_with(['.', '!', '?', ':', '"', '”', ')']);
        let lower = b.chars().next().is_some_and(|c| c.is_lowercase());
        if stops {
            // A page that ends a sentence (or a footnote) says nothing of what follows.
            continue;
        }
        pairs += 1.0;
        score += if lower { 1.0 } else { -1.0 };
    }
    if pairs > 0.0 {
        score / pairs
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
