//! The command line's shape: the clap structures for every subcommand, with the flags they
//! share (format, limits, signals, threads) defined once, and the turning of those flags into
//! a [`collate::Config`]. Each subcommand's work lives in its own file.

pub mod batch;
pub mod bench;
pub mod check;
pub mod completions;
pub mod hint;
pub mod restore;
pub mod review;
pub mod scramble;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use collate::ingest::{Format, Limits};
use collate::Config;
use std::path::Path;

/// The exit codes, for `--help` and the README: one list, one place.
pub const EXIT_CODES: &str =
    "Exit codes: 0 success; 1 error (the input or an output could not be read, \
restored or written); 2 usage (bad arguments, or outputs that would overwrite an input); 3 batch: \
some documents (or JSON lines) failed, the others were restored; 4 batch: every document failed; \
5 restore --strict: the order was restored but is doubtful (a junction below 0.5 confidence, or \
more than a tenth below 0.7).";

/// Exit code: the command line is wrong.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: some documents of a batch failed, others were restored.
pub const EXIT_SOME_FAILED: i32 = 3;
/// Exit code: every document of a batch failed.
pub const EXIT_ALL_FAILED: i32 = 4;
/// Exit code: `restore --strict` restored a doubtful order.
pub const EXIT_DOUBTFUL: i32 = 5;

/// An error in the arguments themselves (exit code 2, like clap's own).
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A usage error with `message`, for `return Err(usage(…))`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Usage(message.into()))
}

/// Put the scrambled pages of a scraped document back into reading order.
#[derive(Parser)]
#[command(name = "collate", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Restore the reading order of a scrambled document (markdown, form-feed text, a PDF,
    /// or a directory of page files; `-` reads standard input).
    #[command(after_long_help = restore::EXAMPLES)]
    Restore(restore::RestoreArgs),
    /// Shuffle a document of known page order with a seed, as a benchmark case.
    #[command(after_long_help = scramble::EXAMPLES)]
    Scramble(scramble::ScrambleArgs),
    /// Measure ordering accuracy on a corpus of documents with known page order.
    #[command(after_long_help = bench::EXAMPLES)]
    Bench(bench::BenchArgs),
    /// Restore every document under a folder in parallel, or a stream of JSON lines.
    ///
    /// Exit codes: 0 every document restored (or skipped by --resume), 3 some failed, 4 all
    /// failed, 1 the batch could not run at all, 2 bad arguments. Failures are listed in
    /// OUT_DIR/batch-summary.json (with --jsonl: in each line's "error").
    #[command(after_long_help = batch::EXAMPLES)]
    Batch(batch::BatchArgs),
    /// Compare a restore's --report JSON with the truth `scramble --truth` wrote: exact
    /// order, adjacency, Kendall tau and the misplaced pages (the bench's own measures).
    #[command(after_long_help = check::EXAMPLES)]
    Check(check::CheckArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) on standard output.
    Man,
}

impl Command {
    /// Run the subcommand; the process's exit code on success.
    pub fn run(self) -> Result<i32> {
        match self {
            Command::Restore(a) => restore::run(a),
            Command::Scramble(a) => scramble::run(a).map(|()| 0),
            Command::Bench(a) => bench::run(a).map(|()| 0),
            Command::Batch(a) => batch::run(a),
            Command::Check(a) => check::run(a).map(|()| 0),
            Command::Completions(a) => completions::run(a).map(|()| 0),
            Command::Man => completions::man().map(|()| 0),
        }
    }
}

/// `--format` as the command line spells it; the library's [`Format`] has no clap in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Markdown (or plain paragraphs), pages not marked: the hard case.
    Md,
    /// Plain text with form feeds between pages (pdftotext).
    Txt,
    /// A directory of page files, one page per file.
    Dir,
    /// A PDF (detected from its first bytes in any case).
    Pdf,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Md => Format::Md,
            FormatArg::Txt => Format::Txt,
            FormatArg::Dir => Format::Dir,
            FormatArg::Pdf => Format::Pdf,
        }
    }
}

/// The flags every restoring subcommand takes.
#[derive(Args)]
pub struct Common {
    /// Force the input format instead of detecting it. For a PDF input, `md` asks for a
    /// reading text rebuilt into paragraphs instead of the verbatim layout text.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Largest input accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    pub max_bytes: usize,
    /// Most page fragments accepted (bounds time and memory; from 5,000 fragments only each
    /// one's likely successors are scored).
    #[arg(long, default_value_t = Limits::default().max_pages)]
    pub max_pages: usize,
    #[command(flatten)]
    pub signals: SignalArgs,
    /// Largest number of fragments solved exactly; larger documents use local search.
    #[arg(long, default_value_t = 13)]
    pub exact_limit: usize,
    /// Worker threads (0: one per core). Output is identical for any count.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

impl Common {
    /// The input format forced, if any, in the library's terms.
    pub fn format(&self) -> Option<Format> {
        self.format.map(Format::from)
    }

    /// The restore settings these flags ask for (and the thread pool set up).
    pub fn config(&self) -> Result<Config> {
        set_threads(self.threads);
        let mut cfg = Config {
            limits: Limits {
                max_bytes: self.max_bytes,
                max_pages: self.max_pages,
            },
            exact_limit: self.exact_limit.min(20),
            ..Config::default()
        };
        cfg.score = self.signals.apply(cfg.score)?;
        Ok(cfg)
    }
}

/// `--without` and `--weight`, shared by the restoring subcommands and bench.
#[derive(Args)]
pub struct SignalArgs {
    /// Switch a signal off (repeatable); the signals are listed by `--help`.
    #[arg(long = "without", value_name = "SIGNAL", help = without_help(false), long_help = without_help(true))]
    pub without: Vec<String>,
    /// Weigh a signal (repeatable), as SIGNAL=WEIGHT, replacing its calibrated default.
    #[arg(long = "weight", value_name = "SIGNAL=WEIGHT")]
    pub weight: Vec<String>,
}

/// Help for `--without`, from the signal registry: the names, or one line per signal.
fn without_help(long: bool) -> String {
    let names: Vec<&str> = collate::score::signal_names().collect();
    if !long {
        return format!("Switch a signal off (repeatable): {}", names.join(", "));
    }
    let mut s = String::from("Switch a signal off (repeatable). The signals:");
    for info in collate::score::SIGNALS {
        s.push_str(&format!("\n  {:<9} {}", info.name, info.help));
    }
    s
}

impl SignalArgs {
    /// `score` with these weights set and signals switched off.
    pub fn apply(
        &self,
        mut score: collate::score::ScoreConfig,
    ) -> Result<collate::score::ScoreConfig> {
        let known = |s: &str| -> Result<()> {
            if collate::score::signal(s).is_none() {
                let known: Vec<&str> = collate::score::signal_names().collect();
                return Err(usage(format!(
                    "unknown signal `{s}` (known: {})",
                    known.join(", ")
                )));
            }
            Ok(())
        };
        let max = collate::config::MAX_WEIGHT;
        for w in &self.weight {
            let (name, value) = w.split_once('=').ok_or_else(|| {
                usage(format!(
                    "--weight {w}: write it as SIGNAL=WEIGHT, e.g. cohesion=1.5"
                ))
            })?;
            known(name)?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| usage(format!("--weight {w}: the weight is not a number")))?;
            // NaN and the infinities parse as numbers; they (and huge weights) only break the
            // search's arithmetic.
            if !value.is_finite() || value.abs() > max {
                return Err(usage(format!(
                    "--weight {w}: a weight must be a finite number between -{max} and {max}"
                )));
            }
            score.weights.insert(name.to_string(), value);
        }
        for s in &self.without {
            known(s)?;
            score = score.without(s);
        }
        Ok(score)
    }
}

/// Most worker threads any subcommand starts: more only costs memory.
pub const MAX_THREADS: usize = 256;

/// Use `n` worker threads (0: one per core; at most [`MAX_THREADS`]).
pub fn set_threads(n: usize) {
    let n = n.min(MAX_THREADS);
    if n > 0 {
        // Only fails if a pool exists already, which is harmless here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

/// Write `path` atomically, naming the path in the error.
pub fn write_file(
    path: &Path,
    f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    collate::output::write_atomically(path, f)
        .with_context(|| format!("cannot write {}", path.display()))
}
