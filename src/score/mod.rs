//! Stage 2, continuity scoring: for every ordered pair of fragments (A, B), how well the end
//! of A runs into the start of B. Each kind of evidence is a [`Signal`] in its own file; a
//! pair's score is the weighted sum of the signals' log-odds-like contributions, so signals
//! can be weighed, switched off and ablated independently.

mod balance;
mod cohesion;
pub(crate) mod context;
mod footnote;
mod heading;
mod hyphen;
mod matter;
mod ngram;
mod pagenum;
mod sentence;
mod similarity;
mod stream;
mod syntax;
mod topic;
mod vocab;
mod wordclass;

pub use context::{cosine, Context};
pub use hyphen::pattern_allows as hyphen_allowed;

use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// One kind of continuity evidence.
pub trait Signal: Send + Sync {
    /// Stable name, used in reports and on the command line.
    fn name(&self) -> &'static str;
    /// How well the end of fragment `a` runs into the start of fragment `b` (log-odds scale:
    /// positive supports `b` directly after `a`, negative speaks against it, 0 is no evidence).
    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64;
    /// How plausible fragment `a` is as the first of the document.
    fn first(&self, _ctx: &Context, _a: usize) -> f64 {
        0.0
    }
    /// How plausible fragment `a` is as the last of the document.
    fn last(&self, _ctx: &Context, _a: usize) -> f64 {
        0.0
    }
}

/// Names of all built-in signals, in report order.
pub const SIGNAL_NAMES: &[&str] = &[
    "sentence", "hyphen", "footnote", "heading", "vocab", "syntax", "cohesion", "topic", "balance",
    "pagenum", "stream", "matter",
];

/// Build a built-in signal by name.
pub fn signal_by_name(name: &str) -> Option<Box<dyn Signal>> {
    Some(match name {
        "sentence" => Box::new(sentence::Sentence),
        "hyphen" => Box::new(hyphen::Hyphen),
        "footnote" => Box::new(footnote::Footnote),
        "heading" => Box::new(heading::HeadingOrder),
        "vocab" => Box::new(vocab::Vocab),
        "syntax" => Box::new(syntax::Syntax),
        "cohesion" => Box::new(cohesion::Cohesion),
        "topic" => Box::new(topic::Topic),
        "balance" => Box::new(balance::Balance),
        "pagenum" => Box::new(pagenum::PageNumber),
        "stream" => Box::new(stream::Stream),
        "matter" => Box::new(matter::Matter),
        _ => return None,
    })
}

/// Which signals are on and how much each weighs.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreConfig {
    /// Weight per signal name; a signal not listed or with weight 0 is off.
    /// Every name in [`SIGNAL_NAMES`] has a default weight.
    pub weights: BTreeMap<String, f64>,
}

/// Default weights. Calibrated once by a coordinate search over {0.5 … 2} per signal on the
/// shared corpus scrambled with seeds 4–6, then checked on seeds 1–3 and 7–9 (adjacency
/// +0.015 to +0.02 on both) with no document family getting worse; searched again (×0.7 and
/// ×1.4 per signal, two sweeps, md seeds 4–9) after `syntax` came in, which moved `sentence`
/// from 0.5 to 0.7 and `hyphen` from 1.25 to 0.875: adjacency 0.9455 → 0.9475 on seeds 4–9,
/// within noise on the held-out seeds (1–3: 0.9465 → 0.9461, 10–12: 0.9461 → 0.9469), exact
/// order up by 0.015–0.022 on every group of three seeds. `topic` came in at 0.5 (0.5–0.75
/// give 0.953–0.955 over md seeds 1–12, 1.0 gives 0.947; above 0.5 the founding sample's
/// weakest junction flips, so the lowest weight of the plateau). A handful of global
/// numbers, not a fit to any document.
const DEFAULT_WEIGHTS: &[(&str, f64)] = &[
    ("sentence", 0.7),
    ("hyphen", 0.875),
    ("footnote", 0.75),
    ("heading", 1.25),
    ("vocab", 1.0),
    ("syntax", 0.25),
    ("cohesion", 1.5),
    ("topic", 0.5),
    ("balance", 0.5),
    ("pagenum", 1.5),
    ("stream", 0.5),
    ("matter", 1.0),
];

impl Default for ScoreConfig {
    fn default() -> Self {
        let weights = DEFAULT_WEIGHTS
            .iter()
            .map(|&(n, w)| (n.to_string(), w))
            .collect();
        ScoreConfig { weights }
    }
}

impl ScoreConfig {
    /// Switch a signal off.
    pub fn without(mut self, name: &str) -> Self {
        self.weights.insert(name.to_string(), 0.0);
        self
    }

    /// The active signals with their weights, in [`SIGNAL_NAMES`] order.
    pub fn active(&self) -> Vec<(Box<dyn Signal>, f64)> {
        SIGNAL_NAMES
            .iter()
            .filter_map(|&n| {
                let w = self.weights.get(n).copied().unwrap_or(0.0);
                (w != 0.0).then(|| (signal_by_name(n).expect("known signal"), w))
            })
            .collect()
    }
}

/// Dense pair scores plus the scores for opening and closing the document.
#[derive(Debug, Clone)]
pub struct ScoreMatrix {
    n: usize,
    pair: Vec<f32>,
    /// Score for each fragment as the first of the document.
    pub first: Vec<f32>,
    /// Score for each fragment as the last.
    pub last: Vec<f32>,
}

impl ScoreMatrix {
    /// A matrix from explicit values (tests, benchmarks).
    pub fn from_fn(n: usize, f: impl Fn(usize, usize) -> f32) -> Self {
        let mut pair = vec![0.0; n * n];
        for a in 0..n {
            for b in 0..n {
                pair[a * n + b] = if a == b { f32::NEG_INFINITY } else { f(a, b) };
            }
        }
        ScoreMatrix {
            n,
            pair,
            first: vec![0.0; n],
            last: vec![0.0; n],
        }
    }

    /// Number of fragments.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when there are no fragments.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Score of `b` directly after `a`.
    #[inline]
    pub fn get(&self, a: usize, b: usize) -> f32 {
        self.pair[a * self.n + b]
    }

    /// Total score of an order, opening and closing included.
    pub fn total(&self, order: &[usize]) -> f64 {
        if order.is_empty() {
            return 0.0;
        }
        let mut t = self.first[order[0]] as f64 + self.last[order[order.len() - 1]] as f64;
        for w in order.windows(2) {
            t += self.get(w[0], w[1]) as f64;
        }
        t
    }
}

/// The scorer: active signals over one document's context.
pub struct Scorer<'a> {
    /// Shared statistics.
    pub ctx: Context<'a>,
    signals: Vec<(Box<dyn Signal>, f64)>,
}

/// One signal's weighted share of a junction's score.
#[derive(Debug, Clone, Serialize)]
pub struct Contribution {
    /// Signal name.
    pub signal: &'static str,
    /// Weighted score.
    pub score: f64,
}

impl<'a> Scorer<'a> {
    /// Prepare scoring for an analysed document.
    pub fn new(analysis: &'a crate::fragment::Analysis, cfg: &ScoreConfig) -> Self {
        let mut ctx = Context::new(analysis);
        ctx.warm_fuzzy();
        Scorer {
            ctx,
            signals: cfg.active(),
        }
    }

    /// Weighted score of `b` after `a`.
    pub fn pair(&self, a: usize, b: usize) -> f64 {
        self.signals
            .iter()
            .map(|(s, w)| w * s.pair(&self.ctx, a, b))
            .sum()
    }

    /// Each signal's weighted share of `b` after `a` (for reports).
    pub fn contributions(&self, a: usize, b: usize) -> Vec<Contribution> {
        self.signals
            .iter()
            .map(|(s, w)| Contribution {
                signal: s.name(),
                score: w * s.pair(&self.ctx, a, b),
            })
            .collect()
    }

    /// Each signal's share of `a` opening the document.
    pub fn first_contributions(&self, a: usize) -> Vec<Contribution> {
        self.signals
            .iter()
            .map(|(s, w)| Contribution {
                signal: s.name(),
                score: w * s.first(&self.ctx, a),
            })
            .collect()
    }

    /// The dense matrix, rows computed in parallel (each cell independently, so the result
    /// does not depend on the thread count).
    pub fn matrix(&self) -> ScoreMatrix {
        let n = self.ctx.fragments().len();
        // Filled in place, row by row: one n² allocation, no copies.
        let mut pair = vec![0f32; n * n];
        pair.par_chunks_mut(n.max(1))
            .enumerate()
            .for_each(|(a, row)| {
                for (b, cell) in row.iter_mut().enumerate() {
                    *cell = if a == b {
                        f32::NEG_INFINITY
                    } else {
                        self.pair(a, b) as f32
                    };
                }
            });
        let first = (0..n)
            .map(|a| {
                self.signals
                    .iter()
                    .map(|(s, w)| w * s.first(&self.ctx, a))
                    .sum::<f64>() as f32
            })
            .collect();
        let last = (0..n)
            .map(|a| {
                self.signals
                    .iter()
                    .map(|(s, w)| w * s.last(&self.ctx, a))
                    .sum::<f64>() as f32
            })
            .collect();
        ScoreMatrix {
            n,
            pair,
            first,
            last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signal_has_a_default_weight_and_can_be_switched_off() {
        let cfg = ScoreConfig::default();
        for &n in SIGNAL_NAMES {
            assert!(cfg.weights.get(n).is_some_and(|&w| w > 0.0), "{n}");
            assert!(signal_by_name(n).is_some());
        }
        assert_eq!(cfg.active().len(), SIGNAL_NAMES.len());
        assert_eq!(
            cfg.without("cohesion").active().len(),
            SIGNAL_NAMES.len() - 1
        );
    }
}
