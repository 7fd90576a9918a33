//! The whole pipeline for one document: fragments, scores, order, and the restored text with
//! everything a report needs about how it was reached.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::fragment::{analyse, Analysis};
use crate::ingest::{Document, Span};
use crate::score::{Contribution, Scorer};
use crate::solve::monotone::{repair as repair_monotone, Monotone};
use crate::solve::{confidence, margins, Auto, Solution, Solver};

/// One junction of the restored order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Junction {
    /// Fragment before the junction (input index).
    pub from: usize,
    /// Fragment after it.
    pub to: usize,
    /// Total score of the pair.
    pub score: f64,
    /// How much better this pair is than the best alternative for either side.
    pub margin: f64,
    /// Confidence in (0, 1) derived from the margin.
    pub confidence: f64,
    /// Text inserted between the two fragments because the first did not end in a
    /// separator (usually empty).
    pub join: String,
    /// Each signal's share of the score.
    pub signals: Vec<Contribution>,
}

/// A restored document.
#[derive(Debug, Clone)]
pub struct Restored<'a> {
    /// The input.
    pub doc: &'a Document,
    /// Fragment detection result.
    pub analysis: Analysis,
    /// The order found.
    pub solution: Solution,
    /// One entry per junction, in output order.
    pub junctions: Vec<Junction>,
    /// Signals' shares for the first fragment opening the document.
    pub opening: Vec<Contribution>,
}

/// What must follow `text` before the next fragment, given the document's join.
fn join_needed(text: &str, join: &str) -> String {
    if join == "\n\n" {
        if text.ends_with("\n\n") || text.ends_with("\n\r\n") {
            String::new()
        } else if text.ends_with('\n') {
            "\n".to_string()
        } else {
            "\n\n".to_string()
        }
    } else if text.trim_end_matches(['\n', '\r']).ends_with('\u{c}') {
        String::new()
    } else if text.ends_with('\n') {
        join.trim_start_matches('\n').to_string()
    } else {
        join.to_string()
    }
}

/// Restore the reading order of `doc`.
pub fn restore<'a>(doc: &'a Document, cfg: &Config) -> Result<Restored<'a>> {
    let analysis = analyse(doc, &cfg.fragment);
    let n = analysis.fragments.len();
    if n > cfg.limits.max_pages {
        return Err(Error::TooLarge {
            name: doc.name.clone(),
            what: "pages",
            actual: n,
            limit: cfg.limits.max_pages,
        });
    }
    let real = analysis
        .fragments
        .iter()
        .filter(|f| !f.content.of(&doc.text).trim().is_empty())
        .count();
    if real < 2 {
        return Err(Error::SinglePage {
            name: doc.name.clone(),
        });
    }
    let scorer = Scorer::new(&analysis, &cfg.score);
    let matrix = scorer.matrix();
    let solver = Auto {
        exact_limit: cfg.exact_limit,
        seed: cfg.seed,
    };
    let mut solution = solver.solve(&matrix);
    let unsectioned = solution.order.clone();
    if crate::solve::sections::order_sections(&mut solution.order, &analysis.fragments) {
        crate::solve::local::polish(&matrix, &mut solution.order);
        solution.total = matrix.total(&solution.order);
        solution.optimal = false;
    }
    if let Some(mono) = Monotone::new(&analysis.fragments, &analysis.links) {
        let mut changed = repair_monotone(&matrix, &mono, &mut solution.order, cfg.seed);
        // A repaired order that still steps a number backwards is stuck where the sections'
        // order led it: repair the solver's own order as well and keep the better of the two.
        if !mono.steps_back(&solution.order).is_empty() {
            let mut second = unsectioned;
            repair_monotone(&matrix, &mono, &mut second, cfg.seed.wrapping_add(1));
            if mono.objective(&matrix, &second) > mono.objective(&matrix, &solution.order) + 1e-9 {
                solution.order = second;
                changed = true;
            }
        }
        if changed {
            solution.total = matrix.total(&solution.order);
            solution.optimal = false;
        }
    }
    let margins = margins(&matrix, &solution.order);
    let junctions = solution
        .order
        .windows(2)
        .zip(margins)
        .map(|(w, margin)| {
            let (a, b) = (w[0], w[1]);
            Junction {
                from: a,
                to: b,
                score: matrix.get(a, b) as f64,
                margin,
                confidence: confidence(margin),
                join: join_needed(analysis.fragments[a].span.of(&doc.text), &analysis.join),
                signals: scorer.contributions(a, b),
            }
        })
        .collect();
    let opening = solution
        .order
        .first()
        .map(|&a| scorer.first_contributions(a))
        .unwrap_or_default();
    drop(scorer);
    Ok(Restored {
        doc,
        analysis,
        solution,
        junctions,
        opening,
    })
}

impl Restored<'_> {
    /// The pieces of the output in order: input spans and the joins between them. Slicing the
    /// input by the spans and putting the joins between gives exactly [`Restored::text`].
    pub fn pieces(&self) -> Vec<(Span, &str)> {
        let mut out = Vec::with_capacity(self.solution.order.len() + 1);
        if !self.analysis.prefix.is_empty() {
            out.push((self.analysis.prefix, ""));
        }
        for (i, &f) in self.solution.order.iter().enumerate() {
            let join = self.junctions.get(i).map_or("", |j| j.join.as_str());
            out.push((self.analysis.fragments[f].span, join));
        }
        out
    }

    /// The restored document, verbatim.
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.doc.text.len() + 64);
        for (span, join) in self.pieces() {
            s.push_str(span.of(&self.doc.text));
            s.push_str(join);
        }
        s
    }

    /// The order as input fragment indices.
    pub fn order(&self) -> &[usize] {
        &self.solution.order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_only_what_is_missing() {
        assert_eq!(join_needed("text\n\n", "\n\n"), "");
        assert_eq!(join_needed("text\n", "\n\n"), "\n");
        assert_eq!(join_needed("text", "\n\n"), "\n\n");
        assert_eq!(join_needed("page\u{c}", "\u{c}"), "");
        assert_eq!(join_needed("page", "\u{c}"), "\u{c}");
    }
}
