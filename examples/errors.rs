//! Diagnostic: for every true page junction the restore got wrong, how the true pair looks.
//! `cargo run --release --example errors -- md ../shared/corpus`
#[path = "diag/mod.rs"]
mod diag;

use std::collections::BTreeMap;
fn main() {
    let (fmt, corpus, _) = diag::args();
    let cfg = collate::Config::default();
    let dirs = diag::documents(&corpus, fmt);
    let mut stats: BTreeMap<String, usize> = BTreeMap::new();
    for d in dirs {
        let fam = diag::family(&d);
        for seed in 1..=2 {
            let (s, doc) = diag::case(&d, fmt, seed);
            let r = collate::restore(&doc, &cfg).unwrap();
            let an = &r.analysis;
            let mut out_pos = vec![usize::MAX; an.fragments.len()];
            for (i, &f) in r.order().iter().enumerate() {
                out_pos[f] = i;
            }
            for (fa, fb) in diag::true_junctions(&s.truth, an) {
                let kind = if fa == fb {
                    "UNDERSEG".to_string()
                } else {
                    if out_pos[fb] == out_pos[fa] + 1 {
                        continue;
                    }
                    let (x, y) = (&an.fragments[fa], &an.fragments[fb]);
                    format!("{:?}/{:?}->{:?}/{:?}", x.kind, x.closes, y.kind, y.opens)
                };
                *stats.entry(format!("{fam:10} {kind}")).or_default() += 1;
            }
        }
    }
    for (k, v) in stats {
        println!("{k:60} {v}");
    }
}
