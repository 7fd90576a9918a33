//! `collate check REPORT.json --truth TRUTH.json`: how a restore (its `--report`) compares
//! with the truth `collate scramble --truth` wrote, measured with the bench's own functions
//! (`collate::bench::metrics`) so that `check` and `bench` agree on the same case.

use anyhow::{bail, Context as _, Result};
use clap::Args;
use collate::bench::metrics::{exact, kendall_tau, read_on_pairs, trace, Trace};
use collate::bench::Truth;
use collate::ingest::Span;
use serde::Serialize;
use std::path::PathBuf;

/// `collate check --help`'s examples (ripgrep-style, after the options).
pub const EXAMPLES: &str = "\
Examples:
  collate scramble corpus/gibbon-ch03 --seed 7 -o case.md --truth truth.json
  collate restore case.md -o restored.md --report report.json
  collate check report.json --truth truth.json         exact order, adjacency, Kendall tau, misplaced pages
  collate check report.json --truth truth.json --json  the same as JSON";

/// `collate check`'s arguments.
#[derive(Args)]
pub struct CheckArgs {
    /// The JSON report of a restore (`collate restore … --report FILE.json`).
    report: PathBuf,
    /// The truth of the scrambled input (`collate scramble … --truth FILE.json`).
    #[arg(long, value_name = "TRUTH.json")]
    truth: PathBuf,
    /// The scrambled input the report is of, when it is no longer at the path the report
    /// names (its text tells which pages are blank and where each page's text begins and
    /// ends).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

/// What `check` found.
#[derive(Debug, Serialize)]
pub struct Check {
    /// True pages with text (the pages measured).
    pub pages: usize,
    /// The restored order is exactly the true order.
    pub exact: bool,
    /// True successor pairs that read on in the restored order.
    pub adjacent: usize,
    /// Share of true successor pairs that read on.
    pub adjacency: f64,
    /// Kendall tau of the restored page order.
    pub kendall_tau: f64,
    /// True pages (1-based) that do not directly follow their true predecessor (for the first
    /// page: that do not open the document), in restored order.
    pub misplaced: Vec<usize>,
}

/// The parts of a report `check` reads.
#[derive(serde::Deserialize)]
struct ReportIn {
    input: String,
    fragments: Vec<FragmentIn>,
    order: Vec<usize>,
}

#[derive(serde::Deserialize)]
struct FragmentIn {
    span: Span,
    #[serde(default)]
    pdf_page: Option<usize>,
}

/// Compare.
pub fn run(args: CheckArgs) -> Result<()> {
    let report: ReportIn = read_json(&args.report)?;
    let truth: Truth = read_json(&args.truth)?;
    let text = args
        .input
        .clone()
        .or_else(|| Some(PathBuf::from(&report.input)))
        .and_then(|p| std::fs::read_to_string(p).ok());
    let c = check(&report, &truth, text.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&c)?);
    } else {
        println!("exact order: {}", if c.exact { "yes" } else { "no" });
        println!(
            "adjacency:   {:.4} ({} of {} true successor pairs read on)",
            c.adjacency,
            c.adjacent,
            c.pages.saturating_sub(1)
        );
        println!("Kendall tau: {:.4}", c.kendall_tau);
        let misplaced: Vec<String> = c.misplaced.iter().map(|p| p.to_string()).collect();
        println!(
            "misplaced:   {}",
            if misplaced.is_empty() {
                "none".to_string()
            } else {
                misplaced.join(", ")
            }
        );
    }
    Ok(())
}

fn read_json<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> Result<T> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not the JSON expected", path.display()))
}

/// The measures of `report` against `truth`, pieces traced as `collate bench` traces them
/// (`text`: the scrambled input, to leave blank pages out and find each page's text).
fn check(report: &ReportIn, truth: &Truth, text: Option<&str>) -> Result<Check> {
    let total = truth.order.len();
    for &i in &report.order {
        if i >= report.fragments.len() {
            bail!("the report's order names fragment {i}, which it does not list");
        }
    }
    // A PDF's truth has no spans: its pages are the fragments (`pdf_page`), one each.
    if truth.spans.is_empty() {
        let seq: Vec<usize> = report
            .order
            .iter()
            .filter_map(|&i| {
                let pos = report.fragments[i]
                    .pdf_page
                    .map_or(i, |p| p.saturating_sub(1));
                truth.order.get(pos).copied().filter(|&p| p < total)
            })
            .collect();
        let first: Vec<Option<usize>> = (0..total)
            .map(|p| seq.iter().position(|&q| q == p))
            .collect();
        return Ok(figures(&seq, &seq, &first, &first, total));
    }
    if truth.spans.len() != total {
        bail!("the truth's order and spans differ in length");
    }
    let Trace {
        pages: n,
        seq,
        first_piece,
        last_piece,
        ..
    } = trace(
        truth,
        text,
        report.order.iter().map(|&fi| report.fragments[fi].span),
    );
    let mut seen = vec![false; n];
    let firsts: Vec<usize> = seq
        .iter()
        .copied()
        .filter(|&p| !std::mem::replace(&mut seen[p], true))
        .collect();
    Ok(figures(&seq, &firsts, &first_piece, &last_piece, n))
}

/// The figures from the pieces' page sequence, each page's first place, and the places of
/// the pieces holding each page's first and last text.
fn figures(
    seq: &[usize],
    firsts: &[usize],
    first_piece: &[Option<usize>],
    last_piece: &[Option<usize>],
    n: usize,
) -> Check {
    let adjacent = read_on_pairs(first_piece, last_piece);
    let misplaced = firsts
        .iter()
        .enumerate()
        .filter(|&(k, &p)| {
            if p == 0 {
                k != 0
            } else {
                !matches!((last_piece[p - 1], first_piece[p]), (Some(a), Some(b)) if a + 1 == b)
            }
        })
        .map(|(_, &p)| p + 1)
        .collect();
    Check {
        pages: n,
        exact: exact(seq, n),
        adjacent,
        adjacency: if n < 2 {
            1.0
        } else {
            adjacent as f64 / (n - 1) as f64
        },
        kendall_tau: kendall_tau(firsts),
        misplaced,
    }
}
