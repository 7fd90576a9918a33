//! Documents told apart by their numbered sections: where the headings of the whole input
//! rank together, the pages are ordered as one path with the sections rising and cut into runs
//! headed by the documents' openings, a skip in the numbers marking where two documents meet
//! (see [`super::documents`] for the test as a whole).

use super::documents::MAX_DOCUMENTS;
use super::facts::PageFacts;
use crate::fragment::structure::Contents;
use crate::fragment::{Kind, Structure};
use crate::score::ScoreMatrix;
use crate::solve::{monotone, SolveStats};

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
/// cut costs [`SKIP_WEIGHT`]. Where an opening's title names the sections its document holds
/// (`Nos. XXXI–XL`), each numbered fragment its run holds outside them, or leaves to another
/// run, costs [`CLAIM_WEIGHT`]: documents numbered on from one another (X then XI) show no
/// skip, and pair scores alone place the cut anywhere among sections of one author.
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
    // Sections each opening's title claims (see `PageFacts::claims`): per opening, running
    // counts over `rest` of the numbered fragments inside its range and outside it.
    let claimed: Vec<Option<(Vec<usize>, Vec<usize>)>> = openings
        .iter()
        .map(|&o| {
            let (lo, hi) = facts[o].claims?;
            let (mut inn, mut out) = (vec![0], vec![0]);
            for &f in &rest {
                let keys = &facts[f].sections;
                let within = keys.iter().any(|(_, k)| (lo..=hi).contains(&k[0]));
                let numbered = !keys.is_empty();
                inn.push(inn.last().unwrap_or(&0) + usize::from(within));
                out.push(out.last().unwrap_or(&0) + usize::from(numbered && !within));
            }
            Some((inn, out))
        })
        .collect();
    // Sections run `i..j` headed by opening `b` holds against its title's claim, and those
    // claimed that it leaves to other runs.
    let off_claim = |b: usize, i: usize, j: usize| {
        claimed[b].as_ref().map_or(0, |(inn, out)| {
            (out[j] - out[i]) + (inn[len] - (inn[j] - inn[i]))
        })
    };
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
                    let v = head + f64::from(m.last[rest[j - 1]])
                        - SKIP_WEIGHT * inside(i, j) as f64
                        - CLAIM_WEIGHT * off_claim(b, i, j) as f64;
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

/// Cost of each numbered fragment a run holds outside the range its opening's title names, or
/// leaves to another run inside it: as [`SKIP_WEIGHT`], chosen by hand.
const CLAIM_WEIGHT: f64 = 10.0;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
