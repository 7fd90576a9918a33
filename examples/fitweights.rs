//! Diagnostic: fit the signal weights jointly by a conditional logit. For every fragment with
//! a true successor, the softmax over all candidate successors of the weighted pair score
//! should put its mass on the true one (and likewise over all candidate predecessors of the
//! true successor). Newton's method on the multipliers of the current weights; prints the
//! multipliers and the weights they give, with the log-likelihood before and after.
//! `cargo run --release --example fitweights -- md ../shared/corpus 4 5 6` (seeds at the end)
#[path = "diag/mod.rs"]
mod diag;

/// One softmax choice: each candidate's per-signal scores and which candidate is true.
struct Choice {
    feats: Vec<Vec<f64>>,
    truth: usize,
}

fn main() {
    let (fmt, corpus, rest) = diag::args();
    let mut seeds: Vec<u64> = rest.iter().filter_map(|s| s.parse().ok()).collect();
    if seeds.is_empty() {
        seeds = vec![4, 5, 6];
    }
    let cfg = collate::Config::default();
    let names: Vec<&str> = collate::score::signal_names().collect();
    let k = names.len();
    let mut choices: Vec<Choice> = Vec::new();
    for d in diag::documents(&corpus, fmt) {
        for &seed in &seeds {
            let (s, doc) = diag::case(&d, fmt, seed);
            let an = collate::fragment::analyse(&doc, &cfg.fragment);
            let sc = collate::score::Scorer::new(&an, &cfg.score);
            let n = an.fragments.len();
            let feat = |a: usize, b: usize| -> Vec<f64> {
                let c = sc.contributions(a, b);
                names
                    .iter()
                    .map(|nm| c.iter().find(|x| x.signal == *nm).map_or(0.0, |x| x.score))
                    .collect()
            };
            let truth = diag::true_order(&s.truth, &an);
            for w in truth.windows(2) {
                let (a, b) = (w[0], w[1]);
                let succ: Vec<usize> = (0..n).filter(|&x| x != a).collect();
                choices.push(Choice {
                    feats: succ.iter().map(|&x| feat(a, x)).collect(),
                    truth: succ.iter().position(|&x| x == b).unwrap(),
                });
                let pred: Vec<usize> = (0..n).filter(|&x| x != b).collect();
                choices.push(Choice {
                    feats: pred.iter().map(|&x| feat(x, b)).collect(),
                    truth: pred.iter().position(|&x| x == a).unwrap(),
                });
            }
        }
    }
    let loglik = |m: &[f64]| -> f64 {
        choices
            .iter()
            .map(|c| {
                let s: Vec<f64> = c
                    .feats
                    .iter()
                    .map(|f| f.iter().zip(m).map(|(x, w)| x * w).sum())
                    .collect();
                let mx = s.iter().cloned().fold(f64::MIN, f64::max);
                s[c.truth] - mx - s.iter().map(|v| (v - mx).exp()).sum::<f64>().ln()
            })
            .sum::<f64>()
            / choices.len() as f64
    };
    let mut m = vec![1.0; k];
    println!(
        "choices {} loglik at current weights {:.4}",
        choices.len(),
        loglik(&m)
    );
    let ridge = 1e-3;
    for it in 0..30 {
        let mut g = vec![0.0; k];
        let mut h = vec![vec![0.0; k]; k];
        for c in &choices {
            let s: Vec<f64> = c
                .feats
                .iter()
                .map(|f| f.iter().zip(&m).map(|(x, w)| x * w).sum())
                .collect();
            let mx = s.iter().cloned().fold(f64::MIN, f64::max);
            let e: Vec<f64> = s.iter().map(|v| (v - mx).exp()).collect();
            let z: f64 = e.iter().sum();
            let mut mean = vec![0.0; k];
            for (f, ei) in c.feats.iter().zip(&e) {
                for (m, x) in mean.iter_mut().zip(f) {
                    *m += ei / z * x;
                }
            }
            for j in 0..k {
                g[j] += c.feats[c.truth][j] - mean[j];
            }
            for (f, ei) in c.feats.iter().zip(&e) {
                let p = ei / z;
                for i in 0..k {
                    for j in 0..k {
                        h[i][j] += p * (f[i] - mean[i]) * (f[j] - mean[j]);
                    }
                }
            }
        }
        let nc = choices.len() as f64;
        for i in 0..k {
            g[i] = g[i] / nc - ridge * (m[i] - 1.0);
            for v in h[i].iter_mut() {
                *v /= nc;
            }
            h[i][i] += ridge;
        }
        let step = solve(h, g.clone());
        for i in 0..k {
            m[i] += step[i];
        }
        let norm: f64 = step.iter().map(|x| x * x).sum::<f64>().sqrt();
        println!("iter {it} step {norm:.4} loglik {:.4}", loglik(&m));
        if norm < 1e-5 {
            break;
        }
    }
    let w = cfg.score.weights.clone();
    for (i, nm) in names.iter().enumerate() {
        println!(
            "{nm:10} multiplier {:6.3} weight {:6.3}",
            m[i],
            m[i] * w.get(*nm).copied().unwrap_or(0.0)
        );
    }
}

/// Solve h x = g by Gaussian elimination with partial pivoting.
fn solve(mut h: Vec<Vec<f64>>, mut g: Vec<f64>) -> Vec<f64> {
    let k = g.len();
    for c in 0..k {
        let p = (c..k)
            .max_by(|&a, &b| h[a][c].abs().total_cmp(&h[b][c].abs()))
            .unwrap();
        h.swap(c, p);
        g.swap(c, p);
        for r in c + 1..k {
            let f = h[r][c] / h[c][c];
            let pivot = h[c].clone();
            for (x, p) in h[r][c..].iter_mut().zip(&pivot[c..]) {
                *x -= f * p;
            }
            g[r] -= f * g[c];
        }
    }
    let mut x = vec![0.0; k];
    for c in (0..k).rev() {
        let s: f64 = (c + 1..k).map(|j| h[c][j] * x[j]).sum();
        x[c] = (g[c] - s) / h[c][c];
    }
    x
}
