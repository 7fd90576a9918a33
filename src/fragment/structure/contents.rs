//! The table of contents as one index: its entries in order with the page numbers they give,
//! and the one matcher that says which entry a heading names. Score (heading order) and solve
//! (section order, page anchors) both read headings against the contents through it.

use crate::fragment::text::normalise_title;
use crate::fragment::Fragment;

/// Similarity from which two titles are taken for the same (normalised Levenshtein). Chosen
/// by hand, not fitted: it accepts a converter's small garbles (a dropped letter, a ligature)
/// in a title of a dozen letters and rejects different titles of one pattern
/// (`Of Commerce` / `Of Revenue`).
const CLOSE_TITLES: f64 = 0.8;

/// Score given to a title that is the start of the other (a contents line cut short, a
/// heading with a subtitle). Chosen by hand: below an exact match, above any close spelling.
const PREFIX_SCORE: f64 = 0.9;

/// Shortest title, in bytes, that counts as a prefix of another under [`Match::Strict`]:
/// shorter ones (`Of the`, `Book I`) begin too many titles. Chosen by hand.
const STRICT_PREFIX: usize = 12;

/// How sure a match must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The best-scoring entry at or above [`CLOSE_TITLES`], the first on ties: for evidence
    /// weighed against other evidence (heading order, section runs, page anchors).
    Close,
    /// The first entry that is the same title, or a long title's start ([`STRICT_PREFIX`]):
    /// for moving whole sections, where a wrong match costs a whole section's place.
    Strict,
}

/// A document's contents entries, from every contents page in input order.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    titles: Vec<String>,
    pages: Vec<Option<u32>>,
}

impl Contents {
    /// Gather the entries of `frags`' contents pages.
    pub fn read(frags: &[Fragment]) -> Self {
        let (titles, pages) = frags
            .iter()
            .flat_map(|f| f.contents.iter())
            .map(|c| (normalise_title(&c.title), c.page))
            .unzip();
        Contents { titles, pages }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.titles.len()
    }

    /// True when the document lists no contents.
    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    /// The page number entry `i` gives, if any.
    pub fn page(&self, i: usize) -> Option<u32> {
        self.pages.get(i).copied().flatten()
    }

    /// The entry that names `title`, by [`Match`].
    pub fn locate(&self, title: &str, how: Match) -> Option<usize> {
        let t = normalise_title(title);
        if t.len() < 3 {
            return None;
        }
        match how {
            Match::Strict => self.titles.iter().position(|e| {
                *e == t
                    || (e.len() > STRICT_PREFIX && t.starts_with(e.as_str()))
                    || (t.len() > STRICT_PREFIX && e.starts_with(&t))
            }),
            Match::Close => {
                let mut best: Option<(f64, usize)> = None;
                for (i, e) in self.titles.iter().enumerate() {
                    let sim = if *e == t {
                        1.0
                    } else if e.starts_with(&t) || t.starts_with(e.as_str()) {
                        PREFIX_SCORE
                    } else {
                        strsim::normalized_levenshtein(e, &t)
                    };
                    if sim >= CLOSE_TITLES && best.is_none_or(|(s, _)| sim > s) {
                        best = Some((sim, i));
                    }
                }
                best.map(|(_, i)| i)
            }
        }
    }

    /// Per fragment: the entries of its first and last heading the contents lists (by
    /// [`Match::Close`]), when the contents has at least two entries.
    pub fn positions(&self, frags: &[Fragment]) -> Vec<Option<(usize, usize)>> {
        if self.len() < 2 {
            return vec![None; frags.len()];
        }
        frags
            .iter()
            .map(|f| {
                let pos: Vec<usize> = f
                    .headings
                    .iter()
                    .filter_map(|h| self.locate(&h.text, Match::Close))
                    .collect();
                Some((*pos.first()?, *pos.last()?))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(titles: &[&str]) -> Contents {
        Contents {
            titles: titles.iter().map(|t| normalise_title(t)).collect(),
            pages: vec![None; titles.len()],
        }
    }

    #[test]
    fn close_matching_forgives_small_garbles_and_strict_does_not() {
        let c = contents(&["Of Commerce", "Of Revenue", "Of the Taxation of Land"]);
        assert_eq!(c.locate("Of Comrnerce", Match::Close), Some(0));
        assert_eq!(c.locate("Of Comrnerce", Match::Strict), None);
        assert_eq!(c.locate("OF REVENUE", Match::Strict), Some(1));
        // A long title cut short in the contents is the same entry either way.
        assert_eq!(
            c.locate("Of the Taxation of Land and Houses", Match::Strict),
            Some(2)
        );
        assert_eq!(
            c.locate("Of the Taxation of Land and Houses", Match::Close),
            Some(2)
        );
        assert_eq!(c.locate("Of Navigation", Match::Close), None);
    }
}
