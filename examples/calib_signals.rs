//! Diagnostic: is each signal's score a calibrated log-likelihood ratio? For every fragment
//! with a true successor, its score for the true successor and for every other candidate, in
//! bins; the log ratio of the two bin frequencies should rise one for one with the score.
//! `cargo run --release --example calib_signals -- md ../shared/corpus SIGNAL`
#[path = "diag/mod.rs"]
mod diag;

use std::collections::BTreeMap;

fn main() {
    let (fmt, corpus, rest) = diag::args();
    let signal = rest.first().cloned().unwrap_or_else(|| "cohesion".into());
    let cfg = collate::Config::default();
    // bin -> (true count, false count)
    let mut bins: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    let (mut nt, mut nf) = (0.0, 0.0);
    for d in diag::documents(&corpus, fmt) {
        for seed in 1..=2 {
            let (s, doc) = diag::case(&d, fmt, seed);
            let an = collate::fragment::analyse(&doc, &cfg.fragment);
            let sc = collate::score::Scorer::new(&an, &cfg.score);
            for (fa, fb) in diag::true_junctions(&s.truth, &an) {
                if fa == fb {
                    continue;
                }
                for b in 0..an.fragments.len() {
                    if b == fa {
                        continue;
                    }
                    let v = sc
                        .contributions(fa, b)
                        .iter()
                        .find(|c| c.signal == signal)
                        .map_or(0.0, |c| c.score);
                    let bin = (v * 4.0).round() as i64;
                    let e = bins.entry(bin).or_default();
                    if b == fb {
                        e.0 += 1.0;
                        nt += 1.0;
                    } else {
                        e.1 += 1.0;
                        nf += 1.0;
                    }
                }
            }
        }
    }
    println!("{signal}: score bin, true, other, log ratio of frequencies");
    for (bin, (t, f)) in bins {
        let llr = ((t + 0.5) / nt).ln() - ((f + 0.5) / nf).ln();
        println!("{:6.2} {t:8} {f:10} {llr:7.2}", bin as f64 / 4.0);
    }
}
