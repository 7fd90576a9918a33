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

/// What taking the segment `i..i + len` out of the order does to a sequence's penalty, and
/// the first and last fragments in it with a number (see [`Around::lift`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Lift {
    /// Change of the penalty from closing the gap the segment leaves.
    removal: f64,
    /// The lowest number of the segment's first numbered fragment and the highest of its
    /// last.
    first_lo: u32,
    last_hi: u32,
}

impl Lift {
    /// Change of the penalty from closing the gap the segment leaves.
    pub(super) fn removal(&self) -> f64 {
        self.removal
    }
}

impl Around {
    pub(super) fn new(seq: &Sequence, order: &[usize]) -> Self {
        let mut a = Around {
            before: Vec::new(),
            from: Vec::new(),
        };
        a.rebuild(seq, order);
        a
    }

    /// Recount for `order`, reusing the buffers.
    pub(super) fn rebuild(&mut self, seq: &Sequence, order: &[usize]) {
        let n = order.len();
        let (before, from) = (&mut self.before, &mut self.from);
        before.clear();
        before.resize(n + 1, None);
        for p in 0..n {
            before[p + 1] = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                before[p]
            };
        }
        from.clear();
        from.resize(n + 1, None);
        for p in (0..n).rev() {
            from[p] = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                from[p + 1]
            };
        }
    }

    /// Empty tables for an order of `n` fragments, for [`Around::update`] over all of it.
    pub(super) fn clear(&mut self, n: usize) {
        for t in [&mut self.before, &mut self.from] {
            t.clear();
            t.resize(n + 1, None);
        }
    }

    /// Recount after the fragments at positions `lo..hi` of `order` changed places (the rest
    /// stand where they stood): the same tables as [`Around::rebuild`], at the cost of the
    /// stretch and of the positions up to its nearest numbered fragments.
    pub(super) fn update(&mut self, seq: &Sequence, order: &[usize], lo: usize, hi: usize) {
        let (before, from) = (&mut self.before, &mut self.from);
        for p in lo..order.len() {
            let new = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                before[p]
            };
            if p >= hi && before[p + 1] == new {
                break;
            }
            before[p + 1] = new;
        }
        for p in (0..hi).rev() {
            let new = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                from[p + 1]
            };
            if p < lo && from[p] == new {
                break;
            }
            from[p] = new;
        }
    }

    /// The part of [`Around::delta`] that does not depend on where the segment goes: `None`
    /// when the segment holds no fragment with a number (moving it changes nothing).
    pub(super) fn lift(
        &self,
        seq: &Sequence,
        order: &[usize],
        i: usize,
        len: usize,
    ) -> Option<Lift> {
        let end = i + len;
        let (Some(s1), Some(s2)) = (self.from[i], self.before[end]) else {
            return None;
        };
        if s1 >= end {
            return None;
        }
        let f = |p: Option<usize>| p.map(|p| order[p]);
        let (first, last) = (order[s1], order[s2]);
        let (p, nx) = (f(self.before[i]), f(self.from[end]));
        let removal = seq.step(p, nx) - seq.step(p, Some(first)) - seq.step(Some(last), nx);
        let (Some((first_lo, _)), Some((_, last_hi))) = (seq.range[first], seq.range[last]) else {
            return None;
        };
        Some(Lift {
            removal,
            first_lo,
            last_hi,
        })
    }

    /// [`Around::delta`] given the segment's [`Lift`].
    pub(super) fn place(
        &self,
        seq: &Sequence,
        order: &[usize],
        (i, len, j): (usize, usize, usize),
        lift: &Lift,
    ) -> f64 {
        let end = i + len;
        let f = |p: Option<usize>| p.map(|p| order[p]);
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
        // `Sequence::step` on the numbers already known: a step back costs the weight.
        let hi_q = f(q).and_then(|q| seq.range[q]).map(|r| r.1);
        let lo_nq = f(nq).and_then(|nq| seq.range[nq]).map(|r| r.0);
        let step = |hi: Option<u32>, lo: Option<u32>| match (hi, lo) {
            (Some(hi), Some(lo)) if lo < hi => seq.weight,
            _ => 0.0,
        };
        let mut d = lift.removal;
        d += step(hi_q, Some(lift.first_lo)) + step(Some(lift.last_hi), lo_nq) - step(hi_q, lo_nq);
        d
    }

    #[cfg(test)]
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
        match self.lift(seq, order, i, len) {
            None => 0.0,
            Some(lift) => self.place(seq, order, (i, len, j), &lift),
        }
    }
}
