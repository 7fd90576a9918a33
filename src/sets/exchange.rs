//! Pages exchanged between documents once the input is cut into them: tails swapped where a
//! document's own running heads and footnote numbers say its pages went to the other, and
//! single pages moved where their footnote or page numbers clash with their document's and
//! fit another's. Kept apart from the cutting itself (`documents.rs`, `sections.rs`).

use super::documents::{note_breaks, numbered_once, MIN_BODY, REPAIR_LIMIT};
use super::facts::PageFacts;
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

/// The section a page's running head names (`XXXVII. Concerning the Difficulties…` → 37).
fn head_section(f: &PageFacts) -> Option<u32> {
    let n = crate::fragment::text::heading_number(f.head.as_deref()?)?;
    (n.len() == 1).then(|| n[0])
}

/// Pages of each document (in path order, its opening first) whose running head names a
/// section another document's opening claims (`Nos. LI–LX`, see [`PageFacts::claims`]) and
/// its own does not, where every opening claims a range. A collection's volumes each number their sections on from the last, and
/// print the section's number over its pages; two volumes mixed together whose pages cross
/// where a section ends in both keep every head's pages together, so heads alone do not tell.
pub(super) fn claim_breaks(docs: &[Vec<usize>], facts: &[PageFacts]) -> usize {
    let claims: Vec<Option<(u32, u32)>> = docs
        .iter()
        .map(|d| d.first().and_then(|&o| facts[o].claims))
        .collect();
    // Only where every document's title claims its range: a document whose title claims
    // none (an essay mixed with a volume of a collection) may hold any section number.
    if claims.iter().any(Option::is_none) {
        return 0;
    }
    let within = |c: Option<(u32, u32)>, n: u32| c.is_some_and(|(lo, hi)| lo <= n && n <= hi);
    docs.iter()
        .enumerate()
        .map(|(d, doc)| {
            doc.iter()
                .skip(1)
                .filter_map(|&p| head_section(&facts[p]))
                .filter(|&n| {
                    !within(claims[d], n) && (0..docs.len()).any(|e| e != d && within(claims[e], n))
                })
                .count()
        })
        .sum()
}

/// Move single pages whose running head names a section that another document's opening
/// claims and their own does not (see [`claim_breaks`]; every opening claiming a range) to
/// that document: the separated path
/// can hold a whole section of one volume between two of the other's, where no exchange of
/// tails reaches it. `docs` in path order, openings first; each keeps [`MIN_BODY`] pages of
/// running text. The pages of the section without its head (a book's title over every even
/// page) follow by their numbers ([`move_numbered`]).
pub(super) fn move_claimed(docs: &mut [Vec<usize>], facts: &[PageFacts]) {
    let claims: Vec<Option<(u32, u32)>> = docs
        .iter()
        .map(|d| d.first().and_then(|&o| facts[o].claims))
        .collect();
    if claims.iter().any(Option::is_none) {
        return;
    }
    let within = |c: Option<(u32, u32)>, n: u32| c.is_some_and(|(lo, hi)| lo <= n && n <= hi);
    let body = |d: &[usize]| d.iter().filter(|&&f| facts[f].body).count();
    for from in 0..docs.len() {
        let mut k = 1;
        while k < docs[from].len() {
            let f = docs[from][k];
            let to = head_section(&facts[f])
                .filter(|&n| !within(claims[from], n))
                .and_then(|n| (0..docs.len()).find(|&e| e != from && within(claims[e], n)));
            match to {
                Some(e) if !facts[f].body || body(&docs[from]) > MIN_BODY => {
                    docs[from].remove(k);
                    docs[e].push(f);
                }
                _ => k += 1,
            }
        }
    }
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
    let mut now = conflicts(docs, groups) + note_breaks(docs, facts) + claim_breaks(docs, facts);
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
                        let c = conflicts(&t, groups)
                            + note_breaks(&t, facts)
                            + claim_breaks(&t, facts);
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
