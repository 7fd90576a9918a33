//! Benchmarking: scramble documents of known order with seeded shuffles, restore them through
//! the library, and measure how well the order comes back — exact order, Kendall tau,
//! adjacency, lost pages, page-cut precision/recall, confidence calibration and speed —
//! overall, per document, and with each signal switched off in turn. Progress is reported
//! through a callback ([`Progress`]); the library draws no bar and prints nothing.

pub mod convert;
pub mod floor;
pub mod layout;
pub mod metrics;
pub mod mix;
pub mod report;
pub mod scramble;
pub mod source;
mod summary;

pub use convert::Converter;
pub use metrics::{measure, RunMetrics};
pub use scramble::{
    load_known, scramble, scramble_damaged, scramble_joined, Damage, KnownDoc, Scrambled, Truth,
};
pub use source::{Join, PageSource, Split};
pub use summary::{summarise, Bucket, Detection, NumbersBaseline, SetsSummary, Summary, Timing};

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
    /// Corpus folder (one sub-folder per document), a folder of such corpora (flavours), a
    /// single document, or PDFs (with `convert`).
    pub corpus: PathBuf,
    /// Which file holds the pages: `md` (pages.md), `txt` (pages.txt) or `pdf` (doc.pdf,
    /// shuffled as a PDF). Also the join, unless `join` says otherwise.
    pub format: Format,
    /// How shuffled pages are joined; `None`: blank lines for `md`, form feeds for `txt` (and
    /// both, one after the other, with a converter).
    pub join: Option<Join>,
    /// Which documents of a corpus with a manifest.
    pub split: Split,
    /// Which flavours of a corpus of flavours (empty: all).
    pub flavours: Vec<String>,
    /// Get the true page texts by running this converter on each page of the PDFs.
    pub convert: Option<Converter>,
    /// Seeds to scramble with.
    pub seeds: Vec<u64>,
    /// Also run with each signal switched off.
    pub ablate: bool,
    /// Pages to drop from each document before shuffling (see [`Damage`]).
    pub drop: usize,
    /// Pages to put in twice in each document before shuffling.
    pub duplicate: usize,
    /// Also mix each document with others (see [`mix::pairs`]) and measure how they are told
    /// apart.
    pub mix: bool,
    /// Restore settings.
    pub config: Config,
}

impl Default for BenchOptions {
    fn default() -> BenchOptions {
        BenchOptions {
            corpus: PathBuf::from("corpus"),
            format: Format::Md,
            join: None,
            split: Split::All,
            flavours: Vec::new(),
            convert: None,
            seeds: vec![1, 2, 3],
            ablate: false,
            drop: 0,
            duplicate: 0,
            mix: false,
            config: Config::default(),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Figures for one document over all seeds.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    /// Document id.
    pub id: String,
    /// The flavour it came from, in a corpus of flavours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flavour: Option<String>,
    /// How its pages were joined, when the bench used more than one join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Join>,
    /// True pages with text (those measured).
    pub pages: usize,
    /// Pages without text, left out of the figures.
    #[serde(skip_serializing_if = "is_zero")]
    pub blank_pages: usize,
    /// Mean fragments detected.
    pub fragments: f64,
    /// The figures.
    #[serde(flatten)]
    pub summary: Summary,
}

/// Figures for one flavour (and join) over its documents and seeds.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    /// The flavour (a sub-corpus, or the converter's program).
    pub flavour: String,
    /// How its pages were joined.
    pub join: Join,
    /// Documents benched.
    pub documents: usize,
    /// Runs that failed (a failed conversion fails every run of its document).
    pub failed: usize,
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
    /// How pages were joined, when said or in a corpus of flavours (with several joins, each
    /// flavour row says its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Join>,
    /// The documents selected by the manifest's split, when one was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
    /// The converter's command template, with `--convert`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converter: Option<String>,
    /// Seeds.
    pub seeds: Vec<u64>,
    /// Pages dropped from each document before shuffling.
    #[serde(skip_serializing_if = "is_zero")]
    pub drop: usize,
    /// Pages put in twice in each document before shuffling.
    #[serde(skip_serializing_if = "is_zero")]
    pub duplicate: usize,
    /// Documents.
    pub documents: usize,
    /// Overall figures.
    pub overall: Summary,
    /// Per flavour and join, in a corpus of flavours or with a converter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_flavour: Vec<GroupSummary>,
    /// Per document.
    pub per_document: Vec<DocSummary>,
    /// Mixed documents, with `--mix`: each pair's figures against its documents alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mix: Option<mix::MixSummary>,
    /// With each signal off, when asked.
    pub ablation: Vec<Ablation>,
    /// Runs that failed, with their error.
    pub failures: Vec<(String, u64, String)>,
}

/// Find the corpus documents: sub-folders holding `pages.md` / `pages.txt`, sorted; or the
/// path itself when it is one document.
pub fn corpus_documents(corpus: &Path, format: Format) -> Result<Vec<PathBuf>> {
    corpus_documents_in(corpus, page_file(format))
}

/// The file a format's pages are read from.
pub fn page_file(format: Format) -> &'static str {
    match format {
        Format::Txt => "pages.txt",
        Format::Pdf => "doc.pdf",
        _ => "pages.md",
    }
}

/// Find the corpus documents holding `file` (see [`corpus_documents`]).
pub fn corpus_documents_in(corpus: &Path, file: &str) -> Result<Vec<PathBuf>> {
    if !corpus.exists() {
        return Err(Error::Corpus(format!(
            "corpus not found at {} (expected a folder of documents, each with pages.md and pages.txt; \
             the shared corpus lives in ../shared/corpus beside the repository)",
            corpus.display()
        )));
    }
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
    run_joined(doc, Join::default_for(doc.format), seed, cfg)
}

/// Scramble one document with one seed, join its pages with `join`, restore it and measure.
pub fn run_joined(doc: &KnownDoc, join: Join, seed: u64, cfg: &Config) -> Result<RunMetrics> {
    run_damaged(doc, join, seed, cfg, &Damage::default())
}

/// Scramble one document with one seed after damaging its page set as `damage` says, join
/// its pages with `join` (a PDF document is shuffled as a PDF instead, undamaged), restore it
/// and measure.
pub fn run_damaged(
    doc: &KnownDoc,
    join: Join,
    seed: u64,
    cfg: &Config,
    damage: &Damage,
) -> Result<RunMetrics> {
    let (document, truth) = if doc.format == Format::Pdf {
        if !damage.is_none() {
            return Err(Error::Usage(
                "dropping or duplicating pages applies to text pages, not to a PDF".into(),
            ));
        }
        let (bytes, mut truth) = scramble::scramble_pdf(doc, seed, 0)?;
        let document = crate::ingest::pdf::read(&doc.id, bytes)?;
        // The spans of the scrambled document's pages, as extracted.
        truth.spans = document.pages.clone().unwrap_or_default();
        (document, truth)
    } else {
        let s = scramble_damaged(doc, seed, 0, join, damage)?;
        (
            Document::from_text(&doc.id, s.text, join.read_as())?,
            s.truth,
        )
    };
    let t0 = Instant::now();
    let restored = restore(&document, cfg)?;
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    let mut run = measure(&restored, &truth, ms);
    // The baseline: the same fragments sorted by their printed page numbers.
    if let Some(order) = metrics::sorted_by_numbers(&restored.analysis.fragments) {
        let mut by_numbers = restored.clone();
        by_numbers.solution.order = order;
        run.numbers_adjacent = Some(measure(&by_numbers, &truth, 0.0).adjacent);
    }
    Ok(run)
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

/// One document as benched: its pages, its flavour, and how its pages are joined.
#[derive(Debug, Clone)]
struct Unit {
    doc: KnownDoc,
    flavour: Option<String>,
    join: Join,
    /// Why the document could not be read or converted (then it has no pages).
    failed: Option<String>,
}

impl Unit {
    /// The name failures give: `flavour/id`, and the join when there are several.
    fn label(&self, joins: usize) -> String {
        let mut s = match &self.flavour {
            Some(f) => format!("{f}/{}", self.doc.id),
            None => self.doc.id.clone(),
        };
        if joins > 1 {
            s.push_str(&format!(" ({})", self.join.name()));
        }
        s
    }

    /// Pages without text.
    fn blank_pages(&self) -> usize {
        self.doc
            .pages
            .iter()
            .filter(|p| p.trim().is_empty())
            .count()
    }
}

/// The message a panic carried.
fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// A failed run: its label, seed and error.
type Failure = (String, u64, String);

/// The outcome of every unit × seed, in unit then seed order.
type Outcomes = Vec<(usize, u64, std::result::Result<RunMetrics, String>)>;

/// Run every unit × seed with `cfg`, in parallel; results in a fixed order.
fn run_all(
    units: &[Unit],
    seeds: &[u64],
    cfg: &Config,
    damage: &Damage,
    progress: &(dyn Fn(Progress) + Sync),
) -> Outcomes {
    let mut jobs: Vec<(usize, u64)> = (0..units.len())
        .flat_map(|d| seeds.iter().map(move |&s| (d, s)))
        .collect();
    // Largest documents first balances the threads; the results are put back in order below.
    jobs.sort_by_key(|&(d, s)| (std::cmp::Reverse(units[d].doc.pages.len()), d, s));
    let results: Vec<std::result::Result<RunMetrics, String>> = jobs
        .par_iter()
        .map(|&(d, s)| {
            let u = &units[d];
            let r = match &u.failed {
                Some(e) => Err(e.clone()),
                // A panic in one run fails that run, not the whole bench (and says so).
                None => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run_damaged(&u.doc, u.join, s, cfg, damage).map_err(|e| e.to_string())
                }))
                .unwrap_or_else(|p| Err(format!("panicked: {}", panic_message(&*p)))),
            };
            progress(Progress::Run);
            r
        })
        .collect();
    let mut indexed: Vec<((usize, u64), _)> = jobs.into_iter().zip(results).collect();
    indexed.sort_by_key(|(k, _)| *k);
    indexed.into_iter().map(|((d, s), r)| (d, s, r)).collect()
}

/// The units to bench: each document's true pages (from its file, or converted), once per
/// join asked.
fn units(opts: &BenchOptions) -> Result<Vec<Unit>> {
    if opts.format == Format::Pdf && opts.convert.is_none() && opts.join.is_some() {
        return Err(Error::Usage(
            "--join does not apply to --format pdf: the PDF itself is shuffled (use --convert \
             to bench a converter's text joined either way)"
                .into(),
        ));
    }
    if let Some(conv) = &opts.convert {
        if !opts.flavours.is_empty() {
            return Err(Error::Usage(
                "--flavour selects stored flavours; with --convert the converter is the flavour"
                    .into(),
            ));
        }
        let pdfs = layout::pdfs(&opts.corpus, opts.split)?;
        let converted: Vec<(KnownDoc, Option<String>)> = pdfs
            .par_iter()
            .map(|d| {
                let (pages, failed) = match conv.document(&d.path) {
                    Ok(p) => (p, None),
                    Err(e) => (Vec::new(), Some(format!("conversion failed: {e}"))),
                };
                let doc = KnownDoc {
                    id: layout::pdf_id(&d.path),
                    pages,
                    format: Format::Txt,
                    pdf: None,
                };
                (doc, failed)
            })
            .collect();
        let joins = match opts.join {
            Some(j) => vec![j],
            None => vec![Join::Blank, Join::Formfeed],
        };
        let name = conv.name();
        return Ok(joins
            .into_iter()
            .flat_map(|join| {
                let name = name.clone();
                converted.iter().map(move |(doc, failed)| Unit {
                    doc: doc.clone(),
                    flavour: Some(name.clone()),
                    join,
                    failed: failed.clone(),
                })
            })
            .collect());
    }
    let refs = layout::documents(
        &opts.corpus,
        page_file(opts.format),
        opts.split,
        &opts.flavours,
    )?;
    let join = opts.join.unwrap_or(Join::default_for(opts.format));
    refs.iter()
        .map(|r| {
            Ok(Unit {
                doc: load_known(&r.path, opts.format)?,
                flavour: r.flavour.clone(),
                join,
                failed: None,
            })
        })
        .collect()
}

/// Run the whole bench, telling `progress` how far it got (`&|_| {}` to hear nothing).
pub fn run(opts: &BenchOptions, progress: &(dyn Fn(Progress) + Sync)) -> Result<BenchReport> {
    let units = units(opts)?;
    let mut joins: Vec<Join> = units.iter().map(|u| u.join).collect();
    joins.sort();
    joins.dedup();
    let mut variants: Vec<Option<&str>> = vec![None];
    if opts.ablate {
        // Each signal that is on, switched off in turn.
        let active = opts.config.score.active();
        variants.extend(active.iter().map(|(info, _)| Some(info.name)));
    }
    let pairs = if opts.mix {
        mix_pairs(&units)
    } else {
        Vec::new()
    };
    progress(Progress::Start {
        runs: (units.len() * variants.len() + pairs.len()) * opts.seeds.len(),
    });
    let damage = Damage {
        drop: opts.drop,
        duplicate: opts.duplicate,
        mix: None,
    };
    let outcomes = run_all(&units, &opts.seeds, &opts.config, &damage, progress);
    let (mix, mix_failures) = if opts.mix {
        let (m, f) = run_mixed(&units, &pairs, &outcomes, opts, progress)?;
        (Some(m), f)
    } else {
        (None, Vec::new())
    };
    let runs: Vec<RunMetrics> = outcomes
        .iter()
        .filter_map(|(_, _, r)| r.as_ref().ok().cloned())
        .collect();
    let failures: Vec<(String, u64, String)> = outcomes
        .iter()
        .filter_map(|(u, s, r)| {
            r.as_ref()
                .err()
                .map(|e| (units[*u].label(joins.len()), *s, e.clone()))
        })
        .chain(mix_failures)
        .collect();
    let mine = |keep: &dyn Fn(usize) -> bool| -> Vec<RunMetrics> {
        outcomes
            .iter()
            .filter(|(u, _, _)| keep(*u))
            .filter_map(|(_, _, r)| r.as_ref().ok().cloned())
            .collect()
    };
    let mut per_document = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let mine = mine(&|k| k == i);
        if mine.is_empty() {
            continue;
        }
        per_document.push(DocSummary {
            id: u.doc.id.clone(),
            flavour: u.flavour.clone(),
            join: (joins.len() > 1).then_some(u.join),
            pages: u.doc.pages.len() - u.blank_pages(),
            blank_pages: u.blank_pages(),
            fragments: mine.iter().map(|r| r.fragments as f64).sum::<f64>() / mine.len() as f64,
            summary: summarise(&mine),
        });
    }
    let mut groups: Vec<(String, Join)> = Vec::new();
    for u in &units {
        if let Some(f) = &u.flavour {
            if !groups.iter().any(|(g, j)| g == f && *j == u.join) {
                groups.push((f.clone(), u.join));
            }
        }
    }
    let per_flavour = groups
        .into_iter()
        .map(|(flavour, join)| {
            let of =
                |k: usize| units[k].flavour.as_ref() == Some(&flavour) && units[k].join == join;
            GroupSummary {
                documents: (0..units.len()).filter(|&k| of(k)).count(),
                failed: outcomes
                    .iter()
                    .filter(|(u, _, r)| of(*u) && r.is_err())
                    .count(),
                summary: summarise(&mine(&of)),
                flavour,
                join,
            }
        })
        .collect();
    let mut ablation = Vec::new();
    for v in variants.iter().flatten() {
        let mut cfg = opts.config.clone();
        cfg.score = cfg.score.clone().without(v);
        let r: Vec<RunMetrics> = run_all(&units, &opts.seeds, &cfg, &damage, progress)
            .into_iter()
            .filter_map(|(_, _, r)| r.ok())
            .collect();
        ablation.push(Ablation {
            without: v.to_string(),
            summary: summarise(&r),
        });
    }
    progress(Progress::Done);
    let flavoured = units.iter().any(|u| u.flavour.is_some());
    let mut docs: Vec<(Option<&String>, &String)> = units
        .iter()
        .map(|u| (u.flavour.as_ref(), &u.doc.id))
        .collect();
    docs.sort();
    docs.dedup();
    Ok(BenchReport {
        version: 1,
        corpus: opts.corpus.display().to_string(),
        format: opts.format,
        join: match joins.as_slice() {
            [j] if opts.join.is_some() || flavoured => Some(*j),
            _ => None,
        },
        split: (opts.split != Split::All || flavoured).then_some(opts.split),
        converter: opts.convert.as_ref().map(|c| c.template.clone()),
        seeds: opts.seeds.clone(),
        drop: opts.drop,
        duplicate: opts.duplicate,
        documents: docs.len(),
        overall: summarise(&runs),
        per_flavour,
        per_document,
        mix,
        ablation,
        failures,
    })
}

/// Mix each unit with others of its flavour and join (see [`mix::pairs`]), restore every pair
/// with every seed, and sum up against the units' runs alone (`alone`); the failed runs with
/// their error.
fn run_mixed(
    units: &[Unit],
    pairs: &[(usize, usize, &'static str)],
    alone: &Outcomes,
    opts: &BenchOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(mix::MixSummary, Vec<Failure>)> {
    if opts.drop > 0 || opts.duplicate > 0 || opts.format == Format::Pdf {
        return Err(Error::Usage(
            "--mix applies to whole text pages: not with --drop, --duplicate or --format pdf"
                .into(),
        ));
    }
    let jobs: Vec<(usize, u64)> = (0..pairs.len())
        .flat_map(|k| opts.seeds.iter().map(move |&s| (k, s)))
        .collect();
    let results: Vec<std::result::Result<RunMetrics, String>> = jobs
        .par_iter()
        .map(|&(k, seed)| {
            let (a, b, _) = pairs[k];
            let damage = Damage {
                mix: Some(units[b].doc.clone()),
                ..Damage::default()
            };
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_damaged(&units[a].doc, units[a].join, seed, &opts.config, &damage)
                    .map_err(|e| e.to_string())
            }))
            .unwrap_or_else(|p| Err(format!("panicked: {}", panic_message(&*p))));
            progress(Progress::Run);
            r
        })
        .collect();
    let mut mixed: Vec<Vec<(u64, RunMetrics)>> = vec![Vec::new(); pairs.len()];
    let mut failures = Vec::new();
    for (&(k, seed), r) in jobs.iter().zip(results) {
        match r {
            Ok(m) => mixed[k].push((seed, m)),
            Err(e) => {
                let (a, b, _) = pairs[k];
                failures.push((
                    format!("{}+{}", units[a].label(1), units[b].doc.id),
                    seed,
                    e,
                ))
            }
        }
    }
    let mut by_unit: Vec<Vec<(u64, RunMetrics)>> = vec![Vec::new(); units.len()];
    for (u, s, r) in alone {
        if let Ok(m) = r {
            by_unit[*u].push((*s, m.clone()));
        }
    }
    let ids: Vec<String> = units.iter().map(|u| u.label(1)).collect();
    Ok((mix::summarise(&ids, pairs, &mixed, &by_unit), failures))
}

/// The pairs to mix: within each group of units of one flavour and join, in corpus order (see
/// [`mix::pairs`]), as unit indices.
fn mix_pairs(units: &[Unit]) -> Vec<(usize, usize, &'static str)> {
    let mut pairs = Vec::new();
    let mut groups: Vec<(Option<&String>, Join)> = Vec::new();
    for u in units {
        if !groups.contains(&(u.flavour.as_ref(), u.join)) {
            groups.push((u.flavour.as_ref(), u.join));
        }
    }
    for g in groups {
        let members: Vec<usize> = (0..units.len())
            .filter(|&i| {
                (units[i].flavour.as_ref(), units[i].join) == g && units[i].failed.is_none()
            })
            .collect();
        let docs: Vec<(&str, &[String])> = members
            .iter()
            .map(|&i| (units[i].doc.id.as_str(), units[i].doc.pages.as_slice()))
            .collect();
        pairs.extend(
            mix::pairs(&docs)
                .into_iter()
                .map(|(a, b, k)| (members[a], members[b], k)),
        );
    }
    pairs
}
