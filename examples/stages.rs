//! Diagnostic: time each stage of one restore.
//! `RAYON_NUM_THREADS=1 cargo run --release --example stages -- scrambled.md`
use std::time::Instant;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = collate::ingest::read(
        std::path::Path::new(&a[1]),
        None,
        &collate::ingest::Limits {
            max_bytes: usize::MAX,
            max_pages: 100_000,
        },
    )
    .unwrap();
    let cfg = collate::Config::default();
    let t = Instant::now();
    let an = collate::fragment::analyse(&doc, &cfg.fragment);
    println!(
        "fragment {:?} ({} fragments)",
        t.elapsed(),
        an.fragments.len()
    );
    let t = Instant::now();
    let sc = collate::score::Scorer::new(&an, &cfg.score);
    println!("prepare {:?}", t.elapsed());
    let t = Instant::now();
    let m = sc.matrix();
    println!("matrix {:?}", t.elapsed());
    let t = Instant::now();
    let s = collate::solve::solve(&m, &an.structure, &collate::solve::SolveConfig::default());
    println!(
        "solve {:?} (path, sections, repairs, margins; {})",
        t.elapsed(),
        s.solver
    );
}
