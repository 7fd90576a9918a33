//! Quality gates for continuous integration: bounds on the corpus-wide bench figures
//! (`adjacency ≥ 0.95`, `lost ≤ 0`), checked against a [`Summary`] so a regression fails the
//! build instead of waiting to be noticed in a table. Accuracy figures take floors; the page
//! counts that must stay at zero (lost, duplicated, split) take ceilings.

use super::{BenchReport, Summary};

/// A corpus-wide figure a bound can be put on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Pooled adjacency (share of true successor pairs kept together).
    Adjacency,
    /// Mean per-run adjacency.
    AdjacencyMean,
    /// Share of runs restored exactly.
    Exact,
    /// Mean Kendall tau.
    KendallTau,
    /// Mean page-cut precision.
    CutPrecision,
    /// Mean page-cut recall.
    CutRecall,
    /// Pages lost (a count: lower is better).
    Lost,
    /// Pages duplicated (a count: lower is better).
    Duplicated,
    /// Pages split across places (a count: lower is better).
    Split,
    /// Accuracy of the junctions with confidence ≥ 0.9.
    Confident,
    /// Documents benched (a floor guards against a corpus that silently shrank).
    Documents,
    /// Runs that failed with an error (a count: lower is better).
    Failed,
}

/// Every metric with its name, as written in `METRIC=VALUE`.
pub const METRICS: [(&str, Metric); 12] = [
    ("adjacency", Metric::Adjacency),
    ("adjacency_mean", Metric::AdjacencyMean),
    ("exact", Metric::Exact),
    ("kendall_tau", Metric::KendallTau),
    ("cut_precision", Metric::CutPrecision),
    ("cut_recall", Metric::CutRecall),
    ("lost", Metric::Lost),
    ("duplicated", Metric::Duplicated),
    ("split", Metric::Split),
    ("confident", Metric::Confident),
    ("documents", Metric::Documents),
    ("failed", Metric::Failed),
];

impl Metric {
    /// The metric called `name`.
    pub fn by_name(name: &str) -> Option<Metric> {
        METRICS.iter().find(|(n, _)| *n == name).map(|&(_, m)| m)
    }

    /// The metric's name.
    pub fn name(self) -> &'static str {
        METRICS
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    /// True for accuracy figures (bounded from below); false for the counts of pages that
    /// went wrong (bounded from above).
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Metric::Lost | Metric::Duplicated | Metric::Split | Metric::Failed
        )
    }

    /// The metric's value in `r` (overall figures).
    pub fn of(self, r: &BenchReport) -> f64 {
        let s: &Summary = &r.overall;
        match self {
            Metric::Adjacency => s.adjacency,
            Metric::AdjacencyMean => s.adjacency_mean,
            Metric::Exact => s.exact,
            Metric::KendallTau => s.kendall_tau,
            Metric::CutPrecision => s.cut_precision,
            Metric::CutRecall => s.cut_recall,
            Metric::Lost => s.lost as f64,
            Metric::Duplicated => s.duplicated as f64,
            Metric::Split => s.split as f64,
            Metric::Confident => s.confident_precision,
            Metric::Documents => r.documents as f64,
            Metric::Failed => r.failures.len() as f64,
        }
    }
}

/// A bound on one metric: a floor for an accuracy figure, a ceiling for a count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The metric bounded.
    pub metric: Metric,
    /// The lowest (floor) or highest (ceiling) value that passes.
    pub limit: f64,
}

impl Bound {
    /// Parse `METRIC=VALUE`. `floor` says which kind of bound is meant: an accuracy figure
    /// takes only a floor and a count only a ceiling, so a bound of the wrong kind (which
    /// would always pass, or always fail) is refused.
    pub fn parse(s: &str, floor: bool) -> Result<Bound, String> {
        let (name, value) = s
            .split_once('=')
            .ok_or_else(|| "write it as METRIC=VALUE, e.g. adjacency=0.95".to_string())?;
        let metric = Metric::by_name(name.trim()).ok_or_else(|| {
            let known: Vec<&str> = METRICS.iter().map(|(n, _)| *n).collect();
            format!("unknown metric `{name}` (known: {})", known.join(", "))
        })?;
        let limit: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("`{value}` is not a number"))?;
        if !limit.is_finite() {
            return Err(format!("`{value}` is not a finite number"));
        }
        if metric.higher_is_better() != floor {
            return Err(format!(
                "{} is {}, so it takes a {}",
                metric.name(),
                if floor {
                    "a count of pages that went wrong"
                } else {
                    "an accuracy figure"
                },
                if floor { "ceiling" } else { "floor" }
            ));
        }
        Ok(Bound { metric, limit })
    }

    /// True when `value` passes the bound.
    pub fn passes(&self, value: f64) -> bool {
        if self.metric.higher_is_better() {
            value >= self.limit
        } else {
            value <= self.limit
        }
    }
}

/// A bound that a bench missed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Miss {
    /// The bound.
    pub bound: Bound,
    /// The figure measured.
    pub value: f64,
}

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Four decimals, unless rounding would hide why the value fails.
        let short = format!("{:.4}", self.value);
        let value = match short.parse::<f64>() {
            Ok(v) if !self.bound.passes(v) => short
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string(),
            _ => self.value.to_string(),
        };
        let (side, kind) = if self.bound.metric.higher_is_better() {
            ("below", "floor")
        } else {
            ("above", "ceiling")
        };
        write!(
            f,
            "{} {value} is {side} the {kind} {}",
            self.bound.metric.name(),
            self.bound.limit
        )
    }
}

/// The bounds `report` misses, in the order given.
pub fn check(report: &BenchReport, bounds: &[Bound]) -> Vec<Miss> {
    bounds
        .iter()
        .map(|&bound| Miss {
            bound,
            value: bound.metric.of(report),
        })
        .filter(|m| !m.bound.passes(m.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(adjacency: f64, exact: f64, lost: usize) -> BenchReport {
        let mut s = crate::bench::summarise(&[]);
        s.adjacency = adjacency;
        s.exact = exact;
        s.lost = lost;
        BenchReport {
            version: 1,
            corpus: String::new(),
            format: crate::ingest::Format::Md,
            seeds: vec![1],
            documents: 3,
            overall: s,
            per_document: Vec::new(),
            ablation: Vec::new(),
            failures: vec![("doc".to_string(), 1, "an error".to_string())],
        }
    }

    #[test]
    fn parses_bounds_and_refuses_the_wrong_kind() {
        let b = Bound::parse("adjacency=0.95", true).unwrap();
        assert_eq!(b.metric, Metric::Adjacency);
        assert_eq!(b.limit, 0.95);
        assert_eq!(Bound::parse("lost=0", false).unwrap().metric, Metric::Lost);
        assert!(Bound::parse("lost=0", true)
            .unwrap_err()
            .contains("ceiling"));
        assert!(Bound::parse("exact=0.6", false)
            .unwrap_err()
            .contains("floor"));
        assert!(Bound::parse("adjacency", true).is_err());
        assert!(Bound::parse("speed=3", true)
            .unwrap_err()
            .contains("unknown metric"));
        assert!(Bound::parse("exact=high", true)
            .unwrap_err()
            .contains("not a number"));
        assert!(Bound::parse("exact=NaN", true).is_err());
    }

    #[test]
    fn floors_and_ceilings_are_checked_against_the_summary() {
        let bounds = [
            Bound::parse("adjacency=0.95", true).unwrap(),
            Bound::parse("exact=0.60", true).unwrap(),
            Bound::parse("lost=0", false).unwrap(),
        ];
        assert!(check(&summary(0.96, 0.60, 0), &bounds).is_empty());
        let missed = check(&summary(0.9412, 0.7, 2), &bounds);
        assert_eq!(missed.len(), 2);
        assert_eq!(
            missed[0].to_string(),
            "adjacency 0.9412 is below the floor 0.95"
        );
        assert_eq!(missed[1].to_string(), "lost 2 is above the ceiling 0");
        // Documents and failed runs are read from the whole report.
        let counts = [
            Bound::parse("documents=3", true).unwrap(),
            Bound::parse("failed=0", false).unwrap(),
        ];
        let missed = check(&summary(1.0, 1.0, 0), &counts);
        assert_eq!(missed.len(), 1);
        assert_eq!(missed[0].to_string(), "failed 1 is above the ceiling 0");
        // A value that would round up to the floor is shown in full.
        let near = check(&summary(0.949_999_9, 1.0, 0), &bounds[..1]);
        assert_eq!(
            near[0].to_string(),
            "adjacency 0.9499999 is below the floor 0.95"
        );
    }
}
