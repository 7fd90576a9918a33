//! The page model: where local cues leave a gap uncertain (a page that ends exactly where a
//! paragraph ends), the lengths decide. A run of blocks between sure cuts holds whole pages
//! of about the document's page capacity, so each candidate cut gets a posterior
//! probability by forward–backward over every way to cut the run into pages.
//!
//! The shape of the page-length likelihood (a peak at the capacity, a flat floor for short
//! pages, a steep fall past it) was set by hand in the founding commit 68a0589; none of its
//! numbers was fitted.

use super::super::median;
use super::super::text::{Close, Open};
use super::blocks::Block;
use super::gaps::Gap;

/// Spread of full-page lengths, as a share of the capacity.
/// Set by hand in 68a0589, not fitted.
const PAGE_SD_SHARE: f64 = 0.09;
/// Weight of the full-page peak in the page-length mixture.
/// Set by hand in 68a0589, not fitted.
const FULL_PAGE_WEIGHT: f64 = 0.8;
/// Weight of the flat part for short pages (chapter ends, pages before a heading).
/// Set by hand in 68a0589, not fitted. (Written separately from [`FULL_PAGE_WEIGHT`]: the two
/// sum to 1, but `1.0 - 0.8` is not `0.2` in floating point.)
const SHORT_PAGE_WEIGHT: f64 = 0.2;
/// √(2π) to four decimals, the normal density's constant, as first written (68a0589). Not
/// `(2π).sqrt()`: the rounding is kept so results stay as they were.
const SQRT_TWO_PI: f64 = 2.5066;
/// Pages up to this share of the capacity are as likely short as any; longer ones fade.
/// Set by hand in 68a0589, not fitted.
const OVERFULL_SHARE: f64 = 1.1;
/// How fast overfull pages fade: the flat part falls by e per this share of the capacity.
/// Set by hand in 68a0589, not fitted.
const OVERFULL_DECAY_SHARE: f64 = 0.04;
/// Page lengths are read at block granularity: one bin is the capacity over this many.
/// Set by hand in 68a0589, not fitted.
const LENGTH_BINS: f64 = 10.0;
/// Most blocks one page may hold in the forward–backward pass. Chosen by hand, not fitted:
/// the fullest page of the shared corpus and its flavours holds 259 blocks (paragraphs or
/// lines); without a bound a run of 20,000 one-sentence paragraphs costs 20,000² page
/// likelihoods before it is found to be one page.
const MAX_PAGE_BLOCKS: usize = 1000;
/// Floor of a page's likelihood before its logarithm (keeps impossible pages finite).
const LIKELIHOOD_FLOOR: f64 = 1e-300;
/// Runs that open and close mid-sentence give the capacity only when at least this many.
/// Set by hand in 68a0589, not fitted.
const MIN_FULL_PAGES: usize = 3;
/// Least capacity when it is guessed from all runs (few full pages seen).
/// Set by hand in 68a0589, not fitted.
const GUESSED_MIN_CAPACITY: f64 = 500.0;
/// Least capacity in any case. Set by hand in 68a0589, not fitted.
const MIN_CAPACITY: f64 = 200.0;

/// Runs of blocks between sure cuts, as `(first, one past last)` block indices.
pub(super) fn runs_between_sure_cuts(gaps: &[Gap], n: usize) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (g, gap) in gaps.iter().enumerate() {
        if *gap == Gap::Sure {
            runs.push((start, g + 1));
            start = g + 1;
        }
    }
    if n > 0 {
        runs.push((start, n));
    }
    runs
}

/// Page capacity: runs that both open and close mid-sentence are single full pages.
pub(super) fn page_capacity(blocks: &[Block], runs: &[(usize, usize)], lengths: &[f64]) -> f64 {
    let run_len = |&(s, e): &(usize, usize)| -> f64 { lengths[s..e].iter().sum() };
    let mid_pages: Vec<f64> = runs
        .iter()
        .filter(|&&(s, e)| {
            let first = &blocks[s];
            let last_body = blocks[s..e].iter().rev().find(|b| !b.in_notes);
            first.opens == Open::Continuation
                && (last_body.is_some_and(|b| matches!(b.closes, Close::Mid | Close::Hyphen))
                    || blocks[e - 1].in_notes)
        })
        .map(run_len)
        .collect();
    if mid_pages.len() >= MIN_FULL_PAGES {
        median(mid_pages)
    } else {
        let all_runs: Vec<f64> = runs.iter().map(run_len).collect();
        median(all_runs).max(GUESSED_MIN_CAPACITY)
    }
    .max(MIN_CAPACITY)
}

/// Boundary probability of every gap: 1 for sure cuts, 0 inside pages, the page model's
/// posterior for candidates.
pub(super) fn cut_probabilities(
    gaps: &[Gap],
    runs: &[(usize, usize)],
    lengths: &[f64],
    cap: f64,
) -> Vec<f64> {
    let mut p_cut: Vec<f64> = gaps
        .iter()
        .map(|g| match g {
            Gap::Sure => 1.0,
            Gap::Inside => 0.0,
            Gap::Candidate(p) => *p,
        })
        .collect();
    for &(s, e) in runs {
        if e - s < 2 {
            continue;
        }
        let priors: Vec<Option<f64>> = (s..e - 1)
            .map(|g| match gaps[g] {
                Gap::Candidate(p) => Some(p),
                _ => None,
            })
            .collect();
        let post = boundary_posteriors(&lengths[s..e], &priors, cap);
        for (k, p) in post.into_iter().enumerate() {
            if matches!(gaps[s + k], Gap::Candidate(_)) {
                p_cut[s + k] = p;
            }
        }
    }
    p_cut
}

/// Page-length likelihood of a page of length `x` when a full page holds about `cap`.
fn page_likelihood(x: f64, cap: f64) -> f64 {
    let sd = PAGE_SD_SHARE * cap;
    let z = (x - cap) / sd;
    let full = FULL_PAGE_WEIGHT * (-0.5 * z * z).exp() / (sd * SQRT_TWO_PI);
    let limit = OVERFULL_SHARE * cap;
    let short = if x <= limit {
        SHORT_PAGE_WEIGHT / limit
    } else {
        SHORT_PAGE_WEIGHT / limit * (-(x - limit) / (OVERFULL_DECAY_SHARE * cap)).exp()
    };
    // Probability mass for one block-granular length bin.
    (full + short) * (cap / LENGTH_BINS)
}

fn logsumexp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Posterior probability of a page boundary at each gap of a run of blocks that starts and
/// ends at sure page boundaries, by forward–backward over all ways to cut it into pages.
fn boundary_posteriors(lengths: &[f64], priors: &[Option<f64>], cap: f64) -> Vec<f64> {
    posteriors_counted(lengths, priors, cap).0
}

/// [`boundary_posteriors`], with the number of page likelihoods it evaluated.
fn posteriors_counted(lengths: &[f64], priors: &[Option<f64>], cap: f64) -> (Vec<f64>, usize) {
    let m = lengths.len();
    debug_assert_eq!(priors.len() + 1, m);
    if m <= 1 {
        return (Vec::new(), 0);
    }
    let mut prefix = vec![0.0; m + 1];
    for i in 0..m {
        prefix[i + 1] = prefix[i] + lengths[i];
    }
    // log(1 - prior) summed over gaps, to price "no cut" inside a page.
    let lp_cut: Vec<f64> = priors
        .iter()
        .map(|p| p.map_or(f64::NEG_INFINITY, |p| p.ln()))
        .collect();
    let lp_keep: Vec<f64> = priors
        .iter()
        .map(|p| p.map_or(0.0, |p| (1.0 - p).ln()))
        .collect();
    let mut keep_prefix = vec![0.0; m];
    for g in 0..m - 1 {
        keep_prefix[g + 1] = keep_prefix[g] + lp_keep[g];
    }
    // Page from block i to j-1: internal gaps i..j-2 kept.
    let evaluated = std::cell::Cell::new(0usize);
    let w = |i: usize, j: usize| -> f64 {
        evaluated.set(evaluated.get() + 1);
        let len = prefix[j] - prefix[i];
        let keep = keep_prefix[j - 1] - keep_prefix[i];
        page_likelihood(len, cap).max(LIKELIHOOD_FLOOR).ln() + keep
    };
    let max_span = m.min(MAX_PAGE_BLOCKS);
    let alpha = forward(m, max_span, &lp_cut, &w);
    let beta = backward(m, max_span, &lp_cut, &w);
    let z = alpha[m];
    let post = (0..m - 1)
        .map(|g| {
            if lp_cut[g] == f64::NEG_INFINITY || z == f64::NEG_INFINITY {
                0.0
            } else {
                (alpha[g + 1] + lp_cut[g] + beta[g + 1] - z)
                    .exp()
                    .clamp(0.0, 1.0)
            }
        })
        .collect();
    (post, evaluated.get())
}

/// Forward pass: `alpha[j]` is the log weight of every way to cut blocks `0..j` into pages
/// with a cut after block `j - 1`.
fn forward(m: usize, max_span: usize, lp_cut: &[f64], w: &dyn Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut alpha = vec![f64::NEG_INFINITY; m + 1];
    alpha[0] = 0.0;
    for j in 1..=m {
        let mut acc = f64::NEG_INFINITY;
        for i in j.saturating_sub(max_span)..j {
            if alpha[i] == f64::NEG_INFINITY {
                continue;
            }
            let entry = if i == 0 { 0.0 } else { lp_cut[i - 1] };
            if entry == f64::NEG_INFINITY {
                continue;
            }
            acc = logsumexp(acc, alpha[i] + entry + w(i, j));
        }
        alpha[j] = acc;
    }
    alpha
}

/// Backward pass: `beta[i]` is the log weight of every way to cut blocks `i..m` into pages
/// with a page starting at block `i`.
fn backward(
    m: usize,
    max_span: usize,
    lp_cut: &[f64],
    w: &dyn Fn(usize, usize) -> f64,
) -> Vec<f64> {
    let mut beta = vec![f64::NEG_INFINITY; m + 1];
    beta[m] = 0.0;
    for i in (0..m).rev() {
        let mut acc = f64::NEG_INFINITY;
        for j in i + 1..=m.min(i + max_span) {
            if beta[j] == f64::NEG_INFINITY {
                continue;
            }
            let exit = if j == m { 0.0 } else { lp_cut[j - 1] };
            if exit == f64::NEG_INFINITY {
                continue;
            }
            acc = logsumexp(acc, w(i, j) + exit + beta[j]);
        }
        beta[i] = acc;
    }
    beta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posteriors_find_the_page_break_by_length() {
        // Two full pages of five paragraphs each: the break is after the fifth block.
        let lengths = vec![600.0; 10];
        let priors = vec![Some(0.1); 9];
        let post = boundary_posteriors(&lengths, &priors, 3000.0);
        let best = (0..9).max_by(|&a, &b| post[a].total_cmp(&post[b])).unwrap();
        assert_eq!(best, 4);
        assert!(post[4] > 0.5, "{post:?}");
        assert!(post[0] < 0.1);
    }

    /// Item 12 of issue 20: thousands of one-sentence paragraphs between sure cuts cost at
    /// most `MAX_PAGE_BLOCKS` page likelihoods each and are still read as no page break.
    #[test]
    fn a_long_run_of_tiny_blocks_is_bounded_and_stays_one_page() {
        let m = 5000;
        let lengths = vec![40.0; m];
        let priors = vec![Some(0.1); m - 1];
        let (post, evaluated) = posteriors_counted(&lengths, &priors, 40.0 * m as f64);
        assert_eq!(post.len(), m - 1);
        // Forward and backward, each at most MAX_PAGE_BLOCKS pages ending (starting) per block.
        assert!(evaluated <= 2 * m * MAX_PAGE_BLOCKS, "{evaluated}");
        assert!(evaluated < m * m / 2);
        assert!(post.iter().all(|&p| p < 0.5), "{:?}", &post[..10]);
    }

    #[test]
    fn one_page_run_keeps_its_paragraphs_together() {
        let lengths = vec![700.0; 4];
        let priors = vec![Some(0.1); 3];
        let post = boundary_posteriors(&lengths, &priors, 3000.0);
        assert!(post.iter().all(|&p| p < 0.1), "{post:?}");
    }
}
