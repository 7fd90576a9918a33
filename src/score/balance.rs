//! Balanced marks across the cut: emphasis, a quotation, a parenthesis or a bracket left open at the end
//! of A should be closed at the start of B, and B should close nothing A did not open. How
//! often fragments start by closing a mark is learned from the document, so the evidence is
//! strong where such starts are rare.

use super::{Context, Signal};
use crate::fragment::text::{MARK_BRACKET, MARK_EMPHASIS, MARK_PAREN, MARK_QUOTE};

/// See the module documentation.
pub struct Balance;

impl Signal for Balance {
    fn name(&self) -> &'static str {
        "balance"
    }

    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&ctx.fragments()[a], &ctx.fragments()[b]);
        let mut s = 0.0;
        for mark in [MARK_EMPHASIS, MARK_QUOTE, MARK_PAREN, MARK_BRACKET] {
            let open = fa.open_marks & mark != 0;
            let closed = fb.closed_marks & mark != 0;
            let share = ctx.closed_share(mark);
            s += match (open, closed) {
                (true, true) => (0.8 / share).ln().min(3.0),
                (true, false) => (0.2f64 / (1.0 - share)).ln().max(-1.5),
                (false, true) => (0.1f64 / share).ln().clamp(-2.0, 0.0),
                (false, false) => 0.0,
            };
        }
        s
    }
}
