//! Footnote numbering: notes are numbered in reading order (per chapter), so the first number
//! on B should be one more than the last on A; a note left unfinished at A's foot continues
//! as the unnumbered first note of B. Numbers that no fragment shows at all are lost with
//! their page: across such a hole the numbers run on as far as the input goes.

use super::{Shared, Signal};
use crate::fragment::{Close, Open};

/// See the module documentation.
pub struct Footnote {
    /// Score for footnote numbers running on (`b == a + 1`): strong when nearly every body
    /// fragment carries notes, weaker as note-less fragments (which may lie between) grow.
    run_on: f64,
    /// Every footnote number some fragment shows (a reference or a note), sorted.
    held: Vec<u32>,
}

/// The most footnote numbers a hole may hide and still be read as a lost page's: a page holds
/// a handful of notes (Gibbon's pages on the shared corpus hold up to 7); a larger jump is a
/// numbering the detector misread. Chosen by hand, not fitted (the same bound as the
/// missing-page report's, `sets::missing`).
const MAX_HOLE: u32 = 12;

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
        let mut held: Vec<u32> = doc
            .fragments()
            .iter()
            .flat_map(|f| f.refs.iter().chain(&f.notes).copied())
            .collect();
        held.sort_unstable();
        held.dedup();
        Footnote {
            run_on: (1.0 + 2.0 * (1.0 - 2.0 * noteless)).clamp(0.75, 3.0),
            held,
        }
    }

    /// Whether the numbers strictly between `last` and `first` are shown by no fragment: a
    /// page holding them was lost, and `first` is the next number the input has.
    fn hole(&self, last: u32, first: u32) -> bool {
        first > last + 1
            && first - last - 1 <= MAX_HOLE
            && self.held.partition_point(|&k| k <= last)
                == self.held.partition_point(|&k| k < first)
    }
}

impl Signal for Footnote {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        let mut s = 0.0;
        if let (Some(last), Some(first)) = (fa.last_note_number(), fb.first_note_number()) {
            // Across a hole the numbers run on as far as the input goes: the pages around a
            // lost page are each other's neighbours now.
            s += if first == last + 1 || self.hole(last, first) {
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

#[cfg(test)]
mod tests {
    use crate::ingest::{Document, Format};
    use crate::score::{ScoreConfig, Scorer};

    /// Gibbon, chapter III (the repository's corpus, markdown): pages 3, 4 and 6 with page 5
    /// lost. Its note 14 is on no page, so page 4 (notes 10-13) and page 6 (from 15) meet
    /// across the hole as pages whose notes run on; page 3 (notes 7-9) and page 6 do not.
    #[test]
    fn notes_no_page_holds_are_lost_with_their_page() {
        let pages: Vec<&str> = include_str!("../../corpus/gibbon-ch03/pages.md")
            .split('\u{c}')
            .collect();
        let text = [pages[3], pages[4], pages[6]].join("\u{c}");
        let doc = Document::from_text("t", text, Some(Format::Md)).unwrap();
        let an = crate::fragment::analyse(&doc, &Default::default());
        assert_eq!(an.fragments.len(), 3);
        assert_eq!(an.fragments[1].last_note_number(), Some(13));
        assert_eq!(an.fragments[2].first_note_number(), Some(15));
        let sc = Scorer::new(&an, &ScoreConfig::default());
        let footnote = |a: usize, b: usize| {
            sc.contributions(a, b)
                .iter()
                .find(|c| c.signal == "footnote")
                .map(|c| c.score)
                .unwrap()
        };
        // Across the hole (14 on no page) as across a run-on.
        assert!(footnote(1, 2) > 0.0, "{}", footnote(1, 2));
        // 9 -> 15 skips numbers page 4 holds: no hole.
        assert!(footnote(0, 2) < 0.0, "{}", footnote(0, 2));
    }
}
