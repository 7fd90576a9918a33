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
const BY_WORDS: usize = 48;

/// Edge words in more fragments than this are skipped when looking for successors (a common
/// word would make the look-up cost a pass over the document). Chosen by hand, not fitted.
const WORD_DF_CAP: usize = 200;

/// Fragments kept per printed page number (those sharing most rare edge words first). Chosen
/// by hand, not fitted: a mixed document repeats numbers (every chapter file has its page 3).
const PER_NUMBER: usize = 16;

/// Most successors listed for one fragment, besides the input's own successors at candidate
/// cuts (one per cut): the bound on pair scores per fragment above [`SPARSE_FROM`].
pub const MAX_SUCCESSORS: usize = BY_WORDS + 2 * PER_NUMBER;

/// Per fragment: the fragments worth scoring as its successor, ascending, itself excluded.
/// Each list is at most [`MAX_SUCCESSORS`] long plus the input's own successors at candidate
/// cuts, so the whole costs n·k, not n².
pub fn successors(doc: &Shared) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let frags = doc.fragments();
    let n = frags.len();
    let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
    for (f, frag) in frags.iter().enumerate() {
        if let Some(p) = frag.page_number {
            by_number.entry(p).or_default().push(f);
        }
    }
    let mut lists: Vec<Vec<usize>> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0f32; n], vec![0f32; n]),
            |(scratch, shared), a| {
                let mut words = doc.edges.sharing_rare(a, WORD_DF_CAP, scratch);
                for &(b, c) in &words {
                    shared[b] = c;
                }
                let mut list: Vec<usize> = Vec::new();
                // Pages numbered one or two above, those sharing most words first.
                for q in frags[a]
                    .page_number
                    .into_iter()
                    .flat_map(|p| [p + 1, p + 2])
                {
                    let mut group: Vec<(f32, usize)> = by_number
                        .get(&q)
                        .into_iter()
                        .flatten()
                        .map(|&b| (shared[b], b))
                        .collect();
                    best_first(&mut group, PER_NUMBER);
                    list.extend(group.into_iter().map(|(_, b)| b));
                }
                for &(b, _) in &words {
                    shared[b] = 0.0;
                }
                let mut top: Vec<(f32, usize)> = words.drain(..).map(|(b, c)| (c, b)).collect();
                best_first(&mut top, BY_WORDS);
                list.extend(top.into_iter().map(|(_, b)| b));
                list
            },
        )
        .collect();
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

/// Keep the `k` best of `(score, index)`, best first, ties by index.
fn best_first(v: &mut Vec<(f32, usize)>, k: usize) {
    let better = |x: &(f32, usize), y: &(f32, usize)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
    if v.len() > k {
        v.select_nth_unstable_by(k, better);
        v.truncate(k);
    }
    v.sort_by(better);
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
