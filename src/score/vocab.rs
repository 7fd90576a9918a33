//! Word statistics learned from the document itself: when A stops mid-sentence, how likely are
//! B's first two words after A's last two, by a Kneser–Ney trigram model of the document
//! against the same words without that context. Words the document never uses (garbled
//! extraction) are matched to their nearest document word by edit similarity (strsim).

use super::{Context, Signal};
use crate::fragment::Close;

/// See the module documentation.
pub struct Vocab;

impl Signal for Vocab {
    fn name(&self) -> &'static str {
        "vocab"
    }

    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64 {
        if !matches!(ctx.fragments()[a].closes, Close::Mid) {
            return 0.0;
        }
        let (left, right) = (&ctx.edge_ids[a].1, &ctx.edge_ids[b].0);
        if left.is_empty() || right.is_empty() {
            return 0.0;
        }
        (ctx.ngram.junction(left, right) * WEIGHT).clamp(-2.5, 3.0)
    }
}

/// Scale of the language-model evidence (calibrated on the bench, not per document).
const WEIGHT: f64 = 0.5;
