//! `collate bench`: measure ordering accuracy on a corpus, write the reports, draw progress
//! with indicatif, and fail (exit code 1) when a corpus-wide figure misses a bound given with
//! `--fail-under` / `--fail-over` — the gate CI runs. Takes a plain corpus, a corpus of
//! flavours (one row per flavour) or PDFs with a converter (`--convert`).

use super::{set_threads, write_file, FormatArg, SignalArgs};
use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Args, ValueEnum};
use collate::bench::floor::{self, Bound};
use collate::bench::report::{BenchReporter, Json, Markdown, Svg};
use collate::bench::Progress;
use collate::bench::{Join, Split};
use collate::Config;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

/// Most seeds one bench runs.
pub const MAX_SEEDS: u64 = 1000;
/// Most worker threads a bench asks for.
pub const MAX_THREADS: usize = super::MAX_THREADS;

/// `collate bench --help`'s examples (ripgrep-style, after the options).
pub const EXAMPLES: &str = "\
Examples:
  collate bench --corpus corpus --format md --seeds 1..3       the markdown table on standard output
  collate bench --corpus ../shared/corpus --format txt --json bench.json --svg bench.svg
  collate bench --corpus corpus --seeds 1 --ablate             each signal switched off in turn
  collate bench --corpus ../shared/flavours --split validation --seeds 1..3
  collate bench --corpus corpus --format txt --mix             documents shuffled together, told apart
  collate bench --corpus corpus --fail-under adjacency=0.95    exit 1 below a floor (for CI)";

/// `--join` as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JoinArg {
    /// One to three blank lines between pages, no marker (the cuts are unknown).
    Blank,
    /// A form feed after each page (the cuts are known; only the order is asked).
    Formfeed,
}

impl From<JoinArg> for Join {
    fn from(j: JoinArg) -> Join {
        match j {
            JoinArg::Blank => Join::Blank,
            JoinArg::Formfeed => Join::Formfeed,
        }
    }
}

/// `--split` as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitArg {
    /// Every document.
    All,
    /// The manifest's train documents.
    Train,
    /// The manifest's validation documents.
    Validation,
}

/// `collate bench`'s arguments.
#[derive(Args)]
pub struct BenchArgs {
    /// Corpus folder: one sub-folder per document with pages.md / pages.txt; or a folder of
    /// such corpora, one per flavour (converter), benched flavour by flavour (as
    /// shared/flavours, with its manifest.json); or, with --convert, PDFs.
    #[arg(long)]
    corpus: PathBuf,
    /// Which file gives the true pages: md (pages.md), txt (pages.txt) or pdf (doc.pdf,
    /// shuffled as a PDF). Pages from md are joined by blank lines and from txt by form feeds,
    /// unless --join says otherwise.
    #[arg(long, value_enum, default_value = "md")]
    format: FormatArg,
    /// How the shuffled pages are joined: blank (blank lines, no markers: the cuts must be
    /// found) or formfeed (a form feed after each page: only the order is asked).
    #[arg(long, value_enum)]
    join: Option<JoinArg>,
    /// Which documents, by the split named in the corpus's manifest.json
    /// (documents[].split); a corpus without one has only `all`.
    #[arg(long, value_enum, default_value = "all")]
    split: SplitArg,
    /// Bench only this flavour of a corpus of flavours (repeatable).
    #[arg(long, value_name = "NAME")]
    flavour: Vec<String>,
    /// Make the true pages with a converter run on each page of each PDF (a PDF, a folder of
    /// PDFs, folders with doc.pdf, pdfs/, or the PDFs a manifest.json names). TEMPLATE is one
    /// command, split into words like a shell would but run without one; placeholders:
    /// {page} (1-based), {pdf} (its path), {stem} (its name without .pdf), {dir} (its
    /// folder). E.g. 'pdftotext -f {page} -l {page} -layout {pdf} -'. Joined both ways unless
    /// --join is given; a failed conversion fails that document's runs only.
    #[arg(long, value_name = "TEMPLATE")]
    convert: Option<String>,
    /// Seconds one page's conversion may take.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    convert_timeout: u64,
    /// Seeds, as a range `1..5` (inclusive) or a list `1,2,7`; at most 1000.
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
    /// Drop N pages of each document (never the first) before shuffling, and measure how
    /// well the missing pages are located (see `scramble --drop`).
    #[arg(long, default_value_t = 0, value_name = "N")]
    drop: usize,
    /// Put N pages of each document in twice before shuffling, and measure how well the
    /// copies are found (see `scramble --duplicate`).
    #[arg(long, default_value_t = 0, value_name = "N")]
    duplicate: usize,
    /// Also mix each document with the next one of the corpus and with the next one of its
    /// family (same book or collection), pages interleaved, and measure: pages put in their
    /// own document, each document's adjacency mixed against alone, false splits of single
    /// documents.
    #[arg(long)]
    mix: bool,
    /// Worker threads (0: one per core; at most 256). Figures are identical for any count.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Fail (exit code 1, after writing the reports) when a corpus-wide accuracy figure is
    /// below VALUE (repeatable). METRIC: adjacency, adjacency_mean, exact, kendall_tau,
    /// cut_precision, cut_recall, confident (accuracy of junctions at confidence >= 0.9),
    /// documents, missing_recall, missing_precision, duplicates_recall (page sets, with
    /// --drop or --duplicate). E.g. --fail-under adjacency=0.95 --fail-under exact=0.6. Prefix
    /// `each-flavour:` to bound every flavour row apart (a plain corpus is one flavour), or
    /// `NAME:` for one flavour: --fail-under each-flavour:adjacency=0.9.
    #[arg(long, value_name = "[SCOPE:]METRIC=VALUE")]
    fail_under: Vec<String>,
    /// Fail (exit code 1) when a count of pages gone wrong is above VALUE (repeatable).
    /// METRIC: lost, duplicated, split, failed (runs that ended in an error), false_missing,
    /// false_duplicates (runs reporting a missing page or a copy where none was made). E.g.
    /// --fail-over lost=0 --fail-over failed=0; scoped like --fail-under
    /// (--fail-over each-flavour:lost=0).
    #[arg(long, value_name = "[SCOPE:]METRIC=VALUE")]
    fail_over: Vec<String>,
    #[command(flatten)]
    signals: SignalArgs,
}

/// Parse `--seeds`: a range `a..b` (inclusive) or a list, at most [`MAX_SEEDS`] of them.
pub fn parse_seeds(s: &str) -> Result<Vec<u64>> {
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
        if b - a >= MAX_SEEDS {
            bail!(
                "seed range {s} holds {} seeds; at most {MAX_SEEDS} are allowed",
                (b - a) as u128 + 1
            );
        }
        return Ok((a..=b).collect());
    }
    if s.split(',').count() as u64 > MAX_SEEDS {
        bail!(
            "{} seeds given; at most {MAX_SEEDS} are allowed",
            s.split(',').count()
        );
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
    if args.threads > MAX_THREADS {
        bail!(
            "--threads {}: at most {MAX_THREADS} worker threads (0: one per core)",
            args.threads
        );
    }
    set_threads(args.threads);
    let bounds = bounds(&args)?;
    let convert = match &args.convert {
        Some(t) => Some(collate::bench::Converter::new(
            t,
            Duration::from_secs(args.convert_timeout),
        )?),
        None => None,
    };
    let opts = collate::bench::BenchOptions {
        corpus: args.corpus.clone(),
        format: args.format.into(),
        join: args.join.map(Join::from),
        split: match args.split {
            SplitArg::All => Split::All,
            SplitArg::Train => Split::Train,
            SplitArg::Validation => Split::Validation,
        },
        flavours: args.flavour.clone(),
        convert,
        seeds: parse_seeds(&args.seeds)?,
        ablate: args.ablate,
        drop: args.drop,
        duplicate: args.duplicate,
        mix: args.mix,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_lists_are_bounded() {
        assert_eq!(parse_seeds("1..3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse_seeds("1..1000").unwrap().len(), 1000);
        assert!(parse_seeds("1..1001").is_err());
        let e = parse_seeds("0..18446744073709551615")
            .unwrap_err()
            .to_string();
        assert!(e.contains("18446744073709551616 seeds"), "{e}");
        assert!(parse_seeds(&vec!["1"; 1001].join(",")).is_err());
    }
}
