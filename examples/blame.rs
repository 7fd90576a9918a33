//! Diagnostic: at every wrong junction, each signal's score for the true successor minus its
//! score for the chosen one (mean per family), and each signal's total over the found order
//! minus over the true one: which signals lead the solver astray.
//! `cargo run --release --example blame -- md ../shared/corpus`
#[path = "diag/mod.rs"]
mod diag;

use std::collections::BTreeMap;

fn main() {
    let (fmt, corpus, _) = diag::args();
    let cfg = collate::Config::default();
    let mut sums: BTreeMap<(String, &'static str), (f64, usize, usize)> = BTreeMap::new();
    for d in diag::documents(&corpus, fmt) {
        let fam = diag::family(&d);
        for seed in 1..=2 {
            let (s, doc) = diag::case(&d, fmt, seed);
            let r = collate::restore(&doc, &cfg).unwrap();
            let an = &r.analysis;
            let sc = collate::score::Scorer::new(an, &cfg.score);
            let order = r.order();
            // Whole orders: each signal's total over the found order minus over the true one.
            let truth = diag::true_order(&s.truth, an);
            if truth != order {
                let total = |o: &[usize]| {
                    let mut t = std::collections::HashMap::new();
                    for w in o.windows(2) {
                        for c in sc.contributions(w[0], w[1]) {
                            *t.entry(c.signal).or_insert(0.0) += c.score;
                        }
                    }
                    t
                };
                let (f, t) = (total(order), total(&truth));
                for (sig, v) in f {
                    let key: &'static str = Box::leak(format!("ORDER {sig}").into_boxed_str());
                    let e = sums.entry((fam.clone(), key)).or_default();
                    e.0 += v - t.get(sig).copied().unwrap_or(0.0);
                    e.1 += 1;
                }
            }
            let mut next = vec![usize::MAX; an.fragments.len()];
            for w in order.windows(2) {
                next[w[0]] = w[1];
            }
            for (fa, fb) in diag::true_junctions(&s.truth, an) {
                let got = next[fa];
                if fa == fb || got == fb || got == usize::MAX {
                    continue;
                }
                let t = sc.contributions(fa, fb);
                let g = sc.contributions(fa, got);
                for (x, y) in t.iter().zip(&g) {
                    let e = sums.entry((fam.clone(), x.signal)).or_default();
                    let diff = x.score - y.score;
                    e.0 += diff;
                    e.1 += 1;
                    if diff < -1e-9 {
                        e.2 += 1;
                    }
                }
            }
        }
    }
    for ((fam, sig), (sum, n, worse)) in &sums {
        if sig.starts_with("ORDER ") {
            println!("{fam:10} {sig:18} total over cases {sum:+.2} in {n} cases");
            continue;
        }
        println!(
            "{fam:10} {sig:10} mean(true-chosen) {:+.3}  true worse in {worse}/{n}",
            sum / *n as f64
        );
    }
}
