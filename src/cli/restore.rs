//! `collate restore`: one document in, restored; the checks that protect the input from
//! being overwritten by mistake, the choice of rendering, and the write through
//! [`collate::output::target`], the one rule for where output goes.

use super::{Common, FormatArg};
use anyhow::{bail, Result};
use clap::Args;
use collate::output::{self, JsonReport, OrderOnly, Reading, Render, Target, Text};
use std::path::{Path, PathBuf};

/// `collate restore`'s arguments.
#[derive(Args)]
pub struct RestoreArgs {
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

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Restore one document.
pub fn run(args: RestoreArgs) -> Result<()> {
    let cfg = args.common.config()?;
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
    let doc = collate::ingest::read(&args.input, args.common.format(), &cfg.limits)?;
    let restored = collate::restore(&doc, &cfg)?;
    // For a PDF input, `--format md` does not describe the input (a PDF is a PDF): it asks
    // for the reading text, the one non-verbatim rendering.
    let wants_reading = doc.pdf.is_some() && args.common.format == Some(FormatArg::Md);
    let render: &dyn Render = if args.order_only {
        &OrderOnly
    } else if wants_reading {
        &Reading
    } else {
        &Text
    };
    if let Some(path) = &args.report {
        output::File { path: path.clone() }.write(&restored, &JsonReport)?;
    }
    let path = if args.in_place {
        Some(args.input.as_path())
    } else {
        args.output.as_deref()
    };
    output::target(&doc, path, !args.order_only)?.write(&restored, render)?;
    Ok(())
}
