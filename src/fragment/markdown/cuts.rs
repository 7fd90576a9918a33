//! Cutting: the judged gaps and their boundary probabilities turned into fragments. A text
//! is cut at every sure gap and at every candidate likely enough to matter; the fragments
//! tile the input, and candidate cuts become stream links that carry their probability to
//! the scorer.

use super::super::{CutStats, Fragment, StreamLink};
use super::blocks::Block;
use super::describe::fragment_from_blocks;
use super::gaps::Gap;
use crate::ingest::Span;

/// Where to cut: for every block, the probability of the cut after it (`None`: no cut), and
/// the count of gaps by how they were judged.
pub(super) fn choose_cuts(
    gaps: &[Gap],
    p_cut: &[f64],
    min_cut_probability: f64,
    n: usize,
) -> (Vec<Option<f64>>, CutStats) {
    let mut stats = CutStats::default();
    let mut cut_after: Vec<Option<f64>> = vec![None; n];
    for g in 0..gaps.len() {
        match gaps[g] {
            Gap::Sure => {
                stats.sure += 1;
                cut_after[g] = Some(1.0);
            }
            Gap::Candidate(_) if p_cut[g] >= min_cut_probability => {
                stats.candidate += 1;
                cut_after[g] = Some(p_cut[g]);
            }
            _ => stats.inside += 1,
        }
    }
    (cut_after, stats)
}

/// End of the leading bytes that belong to no fragment: the blank lines before the first
/// block. Leading indentation of the first line belongs to the first fragment.
pub(super) fn prefix_end(text: &str, blocks: &[Block]) -> usize {
    let prefix_end = blocks.first().map_or(text.len(), |b| b.span.start);
    text[..prefix_end]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .min(prefix_end)
}

/// Cut the blocks into fragments after every block with a cut, and link the fragments on
/// either side of each candidate cut.
pub(super) fn build_fragments(
    text: &str,
    blocks: &[Block],
    gaps: &[Gap],
    cut_after: &[Option<f64>],
    prefix_end: usize,
    glued: bool,
) -> (Vec<Fragment>, Vec<StreamLink>) {
    let n = blocks.len();
    let mut fragments = Vec::new();
    let mut links = Vec::new();
    let mut first_block = 0;
    for i in 0..n {
        let last = i + 1 == n;
        if last || cut_after[i].is_some() {
            let span_start = if first_block == 0 {
                prefix_end
            } else {
                fragments
                    .last()
                    .map_or(prefix_end, |f: &Fragment| f.span.end)
            };
            // A fragment owns its trailing blank lines, up to the start of the next block's line.
            let span_end = if last {
                text.len()
            } else {
                let next = blocks[i + 1].span.start;
                text[..next].rfind('\n').map_or(next, |k| k + 1)
            };
            let mut f = fragment_from_blocks(
                text,
                &blocks[first_block..=i],
                Span::new(span_start, span_end),
                glued,
            );
            f.starts_page = first_block == 0 || gaps[first_block - 1] == Gap::Sure;
            f.ends_page = last || gaps[i] == Gap::Sure;
            fragments.push(f);
            if !last {
                if let Some(p) = cut_after[i] {
                    if p < 1.0 {
                        let k = fragments.len();
                        links.push(StreamLink {
                            from: k - 1,
                            to: k,
                            p_boundary: p,
                        });
                    }
                }
            }
            first_block = i + 1;
        }
    }
    (fragments, links)
}
