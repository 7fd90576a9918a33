//! Stage 3, ordering: find the order of fragments that maximises total continuity — a
//! Hamiltonian path in a complete directed graph, i.e. an asymmetric travelling-salesman
//! problem. [`exact::HeldKarp`] solves small documents optimally; [`local::LocalSearch`]
//! (greedy construction, Or-opt moves and seeded kicks) handles large ones. Two global repairs
//! follow: [`sections`] puts whole sections in declared order, and [`monotone`] keeps numbers
//! that only grow (footnotes, sections, partial page numbers, kinds of matter) in order. Every
//! junction gets a confidence from how clearly its pair beats the alternatives. [`solve`] does
//! all of it in one call, reading the scores and the document's [`Structure`] only.

pub mod doubt;
pub mod exact;
mod known;
pub mod local;
pub mod monotone;
pub mod sections;
pub mod stats;

use crate::fragment::Structure;
use crate::score::ScoreMatrix;
use monotone::Monotone;
use serde::Serialize;
pub use stats::SolveStats;
use std::time::Instant;

/// How to search.
#[derive(Debug, Clone)]
pub struct SolveConfig {
    /// Largest number of fragments solved exactly (Held–Karp); above it, local search.
    pub exact_limit: usize,
    /// Seed for the local search's and the repair's random kicks.
    pub seed: u64,
}

impl Default for SolveConfig {
    fn default() -> Self {
        SolveConfig {
            exact_limit: 13,
            seed: 0,
        }
    }
}

/// Find the reading order of the fragments scored by `m`: the best path by the pair scores
/// (exact when small, local search when large), whole sections put in the order the document
/// declares, numbers that only grow kept in order, and a margin for every junction.
pub fn solve(m: &ScoreMatrix, structure: &Structure, cfg: &SolveConfig) -> Solution {
    let solver = Auto {
        exact_limit: cfg.exact_limit,
        seed: cfg.seed,
    };
    let t = Instant::now();
    let mut solution = solver.solve(m);
    solution.stats.path = t.elapsed();
    let t = Instant::now();
    let unsectioned = solution.order.clone();
    if sections::order_sections(&mut solution.order, structure) {
        local::polish(m, &mut solution.order, &mut solution.stats);
        solution.total = m.total(&solution.order);
        solution.optimal = false;
    }
    solution.stats.sections = t.elapsed();
    let t = Instant::now();
    if let Some(mono) = Monotone::new(structure) {
        let stats = &mut solution.stats;
        let mut changed = monotone::repair(m, &mono, &mut solution.order, cfg.seed, stats);
        // A repaired order that still steps a number backwards is stuck where the sections'
        // order led it: repair the solver's own order as well and keep the better of the two.
        if !mono.steps_back(&solution.order).is_empty() {
            let mut second = unsectioned;
            monotone::repair(m, &mono, &mut second, cfg.seed.wrapping_add(1), stats);
            if mono.objective(m, &second) > mono.objective(m, &solution.order) + 1e-9 {
                solution.order = second;
                changed = true;
            }
        }
        if changed {
            solution.total = m.total(&solution.order);
            solution.optimal = false;
        }
    }
    solution.stats.repair = t.elapsed();
    let t = Instant::now();
    solution.margins = margins(m, &solution.order);
    solution.stats.margins = t.elapsed();
    solution
}

/// An order and what is known of its quality.
#[derive(Debug, Clone, Serialize)]
pub struct Solution {
    /// Fragment indices in reading order.
    pub order: Vec<usize>,
    /// Total score of the order.
    pub total: f64,
    /// Name of the solver that produced it.
    pub solver: &'static str,
    /// True when the order is proven optimal for the scores.
    pub optimal: bool,
    /// An upper bound on the best possible total.
    pub upper_bound: f64,
    /// Per junction of `order`: by how much its pair beats the best alternative for either
    /// side (see [`margins`]; filled in by [`solve`], empty from a bare [`Solver`]).
    pub margins: Vec<f64>,
    /// The work done to find the order (not part of any report).
    #[serde(skip)]
    pub stats: SolveStats,
}

/// A way to find a good order.
pub trait Solver: Send + Sync {
    /// Stable name for reports.
    fn name(&self) -> &'static str;
    /// Find an order of all fragments of `m`.
    fn solve(&self, m: &ScoreMatrix) -> Solution;
}

/// Choose the solver by size: exact up to `exact_limit` fragments, local search above.
pub struct Auto {
    /// Largest instance solved exactly.
    pub exact_limit: usize,
    /// Seed for the local search's kicks.
    pub seed: u64,
}

impl Default for Auto {
    fn default() -> Self {
        Auto {
            exact_limit: 13,
            seed: 0,
        }
    }
}

impl Solver for Auto {
    fn name(&self) -> &'static str {
        "auto"
    }

    fn solve(&self, m: &ScoreMatrix) -> Solution {
        if m.len() <= self.exact_limit {
            exact::HeldKarp.solve(m)
        } else {
            local::LocalSearch::new(self.seed).solve(m)
        }
    }
}

/// A simple upper bound: every fragment but one leaves by its best edge, the document opens
/// and closes at the best place.
pub fn upper_bound(m: &ScoreMatrix) -> f64 {
    let n = m.len();
    if n == 0 {
        return 0.0;
    }
    if n == 1 {
        return (m.first[0] + m.last[0]) as f64;
    }
    // Best edge out of (or into) each fragment: `score(x, y)` over all y ≠ x.
    // (A sparse matrix's unlisted pairs score its `missing`, counted as one more candidate.)
    let floor = m.missing().map_or(f64::NEG_INFINITY, |x| x as f64);
    let (best_out, best_in): (Vec<f64>, Vec<f64>) = if m.dense_row(0).is_some() {
        // Dense: one pass over the rows (the maximum does not depend on the order it is
        // taken in; each diagonal cell is −∞ and changes no maximum).
        let mut best_in = vec![floor; n];
        let best_out = (0..n)
            .map(|a| {
                let row = m.dense_row(a).expect("dense");
                for (b, &s) in row.iter().enumerate() {
                    best_in[b] = best_in[b].max(s as f64);
                }
                row.iter().map(|&s| s as f64).fold(floor, f64::max)
            })
            .collect();
        (best_out, best_in)
    } else {
        let best_out = (0..n)
            .map(|x| m.successors(x).map(|(_, s)| s as f64).fold(floor, f64::max))
            .collect();
        let best_in = (0..n)
            .map(|x| {
                m.predecessors(x)
                    .map(|(_, s)| s as f64)
                    .fold(floor, f64::max)
            })
            .collect();
        (best_out, best_in)
    };
    let first = m.first.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let last = m.last.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let out_sum: f64 =
        best_out.iter().sum::<f64>() - best_out.iter().copied().fold(f64::INFINITY, f64::min);
    let in_sum: f64 =
        best_in.iter().sum::<f64>() - best_in.iter().copied().fold(f64::INFINITY, f64::min);
    first + last + out_sum.min(in_sum)
}

/// Per junction of `order`: the margin by which the chosen pair beats the best alternative
/// successor of its left fragment and the best alternative predecessor of its right one.
pub fn margins(m: &ScoreMatrix, order: &[usize]) -> Vec<f64> {
    // Dense: every other fragment is an alternative.
    let n = if m.is_sparse() { 0 } else { m.len() };
    order
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let chosen = m.get(a, b) as f64;
            let mut alt = f64::NEG_INFINITY;
            if let Some(missing) = m.missing() {
                // Sparse: the listed alternatives, and any unlisted pair.
                alt = m
                    .successors(a)
                    .filter(|&(x, _)| x != b)
                    .chain(m.predecessors(b).filter(|&(x, _)| x != a))
                    .map(|(_, s)| s as f64)
                    .fold(missing as f64, f64::max);
            }
            for x in 0..n {
                if x != a && x != b {
                    alt = alt.max(m.get(a, x) as f64).max(m.get(x, b) as f64);
                }
            }
            if alt == f64::NEG_INFINITY {
                10.0
            } else {
                chosen - alt
            }
        })
        .collect()
}

/// How the pages were found, which sets how far a margin can be trusted: pages marked in the
/// input (form feeds, a PDF, a page folder), unmarked converter output (pages found by their
/// furniture, or hard-wrapped lines cut by the text), or markdown paragraphs cut by the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calibration {
    /// Pages marked in the input.
    Marked,
    /// Unmarked converter output: pages found by their running heads and page numbers, or
    /// hard-wrapped lines cut by the text alone.
    Converter,
    /// Unmarked markdown-like paragraphs cut by the text alone.
    Text,
}

impl Calibration {
    /// Slope and intercept of the Platt curve. Each is a logistic regression of "this
    /// junction is right" on its margin, refit with `cargo run --release --example calibrate`
    /// whenever scoring or the repair changes:
    /// - `Marked`: `-- txt ../shared/flavours train formfeed 4 5 6` (the train documents of every
    ///   flavour, pages joined by form feeds; 8,232 junctions);
    /// - `Converter`: the margin's share of [`doubt::CONVERTER_WEIGHTS`], which
    ///   [`doubt::Doubts::confidence`] uses in its place (the margin alone overrates doubtful
    ///   cuts); refit with `-- txt ../shared/flavours train blank 4 5 6`;
    /// - `Text`: `-- md ../shared/corpus 4 5 6` (the shared corpus's markdown, 4,952 junctions;
    ///   fitted before the flavour corpus existed, so its documents are also reported on).
    pub fn curve(self) -> (f64, f64) {
        match self {
            Calibration::Marked => (0.793, 1.077),
            Calibration::Converter => (doubt::CONVERTER_WEIGHTS[1], doubt::CONVERTER_WEIGHTS[0]),
            Calibration::Text => (0.71, 2.52),
        }
    }
}

/// Turn a margin into a confidence in (0, 1): the share of junctions with that margin that
/// were right on the train documents read the same way (Platt scaling,
/// `1 / (1 + e^-(slope·margin + intercept))`, see [`Calibration::curve`]); a chosen junction
/// is right more often than its bare margin suggests because the whole order (and the numbers
/// it must respect) backs it.
pub fn confidence(margin: f64, how: Calibration) -> f64 {
    let (slope, intercept) = how.curve();
    1.0 / (1.0 + (-(slope * margin + intercept)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn random_matrix(n: usize, rng: &mut ChaCha8Rng) -> ScoreMatrix {
        let vals: Vec<f32> = (0..n * n).map(|_| rng.random_range(-5.0..5.0)).collect();
        let mut m = ScoreMatrix::from_fn(n, |a, b| vals[a * n + b]);
        for a in 0..n {
            m.first[a] = rng.random_range(-2.0..2.0);
            m.last[a] = rng.random_range(-2.0..2.0);
        }
        m
    }

    /// The local search reaches the exact optimum on most random small instances and is never
    /// far from it; both respect the upper bound.
    #[test]
    fn local_search_matches_exact_on_small_instances() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut same = 0;
        let trials = 200;
        for t in 0..trials {
            let n = 4 + t % 9;
            let m = random_matrix(n, &mut rng);
            let exact = exact::HeldKarp.solve(&m);
            let heur = local::LocalSearch::new(1).solve(&m);
            let ub = upper_bound(&m);
            assert!(exact.total <= ub + 1e-6);
            assert!(heur.total <= exact.total + 1e-6, "heuristic beat exact");
            let mut sorted = heur.order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>());
            if (heur.total - exact.total).abs() < 1e-6 {
                same += 1;
            }
            assert!(exact.total - heur.total <= 0.1 * exact.total.abs() + 3.0);
        }
        assert!(same * 100 >= trials * 95, "optimal on only {same}/{trials}");
    }

    #[test]
    fn planted_order_is_found() {
        // A clear chain 0→1→…→n−1 plus noise is recovered by both solvers.
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for n in [6, 12, 40, 150] {
            let perm: Vec<usize> = {
                let mut p: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    let j = rng.random_range(0..=i);
                    p.swap(i, j);
                }
                p
            };
            let mut pos = vec![0; n];
            for (i, &p) in perm.iter().enumerate() {
                pos[p] = i;
            }
            let noise: Vec<f32> = (0..n * n).map(|_| rng.random_range(-1.0..1.0)).collect();
            let m = ScoreMatrix::from_fn(n, |a, b| {
                if pos[b] == pos[a] + 1 {
                    3.0
                } else {
                    noise[a * n + b]
                }
            });
            let sol = Auto::default().solve(&m);
            assert_eq!(sol.order, perm, "n = {n}");
            let margins = margins(&m, &sol.order);
            assert!(margins.iter().all(|&x| x > 0.0));
        }
    }

    fn is_permutation(order: &[usize], n: usize) -> bool {
        let mut sorted = order.to_vec();
        sorted.sort_unstable();
        sorted == (0..n).collect::<Vec<_>>()
    }

    /// Scores of any size or none at all (a weight of NaN, ±inf or 1e39 on the command line)
    /// are clamped where the matrix is made, and every solver still returns a permutation.
    #[test]
    fn hostile_scores_still_give_a_permutation() {
        let hostile = [
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            -f32::MAX,
            1e30,
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for n in [5, 12, 30, 200] {
            let vals: Vec<f32> = (0..n * n)
                .map(|_| {
                    hostile[rng
                        .random_range(0..hostile.len() + 2)
                        .min(hostile.len() - 1)]
                })
                .collect();
            let m = ScoreMatrix::from_fn(n, |a, b| vals[a * n + b]);
            for a in 0..n {
                for b in (0..n).filter(|&b| b != a) {
                    let x = m.get(a, b);
                    assert!(x.is_finite() && x.abs() <= crate::score::SCORE_LIMIT);
                }
            }
            let sol = solve(&m, &Structure::default(), &SolveConfig::default());
            assert!(is_permutation(&sol.order, n), "n = {n}");
            assert!(sol.total.is_finite());
            assert!(sol.margins.iter().all(|x| x.is_finite()));
        }
        assert_eq!(crate::score::sane(f64::NAN), -crate::score::SCORE_LIMIT);
        assert_eq!(crate::score::sane(1e39), crate::score::SCORE_LIMIT);
        assert_eq!(crate::score::sane(-2.5), -2.5);
    }

    /// A sparse matrix that lists only a few successors per fragment (the true one among
    /// them) gives back the planted order, and its unlisted pairs score the penalty.
    #[test]
    fn sparse_matrix_keeps_the_planted_order() {
        let n = 300;
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            perm.swap(i, rng.random_range(0..=i));
        }
        let mut pos = vec![0; n];
        for (i, &p) in perm.iter().enumerate() {
            pos[p] = i;
        }
        let rows: Vec<Vec<(usize, f32)>> = (0..n)
            .map(|a| {
                let mut row: Vec<(usize, f32)> = (0..6)
                    .map(|_| (rng.random_range(0..n), rng.random_range(-1.0..1.0)))
                    .filter(|&(b, _)| b != a && pos[b] != pos[a] + 1)
                    .collect();
                if pos[a] + 1 < n {
                    row.push((perm[pos[a] + 1], 3.0));
                }
                row
            })
            .collect();
        let m = ScoreMatrix::sparse(rows, -50.0);
        assert!(m.is_sparse() && m.scored() <= 7 * n as u64);
        let (a, b) = (perm[0], perm[2]);
        if !m.successors(a).any(|(x, _)| x == b) {
            assert_eq!(m.get(a, b), -50.0);
        }
        assert_eq!(m.get(perm[0], perm[1]), 3.0);
        let sol = solve(&m, &Structure::default(), &SolveConfig::default());
        assert_eq!(sol.order, perm);
        assert!(sol.margins.iter().all(|&x| x > 0.0));
        assert!(upper_bound(&m) >= sol.total);
    }
}
