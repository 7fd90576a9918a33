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
//! number) yields to a number alone on a line that fills a gap inside the sequence.

use super::lines::LONE_FOLIO;
use super::Fragment;
use crate::ingest::Span;
use std::collections::HashMap;

/// A number standing alone on one of a page's edge lines: where (the reader's own line index),
/// whether roman, and its value.
pub(super) type Candidate = (usize, bool, u32);

/// Pages whose number was read at the foot, against those read elsewhere, for the foot to be
/// the document's place for its numbers: then a page whose number was read at its top (a
/// section number, `3 Installing R`) while a number stands alone at its foot takes the foot's.
/// Chosen by hand, not fitted: a clear majority.
const FOOT_MAJORITY: usize = 2;

/// Most passes of the settling: each settles the numbers the last one called for, so a run of
/// missing numbers takes one pass per page of its length from each end; a page may also swap
/// between two candidates, which this bounds. Chosen by hand, not fitted.
const MAX_PASSES: usize = 64;

/// Settle the pages' numbers: `read[i]` is page `i`'s number as read (value, roman); returns,
/// per page, the candidate it takes instead (an index into `candidates[i]`), if any. Repeated
/// until nothing changes, as each number settled may call for the next. `feet[i]`: which of
/// page `i`'s candidates stands on its last line, if any.
pub(super) fn settle(
    read: &[(Option<u32>, bool)],
    candidates: &[Vec<Candidate>],
    feet: &[Option<usize>],
) -> Vec<Option<usize>> {
    let mut now: Vec<(Option<u32>, bool)> = read.to_vec();
    let mut taken: Vec<Option<usize>> = vec![None; read.len()];
    // Where the document prints its numbers at the foot, the foot's number is the page's.
    let foot_value = |i: usize| feet[i].map(|k| (Some(candidates[i][k].2), candidates[i][k].1));
    let numbered = |i: usize| read[i].0.is_some();
    let at_foot = (0..read.len())
        .filter(|&i| numbered(i) && foot_value(i) == Some(read[i]))
        .count();
    let elsewhere = (0..read.len())
        .filter(|&i| numbered(i) && foot_value(i) != Some(read[i]))
        .count();
    if at_foot >= FOOT_MAJORITY * elsewhere.max(1) {
        for i in 0..read.len() {
            if let Some(value) = foot_value(i).filter(|&v| v != read[i]) {
                now[i] = value;
                taken[i] = feet[i];
            }
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
        let mut offered: HashMap<(bool, u32), Vec<usize>> = HashMap::new();
        for (i, c) in candidates.iter().enumerate() {
            for &(_, r, v) in c {
                offered.entry((r, v)).or_default().push(i);
            }
        }
        let system_read = |r: bool| count.keys().any(|k| k.0 == r);
        let offered_by_other = |i: usize, r: bool, v: u32| {
            !system_read(r)
                && [v + 1, v.saturating_sub(1)].iter().any(|w| {
                    offered
                        .get(&(r, *w))
                        .is_some_and(|pages| pages.iter().any(|&p| p != i))
                })
        };
        // Numbers taken in this pass (each pass settles every page it can at once).
        let mut this_pass: Vec<(bool, u32)> = Vec::new();
        for (i, page) in now.iter_mut().enumerate() {
            let settled = page
                .0
                .is_some_and(|v| seen(page.1, v) == 1 && neighbour(page.1, v));
            // A settled number read beside text (a section number opening a heading, `3
            // Installing R`) gives way to a number alone on a line that fills a gap inside the
            // sequence (both its neighbours read, itself on no page).
            let beside_text = !candidates[i].iter().any(|&(_, r, v)| (Some(v), r) == *page);
            let gap = |r: bool, v: u32| v > 1 && seen(r, v - 1) > 0 && seen(r, v + 1) > 0;
            let found = candidates[i].iter().position(|&(_, r, v)| {
                seen(r, v) == 0
                    && !this_pass.contains(&(r, v))
                    && if settled {
                        beside_text && gap(r, v)
                    } else {
                        neighbour(r, v) || offered_by_other(i, r, v)
                    }
            });
            if let Some(k) = found {
                let (_, r, v) = candidates[i][k];
                *page = (Some(v), r);
                taken[i] = Some(k);
                this_pass.push((r, v));
            }
        }
        if this_pass.is_empty() {
            break;
        }
    }
    taken
}

/// Most non-empty lines at a markdown page's top searched for a number the other pages call
/// for: a running head of up to three lines (a table row's cells count as lines) and the
/// number. Chosen by hand (seen in pymupdf4llm output of gnuplot's manual, train), not fitted.
const MARKDOWN_TOP_SCAN: usize = 5;

/// Settle the printed numbers of paged markdown (see [`settle`]): the numbers alone on one of a
/// page's first lines or its last, where a table row's cells and `<br>` breaks count as lines
/// and emphasis is dropped. Only the number is set: the page's text was read already.
pub(super) fn settle_markdown_pages(text: &str, pages: &[Span], frags: &mut [Fragment]) {
    if frags.len() != pages.len() {
        return;
    }
    let plausible = 2 * pages.len() as u32 + 20;
    let candidates: Vec<(Vec<Candidate>, usize)> = pages
        .iter()
        .map(|p| {
            let lines: Vec<String> = p
                .of(text)
                .lines()
                .flat_map(|l| {
                    let t = l.trim();
                    let cells: Vec<&str> = if t.len() >= 2 && t.starts_with('|') && t.ends_with('|')
                    {
                        t[1..t.len() - 1].split('|').collect()
                    } else {
                        vec![t]
                    };
                    cells
                        .into_iter()
                        .flat_map(|c| c.split("<br>"))
                        .map(|c| {
                            c.replace("**", "")
                                .replace("<u>", "")
                                .replace("</u>", "")
                                .trim_matches(['*', '_', '#', ' '])
                                .to_string()
                        })
                        .collect::<Vec<_>>()
                })
                .filter(|l| !l.trim().is_empty() && !l.chars().all(|c| matches!(c, '-' | ':')))
                .collect();
            (
                lone_numbers(&lines, MARKDOWN_TOP_SCAN, plausible),
                lines.len(),
            )
        })
        .collect();
    let (candidates, feet) = split_feet(candidates);
    let read: Vec<(Option<u32>, bool)> = frags
        .iter()
        .map(|f| (f.page_number, f.page_roman))
        .collect();
    for (i, k) in settle(&read, &candidates, &feet).into_iter().enumerate() {
        if let Some(k) = k {
            let (_, r, v) = candidates[i][k];
            frags[i].page_number = Some(v);
            frags[i].page_roman = r;
        }
    }
}

/// A page's candidate numbers: a number standing alone (up to `plausible`) on one of its first
/// `top` lines while more text follows (a page of numbers alone is a table), or on its last.
pub(super) fn lone_numbers<S: AsRef<str>>(
    lines: &[S],
    top: usize,
    plausible: u32,
) -> Vec<Candidate> {
    let value = |l: &str| {
        LONE_FOLIO
            .captures(l)
            .and_then(|c| super::layout::number_value(&c[1]))
            .filter(|&(v, _)| v > 0 && v <= plausible)
    };
    let n = lines.len();
    let mut c: Vec<Candidate> = (0..top.min(n.saturating_sub(2)))
        .filter_map(|k| value(lines[k].as_ref()).map(|(v, r)| (k, r, v)))
        .collect();
    if n > 2 {
        c.extend(value(lines[n - 1].as_ref()).map(|(v, r)| (n - 1, r, v)));
    }
    c
}

/// Candidates per page with the count of the page's lines, split into the candidates and which
/// of them stands on the last line.
pub(super) fn split_feet(
    pages: Vec<(Vec<Candidate>, usize)>,
) -> (Vec<Vec<Candidate>>, Vec<Option<usize>>) {
    pages
        .into_iter()
        .map(|(c, n)| {
            let foot = c.iter().position(|&(at, _, _)| at + 1 == n && n > 2);
            (c, foot)
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_the_sequence_calls_for_is_taken_and_a_stray_one_is_not() {
        // Pages 1, 2, (3 missing: a head above it was not learned), 4, and a contents page
        // whose last entry (77) was read as its number while its own number (5) stands on
        // its third line.
        let read = [
            (Some(1), false),
            (Some(2), false),
            (None, false),
            (Some(4), false),
            (Some(77), false),
        ];
        let candidates = vec![
            vec![],
            vec![],
            vec![(1, false, 3), (7, false, 12)],
            vec![],
            vec![(2, false, 5), (9, false, 77)],
        ];
        assert_eq!(
            settle(&read, &candidates, &[None; 5]),
            vec![None, None, Some(0), None, Some(0)]
        );
        // A number read on another page already is never taken twice.
        let read = [(Some(1), false), (Some(2), false), (None, false)];
        let candidates = vec![vec![], vec![], vec![(0, false, 2)]];
        assert_eq!(
            settle(&read, &candidates, &[None; 3]),
            vec![None, None, None]
        );
    }

    #[test]
    fn a_section_number_read_as_a_folio_gives_way_to_a_gap_it_fills() {
        // The markitdown pages of R-admin with numbers moved to the foot (train, through
        // `tools/flavours/foot.py`): page 30 opens `3 Installing R under Windows`, its `3` read
        // (unique, with neighbours), while its own 17 stands alone at its foot; page 26 opens
        // `2 Installing R under Unix-alikes` and prints 3 at its foot.
        let read = [
            (Some(1), false),
            (Some(2), false),
            (Some(2), false),
            (Some(4), false),
            (Some(16), false),
            (Some(3), false),
            (Some(18), false),
        ];
        let candidates = vec![
            vec![],
            vec![],
            vec![(9, false, 3)],
            vec![],
            vec![],
            vec![(9, false, 17)],
            vec![],
        ];
        assert_eq!(
            settle(&read, &candidates, &[None; 7]),
            vec![None, None, Some(0), None, None, Some(0), None]
        );
    }

    #[test]
    fn where_numbers_stand_at_the_foot_a_section_number_at_the_top_gives_way() {
        // Pages 1–4 print their number at the foot; page 3 opens a chapter `2 Installing`
        // whose section number was read, and its own number 3 stands at its foot.
        let read = [
            (Some(1), false),
            (Some(2), false),
            (Some(2), false),
            (Some(4), false),
        ];
        let candidates = vec![
            vec![(9, false, 1)],
            vec![(8, false, 2)],
            vec![(7, false, 3)],
            vec![(9, false, 4)],
        ];
        let feet = [Some(0); 4];
        assert_eq!(
            settle(&read, &candidates, &feet),
            vec![None, None, Some(0), None]
        );
        // Where the numbers stand at the top and run on, a lone number at a page's foot (a
        // table's last cell) is left alone.
        let read = [
            (Some(1), false),
            (Some(2), false),
            (Some(3), false),
            (Some(4), false),
        ];
        let candidates = vec![vec![], vec![], vec![(7, false, 9)], vec![]];
        let feet = [None, None, Some(0), None];
        assert_eq!(
            settle(&read, &candidates, &feet),
            vec![None, None, None, None]
        );
    }
}
