//! Topic: pages next to each other belong to the same section, chapter or essay and share
//! its vocabulary, page-wide and not only at the cut (which `cohesion` looks at). TF-IDF
//! cosine of the two whole fragments, standardised against all of A's possible successors.
//! It keeps the pages of one essay together where the text at the cut is ambiguous.

use super::similarity::Similarity;
use super::{Shared, Signal};

/// See the module documentation.
pub struct Topic {
    /// TF-IDF of each fragment's whole text against every other's.
    pages: Similarity,
}

impl Topic {
    /// Vectorise every fragment's whole text.
    pub fn prepare(doc: &Shared) -> Self {
        let w = &doc.words;
        let vectors = w.fragment_terms.iter().map(|t| w.tfidf(t)).collect();
        Topic {
            pages: Similarity::symmetric(vectors, w.len()),
        }
    }
}

impl Signal for Topic {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        // Front and back matter have no topic to share; fragments with no words to compare
        // (an empty page, a lone heading) say nothing.
        let body = |f: usize| doc.fragments()[f].kind == crate::fragment::Kind::Body;
        if !body(a) || !body(b) || !doc.edges.comparable(a, b) {
            return 0.0;
        }
        self.pages
            .standardised(a, b)
            .map_or(0.0, |z| (z * 0.35).clamp(-1.0, 1.5))
    }
}
