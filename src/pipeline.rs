//! The whole pipeline for one document, four calls: fragment → score → solve → explain. Out
//! comes the restored text with everything a report needs about how it was reached.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::fragment::{analyse, Analysis};
use crate::ingest::{Document, Span};
use crate::score::{Contribution, ScoreMatrix, Scorer};
use crate::sets::Sets;
use crate::solve::{confidence, solve, Calibration, Solution, SolveConfig, SolveStats};
use std::time::{Duration, Instant};

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
    /// Confidence in (0, 1) derived from the margin (in unmarked converter output, from the
    /// margin and the cut's doubts, [`crate::solve::doubt::Doubts`]).
    pub confidence: f64,
    /// Text inserted between the two fragments because the first did not end in a
    /// separator (usually empty).
    pub join: String,
    /// Each signal's share of the score.
    pub signals: Vec<Contribution>,
    /// The pairs the margin was measured against: the best other successor of `from` and
    /// the best other predecessor of `to` (none when there is no third fragment).
    pub rivals: Vec<Rival>,
}

/// A pair a junction beat: the best other fragment to follow its left side, or to precede its
/// right side, by the pair scores the order was solved on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rival {
    /// `successor`: `fragment` after the junction's `from`; `predecessor`: `fragment` before
    /// its `to`.
    pub side: &'static str,
    /// The rival fragment (input index).
    pub fragment: usize,
    /// The rival pair's score.
    pub score: f64,
    /// Each signal's share of the rival pair's score (shown by `--html`; left out of the JSON
    /// report to keep it small).
    #[serde(skip)]
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
    /// What the text says about the page set: pages twice, pages missing.
    pub sets: Sets,
    /// What the run cost: wall time per stage and the work that drives it.
    pub stats: Stats,
}

/// The cost of one restore, filled by the library and printed by no one in it: wall time per
/// stage (machine-dependent) and the counts that drive it (the same on every machine).
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Wall time of fragment detection.
    pub fragment: Duration,
    /// Wall time of preparing the signals (each learns from the document).
    pub prepare: Duration,
    /// Wall time of filling the pair-score matrix.
    pub matrix: Duration,
    /// Wall time of the whole search (its steps are in `search`).
    pub solve: Duration,
    /// Wall time of explaining the junctions.
    pub explain: Duration,
    /// Fragments ordered.
    pub fragments: usize,
    /// Candidate cuts (gaps that may or may not be page boundaries).
    pub candidate_cuts: usize,
    /// Pair scores computed: the matrix's and the junctions' explanations.
    pub pair_scores: u64,
    /// The search's own timings and counts.
    pub search: SolveStats,
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
    cfg.validate()?;
    let mut stats = Stats::default();
    let t = Instant::now();
    let analysis = fragments(doc, cfg)?;
    stats.fragment = t.elapsed();
    stats.fragments = analysis.fragments.len();
    stats.candidate_cuts = analysis.cuts.candidate;
    let t = Instant::now();
    let scorer = Scorer::new(&analysis, &cfg.score);
    stats.prepare = t.elapsed();
    let t = Instant::now();
    let mut matrix = scorer.matrix();
    stats.matrix = t.elapsed();
    stats.pair_scores = matrix.scored();
    let t = Instant::now();
    // Copies of a page are tied to it before the search, so the order keeps them together.
    let mut sets = Sets {
        duplicates: crate::sets::find_duplicates(doc, &analysis),
        ..Sets::default()
    };
    let without_copies = (!sets.duplicates.is_empty()).then(|| {
        matrix = crate::sets::tie(&matrix, &crate::sets::chains(&sets.duplicates));
        crate::sets::structure_without_copies(&analysis, &sets.duplicates)
    });
    let structure = without_copies.as_ref().unwrap_or(&analysis.structure);
    // Pages of several documents: each found document is ordered on its own, one after another.
    if sets.duplicates.is_empty() && !matrix.is_sparse() {
        sets.documents = crate::sets::find_documents(doc, &analysis, &matrix, &solve_config(cfg));
    }
    let solution = if sets.documents.is_empty() {
        solve(&matrix, structure, &solve_config(cfg))
    } else {
        let parts: Vec<Solution> = sets
            .documents
            .iter()
            .map(|part| crate::sets::solve_document(&matrix, &analysis, part, &solve_config(cfg)))
            .collect();
        sets.documents = parts.iter().map(|s| s.order.clone()).collect();
        crate::sets::join_documents(&matrix, parts)
    };
    let rivals = rivals(&matrix, &solution.order);
    sets.missing = if sets.documents.is_empty() {
        crate::sets::find_missing(
            doc,
            &analysis,
            structure,
            &solution.order,
            &sets.duplicates,
            &matrix,
        )
    } else {
        sets.documents
            .iter()
            .flat_map(|d| crate::sets::find_missing(doc, &analysis, structure, d, &[], &matrix))
            .collect()
    };
    drop(matrix);
    if cfg.drop_duplicates {
        sets.dropped = sets.duplicates.iter().map(|d| d[1]).collect();
        sets.dropped.sort_unstable();
        sets.dropped.dedup();
    }
    stats.solve = t.elapsed();
    stats.search = solution.stats.clone();
    let t = Instant::now();
    let (junctions, opening) = explain(doc, &scorer, &solution, &rivals);
    stats.explain = t.elapsed();
    stats.pair_scores += junctions
        .iter()
        .map(|j| 1 + j.rivals.len() as u64)
        .sum::<u64>();
    drop(scorer);
    Ok(Restored {
        doc,
        analysis,
        solution,
        junctions,
        opening,
        sets,
        stats,
    })
}

/// Fragment detection, refusing documents too large to order or with nothing to order.
fn fragments(doc: &Document, cfg: &Config) -> Result<Analysis> {
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
    Ok(analysis)
}

/// The search settings of a run.
fn solve_config(cfg: &Config) -> SolveConfig {
    SolveConfig {
        exact_limit: cfg.exact_limit,
        seed: cfg.seed,
    }
}

/// Per junction of `order`, the rivals its margin is measured against (as
/// [`crate::solve::margins`] finds them): the best successor of its left fragment other than
/// its right one, and the best predecessor of its right fragment other than its left one,
/// each the lowest index among equals; `None` when only the two fragments exist.
fn rivals(m: &ScoreMatrix, order: &[usize]) -> Vec<[Option<usize>; 2]> {
    let n = m.len();
    // The highest score, the lowest index among equals, over candidates given in any order.
    let pick = |cands: &mut dyn Iterator<Item = (usize, f32)>| {
        cands
            .fold(None, |best: Option<(usize, f32)>, (x, s)| match best {
                Some((bx, bs)) if bs > s || (bs == s && bx < x) => best,
                _ => Some((x, s)),
            })
            .map(|(x, _)| x)
    };
    let best = |a: usize, b: usize, listed: &mut dyn Iterator<Item = (usize, f32)>| {
        let listed: Vec<(usize, f32)> = listed.filter(|&(x, _)| x != a && x != b).collect();
        // Sparse: every fragment not listed scores `missing`; the lowest such one stands for
        // them all (the dense scan would meet it first among them).
        let unlisted = m.missing().and_then(|missing| {
            let mut seen: Vec<usize> = listed.iter().map(|&(x, _)| x).collect();
            seen.extend([a, b]);
            seen.sort_unstable();
            seen.dedup();
            let lowest = seen
                .iter()
                .enumerate()
                .find(|&(i, &x)| i != x)
                .map_or(seen.len(), |(i, _)| i);
            (lowest < n).then_some((lowest, missing))
        });
        pick(&mut listed.into_iter().chain(unlisted))
    };
    order
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            [
                best(a, b, &mut m.successors(a)),
                best(a, b, &mut m.predecessors(b)),
            ]
        })
        .collect()
}

/// Each junction of `solution` with its score, confidence, join, the signals' shares and its
/// rivals' (`rivals`, from [`rivals`]), and the signals' shares for the fragment that opens
/// the document.
fn explain(
    doc: &Document,
    scorer: &Scorer,
    solution: &Solution,
    rivals: &[[Option<usize>; 2]],
) -> (Vec<Junction>, Vec<Contribution>) {
    let analysis = scorer.doc.analysis;
    let calibration = if analysis.paged {
        Calibration::Marked
    } else if analysis.by_furniture || doc.flavour == crate::ingest::Flavour::Layout {
        Calibration::Converter
    } else {
        Calibration::Text
    };
    // Unmarked converter output: the margin and the cuts' own doubts.
    let doubts = (calibration == Calibration::Converter)
        .then(|| crate::solve::doubt::Doubts::along(analysis, &solution.order, &solution.margins));
    // The pair score as the matrix holds it (an f32 sum of the same shares).
    let total =
        |signals: &[Contribution]| signals.iter().map(|c| c.score).sum::<f64>() as f32 as f64;
    let junctions = solution
        .order
        .windows(2)
        .zip(&solution.margins)
        .zip(rivals)
        .enumerate()
        .map(|(i, ((w, &margin), &[next, prev]))| {
            let (a, b) = (w[0], w[1]);
            let signals = scorer.contributions(a, b);
            let rival = |side: &'static str, fragment: usize, signals: Vec<Contribution>| Rival {
                side,
                fragment,
                score: total(&signals),
                signals,
            };
            let rivals = next
                .map(|x| rival("successor", x, scorer.contributions(a, x)))
                .into_iter()
                .chain(prev.map(|x| rival("predecessor", x, scorer.contributions(x, b))))
                .collect();
            Junction {
                from: a,
                to: b,
                score: total(&signals),
                margin,
                confidence: match &doubts {
                    Some(d) => d[i].confidence(),
                    None => confidence(margin, calibration),
                },
                join: join_needed(analysis.fragments[a].span.of(&doc.text), &analysis.join),
                signals,
                rivals,
            }
        })
        .collect();
    let opening = solution
        .order
        .first()
        .map(|&a| scorer.first_contributions(a))
        .unwrap_or_default();
    (junctions, opening)
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
            if self.sets.dropped.contains(&f) {
                continue;
            }
            let join = self.junctions.get(i).map_or("", |j| j.join.as_str());
            out.push((self.analysis.fragments[f].span, join));
        }
        // A dropped copy that closed the document leaves its page closing it, with no join.
        if self
            .sets
            .dropped
            .contains(self.solution.order.last().unwrap_or(&usize::MAX))
        {
            if let Some(last) = out.last_mut() {
                last.1 = "";
            }
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
        if self.doc.cr_lines {
            s = crate::ingest::original_breaks(self.doc, &s).into_owned();
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
