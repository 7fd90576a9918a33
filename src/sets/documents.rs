//! Pages of more than one document in one input. A document opens with a page that reads as
//! its opening (a title page: front matter), so two or more openings, each followed by a body
//! of running text that continues from it, say the input holds several documents. The
//! hypothesis is tested by ordering the pages with every opening forced to start a document
//! of its own (virtual separators in the path: a document closes, the next opens); an opening
//! whose document gets too little running text is front matter of another document and is
//! dropped, and printed page numbers that run on from one document into the other say they
//! are one. What survives is a split; each document is then ordered on its own.
//!
//! Where a document's pages carry a running head of their own (a chapter's title on every
//! other page, its page numbers each once), the pages under it stay in one document: two
//! documents numbered alike cross at pages whose continuity is only their numbers (page 15 of
//! one followed by page 16 of the other), and exchanging the documents' tails there puts the
//! head's pages back together.
//!
//! Openings alone are the trigger: vocabulary does not tell two chapters of one book mixed
//! together from the chapters of one long document (measured on the shared corpus: the
//! between/within page-similarity ratio of two mixed Gibbon chapters, 0.90, is above that of
//! the most topic-drifting split of a single document, 0.54–0.66), so it is not used.

use crate::fragment::{Fragment, Kind};
use crate::score::ScoreMatrix;
use crate::solve::Solver;

/// Most documents told apart in one input. Chosen by hand, not fitted: an input with more
/// openings than this is more likely one document whose front matter spreads over many pages
/// (the octave manual's layout text shows 14 in the flavours corpus) than five documents.
pub const MAX_DOCUMENTS: usize = 4;

/// Pages of running text a document needs of its own. Chosen by hand, not fitted: fewer is a
/// title page with its contents or preface, which is front matter of a document, not one.
pub const MIN_BODY: usize = 3;

/// Most fragments for which tails are exchanged (see [`repair_tails`]). Chosen by hand, not
/// fitted: the search tries every pair of cut points and counts conflicts over all pages for
/// each, cubic in the fragments: at 500, about 10^8 steps for each exchange made.
pub const REPAIR_LIMIT: usize = 500;

/// Printed page numbers each document needs before their runs are compared (chosen by hand:
/// fewer is noise from a number misread in the text).
const MIN_NUMBERS: usize = 3;

/// A score no order pays willingly (as for tied copies in [`super::tie`]).
const FORBIDDEN: f32 = -1.0e5;

/// The fragments that may open a document: front matter with text, in input order.
pub fn openings(frags: &[Fragment], has_text: &[bool]) -> Vec<usize> {
    (0..frags.len())
        .filter(|&i| frags[i].kind == Kind::Front && has_text[i])
        .collect()
}

/// The matrix `m` with one virtual separator per opening but the first: a path through it
/// opens with an opening, and every separator closes a document (the fragment before it paid
/// as a last page) and opens the next with an opening (paid as a first page). No fragment
/// may precede an opening, so each opening starts a document.
fn with_separators(m: &ScoreMatrix, openings: &[usize]) -> ScoreMatrix {
    let n = m.len();
    let k = openings.len().saturating_sub(1);
    let is_opening = |i: usize| i < n && openings.binary_search(&i).is_ok();
    let mut s = ScoreMatrix::from_fn(n + k, |a, b| match (a < n, b < n) {
        (true, true) if is_opening(b) => FORBIDDEN,
        (true, true) => m.get(a, b),
        (true, false) => m.last[a],
        (false, true) if is_opening(b) => m.first[b],
        _ => FORBIDDEN,
    });
    s.first = (0..n + k)
        .map(|i| if is_opening(i) { m.first[i] } else { FORBIDDEN })
        .collect();
    s.last = (0..n + k)
        .map(|i| if i < n { m.last[i] } else { FORBIDDEN })
        .collect();
    s
}

/// The fragments split into documents, one per opening (`openings` sorted), by the best path
/// in which each opening starts a document: the documents in path order, each in its order.
pub fn separate(m: &ScoreMatrix, openings: &[usize], solver: &dyn Solver) -> Vec<Vec<usize>> {
    let n = m.len();
    let order = solver.solve(&with_separators(m, openings)).order;
    let mut docs: Vec<Vec<usize>> = vec![Vec::new()];
    for f in order {
        if f >= n {
            docs.push(Vec::new());
        } else if let Some(d) = docs.last_mut() {
            d.push(f);
        }
    }
    docs.retain(|d| !d.is_empty());
    docs
}

/// True when the printed page numbers of two documents run on from one into the other rather
/// than each counting its own pages: each has enough numbers, none is shared, and one set
/// lies wholly below the other. Two documents mixed together each count from their own start,
/// so their numbers overlap.
pub fn numbers_run_on(a: &[u32], b: &[u32]) -> bool {
    if a.len() < MIN_NUMBERS || b.len() < MIN_NUMBERS {
        return false;
    }
    let shared = a.iter().filter(|x| b.contains(x)).count();
    let (amin, amax) = (a.iter().min(), a.iter().max());
    let (bmin, bmax) = (b.iter().min(), b.iter().max());
    shared == 0 && (amax < bmin || bmax < amin)
}

/// What a fragment brings to the test: whether it is running text with text in it, its
/// printed page number (arabic) and its running head.
#[derive(Debug, Clone)]
pub struct PageFacts {
    /// Running text (not front matter, contents or back matter) with text in it.
    pub body: bool,
    /// Printed page number, arabic.
    pub number: Option<u32>,
    /// Running head.
    pub head: Option<String>,
}

/// Pages under one running head needed to call it a document's own (chosen by hand: two
/// could share a head by chance).
const MIN_HEAD: usize = 3;

/// The running heads that belong to one document: fragments under one head, at least
/// [`MIN_HEAD`] of them, no printed page number among them twice (a head over pages of two
/// documents numbered alike, such as a book's title on every even page, repeats numbers).
pub fn own_heads(facts: &[PageFacts]) -> Vec<Vec<usize>> {
    let mut heads: Vec<&str> = facts.iter().filter_map(|f| f.head.as_deref()).collect();
    heads.sort_unstable();
    heads.dedup();
    heads
        .into_iter()
        .map(|h| {
            (0..facts.len())
                .filter(|&i| facts[i].head.as_deref() == Some(h))
                .collect::<Vec<usize>>()
        })
        .filter(|g| {
            let mut nums: Vec<u32> = g.iter().filter_map(|&i| facts[i].number).collect();
            let all = nums.len();
            nums.sort_unstable();
            nums.dedup();
            g.len() >= MIN_HEAD && nums.len() == all
        })
        .collect()
}

/// Pages away from the document most of their head's pages are in.
fn conflicts(docs: &[Vec<usize>], groups: &[Vec<usize>]) -> usize {
    let n = docs.iter().flatten().max().map_or(0, |&f| f + 1);
    let mut doc_of = vec![usize::MAX; n];
    for (d, doc) in docs.iter().enumerate() {
        for &f in doc {
            doc_of[f] = d;
        }
    }
    groups
        .iter()
        .map(|g| {
            let mut per_doc = vec![0; docs.len()];
            for &f in g {
                if let Some(&d) = doc_of.get(f).filter(|&&d| d != usize::MAX) {
                    per_doc[d] += 1;
                }
            }
            g.len() - per_doc.into_iter().max().unwrap_or(0)
        })
        .sum()
}

/// Exchange the tails of two documents (each in path order) while that brings the pages of
/// a document's own running heads (`groups`) together; of equal exchanges, the one the pair
/// scores of `m` like best. Each document keeps its opening and [`MIN_BODY`] pages of running
/// text (`facts`): one document holding every page has no conflict at all, and is no repair.
pub fn repair_tails(
    m: &ScoreMatrix,
    docs: &mut [Vec<usize>],
    groups: &[Vec<usize>],
    facts: &[PageFacts],
) {
    if facts.len() > REPAIR_LIMIT {
        return;
    }
    let body = |d: &[usize]| d.iter().filter(|&&f| facts[f].body).count();
    let mut now = conflicts(docs, groups);
    // Each exchange lowers the count, so this ends; the bound is for safety only.
    for _ in 0..docs.iter().map(Vec::len).sum::<usize>() {
        if now == 0 {
            return;
        }
        let mut best: Option<(usize, f32, usize, usize, usize, usize)> = None;
        for a in 0..docs.len() {
            for b in a + 1..docs.len() {
                let (da, db) = (&docs[a], &docs[b]);
                for i in 1..=da.len() {
                    for j in 1..=db.len() {
                        if i == da.len() && j == db.len() {
                            continue;
                        }
                        let mut t = docs.to_vec();
                        t[a] = [&da[..i], &db[j..]].concat();
                        t[b] = [&db[..j], &da[i..]].concat();
                        if body(&t[a]) < MIN_BODY || body(&t[b]) < MIN_BODY {
                            continue;
                        }
                        let c = conflicts(&t, groups);
                        let pair = |x: &[usize], k: usize, y: &[usize], l: usize| {
                            if k < x.len() + 1 && l < y.len() {
                                m.get(x[k - 1], y[l])
                            } else {
                                0.0
                            }
                        };
                        let gain = pair(da, i, db, j) + pair(db, j, da, i)
                            - pair(da, i, da, i)
                            - pair(db, j, db, j);
                        if best.is_none_or(|(bc, bg, ..)| c < bc || (c == bc && gain > bg)) {
                            best = Some((c, gain, a, b, i, j));
                        }
                    }
                }
            }
        }
        match best {
            Some((c, _, a, b, i, j)) if c < now => {
                let (da, db) = (docs[a].clone(), docs[b].clone());
                docs[a] = [&da[..i], &db[j..]].concat();
                docs[b] = [&db[..j], &da[i..]].concat();
                now = c;
            }
            _ => return,
        }
    }
}

/// Facts of each fragment.
pub fn facts(frags: &[Fragment], has_text: &[bool]) -> Vec<PageFacts> {
    frags
        .iter()
        .zip(has_text)
        .map(|(f, &t)| PageFacts {
            body: t && f.kind == Kind::Body,
            number: f.page_number.filter(|_| !f.page_roman),
            head: f.running_head.clone(),
        })
        .collect()
}

/// The documents the input holds, each as a set of fragments sorted by input index, the
/// documents in the order of their lowest index; empty when it is one document. `openings`
/// sorted; `m` the pair scores; `solver` finds the separated paths.
pub fn find(
    m: &ScoreMatrix,
    facts: &[PageFacts],
    openings: &[usize],
    solver: &dyn Solver,
) -> Vec<Vec<usize>> {
    let mut open: Vec<usize> = openings.to_vec();
    if open.len() < 2 || open.len() > MAX_DOCUMENTS {
        return Vec::new();
    }
    let groups = own_heads(facts);
    while open.len() >= 2 {
        let mut docs = separate(m, &open, solver);
        repair_tails(m, &mut docs, &groups, facts);
        let body = |d: &Vec<usize>| d.iter().filter(|&&f| facts[f].body).count();
        // The document with least running text, if too little: its opening goes.
        let weakest = docs
            .iter()
            .filter(|d| body(d) < MIN_BODY)
            .min_by_key(|d| (body(d), std::cmp::Reverse(d[0])));
        if let Some(d) = weakest {
            let o = d[0];
            open.retain(|&x| x != o);
            continue;
        }
        let numbers =
            |d: &Vec<usize>| -> Vec<u32> { d.iter().filter_map(|&f| facts[f].number).collect() };
        let nums: Vec<Vec<u32>> = docs.iter().map(numbers).collect();
        // Numbers running on from one document into another: the later opening is inside one
        // document, and goes.
        let run_on = (0..docs.len())
            .flat_map(|i| (0..docs.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| i < j && numbers_run_on(&nums[i], &nums[j]))
            .map(|(i, j)| docs[i][0].max(docs[j][0]))
            .max();
        if let Some(o) = run_on {
            open.retain(|&x| x != o);
            continue;
        }
        let mut out: Vec<Vec<usize>> = docs
            .into_iter()
            .map(|mut d| {
                d.sort_unstable();
                d
            })
            .collect();
        out.sort();
        return out;
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::exact::HeldKarp;

    /// Two chains, 0→1→2→3 and 4→5→6→7, each opening with its first fragment, weakly linked
    /// across.
    fn two_chains() -> ScoreMatrix {
        let mut m = ScoreMatrix::from_fn(8, |a, b| if b == a + 1 && a != 3 { 5.0 } else { -1.0 });
        m.first = vec![-1.0; 8];
        m.first[0] = 3.0;
        m.first[4] = 3.0;
        m.last = vec![0.0; 8];
        m
    }

    fn body(n: usize) -> Vec<PageFacts> {
        vec![
            PageFacts {
                body: true,
                number: None,
                head: None,
            };
            n
        ]
    }

    #[test]
    fn two_openings_with_their_own_text_are_two_documents() {
        let m = two_chains();
        let mut f = body(8);
        f[0].body = false;
        f[4].body = false;
        let docs = find(&m, &f, &[0, 4], &HeldKarp);
        assert_eq!(docs, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    }

    #[test]
    fn a_separated_path_starts_each_document_with_its_opening() {
        let mut docs = separate(&two_chains(), &[0, 4], &HeldKarp);
        docs.sort();
        assert_eq!(docs, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    }

    #[test]
    fn an_opening_with_too_little_text_is_front_matter() {
        let m = two_chains();
        let mut f = body(8);
        f[0].body = false;
        f[4].body = false;
        f[5].body = false;
        f[6].body = false;
        assert!(find(&m, &f, &[0, 4], &HeldKarp).is_empty());
    }

    #[test]
    fn page_numbers_that_run_on_make_one_document() {
        let m = two_chains();
        let mut f = body(8);
        for (i, x) in f.iter_mut().enumerate() {
            x.number = Some(i as u32 + 1);
        }
        assert!(find(&m, &f, &[0, 4], &HeldKarp).is_empty());
        // Each counting from 1: two documents.
        for (i, x) in f.iter_mut().enumerate() {
            x.number = Some(i as u32 % 4 + 1);
        }
        assert_eq!(find(&m, &f, &[0, 4], &HeldKarp).len(), 2);
    }

    #[test]
    fn tails_cross_back_where_a_running_head_says_so() {
        // Documents 0..4 and 4..8 crossed after their second pages; the heads say which
        // pages are whose.
        let m = two_chains();
        let mut f = body(8);
        for (i, x) in f.iter_mut().enumerate() {
            x.head = Some(if i < 4 { "One" } else { "Two" }.to_string());
            x.number = Some(i as u32 % 4 + 1);
        }
        let groups = own_heads(&f);
        assert_eq!(groups.len(), 2);
        let mut docs = vec![vec![0, 1, 6, 7], vec![4, 5, 2, 3]];
        repair_tails(&m, &mut docs, &groups, &f);
        assert_eq!(docs, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    }

    #[test]
    fn a_head_over_pages_numbered_twice_is_shared() {
        let mut f = body(4);
        for (i, x) in f.iter_mut().enumerate() {
            x.head = Some("Decline and Fall".to_string());
            x.number = Some(i as u32 % 2);
        }
        assert!(own_heads(&f).is_empty());
    }

    #[test]
    fn one_opening_is_one_document() {
        assert!(find(&two_chains(), &body(8), &[0], &HeldKarp).is_empty());
    }

    #[test]
    fn numbers_that_overlap_do_not_run_on() {
        assert!(numbers_run_on(&[1, 2, 3], &[4, 5, 6]));
        assert!(!numbers_run_on(&[1, 2, 3], &[1, 2, 3, 4]));
        assert!(!numbers_run_on(&[1, 2], &[4, 5, 6]));
    }
}
