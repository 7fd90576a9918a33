//! Sparse scoring for large documents: above [`SPARSE_FROM`] fragments, scoring every ordered
//! pair costs n² time and memory (20,000 pages would be 400 million pair scores and 1.6 GB),
//! so each fragment gets a short list of likely successors by cheap evidence — the edge words
//! it shares with them (rare words only, through the inverted index), the printed page number
//! one or two above its own, the input's own stream at a candidate cut — and only those pairs
//! get the full signals. Every other pair scores [`MISSING`], a large finite penalty, so the
//! solver still returns an order through all of them. Below the threshold nothing changes.

use super::Shared;
use std::collections::HashMap;

/// Fragments from which the matrix is sparse. Chosen by hand, not fitted: above every
/// document of the shared corpus and its flavours (the largest, all 1,665 corpus pages in one
/// file, has 1,696 fragments), and where the dense matrix's time (about 10 s at 5,000 pages on
/// one core) starts to dominate.
pub const SPARSE_FROM: usize = 2500;

/// Score of a pair that was not scored. Chosen by hand, not fitted: well below the pair
/// scores of the shared corpus (within ±100 with the default weights, most within ±20), so
/// the solver joins unscored pairs only where nothing scored is left.
pub const MISSING: f32 = -200.0;

/// Successors kept per fragment by shared edge words. Chosen by hand, not fitted (the local
/// search's greedy construction looks at 24 per fragment).
const BY_WORDS: usize = 24;

/// Edge words in more fragments than this are skipped when looking for successors (a common
/// word would make the look-up cost a pass over the document). Chosen by hand, not fitted.
const WORD_DF_CAP: usize = 200;

/// Fragments kept per printed page number. Chosen by hand, not fitted: a mixed document
/// repeats numbers (every chapter file has its page 3).
const PER_NUMBER: usize = 8;

/// Per fragment: the fragments worth scoring as its successor, ascending, itself excluded.
/// Each list is at most `BY_WORDS + 2 * PER_NUMBER` long plus the input's own successors at
/// candidate cuts, so the whole costs n·k, not n².
pub fn successors(doc: &Shared) -> Vec<Vec<usize>> {
    let frags = doc.fragments();
    let n = frags.len();
    let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
    for (f, frag) in frags.iter().enumerate() {
        if let Some(p) = frag.page_number {
            let v = by_number.entry(p).or_default();
            if v.len() < PER_NUMBER {
                v.push(f);
            }
        }
    }
    let mut lists: Vec<Vec<usize>> = {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .map_init(
                || vec![0f32; n],
                |scratch, a| doc.edges.likely(a, BY_WORDS, WORD_DF_CAP, scratch),
            )
            .collect()
    };
    for (a, list) in lists.iter_mut().enumerate() {
        if let Some(p) = frags[a].page_number {
            for q in [p + 1, p + 2] {
                list.extend(by_number.get(&q).into_iter().flatten());
            }
        }
    }
    for link in &doc.analysis.links {
        lists[link.from].push(link.to);
    }
    for (a, list) in lists.iter_mut().enumerate() {
        list.retain(|&b| b != a && b < n);
        list.sort_unstable();
        list.dedup();
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fragment::Fragment;
    use crate::ingest::Span;

    /// Pages of a long text, each sharing a rare word with the next.
    #[test]
    fn lists_are_short_and_hold_the_next_page() {
        let n = 300;
        let text: Vec<String> = (0..n)
            .map(|i| format!("common words here and there marker{i} marker{}", i + 1))
            .collect();
        let mut frags = Vec::new();
        for (i, t) in text.iter().enumerate() {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.body = t.clone();
            f.page_number = Some(i as u32 + 1);
            frags.push(f);
        }
        let analysis = crate::fragment::Analysis {
            structure: crate::fragment::Structure::read(&frags, &[]),
            fragments: frags,
            prefix: Span::new(0, 0),
            links: Vec::new(),
            cuts: Default::default(),
            paged: true,
            page_capacity: 1.0,
            join: "\u{c}".to_string(),
        };
        let shared = Shared::new(&analysis);
        let lists = successors(&shared);
        for (a, list) in lists.iter().enumerate() {
            assert!(
                list.len() <= BY_WORDS + 2 * PER_NUMBER,
                "{a}: {}",
                list.len()
            );
            assert!(!list.contains(&a));
            if a + 1 < n {
                assert!(list.contains(&(a + 1)), "{a}: {list:?}");
            }
        }
    }
}
