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

use crate::fragment::structure::Contents;
use crate::fragment::{Fragment, Kind, Structure};
use crate::score::ScoreMatrix;
use crate::solve::{monotone, SolveStats, Solver};

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

/// Numbered section headings of each fragment, ranked together over the whole input, as the
/// ranges the monotone repair reads (headings even, `2 × rank` to `2 × rank + 1`); `None`
/// when the numbers do not make one order: fewer than [`MIN_SECTIONS`], a number twice
/// (documents numbered alike, or numbers that are not sections), or numbers of different
/// depth at one heading level (two numbering schemes, such as `VII.` and `G.1.1`, whose
/// numbers cannot be ranked together).
///
/// Documents of a series number their sections on from one another or each from its own
/// start; ranked together, each document's sections are a run of consecutive ranks, and a
/// path that keeps all of them rising puts every section, with the pages that follow its
/// heading, in the document its number belongs to. Pair scores alone cannot: two essays of
/// one author continue each other's pages nearly as well as their own (the Federalist
/// pairs: 0.54–0.66 of pages in their own document without this).
pub fn section_ranks(facts: &[PageFacts]) -> Option<Vec<Option<(u32, u32)>>> {
    let mut keys: Vec<&Vec<u32>> = Vec::new();
    let mut depth: Vec<(u8, usize)> = Vec::new();
    for (level, key) in facts.iter().flat_map(|f| f.sections.iter()) {
        match depth.iter().find(|d| d.0 == *level) {
            Some(d) if d.1 != key.len() => return None,
            Some(_) => {}
            None => depth.push((*level, key.len())),
        }
        keys.push(key);
    }
    let total = keys.len();
    keys.sort();
    keys.dedup();
    if total < MIN_SECTIONS || keys.len() != total {
        return None;
    }
    let rank = |k: &Vec<u32>| keys.binary_search(&k).map_or(0, |r| r as u32);
    Some(
        facts
            .iter()
            .map(|f| {
                let lo = f.sections.iter().map(|(_, k)| rank(k)).min()?;
                let hi = f.sections.iter().map(|(_, k)| rank(k)).max()?;
                Some((2 * lo, 2 * hi + 1))
            })
            .collect(),
    )
}

/// Fewest numbered sections that make a section order worth keeping (as for one document's
/// sections, `fragment::structure::sections`: with two, pair scores decide as well). Chosen by
/// hand.
const MIN_SECTIONS: usize = 3;

/// `order`, a path through `m`, with the numbered sections put in rising order and then kept
/// so: whole sections moved into order, polished, and repaired by the monotone repair that
/// orders one document's sections (a step back costs it a fixed penalty against the pair
/// scores), from the sorted order and from the path itself, the better kept, and its sections
/// sorted again where the repair left a step back. Every kind of
/// matter counts as running text here: the openings are placed by [`cut_at_openings`].
pub fn rising_path(
    aug: &ScoreMatrix,
    order: Vec<usize>,
    ranks: &[Option<(u32, u32)>],
    seed: u64,
) -> Vec<usize> {
    let total = aug.len();
    let sections = ranks.to_vec();
    let keys: Vec<Option<Vec<u32>>> = sections.iter().map(|r| r.map(|(lo, _)| vec![lo])).collect();
    let structure = Structure {
        kinds: vec![Kind::Body; total],
        page_start: vec![0.0; total],
        contents: Contents::default(),
        listed: vec![None; total],
        notes: vec![None; total],
        sections,
        section_keys: Some(keys),
        anchors: Vec::new(),
        pages_run_on: false,
    };
    let Some(mono) = monotone::Monotone::new(&structure) else {
        return order;
    };
    let mut stats = SolveStats::default();
    let mut sorted = order.clone();
    if crate::solve::sections::order_sections(&mut sorted, &structure) {
        crate::solve::local::polish(aug, &mut sorted, &mut stats);
    }
    monotone::repair(aug, &mono, &mut sorted, seed, &mut stats);
    let mut own = order;
    monotone::repair(aug, &mono, &mut own, seed.wrapping_add(1), &mut stats);
    let mut best = if mono.objective(aug, &own) > mono.objective(aug, &sorted) + 1e-9 {
        own
    } else {
        sorted
    };
    // The repair weighs a step back against pair scores and may keep some; documents are cut
    // from this path by its numbers, so they are made to rise: whole sections sorted once more.
    crate::solve::sections::order_sections(&mut best, &structure);
    best
}

/// The documents of a path whose numbered sections rise through all documents (`order`):
/// each document a run of the path, headed by one of the `openings`, the runs and the
/// openings that head them chosen together for the best scores (the opening's own as a first
/// page and into its run's first fragment, the run's last fragment's as a last page, less the
/// junctions cut). An opening holding a numbered heading heads the run at its own place. A
/// contents page listing numbered sections follows the opening of the run holding most of
/// them, and each cut between the sections it lists costs [`CONTENTS_WEIGHT`]. The
/// documents in path order, each in its order; `None` when no choice fits or a document would
/// hold no numbered section.
///
/// A run of numbered sections skips a number (XL then LI, A.1.5 then A.3) where documents
/// numbered apart meet; inside one document the numbers run on. Each skip the runs do not
/// cut costs [`SKIP_WEIGHT`].
///
/// A dynamic programme over the cut points and the set of openings used: `O(L² · 2^k · k)`
/// for `L` fragments and `k` ≤ [`MAX_DOCUMENTS`] openings.
pub fn cut_at_openings(
    m: &ScoreMatrix,
    order: &[usize],
    openings: &[usize],
    ranks: &[Option<(u32, u32)>],
    facts: &[PageFacts],
) -> Option<Vec<Vec<usize>>> {
    let k = openings.len();
    if !(2..=MAX_DOCUMENTS).contains(&k) {
        return None;
    }
    let is_opening = |f: usize| openings.binary_search(&f).is_ok();
    // Contents pages listing numbered sections of the input: taken out of the path, each goes
    // after the opening of the run that holds most of what it lists.
    let holder = |key: &Vec<u32>| {
        (0..facts.len()).find(|&f| facts[f].sections.iter().any(|(_, k)| k == key))
    };
    let tocs: Vec<(usize, Vec<usize>)> = order
        .iter()
        .filter(|&&f| !is_opening(f))
        .map(|&f| {
            (
                f,
                facts[f]
                    .listed
                    .iter()
                    .filter_map(holder)
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, held)| held.len() >= 2)
        .collect();
    let is_header = |f: usize| is_opening(f) || tocs.iter().any(|t| t.0 == f);
    let rest: Vec<usize> = order.iter().copied().filter(|&f| !is_header(f)).collect();
    let len = rest.len();
    if len < k {
        return None;
    }
    let at = |f: usize| rest.iter().position(|&x| x == f);
    // Where an opening with a numbered heading stands among the other fragments.
    let forced: Vec<Option<usize>> = openings
        .iter()
        .map(|&o| {
            ranks.get(o).copied().flatten()?;
            let at = order.iter().position(|&f| f == o)?;
            Some(order[..at].iter().filter(|&&f| !is_header(f)).count())
        })
        .collect();
    // A cut inside the sections one contents page lists parts what it says is one document.
    let listed: Vec<(usize, usize)> = tocs
        .iter()
        .filter_map(|(_, held)| {
            let places: Vec<usize> = held.iter().filter_map(|&f| at(f)).collect();
            Some((*places.iter().min()?, *places.iter().max()?))
        })
        .collect();
    let parts_listed = |i: usize| listed.iter().filter(|&&(lo, hi)| lo < i && i <= hi).count();
    // Skips between numbered fragments standing next to each other among the numbered ones:
    // (position of the first, position of the second).
    let numbered: Vec<usize> = (0..len).filter(|&i| ranks[rest[i]].is_some()).collect();
    let skips: Vec<(usize, usize)> = numbered
        .windows(2)
        .filter(|w| {
            let last = facts[rest[w[0]]].sections.iter().map(|(_, k)| k).max();
            let next = facts[rest[w[1]]].sections.iter().map(|(_, k)| k).min();
            matches!((last, next), (Some(a), Some(b)) if !runs_on(a, b))
        })
        .map(|w| (w[0], w[1]))
        .collect();
    let inside = |i: usize, j: usize| skips.iter().filter(|&&(p, q)| p >= i && q < j).count();
    let full = (1usize << k) - 1;
    let none = f64::NEG_INFINITY;
    // best[i][set]: a cut before rest[i] with the openings of `set` heading the runs before it.
    let mut best = vec![vec![none; full + 1]; len + 1];
    let mut back = vec![vec![(0usize, 0usize, 0usize); full + 1]; len + 1];
    best[0][0] = 0.0;
    for i in 0..len {
        for set in 0..full {
            let here = best[i][set];
            if here == none {
                continue;
            }
            let cut = if i > 0 {
                f64::from(m.get(rest[i - 1], rest[i])) + CONTENTS_WEIGHT * parts_listed(i) as f64
            } else {
                0.0
            };
            for (b, &o) in openings.iter().enumerate() {
                if set & (1 << b) != 0 || forced[b].is_some_and(|f| f != i) {
                    continue;
                }
                let head = here - cut + f64::from(m.first[o]) + f64::from(m.get(o, rest[i]));
                let next = set | (1 << b);
                for j in i + 1..=len {
                    // The last run ends at the path's end; the others before it.
                    if (next == full) != (j == len) {
                        continue;
                    }
                    let v =
                        head + f64::from(m.last[rest[j - 1]]) - SKIP_WEIGHT * inside(i, j) as f64;
                    if v > best[j][next] {
                        best[j][next] = v;
                        back[j][next] = (i, set, b);
                    }
                }
            }
        }
    }
    if best[len][full] == none {
        return None;
    }
    let mut docs: Vec<Vec<usize>> = Vec::new();
    let (mut j, mut set) = (len, full);
    while set != 0 {
        let (i, prev, b) = back[j][set];
        docs.push(
            std::iter::once(openings[b])
                .chain(rest[i..j].iter().copied())
                .collect(),
        );
        j = i;
        set = prev;
    }
    docs.reverse();
    // Every document must hold numbered sections of its own: a run without any is held to
    // its opening by pair scores alone, which is no evidence of a document (the contents
    // pages of an R manual, numbered 1–4 before its chapters' pages 1–33, were cut off so).
    if docs.iter().any(|d| d.iter().all(|&f| ranks[f].is_none())) {
        return None;
    }
    for (toc, held) in &tocs {
        let d = (0..docs.len())
            .max_by_key(|&d| {
                let n = held.iter().filter(|f| docs[d].contains(f)).count();
                (n, std::cmp::Reverse(d))
            })
            .unwrap_or(0);
        docs[d].insert(1, *toc);
    }
    Some(docs)
}

/// Cost of a skip in section numbers left inside one document: the monotone repair's penalty
/// for a section out of order (`solve::monotone`, 10, chosen by hand there), so that numbers
/// weigh against pair scores alike in both.
const SKIP_WEIGHT: f64 = 10.0;

/// Cost of a cut between sections one contents page lists: as [`SKIP_WEIGHT`], chosen by hand.
const CONTENTS_WEIGHT: f64 = 10.0;

/// True when heading number `b` may come next after `a` in one document: `a`'s first child
/// (`A.1` → `A.1.1`), or the next at some level of `a`, perhaps with its first children
/// (`A.1.5` → `A.2`, `A.2.1`; `X` → `XI`).
pub fn runs_on(a: &[u32], b: &[u32]) -> bool {
    if b.len() == a.len() + 1 && b.starts_with(a) && b[a.len()] == 1 {
        return true;
    }
    (1..=a.len()).any(|j| {
        b.len() >= j
            && b[..j - 1] == a[..j - 1]
            && b[j - 1] == a[j - 1] + 1
            && b[j..].iter().all(|&x| x == 1)
    })
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

/// True unless both documents number their sections and the numbers skip from the lower
/// document's last to the higher one's first (see [`runs_on`]).
pub fn sections_run_on(a: &[usize], b: &[usize], facts: &[PageFacts]) -> bool {
    let keys = |d: &[usize]| -> Vec<&Vec<u32>> {
        let mut k: Vec<&Vec<u32>> = d
            .iter()
            .flat_map(|&f| facts[f].sections.iter().map(|(_, k)| k))
            .collect();
        k.sort();
        k
    };
    let (ka, kb) = (keys(a), keys(b));
    let (Some(a0), Some(b0)) = (ka.first(), kb.first()) else {
        return true;
    };
    let (low, high) = if a0 < b0 { (&ka, &kb) } else { (&kb, &ka) };
    match (low.last(), high.first()) {
        (Some(x), Some(y)) => runs_on(x, y),
        _ => true,
    }
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
    /// Numbered headings (markdown level, number), outside contents pages.
    pub sections: Vec<(u8, Vec<u32>)>,
    /// On a contents page: the numbers of the entries it lists (`XXI. Other Defects` → 21).
    pub listed: Vec<Vec<u32>>,
    /// Lowest and highest footnote number: of its references in the running text, or of its
    /// notes where it has no references.
    pub notes: Option<(u32, u32)>,
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
fn note_breaks(docs: &[Vec<usize>], facts: &[PageFacts]) -> usize {
    // Only where each document can number its notes once through: no number on more pages
    // than there are documents (a collection whose papers each count their notes from 1
    // breaks at every paper, and those breaks say nothing of which paper is whose).
    let mut seen: Vec<usize> = Vec::new();
    for (lo, hi) in facts.iter().filter_map(|f| f.notes) {
        for x in lo..=hi.min(lo + NOTE_STEP) {
            let x = x as usize;
            if seen.len() <= x {
                seen.resize(x + 1, 0);
            }
            seen[x] += 1;
        }
    }
    if seen.iter().any(|&c| c > docs.len()) {
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
/// a document's own running heads (`groups`) together and the footnote numbers of each
/// document in a run (see [`note_breaks`]); of equal exchanges, the one the pair
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
    let mut now = conflicts(docs, groups) + note_breaks(docs, facts);
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
                        let c = conflicts(&t, groups) + note_breaks(&t, facts);
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
            sections: if f.kind == Kind::Contents {
                Vec::new()
            } else {
                f.headings
                    .iter()
                    .filter(|h| h.level > 0)
                    .filter_map(|h| Some((h.level, h.number.clone()?)))
                    .collect()
            },
            listed: f
                .contents
                .iter()
                .filter_map(|e| crate::fragment::text::heading_number(&e.title))
                .collect(),
            notes: {
                let n = if f.refs.is_empty() { &f.notes } else { &f.refs };
                n.iter().min().zip(n.iter().max()).map(|(&a, &b)| (a, b))
            },
        })
        .collect()
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
                sections: Vec::new(),
                listed: Vec::new(),
                notes: None,
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
    fn section_numbers_run_on_to_a_child_or_the_next_at_some_level() {
        assert!(runs_on(&[10], &[11]));
        assert!(!runs_on(&[40], &[51]));
        assert!(runs_on(&[1, 1], &[1, 1, 1]));
        assert!(runs_on(&[1, 1, 5], &[1, 2]));
        assert!(runs_on(&[1, 1, 5], &[1, 2, 1]));
        assert!(!runs_on(&[1, 1, 5], &[1, 3]));
        assert!(!runs_on(&[2, 3, 7], &[3, 4]));
    }

    #[test]
    fn numbers_that_overlap_do_not_run_on() {
        assert!(numbers_run_on(&[1, 2, 3], &[4, 5, 6]));
        assert!(!numbers_run_on(&[1, 2, 3], &[1, 2, 3, 4]));
        assert!(!numbers_run_on(&[1, 2], &[4, 5, 6]));
    }
}
