//! Benchmarking: scramble documents of known order with seeded shuffles, restore them through
//! the library, and measure how well the order comes back — exact order, Kendall tau,
//! adjacency, lost pages, page-cut precision/recall, confidence calibration and speed —
//! overall, per document, and with each signal switched off in turn. Progress is reported
//! through a callback ([`Progress`]); the library draws no bar and prints nothing.

pub mod floor;
pub mod metrics;
pub mod report;
pub mod scramble;

pub use metrics::{measure, RunMetrics};
pub use scramble::{load_known, scramble, KnownDoc, Scrambled, Truth};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::{Document, Format};
use crate::pipeline::restore;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What to benchmark.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Corpus folder (one sub-folder per document) or a single document.
    pub corpus: PathBuf,
    /// `md` or `txt`.
    pub format: Format,
    /// Seeds to scramble with.
    pub seeds: Vec<u64>,
    /// Also run with each signal switched off.
    pub ablate: bool,
    /// Restore settings.
    pub config: Config,
}

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
}

/// Figures for one document over all seeds.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    /// Document id.
    pub id: String,
    /// True pages.
    pub pages: usize,
    /// Mean fragments detected.
    pub fragments: f64,
    /// The figures.
    #[serde(flatten)]
    pub summary: Summary,
}

/// An ablation row: the overall figures with one signal off.
#[derive(Debug, Clone, Serialize)]
pub struct Ablation {
    /// The signal switched off.
    pub without: String,
    /// Figures without it.
    pub summary: Summary,
}

/// The complete bench result.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Schema version.
    pub version: u32,
    /// Corpus path as given.
    pub corpus: String,
    /// Format benchmarked.
    pub format: Format,
    /// Seeds.
    pub seeds: Vec<u64>,
    /// Documents.
    pub documents: usize,
    /// Overall figures.
    pub overall: Summary,
    /// Per document.
    pub per_document: Vec<DocSummary>,
    /// With each signal off, when asked.
    pub ablation: Vec<Ablation>,
    /// Runs that failed, with their error.
    pub failures: Vec<(String, u64, String)>,
}

/// Find the corpus documents: sub-folders holding `pages.md` / `pages.txt`, sorted; or the
/// path itself when it is one document.
pub fn corpus_documents(corpus: &Path, format: Format) -> Result<Vec<PathBuf>> {
    if !corpus.exists() {
        return Err(Error::Corpus(format!(
            "corpus not found at {} (expected a folder of documents, each with pages.md and pages.txt; \
             the shared corpus lives in ../shared/corpus beside the repository)",
            corpus.display()
        )));
    }
    let file = match format {
        Format::Txt => "pages.txt",
        Format::Pdf => "doc.pdf",
        _ => "pages.md",
    };
    if corpus.is_file() || corpus.join(file).exists() {
        return Ok(vec![corpus.to_path_buf()]);
    }
    let mut docs: Vec<PathBuf> = std::fs::read_dir(corpus)
        .map_err(|e| Error::io(corpus, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(file).exists())
        .collect();
    docs.sort();
    if docs.is_empty() {
        return Err(Error::Corpus(format!(
            "{}: no documents with {file} found",
            corpus.display()
        )));
    }
    Ok(docs)
}

/// Scramble and restore one document with one seed.
pub fn run_one(doc: &KnownDoc, seed: u64, cfg: &Config) -> Result<RunMetrics> {
    let (document, truth) = if doc.format == Format::Pdf {
        let (bytes, mut truth) = scramble::scramble_pdf(doc, seed, 0)?;
        let document = crate::ingest::pdf::read(&doc.id, bytes)?;
        // The spans of the scrambled document's pages, as extracted.
        truth.spans = document.pages.clone().unwrap_or_default();
        (document, truth)
    } else {
        let s = scramble(doc, seed, 0);
        let format = if doc.format == Format::Txt {
            Format::Txt
        } else {
            Format::Md
        };
        (Document::from_text(&doc.id, s.text, Some(format))?, s.truth)
    };
    let t0 = Instant::now();
    let restored = restore(&document, cfg)?;
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    Ok(measure(&restored, &truth, ms))
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
    }
}

/// What a bench run tells its caller as it goes, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The bench starts: this many runs (documents × seeds × variants) lie ahead.
    Start {
        /// Runs in all.
        runs: usize,
    },
    /// One run finished (runs finish in any order, from several threads).
    Run,
    /// Every run finished.
    Done,
}

/// Run every document × seed with `cfg`, in parallel; results in a fixed order.
fn run_all(
    docs: &[KnownDoc],
    seeds: &[u64],
    cfg: &Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Vec<RunMetrics>, Vec<(String, u64, String)>) {
    let mut jobs: Vec<(usize, u64)> = (0..docs.len())
        .flat_map(|d| seeds.iter().map(move |&s| (d, s)))
        .collect();
    // Largest documents first balances the threads; the results are put back in order below.
    jobs.sort_by_key(|&(d, s)| (std::cmp::Reverse(docs[d].pages.len()), d, s));
    let results: Vec<std::result::Result<RunMetrics, (String, u64, String)>> = jobs
        .par_iter()
        .map(|&(d, s)| {
            let r = run_one(&docs[d], s, cfg).map_err(|e| (docs[d].id.clone(), s, e.to_string()));
            progress(Progress::Run);
            r
        })
        .collect();
    let mut indexed: Vec<((usize, u64), _)> = jobs.into_iter().zip(results).collect();
    indexed.sort_by_key(|(k, _)| *k);
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for (_, r) in indexed {
        match r {
            Ok(m) => ok.push(m),
            Err(e) => failed.push(e),
        }
    }
    (ok, failed)
}

/// Run the whole bench, telling `progress` how far it got (`&|_| {}` to hear nothing).
pub fn run(opts: &BenchOptions, progress: &(dyn Fn(Progress) + Sync)) -> Result<BenchReport> {
    let paths = corpus_documents(&opts.corpus, opts.format)?;
    let docs: Vec<KnownDoc> = paths
        .iter()
        .map(|p| load_known(p, opts.format))
        .collect::<Result<_>>()?;
    let mut variants: Vec<Option<&str>> = vec![None];
    if opts.ablate {
        // Each signal that is on, switched off in turn.
        let active = opts.config.score.active();
        variants.extend(active.iter().map(|(info, _)| Some(info.name)));
    }
    progress(Progress::Start {
        runs: docs.len() * opts.seeds.len() * variants.len(),
    });
    let (runs, failures) = run_all(&docs, &opts.seeds, &opts.config, progress);
    let mut per_document = Vec::new();
    for d in &docs {
        let mine: Vec<RunMetrics> = runs.iter().filter(|r| r.id == d.id).cloned().collect();
        if mine.is_empty() {
            continue;
        }
        per_document.push(DocSummary {
            id: d.id.clone(),
            pages: d.pages.len(),
            fragments: mine.iter().map(|r| r.fragments as f64).sum::<f64>() / mine.len() as f64,
            summary: summarise(&mine),
        });
    }
    let mut ablation = Vec::new();
    for v in variants.iter().flatten() {
        let mut cfg = opts.config.clone();
        cfg.score = cfg.score.clone().without(v);
        let (r, _) = run_all(&docs, &opts.seeds, &cfg, progress);
        ablation.push(Ablation {
            without: v.to_string(),
            summary: summarise(&r),
        });
    }
    progress(Progress::Done);
    Ok(BenchReport {
        version: 1,
        corpus: opts.corpus.display().to_string(),
        format: opts.format,
        seeds: opts.seeds.clone(),
        documents: docs.len(),
        overall: summarise(&runs),
        per_document,
        ablation,
        failures,
    })
}
