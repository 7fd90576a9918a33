//! Footnote numbering: notes are numbered in reading order (per chapter), so the first number
//! on B should be one more than the last on A; a note left unfinished at A's foot continues
//! as the unnumbered first note of B.

use super::{Shared, Signal};
use crate::fragment::{Close, Open};

/// See the module documentation.
pub struct Footnote {
    /// Score for footnote numbers running on (`b == a + 1`): strong when nearly every body
    /// fragment carries notes, weaker as note-less fragments (which may lie between) grow.
    run_on: f64,
}

impl Footnote {
    /// Learn how many body pages of the document carry no notes.
    pub fn prepare(doc: &Shared) -> Self {
        let body: Vec<&crate::fragment::Fragment> = doc
            .fragments()
            .iter()
            .filter(|f| f.kind == crate::fragment::Kind::Body)
            .collect();
        let noteless = body
            .iter()
            .filter(|f| f.refs.is_empty() && f.notes.is_empty())
            .count() as f64
            / body.len().max(1) as f64;
        Footnote {
            run_on: (1.0 + 2.0 * (1.0 - 2.0 * noteless)).clamp(0.75, 3.0),
        }
    }
}

impl Signal for Footnote {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        let mut s = 0.0;
        if let (Some(last), Some(first)) = (fa.last_note_number(), fb.first_note_number()) {
            s += if first == last + 1 {
                // Notes run on, but the text does not: a page without notes lies between.
                let breaks = matches!(
                    (fa.closes, fb.opens),
                    (Close::Mid | Close::Hyphen, Open::Heading)
                        | (Close::Sentence, Open::Continuation)
                );
                if breaks {
                    0.0
                } else {
                    // Worth less where many pages carry no notes: one of them may lie between.
                    self.run_on
                }
            } else if first == last {
                // A note set on the page after its reference.
                0.5
            } else if first == 1 {
                // Numbering restarts at a new chapter.
                -0.5
            } else if first < last {
                -3.0
            } else if first == last + 2 {
                -1.0
            } else {
                -2.5
            };
        }
        let has_notes_a = !fa.notes.is_empty() || fa.notes_continue_in;
        let has_notes_b = !fb.notes.is_empty() || fb.notes_continue_in;
        if has_notes_a && has_notes_b {
            s += match (fa.notes_open_at_end, fb.notes_continue_in) {
                (true, true) => 2.5,
                (true, false) => -1.0,
                (false, true) => -1.5,
                (false, false) => 0.0,
            };
        } else if fb.notes_continue_in && !fb.notes.is_empty() {
            s -= 0.5;
        }
        s
    }
}
