//! `collate batch`: restore a folder of documents (or a JSON-lines stream) through
//! [`collate::batch`], with an indicatif bar fed by the library's progress callback, a
//! one-line summary and the failures on standard error, and the exit code for the outcome.

use super::hint::error_text;
use super::Common;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use collate::batch::{Outcome, Status};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    #[command(flatten)]
    common: Common,
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

/// Run the batch; the exit code (0, 2 or 3) when it could run at all.
pub fn run(args: BatchArgs) -> Result<i32> {
    let cfg = args.common.config()?;
    if args.jsonl {
        let chunk = 2 * rayon::current_num_threads().max(1);
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let (_, failed) = collate::batch::jsonl::run(
            stdin.lock(),
            std::io::BufWriter::new(stdout.lock()),
            &cfg,
            chunk,
            error_text,
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
        format: args.common.format(),
        config: cfg,
        error_text,
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
    let fragments = AtomicUsize::new(0);
    let progress = |o: &Outcome, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            let f = fragments.fetch_add(o.fragments, Ordering::Relaxed) + o.fragments;
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
    for d in summary
        .documents
        .iter()
        .filter(|d| d.status == Status::Failed)
    {
        eprintln!(
            "collate: {}: {}",
            d.document.display(),
            d.error.as_deref().unwrap_or("")
        );
    }
    Ok(summary.exit_code())
}
