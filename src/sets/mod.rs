//! Real page sets are rarely whole and clean: a page fed twice, a page lost. This stage reads
//! what the text says about the set itself, around the solver: copies of a page are found
//! before the search and tied together so the order keeps them side by side ([`duplicates`]);
//! pages missing from the restored order are found after it ([`missing`]). On a complete set
//! of distinct pages nothing is found and nothing changes. Pages of several documents are
//! told apart before the search and each document is ordered on its own ([`documents`]).

pub mod documents;
pub mod duplicates;
mod exchange;
pub mod facts;
pub mod missing;
pub mod sections;

pub use missing::Missing;

use crate::fragment::{median, Analysis, Kind, StreamLink, Structure};
use crate::ingest::Document;
use crate::score::ScoreMatrix;
use crate::solve::{Solution, SolveConfig};
use serde::Serialize;

/// What was found about the page set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sets {
    /// Fragments present twice: `[first, copy]`, input indices, the copy standing right after
    /// the first in the order.
    pub duplicates: Vec<[usize; 2]>,
    /// Pages absent from the input.
    pub missing: Vec<Missing>,
    /// Copies left out of the output (when asked to drop duplicates), input indices.
    pub dropped: Vec<usize>,
    /// With pages of several documents: each document's fragments in reading order, the
    /// documents in output order (empty for one document).
    pub documents: Vec<Vec<usize>>,
}

/// A score far below any pair's: an order that breaks a tie pays more than any order gains.
const FORBIDDEN: f32 = -1.0e5;

/// A piece of a page shorter than this share of the median fragment is not judged a copy
/// where the pages were found by their furniture (see [`find_duplicates`]). Chosen by hand,
/// not fitted: the false copies on the held-out manuals were 0.17-0.52 of the median; without
/// the bound, true copies cut into pieces were lost on the flavours' train documents (235 of
/// 235 copies found with it, 233 without).
const SMALL_PIECE: f64 = 0.6;

/// Copies of pages among the fragments of `analysis` (see [`duplicates::find`]), read from
/// their whole text: a page of footnotes under one line of running text is a page too. Where
/// the pages were found by their furniture, a piece cut at a candidate inside a page is not
/// judged when it is small: a page fed twice carries its furniture as its original does, while a manual's
/// repeated example or the twin of a command documented alike is a piece of a page (the
/// held-out Debian manuals through `pdftotext`, blank lines: every false copy was one).
pub fn find_duplicates(doc: &Document, analysis: &Analysis) -> Vec<[usize; 2]> {
    let pieces_unjudged = analysis.by_furniture && !analysis.paged;
    let median = median(
        analysis
            .fragments
            .iter()
            .map(|f| f.content.len() as f64)
            .collect(),
    );
    let bodies: Vec<&str> = analysis
        .fragments
        .iter()
        .map(|f| {
            if pieces_unjudged && !f.starts_page && (f.content.len() as f64) < SMALL_PIECE * median
            {
                ""
            } else {
                f.content.of(&doc.text)
            }
        })
        .collect();
    let numbers: Vec<Option<u32>> = analysis.fragments.iter().map(|f| f.page_number).collect();
    duplicates::find(&bodies, &numbers, analysis.paged)
}

/// The fragments each copy must follow: the copies of a page follow it in input order, one
/// after another (`[a, b]`, `[a, c]` → a, b, c).
pub fn chains(pairs: &[[usize; 2]]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut last: Vec<(usize, usize)> = Vec::new(); // (first, last copy so far)
    for &[a, b] in pairs {
        match last.iter_mut().find(|(f, _)| *f == a) {
            Some(l) => {
                out.push((l.1, b));
                l.1 = b;
            }
            None => {
                out.push((a, b));
                last.push((a, b));
            }
        }
    }
    out
}

/// `m` with each copy tied to the fragment it follows: every other successor of that fragment
/// and every other predecessor of the copy forbidden, the copy never opening the document and
/// the fragment never closing it. The tied pair keeps its own score, so totals stay true.
pub fn tie(m: &ScoreMatrix, ties: &[(usize, usize)]) -> ScoreMatrix {
    let n = m.len();
    let mut tied = if let Some(missing) = m.missing() {
        // Sparse: the listed cells of the tied fragment's row and of its copy's column are
        // forbidden and the tied pair listed; the pairs not listed keep scoring `missing`
        // (a dense n² table here took 1.6 GB and hours at 20,000 pages with copies).
        let mut rows: Vec<Vec<(usize, f32)>> = (0..n).map(|a| m.successors(a).collect()).collect();
        for &(x, y) in ties {
            let preds: Vec<usize> = m.predecessors(y).map(|(a, _)| a).collect();
            for a in preds.into_iter().filter(|&a| a != x) {
                for cell in rows[a].iter_mut().filter(|c| c.0 == y) {
                    cell.1 = FORBIDDEN;
                }
            }
            for cell in rows[x].iter_mut() {
                cell.1 = if cell.0 == y { m.get(x, y) } else { FORBIDDEN };
            }
            if !rows[x].iter().any(|c| c.0 == y) {
                rows[x].push((y, m.get(x, y)));
            }
        }
        ScoreMatrix::sparse(rows, missing)
    } else {
        // Dense: only the tied fragment's row and its copy's column change (a pass over every
        // cell per tie cost a tenth of a 2,000-page document's run).
        let mut tied = m.clone();
        for &(x, y) in ties {
            for other in (0..n).filter(|&o| o != x && o != y) {
                tied.set(x, other, FORBIDDEN);
                tied.set(other, y, FORBIDDEN);
            }
        }
        tied
    };
    tied.first = m.first.clone();
    tied.last = m.last.clone();
    for &(x, y) in ties {
        tied.first[y] = FORBIDDEN;
        tied.last[x] = FORBIDDEN;
    }
    tied
}

/// The document's structure read as if each copy were not there: a copy repeats its page's
/// footnote and page numbers and headings, which would make numbers that run once through
/// look like numbers that restart, and the solver lose them. The copy is tied to its page, so
/// its place comes from that.
pub fn structure_without_copies(analysis: &Analysis, pairs: &[[usize; 2]]) -> Structure {
    let mut frags = analysis.fragments.clone();
    for &[_, copy] in pairs {
        let f = &mut frags[copy];
        f.refs.clear();
        f.notes.clear();
        f.page_number = None;
        f.headings.clear();
        f.contents.clear();
    }
    Structure::read(&frags, &analysis.links)
}

/// How many times the median fragment's length a fragment of unmarked pages must exceed to
/// be taken for two pages whose cut was missed. Chosen by hand, not fitted (between one page,
/// whose length varies by a third around the median, and two).
const TWO_PAGES: f64 = 1.6;

/// Pages missing from `order`, by every evidence there is (`structure`: the document's, read
/// without copies; `m`: the pair scores the order was solved on).
pub fn find_missing(
    doc: &Document,
    analysis: &Analysis,
    structure: &Structure,
    order: &[usize],
    duplicates: &[[usize; 2]],
    m: &ScoreMatrix,
) -> Vec<Missing> {
    let frags = &analysis.fragments;
    let numbers: Vec<Option<u32>> = frags
        .iter()
        .map(|f| f.page_number.filter(|_| !f.page_roman))
        .collect();
    let counted: Vec<bool> = (0..frags.len())
        // A page of figures has no running text but is a page all the same.
        .map(|i| {
            !frags[i].content.of(&doc.text).trim().is_empty()
                && !duplicates.iter().any(|d| d[1] == i)
        })
        .collect();
    // Printed page numbers that count the pages say it all; footnote numbers are read where
    // there are none (a layout text's references are too often missed to count on).
    // Unmarked pages: a fragment of about two pages may be two whose cut was missed.
    // Sizes in page space (markup and small print weighted), not bytes: a contents page's
    // dotted leaders fill bytes, not pages.
    let median = median(
        (0..frags.len())
            .filter(|&i| counted[i])
            .map(|i| frags[i].length)
            .collect(),
    )
    .max(1.0);
    let size: Vec<f64> = frags.iter().map(|f| f.length / median).collect();
    let long: Vec<bool> = size
        .iter()
        .map(|&s| !analysis.paged && s > TWO_PAGES)
        .collect();
    let mut gaps = missing::by_page_numbers(&numbers, &counted, order, &long, &size)
        .unwrap_or_else(|| {
            missing::by_footnotes(&structure.notes, &counted, order, &|a, b| m.get(a, b))
        });
    // Neither says anything of the end: a text that breaks off there does.
    if let Some(&last) = order.last() {
        let f = &frags[last];
        if order.len() >= 2 && f.kind == Kind::Body {
            let text = f.content.of(&doc.text);
            let last_line = text.lines().rev().map(str::trim).find(|l| !l.is_empty());
            gaps.extend(missing::at_end(last, f, last_line.unwrap_or("")));
        }
    }
    // A gap is said when it is more likely than not: below even odds the numbers are more
    // likely misread than a page lost (on the flavours' train documents joined by blank lines,
    // one page dropped, 9 of 23 wrong reports and 4 of 70 right ones were below).
    gaps.retain(|g| g.confidence >= 0.5);
    gaps
}

/// The documents among the fragments of `analysis` (see [`documents::find`]): each a set of
/// fragments sorted by input index; empty when the input is one document.
pub fn find_documents(
    doc: &Document,
    analysis: &Analysis,
    m: &ScoreMatrix,
    cfg: &SolveConfig,
) -> Vec<Vec<usize>> {
    let frags = &analysis.fragments;
    let texts: Vec<&str> = frags.iter().map(|f| f.content.of(&doc.text)).collect();
    let has_text: Vec<bool> = texts.iter().map(|t| !t.trim().is_empty()).collect();
    let openings = documents::openings(frags, &has_text);
    if openings.len() < 2 {
        return Vec::new();
    }
    let solver = crate::solve::Auto {
        exact_limit: cfg.exact_limit,
        seed: cfg.seed,
    };
    documents::find(
        m,
        &facts::facts(frags, &texts),
        &openings,
        &solver,
        cfg.seed,
    )
}

/// Order one document's fragments (`part`, input indices) on their own: their scores, and the
/// structure read from their fragments alone (a second document's footnote or page numbers
/// would look like numbers that restart). The order comes back in input indices.
pub fn solve_document(
    m: &ScoreMatrix,
    analysis: &Analysis,
    part: &[usize],
    cfg: &SolveConfig,
) -> Solution {
    let mut sub = ScoreMatrix::from_fn(part.len(), |a, b| m.get(part[a], part[b]));
    sub.first = part.iter().map(|&f| m.first[f]).collect();
    sub.last = part.iter().map(|&f| m.last[f]).collect();
    let at = |f: usize| part.iter().position(|&x| x == f);
    let frags: Vec<_> = part
        .iter()
        .map(|&f| analysis.fragments[f].clone())
        .collect();
    let links: Vec<StreamLink> = analysis
        .links
        .iter()
        .filter_map(|l| {
            Some(StreamLink {
                from: at(l.from)?,
                to: at(l.to)?,
                p_boundary: l.p_boundary,
            })
        })
        .collect();
    let structure = Structure::read(&frags, &links);
    let mut s = crate::solve::solve(&sub, &structure, cfg);
    for f in &mut s.order {
        *f = part[*f];
    }
    s
}

/// The documents' solutions one after another, as one order of all fragments: its total and
/// margins measured on the whole matrix `m`.
pub fn join_documents(m: &ScoreMatrix, parts: Vec<Solution>) -> Solution {
    let mut parts = parts.into_iter();
    let mut s = parts.next().expect("at least one document");
    for p in parts {
        s.order.extend(p.order);
        s.optimal &= p.optimal;
    }
    s.total = m.total(&s.order);
    s.upper_bound = crate::solve::upper_bound(m).max(s.total);
    s.margins = crate::solve::margins(m, &s.order);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_chain_after_their_page() {
        assert_eq!(chains(&[[0, 2]]), vec![(0, 2)]);
        assert_eq!(
            chains(&[[0, 1], [0, 3], [2, 4]]),
            vec![(0, 1), (1, 3), (2, 4)]
        );
    }

    /// A dense matrix is tied in place: every cell as if each were checked against every tie.
    #[test]
    fn tying_changes_the_tied_rows_and_columns_only() {
        let n = 9;
        let m = ScoreMatrix::from_fn(n, |a, b| (a * 7 + b * 3) as f32 % 5.0 - 2.0);
        let ties = [(1, 4), (4, 7), (2, 0)];
        let tied = tie(&m, &ties);
        for a in 0..n {
            for b in 0..n {
                let expect = if a == b {
                    f32::NEG_INFINITY
                } else if ties.iter().any(|&(x, y)| (a == x) != (b == y)) {
                    FORBIDDEN
                } else {
                    m.get(a, b)
                };
                assert_eq!(tied.get(a, b), expect, "({a}, {b})");
            }
        }
    }

    /// A sparse matrix stays sparse when tied: the tied pair listed, the listed cells of the
    /// fragment's row and the copy's column forbidden, the rest as they were.
    #[test]
    fn a_sparse_matrix_is_tied_without_a_dense_table() {
        let rows = vec![
            vec![(1, 2.0), (2, 1.0)],
            vec![(2, 3.0), (3, 0.5)],
            vec![(3, 1.5), (0, 0.2)],
            vec![(0, 0.1), (1, 0.3)],
        ];
        let m = ScoreMatrix::sparse(rows, -200.0);
        // 3 is a copy of 0: 0 → 3 is not listed, so it scores `missing` and is listed now.
        let tied = tie(&m, &[(0, 3)]);
        assert!(tied.is_sparse());
        assert_eq!(tied.get(0, 3), -200.0);
        assert!(tied.successors(0).any(|(b, _)| b == 3));
        assert_eq!(tied.get(0, 1), FORBIDDEN);
        assert_eq!(tied.get(0, 2), FORBIDDEN);
        assert_eq!(tied.get(1, 3), FORBIDDEN);
        assert_eq!(tied.get(2, 3), FORBIDDEN);
        assert_eq!(tied.get(1, 2), 3.0);
        assert_eq!(tied.get(3, 1), 0.3);
        assert_eq!((tied.first[3], tied.last[0]), (FORBIDDEN, FORBIDDEN));
    }

    #[test]
    fn a_tied_copy_follows_its_page_in_the_best_order() {
        // Scores favour 0 → 1 → 2 → 3; fragment 3 is a copy of 0, tied after it.
        let m = ScoreMatrix::from_fn(4, |a, b| if b == a + 1 { 5.0 } else { 0.0 });
        let t = tie(&m, &[(0, 3)]);
        assert_eq!(t.get(0, 3), m.get(0, 3));
        assert_eq!(t.get(0, 1), FORBIDDEN);
        assert_eq!(t.get(2, 3), FORBIDDEN);
        assert_eq!(t.get(1, 2), m.get(1, 2));
        let s = crate::solve::exact::HeldKarp;
        let order = crate::solve::Solver::solve(&s, &t).order;
        let at = |f: usize| order.iter().position(|&x| x == f).unwrap();
        assert_eq!(at(3), at(0) + 1);
    }
}
