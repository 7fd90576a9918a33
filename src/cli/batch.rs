//! `collate batch`: restore a folder of documents (or a JSON-lines stream) through
//! [`collate::batch`], with an indicatif bar fed by the library's progress callback, a
//! one-line summary and the failures on standard error, and the exit code for the outcome.

use super::hint::error_text;
use super::{usage, Common, EXIT_ALL_FAILED, EXIT_SOME_FAILED};
use anyhow::{Context as _, Result};
use clap::Args;
use collate::batch::{Outcome, Progress, Status};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `collate batch --help`'s examples (ripgrep-style, after the options).
pub const EXAMPLES: &str = "\
Examples:
  collate batch scraped/ -o restored/ --report        every .md/.txt/.pdf and *.pages folder, reports beside
  collate batch scraped/ -o restored/ --resume        go on after a killed run, skipping what is done
  collate batch scraped/ -o out/ --shard 0/4          the first of four static shards
  collate batch --jsonl < docs.jsonl > restored.jsonl  a stream of {\"id\", \"text\"} lines";

/// `collate batch`'s arguments.
#[derive(Args)]
pub struct BatchArgs {
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
    /// With --jsonl: let {"path"} lines read files (and folders of page files) inside DIR,
    /// and nothing outside it (no `..`, no symbolic link out, no pipe or device). Without
    /// it, "path" lines are refused: whoever writes the stream must not choose what collate
    /// reads. A relative path is taken from DIR.
    #[arg(long, value_name = "DIR", requires = "jsonl")]
    paths_under: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

fn parse_shard(s: &str) -> Result<(usize, usize)> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| usage("--shard takes K/N, e.g. 0/4 for the first of four shards"))?;
    let k: usize = k
        .trim()
        .parse()
        .map_err(|_| usage("--shard K is not a number"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| usage("--shard N is not a number"))?;
    if n == 0 || k >= n {
        return Err(usage(format!(
            "--shard {s}: K must be below N (shards are numbered 0 to N-1)"
        )));
    }
    Ok((k, n))
}

/// The exit code for `failed` of `total` documents or lines.
fn exit_code(total: usize, failed: usize) -> i32 {
    if failed == 0 {
        0
    } else if failed < total {
        EXIT_SOME_FAILED
    } else {
        EXIT_ALL_FAILED
    }
}

/// Run the batch; the exit code (0, 3 or 4) when it could run at all.
pub fn run(args: BatchArgs) -> Result<i32> {
    let cfg = args.common.config()?;
    if args.jsonl {
        if let Some(root) = &args.paths_under {
            if !root.is_dir() {
                return Err(usage(format!(
                    "--paths-under {}: not a folder",
                    root.display()
                )));
            }
        }
        let opts = collate::batch::jsonl::Options {
            config: cfg,
            window: 2 * rayon::current_num_threads().max(1),
            paths_under: args.paths_under,
            error_text,
        };
        let stdout = std::io::stdout();
        let (total, failed) = collate::batch::jsonl::run(
            std::io::BufReader::new(std::io::stdin()),
            std::io::BufWriter::new(stdout.lock()),
            &opts,
        )
        .context("cannot read standard input or write standard output")?;
        return Ok(exit_code(total, failed));
    }
    let (Some(input), Some(output)) = (args.input, args.output) else {
        return Err(usage(
            "batch needs an input folder and -o OUTPUT_FOLDER (or --jsonl for a stream)",
        ));
    };
    if input.is_dir() {
        collate::batch::check_apart(&input, &output).map_err(|e| usage(e.to_string()))?;
    }
    let opts = collate::batch::BatchOptions {
        input,
        output,
        report: args.report,
        resume: args.resume,
        shard: args.shard.as_deref().map(parse_shard).transpose()?,
        format: args.common.format(),
        config: cfg,
        error_text,
    };
    // The bar counts input bytes (restore time grows with size, the largest go first); the
    // message counts documents and gives the time left once it can be told (Progress::eta).
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let start = std::time::Instant::now();
    let fragments = AtomicUsize::new(0);
    let progress = |o: &Outcome, p: Progress| {
        if let Some(b) = &bar {
            b.set_length(p.bytes);
            b.set_position(p.bytes_done);
            let f = fragments.fetch_add(o.fragments, Ordering::Relaxed) + o.fragments;
            let elapsed = start.elapsed();
            let eta = match p.eta(elapsed) {
                Some(left) => format!("ETA {}", indicatif::HumanDuration(left)),
                None => "ETA …".to_string(),
            };
            b.set_message(format!(
                "{}/{} documents, {:.0} fragments/s, {eta}",
                p.done,
                p.documents,
                f as f64 / elapsed.as_secs_f64().max(1e-3)
            ));
        }
    };
    // Panics inside a document are caught and recorded; keep them off the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let summary = collate::batch::run(&opts, &progress)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let t = &summary.throughput;
    eprintln!(
        "collate: {} restored, {} failed, {} skipped in {:.1} s ({:.1} documents, {:.0} pages per second per thread, {} threads); summary in {}",
        summary.ok,
        summary.failed,
        summary.skipped,
        t.seconds,
        t.documents_per_second_per_thread,
        t.pages_per_second_per_thread,
        t.threads,
        opts.output.join("batch-summary.json").display()
    );
    for d in summary
        .documents
        .iter()
        .filter(|d| d.status == Status::Failed)
    {
        // Name the document once: most errors name its path already.
        let error = d.error.as_deref().unwrap_or("");
        let name = d.document.display().to_string();
        if error.contains(&name) {
            eprintln!("collate: {error}");
        } else {
            eprintln!("collate: {name}: {error}");
        }
    }
    Ok(summary.exit_code())
}
