//! Balanced marks across the cut: emphasis, a quotation, a parenthesis or a bracket left open at the end
//! of A should be closed at the start of B, and B should close nothing A did not open. How
//! often fragments start by closing a mark is learned from the document, so the evidence is
//! strong where such starts are rare.

use super::{Shared, Signal};
use crate::fragment::text::{MARK_BRACKET, MARK_EMPHASIS, MARK_PAREN, MARK_QUOTE};

/// See the module documentation.
pub struct Balance {
    /// Per mark bit: share of fragments that start by closing it (smoothed).
    closed_shares: [f64; 8],
}

impl Balance {
    /// Learn how often fragments of the document start by closing each mark.
    pub fn prepare(doc: &Shared) -> Self {
        let frags = doc.fragments();
        let mut closed_shares = [0.0; 8];
        for (bit, share) in closed_shares.iter_mut().enumerate() {
            let k = frags
                .iter()
                .filter(|f| f.closed_marks & (1 << bit) != 0)
                .count() as f64;
            *share = (k + 0.5) / (frags.len() as f64 + 1.0);
        }
        Balance { closed_shares }
    }

    /// Share of fragments whose text starts by closing `mark` (smoothed).
    fn closed_share(&self, mark: crate::fragment::text::Marks) -> f64 {
        self.closed_shares[mark.trailing_zeros() as usize % 8]
    }
}

impl Signal for Balance {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        let mut s = 0.0;
        for mark in [MARK_EMPHASIS, MARK_QUOTE, MARK_PAREN, MARK_BRACKET] {
            let open = fa.open_marks & mark != 0;
            let closed = fb.closed_marks & mark != 0;
            let share = self.closed_share(mark);
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
