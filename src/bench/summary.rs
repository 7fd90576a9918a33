//! Figures over a set of bench runs: adjacency, exact order, Kendall τ, cut precision, the
//! confidence calibration, timing, the printed-numbers baseline and page-set detection. Kept
//! apart from the running of the bench (`bench/mod.rs`) so the aggregate has one home.

use super::metrics::RunMetrics;
use serde::Serialize;

/// Accuracy per confidence bucket.
#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    /// Lower confidence bound (inclusive).
    pub lo: f64,
    /// Upper bound (exclusive, except the last).
    pub hi: f64,
    /// Junctions in the bucket.
    pub count: usize,
    /// Share of them that are correct.
    pub accuracy: f64,
}

/// Timing figures (wall clock: these vary between runs and machines).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Timing {
    /// Median restore time per document, ms.
    pub p50_ms: f64,
    /// 95th percentile, ms.
    pub p95_ms: f64,
    /// Slowest, ms.
    pub max_ms: f64,
    /// Pages restored per second of restore time (one thread's view).
    pub pages_per_second: f64,
}

/// The baseline of sorting fragments by their printed page numbers, over the runs where at
/// least half the fragments carry one.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct NumbersBaseline {
    /// Runs with printed numbers on at least half their fragments.
    pub runs: usize,
    /// Adjacency of the sorted order, pooled over those runs.
    pub adjacency: f64,
    /// collate's own adjacency, pooled over the same runs.
    pub collate: f64,
    /// Runs where collate's order read on less than the sorted one.
    pub below: usize,
}

/// Figures over a set of runs.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Runs (documents × seeds).
    pub runs: usize,
    /// Pages over all runs.
    pub pages: usize,
    /// Share of runs restored in exactly the true order (PMR).
    pub exact: f64,
    /// Share of all true successor pairs standing next to each other (pooled over runs).
    pub adjacency: f64,
    /// Mean of the per-run adjacency.
    pub adjacency_mean: f64,
    /// Mean Kendall tau.
    pub kendall_tau: f64,
    /// Pages lost, summed (must be 0).
    pub lost: usize,
    /// Pages duplicated, summed (must be 0).
    pub duplicated: usize,
    /// Pages split across places, summed.
    pub split: usize,
    /// Mean page-cut precision (unmarked markdown; 1 when pages are marked).
    pub cut_precision: f64,
    /// Mean page-cut recall.
    pub cut_recall: f64,
    /// Junction accuracy by confidence.
    pub calibration: Vec<Bucket>,
    /// Share of junctions with confidence ≥ 0.9.
    pub confident_share: f64,
    /// Accuracy of the junctions with confidence ≥ 0.9.
    pub confident_precision: f64,
    /// Speed.
    pub timing: Timing,
    /// Sorting by printed page numbers, on the runs where at least half the fragments carry
    /// one: its adjacency and the runs where collate's order read on less.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbers: Option<NumbersBaseline>,
    /// Page-set detection (pages twice, pages missing): present when pages were dropped or
    /// put in twice, or when a restore reported either.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sets: Option<SetsSummary>,
}

/// Detection figures for one kind of page-set damage over a set of runs.
#[derive(Debug, Clone, Serialize)]
pub struct Detection {
    /// Damage done (pages put in twice, or gaps left).
    pub truth: usize,
    /// Reports made.
    pub found: usize,
    /// Reports that are right.
    pub right: usize,
    /// Share of reports that are right (1 when none was made).
    pub precision: f64,
    /// Share of the damage found (1 when none was done).
    pub recall: f64,
    /// Runs with a report but nothing of the kind done (false alarms on whole documents).
    pub false_runs: usize,
}

/// Page-set detection over a set of runs.
#[derive(Debug, Clone, Serialize)]
pub struct SetsSummary {
    /// Pages twice.
    pub duplicates: Detection,
    /// Pages missing.
    pub missing: Detection,
    /// Runs found to hold more than one document (absent when none).
    #[serde(skip_serializing_if = "is_zero")]
    pub split_runs: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Detection figures from per-run counts: (truth, found, right, hit).
fn detection(runs: &[(usize, usize, usize, usize)]) -> Detection {
    let truth: usize = runs.iter().map(|r| r.0).sum();
    let found: usize = runs.iter().map(|r| r.1).sum();
    let right: usize = runs.iter().map(|r| r.2).sum();
    let hit: usize = runs.iter().map(|r| r.3).sum();
    Detection {
        truth,
        found,
        right,
        precision: if found == 0 {
            1.0
        } else {
            right as f64 / found as f64
        },
        recall: if truth == 0 {
            1.0
        } else {
            hit as f64 / truth as f64
        },
        false_runs: runs.iter().filter(|r| r.0 == 0 && r.1 > 0).count(),
    }
}

/// The page-set figures of `runs`, or `None` when none had anything to tell.
fn sets_summary(runs: &[RunMetrics]) -> Option<SetsSummary> {
    if runs.iter().all(|r| r.sets.is_empty()) {
        return None;
    }
    let dup: Vec<_> = runs
        .iter()
        .map(|r| {
            let s = &r.sets;
            (
                s.duplicates_true,
                s.duplicates_found,
                s.duplicates_right,
                s.duplicates_hit,
            )
        })
        .collect();
    let miss: Vec<_> = runs
        .iter()
        .map(|r| {
            let s = &r.sets;
            (
                s.missing_true,
                s.missing_found,
                s.missing_right,
                s.missing_hit,
            )
        })
        .collect();
    Some(SetsSummary {
        duplicates: detection(&dup),
        missing: detection(&miss),
        split_runs: runs.iter().filter(|r| r.sets.documents > 1).count(),
    })
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

/// Aggregate runs.
pub fn summarise(runs: &[RunMetrics]) -> Summary {
    let k = runs.len().max(1) as f64;
    let pairs: usize = runs.iter().map(|r| r.pages.saturating_sub(1)).sum();
    let adjacent: usize = runs.iter().map(|r| r.adjacent).sum();
    let edges = [0.0, 0.5, 0.7, 0.9, 0.99, 1.0];
    let mut calibration = Vec::new();
    let all: Vec<(f64, bool)> = runs
        .iter()
        .flat_map(|r| r.junctions.iter().copied())
        .collect();
    for w in edges.windows(2) {
        let (lo, hi) = (w[0], w[1]);
        let inb: Vec<bool> = all
            .iter()
            .filter(|(c, _)| *c >= lo && (*c < hi || (hi == 1.0 && *c <= 1.0)))
            .map(|&(_, ok)| ok)
            .collect();
        let count = inb.len();
        let acc = if count == 0 {
            0.0
        } else {
            inb.iter().filter(|&&b| b).count() as f64 / count as f64
        };
        calibration.push(Bucket {
            lo,
            hi,
            count,
            accuracy: acc,
        });
    }
    let confident: Vec<bool> = all
        .iter()
        .filter(|(c, _)| *c >= 0.9)
        .map(|&(_, ok)| ok)
        .collect();
    let mut times: Vec<f64> = runs.iter().map(|r| r.millis).collect();
    times.sort_by(|a, b| a.total_cmp(b));
    let total_ms: f64 = times.iter().sum();
    let pages: usize = runs.iter().map(|r| r.pages).sum();
    Summary {
        runs: runs.len(),
        pages,
        exact: runs.iter().filter(|r| r.exact).count() as f64 / k,
        adjacency: if pairs == 0 {
            1.0
        } else {
            adjacent as f64 / pairs as f64
        },
        adjacency_mean: runs.iter().map(|r| r.adjacency).sum::<f64>() / k,
        kendall_tau: runs.iter().map(|r| r.kendall_tau).sum::<f64>() / k,
        lost: runs.iter().map(|r| r.lost).sum(),
        duplicated: runs.iter().map(|r| r.duplicated).sum(),
        split: runs.iter().map(|r| r.split).sum(),
        cut_precision: runs.iter().map(|r| r.cut_precision).sum::<f64>() / k,
        cut_recall: runs.iter().map(|r| r.cut_recall).sum::<f64>() / k,
        calibration,
        confident_share: if all.is_empty() {
            0.0
        } else {
            confident.len() as f64 / all.len() as f64
        },
        confident_precision: if confident.is_empty() {
            1.0
        } else {
            confident.iter().filter(|&&b| b).count() as f64 / confident.len() as f64
        },
        timing: Timing {
            p50_ms: percentile(&times, 0.5),
            p95_ms: percentile(&times, 0.95),
            max_ms: times.last().copied().unwrap_or(0.0),
            pages_per_second: if total_ms > 0.0 {
                pages as f64 / (total_ms / 1000.0)
            } else {
                0.0
            },
        },
        numbers: numbers_baseline(runs),
        sets: sets_summary(runs),
    }
}

fn numbers_baseline(runs: &[RunMetrics]) -> Option<NumbersBaseline> {
    let with: Vec<(&RunMetrics, usize)> = runs
        .iter()
        .filter_map(|r| r.numbers_adjacent.map(|a| (r, a)))
        .collect();
    if with.is_empty() {
        return None;
    }
    let pairs: usize = with
        .iter()
        .map(|(r, _)| r.pages.saturating_sub(1))
        .sum::<usize>();
    let share = |k: usize| {
        if pairs == 0 {
            1.0
        } else {
            k as f64 / pairs as f64
        }
    };
    Some(NumbersBaseline {
        runs: with.len(),
        adjacency: share(with.iter().map(|(_, a)| a).sum()),
        collate: share(with.iter().map(|(r, _)| r.adjacent).sum()),
        below: with.iter().filter(|(r, a)| r.adjacent < *a).count(),
    })
}
