//! The `collate` command line: turns arguments into a [`collate::Config`] and calls the library.

use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand};
use collate::bench::report::{BenchReporter, Json, Markdown, Svg};
use collate::ingest::{Format, Limits};
use collate::output::{JsonReport, OrderOnly, Reading, Reporter, Text};
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
    /// Restore the reading order of a scrambled document (markdown, form-feed text, a PDF,
    /// or a directory of page files; `-` reads standard input).
    Restore(RestoreArgs),
    /// Shuffle a document of known page order with a seed, as a benchmark case.
    Scramble(ScrambleArgs),
    /// Measure ordering accuracy on a corpus of documents with known page order.
    Bench(BenchArgs),
    /// Restore every document under a folder in parallel, or a stream of JSON lines.
    ///
    /// Exit codes: 0 every document restored (or skipped by --resume), 2 some failed, 3 all
    /// failed, 1 the batch could not run at all. Failures are listed in
    /// OUT_DIR/batch-summary.json.
    Batch(BatchArgs),
}

#[derive(Args)]
struct BatchArgs {
    /// Folder of scrambled documents (.md, .markdown, .txt, .text, .pdf files; *.pages
    /// folders of page files). Not needed with --jsonl. PDFs come back as PDFs.
    input: Option<PathBuf>,
    /// Folder for the restored documents, under the same relative names.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also write NAME.report.json beside each restored document.
    #[arg(long)]
    report: bool,
    /// Skip documents whose output is already complete (outputs are written atomically).
    #[arg(long)]
    resume: bool,
    /// Take only every N-th document starting at K (0-based), as K/N, for static splits.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Read JSON lines {"id", "text"} or {"id", "path"} on standard input and write one
    /// {"id", "text", "order", "confidence", "error"} line per input, in input order.
    #[arg(long)]
    jsonl: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct Common {
    /// Force the input format instead of detecting it. For a PDF input, `md` asks for a
    /// reading text rebuilt into paragraphs instead of the verbatim layout text.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Largest input accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_bytes: usize,
    /// Most page fragments accepted (bounds the pair table: n² scores).
    #[arg(long, default_value_t = Limits::default().max_pages)]
    max_pages: usize,
    #[command(flatten)]
    signals: SignalArgs,
    /// Largest number of fragments solved exactly; larger documents use local search.
    #[arg(long, default_value_t = 13)]
    exact_limit: usize,
    /// Worker threads (0: one per core). Output is identical for any count.
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

#[derive(Args)]
struct SignalArgs {
    /// Switch a signal off (repeatable): sentence, hyphen, footnote, heading, vocab, syntax,
    /// cohesion, topic, balance, pagenum, stream, matter.
    #[arg(long = "without", value_name = "SIGNAL")]
    without: Vec<String>,
    /// Weigh a signal (repeatable), as SIGNAL=WEIGHT, replacing its calibrated default.
    #[arg(long = "weight", value_name = "SIGNAL=WEIGHT")]
    weight: Vec<String>,
}

impl SignalArgs {
    fn apply(&self, mut score: collate::score::ScoreConfig) -> Result<collate::score::ScoreConfig> {
        let known = |s: &str| -> Result<()> {
            if collate::score::signal(s).is_none() {
                bail!(
                    "unknown signal `{s}` (known: {})",
                    collate::score::signal_names()
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            Ok(())
        };
        for w in &self.weight {
            let (name, value) = w.split_once('=').with_context(|| {
                format!("--weight {w}: write it as SIGNAL=WEIGHT, e.g. cohesion=1.5")
            })?;
            known(name)?;
            let value: f64 = value
                .parse()
                .with_context(|| format!("--weight {w}: the weight is not a number"))?;
            score.weights.insert(name.to_string(), value);
        }
        for s in &self.without {
            known(s)?;
            score = score.without(s);
        }
        Ok(score)
    }
}

#[derive(Args)]
struct RestoreArgs {
    /// Input file (markdown, text, PDF), directory of page files, or `-` for standard input.
    input: PathBuf,
    /// Write the restored document here instead of standard output. For a PDF input, a
    /// path ending in .pdf gets the PDF with its pages reordered; any other gets the text.
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
    /// Which pages to use: md (joined by blank lines), txt (form feeds) or pdf (the PDF's own
    /// pages, written as a PDF; chosen by itself for a .pdf file).
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
    /// md (no page markers), txt (form feeds) or pdf (documents with doc.pdf).
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
    cfg.score = common.signals.apply(cfg.score)?;
    Ok(cfg)
}

/// Write to a temporary file beside `path`, then rename: no half-written output on error
/// (a device or pipe such as `/dev/null` is written in place).
fn write_atomically(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    collate::output::write_atomically(path, f)
        .with_context(|| format!("cannot write {}", path.display()))
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
    // A PDF's text can also be had as markdown paragraphs (the one non-verbatim output).
    let reading = doc.pdf.is_some() && args.common.format == Some(Format::Md);
    let reporter: &dyn Reporter = if args.order_only {
        &OrderOnly
    } else if reading {
        &Reading
    } else {
        &Text
    };
    if let Some(path) = &args.report {
        write_atomically(path, |w| JsonReport.write(&restored, w))?;
    }
    let target = if args.in_place {
        Some(&args.input)
    } else {
        args.output.as_ref()
    };
    // A PDF written to a .pdf path gets its pages themselves reordered.
    let pdf_out = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    match (target, &doc.pdf) {
        (Some(path), Some(bytes)) if pdf_out(path) && !args.order_only => {
            let out = collate::ingest::pdf::reorder(&doc.name, bytes, restored.order())?;
            write_atomically(path, |w| w.write_all(&out))?
        }
        (Some(path), None) if pdf_out(path) => bail!(
            "{}: a PDF can only be written from a PDF input (write the restored text to a .md or .txt file)",
            path.display()
        ),
        (Some(path), _) => write_atomically(path, |w| reporter.write(&restored, w))?,
        (None, _) => {
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
    let is_pdf = args.format == Format::Pdf
        || args
            .doc
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf {
        let doc = collate::bench::load_known(&args.doc, Format::Pdf)?;
        let (bytes, truth) =
            collate::bench::scramble::scramble_pdf(&doc, args.seed, args.keep_front)?;
        write_atomically(&args.output, |w| w.write_all(&bytes))?;
        if let Some(t) = &args.truth {
            write_atomically(t, |w| {
                serde_json::to_writer_pretty(&mut *w, &truth)?;
                writeln!(w)
            })?;
        }
        return Ok(());
    }
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
        config: Config {
            score: args.signals.apply(Config::default().score)?,
            ..Config::default()
        },
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

fn parse_shard(s: &str) -> Result<(usize, usize)> {
    let (k, n) = s
        .split_once('/')
        .context("--shard takes K/N, e.g. 0/4 for the first of four shards")?;
    let k: usize = k.trim().parse().context("--shard K is not a number")?;
    let n: usize = n.trim().parse().context("--shard N is not a number")?;
    if n == 0 || k >= n {
        bail!("--shard {s}: K must be below N (shards are numbered 0 to N-1)");
    }
    Ok((k, n))
}

fn batch(args: BatchArgs) -> Result<i32> {
    set_threads(args.common.threads);
    let cfg = config(&args.common)?;
    if args.jsonl {
        let chunk = 2 * rayon::current_num_threads().max(1);
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let (_, failed) = collate::batch::jsonl::run(
            stdin.lock(),
            std::io::BufWriter::new(stdout.lock()),
            &cfg,
            chunk,
        )
        .context("cannot read standard input or write standard output")?;
        return Ok(if failed == 0 { 0 } else { 2 });
    }
    let (Some(input), Some(output)) = (args.input, args.output) else {
        bail!("batch needs an input folder and -o OUTPUT_FOLDER (or --jsonl for a stream)");
    };
    let opts = collate::batch::BatchOptions {
        input,
        output,
        report: args.report,
        resume: args.resume,
        shard: args.shard.as_deref().map(parse_shard).transpose()?,
        format: args.common.format,
        config: cfg,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} documents {msg} ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let start = std::time::Instant::now();
    let fragments = std::sync::atomic::AtomicUsize::new(0);
    let progress = |o: &collate::batch::Outcome, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            let f = fragments.fetch_add(o.fragments, std::sync::atomic::Ordering::Relaxed)
                + o.fragments;
            b.inc(1);
            b.set_message(format!(
                "{:.0} fragments/s",
                f as f64 / start.elapsed().as_secs_f64().max(1e-3)
            ));
        }
    };
    // Panics inside a document are caught and recorded; keep them off the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let summary = collate::batch::run(&opts, &progress)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!(
        "collate: {} restored, {} failed, {} skipped; summary in {}",
        summary.ok,
        summary.failed,
        summary.skipped,
        opts.output.join("batch-summary.json").display()
    );
    for d in summary.documents.iter().filter(|d| d.status == "failed") {
        eprintln!(
            "collate: {}: {}",
            d.document.display(),
            d.error.as_deref().unwrap_or("")
        );
    }
    Ok(summary.exit_code())
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Restore(a) => restore(a),
        Command::Scramble(a) => scramble(a),
        Command::Bench(a) => bench(a),
        Command::Batch(a) => match batch(a) {
            Ok(code) => std::process::exit(code),
            Err(e) => Err(e),
        },
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
