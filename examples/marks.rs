//! Diagnostic: at true junctions, how often a mark left open at A's end is closed at B's
//! start, per document family and close type.
//! `cargo run --release --example marks -- md ../shared/corpus`
#[path = "diag/mod.rs"]
mod diag;

use std::collections::BTreeMap;

fn main() {
    let (fmt, corpus, _) = diag::args();
    let cfg = collate::Config::default();
    let mut t: BTreeMap<(String, String, u8), [u32; 4]> = BTreeMap::new();
    for d in diag::documents(&corpus, fmt) {
        let fam = diag::family(&d);
        let (s, doc) = diag::case(&d, fmt, 1);
        let an = collate::fragment::analyse(&doc, &cfg.fragment);
        for (fa, fb) in diag::true_junctions(&s.truth, &an) {
            if fa == fb {
                continue;
            }
            let (a, b) = (&an.fragments[fa], &an.fragments[fb]);
            for mark in [1u8, 2, 4, 8] {
                let o = a.open_marks & mark != 0;
                let c = b.closed_marks & mark != 0;
                let k = (fam.clone(), format!("{:?}", a.closes), mark);
                t.entry(k).or_default()[(o as usize) * 2 + c as usize] += 1;
            }
        }
    }
    println!("family close mark: (open,closed) counts 00 01 10 11");
    for ((f, c, m), v) in t {
        if v[1] + v[2] + v[3] > 0 {
            println!("{f:10} {c:10} {m} {:?}", v);
        }
    }
}
