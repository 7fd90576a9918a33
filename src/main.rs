//! The `collate` command line: turns arguments into a [`collate::Config`] and calls the library.

use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand};
use collate::bench::report::{BenchReporter, Json, Markdown, Svg};
use collate::ingest::{Format, Limits};
use collate::output::{JsonReport, OrderOnly, Reporter, Text};
use collate::Config;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Put the scrambled pages of a scraped document back into reading order.
#[derive(Parser)]
#[command(name = "collate", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Restore the reading order of a scrambled document (markdown, form-feed text, or a
    /// directory of page files; `-` reads standard input).
    Restore(RestoreArgs),
    /// Shuffle a document of known page order with a seed, as a benchmark case.
    Scramble(ScrambleArgs),
    /// Measure ordering accuracy on a corpus of documents with known page order.
    Bench(BenchArgs),
}

#[derive(Args)]
struct Common {
    /// Force the input format instead of detecting it.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Largest input accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_bytes: usize,
    /// Most page fragments accepted (bounds the pair table: n² scores).
    #[arg(long, default_value_t = Limits::default().max_pages)]
    max_pages: usize,
    /// Switch a signal off (repeatable): sentence, hyphen, footnote, heading, vocab,
    /// cohesion, pagenum, stream, matter.
    #[arg(long = "without", value_name = "SIGNAL")]
    without: Vec<String>,
    /// Largest number of fragments solved exactly; larger documents use local search.
    #[arg(long, default_value_t = 13)]
    exact_limit: usize,
    /// Worker threads (0: one per core). Output is identical for any count.
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

#[derive(Args)]
struct RestoreArgs {
    /// Input file, directory of pages, or `-` for standard input.
    input: PathBuf,
    /// Write the restored document here instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also write a JSON report: order, byte spans, per-junction scores and confidence.
    #[arg(long, value_name = "FILE.json")]
    report: Option<PathBuf>,
    /// Print only the order (fragment index, start byte, end byte per line).
    #[arg(long)]
    order_only: bool,
    /// Replace the input file with the restored document (written to a temporary file in the
    /// same folder, then renamed over the input).
    #[arg(long, conflicts_with_all = ["output", "order_only"])]
    in_place: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct ScrambleArgs {
    /// A corpus document folder (pages.md / pages.txt), a form-feed file, or a directory of
    /// page files in true order.
    doc: PathBuf,
    /// Seed of the shuffle (ChaCha8): the same seed gives the same bytes everywhere.
    #[arg(long)]
    seed: u64,
    /// Which pages to use: md (joined by blank lines) or txt (form feeds).
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// Output file.
    #[arg(short, long)]
    output: PathBuf,
    /// Write the truth (permutation and page spans) as JSON here.
    #[arg(long)]
    truth: Option<PathBuf>,
    /// Keep the first K pages in place.
    #[arg(long, default_value_t = 0)]
    keep_front: usize,
}

#[derive(Args)]
struct BenchArgs {
    /// Corpus folder: one sub-folder per document with pages.md / pages.txt.
    #[arg(long)]
    corpus: PathBuf,
    /// md (no page markers) or txt (form feeds).
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
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

fn set_threads(n: usize) {
    if n > 0 {
        // Only fails if a pool exists already, which is harmless here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

fn config(common: &Common) -> Result<Config> {
    let mut cfg = Config {
        limits: Limits {
            max_bytes: common.max_bytes,
            max_pages: common.max_pages,
        },
        exact_limit: common.exact_limit.min(20),
        ..Config::default()
    };
    for s in &common.without {
        if collate::score::signal_by_name(s).is_none() {
            bail!(
                "unknown signal `{s}` (known: {})",
                collate::score::SIGNAL_NAMES.join(", ")
            );
        }
        cfg.score = cfg.score.clone().without(s);
    }
    Ok(cfg)
}

/// Write to a temporary file beside `path`, then rename: no half-written output on error.
fn write_atomically(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.collate-tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        f(&mut file)?;
        file.flush()?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn restore(args: RestoreArgs) -> Result<()> {
    set_threads(args.common.threads);
    let cfg = config(&args.common)?;
    if let Some(out) = &args.output {
        if args.input.as_os_str() != "-" && same_file(out, &args.input) {
            bail!(
                "{}: the output would overwrite the input (choose another -o path, or --in-place)",
                out.display()
            );
        }
    }
    if args.in_place && (args.input.as_os_str() == "-" || args.input.is_dir()) {
        bail!(
            "{}: --in-place needs a file to replace (not standard input or a directory)",
            args.input.display()
        );
    }
    let doc = collate::ingest::read(&args.input, args.common.format, &cfg.limits)?;
    let restored = collate::restore(&doc, &cfg)?;
    let reporter: &dyn Reporter = if args.order_only { &OrderOnly } else { &Text };
    if let Some(path) = &args.report {
        write_atomically(path, |w| JsonReport.write(&restored, w))?;
    }
    let target = if args.in_place {
        Some(&args.input)
    } else {
        args.output.as_ref()
    };
    match target {
        Some(path) => write_atomically(path, |w| reporter.write(&restored, w))?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            reporter
                .write(&restored, &mut lock)
                .context("cannot write to standard output")?;
            lock.flush().ok();
        }
    }
    Ok(())
}

fn scramble(args: ScrambleArgs) -> Result<()> {
    let doc = collate::bench::load_known(&args.doc, args.format)?;
    if doc.pages.len() < 2 {
        bail!(
            "{}: only {} page(s); nothing to scramble",
            args.doc.display(),
            doc.pages.len()
        );
    }
    let s = collate::bench::scramble(&doc, args.seed, args.keep_front);
    write_atomically(&args.output, |w| w.write_all(s.text.as_bytes()))?;
    if let Some(t) = &args.truth {
        write_atomically(t, |w| {
            serde_json::to_writer_pretty(&mut *w, &s.truth)?;
            writeln!(w)
        })?;
    }
    Ok(())
}

fn bench(args: BenchArgs) -> Result<()> {
    set_threads(args.threads);
    let opts = collate::bench::BenchOptions {
        corpus: args.corpus.clone(),
        format: args.format,
        seeds: parse_seeds(&args.seeds)?,
        ablate: args.ablate,
        config: Config::default(),
    };
    let report = collate::bench::run(&opts, std::io::stderr().is_terminal())?;
    if let Some(p) = &args.json {
        write_atomically(p, |w| Json.write(&report, w))?;
    }
    if let Some(p) = &args.svg {
        write_atomically(p, |w| Svg.write(&report, w))?;
    }
    match &args.markdown {
        Some(p) if p.as_os_str() != "-" => write_atomically(p, |w| Markdown.write(&report, w))?,
        _ => {
            let stdout = std::io::stdout();
            Markdown.write(&report, &mut stdout.lock())?;
        }
    }
    Ok(())
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Restore(a) => restore(a),
        Command::Scramble(a) => scramble(a),
        Command::Bench(a) => bench(a),
    };
    if let Err(e) = result {
        // A closed pipe (`collate … | head`) is the reader's choice, not an error.
        let broken_pipe = e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if broken_pipe {
            std::process::exit(0);
        }
        eprintln!("collate: error: {e:#}");
        std::process::exit(1);
    }
}
