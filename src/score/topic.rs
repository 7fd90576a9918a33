//! Topic: pages next to each other belong to the same section, chapter or essay and share
//! its vocabulary, page-wide and not only at the cut (which `cohesion` looks at). TF-IDF
//! cosine of the two whole fragments, standardised against all of A's possible successors.
//! It keeps the pages of one essay together where the text at the cut is ambiguous.

use super::{Context, Signal};

/// See the module documentation.
pub struct Topic;

impl Signal for Topic {
    fn name(&self) -> &'static str {
        "topic"
    }

    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64 {
        // Front and back matter have no topic to share; fragments with no words to compare
        // (an empty page, a lone heading) say nothing.
        let body = |f: usize| ctx.fragments()[f].kind == crate::fragment::Kind::Body;
        if !body(a) || !body(b) || !ctx.edges.comparable(a, b) {
            return 0.0;
        }
        ctx.pages
            .standardised(a, b)
            .map_or(0.0, |z| (z * 0.35).clamp(-1.0, 1.5))
    }
}
