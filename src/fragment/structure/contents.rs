//! The table of contents as one index: its entries in order with the page numbers they give,
//! and the one matcher that says which entry a heading names. Score (heading order) and solve
//! (section order, section runs, page anchors) all read headings against the contents
//! through [`Contents::locate`].

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

/// A document's contents entries, from every contents page in input order.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    titles: Vec<String>,
    pages: Vec<Option<u32>>,
}

/// Whether two titles' lengths leave room for a close spelling: the edit distance is at least
/// the difference of their lengths, so titles whose lengths differ by more than
/// `1 − CLOSE_TITLES` of the longer cannot reach [`CLOSE_TITLES`] (checked before computing the
/// distance, which costs the product of the lengths).
fn lengths_allow(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longer = la.max(lb);
    longer == 0 || 1.0 - la.abs_diff(lb) as f64 / longer as f64 >= CLOSE_TITLES
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

    /// The entry that names `title`: the same title once normalised, one title the start of
    /// the other, or a close spelling ([`CLOSE_TITLES`]); the best, the first on ties.
    pub fn locate(&self, title: &str) -> Option<usize> {
        let t = normalise_title(title);
        if t.len() < 3 {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        for (i, e) in self.titles.iter().enumerate() {
            let sim = if *e == t {
                1.0
            } else if e.starts_with(&t) || t.starts_with(e.as_str()) {
                PREFIX_SCORE
            } else if !lengths_allow(e, &t) {
                0.0
            } else {
                strsim::normalized_levenshtein(e, &t)
            };
            if sim >= CLOSE_TITLES && best.is_none_or(|(s, _)| sim > s) {
                best = Some((sim, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Per fragment: the entries of its first and last heading the contents lists, when the
    /// contents has at least two entries.
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
                    .filter_map(|h| self.locate(&h.text))
                    .collect();
                Some((*pos.first()?, *pos.last()?))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The length check only skips pairs that could never reach a close spelling.
    #[test]
    fn lengths_rule_out_only_what_the_distance_would() {
        for (a, b) in [
            ("introduction", "introductoin"),
            ("the frontier", "the frontiers"),
            ("a", "abcdefghij"),
            ("chapter one", "chapter one, continued at length"),
            ("", ""),
        ] {
            let close = strsim::normalized_levenshtein(a, b) >= CLOSE_TITLES;
            assert!(!close || lengths_allow(a, b), "{a:?} {b:?}");
        }
        assert!(!lengths_allow("a", "abcdefghij"));
        assert!(lengths_allow("introduction", "introductoin"));
    }

    fn contents(titles: &[&str]) -> Contents {
        Contents {
            titles: titles.iter().map(|t| normalise_title(t)).collect(),
            pages: vec![None; titles.len()],
        }
    }

    #[test]
    fn a_heading_finds_its_entry_despite_small_garbles() {
        let c = contents(&["Of Commerce", "Of Revenue", "Of the Taxation of Land"]);
        assert_eq!(c.locate("Of Comrnerce"), Some(0));
        assert_eq!(c.locate("OF REVENUE"), Some(1));
        // A long title cut short in the contents is the same entry.
        assert_eq!(c.locate("Of the Taxation of Land and Houses"), Some(2));
        assert_eq!(c.locate("Of Navigation"), None);
        assert_eq!(c.locate("Of"), None);
    }
}
