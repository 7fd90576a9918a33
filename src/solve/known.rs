//! What an Or-opt search already knows: a segment tried and found no better place is not tried
//! again while everything its places depend on stands as it stood. This keeps the search's
//! moves exactly as they were (the answer it skips is the one it would compute) and spares the
//! sweeps that only confirm nothing moves, most of a small document's local search.

use super::local::Neighbours;

/// Per fragment, when its successor and its predecessor in the order last changed; per (first
/// fragment, length) of a segment, when that segment was last tried without a gain. Times are
/// a count of the changes made, so the answer is the same on any machine.
pub(crate) struct Known {
    clock: u64,
    /// Per fragment: the time its successor last changed.
    succ: Vec<u64>,
    /// Per fragment: the time its predecessor last changed.
    pred: Vec<u64>,
    /// Per (head, length − 1): the time the segment was last found without a gain, or
    /// `u64::MAX` when it was not.
    idle: Vec<u64>,
    max_len: usize,
    /// Tests compare with a search that remembers nothing.
    #[cfg(test)]
    remember: bool,
}

impl Known {
    /// Nothing known yet about segments of up to `max_len` fragments of an `n`-fragment order.
    pub(crate) fn new(n: usize, max_len: usize) -> Self {
        Known {
            clock: 0,
            succ: vec![0; n],
            pred: vec![0; n],
            idle: vec![u64::MAX; n * max_len],
            max_len,
            #[cfg(test)]
            remember: true,
        }
    }

    /// A `Known` that never answers: every segment is tried.
    #[cfg(test)]
    pub(crate) fn forgetful(n: usize, max_len: usize) -> Self {
        Known {
            remember: false,
            ..Known::new(n, max_len)
        }
    }

    /// A move has just given `new_succ` new successors and `new_pred` new predecessors.
    pub(crate) fn touch(&mut self, new_succ: [Option<usize>; 3], new_pred: [Option<usize>; 3]) {
        self.clock += 1;
        for f in new_succ.into_iter().flatten() {
            self.succ[f] = self.clock;
        }
        for f in new_pred.into_iter().flatten() {
            self.pred[f] = self.clock;
        }
    }

    /// The order has gone from `from` to `to` (a kick, or back to the best order): every
    /// fragment whose predecessor or successor differs has changed.
    pub(crate) fn replace(&mut self, from: &[usize], to: &[usize]) {
        let n = self.succ.len();
        let (mut next, mut prev) = (vec![usize::MAX; n], vec![usize::MAX; n]);
        for w in from.windows(2) {
            next[w[0]] = w[1];
            prev[w[1]] = w[0];
        }
        self.clock += 1;
        for (p, &f) in to.iter().enumerate() {
            if next[f] != to.get(p + 1).copied().unwrap_or(usize::MAX) {
                self.succ[f] = self.clock;
            }
            if prev[f] != p.checked_sub(1).map_or(usize::MAX, |q| to[q]) {
                self.pred[f] = self.clock;
            }
        }
    }

    /// Whether the segment `i..i + len` of `order` was found without a gain and nothing its
    /// places depend on has changed since: the segment itself and what stands before and after
    /// it, the order's ends, what follows each of its head's listed predecessors and what
    /// precedes each of its tail's listed successors. Then its places and their gains are what
    /// they were.
    pub(crate) fn idle(&self, nb: &Neighbours, order: &[usize], i: usize, len: usize) -> bool {
        let at = self.idle[order[i] * self.max_len + len - 1];
        #[cfg(test)]
        if !self.remember {
            return false;
        }
        if at == u64::MAX {
            return false;
        }
        let (head, tail) = (order[i], order[i + len - 1]);
        let succ = |f: &usize| self.succ[*f] <= at;
        let pred = |f: &usize| self.pred[*f] <= at;
        pred(&head)
            && order[i..i + len].iter().all(succ)
            && pred(&order[0])
            && succ(&order[order.len() - 1])
            && nb.pred[head].iter().all(succ)
            && nb.succ[tail].iter().all(pred)
    }

    /// The segment `i..i + len` of `order` was just tried and no place gains.
    pub(crate) fn found_idle(&mut self, order: &[usize], i: usize, len: usize) {
        self.idle[order[i] * self.max_len + len - 1] = self.clock;
    }
}
