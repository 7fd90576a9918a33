//! `collate restore`: one document in, restored; the checks that protect the input from
//! being overwritten by mistake, the choice of rendering, and the write through
//! [`collate::output::target`], the one rule for where output goes.

use super::{usage, Common, FormatArg};
use anyhow::Result;
use clap::Args;
use collate::output::{
    self, resolved, Html, JsonReport, Links, OrderOnly, Pages, Reading, Render, Review, Stdout,
    Target, Text,
};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

/// `collate restore --help`'s examples (ripgrep-style, after the options).
pub const EXAMPLES: &str = "\
Examples:
  collate restore scrambled.md > restored.md          restore markdown to standard output
  collate restore scraped.pdf -o restored.pdf         a PDF, its pages themselves reordered
  collate restore pages/ --pages                      a folder of page files: names in reading order
  qpdf in.pdf --pages in.pdf $(collate restore in.pdf --pages) -- fixed.pdf
                                                      reorder a PDF with qpdf
  collate restore case.md --review                    the junctions, weakest first
  collate restore case.md -o out.md --html review.html
                                                      a review page to open in a browser
  collate restore case.md -o out.md --report -        the JSON report on standard output
  collate restore mixed.txt -o out.txt --split docs/  each document also in docs/doc-1.txt, …
  cat scrambled.md | collate restore - --strict       standard input; exit 5 when doubtful";

/// `collate restore`'s arguments.
#[derive(Args)]
pub struct RestoreArgs {
    /// Input file (markdown, text, PDF), directory of page files, or `-` for standard input.
    input: PathBuf,
    /// Write the restored document here instead of standard output (`-`: standard output).
    /// For a PDF input, a path ending in .pdf gets the PDF with its pages reordered; any
    /// other gets the text.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also write a JSON report: order, byte spans, per-junction scores and confidence
    /// (`-`: standard output, when the document itself goes to a file).
    #[arg(long, value_name = "FILE.json")]
    report: Option<PathBuf>,
    /// Also write a review page: one self-contained HTML file of the restored document with
    /// every junction coloured by confidence; click one for the text either side, the rivals
    /// it beat and the signals that decided (`-`: standard output, when the document itself
    /// goes to a file).
    #[arg(long, value_name = "FILE.html")]
    html: Option<PathBuf>,
    /// Print only the order (fragment index, start byte, end byte, page label per line).
    #[arg(long, conflicts_with = "pages")]
    order_only: bool,
    /// Print only the order as the input's own page labels, comma-separated on one line:
    /// 1-based page numbers of a PDF or form-feed text (each page once), fragment numbers of
    /// unmarked markdown; for a directory, the page files' names, one per line.
    #[arg(long, conflicts_with = "review")]
    pages: bool,
    /// Print the junctions weakest first instead of the document: confidence, the last line
    /// before, the first line after, and the signals that decided (plain when piped).
    #[arg(long, conflicts_with = "order_only")]
    review: bool,
    /// Replace the input file with the restored document (written to a temporary file in the
    /// same folder, then renamed over the input).
    #[arg(long, conflicts_with_all = ["output", "order_only", "pages", "review"])]
    in_place: bool,
    /// Also write each document to its own file in DIR (created when missing): doc-1.EXT,
    /// doc-2.EXT, … in output order, EXT the input's own (txt for a PDF or a folder); one
    /// file when the input is one document. Files of those names are replaced, as -o
    /// replaces its file. See "documents" in the JSON report.
    #[arg(long, value_name = "DIR")]
    split: Option<PathBuf>,
    /// Exit with code 5 when the restore is doubtful (see --quiet).
    #[arg(long)]
    strict: bool,
    /// Say nothing on standard error about a doubtful restore.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Print the stages' timings and counts and what was learned about the input on
    /// standard error.
    #[arg(short, long)]
    verbose: bool,
    /// Leave the second copy of a page present twice out of the output (says which on
    /// standard error and in the report); by default both copies are kept, side by side.
    #[arg(long)]
    drop_duplicates: bool,
    #[command(flatten)]
    common: Common,
}

/// Documents told apart at most (the detector's own bound), for the check that `--split`
/// cannot write over the input.
const MAX_SPLIT_FILES: usize = collate::sets::documents::MAX_DOCUMENTS;

/// Refuse outputs that would replace an input or each other, comparing paths resolved
/// (links, `..`, `./`) so that no spelling gets past: `-o`, `--report` or `--html` on the
/// input file (or inside an input folder of page files), two of them on one file, and two of
/// them on standard output.
fn check_paths(args: &RestoreArgs) -> Result<()> {
    if args.report.as_deref().is_some_and(is_dash) && args.html.as_deref().is_some_and(is_dash) {
        return Err(usage(
            "--report - and --html - both ask for standard output; send one to a file",
        ));
    }
    for (flag, side) in [("--report", &args.report), ("--html", &args.html)] {
        if !side.as_deref().is_some_and(is_dash) || args.in_place {
            continue;
        }
        match args.output.as_deref() {
            Some(o) if !is_dash(o) => {}
            Some(_) => {
                return Err(usage(format!(
                    "-o - and {flag} - both ask for standard output; send one to a file"
                )))
            }
            None => {
                return Err(usage(format!(
                    "{flag} - needs the restored document elsewhere (-o FILE): both would go to standard output"
                )))
            }
        }
    }
    let stdin = args.input.as_os_str() == "-";
    if let Some(dir) = &args.split {
        if !stdin && args.input.is_dir() && resolved(dir).starts_with(resolved(&args.input)) {
            return Err(usage(format!(
                "{}: --split is inside the input folder (its files are the pages); choose another folder",
                dir.display()
            )));
        }
        if !stdin && args.input.is_file() {
            let input = resolved(&args.input);
            let ext = split_ext(&args.input);
            if (1..=MAX_SPLIT_FILES)
                .any(|k| resolved(&dir.join(collate::output::split::file_name(k, ext))) == input)
            {
                return Err(usage(format!(
                    "{}: --split would write over the input {}; choose another folder",
                    dir.display(),
                    args.input.display()
                )));
            }
        }
    }
    if args.in_place && (stdin || args.input.is_dir()) {
        return Err(usage(format!(
            "{}: --in-place needs a file to replace (not standard input or a directory)",
            args.input.display()
        )));
    }
    let input = (!stdin).then(|| resolved(&args.input));
    let input_dir = !stdin && args.input.is_dir();
    let mut outputs: Vec<(&str, &Path)> = Vec::new();
    if let Some(o) = &args.output {
        outputs.push(("-o", o));
    }
    if let Some(r) = &args.report {
        outputs.push(("--report", r));
    }
    if let Some(h) = &args.html {
        outputs.push(("--html", h));
    }
    for (flag, path) in &outputs {
        let Some(input) = &input else { continue };
        if is_dash(path) {
            continue;
        }
        let p = resolved(path);
        if &p == input || (input_dir && p.starts_with(input)) {
            let what = if input_dir {
                "inside the input folder (its files are the pages)"
            } else {
                "the input"
            };
            let fix = if *flag == "-o" && !input_dir {
                "choose another -o path, or --in-place"
            } else {
                "choose another path"
            };
            return Err(usage(format!(
                "{}: {flag} is {what}; writing there would overwrite the input ({fix})",
                path.display()
            )));
        }
    }
    let output = if args.in_place {
        input.clone()
    } else {
        args.output.as_deref().filter(|p| !is_dash(p)).map(resolved)
    };
    // No two outputs on one file.
    let mut files: Vec<(&str, &Path, PathBuf)> = Vec::new();
    if let (Some(o), Some(path)) = (output, args.output.as_deref().or(Some(&args.input))) {
        files.push(("the restored document", path, o));
    }
    for (what, side) in [
        ("the report", &args.report),
        ("the HTML review", &args.html),
    ] {
        if let Some(path) = side.as_deref().filter(|p| !is_dash(p)) {
            files.push((what, path, resolved(path)));
        }
    }
    for (k, (what, path, resolved)) in files.iter().enumerate() {
        if let Some((other, _, _)) = files[..k].iter().find(|f| &f.2 == resolved) {
            return Err(usage(format!(
                "{}: {what} and {other} would be the same file",
                path.display()
            )));
        }
    }
    Ok(())
}

/// The extension of `--split`'s files: the input's own, `txt` for a PDF, a folder or
/// standard input.
fn split_ext(input: &Path) -> &str {
    match input.extension().and_then(|e| e.to_str()) {
        Some(e) if !e.eq_ignore_ascii_case("pdf") && !input.is_dir() && !e.is_empty() => e,
        _ => "txt",
    }
}

/// `-` as an output path: standard output.
fn is_dash(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Restore one document; the exit code (5: doubtful under `--strict`).
pub fn run(args: RestoreArgs) -> Result<i32> {
    let mut cfg = args.common.config()?;
    cfg.drop_duplicates = args.drop_duplicates;
    check_paths(&args)?;
    let doc = collate::ingest::read(&args.input, args.common.format(), &cfg.limits)?;
    let restored = collate::restore(&doc, &cfg)?;
    // For a PDF input, `--format md` does not describe the input (a PDF is a PDF): it asks
    // for the reading text, the one non-verbatim rendering.
    let wants_reading = doc.pdf.is_some() && args.common.format == Some(FormatArg::Md);
    let only_order = args.order_only || args.pages || args.review;
    let review = Review {
        emphasis: args.output.as_deref().is_none_or(is_dash) && std::io::stdout().is_terminal(),
    };
    let render: &dyn Render = if args.review {
        &review
    } else if args.pages {
        &Pages
    } else if args.order_only {
        &OrderOnly
    } else if wants_reading {
        &Reading
    } else {
        &Text
    };
    let path = if args.in_place {
        Some(args.input.as_path())
    } else {
        args.output.as_deref().filter(|p| !is_dash(p))
    };
    // Every output rendered before any replaces a file: a failure leaves none.
    let target = output::target(&doc, path, !only_order, Links::Follow)?;
    let side = |path: &Option<PathBuf>, render: &dyn Render| {
        path.as_ref()
            .map(|path| {
                if is_dash(path) {
                    Stdout.stage(&restored, render)
                } else {
                    output::File {
                        path: path.clone(),
                        links: Links::Follow,
                    }
                    .stage(&restored, render)
                }
            })
            .transpose()
    };
    let report = side(&args.report, &JsonReport)?;
    let html = side(&args.html, &Html)?;
    target.stage(&restored, render)?.commit()?;
    for pending in [report, html].into_iter().flatten() {
        pending.commit()?;
    }
    if let Some(dir) = &args.split {
        output::split::write(&restored, dir, split_ext(&args.input))?;
    }
    if args.verbose {
        super::review::verbose(&restored);
    }
    if let Some(line) = super::review::dropped(&restored) {
        if !args.quiet {
            eprintln!("collate: {line}");
        }
    }
    let doubt = super::review::doubt(&restored);
    if let Some(doubt) = &doubt {
        if !args.quiet {
            eprintln!("collate: {doubt}");
        }
    }
    Ok(if doubt.is_some() && args.strict {
        super::EXIT_DOUBTFUL
    } else {
        0
    })
}
