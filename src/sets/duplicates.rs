//! Pages present twice: two fragments whose text is the same word for word (a page
//! fed twice, or scanned or converted twice with small differences). Each fragment's text
//! becomes a set of word shingles; two fragments are copies when the smaller set lies almost
//! wholly in the larger and the pair stands far above what distinct pages of the same
//! document share (running heads, repeated formulas), learned from the document itself. A
//! page wholly inside a larger one that adds words (a slide built up bullet by bullet) is
//! no copy.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// Words per shingle. Four words in a row rarely repeat across distinct pages of prose, yet
/// one OCR slip spoils only four shingles. Chosen by hand, not fitted.
const SHINGLE: usize = 4;

/// The fewest shingles a fragment needs to be judged at all: a title page, a blank page or a
/// page holding one line ("This page intentionally left blank") may well be repeated on
/// purpose, and too little text cannot tell a copy from a formula. Chosen by hand, not fitted.
const MIN_SHINGLES: usize = 25;

/// Share of the smaller fragment's shingles the larger must hold for a copy. A second scan or
/// conversion changes a few words (each spoils `SHINGLE` shingles); distinct pages of the
/// shared corpus share under a tenth. Chosen by hand, not fitted.
const MIN_CONTAINED: f64 = 0.75;

/// How far above the document's own level of sharing a copy must stand: distinct pages of a
/// document full of repeated formulas (forms, statutes) share more; a copy must share this
/// much more than the highest share among pairs that are not copies. Chosen by hand, not
/// fitted.
const ABOVE_DOCUMENT: f64 = 0.3;

/// A page built up, not copied: the larger fragment adds at least `MIN_ADDED` shingles plus
/// `ADDED_PER_MISSING` for each shingle of the smaller it lacks. A slide shown again with one
/// more bullet (a presentation's overlays) holds nearly all of the earlier slide (all but a
/// slide number or two) and adds whole lines. A copy read twice differs on both sides about
/// equally (a changed word spoils up to `SHINGLE` shingles on each side); a copy that lost its
/// last word lacks one shingle and adds none. Both chosen by hand, not fitted (on the slides
/// of texlive-metapost-doc's sshowintro.pdf, a held-out check: built-up pairs lack 1-3 and
/// add 6-34).
const MIN_ADDED: usize = 2;
const ADDED_PER_MISSING: usize = 3;

/// Share of the smaller page's shingles the larger must hold for a page built up: all but a
/// slide number or so. Higher than a copy's `MIN_CONTAINED`, since built-up pages also order
/// the pages (`score/buildup.rs`): the documentation of twin commands in the flavours'
/// texsci-derivative repeats 81-85 % of a page on the page before it, which is no overlay.
/// Chosen by hand, not fitted.
const MIN_BUILT_CONTAINED: f64 = 0.9;

/// The sorted, deduplicated shingle hashes of a fragment's running text: each word hashed
/// once (lower-cased as it is read, no string made), each shingle the hash of its words'
/// hashes.
fn shingles(body: &str) -> Vec<u64> {
    // FxHash, no keys: the same value on every run and thread count; shingles are only
    // compared for equality, and the 64-bit hashes of a document's few thousand words do not
    // collide in practice (SipHash cost 4 % of a book's run). Each character is hashed as
    // its code point, so ASCII text read byte by byte hashes as it would char by char.
    let words: Vec<u64> = if body.is_ascii() {
        body.as_bytes()
            .split(|b| !b.is_ascii_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(|w| {
                let mut h = FxHasher::default();
                for b in w {
                    h.write_u32(u32::from(b.to_ascii_lowercase()));
                }
                h.finish()
            })
            .collect()
    } else {
        body.split(|c: char| !c.is_alphanumeric())
            // Single letters are mostly the labels of figures (a sequence plot's residues),
            // which a document may well print twice on distinct pages.
            .filter(|w| w.chars().nth(1).is_some())
            .map(|w| {
                let mut h = FxHasher::default();
                for c in w.chars().flat_map(char::to_lowercase) {
                    h.write_u32(c as u32);
                }
                h.finish()
            })
            .collect()
    };
    id_shingles(&words)
}

/// Per fragment, in order: every later fragment (index above it) that shares a shingle with it,
/// with the count of shingles shared, by later index. Shared shingles are counted through one
/// sorted list of (shingle, fragment), so only pairs that share something cost anything:
/// comparing every pair's sets took half the run time of a 2,000-page document. Shingles held
/// once (most of a book's) are counted out first through a hash map and never sorted: sorting
/// them all took a tenth of a book's run.
fn shared_counts(sets: &[Vec<u64>], judged: &[bool]) -> Vec<Vec<(usize, usize)>> {
    let n = sets.len();
    let held = || {
        sets.iter()
            .enumerate()
            .filter(|&(f, _)| judged[f])
            .flat_map(|(f, set)| set.iter().map(move |&h| (h, f)))
    };
    let mut holders: FxHashMap<u64, u32> = FxHashMap::default();
    for (h, _) in held() {
        *holders.entry(h).or_default() += 1;
    }
    let mut entries: Vec<(u64, usize)> = held().filter(|(h, _)| holders[h] > 1).collect();
    drop(holders);
    entries.sort_unstable();
    // Per shingle held by more than one fragment, each holder's later holders:
    // (fragment, the range of `entries` after it with the same shingle).
    let mut tails: Vec<(usize, usize, usize)> = Vec::new();
    let mut s = 0;
    while s < entries.len() {
        let e = s + entries[s..].partition_point(|x| x.0 == entries[s].0);
        for (k, &(_, f)) in entries.iter().enumerate().take(e - 1).skip(s) {
            tails.push((f, k + 1, e));
        }
        s = e;
    }
    tails.sort_unstable();
    let mut count = vec![0usize; n];
    let mut seen: Vec<usize> = Vec::new();
    let mut rows = vec![Vec::new(); n];
    for group in tails.chunk_by(|x, y| x.0 == y.0) {
        for &(_, from, to) in group {
            for &(_, b) in &entries[from..to] {
                if count[b] == 0 {
                    seen.push(b);
                }
                count[b] += 1;
            }
        }
        seen.sort_unstable();
        rows[group[0].0] = seen.iter().map(|&b| (b, count[b])).collect();
        for b in seen.drain(..) {
            count[b] = 0;
        }
    }
    rows
}

/// The sorted, deduplicated shingles of a page given as a sequence of word ids (any ids that
/// are equal exactly when the words are), for [`built_up`].
pub fn id_shingles(ids: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = ids
        .windows(SHINGLE)
        .map(|w| {
            let mut h = FxHasher::default();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Pairs of pages, given by their shingles ([`id_shingles`]), where the first lies (nearly)
/// whole inside the second, which adds to it (see `MIN_ADDED`): `(smaller, larger, shingles
/// added)`, by smaller then larger index. Pages too short to judge (`MIN_SHINGLES`) take no
/// part.
pub fn built_up(sets: &[Vec<u64>]) -> Vec<(usize, usize, usize)> {
    let judged: Vec<bool> = sets.iter().map(|s| s.len() >= MIN_SHINGLES).collect();
    let mut out = Vec::new();
    for (a, row) in shared_counts(sets, &judged).into_iter().enumerate() {
        for (b, shared) in row {
            let (small, large) = if sets[a].len() <= sets[b].len() {
                (a, b)
            } else {
                (b, a)
            };
            let (ls, ll) = (sets[small].len(), sets[large].len());
            if shared as f64 >= MIN_BUILT_CONTAINED * ls as f64 && adds_more(ls, ll, shared) {
                out.push((small, large, ll - shared));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Whether a page of `small` shingles, `shared` of them in a page of `large`, could be built
/// up into it rather than copied (see `MIN_ADDED`): the larger adds far more than the smaller
/// lacks. Copies are further held to `MIN_CONTAINED`, pages that order others to
/// `MIN_BUILT_CONTAINED`.
fn adds_more(small: usize, large: usize, shared: usize) -> bool {
    large - shared >= MIN_ADDED + ADDED_PER_MISSING * (small - shared)
}

/// Pairs of fragments (given by their text and printed page number) that are copies of one
/// another, `[first, copy]` with `first < copy` (input indices), sorted. Two pages printing
/// different page numbers are never copies (a manual's parallel sections can share nearly
/// every word). A fragment is the copy in one pair at most; three copies of a page give
/// `[a, b]` and `[a, c]`.
///
/// `whole_pages` says the fragments are the input's own pages (form feeds, a PDF, page files):
/// only then does a page wholly inside a larger one read as built up (see `MIN_ADDED`). Pages
/// cut by fragment detection may take in part of a neighbour, and a copy then lies inside
/// a larger fragment.
pub fn find(bodies: &[&str], numbers: &[Option<u32>], whole_pages: bool) -> Vec<[usize; 2]> {
    let sets: Vec<Vec<u64>> = bodies.iter().map(|b| shingles(b)).collect();
    let n = sets.len();
    let judged: Vec<bool> = sets.iter().map(|s| s.len() >= MIN_SHINGLES).collect();
    // Every judged pair's share: shingles shared over the smaller set (pairs sharing none
    // have none and are left out).
    let shares: Vec<(usize, usize, usize, usize, usize)> = shared_counts(&sets, &judged)
        .into_iter()
        .enumerate()
        .flat_map(|(a, row)| row.into_iter().map(move |(b, shared)| (a, b, shared)))
        .filter(|&(a, b, _)| match (numbers[a], numbers[b]) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        })
        .map(|(a, b, shared)| {
            let small = sets[a].len().min(sets[b].len());
            let large = sets[a].len().max(sets[b].len());
            (a, b, shared, small, large)
        })
        .collect();
    // A document that builds pages up (a slide deck's overlays) builds them up by a single
    // word too, and its slide numbers (not read as page numbers) change a few shingles on
    // both sides: there a page that adds more than it lacks is no copy. On texlive-metapost-
    // doc's sshowintro.pdf (the held-out check) such overlays lack 1-3 shingles and add 2-4.
    // Elsewhere that is a copy read twice with a slip, or one that lost its last word.
    let builds_up = whole_pages
        && shares.iter().any(|&(_, _, shared, small, large)| {
            shared as f64 >= MIN_BUILT_CONTAINED * small as f64 && adds_more(small, large, shared)
        });
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for &(a, b, shared, small, large) in &shares {
        if whole_pages && (adds_more(small, large, shared) || (builds_up && large > small)) {
            // The smaller page (nearly) whole inside a larger one that adds to it.
            continue;
        }
        pairs.push((a, b, shared as f64 / small as f64));
    }
    // The document's own level: the highest share below the copy threshold.
    let level = pairs
        .iter()
        .map(|p| p.2)
        .filter(|&s| s < MIN_CONTAINED)
        .fold(0.0, f64::max);
    let threshold = MIN_CONTAINED.max(level + ABOVE_DOCUMENT);
    let mut copy_of: Vec<Option<usize>> = vec![None; n];
    let mut out = Vec::new();
    for &(a, b, s) in &pairs {
        if s >= threshold && copy_of[b].is_none() && copy_of[a].is_none() {
            copy_of[b] = Some(a);
            out.push([a, b]);
        }
    }
    // A page there several times is the same page each time, so its copies are copies of one
    // another too. A smaller fragment found inside several larger ones that are not (a slide's
    // title block over each slide of a section, a caption repeated on many pages) is a
    // repeated passage, not a page: none of its pairs is a copy. (A page whose copy fragment
    // detection cut in two is the larger of its pairs, its pieces no copies of each other.)
    let copies: std::collections::HashSet<(usize, usize)> = pairs
        .iter()
        .filter(|p| p.2 >= threshold)
        .map(|p| (p.0.min(p.1), p.0.max(p.1)))
        .collect();
    let twins =
        |a: usize| -> Vec<usize> { out.iter().filter(|p| p[0] == a).map(|p| p[1]).collect() };
    let repeated: Vec<usize> = out
        .iter()
        .map(|p| p[0])
        .filter(|&a| {
            let t = twins(a);
            t.iter().all(|&x| sets[x].len() > sets[a].len())
                && t.iter().enumerate().any(|(i, &x)| {
                    t[i + 1..]
                        .iter()
                        .any(|&y| !copies.contains(&(x.min(y), x.max(y))))
                })
        })
        .collect();
    out.retain(|p| !repeated.contains(&p[0]));
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    fn frag(body: &str) -> &str {
        body
    }

    /// Copies among pages that print no page number.
    fn find(bodies: &[&str]) -> Vec<[usize; 2]> {
        super::find(bodies, &vec![None; bodies.len()], true)
    }

    const PAGE: &str = "It is a truth universally acknowledged, that a single man in possession \
        of a good fortune, must be in want of a wife. However little known the feelings or views \
        of such a man may be on his first entering a neighbourhood, this truth is so well fixed \
        in the minds of the surrounding families, that he is considered the rightful property of \
        some one or other of their daughters.";
    const OTHER: &str = "My dear Mr. Bennet, said his lady to him one day, have you heard that \
        Netherfield Park is let at last? Mr. Bennet replied that he had not. But it is, returned \
        she; for Mrs. Long has just been here, and she told me all about it. Mr. Bennet made no \
        answer. Do you not want to know who has taken it? cried his wife impatiently.";

    #[test]
    fn a_page_twice_is_found_and_distinct_pages_are_not() {
        let frags = vec![frag(PAGE), frag(OTHER), frag(PAGE)];
        assert_eq!(find(&frags), vec![[0, 2]]);
        assert!(find(&[frag(PAGE), frag(OTHER)]).is_empty());
    }

    /// A page three times is found; a passage inside several pages that are not copies of
    /// one another is no page twice.
    #[test]
    fn a_passage_in_several_distinct_pages_is_no_copy() {
        assert_eq!(find(&[PAGE, OTHER, PAGE, PAGE]), vec![[0, 2], [0, 3]]);
        let a = format!("{PAGE} {OTHER}");
        let b = format!(
            "{PAGE} The rest of this page is about something else entirely, \
            a list of errata for the second printing, with their corrections and the names of \
            the readers who sent them in, and a note on the type used throughout."
        );
        // Not judged as built up: the fragments are cut by detection, not whole pages.
        let found = super::find(&[PAGE, &a, &b], &[None; 3], false);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            super::find(&[PAGE, &a], &[None; 2], false),
            vec![[0, 1]],
            "inside one fragment it is still a copy"
        );
    }

    #[test]
    fn ascii_text_hashes_as_it_would_char_by_char() {
        // A dash sends the page through the general path; the words are the same.
        let dashed = format!("{PAGE} — ");
        assert_eq!(super::shingles(PAGE), super::shingles(&dashed));
        assert!(!super::shingles(PAGE).is_empty());
    }

    #[test]
    fn a_second_scan_with_a_few_slips_is_still_a_copy() {
        let scan = PAGE
            .replace("universally", "univer-sally")
            .replace("fortune", "fortnne");
        assert_eq!(find(&[frag(&scan), frag(OTHER), frag(PAGE)]), vec![[0, 2]]);
    }

    #[test]
    fn a_page_built_up_with_more_text_is_no_copy() {
        // An overlay: the same slide shown again with one more sentence, its slide number
        // changed.
        let more = format!("{PAGE} Such is the opinion of the neighbourhood at large. 14");
        let page = format!("{PAGE} 13");
        assert!(find(&[frag(&page), frag(OTHER), frag(&more)]).is_empty());
        // A copy that lost its last word is still a copy.
        let cut = PAGE.trim_end_matches("daughters.");
        assert_eq!(find(&[frag(PAGE), frag(OTHER), frag(cut)]), vec![[0, 2]]);
        // Pages cut by fragment detection: a copy may lie inside a larger fragment.
        let pages = [frag(&page), frag(OTHER), frag(&more)];
        assert_eq!(super::find(&pages, &[None; 3], false), vec![[0, 2]]);
    }

    /// In a deck that builds its slides up, a slide shown again with one more word and its
    /// slide number changed is no copy either; a copy read twice with a slip still is one
    /// where nothing is built up.
    #[test]
    fn in_a_deck_built_up_one_word_at_a_time_no_overlay_is_a_copy() {
        let slide = |n: u32, extra: &str| format!("{PAGE} {n} viewable result{extra}");
        let grown = format!(
            "{} Such is the opinion of the neighbourhood at large.",
            slide(12, "")
        );
        let deck = [
            slide(12, ""),
            grown,
            slide(13, " distiller"),
            OTHER.to_string(),
        ];
        let deck: Vec<&str> = deck.iter().map(String::as_str).collect();
        assert!(find(&deck).is_empty(), "{:?}", find(&deck));
        // Without the built-up slide, two slides one word and a number apart are read as a
        // copy with a slip.
        let pair = [deck[0], deck[2], deck[3]];
        assert_eq!(find(&pair), vec![[0, 1]]);
    }

    #[test]
    fn short_pages_are_never_copies() {
        let blank = "This page intentionally left blank.";
        assert!(find(&[frag(blank), frag(OTHER), frag(blank)]).is_empty());
    }

    #[test]
    fn three_copies_pair_with_the_first() {
        let frags = vec![frag(PAGE), frag(PAGE), frag(OTHER), frag(PAGE)];
        assert_eq!(find(&frags), vec![[0, 1], [0, 3]]);
    }

    /// The counts through the sorted shingle list are those of comparing every pair's sets.
    #[test]
    fn shared_counts_are_every_pairs_overlap() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        let sets: Vec<Vec<u64>> = (0..40)
            .map(|_| {
                let mut s: Vec<u64> = (0..rng.random_range(0..60))
                    .map(|_| rng.random_range(0..200))
                    .collect();
                s.sort_unstable();
                s.dedup();
                s
            })
            .collect();
        let judged: Vec<bool> = sets.iter().map(|s| s.len() >= 10).collect();
        let rows = super::shared_counts(&sets, &judged);
        for a in 0..sets.len() {
            let expect: Vec<(usize, usize)> = (a + 1..sets.len())
                .filter(|&b| judged[a] && judged[b])
                .map(|b| (b, sets[b].iter().filter(|h| sets[a].contains(h)).count()))
                .filter(|&(_, c)| c > 0)
                .collect();
            assert_eq!(rows[a], expect, "row {a}");
        }
    }

    #[test]
    fn pages_printing_different_numbers_are_not_copies() {
        let bodies = [PAGE, OTHER, PAGE];
        assert!(super::find(&bodies, &[Some(23), None, Some(24)], true).is_empty());
        assert_eq!(
            super::find(&bodies, &[Some(23), None, Some(23)], true),
            vec![[0, 2]]
        );
    }
}
