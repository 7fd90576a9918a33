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
    println!("context {:?}", t.elapsed());
    let t = Instant::now();
    let m = sc.matrix();
    println!("matrix {:?}", t.elapsed());
    use collate::solve::Solver;
    let t = Instant::now();
    let s = collate::solve::Auto::default().solve(&m);
    println!("solve {:?}", t.elapsed());
    let t = Instant::now();
    let _ = collate::solve::margins(&m, &s.order);
    println!("margins {:?}", t.elapsed());
}
