//! Criterion benches of each stage and the whole restore, on scrambled documents built from
//! the shared corpus (Gibbon's chapters one after another, cut to 50, 200 and 800 pages, and
//! repeated up to 2,000 pages for the whole restore).
//! Run with `cargo bench`; the shared corpus must sit in `../shared/corpus`.

use collate::bench::{load_known, scramble, KnownDoc};
use collate::fragment::{analyse, FragmentConfig};
use collate::ingest::{Document, Format};
use collate::score::{ScoreConfig, Scorer};
use collate::solve::{solve, SolveConfig};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::path::PathBuf;

fn gibbon(pages: usize, format: Format) -> KnownDoc {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        corpus.is_dir(),
        "benches need the shared corpus at {}",
        corpus.display()
    );
    let mut all = Vec::new();
    for ch in 1..=20 {
        let d =
            load_known(&corpus.join(format!("gibbon-ch{ch:02}")), format).expect("corpus document");
        all.extend(d.pages);
    }
    while all.len() < pages {
        let again = all.clone();
        all.extend(again);
    }
    all.truncate(pages);
    KnownDoc {
        id: format!("gibbon-{pages}"),
        pages: all,
        format,
        pdf: None,
    }
}

fn doc(pages: usize, format: Format) -> Document {
    let s = scramble(&gibbon(pages, format), 1, 0);
    Document::from_text("bench", s.text, Some(format)).unwrap()
}

fn stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("stages-md");
    g.sample_size(10);
    for n in [50, 200, 800] {
        let d = doc(n, Format::Md);
        let an = analyse(&d, &FragmentConfig::default());
        g.bench_with_input(BenchmarkId::new("fragment", n), &d, |b, d| {
            b.iter(|| analyse(d, &FragmentConfig::default()))
        });
        g.bench_with_input(BenchmarkId::new("score", n), &an, |b, an| {
            b.iter(|| Scorer::new(an, &ScoreConfig::default()).matrix())
        });
        let m = Scorer::new(&an, &ScoreConfig::default()).matrix();
        g.bench_with_input(BenchmarkId::new("solve", n), &m, |b, m| {
            b.iter(|| solve(m, &an.structure, &SolveConfig::default()))
        });
    }
    g.finish();
}

/// The whole search (path, sections, monotone repair, margins) on a book whose footnotes run
/// on through its chapters (the Gibbon chapters above number their notes afresh, so the
/// repair has little to read there).
fn monotone(c: &mut Criterion) {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let known = load_known(&corpus.join("kropotkin-mutual-aid-whole"), Format::Md)
        .expect("corpus document");
    let s = scramble(&known, 1, 0);
    let d = Document::from_text("bench", s.text, Some(Format::Md)).unwrap();
    let an = analyse(&d, &FragmentConfig::default());
    let m = Scorer::new(&an, &ScoreConfig::default()).matrix();
    let mut g = c.benchmark_group("stages-md");
    g.sample_size(10);
    g.bench_function("solve-notes/202", |b| {
        b.iter(|| solve(&m, &an.structure, &SolveConfig::default()))
    });
    g.finish();
}

fn whole(c: &mut Criterion) {
    let mut g = c.benchmark_group("restore");
    g.sample_size(10);
    for (n, format) in [
        (200, Format::Md),
        (200, Format::Txt),
        (800, Format::Md),
        (2000, Format::Md),
    ] {
        let d = doc(n, format);
        g.bench_function(format!("{n}-{format:?}"), |b| {
            b.iter(|| collate::restore(&d, &collate::Config::default()).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, stages, monotone, whole);
criterion_main!(benches);
