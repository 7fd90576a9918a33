//! The repair's search: bring runs into footnote order when that pays, then move segments of
//! the order wherever pair scores minus the penalty improve, with seeded kicks (double
//! bridges) to leave local optima and don't-look bits so a kick costs what it changed.

use super::sequence::{Around, Lift};
use super::{Monotone, MAX_PAGE_SEGMENT, MAX_SEGMENT, PAGE_WEIGHT};
use crate::score::ScoreMatrix;
use crate::solve::local::{double_bridge, edge, Neighbours, MIN_GAIN};
use crate::solve::SolveStats;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Seeded kicks (double bridges) tried after the first descent: fewer for long documents.
/// A kick's descent starts only from the fragments the kick moved, so it costs little; measured
/// on the bench (md, seeds 1–12): 480 kicks up to 250 fragments give adjacency 0.9459 (240:
/// 0.9433; 960 gain nothing more for twice the time) and restore the 202-page book in 0.6 s.
fn kicks(n: usize) -> usize {
    match n {
        0..=250 => 480,
        251..=400 => 240,
        _ => 120,
    }
}

/// Kicks in a row without improvement after which the repair stops (a count, so the order is
/// the same on any machine). Improving kicks came up to 315 kicks after the previous one on the
/// shared corpus (md seeds 1–6, txt 1–3), so a short patience costs: 60 and 120 lost md
/// adjacency 0.004–0.008; 240 lost 0.0014 (seeds 1–3) and 0.0009 (seeds 4–6). 200 against
/// 240 (this release): shared md seeds 1–3 0.9512 both, seeds 4–9 0.9486 → 0.9485, txt 1.0000
/// both; flavours train / validation form feeds 0.9913 / 0.9642 → 0.9913 / 0.9645, blank lines
/// 0.7519 / 0.5954 → 0.7521 / 0.5952; it stops the 202-page book's repair after 221 kicks (261).
const PATIENCE: u64 = 200;

/// Bring runs into the order of their footnote numbers when that pays, then move segments
/// wherever pair scores minus the penalty improve, with seeded kicks to leave local optima.
/// Returns true when the order changed; counts its work in `stats`.
pub(crate) fn repair(
    m: &ScoreMatrix,
    mono: &Monotone,
    order: &mut Vec<usize>,
    seed: u64,
    stats: &mut SolveStats,
) -> bool {
    let n = order.len();
    if n < 3 {
        return false;
    }
    stats.repairs += 1;
    let objective = |o: &[usize]| mono.objective(m, o);
    let mut best = objective(order);
    let mut changed = false;
    let sorted = mono.sort_runs(m, order);
    if sorted != *order {
        let t = objective(&sorted);
        if t > best {
            *order = sorted;
            best = t;
            changed = true;
        }
    }
    let nb = Neighbours::new(m, 10.min(n - 1));
    let mut active = vec![true; m.len()];
    changed |= descend(m, &nb, mono, order, &mut active, stats);
    best = best.max(objective(order));
    if n < 8 {
        return changed;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x006d_6f6e_6f74_6f6e);
    // Each fragment's successor in `order`, to see which neighbours a kick changes.
    let successors = |order: &[usize], next_of: &mut [usize]| {
        next_of.fill(usize::MAX);
        for w in order.windows(2) {
            next_of[w[0]] = w[1];
        }
    };
    let mut next_of = vec![usize::MAX; m.len()];
    successors(order, &mut next_of);
    let mut last_kept = 0;
    for kick in 0..kicks(n) {
        if kick as u64 - last_kept >= PATIENCE {
            break;
        }
        stats.repair_kicks_tried += 1;
        let Some(mut cand) = double_bridge(order, &mut rng) else {
            continue;
        };
        // Only the fragments whose neighbours the kick changed start the descent.
        active.fill(false);
        for w in cand.windows(2) {
            if next_of[w[0]] != w[1] {
                active[w[0]] = true;
                active[w[1]] = true;
            }
        }
        descend(m, &nb, mono, &mut cand, &mut active, stats);
        let t = objective(&cand);
        if t > best + 1e-9 {
            best = t;
            *order = cand;
            successors(order, &mut next_of);
            changed = true;
            stats.repair_kicks_kept += 1;
            let wait = kick as u64 + 1 - last_kept;
            stats.repair_longest_wait = stats.repair_longest_wait.max(wait);
            last_kept = kick as u64 + 1;
            stats.repair_last_kept = stats.repair_last_kept.max(last_kept);
        }
    }
    changed
}

/// Added to a bound on how far a penalty can fall, so that rounding in the sums it bounds can
/// never let a pruned place have won: far below any pair score's resolution (f32 scores) and
/// far above the rounding of sums of a few dozen terms of magnitude below 10^4.
const CAP_SLACK: f64 = 1e-6;

/// Rounds of segment moves at most in one descent. Set with the first repair (e6ee72d), not
/// tuned: a round ends the descent when it moves nothing, and descents stop well before this.
const MAX_ROUNDS: usize = 50;

/// Move segments while pair scores minus the penalty improve. A segment may go next to one of
/// its best neighbours or to either end, and one holding a numbered page where its number
/// puts it. Only segments next to an `active` fragment are tried; each round, the fragments
/// whose neighbours a move changed become the active ones (don't-look bits: after a kick, the
/// descent costs what the kick changed, not a pass over the whole order).
fn descend(
    m: &ScoreMatrix,
    nb: &Neighbours,
    mono: &Monotone,
    order: &mut Vec<usize>,
    active: &mut [bool],
    stats: &mut SolveStats,
) -> bool {
    let mut d = Descent::new(m, nb, mono, std::mem::take(order));
    let mut changed = false;
    let mut touched: Vec<usize> = Vec::new();
    for _round in 0..MAX_ROUNDS {
        let mut improved = false;
        for len in 1..=MAX_SEGMENT.min(d.order.len() - 1) {
            improved |= d.pass(len, active, &mut touched, stats);
        }
        changed |= improved;
        if !improved {
            break;
        }
        active.fill(false);
        for f in touched.drain(..) {
            active[f] = true;
        }
    }
    *order = d.order;
    changed
}

/// The state of one descent: the order and what is kept in step with it, so that a move's gain
/// needs no pass over the order.
struct Descent<'a> {
    m: &'a ScoreMatrix,
    nb: &'a Neighbours,
    mono: &'a Monotone,
    order: Vec<usize>,
    /// Per fragment: its position in `order`.
    at: Vec<usize>,
    /// Per position of `order` (and one past the end): the page starts before it.
    starts: Vec<f64>,
    /// Per pair of consecutive numbered pages: the positions they span and their penalty.
    windows: Vec<(usize, usize, f64)>,
    /// The page-number penalty of the order: the sum of the windows' penalties, the most any
    /// move can take off it.
    page_total: f64,
    /// Per growing number: its penalty in the order (steps backwards times the weight).
    stepped: [f64; 3],
    /// Per growing number: the nearest fragments with one around each position.
    near: [Around; 3],
    /// Per growing number: whether any fragment has one (the others are never counted).
    live: [bool; 3],
    /// Scratch: one bit per place of the order, all clear between segments.
    marks: Vec<u64>,
    /// Scratch for a segment's candidate places.
    places: Vec<usize>,
}

/// A segment `i..i + len` of the order being tried, with its neighbours and what taking it out
/// changes. Places are indices into the order without the segment (the rest).
struct Segment {
    i: usize,
    len: usize,
    prev: Option<usize>,
    next: Option<usize>,
    head: usize,
    tail: usize,
    /// Pair scores gained by taking the segment out (closing the gap).
    removal: f64,
    /// Most the page-number penalty can fall by moving the segment (a bound to skip places).
    bound: f64,
    /// Per growing number: what taking the segment out does to it (`None`: nothing).
    lifts: [Option<Lift>; 3],
    /// Most the growing numbers' penalties and the page-number penalty can fall by moving the
    /// segment anywhere: a place whose pair-score gain plus this cannot win is not counted.
    cap: f64,
    /// Per growing number: its part of `cap` (what is left of `cap` after each number is
    /// counted bounds the rest of the gain, so a place can be given up half counted).
    caps: [f64; 3],
}

impl Segment {
    /// Whether position `p` of the order is in the segment.
    fn inside(&self, p: usize) -> bool {
        p >= self.i && p < self.i + self.len
    }

    /// Index in the rest of position `p` of the order (outside the segment).
    fn rest_index(&self, p: usize) -> usize {
        if p < self.i {
            p
        } else {
            p - self.len
        }
    }

    /// Fragment at index `r` of the rest.
    fn rest(&self, order: &[usize], r: usize) -> usize {
        if r < self.i {
            order[r]
        } else {
            order[r + self.len]
        }
    }

    /// The fragments before and after place `j` of the rest, if any.
    fn around_place(&self, order: &[usize], j: usize) -> (Option<usize>, Option<usize>) {
        let x = j.checked_sub(1).map(|r| self.rest(order, r));
        let y = (j < order.len() - self.len).then(|| self.rest(order, j));
        (x, y)
    }
}

impl<'a> Descent<'a> {
    /// Index `order` and count its page starts, windows and numbered neighbours.
    fn new(m: &'a ScoreMatrix, nb: &'a Neighbours, mono: &'a Monotone, order: Vec<usize>) -> Self {
        let n = order.len();
        let mut d = Descent {
            m,
            nb,
            mono,
            order,
            at: vec![0usize; m.len()],
            starts: Vec::with_capacity(n),
            windows: Vec::new(),
            page_total: 0.0,
            stepped: [0.0; 3],
            near: mono.sequences.each_ref().map(|s| Around::new(s, &[])),
            live: mono
                .sequences
                .each_ref()
                .map(|s| s.range.iter().any(Option::is_some)),
            marks: vec![0; n / 64 + 1],
            places: Vec::with_capacity(32),
        };
        d.reindex();
        d
    }

    /// Count positions, numbered neighbours, page starts, windows and the growing numbers'
    /// penalties of the whole order: [`Descent::reindex_range`] over all of it.
    fn reindex(&mut self) {
        let n = self.order.len();
        for a in &mut self.near {
            a.clear(n);
        }
        self.starts.clear();
        self.starts.resize(n + 1, 0.0);
        for ((stepped, s), &live) in self
            .stepped
            .iter_mut()
            .zip(&self.mono.sequences)
            .zip(&self.live)
        {
            if live {
                *stepped = s.penalty(&self.order);
            }
        }
        self.reindex_range(0, n);
    }

    /// Recount the page-number windows and their total (after `at` and `starts`).
    fn recount_windows(&mut self) {
        self.mono
            .windows_at(&self.at, &self.starts, &mut self.windows);
        self.page_total = self.windows.iter().map(|w| w.2).sum();
    }

    /// Try every segment of `len` fragments next to an active one, left to right, and make the
    /// best move of each; a moved segment's place is tried again (whatever now stands there).
    /// Returns true when some segment moved.
    fn pass(
        &mut self,
        len: usize,
        active: &mut [bool],
        touched: &mut Vec<usize>,
        stats: &mut SolveStats,
    ) -> bool {
        let mut improved = false;
        let mut i = 0;
        while i + len <= self.order.len() {
            let Some(seg) = self.segment(i, len, active) else {
                i += 1;
                continue;
            };
            self.gather_places(&seg);
            if let Some(j) = self.best_place(&seg) {
                self.apply(&seg, j, active, touched);
                stats.repair_moves += 1;
                improved = true;
            } else {
                i += 1;
            }
        }
        improved
    }

    /// The segment `i..i + len` if it is worth trying: next to an active fragment, and at most
    /// `MAX_PAGE_SEGMENT` long when it holds a numbered page.
    fn segment(&self, i: usize, len: usize, active: &[bool]) -> Option<Segment> {
        let (m, mono, order) = (self.m, self.mono, &self.order);
        let n = order.len();
        let near_active = order[i.saturating_sub(1)..(i + len + 1).min(n)]
            .iter()
            .any(|&f| active[f]);
        if !near_active {
            return None;
        }
        let seg = &order[i..i + len];
        let holds_page = seg.iter().any(|&f| mono.page_rank[f].is_some());
        if holds_page && len > MAX_PAGE_SEGMENT {
            return None;
        }
        // Without a numbered page, a segment changes the page count of at most two
        // gaps, by its page weight each.
        let bound = if holds_page {
            f64::INFINITY
        } else if mono.pages.is_empty() {
            0.0
        } else {
            2.0 * PAGE_WEIGHT * seg.iter().map(|&f| mono.page_start[f]).sum::<f64>()
        };
        let prev = (i > 0).then(|| order[i - 1]);
        let next = order.get(i + len).copied();
        let (head, tail) = (order[i], order[i + len - 1]);
        let removal = edge(m, prev, next) - edge(m, prev, Some(head)) - edge(m, Some(tail), next);
        let mut lifts = [None; 3];
        // A growing number's penalty falls by at most the lift's own change plus one step
        // where the segment goes, and by that step only if the order without the segment
        // steps back somewhere (the steps the segment holds go with it, so this overcounts).
        let bound = bound.min(self.page_total + CAP_SLACK);
        let mut caps = [0.0; 3];
        for (k, lift) in lifts.iter_mut().enumerate() {
            if self.live[k] {
                *lift = self.near[k].lift(&mono.sequences[k], order, i, len);
                if let Some(l) = lift {
                    let removal = l.removal();
                    let steps_rest = self.stepped[k] + removal > 0.0;
                    caps[k] = if steps_rest {
                        mono.sequences[k].weight
                    } else {
                        0.0
                    } - removal;
                }
            }
        }
        let cap = caps.iter().sum::<f64>() + bound;
        Some(Segment {
            i,
            len,
            prev,
            next,
            head,
            tail,
            removal,
            bound,
            lifts,
            cap: cap + CAP_SLACK,
            caps,
        })
    }

    /// Fill `places` with where the segment may go, sorted and each once: either end, after one
    /// of its head's best predecessors or before one of its tail's best successors, and where
    /// its page and note numbers put it.
    fn gather_places(&mut self, seg: &Segment) {
        let mut places = std::mem::take(&mut self.places);
        places.clear();
        places.push(0);
        places.push(self.order.len() - seg.len);
        let at = &self.at;
        places.extend(
            self.nb.pred[seg.head]
                .iter()
                .map(|&x| at[x])
                .filter(|&p| !seg.inside(p))
                .map(|p| seg.rest_index(p) + 1),
        );
        places.extend(
            self.nb.succ[seg.tail]
                .iter()
                .map(|&y| at[y])
                .filter(|&p| !seg.inside(p))
                .map(|p| seg.rest_index(p)),
        );
        self.page_places(seg, &mut places);
        self.note_places(seg, &mut places);
        // Sorted and each once, through a bit per place (cheaper than sorting a few dozen).
        let marks = &mut self.marks;
        for &p in &places {
            marks[p / 64] |= 1 << (p % 64);
        }
        places.clear();
        for (w, word) in marks.iter_mut().enumerate() {
            while *word != 0 {
                places.push(w * 64 + word.trailing_zeros() as usize);
                *word &= *word - 1;
            }
        }
        self.places = places;
    }

    /// A numbered page may also go where its number puts it: after the page numbered before
    /// it, or before the one numbered after it.
    fn page_places(&self, seg: &Segment, places: &mut Vec<usize>) {
        let (mono, at) = (self.mono, &self.at);
        let frags = &self.order[seg.i..seg.i + seg.len];
        for k in frags.iter().filter_map(|&f| mono.page_rank[f]) {
            if let Some(&(f, _)) = k.checked_sub(1).and_then(|k| mono.pages.get(k)) {
                if !seg.inside(at[f]) {
                    places.push(seg.rest_index(at[f]) + 1);
                }
            }
            if let Some(&(f, _)) = mono.pages.get(k + 1) {
                if !seg.inside(at[f]) {
                    places.push(seg.rest_index(at[f]));
                }
            }
        }
    }

    /// A page with notes may go where its numbers put it: after the fragment whose notes come
    /// just before, or before the one whose notes come just after.
    fn note_places(&self, seg: &Segment, places: &mut Vec<usize>) {
        let (mono, at) = (self.mono, &self.at);
        let notes = &mono.sequences[0].range;
        let frags = &self.order[seg.i..seg.i + seg.len];
        for (lo, hi) in frags.iter().filter_map(|&f| notes[f]) {
            let k = mono.by_note.partition_point(|&(l, _)| l < lo);
            let before = mono.by_note[..k]
                .iter()
                .rev()
                .find(|&&(_, f)| notes[f].is_some_and(|(_, h)| h < lo) && !seg.inside(at[f]));
            if let Some(&(_, f)) = before {
                places.push(seg.rest_index(at[f]) + 1);
            }
            let after = mono.by_note[k..]
                .iter()
                .find(|&&(l, f)| l > hi && !seg.inside(at[f]));
            if let Some(&(_, f)) = after {
                places.push(seg.rest_index(at[f]));
            }
        }
    }

    /// The place among `places` where moving the segment gains most, if any gains more than
    /// `MIN_GAIN`; the first such place wins ties. The page-number change, the dearest part,
    /// is only counted where the rest of the gain plus its bound could still win.
    fn best_place(&self, seg: &Segment) -> Option<usize> {
        let mut best = (MIN_GAIN, usize::MAX);
        for &j in &self.places {
            if j == seg.i {
                continue;
            }
            let pairs = self.pair_gain(seg, j);
            if pairs + seg.cap < best.0 {
                continue;
            }
            let Some(mut gain) = self.sequence_gain(seg, j, pairs, best.0) else {
                continue;
            };
            if gain + seg.bound <= best.0 {
                continue;
            }
            if !self.mono.pages.is_empty() {
                gain -= self.page_delta(seg, j);
            }
            if gain > best.0 {
                best = (gain, j);
            }
        }
        (best.1 != usize::MAX).then_some(best.1)
    }

    /// Gain of moving the segment to place `j` in pair scores: the gap it leaves closes, the
    /// one it enters opens.
    fn pair_gain(&self, seg: &Segment, j: usize) -> f64 {
        let m = self.m;
        let (x, y) = seg.around_place(&self.order, j);
        seg.removal + edge(m, x, Some(seg.head)) + edge(m, Some(seg.tail), y) - edge(m, x, y)
    }

    /// `pairs` (the pair-score gain at place `j`) minus the change in the growing numbers'
    /// penalties; `None` as soon as what is left of the segment's cap shows the place cannot
    /// beat `best`.
    fn sequence_gain(&self, seg: &Segment, j: usize, pairs: f64, best: f64) -> Option<f64> {
        let mut gain = pairs;
        let mut rest = seg.cap;
        let numbers = self.mono.sequences.iter().zip(&self.near);
        for (((s, a), lift), cap) in numbers.zip(&seg.lifts).zip(&seg.caps) {
            if let Some(lift) = lift {
                gain -= a.place(s, &self.order, (seg.i, seg.len, j), lift);
                rest -= cap;
                if gain + rest < best {
                    return None;
                }
            }
        }
        Some(gain)
    }

    /// Change in the page-number penalty when the segment moves to place `j`: only the pairs
    /// of numbered pages whose stretch the segment leaves or enters (or that it holds) are
    /// recounted, with each numbered page where it would stand and the page starts before it.
    fn page_delta(&self, seg: &Segment, j: usize) -> f64 {
        let (i, len) = (seg.i, seg.len);
        let (at, starts) = (&self.at, &self.starts);
        let weight = starts[i + len] - starts[i];
        let at_j = if j <= i {
            starts[j]
        } else {
            starts[j + len] - weight
        };
        let place = |f: usize| {
            let p = at[f];
            if seg.inside(p) {
                (j + p - i, at_j + starts[p] - starts[i])
            } else {
                let r = seg.rest_index(p);
                let before = if p < i { starts[p] } else { starts[p] - weight };
                if r < j {
                    (r, before)
                } else {
                    (r + len, before + weight)
                }
            }
        };
        let enter = if j <= i { j } else { j + len };
        let mut delta = 0.0;
        for (k, &(lo, hi, old)) in self.windows.iter().enumerate() {
            if (i <= hi && i + len > lo) || (enter > lo && enter <= hi) {
                delta += self.mono.window_cost(k, place) - old;
            }
        }
        delta
    }

    /// Move the segment to place `j` of the rest, mark the fragments whose neighbours changed
    /// active (for this round) and touched (for the next), and reindex.
    fn apply(&mut self, seg: &Segment, j: usize, active: &mut [bool], touched: &mut Vec<usize>) {
        let order = &self.order;
        let (x, y) = seg.around_place(order, j);
        for f in [seg.prev, Some(seg.head), Some(seg.tail), seg.next, x, y]
            .into_iter()
            .flatten()
        {
            active[f] = true;
            touched.push(f);
        }
        let (i, len) = (seg.i, seg.len);
        // The growing numbers' penalties change by what the move does to them (whole steps of
        // their weights, so the sums stay exact).
        for (k, lift) in seg.lifts.iter().enumerate() {
            if let Some(lift) = lift {
                let s = &self.mono.sequences[k];
                self.stepped[k] += self.near[k].place(s, order, (i, len, j), lift);
            }
        }
        if j < i {
            self.order[j..i + len].rotate_right(len);
        } else {
            self.order[i..j + len].rotate_left(len);
        }
        self.reindex_range(i.min(j), i.max(j) + len);
    }

    /// [`Descent::reindex`] after the fragments at positions `lo..hi` changed places: the
    /// same tables, recounted from the stretch on (page starts are summed again from `lo` to
    /// the end, in the same order as a whole recount, so they keep the same bits).
    fn reindex_range(&mut self, lo: usize, hi: usize) {
        for p in lo..hi {
            self.at[self.order[p]] = p;
        }
        let order = &self.order;
        for ((a, s), &live) in self
            .near
            .iter_mut()
            .zip(&self.mono.sequences)
            .zip(&self.live)
        {
            if live {
                a.update(s, order, lo, hi);
            }
        }
        let mono = self.mono;
        let mut acc = self.starts[lo];
        for (p, &f) in order.iter().enumerate().skip(lo) {
            self.starts[p] = acc;
            acc += mono.page_start[f];
        }
        self.starts[order.len()] = acc;
        self.recount_windows();
        #[cfg(debug_assertions)]
        for ((stepped, s), &live) in self.stepped.iter().zip(&mono.sequences).zip(&self.live) {
            debug_assert!(!live || *stepped == s.penalty(&self.order));
        }
    }
}
