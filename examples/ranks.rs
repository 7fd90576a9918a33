//! Diagnostic: how often each true successor is the best-scoring successor, by close type.
//! `cargo run --release --example ranks -- md ../shared/corpus [SIGNAL_OFF …]`
#[path = "diag/mod.rs"]
mod diag;

use std::collections::BTreeMap;
fn main() {
    let (fmt, corpus, rest) = diag::args();
    let without = rest;
    let mut cfg = collate::Config::default();
    for w in &without {
        cfg.score = cfg.score.clone().without(w);
    }
    let mut stats: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let dirs = diag::documents(&corpus, fmt);
    for d in dirs {
        let fam = diag::family(&d);
        let (s, doc) = diag::case(&d, fmt, 1);
        let an = collate::fragment::analyse(&doc, &cfg.fragment);
        let sc = collate::score::Scorer::new(&an, &cfg.score);
        let m = sc.matrix();
        // Intra-page junctions across candidate cuts: is the input successor the best?
        for l in &an.links {
            let (fa, fb) = (l.from, l.to);
            let same = s.truth.spans.iter().any(|sp| {
                sp.start <= an.fragments[fa].content.start && an.fragments[fb].content.end <= sp.end
            });
            let row_best = (0..an.fragments.len())
                .filter(|&x| x != fa)
                .max_by(|&x, &y| m.get(fa, x).total_cmp(&m.get(fa, y)))
                .unwrap();
            let col_best = (0..an.fragments.len())
                .filter(|&x| x != fb)
                .max_by(|&x, &y| m.get(x, fb).total_cmp(&m.get(y, fb)))
                .unwrap();
            let key = format!("{fam:10} link same-page={same}");
            let e = stats.entry(key).or_default();
            e.0 += 1;
            if row_best == fb && col_best == fa {
                e.1 += 1;
            }
        }
        for (fa, fb) in diag::true_junctions(&s.truth, &an) {
            if fa == fb {
                continue;
            }
            let row_best = (0..an.fragments.len())
                .filter(|&x| x != fa)
                .max_by(|&x, &y| m.get(fa, x).total_cmp(&m.get(fa, y)))
                .unwrap();
            let key = format!(
                "{fam:10} {:?}->{:?}",
                an.fragments[fa].closes, an.fragments[fb].opens
            );
            let e = stats.entry(key).or_default();
            e.0 += 1;
            if row_best == fb {
                e.1 += 1;
            }
        }
    }
    for (k, (t, ok)) in stats {
        println!("{k:45} {ok:5}/{t:5} = {:.2}", ok as f64 / t as f64);
    }
}
