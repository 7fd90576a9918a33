//! Diagnostic: where the search's improving kicks fall, per corpus document and seed, to size
//! a budget of kicks without improvement. One line per restore: document, seed, fragments,
//! local kicks kept/tried and the last kept, repair kicks kept/tried and the last kept.
//! `cargo run --release --example kicks -- ../shared/corpus md 1..3`
use collate::bench::{load_known, scramble};
use collate::ingest::{Document, Format};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let corpus = std::path::PathBuf::from(&a[1]);
    let format = if a[2] == "txt" {
        Format::Txt
    } else {
        Format::Md
    };
    let (lo, hi) = a[3].split_once("..").expect("seeds as A..B");
    let seeds = lo.parse::<u64>().unwrap()..=hi.parse::<u64>().unwrap();
    let mut docs: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    docs.sort();
    let cfg = collate::Config::default();
    for d in docs {
        let Ok(known) = load_known(&d, format) else {
            continue;
        };
        for seed in seeds.clone() {
            let s = scramble(&known, seed, 0);
            let doc = Document::from_text(&known.id, s.text, Some(format)).unwrap();
            let Ok(r) = collate::restore(&doc, &cfg) else {
                continue;
            };
            let w = &r.stats.search;
            println!(
                "{} {seed} {} local {}/{} last {} wait {} repair {}/{} last {} wait {} repairs {} moves {}",
                known.id,
                r.stats.fragments,
                w.local_kicks_kept,
                w.local_kicks_tried,
                w.local_last_kept,
                w.local_longest_wait,
                w.repair_kicks_kept,
                w.repair_kicks_tried,
                w.repair_last_kept,
                w.repair_longest_wait,
                w.repairs,
                w.repair_moves
            );
        }
    }
}
