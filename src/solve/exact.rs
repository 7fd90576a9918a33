//! Held–Karp dynamic programming: the optimal path over all subsets, O(2ⁿ·n²) time and
//! O(2ⁿ·n) memory, so used only for small documents (about 15 fragments).

use super::{upper_bound, Solution, SolveStats, Solver};
use crate::score::ScoreMatrix;

/// Exact solver; refuses nothing, but is only sensible for n ≤ ~16.
pub struct HeldKarp;

impl Solver for HeldKarp {
    fn name(&self) -> &'static str {
        "held-karp"
    }

    fn solve(&self, m: &ScoreMatrix) -> Solution {
        let n = m.len();
        if n == 0 {
            return Solution {
                order: vec![],
                total: 0.0,
                solver: self.name(),
                optimal: true,
                upper_bound: 0.0,
                margins: Vec::new(),
                stats: SolveStats {
                    exact: true,
                    ..SolveStats::default()
                },
            };
        }
        assert!(
            n <= 24,
            "Held-Karp on {n} fragments would not fit in memory"
        );
        let full = 1usize << n;
        let mut dp = vec![f64::NEG_INFINITY; full * n];
        let mut parent = vec![u8::MAX; full * n];
        for j in 0..n {
            dp[(1 << j) * n + j] = m.first[j] as f64;
        }
        for mask in 1..full {
            for j in 0..n {
                if mask & (1 << j) == 0 {
                    continue;
                }
                let cur = dp[mask * n + j];
                if cur == f64::NEG_INFINITY {
                    continue;
                }
                for k in 0..n {
                    if mask & (1 << k) != 0 {
                        continue;
                    }
                    let next = mask | (1 << k);
                    let v = cur + m.get(j, k) as f64;
                    // Strict comparison and fixed loop order make ties deterministic.
                    if v > dp[next * n + k] {
                        dp[next * n + k] = v;
                        parent[next * n + k] = j as u8;
                    }
                }
            }
        }
        let last_mask = full - 1;
        let mut best = f64::NEG_INFINITY;
        let mut end = 0;
        for j in 0..n {
            let v = dp[last_mask * n + j] + m.last[j] as f64;
            if v > best {
                best = v;
                end = j;
            }
        }
        let mut order = Vec::with_capacity(n);
        let mut mask = last_mask;
        let mut j = end;
        loop {
            order.push(j);
            let p = parent[mask * n + j];
            mask &= !(1 << j);
            if p == u8::MAX {
                break;
            }
            j = p as usize;
        }
        order.reverse();
        Solution {
            total: m.total(&order),
            order,
            solver: self.name(),
            optimal: true,
            upper_bound: upper_bound(m),
            margins: Vec::new(),
            stats: SolveStats {
                exact: true,
                ..SolveStats::default()
            },
        }
    }
}
