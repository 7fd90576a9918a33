//! Quality gates for continuous integration: bounds on the corpus-wide bench figures
//! (`adjacency ≥ 0.95`, `lost ≤ 0`), checked against a [`Summary`] so a regression fails the
//! build instead of waiting to be noticed in a table. Accuracy figures take floors; the page
//! counts that must stay at zero (lost, duplicated, split) take ceilings. In a corpus of
//! flavours a bound can hold for every flavour apart (`each-flavour:adjacency=0.9`) or for one
//! (`layout:adjacency=0.95`), not only for the pooled figures.

use super::{BenchReport, GroupSummary, Summary};

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
    /// Share of the dropped pages' gaps located (1 when none was dropped).
    MissingRecall,
    /// Share of the reported missing pages that are right (1 when none was reported).
    MissingPrecision,
    /// Runs with a missing page reported but none dropped (a count: lower is better).
    FalseMissing,
    /// Share of the pages put in twice found (1 when none was).
    DuplicatesRecall,
    /// Runs with a copy reported but none made (a count: lower is better).
    FalseDuplicates,
}

/// Every metric with its name, as written in `METRIC=VALUE`.
pub const METRICS: [(&str, Metric); 17] = [
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
    ("missing_recall", Metric::MissingRecall),
    ("missing_precision", Metric::MissingPrecision),
    ("false_missing", Metric::FalseMissing),
    ("duplicates_recall", Metric::DuplicatesRecall),
    ("false_duplicates", Metric::FalseDuplicates),
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
            Metric::Lost
                | Metric::Duplicated
                | Metric::Split
                | Metric::Failed
                | Metric::FalseMissing
                | Metric::FalseDuplicates
        )
    }

    /// The metric's value in `r` (overall figures).
    pub fn of(self, r: &BenchReport) -> f64 {
        self.of_summary(&r.overall, r.documents, r.failures.len())
    }

    /// The metric's value for one flavour row.
    pub fn of_group(self, g: &GroupSummary) -> f64 {
        self.of_summary(&g.summary, g.documents, g.failed)
    }

    fn of_summary(self, s: &Summary, documents: usize, failed: usize) -> f64 {
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
            Metric::Documents => documents as f64,
            Metric::Failed => failed as f64,
            // No page-set figures: nothing was damaged and nothing reported.
            Metric::MissingRecall => s.sets.as_ref().map_or(1.0, |x| x.missing.recall),
            Metric::MissingPrecision => s.sets.as_ref().map_or(1.0, |x| x.missing.precision),
            Metric::FalseMissing => s.sets.as_ref().map_or(0, |x| x.missing.false_runs) as f64,
            Metric::DuplicatesRecall => s.sets.as_ref().map_or(1.0, |x| x.duplicates.recall),
            Metric::FalseDuplicates => {
                s.sets.as_ref().map_or(0, |x| x.duplicates.false_runs) as f64
            }
        }
    }
}

/// Which figures a bound holds for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The pooled figures of the whole bench (`METRIC=VALUE`).
    Overall,
    /// Every flavour row apart (`each-flavour:METRIC=VALUE`); a plain corpus is one flavour,
    /// so there it is the pooled figures.
    EachFlavour,
    /// The rows of one flavour (`NAME:METRIC=VALUE`); a flavour not benched misses.
    Flavour(String),
}

/// The prefix that bounds every flavour apart.
pub const EACH_FLAVOUR: &str = "each-flavour";

/// A bound on one metric: a floor for an accuracy figure, a ceiling for a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// The metric bounded.
    pub metric: Metric,
    /// The lowest (floor) or highest (ceiling) value that passes.
    pub limit: f64,
    /// Which figures it holds for.
    pub scope: Scope,
}

impl Bound {
    /// Parse `METRIC=VALUE`. `floor` says which kind of bound is meant: an accuracy figure
    /// takes only a floor and a count only a ceiling, so a bound of the wrong kind (which
    /// would always pass, or always fail) is refused.
    pub fn parse(s: &str, floor: bool) -> Result<Bound, String> {
        let (scope, s) = match s
            .split_once('=')
            .map(|(l, _)| l)
            .and_then(|l| l.split_once(':'))
        {
            Some((prefix, _)) => {
                let rest = &s[prefix.len() + 1..];
                match prefix.trim() {
                    EACH_FLAVOUR => (Scope::EachFlavour, rest),
                    "" => return Err("write it as [each-flavour:|FLAVOUR:]METRIC=VALUE".into()),
                    name => (Scope::Flavour(name.to_string()), rest),
                }
            }
            None => (Scope::Overall, s),
        };
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
        Ok(Bound {
            metric,
            limit,
            scope,
        })
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
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// The bound.
    pub bound: Bound,
    /// The figure measured (NaN when the flavour named was not benched).
    pub value: f64,
    /// The flavour row it was measured on (with its join when the bench had several).
    pub flavour: Option<String>,
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
        if let Some(name) = &self.flavour {
            write!(f, "{name}: ")?;
        }
        if self.value.is_nan() {
            return write!(
                f,
                "not benched, so {} cannot be checked",
                self.bound.metric.name()
            );
        }
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

/// The bounds `report` misses, in the order given (a bound on every flavour in flavour
/// order).
pub fn check(report: &BenchReport, bounds: &[Bound]) -> Vec<Miss> {
    let several_joins = {
        let mut j: Vec<_> = report.per_flavour.iter().map(|g| g.join).collect();
        j.sort();
        j.dedup();
        j.len() > 1
    };
    let row = |g: &GroupSummary| {
        if several_joins {
            format!("{} ({})", g.flavour, g.join.name())
        } else {
            g.flavour.clone()
        }
    };
    let mut missed = Vec::new();
    for bound in bounds {
        let mut measured: Vec<(f64, Option<String>)> = Vec::new();
        match &bound.scope {
            Scope::Overall => measured.push((bound.metric.of(report), None)),
            Scope::EachFlavour if report.per_flavour.is_empty() => {
                measured.push((bound.metric.of(report), None))
            }
            Scope::EachFlavour => measured.extend(
                report
                    .per_flavour
                    .iter()
                    .map(|g| (bound.metric.of_group(g), Some(row(g)))),
            ),
            Scope::Flavour(name) => {
                let rows: Vec<&GroupSummary> = report
                    .per_flavour
                    .iter()
                    .filter(|g| &g.flavour == name)
                    .collect();
                if rows.is_empty() {
                    measured.push((f64::NAN, Some(name.clone())));
                }
                measured.extend(
                    rows.iter()
                        .map(|g| (bound.metric.of_group(g), Some(row(g)))),
                );
            }
        }
        for (value, flavour) in measured {
            if value.is_nan() || !bound.passes(value) {
                missed.push(Miss {
                    bound: bound.clone(),
                    value,
                    flavour,
                });
            }
        }
    }
    missed
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
            join: None,
            split: None,
            converter: None,
            seeds: vec![1],
            drop: 0,
            duplicate: 0,
            documents: 3,
            overall: s,
            per_flavour: Vec::new(),
            per_document: Vec::new(),
            mix: None,
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

    /// Page-set figures: perfect where nothing was damaged or reported, read from the
    /// detection figures where something was.
    #[test]
    fn page_set_bounds_read_the_detection_figures() {
        let bounds = [
            Bound::parse("missing_recall=0.6", true).unwrap(),
            Bound::parse("missing_precision=0.8", true).unwrap(),
            Bound::parse("false_duplicates=0", false).unwrap(),
        ];
        let mut r = summary(1.0, 1.0, 0);
        assert!(check(&r, &bounds).is_empty());
        let detection = |truth, found, right, false_runs| crate::bench::Detection {
            truth,
            found,
            right,
            precision: right as f64 / found as f64,
            recall: right as f64 / truth as f64,
            false_runs,
        };
        r.overall.sets = Some(crate::bench::SetsSummary {
            duplicates: detection(0, 1, 0, 1),
            missing: detection(10, 8, 5, 0),
            split_runs: 0,
        });
        let missed: Vec<String> = check(&r, &bounds).iter().map(|m| m.to_string()).collect();
        assert_eq!(
            missed,
            [
                "missing_recall 0.5 is below the floor 0.6",
                "missing_precision 0.625 is below the floor 0.8",
                "false_duplicates 1 is above the ceiling 0"
            ]
        );
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

    fn flavour(name: &str, adjacency: f64, failed: usize) -> GroupSummary {
        let mut s = crate::bench::summarise(&[]);
        s.adjacency = adjacency;
        GroupSummary {
            flavour: name.to_string(),
            join: crate::bench::Join::Blank,
            documents: 2,
            failed,
            summary: s,
        }
    }

    #[test]
    fn bounds_hold_for_each_flavour_apart_or_for_one() {
        let b = Bound::parse("each-flavour:adjacency=0.9", true).unwrap();
        assert_eq!(b.scope, Scope::EachFlavour);
        assert_eq!(b.metric, Metric::Adjacency);
        let one = Bound::parse("layout:failed=0", false).unwrap();
        assert_eq!(one.scope, Scope::Flavour("layout".into()));
        assert!(Bound::parse(":adjacency=0.9", true).is_err());
        assert!(Bound::parse("each-flavour:lost=0", true).is_err());
        // Pooled over flavours the bench passes; one flavour apart does not.
        let mut r = summary(0.93, 1.0, 0);
        r.failures.clear();
        r.per_flavour = vec![flavour("layout", 0.97, 0), flavour("pypdf", 0.85, 1)];
        let overall = Bound::parse("adjacency=0.9", true).unwrap();
        assert!(check(&r, &[overall]).is_empty());
        let missed = check(&r, std::slice::from_ref(&b));
        assert_eq!(missed.len(), 1);
        assert_eq!(
            missed[0].to_string(),
            "pypdf: adjacency 0.85 is below the floor 0.9"
        );
        assert!(check(&r, &[one]).is_empty());
        let pypdf = Bound::parse("pypdf:failed=0", false).unwrap();
        assert_eq!(
            check(&r, &[pypdf])[0].to_string(),
            "pypdf: failed 1 is above the ceiling 0"
        );
        let absent = Bound::parse("raw:adjacency=0.5", true).unwrap();
        assert!(check(&r, &[absent])[0]
            .to_string()
            .contains("raw: not benched"));
        // A plain corpus is one flavour: each-flavour bounds its pooled figures.
        r.per_flavour.clear();
        assert!(check(&r, std::slice::from_ref(&b)).is_empty());
        r.overall.adjacency = 0.5;
        assert_eq!(check(&r, &[b]).len(), 1);
    }
}
