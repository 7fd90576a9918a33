//! `--review`: the junctions weakest first, each with its confidence, the last line before it,
//! the first line after it, the rivals it beat and the signals that decided it — what a person
//! reads to check a restore where it is least sure.

use super::Render;
use crate::pipeline::Restored;
use std::io::Write;

/// How many signals are named per junction (the largest shares, either sign).
const SIGNALS_SHOWN: usize = 3;
/// Longest line quoted, in characters.
const QUOTE_CHARS: usize = 100;

/// `--review`: plain text when `emphasis` is false (piped), the confidence in bold on a
/// terminal.
pub struct Review {
    /// Set the confidence in bold (ANSI) — only for a terminal.
    pub emphasis: bool,
}

/// The last (or first) line of `text` with something in it, shortened to [`QUOTE_CHARS`].
fn quote(text: &str, last: bool) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let line = if last {
        lines.next_back()
    } else {
        lines.next()
    }
    .unwrap_or("");
    let mut out: String = line.chars().take(QUOTE_CHARS).collect();
    if line.chars().count() > QUOTE_CHARS {
        out.push('…');
    }
    out
}

impl Render for Review {
    fn name(&self) -> &'static str {
        "review"
    }

    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()> {
        let text = &restored.doc.text;
        let frags = &restored.analysis.fragments;
        let mut at: Vec<usize> = (0..restored.junctions.len()).collect();
        // Weakest first; equal confidences in reading order.
        at.sort_by(|&a, &b| {
            restored.junctions[a]
                .confidence
                .total_cmp(&restored.junctions[b].confidence)
                .then(a.cmp(&b))
        });
        for (k, &i) in at.iter().enumerate() {
            let j = &restored.junctions[i];
            let mut signals: Vec<_> = j.signals.iter().filter(|c| c.score != 0.0).collect();
            signals.sort_by(|a, b| b.score.abs().total_cmp(&a.score.abs()));
            let decided: Vec<String> = signals
                .iter()
                .take(SIGNALS_SHOWN)
                .map(|c| format!("{} {:+.2}", c.signal, c.score))
                .collect();
            let conf = format!("{:.3}", j.confidence);
            let conf = if self.emphasis {
                format!("\x1b[1m{conf}\x1b[0m")
            } else {
                conf
            };
            if k > 0 {
                writeln!(w)?;
            }
            // The input's own page labels, where it marks its pages.
            let pages = if restored.doc.pages.is_some() {
                format!(
                    " (pages {} -> {})",
                    super::pages::label(restored, j.from),
                    super::pages::label(restored, j.to)
                )
            } else {
                String::new()
            };
            writeln!(
                w,
                "junction {} of {}: fragments {} -> {}{pages}, confidence {conf}, margin {:.2}",
                i + 1,
                restored.junctions.len(),
                j.from,
                j.to,
                j.margin
            )?;
            writeln!(
                w,
                "  before: {}",
                quote(frags[j.from].content.of(text), true)
            )?;
            writeln!(
                w,
                "  after:  {}",
                quote(frags[j.to].content.of(text), false)
            )?;
            let rivals: Vec<String> = j
                .rivals
                .iter()
                .map(|r| {
                    format!(
                        "fragment {} as {} ({:+.2} against {:+.2})",
                        r.fragment, r.side, r.score, j.score
                    )
                })
                .collect();
            if !rivals.is_empty() {
                writeln!(w, "  rivals: {}", rivals.join("; "))?;
            }
            writeln!(
                w,
                "  signals: {}",
                if decided.is_empty() {
                    "none".to_string()
                } else {
                    decided.join(", ")
                }
            )?;
        }
        Ok(())
    }
}
