//! Pages present twice: two fragments whose text is the same word for word (a page
//! fed twice, or scanned or converted twice with small differences). Each fragment's text
//! becomes a set of word shingles; two fragments are copies when the smaller set lies almost
//! wholly in the larger and the pair stands far above what distinct pages of the same
//! document share (running heads, repeated formulas), learned from the document itself.

use std::collections::hash_map::DefaultHasher;
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

/// The sorted, deduplicated shingle hashes of a fragment's running text.
fn shingles(body: &str) -> Vec<u64> {
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        // Single letters are mostly the labels of figures (a sequence plot's residues),
        // which a document may well print twice on distinct pages.
        .filter(|w| w.chars().count() >= 2)
        .map(|w| w.to_lowercase())
        .collect();
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            // SipHash with fixed keys: the same value on every run and thread count.
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Shingles two sorted sets share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Pairs of fragments (given by their text and printed page number) that are copies of one
/// another, `[first, copy]` with `first < copy` (input indices), sorted. Two pages printing
/// different page numbers are never copies (a manual's parallel sections can share nearly
/// every word). A fragment is the copy in one pair at most; three copies of a page give
/// `[a, b]` and `[a, c]`.
pub fn find(bodies: &[&str], numbers: &[Option<u32>]) -> Vec<[usize; 2]> {
    let sets: Vec<Vec<u64>> = bodies.iter().map(|b| shingles(b)).collect();
    let n = sets.len();
    // Every judged pair's share: shingles shared over the smaller set.
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for a in 0..n {
        if sets[a].len() < MIN_SHINGLES {
            continue;
        }
        for b in a + 1..n {
            if sets[b].len() < MIN_SHINGLES {
                continue;
            }
            if let (Some(x), Some(y)) = (numbers[a], numbers[b]) {
                if x != y {
                    continue;
                }
            }
            let small = sets[a].len().min(sets[b].len());
            let s = shared(&sets[a], &sets[b]) as f64 / small as f64;
            if s > 0.0 {
                pairs.push((a, b, s));
            }
        }
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
        super::find(bodies, &vec![None; bodies.len()])
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

    #[test]
    fn a_second_scan_with_a_few_slips_is_still_a_copy() {
        let scan = PAGE
            .replace("universally", "univer-sally")
            .replace("fortune", "fortnne");
        assert_eq!(find(&[frag(&scan), frag(OTHER), frag(PAGE)]), vec![[0, 2]]);
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

    #[test]
    fn pages_printing_different_numbers_are_not_copies() {
        let bodies = [PAGE, OTHER, PAGE];
        assert!(super::find(&bodies, &[Some(23), None, Some(24)]).is_empty());
        assert_eq!(
            super::find(&bodies, &[Some(23), None, Some(23)]),
            vec![[0, 2]]
        );
    }
}
