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

use super::exchange::{match_openings, move_claimed, move_noted, move_numbered, repair_tails};
use super::facts::PageFacts;
use super::sections::{cut_at_openings, rising_path, section_ranks, sections_run_on};
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

/// The fragments that may open a document: front matter with text, in input order. A page
/// holding a copyright notice opens none: it stands on the back of its title page (taken for
/// a second opening, it split R's manuals joined by blank lines in two).
pub fn openings(frags: &[Fragment], has_text: &[bool]) -> Vec<usize> {
    (0..frags.len())
        .filter(|&i| {
            frags[i].kind == Kind::Front
                && has_text[i]
                && !crate::fragment::copyright_notice(&frags[i].body)
        })
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

/// Largest step between the footnote numbers of two pages that follow each other with notes:
/// a page holds a handful of notes (as `missing::MAX_NOTES_GAP`, chosen by hand).
const NOTE_STEP: u32 = 12;

/// Places in the documents (each in path order) where footnote numbers do not run on from
/// one page with notes to the next: a step back, or a jump forward of more than
/// [`NOTE_STEP`]. Two documents that number their notes each from its own start cross where
/// a page of one is followed by a page of the other, and their numbers break there.
pub(super) fn note_breaks(docs: &[Vec<usize>], facts: &[PageFacts]) -> usize {
    // Only where each document can number its notes once through (a collection whose papers
    // each count their notes from 1 breaks at every paper, and those breaks say nothing of
    // which paper is whose).
    if !notes_numbered_once(facts, docs.len()) {
        return 0;
    }
    docs.iter()
        .map(|d| {
            let noted: Vec<(u32, u32)> = d.iter().filter_map(|&f| facts[f].notes).collect();
            noted
                .windows(2)
                .filter(|w| w[1].0 <= w[0].1 || w[1].0 > w[0].1 + NOTE_STEP)
                .count()
        })
        .sum()
}

/// Whether each of `documents` documents can number its notes once through: no note number
/// stands on more pages than there are documents.
fn notes_numbered_once(facts: &[PageFacts], documents: usize) -> bool {
    numbered_once(facts.iter().map(|f| f.notes), documents)
}

/// Whether no number of `ranges` (each capped at [`NOTE_STEP`] numbers) stands on more
/// fragments than there are documents.
pub(super) fn numbered_once(
    ranges: impl Iterator<Item = Option<(u32, u32)>>,
    documents: usize,
) -> bool {
    let mut seen: Vec<usize> = Vec::new();
    for (lo, hi) in ranges.flatten() {
        for x in lo..=hi.min(lo + NOTE_STEP) {
            let x = x as usize;
            if seen.len() <= x {
                seen.resize(x + 1, 0);
            }
            seen[x] += 1;
        }
    }
    seen.iter().all(|&c| c <= documents)
}

/// The documents the input holds, each as a set of fragments sorted by input index, the
/// documents in the order of their lowest index; empty when it is one document. `openings`
/// sorted; `m` the pair scores; `solver` finds the separated paths, `seed` seeds the section
/// repair's kicks.
pub fn find(
    m: &ScoreMatrix,
    facts: &[PageFacts],
    openings: &[usize],
    solver: &dyn Solver,
    seed: u64,
) -> Vec<Vec<usize>> {
    let mut open: Vec<usize> = openings.to_vec();
    if open.len() < 2 || open.len() > MAX_DOCUMENTS {
        return Vec::new();
    }
    let groups = own_heads(facts);
    let ranks = section_ranks(facts);
    let rising = ranks
        .as_ref()
        .map(|r| rising_path(m, solver.solve(m).order, r, seed));
    let sections = rising.as_deref().zip(ranks.as_deref());
    while open.len() >= 2 {
        let docs = match sections.and_then(|(o, r)| cut_at_openings(m, o, &open, r, facts)) {
            // Section numbers place every section; a running head is weaker evidence (in
            // markdown a section's heading line can pass for one).
            Some(docs) => docs,
            None => {
                let mut docs = separate(m, &open, solver);
                repair_tails(m, &mut docs, &groups, facts);
                docs
            }
        };
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
        // document, and goes. Not where the section numbers skip between them: a few page
        // numbers of two documents can fall one below the other by chance (pages 23–41 of
        // Federalist I–X and 43–49 of LXXVI–LXXXV), a section number hardly jumps by chance.
        let run_on = (0..docs.len())
            .flat_map(|i| (0..docs.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| {
                i < j
                    && numbers_run_on(&nums[i], &nums[j])
                    && sections_run_on(&docs[i], &docs[j], facts)
            })
            .map(|(i, j)| docs[i][0].max(docs[j][0]))
            .max();
        if let Some(o) = run_on {
            open.retain(|&x| x != o);
            continue;
        }
        let mut docs = docs;
        match_openings(&mut docs, facts);
        move_claimed(&mut docs, facts);
        move_noted(m, &mut docs, facts);
        move_numbered(m, &mut docs, facts);
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
    use crate::sets::facts::words;
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

    #[test]
    fn a_copyright_page_opens_no_document() {
        use crate::ingest::Span;
        let front = |body: &str| {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.kind = Kind::Front;
            f.body = body.to_string();
            f
        };
        let frags = vec![
            front("An Introduction to R\nW. N. Venables, D. M. Smith and the R Core Team"),
            front("This manual is for R, version 4.2.2.\nCopyright (C) 1990 W. N. Venables"),
            Fragment::empty(Span::new(0, 0), Span::new(0, 0)),
        ];
        assert_eq!(openings(&frags, &[true; 3]), vec![0]);
    }

    fn body(n: usize) -> Vec<PageFacts> {
        vec![
            PageFacts {
                body: true,
                number: None,
                head: None,
                sections: Vec::new(),
                listed: Vec::new(),
                notes: None,
                claims: None,
                top: Vec::new(),
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
        let docs = find(&m, &f, &[0, 4], &HeldKarp, 0);
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
        assert!(find(&m, &f, &[0, 4], &HeldKarp, 0).is_empty());
    }

    #[test]
    fn page_numbers_that_run_on_make_one_document() {
        let m = two_chains();
        let mut f = body(8);
        for (i, x) in f.iter_mut().enumerate() {
            x.number = Some(i as u32 + 1);
        }
        assert!(find(&m, &f, &[0, 4], &HeldKarp, 0).is_empty());
        // Each counting from 1: two documents.
        for (i, x) in f.iter_mut().enumerate() {
            x.number = Some(i as u32 % 4 + 1);
        }
        assert_eq!(find(&m, &f, &[0, 4], &HeldKarp, 0).len(), 2);
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
        assert!(find(&two_chains(), &body(8), &[0], &HeldKarp, 0).is_empty());
    }

    /// Sections 1-3 (fragments 1..4) and 7-9 (5..8), openings 0 and 4; pair scores that
    /// read on everywhere, so only the numbers say where one document ends.
    fn numbered_pair() -> (ScoreMatrix, Vec<PageFacts>) {
        let mut m = ScoreMatrix::from_fn(8, |a, b| if b == a + 1 { 2.0 } else { -1.0 });
        m.first = vec![0.0; 8];
        m.last = vec![0.0; 8];
        let mut f = body(8);
        for (i, n) in [(1, 1), (2, 2), (3, 3), (5, 7), (6, 8), (7, 9)] {
            f[i].sections = vec![(2, vec![n])];
        }
        f[0].body = false;
        f[4].body = false;
        (m, f)
    }

    #[test]
    fn a_skip_in_section_numbers_is_where_documents_are_cut() {
        let (m, f) = numbered_pair();
        let ranks = section_ranks(&f).unwrap();
        // One rising path through both, the second opening standing anywhere in it.
        let order = [0, 1, 2, 4, 3, 5, 6, 7];
        let docs = cut_at_openings(&m, &order, &[0, 4], &ranks, &f).unwrap();
        let mut sets: Vec<Vec<usize>> = docs
            .into_iter()
            .map(|mut d| {
                d.sort_unstable();
                d
            })
            .collect();
        sets.sort();
        assert_eq!(sets, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
        // Through `find`, with the path found by the solver.
        assert_eq!(find(&m, &f, &[0, 4], &HeldKarp, 0), sets);
    }

    #[test]
    fn a_contents_page_keeps_what_it_lists_together() {
        // Numbers 1-6 run on: nothing skips; contents page 8 lists 1-4, so the cut falls
        // after section 4 and the contents joins that document.
        let mut m = ScoreMatrix::from_fn(9, |a, b| if b == a + 1 { 2.0 } else { -1.0 });
        m.first = vec![0.0; 9];
        m.last = vec![0.0; 9];
        let mut f = body(9);
        for (i, x) in f.iter_mut().enumerate().take(7).skip(1) {
            x.sections = vec![(2, vec![i as u32])];
        }
        f[8].listed = (1..5).map(|n| vec![n]).collect();
        let ranks = section_ranks(&f).unwrap();
        let order = [0, 8, 1, 2, 3, 4, 5, 6, 7];
        let docs = cut_at_openings(&m, &order, &[0, 7], &ranks, &f).unwrap();
        let holder = docs.iter().find(|d| d.contains(&8)).unwrap();
        assert!([1, 2, 3, 4].iter().all(|x| holder.contains(x)), "{docs:?}");
        assert!(!holder.contains(&5), "{docs:?}");
    }

    #[test]
    fn a_title_range_places_the_cut_where_numbers_run_on() {
        // Sections 1-6 (fragments 1-3, 5-7) read on, the second opening (4) likes fragment 2
        // best; the titles claim 1-3 and 4-6.
        let mut m = ScoreMatrix::from_fn(8, |a, b| if b == a + 1 { 2.0 } else { -1.0 });
        m.set(3, 5, 2.0);
        m.set(4, 2, 3.0);
        m.first = vec![0.0; 8];
        m.last = vec![0.0; 8];
        let mut f = body(8);
        for (i, n) in [(1, 1), (2, 2), (3, 3), (5, 4), (6, 5), (7, 6)] {
            f[i].sections = vec![(2, vec![n])];
        }
        f[0].body = false;
        f[4].body = false;
        let ranks = section_ranks(&f).unwrap();
        let order = [0, 1, 2, 3, 5, 6, 7, 4];
        let cut = |f: &[PageFacts]| {
            let mut d = cut_at_openings(&m, &order, &[0, 4], &ranks, f).unwrap();
            d.iter_mut().for_each(|d| d.sort_unstable());
            d.sort();
            d
        };
        assert_eq!(cut(&f), vec![vec![0, 1], vec![2, 3, 4, 5, 6, 7]]);
        f[0].claims = Some((1, 3));
        f[4].claims = Some((4, 6));
        assert_eq!(cut(&f), vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    }

    #[test]
    fn numbers_of_two_schemes_or_twice_do_not_rank() {
        let mut f = body(4);
        f[0].sections = vec![(2, vec![7])];
        f[1].sections = vec![(2, vec![7, 1, 1])];
        f[2].sections = vec![(2, vec![8])];
        assert!(section_ranks(&f).is_none());
        f[1].sections = vec![(2, vec![8])];
        assert!(section_ranks(&f).is_none());
        f[1].sections = vec![(2, vec![9])];
        assert_eq!(
            section_ranks(&f).unwrap(),
            vec![Some((0, 1)), Some((4, 5)), Some((2, 3)), None]
        );
    }

    #[test]
    fn footnote_numbers_break_where_documents_cross() {
        let mut f = body(4);
        for (i, r) in [(1, 5), (6, 9), (1, 4), (5, 8)].into_iter().enumerate() {
            f[i].notes = Some(r);
        }
        assert_eq!(note_breaks(&[vec![0, 1], vec![2, 3]], &f), 0);
        // 1-5 then 5-8 steps back; 1-4 then 6-9 skips a number only (a page may be lost).
        assert_eq!(note_breaks(&[vec![0, 3], vec![2, 1]], &f), 1);
        assert_eq!(note_breaks(&[vec![1, 2], vec![0, 3]], &f), 2);
        // Numbers on more pages than there are documents: no evidence.
        f[1].notes = Some((1, 2));
        assert_eq!(note_breaks(&[vec![1, 2], vec![0, 3]], &f), 0);
    }

    #[test]
    fn numbers_that_overlap_do_not_run_on() {
        assert!(numbers_run_on(&[1, 2, 3], &[4, 5, 6]));
        assert!(!numbers_run_on(&[1, 2, 3], &[1, 2, 3, 4]));
        assert!(!numbers_run_on(&[1, 2], &[4, 5, 6]));
    }

    /// Two documents of five fragments each, both numbering notes from 1: fragment 4 carries
    /// note 2 like fragment 1 of its document, the other document has no note 2, and its
    /// pair score with fragment 7 of the other document is `across`.
    fn noted(across: f32) -> (ScoreMatrix, Vec<Vec<usize>>, Vec<PageFacts>) {
        let mut m = ScoreMatrix::from_fn(10, |_, _| 0.0);
        m.set(7, 4, across);
        let mut facts = body(10);
        for (f, n) in [(1, 2), (4, 2), (6, 1), (7, 3)] {
            facts[f].notes = Some((n, n));
        }
        (m, vec![vec![0, 1, 2, 3, 4, 9], vec![5, 6, 7, 8]], facts)
    }

    #[test]
    fn a_page_whose_note_number_its_document_has_goes_where_it_fits() {
        let (m, mut docs, facts) = noted(2.0);
        move_noted(&m, &mut docs, &facts);
        assert_eq!(docs, vec![vec![0, 1, 2, 3, 9], vec![5, 6, 7, 8, 4]]);
    }

    #[test]
    fn a_page_whose_number_its_document_has_goes_where_it_fits() {
        let (m, mut docs, mut facts) = noted(2.0);
        for f in &mut facts {
            f.number = f.notes.map(|(n, _)| n);
            f.notes = None;
        }
        move_numbered(&m, &mut docs, &facts);
        assert_eq!(docs, vec![vec![0, 1, 2, 3, 9], vec![5, 6, 7, 8, 4]]);
    }

    #[test]
    fn a_clash_the_pair_scores_do_not_side_with_moves_nothing() {
        let (m, mut docs, facts) = noted(-2.0);
        move_noted(&m, &mut docs, &facts);
        assert_eq!(docs, vec![vec![0, 1, 2, 3, 4, 9], vec![5, 6, 7, 8]]);
    }

    #[test]
    fn each_document_gets_the_opening_its_pages_name() {
        // Title pages differing in one word, crossed: document 0 opens with the title
        // naming `XII`, whose heading is on document 1's pages.
        let mut f = body(6);
        f[0].top = words("The History Chapter XII Edward Gibbon");
        f[3].top = words("The History Chapter XI Edward Gibbon");
        f[1].top = words("Chapter XI. Reign of Claudius");
        f[2].top = words("Chapter XI. Reign of Claudius 5");
        f[4].top = words("Chapter XII. Reigns of Tacitus");
        f[5].top = words("I. Probus");
        let mut docs = vec![vec![0, 1, 2], vec![3, 4, 5]];
        match_openings(&mut docs, &f);
        assert_eq!(docs, vec![vec![3, 1, 2], vec![0, 4, 5]]);
        // A word spread over both documents' pages is no reason to exchange.
        let mut f = body(6);
        f[0].top = words("Chapter I");
        f[3].top = words("Chapter II");
        f[1].top = words("I said");
        f[4].top = words("I think");
        let mut docs = vec![vec![0, 1, 2], vec![3, 4, 5]];
        match_openings(&mut docs, &f);
        assert_eq!(docs, vec![vec![0, 1, 2], vec![3, 4, 5]]);
    }

    #[test]
    fn a_page_headed_by_a_section_another_title_claims_goes_there() {
        // Openings 0 (Nos. 31-40) and 5 (Nos. 51-60); page 3, headed by section 56, stands in
        // the first document, page 8 (headed 36) in the second.
        let mut f = body(10);
        f[0].claims = Some((31, 40));
        f[5].claims = Some((51, 60));
        for (p, h) in [
            (1, "XXXI. Taxation"),
            (3, "LVI. The Same Subject"),
            (6, "LI. Checks"),
        ] {
            f[p].head = Some(h.to_string());
        }
        f[8].head = Some("XXXVI. Taxation".to_string());
        let mut docs = vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7, 8, 9]];
        assert_eq!(super::super::exchange::claim_breaks(&docs, &f), 2);
        move_claimed(&mut docs, &f);
        assert_eq!(docs, vec![vec![0, 1, 2, 4, 8], vec![5, 6, 7, 9, 3]]);
        assert_eq!(super::super::exchange::claim_breaks(&docs, &f), 0);
        // Where a title claims nothing, heads say nothing of whose a section is.
        f[5].claims = None;
        let mut docs = vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7, 8, 9]];
        move_claimed(&mut docs, &f);
        assert_eq!(docs, vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7, 8, 9]]);
    }
}
