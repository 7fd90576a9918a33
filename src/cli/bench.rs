//! `collate bench`: measure ordering accuracy on a corpus, write the reports, draw progress
//! with indicatif, and fail (exit code 1) when a corpus-wide figure misses a bound given with
//! `--fail-under` / `--fail-over` — the gate CI runs.

use super::{set_threads, write_file, FormatArg, SignalArgs};
use anyhow::{anyhow, bail, Context as _, Result};
use clap::Args;
use collate::bench::floor::{self, Bound};
use collate::bench::report::{BenchReporter, Json, Markdown, Svg};
use collate::bench::Progress;
use collate::Config;
use std::io::IsTerminal;
use std::path::PathBuf;

/// `collate bench`'s arguments.
#[derive(Args)]
pub struct BenchArgs {
    /// Corpus folder: one sub-folder per document with pages.md / pages.txt.
    #[arg(long)]
    corpus: PathBuf,
    /// md (no page markers), txt (form feeds) or pdf (documents with doc.pdf).
    #[arg(long, value_enum, default_value = "md")]
    format: FormatArg,
    /// Seeds, as a range `1..5` (inclusive) or a list `1,2,7`.
    #[arg(long, default_value = "1..3")]
    seeds: String,
    /// Write the JSON report here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write the markdown report here (`-` for standard output; the default).
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// Write the SVG chart here.
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Also measure with each signal switched off in turn.
    #[arg(long)]
    ablate: bool,
    /// Worker threads (0: one per core). Figures are identical for any count.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Fail (exit code 1, after writing the reports) when a corpus-wide accuracy figure is
    /// below VALUE (repeatable). METRIC: adjacency, adjacency_mean, exact, kendall_tau,
    /// cut_precision, cut_recall, confident (accuracy of junctions at confidence >= 0.9),
    /// documents. E.g. --fail-under adjacency=0.95 --fail-under exact=0.6.
    #[arg(long, value_name = "METRIC=VALUE")]
    fail_under: Vec<String>,
    /// Fail (exit code 1) when a count of pages gone wrong is above VALUE (repeatable).
    /// METRIC: lost, duplicated, split, failed (runs that ended in an error). E.g.
    /// --fail-over lost=0 --fail-over failed=0.
    #[arg(long, value_name = "METRIC=VALUE")]
    fail_over: Vec<String>,
    #[command(flatten)]
    signals: SignalArgs,
}

fn parse_seeds(s: &str) -> Result<Vec<u64>> {
    if let Some((a, b)) = s.split_once("..") {
        let a: u64 = a
            .trim()
            .parse()
            .context("seed range start is not a number")?;
        let b: u64 = b
            .trim_start_matches('=')
            .trim()
            .parse()
            .context("seed range end is not a number")?;
        if b < a {
            bail!("seed range {s} is empty (write it as start..end, inclusive)");
        }
        return Ok((a..=b).collect());
    }
    s.split(',')
        .map(|x| {
            x.trim()
                .parse::<u64>()
                .with_context(|| format!("seed `{x}` is not a number"))
        })
        .collect()
}

fn bounds(args: &BenchArgs) -> Result<Vec<Bound>> {
    let floors = args.fail_under.iter().map(|s| (s, true, "--fail-under"));
    let ceilings = args.fail_over.iter().map(|s| (s, false, "--fail-over"));
    floors
        .chain(ceilings)
        .map(|(s, floor, flag)| Bound::parse(s, floor).map_err(|e| anyhow!("{flag} {s}: {e}")))
        .collect()
}

/// A progress bar on standard error while the runs go (when it is a terminal).
fn progress_bar() -> impl Fn(Progress) + Sync {
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} runs {elapsed_precise} ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    move |p| {
        if let Some(b) = &bar {
            match p {
                Progress::Start { runs } => b.set_length(runs as u64),
                Progress::Run => b.inc(1),
                Progress::Done => b.finish_and_clear(),
            }
        }
    }
}

/// Run the bench, write its reports, then check the bounds.
pub fn run(args: BenchArgs) -> Result<()> {
    set_threads(args.threads);
    let bounds = bounds(&args)?;
    let opts = collate::bench::BenchOptions {
        corpus: args.corpus.clone(),
        format: args.format.into(),
        seeds: parse_seeds(&args.seeds)?,
        ablate: args.ablate,
        config: Config {
            score: args.signals.apply(Config::default().score)?,
            ..Config::default()
        },
    };
    let report = collate::bench::run(&opts, &progress_bar())?;
    if let Some(p) = &args.json {
        write_file(p, |w| Json.write(&report, w))?;
    }
    if let Some(p) = &args.svg {
        write_file(p, |w| Svg.write(&report, w))?;
    }
    match &args.markdown {
        Some(p) if p.as_os_str() != "-" => write_file(p, |w| Markdown.write(&report, w))?,
        _ => {
            let stdout = std::io::stdout();
            Markdown.write(&report, &mut stdout.lock())?;
        }
    }
    let missed = floor::check(&report, &bounds);
    if !missed.is_empty() {
        let list: Vec<String> = missed.iter().map(|m| m.to_string()).collect();
        bail!("bench: {}", list.join("; "));
    }
    Ok(())
}
