//! The JSON report: fragments with their byte spans and what detection saw in them, the order,
//! the solver and its bound, and per junction the score, each signal's share and a confidence.

use super::Render;
use crate::fragment::{Close, CutStats, Kind, Open};
use crate::ingest::{Flavour, Span};
use crate::pipeline::{Junction, Restored};
use crate::score::Contribution;
use serde::Serialize;
use std::io::Write;

/// Report schema version; bumped when a field changes meaning or disappears.
pub const REPORT_VERSION: u32 = 1;

/// The report as written.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Schema version.
    pub version: u32,
    /// Input name.
    pub input: &'a str,
    /// Input size in bytes (of the text as decoded: UTF-8).
    pub bytes: usize,
    /// The input's encoding when it was not UTF-8 (`UTF-16LE`, `UTF-16BE`): every byte span
    /// then refers to the text decoded into UTF-8, not to offsets in the file.
    #[serde(skip_serializing_if = "is_utf8")]
    pub encoding: &'static str,
    /// Markdown or layout text.
    pub flavour: Flavour,
    /// Whether the input marked its pages.
    pub paged: bool,
    /// Leading bytes before the first fragment.
    pub prefix: Span,
    /// How gaps between blocks were judged (unmarked input).
    pub cuts: CutStats,
    /// Estimated full-page length.
    pub page_capacity: f64,
    /// Fragments in input order.
    pub fragments: Vec<FragmentReport<'a>>,
    /// Reading order, as input fragment indices.
    pub order: &'a [usize],
    /// Solver facts.
    pub solver: SolverReport,
    /// Signals' shares for the fragment that opens the document.
    pub opening: &'a [Contribution],
    /// Junctions in output order.
    pub junctions: &'a [Junction],
    /// Lowest junction confidence.
    pub min_confidence: f64,
    /// Fragments present twice, `[first, copy]` (absent when none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub duplicates: &'a [[usize; 2]],
    /// Pages missing: the fragments around each gap, the evidence and a confidence (absent
    /// when none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub missing: &'a [crate::sets::Missing],
    /// Copies left out of the output by request (absent when none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub dropped: &'a [usize],
    /// With pages of several documents: each document's fragments in reading order, the
    /// documents in output order (absent for one document).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub documents: &'a [Vec<usize>],
}

fn is_utf8(encoding: &&'static str) -> bool {
    *encoding == "UTF-8"
}

/// One fragment in the report.
#[derive(Debug, Serialize)]
pub struct FragmentReport<'a> {
    /// Input index.
    pub index: usize,
    /// Bytes owned, trailing blank lines included.
    pub span: Span,
    /// Front, contents or body.
    pub kind: Kind,
    /// How its text opens.
    pub opens: Open,
    /// How its text closes.
    pub closes: Close,
    /// Printed page number, if any.
    pub page_number: Option<u32>,
    /// For a PDF input: the page's number in the input PDF (1-based).
    pub pdf_page: Option<usize>,
    /// Note and reference numbers seen.
    pub notes: Vec<u32>,
    /// First words.
    pub first_words: &'a [String],
    /// Last words.
    pub last_words: &'a [String],
    /// Surely starts a page.
    pub starts_page: bool,
    /// Surely ends a page.
    pub ends_page: bool,
}

/// Solver facts.
#[derive(Debug, Serialize)]
pub struct SolverReport {
    /// Solver name.
    pub name: &'static str,
    /// Proven optimal.
    pub optimal: bool,
    /// Total score.
    pub total: f64,
    /// Upper bound on any order's total.
    pub upper_bound: f64,
}

impl<'a> Report<'a> {
    /// Build the report of `r`.
    pub fn of(r: &'a Restored) -> Self {
        let fragments = r
            .analysis
            .fragments
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut notes: Vec<u32> = f.refs.iter().chain(f.notes.iter()).copied().collect();
                notes.sort_unstable();
                notes.dedup();
                FragmentReport {
                    index: i,
                    span: f.span,
                    kind: f.kind,
                    opens: f.opens,
                    closes: f.closes,
                    page_number: f.page_number,
                    pdf_page: r.doc.pdf.as_ref().map(|_| i + 1),
                    notes,
                    first_words: &f.first_words,
                    last_words: &f.last_words,
                    starts_page: f.starts_page,
                    ends_page: f.ends_page,
                }
            })
            .collect();
        Report {
            version: REPORT_VERSION,
            input: &r.doc.name,
            bytes: r.doc.text.len(),
            encoding: r.doc.encoding,
            flavour: r.doc.flavour,
            paged: r.analysis.paged,
            prefix: r.analysis.prefix,
            cuts: r.analysis.cuts,
            page_capacity: r.analysis.page_capacity,
            fragments,
            order: &r.solution.order,
            solver: SolverReport {
                name: r.solution.solver,
                optimal: r.solution.optimal,
                total: r.solution.total,
                upper_bound: r.solution.upper_bound,
            },
            opening: &r.opening,
            junctions: &r.junctions,
            min_confidence: super::min_confidence(r),
            duplicates: &r.sets.duplicates,
            missing: &r.sets.missing,
            dropped: &r.sets.dropped,
            documents: &r.sets.documents,
        }
    }
}

/// `--report FILE.json`.
pub struct JsonReport;

impl Render for JsonReport {
    fn name(&self) -> &'static str {
        "json"
    }

    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, &Report::of(restored))?;
        writeln!(w)
    }
}
