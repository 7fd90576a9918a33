//! `collate scramble`: shuffle a document of known order with a seed and write the scrambled
//! case (text, or a PDF with its pages shuffled) and, on request, its truth as JSON.

use super::bench::JoinArg;
use super::{write_file, FormatArg};
use anyhow::{bail, Result};
use clap::Args;
use collate::ingest::Format;
use std::path::{Path, PathBuf};

/// `collate scramble --help`'s examples (ripgrep-style, after the options).
pub const EXAMPLES: &str = "\
Examples:
  collate scramble corpus/gibbon-ch03 --seed 7 -o case.md --truth truth.json
                                                      a markdown case and its truth
  collate scramble corpus/gibbon-ch03 --format txt --seed 7 -o case.txt
                                                      form-feed pages
  collate scramble corpus/gibbon-ch03/doc.pdf --seed 3 -o shuffled.pdf --truth truth.json
                                                      a PDF with its pages shuffled";

/// `collate scramble`'s arguments.
#[derive(Args)]
pub struct ScrambleArgs {
    /// A corpus document folder (pages.md / pages.txt), a form-feed file, or a directory of
    /// page files in true order.
    doc: PathBuf,
    /// Seed of the shuffle (ChaCha8): the same seed gives the same bytes everywhere.
    #[arg(long)]
    seed: u64,
    /// Which pages to use: md (joined by blank lines), txt (form feeds) or pdf (the PDF's own
    /// pages, written as a PDF; chosen by itself for a .pdf file).
    #[arg(long, value_enum, default_value = "md")]
    format: FormatArg,
    /// How to join the shuffled pages: blank (blank lines, no markers) or formfeed (a form
    /// feed after each page); by default blank for md and formfeed for txt.
    #[arg(long, value_enum)]
    join: Option<JoinArg>,
    /// Output file.
    #[arg(short, long)]
    output: PathBuf,
    /// Write the truth (permutation and page spans) as JSON here.
    #[arg(long)]
    truth: Option<PathBuf>,
    /// Keep the first K pages in place.
    #[arg(long, default_value_t = 0)]
    keep_front: usize,
    /// Leave N pages out (never the first; chosen by the seed); the truth lists them under
    /// "dropped" and where they were under "gaps".
    #[arg(long, default_value_t = 0, value_name = "N")]
    drop: usize,
    /// Put N pages in twice, byte for byte (chosen by the seed); the truth lists them under
    /// "duplicates".
    #[arg(long, default_value_t = 0, value_name = "N")]
    duplicate: usize,
    /// Interleave the pages of a second document (read like DOC) with DOC's; the truth lists
    /// both under "documents".
    #[arg(long, value_name = "OTHER")]
    mix: Option<PathBuf>,
}

fn write_truth(path: &Path, truth: &collate::bench::Truth) -> Result<()> {
    write_file(path, |w| {
        serde_json::to_writer_pretty(&mut *w, truth)?;
        writeln!(w)
    })
}

/// Scramble one document.
pub fn run(args: ScrambleArgs) -> Result<()> {
    let format = Format::from(args.format);
    if format == Format::Pdf || collate::output::pdf::is_pdf_path(&args.doc) {
        if args.join.is_some() {
            bail!("--join does not apply to a PDF: its pages are shuffled as a PDF");
        }
        if args.drop > 0 || args.duplicate > 0 || args.mix.is_some() {
            bail!("--drop, --duplicate and --mix apply to text pages, not to a PDF");
        }
        let doc = collate::bench::load_known(&args.doc, Format::Pdf)?;
        let (bytes, truth) =
            collate::bench::scramble::scramble_pdf(&doc, args.seed, args.keep_front)?;
        write_file(&args.output, |w| w.write_all(&bytes))?;
        if let Some(t) = &args.truth {
            write_truth(t, &truth)?;
        }
        return Ok(());
    }
    let doc = collate::bench::load_known(&args.doc, format)?;
    if doc.pages.len() < 2 {
        bail!(
            "{}: only {} page(s); nothing to scramble",
            args.doc.display(),
            doc.pages.len()
        );
    }
    let join = args
        .join
        .map(collate::bench::Join::from)
        .unwrap_or(collate::bench::Join::default_for(format));
    let damage = collate::bench::Damage {
        drop: args.drop,
        duplicate: args.duplicate,
        mix: args
            .mix
            .as_deref()
            .map(|p| collate::bench::load_known(p, format))
            .transpose()?,
    };
    let s = collate::bench::scramble_damaged(&doc, args.seed, args.keep_front, join, &damage)?;
    write_file(&args.output, |w| w.write_all(s.text.as_bytes()))?;
    if let Some(t) = &args.truth {
        write_truth(t, &s.truth)?;
    }
    Ok(())
}
