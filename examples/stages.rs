//! Diagnostic: the cost of one restore, stage by stage, as the library counts it
//! ([`collate::pipeline::Stats`]): wall time per stage and the work that drives it.
//! `RAYON_NUM_THREADS=1 cargo run --release --example stages -- scrambled.md [NAME=WEIGHT]...`
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = collate::ingest::read(
        std::path::Path::new(&a[1]),
        None,
        &collate::ingest::Limits {
            max_bytes: 1 << 40,
            max_pages: 100_000,
        },
    )
    .unwrap();
    let mut cfg = collate::Config::default();
    cfg.limits.max_pages = 100_000;
    // Further arguments NAME=WEIGHT set signal weights (`language=0`).
    for nw in a.iter().skip(2) {
        let (n, w) = nw.split_once('=').expect("NAME=WEIGHT");
        cfg.score
            .weights
            .insert(n.to_string(), w.parse().expect("a weight"));
    }
    let r = collate::restore(&doc, &cfg).unwrap();
    let s = &r.stats;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "fragments {} (candidate cuts {}), pair scores {}",
        s.fragments, s.candidate_cuts, s.pair_scores
    );
    println!(
        "ms: fragment {:.0}, prepare {:.0}, matrix {:.0}, solve {:.0}, explain {:.0}",
        ms(s.fragment),
        ms(s.prepare),
        ms(s.matrix),
        ms(s.solve),
        ms(s.explain)
    );
    let w = &s.search;
    println!(
        "solve ms: path {:.0}, sections {:.0}, repair {:.0}, margins {:.0} ({})",
        ms(w.path),
        ms(w.sections),
        ms(w.repair),
        ms(w.margins),
        r.solution.solver
    );
    println!(
        "or-opt passes {} tries {} moves {}; local kicks {}/{} kept; repairs {} moves {} kicks {}/{} kept",
        w.or_opt_passes,
        w.or_opt_tries,
        w.or_opt_moves,
        w.local_kicks_kept,
        w.local_kicks_tried,
        w.repairs,
        w.repair_moves,
        w.repair_kicks_kept,
        w.repair_kicks_tried
    );
}
