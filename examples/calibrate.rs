//! Diagnostic: refit the junction confidence (Platt scaling of the margin) by logistic
//! regression on bench junctions. Prints the slope and intercept for `solve::confidence`.
//! `cargo run --release --example calibrate -- md ../shared/corpus 4 5 6` (seeds at the end)
#[path = "diag/mod.rs"]
mod diag;

/// The slope and intercept `confidence` uses now (to recover each junction's margin).
const SLOPE: f64 = 0.71;
const INTERCEPT: f64 = 2.52;

fn main() {
    let (fmt, corpus, rest) = diag::args();
    let mut seeds: Vec<u64> = rest
        .iter()
        .map(|s| s.parse().expect("seeds are numbers"))
        .collect();
    if seeds.is_empty() {
        // The seeds the shipped calibration was fitted on.
        seeds = vec![4, 5, 6];
    }
    let cfg = collate::Config::default();
    let mut data: Vec<(f64, bool)> = Vec::new();
    for d in diag::documents(&corpus, fmt) {
        let known = collate::bench::scramble::load_known(&d, fmt).unwrap();
        for &s in &seeds {
            let r = collate::bench::run_one(&known, s, &cfg).unwrap();
            for (c, ok) in r.junctions {
                let c = c.clamp(1e-12, 1.0 - 1e-12);
                let margin = ((c / (1.0 - c)).ln() - INTERCEPT) / SLOPE;
                data.push((margin, ok));
            }
        }
    }
    // Newton's method for the logistic regression p = sigmoid(a·margin + b).
    let (mut a, mut b) = (SLOPE, INTERCEPT);
    for _ in 0..50 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(m, ok) in &data {
            let m = m.clamp(-10.0, 10.0);
            let p = 1.0 / (1.0 + (-(a * m + b)).exp());
            let y = if ok { 1.0 } else { 0.0 };
            ga += (y - p) * m;
            gb += y - p;
            let w = p * (1.0 - p);
            haa += w * m * m;
            hab += w * m;
            hbb += w;
        }
        let det = haa * hbb - hab * hab;
        a += (hbb * ga - hab * gb) / det;
        b += (-hab * ga + haa * gb) / det;
    }
    println!("n={} a={a:.3} b={b:.3}", data.len());
}
