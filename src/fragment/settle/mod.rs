//! Printed page numbers settled by the numbers the other pages carry. A page whose number is
//! read on no other page and whose neighbour number (one less or one more) is read is taken
//! as numbered; a page without such a number (none read, one read twice, or one that stands
//! alone: a contents page's last entry, a section number) takes a number standing alone on a
//! line near its top or at its foot when that number is read on no other page and its
//! neighbour is. Converters that set the number on a line of its own below a short running
//! head (`pdftotext` without `-layout`, pdfminer, PyMuPDF, pymupdf4llm) leave many pages whose
//! head recurs too seldom to be learned; the sequence the other pages form finds them. The
//! evidence is the document's own: nothing is taken that the other pages do not call for.
//! Two readings give way: where most pages print their number at the foot, a number read
//! elsewhere yields to the foot's; and a number read beside a heading's text (a section
//! number) yields to a number alone on the page's last line that the sequence calls for, or
//! to one on a top line that fills a gap inside the sequence.
//! Where two pages call for the same number in one pass, the page whose number stands where
//! folios stand (the top lines, the last line) before one that does not takes it, and a tie
//! takes nothing: the result never depends on the order the pages come in.
//! A number read on several pages (a chapter number opening each running head of its
//! chapter) gives way to the numbers ending the pages' first lines where no two pages share
//! those.
//! Where no heads end in numbers and most pages read numbers shared, on average, by more than
//! three pages each (a chapter's), those numbers go; then a number alone inside a page, in no
//! run of the page's numbers alone (not a margin's line number), is the weakest candidate, as
//! it is anywhere where it fills a gap both neighbours' numbers call for.

use super::lines::LONE_FOLIO;
use super::Fragment;
use crate::ingest::Span;
use std::collections::HashMap;

mod read;
pub(super) use read::{
    ends_in_number_column, lone_numbers, settle_markdown_pages, take_glued_head_numbers,
};

/// Where a page's candidate number stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// On one of the page's first lines.
    Top,
    /// On the page's last line.
    Foot,
    /// Near the foot, with lines a converter set after it (margin notes, a figure's labels).
    NearFoot,
    /// At the end of the page's last line, after its text (a reader that ran the foot's
    /// number into the last line: `amstex.fmt28`, `the line. 32`).
    Trailing,
    /// On the last line, below a column of numbers alone that steps back (an index's page
    /// references): the weakest claim, as figure labels look the same.
    BelowColumn,
    /// At the end of the page's first line, after a space: a running head with its number
    /// (`Chapter 3: Objects, their modes and attributes 15`, as pypdf reads R's manuals)
    /// whose head is seen too seldom to be learned (a short chapter).
    HeadEnd,
    /// Alone on a line inside the page, away from its edges, and in no run of numbers alone
    /// (a column of line numbers steps by one or by a constant stride): a folio a converter
    /// set among a figure's labels or a margin's line numbers (`pdftotext` without `-layout`
    /// reads the lineno manual's folio after the column of its line numbers, glpk's graph
    /// manual's above a figure's labels). Taken only where it fills a gap the numbers read on
    /// both sides call for, or on a page whose number read was dropped as a chapter's.
    Inside,
}

/// A number standing alone on one of a page's edge lines: where (the reader's own line index
/// and its place), whether roman, and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) at: usize,
    pub(super) place: Place,
    pub(super) roman: bool,
    pub(super) value: u32,
    /// Whether the number belongs to a run of the page's numbers alone (see `in_run` in `read.rs`): a
    /// margin's line number rather than a folio where the page's own reading was dropped.
    pub(super) run: bool,
}

impl Candidate {
    fn reading(&self) -> (Option<u32>, bool) {
        (Some(self.value), self.roman)
    }
}

/// Pages whose number was read at the foot, against those read elsewhere, for the foot to be
/// the document's place for its numbers: then a page whose number was read at its top (a
/// section number, `3 Installing R`) while a number stands alone at its foot takes the foot's.
/// Chosen by hand, not fitted: a clear majority.
const FOOT_MAJORITY: usize = 2;

/// Pages more that the feet's numbers must run on (see [`run_length`]) than the numbers read
/// for the foot to be the document's place for its numbers though fewer than
/// [`FOOT_MAJORITY`] times as many pages read theirs there. Chosen by hand, not fitted: more
/// than one page's worth, so one stray number at a foot never turns the numbering.
const FOOT_RUN_GAIN: usize = 2;

/// How well a numbering runs: the pages whose number no other page reads and whose
/// neighbour (one less or one more) some page reads.
fn run_length(numbers: &[(Option<u32>, bool)]) -> usize {
    let mut count: HashMap<(bool, u32), usize> = HashMap::new();
    for &(v, r) in numbers {
        if let Some(v) = v {
            *count.entry((r, v)).or_default() += 1;
        }
    }
    let seen = |r: bool, v: u32| count.get(&(r, v)).copied().unwrap_or(0);
    numbers
        .iter()
        .filter(|&&(v, r)| {
            v.is_some_and(|v| {
                seen(r, v) == 1 && (seen(r, v + 1) > 0 || v > 1 && seen(r, v - 1) > 0)
            })
        })
        .count()
}

/// Fewest pages reading a number that another page reads too for the numbers ending their
/// first lines to be tried as their folios instead. Chosen by hand, not fitted: a chapter of
/// a few pages.
const REPEATED_PAGES: usize = 3;

/// Pages per shared number, on average, above which numbers read on several pages are a
/// chapter's rather than the folios of documents mixed in one input (each document reads its
/// own 1, 2, 3, …: two or three pages per number). Chosen by hand, not fitted.
const SHARED_BY: usize = 3;

/// Most passes of the settling: each settles the numbers the last one called for, so a run of
/// missing numbers takes one pass per page of its length from each end; a page may also swap
/// between two candidates, which this bounds. Chosen by hand, not fitted.
const MAX_PASSES: usize = 64;

/// What the settling made of the pages' numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Settled {
    /// Per page, the candidate it takes instead of the number read (an index into its
    /// candidates), if any.
    pub(super) taken: Vec<Option<usize>>,
    /// Per page, whether the number read is no folio and goes (a chapter number read on the
    /// pages of its chapter) where no candidate was taken instead.
    pub(super) dropped: Vec<bool>,
}

/// Settle the pages' numbers: `read[i]` is page `i`'s number as read (value, roman); returns,
/// per page, the candidate it takes instead (an index into `candidates[i]`), if any, and
/// whether the number read goes. Repeated until nothing changes, as each number settled may
/// call for the next.
pub(super) fn settle(read: &[(Option<u32>, bool)], candidates: &[Vec<Candidate>]) -> Settled {
    let mut now: Vec<(Option<u32>, bool)> = read.to_vec();
    let mut taken: Vec<Option<usize>> = vec![None; read.len()];
    let mut dropped = vec![false; read.len()];
    // Where the document prints its numbers at the foot, the foot's number is the page's.
    let feet: Vec<Option<usize>> = candidates
        .iter()
        .map(|c| c.iter().position(|c| c.place == Place::Foot))
        .collect();
    let foot_value = |i: usize| feet[i].map(|k| candidates[i][k].reading());
    let numbered = |i: usize| read[i].0.is_some();
    let at_foot = (0..read.len())
        .filter(|&i| numbered(i) && foot_value(i) == Some(read[i]))
        .count();
    let elsewhere = (0..read.len())
        .filter(|&i| numbered(i) && foot_value(i) != Some(read[i]))
        .count();
    // The numbering the feet give, and whether it runs better than the one read (a running
    // head opening with its chapter number on every verso page, `4 VERBATIM ENVIRONMENTS`,
    // while the folio stands alone on the last line, as `pdftotext` without `-layout` reads
    // the fancyvrb manual).
    let mut footed = now.clone();
    for (i, page) in footed.iter_mut().enumerate() {
        if let Some(value) = foot_value(i) {
            *page = value;
        }
    }
    let runs_better = run_length(&footed) >= run_length(&now) + FOOT_RUN_GAIN;
    let foot_numbered = at_foot >= FOOT_MAJORITY * elsewhere.max(1) || runs_better;
    if foot_numbered {
        for i in 0..read.len() {
            if let Some(value) = foot_value(i).filter(|&v| v != read[i]) {
                now[i] = value;
                taken[i] = feet[i];
            }
        }
    }
    // A number read on several pages is no folio: a chapter number opening every running head
    // of its chapter (`1 INTRODUCTIONS 4`, as the lineno manual sets them). Where at least
    // `REPEATED_PAGES` pages read a number some other page reads too, and most of them end
    // their first line with numbers no two of them share, those are their folios.
    {
        let mut count: HashMap<(bool, u32), usize> = HashMap::new();
        for &(v, r) in &now {
            if let Some(v) = v {
                *count.entry((r, v)).or_default() += 1;
            }
        }
        let repeated: Vec<usize> = (0..now.len())
            .filter(|&i| now[i].0.is_some_and(|v| count[&(now[i].1, v)] > 1))
            .collect();
        let head_end = |i: usize| candidates[i].iter().position(|c| c.place == Place::HeadEnd);
        let shared_values = |pages: &[usize]| {
            let mut values: Vec<(bool, u32)> = pages
                .iter()
                .filter_map(|&i| now[i].0.map(|v| (now[i].1, v)))
                .collect();
            values.sort_unstable();
            values.dedup();
            values.len()
        };
        let ends: Vec<(usize, usize)> = repeated
            .iter()
            .filter_map(|&i| head_end(i).map(|k| (i, k)))
            .collect();
        let mut values: Vec<u32> = ends.iter().map(|&(i, k)| candidates[i][k].value).collect();
        values.sort_unstable();
        let distinct = values.windows(2).all(|w| w[0] != w[1]);
        let numbered = now.iter().filter(|p| p.0.is_some()).count();
        if repeated.len() >= REPEATED_PAGES && distinct && 2 * ends.len() > repeated.len() {
            for (i, k) in ends {
                now[i] = candidates[i][k].reading();
                taken[i] = Some(k);
            }
        } else if repeated.len() >= REPEATED_PAGES
            && 2 * repeated.len() > numbered
            && SHARED_BY * shared_values(&repeated) < repeated.len()
        {
            // Most numbered pages share their number with another page and no number ends
            // their heads: the numbers read are the chapters' (`1 INTRODUCTIONS` as
            // `pdftotext` without `-layout` reads the lineno manual, its folio set among the
            // margin's line numbers), no folios. They go, and so does a number then left
            // without a neighbour (the one chapter of a single page).
            for &i in &repeated {
                now[i] = (None, false);
                dropped[i] = true;
            }
            let mut count: HashMap<(bool, u32), usize> = HashMap::new();
            for &(v, r) in &now {
                if let Some(v) = v {
                    *count.entry((r, v)).or_default() += 1;
                }
            }
            let seen = |r: bool, v: u32| count.contains_key(&(r, v));
            for i in 0..now.len() {
                let (v, r) = now[i];
                if v.is_some_and(|v| !(seen(r, v + 1) || v > 1 && seen(r, v - 1))) {
                    now[i] = (None, false);
                    dropped[i] = true;
                }
            }
        }
    }
    // Every number any page offers, for a numbering no page reads yet; a number inside a
    // page only where the page's own was dropped.
    let mut offered: HashMap<(bool, u32), Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        for c in c.iter().filter(|c| c.place != Place::Inside || dropped[i]) {
            offered.entry((c.roman, c.value)).or_default().push(i);
        }
    }
    for _ in 0..MAX_PASSES {
        let mut count: HashMap<(bool, u32), usize> = HashMap::new();
        for &(v, r) in &now {
            if let Some(v) = v {
                *count.entry((r, v)).or_default() += 1;
            }
        }
        let seen = |r: bool, v: u32| count.get(&(r, v)).copied().unwrap_or(0);
        let neighbour = |r: bool, v: u32| seen(r, v + 1) > 0 || (v > 1 && seen(r, v - 1) > 0);
        // Where a numbering has no number read yet (roman front matter a reader missed, or a
        // converter whose numbers no reader found), a neighbour offered by another page that
        // is not settled either starts the run.
        let system_read = |r: bool| count.keys().any(|k| k.0 == r);
        let offered_by_other = |i: usize, r: bool, v: u32| {
            !system_read(r)
                && [v + 1, v.saturating_sub(1)].iter().any(|w| {
                    offered
                        .get(&(r, *w))
                        .is_some_and(|pages| pages.iter().any(|&p| p != i))
                })
        };
        // A run read up to one page short of a number (7 read, 6 on no page: a chapter
        // opening without a folio) reaches it where another page offers the number beyond
        // (4, for 5): the front pages of the microtype manual as `pdftotext` without
        // `-layout` reads them.
        let offered_elsewhere = |i: usize, r: bool, w: u32| {
            offered
                .get(&(r, w))
                .is_some_and(|pages| pages.iter().any(|&p| p != i))
        };
        let bridges = |i: usize, r: bool, v: u32| {
            (seen(r, v + 2) > 0 && v > 1 && offered_elsewhere(i, r, v - 1))
                || (v > 2 && seen(r, v - 2) > 0 && offered_elsewhere(i, r, v + 1))
        };
        // Each page's claim in this pass: the candidate it would take and how well placed the
        // claim is (lower is better): a page without a settled number, its number where
        // folios stand; the same near the foot; a settled page giving way.
        // First every candidate each page could claim, then its claim: the first that no other
        // page could claim too, else its first (a figure's label near one page's foot, `1`,
        // must not stand against another page's only number while that page's own folio, run
        // into its last line, is free: MetaPost's manual as pdf-extract reads it).
        let mut could: Vec<(usize, Vec<usize>, bool)> = Vec::new();
        for (i, page) in now.iter().enumerate() {
            // A page whose number was dropped keeps the one it took while no other page reads
            // it: its neighbours may be settled later, as its own was.
            let settled = page.0.is_some_and(|v| {
                seen(page.1, v) == 1 && (neighbour(page.1, v) || dropped[i] && taken[i].is_some())
            });
            // A settled number read beside text (a section number opening a heading, `3
            // Installing R`, `13 Error Handling`) gives way to a number alone on the page's last
            // line that a neighbour calls for, or on a top line that fills a gap inside the
            // sequence (both its neighbours read), itself on no page.
            let beside_text = !candidates[i]
                .iter()
                .any(|c| c.place != Place::Inside && c.reading() == *page);
            let gap = |r: bool, v: u32| v > 1 && seen(r, v - 1) > 0 && seen(r, v + 1) > 0;
            let qualifies = |c: &Candidate| {
                let (r, v) = (c.roman, c.value);
                let free = !settled && (c.place != Place::Inside || dropped[i]);
                seen(r, v) == 0
                    // A number in a run of numbers alone is a line number, where the page's
                    // own number was dropped or where the document's numbers stand at the foot
                    // and it stands at the top (`1`, `2` opening a listing on the fancyvrb
                    // manual's page 20 as `pdftotext` without `-layout` reads it).
                    && !(c.run && (dropped[i] || foot_numbered && c.place == Place::Top))
                    && if c.place == Place::Inside && !free {
                        !settled && gap(r, v)
                    } else if settled {
                        beside_text
                            && (c.place == Place::Foot && neighbour(r, v)
                                || c.place == Place::Top && gap(r, v))
                    } else {
                        neighbour(r, v) || offered_by_other(i, r, v) || bridges(i, r, v)
                    }
            };
            let ks: Vec<usize> = (0..candidates[i].len())
                .filter(|&k| qualifies(&candidates[i][k]))
                .collect();
            // A number inside the page is claimed only where its edges offer none.
            let at_edges: Vec<usize> = ks
                .iter()
                .copied()
                .filter(|&k| candidates[i][k].place != Place::Inside)
                .collect();
            let ks = if at_edges.is_empty() { ks } else { at_edges };
            if !ks.is_empty() {
                could.push((i, ks, settled));
            }
        }
        let mut claimable: HashMap<(bool, u32), usize> = HashMap::new();
        for (i, ks, _) in &could {
            let mut values: Vec<(bool, u32)> = ks
                .iter()
                .map(|&k| {
                    let c = candidates[*i][k];
                    (c.roman, c.value)
                })
                .collect();
            values.sort_unstable();
            values.dedup();
            for v in values {
                *claimable.entry(v).or_default() += 1;
            }
        }
        let mut claims: Vec<(usize, usize, u8)> = Vec::new();
        let rank = |settled: bool, place: Place| match (settled, place) {
            (_, Place::Inside) => 4,
            (_, Place::BelowColumn) => 3,
            (true, _) => 2,
            (false, Place::NearFoot | Place::Trailing | Place::HeadEnd) => 1,
            (false, _) => 0,
        };
        for (i, ks, settled) in could {
            // A page whose number was dropped has no folio read to go by: it claims among its
            // best-placed candidates only (the lineno manual's folio on the line below its
            // running head, against the numbers of code lines at its foot).
            let best = ks
                .iter()
                .map(|&k| rank(settled, candidates[i][k].place))
                .min()
                .unwrap_or(0);
            let ks: Vec<usize> = ks
                .into_iter()
                .filter(|&k| !dropped[i] || rank(settled, candidates[i][k].place) == best)
                .collect();
            let alone = ks.iter().copied().find(|&k| {
                let c = candidates[i][k];
                claimable[&(c.roman, c.value)] == 1
            });
            if let Some(k) = alone.or(ks.first().copied()) {
                claims.push((i, k, rank(settled, candidates[i][k].place)));
            }
        }
        // A number claimed by several pages goes to the one best placed, or to none. Numbers
        // inside pages wait for a pass in which no number at a page's edge settles, so that
        // the edges' numbers, surer, call for them first.
        let mut settled_any = false;
        for inside in [false, true] {
            if settled_any {
                break;
            }
            let round = claims
                .iter()
                .filter(|&&(i, k, _)| (candidates[i][k].place == Place::Inside) == inside);
            for &(i, k, rank) in round {
                let c = candidates[i][k];
                let rivals = claims
                    .iter()
                    .filter(|&&(j, l, _)| j != i && candidates[j][l].reading() == c.reading());
                if rivals.clone().all(|&(_, _, other)| other > rank) {
                    now[i] = c.reading();
                    taken[i] = Some(k);
                    settled_any = true;
                }
            }
        }
        if !settled_any {
            break;
        }
    }
    Settled { taken, dropped }
}

#[cfg(test)]
mod tests;
