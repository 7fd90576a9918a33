//! The repair's search: bring runs into footnote order when that pays, then move segments of
//! the order wherever pair scores minus the penalty improve, with seeded kicks (double
//! bridges) to leave local optima and don't-look bits so a kick costs what it changed.

use super::sequence::Around;
use super::{Monotone, MAX_SEGMENT, PAGE_WEIGHT};
use crate::score::ScoreMatrix;
use crate::solve::local::{double_bridge, edge, Neighbours};
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
/// adjacency 0.004–0.008; 240 loses 0.0014 (seeds 1–3) and 0.0009 (seeds 4–6), txt and the
/// raw flavour unchanged, and stops the 202-page book's repair after 261 of 480 kicks.
const PATIENCE: u64 = 240;

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
    let n = order.len();
    let mut starts = Vec::with_capacity(n);
    mono.count_starts(order, &mut starts);
    let mut at = vec![0usize; m.len()];
    let index = |order: &[usize], at: &mut [usize]| {
        for (p, &f) in order.iter().enumerate() {
            at[f] = p;
        }
    };
    index(order, &mut at);
    let mut windows = mono.windows_at(&at, &starts);
    let around = |order: &[usize]| mono.sequences.each_ref().map(|s| Around::new(s, order));
    let mut near = around(order);
    let mut changed = false;
    let mut cand: Vec<usize> = Vec::with_capacity(n);
    let mut places: Vec<usize> = Vec::with_capacity(32);
    let mut touched: Vec<usize> = Vec::new();
    for _round in 0..50 {
        let mut improved = false;
        for len in 1..=MAX_SEGMENT.min(n - 1) {
            let mut i = 0;
            while i + len <= order.len() {
                let near_active = order[i.saturating_sub(1)..(i + len + 1).min(n)]
                    .iter()
                    .any(|&f| active[f]);
                if !near_active {
                    i += 1;
                    continue;
                }
                let seg = &order[i..i + len];
                let holds_page = seg.iter().any(|&f| mono.page_rank[f].is_some());
                if holds_page && len > 3 {
                    i += 1;
                    continue;
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
                let removal =
                    edge(m, prev, next) - edge(m, prev, Some(head)) - edge(m, Some(tail), next);
                // Places as indices into the order without the segment.
                let rest_len = n - len;
                let rest = |r: usize| if r < i { order[r] } else { order[r + len] };
                let rest_index = |p: usize| if p < i { p } else { p - len };
                let inside = |p: usize| p >= i && p < i + len;
                places.clear();
                places.push(0);
                places.push(rest_len);
                places.extend(
                    nb.pred[head]
                        .iter()
                        .map(|&x| at[x])
                        .filter(|&p| !inside(p))
                        .map(|p| rest_index(p) + 1),
                );
                places.extend(
                    nb.succ[tail]
                        .iter()
                        .map(|&y| at[y])
                        .filter(|&p| !inside(p))
                        .map(rest_index),
                );
                // A numbered page may also go where its number puts it: after the page
                // numbered before it, or before the one numbered after it.
                for k in seg.iter().filter_map(|&f| mono.page_rank[f]) {
                    if let Some(&(f, _)) = k.checked_sub(1).and_then(|k| mono.pages.get(k)) {
                        if !inside(at[f]) {
                            places.push(rest_index(at[f]) + 1);
                        }
                    }
                    if let Some(&(f, _)) = mono.pages.get(k + 1) {
                        if !inside(at[f]) {
                            places.push(rest_index(at[f]));
                        }
                    }
                }
                // A page with notes may go where its numbers put it: after the fragment whose
                // notes come just before, or before the one whose notes come just after.
                let notes = &mono.sequences[0].range;
                for (lo, hi) in seg.iter().filter_map(|&f| notes[f]) {
                    let k = mono.by_note.partition_point(|&(l, _)| l < lo);
                    let before = mono.by_note[..k]
                        .iter()
                        .rev()
                        .find(|&&(_, f)| notes[f].is_some_and(|(_, h)| h < lo) && !inside(at[f]));
                    if let Some(&(_, f)) = before {
                        places.push(rest_index(at[f]) + 1);
                    }
                    let after = mono.by_note[k..]
                        .iter()
                        .find(|&&(l, f)| l > hi && !inside(at[f]));
                    if let Some(&(_, f)) = after {
                        places.push(rest_index(at[f]));
                    }
                }
                places.sort_unstable();
                places.dedup();
                let mut best = (1e-7, usize::MAX);
                for &j in &places {
                    if j == i {
                        continue;
                    }
                    let x = j.checked_sub(1).map(rest);
                    let y = (j < rest_len).then(|| rest(j));
                    let mut gain =
                        removal + edge(m, x, Some(head)) + edge(m, Some(tail), y) - edge(m, x, y);
                    for (s, a) in mono.sequences.iter().zip(&near) {
                        gain -= a.delta(s, order, i, len, j);
                    }
                    if gain + bound <= best.0 {
                        continue;
                    }
                    if !mono.pages.is_empty() {
                        // Where each numbered page would stand, and the page starts before it.
                        let weight = starts[i + len] - starts[i];
                        let at_j = if j <= i {
                            starts[j]
                        } else {
                            starts[j + len] - weight
                        };
                        let place = |f: usize| {
                            let p = at[f];
                            if inside(p) {
                                (j + p - i, at_j + starts[p] - starts[i])
                            } else {
                                let r = rest_index(p);
                                let before = if p < i { starts[p] } else { starts[p] - weight };
                                if r < j {
                                    (r, before)
                                } else {
                                    (r + len, before + weight)
                                }
                            }
                        };
                        // Only the pairs of numbered pages whose stretch the segment leaves
                        // or enters (or that it holds) change their penalty.
                        let enter = if j <= i { j } else { j + len };
                        let mut delta = 0.0;
                        for (k, &(lo, hi, old)) in windows.iter().enumerate() {
                            if (i <= hi && i + len > lo) || (enter > lo && enter <= hi) {
                                delta += mono.window_cost(k, place) - old;
                            }
                        }
                        gain -= delta;
                    }
                    if gain > best.0 {
                        best = (gain, j);
                    }
                }
                if best.1 != usize::MAX {
                    let j = best.1;
                    let x = j.checked_sub(1).map(rest);
                    let y = (j < rest_len).then(|| rest(j));
                    for f in [prev, Some(head), Some(tail), next, x, y]
                        .into_iter()
                        .flatten()
                    {
                        active[f] = true;
                        touched.push(f);
                    }
                    cand.clear();
                    cand.extend((0..j).map(rest));
                    cand.extend_from_slice(&order[i..i + len]);
                    cand.extend((j..rest_len).map(rest));
                    std::mem::swap(order, &mut cand);
                    index(order, &mut at);
                    near = around(order);
                    mono.count_starts(order, &mut starts);
                    windows = mono.windows_at(&at, &starts);
                    stats.repair_moves += 1;
                    improved = true;
                    changed = true;
                } else {
                    i += 1;
                }
            }
        }
        if !improved {
            break;
        }
        active.fill(false);
        for f in touched.drain(..) {
            active[f] = true;
        }
    }
    changed
}
