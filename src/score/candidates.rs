//! Sparse scoring for large documents: above [`SPARSE_FROM`] fragments, scoring every ordered
//! pair costs n² time and memory (20,000 pages would be 400 million pair scores and 1.6 GB),
//! so each fragment gets a short list of likely successors by cheap evidence — the edge words
//! it shares with them (rare words only, through the inverted index), the printed page number
//! one or two above its own, the input's own stream at a candidate cut — and only those pairs
//! get the full signals. Every other pair scores [`MISSING`], a large finite penalty, so the
//! solver still returns an order through all of them. Below the threshold nothing changes.

use super::Shared;
use std::collections::HashMap;

/// Fragments from which the matrix is sparse. Chosen by hand, not fitted: the previous
/// `--max-pages`, so every document accepted before is scored exactly as before. The sparse
/// lists miss some true successors that only non-lexical evidence finds (a sentence run on
/// into a common word): on form feeds they cost little (3,000 shuffled pages of the shared
/// corpus: adjacency 0.6519 dense, 0.6425 sparse; 5,000: 0.3877, 0.3857), on fragment-rich
/// markdown more (the 2,215-page corpus-and-manuals file, 4,435 fragments: 0.4605, 0.3755).
pub const SPARSE_FROM: usize = 5000;

/// Score of a pair that was not scored. Chosen by hand, not fitted: well below the pair
/// scores of the shared corpus (within ±100 with the default weights, most within ±20), so
/// the solver joins unscored pairs only where nothing scored is left.
pub const MISSING: f32 = -200.0;

/// Successors kept per fragment by shared edge words. Chosen by hand, not fitted (the local
/// search's greedy construction looks at 24 per fragment).
const BY_WORDS: usize = 48;

/// Predecessors kept per fragment by shared edge words (each adds the fragment to its
/// predecessor's list). Chosen by hand, not fitted.
const BY_WORDS_BACK: usize = 16;

/// Edge words in more fragments than this are skipped when looking for successors (a common
/// word would make the look-up cost a pass over the document). Chosen by hand, not fitted.
const WORD_DF_CAP: usize = 200;

/// Fragments kept per printed page number (those sharing most rare edge words first). Chosen
/// by hand, not fitted: a mixed document repeats numbers (every chapter file has its page 3).
const PER_NUMBER: usize = 16;

/// Most successors listed per fragment on average, besides the input's own successors at
/// candidate cuts (one per cut): above [`SPARSE_FROM`] the lists hold at most n times this
/// many pairs (one fragment may be listed as the likely predecessor of many).
pub const MAX_SUCCESSORS: usize = BY_WORDS + 2 * PER_NUMBER + BY_WORDS_BACK;

/// Per fragment: the fragments worth scoring as its successor, ascending, itself excluded.
/// The lists hold at most n·[`MAX_SUCCESSORS`] pairs plus the input's own successors at
/// candidate cuts, so the whole costs n·k, not n².
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
    // The other way round: each fragment's likely predecessors by the rare words its opening
    // shares with their endings (a junction may rank high for one side only).
    let edges = &doc.edges;
    let mut tails: Vec<Vec<(u32, f32)>> = Vec::new();
    for a in 0..n {
        for &(t, w) in edges.left(a) {
            if tails.len() <= t as usize {
                tails.resize(t as usize + 1, Vec::new());
            }
            tails[t as usize].push((a as u32, w));
        }
    }
    let preds: Vec<Vec<usize>> = (0..n)
        .into_par_iter()
        .map_init(
            || vec![0f32; n],
            |scratch, b| {
                let mut touched: Vec<u32> = Vec::new();
                for &(t, w) in edges.right(b) {
                    let post = tails.get(t as usize).map_or(&[][..], Vec::as_slice);
                    if post.len() > WORD_DF_CAP {
                        continue;
                    }
                    for &(a, w2) in post {
                        if scratch[a as usize] == 0.0 {
                            touched.push(a);
                        }
                        scratch[a as usize] += w * w2;
                    }
                }
                let mut top: Vec<(f32, usize)> = touched
                    .iter()
                    .map(|&a| (std::mem::take(&mut scratch[a as usize]), a as usize))
                    .filter(|&(c, a)| a != b && c > 0.0)
                    .collect();
                best_first(&mut top, BY_WORDS_BACK);
                top.into_iter().map(|(_, a)| a).collect()
            },
        )
        .collect();
    for (b, list) in preds.into_iter().enumerate() {
        for a in list {
            lists[a].push(b);
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
        let analysis = crate::fragment::Analysis::of_marked_pages(frags, "\u{c}");
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
