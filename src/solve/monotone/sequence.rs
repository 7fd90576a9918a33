//! The numbers an order must not step back on (footnotes, sections, kinds of matter), as
//! per-fragment ranges with a penalty per step backwards, and the bookkeeping that gives the
//! change of that penalty when a segment of the order moves, without recounting the order.

/// Ranges of a number that must not go backwards along the order, per fragment.
#[derive(Debug)]
pub(super) struct Sequence {
    pub(super) range: Vec<Option<(u32, u32)>>,
    /// Penalty per step backwards.
    pub(super) weight: f64,
}

impl Sequence {
    /// Penalty for `b` (the next fragment with a number) after `a`.
    pub(super) fn step(&self, a: Option<usize>, b: Option<usize>) -> f64 {
        match (a.and_then(|a| self.range[a]), b.and_then(|b| self.range[b])) {
            (Some((_, hi)), Some((lo, _))) if lo < hi => self.weight,
            _ => 0.0,
        }
    }

    pub(super) fn penalty(&self, order: &[usize]) -> f64 {
        let mut last = None;
        let mut total = 0.0;
        for &f in order {
            if self.range[f].is_some() {
                total += self.step(last, Some(f));
                last = Some(f);
            }
        }
        total
    }
}

/// Per position of an order: the nearest fragment with a number before it, and at or after it.
pub(super) struct Around {
    before: Vec<Option<usize>>,
    from: Vec<Option<usize>>,
}

impl Around {
    pub(super) fn new(seq: &Sequence, order: &[usize]) -> Self {
        let n = order.len();
        let mut before = vec![None; n + 1];
        for p in 0..n {
            before[p + 1] = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                before[p]
            };
        }
        let mut from = vec![None; n + 1];
        for p in (0..n).rev() {
            from[p] = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                from[p + 1]
            };
        }
        Around { before, from }
    }

    /// Change in `seq`'s penalty when the segment `i..i + len` of `order` moves to place `j` of
    /// the order without it.
    pub(super) fn delta(
        &self,
        seq: &Sequence,
        order: &[usize],
        i: usize,
        len: usize,
        j: usize,
    ) -> f64 {
        let end = i + len;
        let (Some(s1), Some(s2)) = (self.from[i], self.before[end]) else {
            return 0.0;
        };
        if s1 >= end {
            return 0.0;
        }
        let f = |p: Option<usize>| p.map(|p| order[p]);
        let (s1, s2) = (Some(order[s1]), Some(order[s2]));
        let (p, nx) = (f(self.before[i]), f(self.from[end]));
        let mut d = seq.step(p, nx) - seq.step(p, s1) - seq.step(s2, nx);
        // Neighbours with numbers at the new place, skipping the segment itself.
        let (q, nq) = if j <= i {
            let after = match self.from[j] {
                Some(x) if x >= i && x < end => self.from[end],
                x => x,
            };
            (self.before[j], after)
        } else {
            let before = match self.before[j + len] {
                Some(x) if x >= i && x < end => self.before[i],
                x => x,
            };
            (before, self.from[j + len])
        };
        let (q, nq) = (f(q), f(nq));
        d += seq.step(q, s1) + seq.step(s2, nq) - seq.step(q, nq);
        d
    }
}
