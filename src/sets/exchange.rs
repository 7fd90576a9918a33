//! Pages exchanged between documents once the input is cut into them: tails swapped where a
//! document's own running heads and footnote numbers say its pages went to the other, and
//! single pages moved where their footnote or page numbers clash with their document's and
//! fit another's. Kept apart from the cutting itself (`documents.rs`, `sections.rs`).

use super::documents::{note_breaks, numbered_once, PageFacts, MIN_BODY, REPAIR_LIMIT};
use crate::score::ScoreMatrix;

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
pub(super) fn repair_tails(
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

/// Move single fragments with footnotes to the document their notes fit in. Where each
/// document numbers its notes once through (no number on more pages than there are
/// documents, as in [`note_breaks`]), two fragments of one document do not carry the same
/// note number; a fragment whose numbers another fragment of its document carries too, and no
/// fragment of another document does, goes there when its best pair score with that
/// document's fragments (either way) beats its best with its own. Documents that number notes
/// alike chain their pages across (note 3 of one after note 2 of the other), and the separated
/// path keeps such a page on the wrong side. `docs` as sets; each keeps its opening and
/// [`MIN_BODY`] pages of running text.
pub(super) fn move_noted(m: &ScoreMatrix, docs: &mut [Vec<usize>], facts: &[PageFacts]) {
    move_clashing(m, docs, facts, &|f| facts[f].notes);
}

/// Move single fragments with printed page numbers to the document their numbers fit in, as
/// [`move_noted`] does for footnote numbers: documents mixed together each number their pages
/// from their own start, and one document does not print a page number twice. Found on the
/// Federalist pairs of the shared corpus (markdown), whose pages between section headings the
/// pair scores place in the other paper about as readily as in their own.
pub(super) fn move_numbered(m: &ScoreMatrix, docs: &mut [Vec<usize>], facts: &[PageFacts]) {
    move_clashing(m, docs, facts, &|f| facts[f].number.map(|n| (n, n)));
}

/// Move single fragments whose numbers (`key`: lowest and highest) another fragment of their
/// document carries too to a document without them (see [`move_noted`]).
fn move_clashing(
    m: &ScoreMatrix,
    docs: &mut [Vec<usize>],
    facts: &[PageFacts],
    key: &dyn Fn(usize) -> Option<(u32, u32)>,
) {
    if !numbered_once((0..facts.len()).map(key), docs.len()) {
        return;
    }
    // Fragments of `doc` other than `f` that carry one of `f`'s numbers.
    let clashes = |f: usize, doc: &[usize]| {
        let Some((lo, hi)) = key(f) else {
            return 0;
        };
        doc.iter()
            .filter(|&&g| g != f && key(g).is_some_and(|(a, b)| a <= hi && lo <= b))
            .count()
    };
    let best = |f: usize, doc: &[usize]| {
        doc.iter()
            .filter(|&&g| g != f)
            .map(|&g| m.get(g, f).max(m.get(f, g)))
            .fold(f32::NEG_INFINITY, f32::max)
    };
    let body = |d: &[usize]| d.iter().filter(|&&f| facts[f].body).count();
    // Each move lowers the number of clashing pairs, so this ends; the bound is for safety.
    for _ in 0..facts.len() {
        // The fragment clashing with most of its document (the lowest index of equals) that
        // another document takes without a clash: with two or more it goes whatever the pair
        // scores say (one page against several), with one only where they prefer the other
        // document (of two clashing fragments, which is the stranger is not otherwise told).
        let mut pick: Option<(usize, usize, usize, usize)> = None;
        for (from, doc) in docs.iter().enumerate() {
            for &f in &doc[1..] {
                let c = clashes(f, doc);
                if c == 0 || (facts[f].body && body(doc) <= MIN_BODY) {
                    continue;
                }
                let own = best(f, doc);
                let to = (0..docs.len())
                    .filter(|&d| d != from && clashes(f, &docs[d]) == 0)
                    .map(|d| (d, best(f, &docs[d])))
                    .filter(|&(_, s)| s > own)
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                let Some((d, _)) = to else {
                    continue;
                };
                if pick.is_none_or(|(pc, pf, ..)| c > pc || (c == pc && f < pf)) {
                    pick = Some((c, f, from, d));
                }
            }
        }
        let Some((_, f, from, d)) = pick else {
            return;
        };
        docs[from].retain(|&g| g != f);
        docs[d].push(f);
    }
}

/// Least gain, in words, for openings to change documents. Chosen by hand, not fitted: one
/// distinctive word of a title found wholly on another document's pages; a common word spread
/// over both documents moves less.
const MATCH_GAIN: f64 = 1.0;

/// Give each document (in path order, its opening first) the opening whose title it names.
/// Chapters of one book open with title pages that differ in a word or two (`Chapter XI`,
/// `Chapter XII`), and nothing in the pair scores tells which title goes before which first
/// page; the first page names it (`Chapter XI. Reign of Claudius`). A word of one opening's
/// title that no other opening has votes for the documents whose pages name it (`top`), one
/// vote shared among the pages that do: a running head on every page of one document is one
/// vote, a word as common as `I` splits its vote over both. The openings go to the documents
/// with most votes when that beats the present assignment by [`MATCH_GAIN`].
pub fn match_openings(docs: &mut [Vec<usize>], facts: &[PageFacts]) {
    let k = docs.len();
    if k < 2 || docs.iter().any(Vec::is_empty) {
        return;
    }
    let openings: Vec<usize> = docs.iter().map(|d| d[0]).collect();
    // affinity[o][d]: the votes of opening o's own words for document d.
    let mut affinity = vec![vec![0.0f64; k]; k];
    for (o, &f) in openings.iter().enumerate() {
        for w in &facts[f].top {
            if openings
                .iter()
                .any(|&g| g != f && facts[g].top.binary_search(w).is_ok())
            {
                continue;
            }
            let named: Vec<usize> = docs
                .iter()
                .map(|d| {
                    d[1..]
                        .iter()
                        .filter(|&&p| facts[p].top.binary_search(w).is_ok())
                        .count()
                })
                .collect();
            let all: usize = named.iter().sum();
            if all == 0 {
                continue;
            }
            for (d, &c) in named.iter().enumerate() {
                affinity[o][d] += c as f64 / all as f64;
            }
        }
    }
    // Every assignment of openings to documents (at most MAX_DOCUMENTS! of them); the
    // present one (identity) wins ties.
    let total =
        |perm: &[usize]| -> f64 { perm.iter().enumerate().map(|(d, &o)| affinity[o][d]).sum() };
    let identity: Vec<usize> = (0..k).collect();
    let mut best = (total(&identity), identity.clone());
    let mut perm = identity.clone();
    while next_permutation(&mut perm) {
        let t = total(&perm);
        if t > best.0 {
            best = (t, perm.clone());
        }
    }
    if best.0 - total(&identity) < MATCH_GAIN {
        return;
    }
    for (d, &o) in best.1.iter().enumerate() {
        docs[d][0] = openings[o];
    }
}

/// The next permutation of `p` in lexicographic order; false (and `p` unchanged) at the last.
fn next_permutation(p: &mut [usize]) -> bool {
    let Some(i) = (1..p.len()).rev().find(|&i| p[i - 1] < p[i]) else {
        return false;
    };
    let j = (i..p.len())
        .rev()
        .find(|&j| p[j] > p[i - 1])
        .expect("p[i] > p[i - 1]");
    p.swap(i - 1, j);
    p[i..].reverse();
    true
}
