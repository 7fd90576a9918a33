//! Grammar across the cut: when A stops mid-sentence, how likely are the word classes B opens
//! with after the classes A closes with ("the fostering influence | of commerce" against
//! "an adequate | of commerce"), by a trigram model of the document's own class sequences
//! ([`super::wordclass`]). Complements `vocab`, whose word trigrams are too sparse to have
//! seen most junctions.

use super::{Context, Signal};
use crate::fragment::{Close, Open};

/// See the module documentation.
pub struct Syntax;

impl Signal for Syntax {
    fn name(&self) -> &'static str {
        "syntax"
    }

    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64 {
        if !matches!(ctx.fragments()[a].closes, Close::Mid)
            || ctx.fragments()[b].opens != Open::Continuation
        {
            return 0.0;
        }
        (ctx.classes.junction(a, b) * WEIGHT).clamp(-2.0, 2.0)
    }
}

/// Scale of the class-model evidence (calibrated on the bench, not per document).
const WEIGHT: f64 = 0.5;
