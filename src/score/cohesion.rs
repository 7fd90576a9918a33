//! Lexical cohesion: the words near the end of A and near the start of B tend to be the same
//! (a topic runs across the page break). TF-IDF cosine of the two edges, standardised against
//! all of A's possible successors so that it only says which successor is most alike.

use super::{Shared, Signal};

/// See the module documentation.
pub struct Cohesion;

impl Cohesion {
    /// Nothing to learn beyond the shared edge similarity.
    pub fn prepare(_doc: &Shared) -> Self {
        Cohesion
    }
}

/// Distinct terms from which an edge's cosines count fully (a full edge of a page of prose has
/// about twice as many).
const RELIABLE_TERMS: f64 = 60.0;

impl Signal for Cohesion {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        let Some(z) = doc.edges.standardised(a, b) else {
            return 0.0;
        };
        // A short edge (a page cut in two by a candidate cut, a heading alone) has few words
        // to share: its cosines say little, so they count for less.
        let share = |terms: usize| (terms as f64 / RELIABLE_TERMS).min(1.0);
        let (ta, tb) = doc.edges.terms(a, b);
        let reliability = (share(ta) * share(tb)).sqrt();
        (z * 0.35).clamp(-1.0, 1.5) * reliability
    }
}
