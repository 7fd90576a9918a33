//! Sentence continuity: a page that stops mid-sentence is followed by one that opens with the
//! rest of it (lowercase, punctuation); a page that ends a sentence is followed by a fresh
//! sentence, paragraph or heading. The expected rates are divided by how often fragments of
//! this document open each way, so the evidence is weak where every page looks alike.

use super::{Shared, Signal};
use crate::fragment::{Close, Open};

/// See the module documentation.
pub struct Sentence {
    /// Share of fragments by how they open (smoothed), indexed by [`open_index`].
    open_share: [f64; 5],
    /// Per fragment: how proper-noun-like its first word is.
    first_proper: Vec<f64>,
}

/// Index of a way of opening in [`Sentence::open_share`].
fn open_index(o: Open) -> usize {
    match o {
        Open::Continuation => 0,
        Open::Fresh => 1,
        Open::Heading => 2,
        Open::Other => 3,
        Open::Empty => 4,
    }
}

impl Sentence {
    /// Learn how the document's fragments open and how proper-noun-like their first words are.
    pub fn prepare(doc: &Shared) -> Self {
        let frags = doc.fragments();
        let mut count = [0.0f64; 5];
        for f in frags {
            count[open_index(f.opens)] += 1.0;
        }
        let total = frags.len() as f64;
        let open_share = count.map(|c| (c + 0.5) / (total + 2.5));
        let first_proper = frags
            .iter()
            .map(|f| {
                f.first_words
                    .first()
                    .map_or(0.3, |w| doc.words.proper_share(w))
            })
            .collect();
        Sentence {
            open_share,
            first_proper,
        }
    }

    /// Share of fragments that open the way `o` does.
    fn open_share(&self, o: Open) -> f64 {
        self.open_share[open_index(o)]
    }
}

/// P(how B opens | how A closes, B follows A).
fn expected(close: Close, open: Open) -> Option<f64> {
    use Open::*;
    let row = match close {
        Close::Hyphen => [0.96, 0.02, 0.005, 0.015],
        Close::Mid => [0.82, 0.13, 0.01, 0.04],
        Close::Colon => [0.25, 0.55, 0.05, 0.15],
        Close::Sentence | Close::Heading => [0.04, 0.72, 0.16, 0.08],
        Close::Empty => return None,
    };
    Some(match open {
        Continuation => row[0],
        Fresh => row[1],
        Heading => row[2],
        Other => row[3],
        Empty => return None,
    })
}

impl Signal for Sentence {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        let Some(mut p) = expected(fa.closes, fb.opens) else {
            return 0.0;
        };
        // A signed piece is over: the next begins with its heading, where the document has
        // headings to begin with.
        if fa.signed && self.open_share(Open::Heading) > 0.05 {
            p = match fb.opens {
                Open::Continuation => 0.02,
                Open::Fresh => 0.12,
                Open::Heading => 0.8,
                Open::Other => 0.06,
                Open::Empty => return 0.0,
            };
        }
        // A capital after an unfinished sentence is likely only for a proper noun.
        if matches!(fa.closes, Close::Mid | Close::Hyphen)
            && fb.opens == Open::Fresh
            && !fb.first_words.is_empty()
        {
            p *= 0.3 + 1.7 * self.first_proper[b];
        }
        (p / self.open_share(fb.opens)).ln().clamp(-6.0, 4.0)
    }

    fn first(&self, doc: &Shared, a: usize) -> f64 {
        match doc.fragments()[a].opens {
            Open::Continuation => -3.0,
            _ => 0.0,
        }
    }

    fn last(&self, doc: &Shared, a: usize) -> f64 {
        match doc.fragments()[a].closes {
            Close::Mid | Close::Hyphen => -3.0,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::{Document, Format};
    use crate::score::{ScoreConfig, Scorer};

    #[test]
    fn a_signed_essay_is_followed_by_the_next_heading() {
        let text = "## I. Of Union\n\nThe first essay ends here with a sentence of prose that \
                    is long enough to count.\n\nPublius\n\u{c}\nA page of prose that opens with \
                    a capital and runs on for a while here.\n\u{c}\n## II. Of Commerce\n\nThe \
                    second essay begins with a sentence of prose that is long enough.\n";
        let doc = Document::from_text("t", text.to_string(), Some(Format::Md)).unwrap();
        let an = crate::fragment::analyse(&doc, &Default::default());
        assert_eq!(an.fragments.len(), 3);
        assert!(an.fragments[0].signed);
        assert!(!an.fragments[1].signed && !an.fragments[2].signed);
        let sc = Scorer::new(&an, &ScoreConfig::default());
        let sentence = |b: usize| {
            sc.contributions(0, b)
                .iter()
                .find(|c| c.signal == "sentence")
                .map(|c| c.score)
                .unwrap()
        };
        assert!(
            sentence(2) > sentence(1) + 0.3,
            "{} {}",
            sentence(2),
            sentence(1)
        );
    }
}
