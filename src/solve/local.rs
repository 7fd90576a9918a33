//! Local search for large documents: greedy edge construction (best pairs first, no cycles),
//! the resulting path pieces joined exactly when few, then Or-opt segment moves (which keep
//! direction, as asymmetric scores need) and seeded double-bridge kicks to leave local optima.

use super::known::Known;
use super::{exact::HeldKarp, upper_bound, Solution, SolveStats, Solver};
use crate::score::ScoreMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Greedy + Or-opt + iterated kicks; deterministic for a given seed.
pub struct LocalSearch {
    seed: u64,
    /// Longest segment moved by Or-opt.
    pub max_segment: usize,
    /// Candidate successors kept per fragment in the greedy construction.
    pub candidates: usize,
}

impl LocalSearch {
    /// A local search whose kicks are drawn from `seed`.
    pub fn new(seed: u64) -> Self {
        LocalSearch {
            seed,
            max_segment: 10,
            candidates: 24,
        }
    }
}

/// Score of the junction `u → v`, where `None` stands for the document's start or end.
#[inline]
pub(crate) fn edge(m: &ScoreMatrix, u: Option<usize>, v: Option<usize>) -> f64 {
    match (u, v) {
        (Some(u), Some(v)) => m.get(u, v) as f64,
        (None, Some(v)) => m.first[v] as f64,
        (Some(u), None) => m.last[u] as f64,
        (None, None) => 0.0,
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Greedy: take the best remaining pair whose ends are free and which closes no cycle.
fn greedy(m: &ScoreMatrix, k: usize) -> Vec<Vec<usize>> {
    let n = m.len();
    let mut edges: Vec<(f32, usize, usize)> = Vec::with_capacity(n * k.min(n));
    for a in 0..n {
        let mut row: Vec<(f32, usize, usize)> = m.successors(a).map(|(b, s)| (s, a, b)).collect();
        let better = |x: &(f32, usize, usize), y: &(f32, usize, usize)| {
            y.0.total_cmp(&x.0).then(x.2.cmp(&y.2))
        };
        if k < row.len() {
            row.select_nth_unstable_by(k, better);
            row.truncate(k);
        }
        edges.extend(row);
    }
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut succ = vec![usize::MAX; n];
    let mut pred = vec![usize::MAX; n];
    let mut uf: Vec<usize> = (0..n).collect();
    for (_, a, b) in edges {
        if succ[a] != usize::MAX || pred[b] != usize::MAX {
            continue;
        }
        let (ra, rb) = (find(&mut uf, a), find(&mut uf, b));
        if ra == rb {
            continue;
        }
        uf[ra] = rb;
        succ[a] = b;
        pred[b] = a;
    }
    let mut paths = Vec::new();
    for (s, &p) in pred.iter().enumerate() {
        if p == usize::MAX {
            let mut p = vec![s];
            let mut x = s;
            while succ[x] != usize::MAX {
                x = succ[x];
                p.push(x);
            }
            paths.push(p);
        }
    }
    paths
}

/// Join path pieces into one order: exactly when few, greedily otherwise.
fn join_paths(m: &ScoreMatrix, paths: Vec<Vec<usize>>) -> Vec<usize> {
    if paths.len() == 1 {
        return paths.into_iter().next().unwrap();
    }
    let k = paths.len();
    let ends: Vec<(usize, usize)> = paths.iter().map(|p| (p[0], *p.last().unwrap())).collect();
    if k > PIECE_TABLE_LIMIT {
        return chain_pieces(m, &paths, &ends);
    }
    let mut pm = ScoreMatrix::from_fn(k, |i, j| m.get(ends[i].1, ends[j].0));
    for (i, &(head, tail)) in ends.iter().enumerate() {
        pm.first[i] = m.first[head];
        pm.last[i] = m.last[tail];
    }
    let order: Vec<usize> = if k <= 12 {
        HeldKarp.solve(&pm).order
    } else {
        // Greedy over every pair of pieces (so it ends in one path), then Or-opt.
        let mut o = join_paths(&pm, greedy(&pm, k - 1));
        let nb = Neighbours::new(&pm, 10.min(k - 1));
        let mut known = Known::new(k, 3);
        let stats = &mut SolveStats::default();
        or_opt(&pm, &nb, &mut o, 3, stats, None, &mut known);
        o
    };
    order.into_iter().flat_map(|i| paths[i].clone()).collect()
}

/// Above this many pieces, they are chained without a piece-by-piece table.
const PIECE_TABLE_LIMIT: usize = 1500;

/// Nearest-neighbour chaining of many pieces: start with the best opening piece, then always
/// append the unused piece that best follows the current end. O(k²) time, O(k) memory.
fn chain_pieces(m: &ScoreMatrix, paths: &[Vec<usize>], ends: &[(usize, usize)]) -> Vec<usize> {
    let k = paths.len();
    let mut used = vec![false; k];
    let mut cur = (0..k)
        .max_by(|&a, &b| {
            m.first[ends[a].0]
                .total_cmp(&m.first[ends[b].0])
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    let mut order = Vec::with_capacity(k);
    loop {
        used[cur] = true;
        order.push(cur);
        let tail = ends[cur].1;
        let next = (0..k).filter(|&j| !used[j]).max_by(|&a, &b| {
            m.get(tail, ends[a].0)
                .total_cmp(&m.get(tail, ends[b].0))
                .then(b.cmp(&a))
        });
        match next {
            Some(j) => cur = j,
            None => break,
        }
    }
    order.into_iter().flat_map(|i| paths[i].clone()).collect()
}

/// The `k` best successors and predecessors of every fragment: where a moved segment may go.
pub(crate) struct Neighbours {
    pub(crate) succ: Vec<Vec<usize>>,
    pub(crate) pred: Vec<Vec<usize>>,
}

impl Neighbours {
    pub(crate) fn new(m: &ScoreMatrix, k: usize) -> Self {
        let n = m.len();
        // Best first, ties by index; a sparse matrix offers its listed cells only.
        let top = |mut v: Vec<(usize, f32)>| -> Vec<usize> {
            let better =
                |x: &(usize, f32), y: &(usize, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
            if k < v.len() {
                v.select_nth_unstable_by(k, better);
                v.truncate(k);
            }
            v.sort_by(better);
            // A fresh vector of k (collecting from `into_iter` would keep the n-long buffer).
            v.iter().map(|&(x, _)| x).collect()
        };
        Neighbours {
            succ: (0..n).map(|u| top(m.successors(u).collect())).collect(),
            pred: (0..n).map(|v| top(m.predecessors(v).collect())).collect(),
        }
    }
}

/// Gain a move must exceed to be made, so that rounding noise in the sums does not move a
/// segment back and forth. Set with the first Or-opt, not tuned (the monotone repair's
/// descent uses the same threshold).
pub(crate) const MIN_GAIN: f64 = 1e-7;

/// Or-opt: move segments of up to `max_len` fragments next to one of their best neighbours
/// (or to either end), until no move helps. Counts its sweeps and moves in `stats`. With
/// `active` (per fragment), only segments next to an active fragment are tried, and each sweep
/// after the first tries only those next to what the last sweep moved (don't-look bits: after
/// a kick, the descent costs what the kick changed, not sweeps over the whole order). A
/// segment `known` to have no better place, with nothing it depends on changed, is not tried
/// again (the same moves, without the sweeps that only confirm them).
fn or_opt(
    m: &ScoreMatrix,
    nb: &Neighbours,
    order: &mut [usize],
    max_len: usize,
    stats: &mut SolveStats,
    mut active: Option<&mut [bool]>,
    known: &mut Known,
) -> bool {
    let n = order.len();
    if n < 3 {
        return false;
    }
    let mut pos = vec![0usize; n];
    index(order, &mut pos);
    let mut places: Vec<Place> = Vec::with_capacity(32);
    let mut improved_any = false;
    let mut touched: Vec<usize> = Vec::new();
    loop {
        stats.or_opt_passes += 1;
        let mut improved = false;
        for len in 1..=max_len.min(n - 1) {
            let mut i = 0;
            while i + len <= order.len() {
                if let Some(active) = active.as_deref() {
                    let near = &order[i.saturating_sub(1)..(i + len + 1).min(n)];
                    if !near.iter().any(|&f| active[f]) {
                        i += 1;
                        continue;
                    }
                }
                stats.or_opt_tries += 1;
                if known.idle(nb, order, i, len) {
                    i += 1;
                    continue;
                }
                or_opt_places(nb, order, &pos, i, len, &mut places);
                let Some(j) = best_place(m, order, i, len, &places) else {
                    known.found_idle(order, i, len);
                    i += 1;
                    continue;
                };
                let moved = moved_neighbours(order, i, len, &places, j);
                if let Some(active) = active.as_deref_mut() {
                    for f in moved.into_iter().flatten() {
                        active[f] = true;
                        touched.push(f);
                    }
                }
                let [prev, head, tail, next, x, y] = moved;
                known.touch([prev, tail, x], [head, next, y]);
                move_segment(order, i, len, j);
                index(order, &mut pos);
                stats.or_opt_moves += 1;
                improved = true;
                improved_any = true;
            }
        }
        if !improved {
            return improved_any;
        }
        if let Some(active) = active.as_deref_mut() {
            active.fill(false);
            for f in touched.drain(..) {
                active[f] = true;
            }
        }
    }
}

/// A candidate place for a segment: the fragments it would go between, and its position in the
/// order without the segment.
type Place = (Option<usize>, Option<usize>, usize);

/// Record each fragment's position in `order` in `pos`.
fn index(order: &[usize], pos: &mut [usize]) {
    for (p, &f) in order.iter().enumerate() {
        pos[f] = p;
    }
}

/// Fill `places` with where the segment `i..i + len` may go: after one of its head's best
/// predecessors, before one of its tail's best successors, or at either end (never where it
/// already stands).
fn or_opt_places(
    nb: &Neighbours,
    order: &[usize],
    pos: &[usize],
    i: usize,
    len: usize,
    places: &mut Vec<Place>,
) {
    let n = order.len();
    let prev = (i > 0).then(|| order[i - 1]);
    let next = order.get(i + len).copied();
    let (head, tail) = (order[i], order[i + len - 1]);
    let inside = |p: usize| p >= i && p < i + len;
    places.clear();
    for &x in &nb.pred[head] {
        let p = pos[x];
        if inside(p) || Some(x) == prev {
            continue;
        }
        let j = if p < i { p + 1 } else { p + 1 - len };
        places.push((Some(x), order.get(p + 1).copied(), j));
    }
    for &y in &nb.succ[tail] {
        let q = pos[y];
        if inside(q) || Some(y) == next {
            continue;
        }
        let x = (q > 0).then(|| order[q - 1]);
        let j = if q < i { q } else { q - len };
        places.push((x, Some(y), j));
    }
    if i > 0 {
        places.push((None, Some(order[0]), 0));
    }
    if i + len < n {
        places.push((order.last().copied(), None, n - len));
    }
}

/// The position (in the order without the segment `i..i + len`) among `places` where moving
/// the segment gains most in pair scores, if any gains more than `MIN_GAIN`; ties go to the
/// lowest position.
fn best_place(
    m: &ScoreMatrix,
    order: &[usize],
    i: usize,
    len: usize,
    places: &[Place],
) -> Option<usize> {
    let prev = (i > 0).then(|| order[i - 1]);
    let next = order.get(i + len).copied();
    let (head, tail) = (order[i], order[i + len - 1]);
    let removal = edge(m, prev, next) - edge(m, prev, Some(head)) - edge(m, Some(tail), next);
    let mut best = MIN_GAIN;
    let mut best_pos = usize::MAX;
    for &(x, y, j) in places {
        let gain = removal + edge(m, x, Some(head)) + edge(m, Some(tail), y) - edge(m, x, y);
        if gain > best || (gain == best && j < best_pos) {
            best = gain;
            best_pos = j;
        }
    }
    (best_pos != usize::MAX).then_some(best_pos)
}

/// The fragments whose neighbours change when the segment `i..i + len` moves to position `j`:
/// the fragments around it, its ends, and those around the first place listed for `j`, as
/// `[prev, head, tail, next, x, y]` (`prev`, `tail` and `x` get new successors, the others
/// new predecessors).
fn moved_neighbours(
    order: &[usize],
    i: usize,
    len: usize,
    places: &[Place],
    j: usize,
) -> [Option<usize>; 6] {
    let prev = (i > 0).then(|| order[i - 1]);
    let next = order.get(i + len).copied();
    let (head, tail) = (order[i], order[i + len - 1]);
    let (x, y) = places
        .iter()
        .find(|p| p.2 == j)
        .map_or((None, None), |p| (p.0, p.1));
    [prev, Some(head), Some(tail), next, x, y]
}

/// Move the segment `i..i + len` in place so that it lands at position `j` of the order
/// without it.
fn move_segment(order: &mut [usize], i: usize, len: usize, j: usize) {
    if j < i {
        order[j..i + len].rotate_right(len);
    } else {
        order[i..j + len].rotate_left(len);
    }
}

/// A double-bridge kick, `A B C D → A C B D`, at three cuts drawn from `rng`; `None` when two
/// cuts coincide (the draw is still spent, so the sequence of kicks stays the same).
pub(crate) fn double_bridge(order: &[usize], rng: &mut ChaCha8Rng) -> Option<Vec<usize>> {
    let n = order.len();
    let mut cuts = [
        rng.random_range(1..n),
        rng.random_range(1..n),
        rng.random_range(1..n),
    ];
    cuts.sort_unstable();
    if cuts[0] == cuts[1] || cuts[1] == cuts[2] {
        return None;
    }
    let mut cand = Vec::with_capacity(n);
    cand.extend_from_slice(&order[..cuts[0]]);
    cand.extend_from_slice(&order[cuts[1]..cuts[2]]);
    cand.extend_from_slice(&order[cuts[0]..cuts[1]]);
    cand.extend_from_slice(&order[cuts[2]..]);
    Some(cand)
}

/// Kicks in a row without improvement after which the local search stops (a count, not a
/// time, so the order is the same on any machine). On the shared corpus (md seeds 1–6, txt
/// seeds 1–3) improving kicks came at most 96 kicks after the previous one, so 100 keeps all of
/// them (50 changed md adjacency by +0.0004 on seeds 1–3 and 0 on 4–6, but found the exact
/// optimum of small random instances less often); it saves half the kicks of small documents.
const LOCAL_PATIENCE: u64 = 100;

/// Above this many fragments, a kick's Or-opt starts from the fragments the kick moved only
/// (don't-look bits) instead of sweeping the whole order until nothing moves. On the
/// 1,696-fragment all-corpus document the sweeps after its 10 kicks were 643k of 761k Or-opt
/// segment tries, 17k with the bits. Applied to every size the bits cost md adjacency 0.0002
/// (seeds 1–3) and 0.0013 (seeds 4–6), and from 400 fragments up they moved the raw flavour
/// (documents of up to 587 fragments) by −0.007: so only above every shared document, where a
/// full sweep costs 200k segment tries or more.
const DONT_LOOK_FROM: usize = 1000;

/// Improve an existing order with Or-opt moves only (no kicks): used after a global repair.
pub fn polish(m: &ScoreMatrix, order: &mut [usize], stats: &mut SolveStats) {
    let nb = Neighbours::new(m, 10.min(m.len().saturating_sub(1)));
    let mut known = Known::new(order.len(), 10);
    or_opt(m, &nb, order, 10, stats, None, &mut known);
}

impl Solver for LocalSearch {
    fn name(&self) -> &'static str {
        "local-search"
    }

    fn solve(&self, m: &ScoreMatrix) -> Solution {
        let n = m.len();
        if n <= 3 {
            return HeldKarp.solve(m);
        }
        let mut order = join_paths(m, greedy(m, self.candidates.min(n - 1)));
        let nb = Neighbours::new(m, 10.min(n - 1));
        let mut stats = SolveStats::default();
        let mut known = Known::new(n, self.max_segment);
        or_opt(
            m,
            &nb,
            &mut order,
            self.max_segment,
            &mut stats,
            None,
            &mut known,
        );
        let mut best_total = m.total(&order);
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ 0x0063_6f6c_6c61_7465);
        let kicks = if n > 400 {
            10
        } else if n > 150 {
            30
        } else if n > 40 {
            60
        } else {
            200
        };
        let dont_look = n > DONT_LOOK_FROM;
        let mut active = vec![true; n];
        let mut next_of = vec![usize::MAX; n];
        for kick in 0..kicks {
            if kick as u64 - stats.local_last_kept >= LOCAL_PATIENCE {
                break;
            }
            stats.local_kicks_tried += 1;
            let Some(mut cand) = double_bridge(&order, &mut rng) else {
                continue;
            };
            known.replace(&order, &cand);
            if dont_look {
                // Only the fragments whose neighbours the kick changed start the descent.
                next_of.fill(usize::MAX);
                for w in order.windows(2) {
                    next_of[w[0]] = w[1];
                }
                active.fill(false);
                for w in cand.windows(2) {
                    if next_of[w[0]] != w[1] {
                        active[w[0]] = true;
                        active[w[1]] = true;
                    }
                }
                or_opt(
                    m,
                    &nb,
                    &mut cand,
                    self.max_segment,
                    &mut stats,
                    Some(&mut active),
                    &mut known,
                );
            } else {
                let (k, max) = (&mut known, self.max_segment);
                or_opt(m, &nb, &mut cand, max, &mut stats, None, k);
            }
            let t = m.total(&cand);
            if t > best_total + 1e-9 {
                best_total = t;
                order = cand;
                stats.local_kicks_kept += 1;
                let wait = kick as u64 + 1 - stats.local_last_kept;
                stats.local_longest_wait = stats.local_longest_wait.max(wait);
                stats.local_last_kept = kick as u64 + 1;
            } else {
                // Back to the best order: what changed since it is forgotten.
                known.replace(&cand, &order);
            }
        }
        Solution {
            total: m.total(&order),
            order,
            solver: self.name(),
            optimal: false,
            upper_bound: upper_bound(m),
            margins: Vec::new(),
            stats,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search as `LocalSearch` runs it (Or-opt, then kicks kept when they gain), with what
    /// `known` remembers: every order it passes through.
    fn kicked(m: &ScoreMatrix, seed: u64, mut known: Known) -> Vec<Vec<usize>> {
        let n = m.len();
        let nb = Neighbours::new(m, 10.min(n - 1));
        let stats = &mut SolveStats::default();
        let mut order: Vec<usize> = (0..n).collect();
        or_opt(m, &nb, &mut order, 3, stats, None, &mut known);
        let mut seen = vec![order.clone()];
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut best = m.total(&order);
        for _ in 0..40 {
            let Some(mut cand) = double_bridge(&order, &mut rng) else {
                continue;
            };
            known.replace(&order, &cand);
            or_opt(m, &nb, &mut cand, 3, stats, None, &mut known);
            seen.push(cand.clone());
            let t = m.total(&cand);
            if t > best + 1e-9 {
                best = t;
                order = cand;
            } else {
                known.replace(&cand, &order);
            }
        }
        seen
    }

    #[test]
    fn remembering_idle_segments_changes_no_move() {
        for seed in 0..40u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let n = rng.random_range(12..60);
            // Coarse scores, so that ties and equal gains occur too.
            let cells: Vec<f32> = (0..n * n).map(|_| rng.random_range(0..8) as f32).collect();
            let mut m = ScoreMatrix::from_fn(n, |a, b| if a == b { 0.0 } else { cells[a * n + b] });
            for f in 0..n {
                m.first[f] = rng.random_range(0..8) as f32;
                m.last[f] = rng.random_range(0..8) as f32;
            }
            let with = kicked(&m, seed, Known::new(n, 3));
            let without = kicked(&m, seed, Known::forgetful(n, 3));
            assert_eq!(with, without, "seed {seed}, {n} fragments");
        }
    }
}
