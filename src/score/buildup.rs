//! Pages built up one step at a time: a presentation shows a slide, then the same slide with
//! one more bullet, and so on. Where the input's pages are known and one page's text lies
//! (nearly) whole inside another's, which adds to it, the smaller is shown first; of the pages
//! that add to it, the one that adds least comes next. Slides seldom carry page numbers, and
//! their few words give the language little to go on, so this is often the only evidence.

use super::{Shared, Signal};
use crate::fragment::text;
use crate::sets::duplicates;
use rustc_hash::FxHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Score of a page followed by the page that adds least to it. As strong as a page number
/// that runs on (`pagenum`'s step), since an overlay is as plain a sign. Chosen by hand, not
/// fitted: no document of the shared corpus or the flavours holds built-up pages, so the
/// signal is zero on every one of them.
const NEXT_STEP: f64 = 3.0;

/// Score of a page followed by one that adds to it, but not least: built up in several
/// steps, with pages left out between. Chosen by hand, not fitted.
const LATER_STEP: f64 = 0.5;

/// See the module documentation.
pub struct Buildup {
    /// (a, b) → score, for a page `a` that `b` builds up.
    steps: HashMap<(usize, usize), f64>,
}

impl Buildup {
    /// Find the pages that build up others (input pages only: fragments cut by fragment
    /// detection may take in part of a neighbour and so contain it).
    pub fn prepare(doc: &Shared) -> Self {
        let analysis = doc.analysis;
        let mut steps = HashMap::new();
        if !analysis.paged {
            return Buildup { steps };
        }
        // A page's running head, headings and running text, as word ids: a line may be told
        // for a head or a heading on one page and read as text on the next, so all are
        // compared. The running text's ids are the document's vocabulary's, already counted;
        // a word never in running text is hashed apart from them (above 2^32).
        let id = |w: &str| -> u64 {
            let lw = w.to_lowercase();
            match doc.words.term(&lw) {
                Some(t) => u64::from(t),
                None => {
                    let mut h = FxHasher::default();
                    lw.hash(&mut h);
                    (1 << 32) | (h.finish() >> 32)
                }
            }
        };
        let sets: Vec<Vec<u64>> = analysis
            .fragments
            .iter()
            .zip(&doc.words.fragment_terms)
            .map(|(f, terms)| {
                let mut ids: Vec<u64> = Vec::with_capacity(terms.len() + 16);
                for line in f
                    .running_head
                    .iter()
                    .chain(f.headings.iter().map(|h| &h.text))
                {
                    ids.extend(text::words(line).map(id));
                }
                ids.extend(terms.iter().map(|&t| u64::from(t)));
                duplicates::id_shingles(&ids)
            })
            .collect();
        // Per page, the pages that build it up, with what each adds.
        let mut grows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sets.len()];
        for (small, large, added) in duplicates::built_up(&sets) {
            grows[small].push((large, added));
        }
        for (a, list) in grows.iter().enumerate() {
            let Some(least) = list.iter().map(|&(_, added)| added).min() else {
                continue;
            };
            for &(b, added) in list {
                let s = if added == least {
                    NEXT_STEP
                } else {
                    LATER_STEP
                };
                steps.insert((a, b), s);
            }
        }
        Buildup { steps }
    }
}

impl Signal for Buildup {
    fn pair(&self, _doc: &Shared, a: usize, b: usize) -> f64 {
        self.steps.get(&(a, b)).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::fragment;
    use crate::score::{Shared, Signal};

    const SLIDE: &str = "Why slides in MetaPost at all\n\nThe graphics are drawn with the same \
        program as the figures of the paper, so colours, fonts and line widths agree without \
        any conversion or manual adjustment between the two tools.";
    const MORE: &str = "\n\nIt is also an exercise in seeing how far a language meant for \
        pictures can go when it is asked to lay out whole pages of text.";
    const LAST: &str = "\n\nAnd the slides print exactly as they are shown on the screen, \
        which a presentation program cannot always promise.";
    const OTHER: &str = "Installing the macros\n\nCopy the files into a directory that TeX \
        searches, run the test file through MetaPost and then through dvips, and look at \
        the result before you change any of the settings described below.";

    /// The signal on four pages joined by form feeds, in input order `pages`.
    fn scores(pages: &[&str]) -> Vec<Vec<f64>> {
        let text: String = pages.iter().map(|p| format!("{p}\n\u{c}")).collect();
        let doc = crate::ingest::Document::from_text("slides.txt", text, None).unwrap();
        let analysis = fragment::analyse(&doc, &Default::default());
        assert!(analysis.paged);
        let shared = Shared::new(&analysis);
        let signal = super::Buildup::prepare(&shared);
        let n = analysis.fragments.len();
        (0..n)
            .map(|a| (0..n).map(|b| signal.pair(&shared, a, b)).collect())
            .collect()
    }

    #[test]
    fn each_overlay_follows_the_slide_it_adds_to() {
        let one = SLIDE.to_string();
        let two = format!("{SLIDE}{MORE}");
        let three = format!("{SLIDE}{MORE}{LAST}");
        // Shuffled: three, other, one, two.
        let s = scores(&[&three, OTHER, &one, &two]);
        assert!(s[2][3] > 0.0, "one -> two");
        assert!(s[3][0] > 0.0, "two -> three");
        assert!(s[2][3] > s[2][0], "one -> two beats one -> three");
        assert_eq!(s[0][2], 0.0, "nothing runs back");
        assert_eq!(
            s[1][0] + s[0][1] + s[1][2] + s[2][1],
            0.0,
            "other slides take no part"
        );
    }
}
