//! Criterion benches of each stage and the whole restore, on scrambled documents built from
//! the shared corpus: Gibbon's chapters one after another (prose with notes; markdown, whose
//! cuts fragment detection must find, and form-feed text), and the technical manuals of the
//! flavour corpus (layout text: code, lists, tables), cut or repeated to 200, 800, 2,000 and
//! 5,000 pages (5,000 is past the sparse-scoring threshold). Run with `cargo bench`
//! (`cargo bench -- stages/fragment` for one stage); the shared corpus must sit in
//! `../shared`. The curve up to 20,000 pages is `tools/scale/run.sh`.

use collate::bench::{load_known, scramble, KnownDoc};
use collate::fragment::{analyse, FragmentConfig};
use collate::ingest::{Document, Format};
use collate::score::{ScoreConfig, Scorer};
use collate::solve::{solve, SolveConfig};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::path::PathBuf;

fn shared() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(
        dir.join("corpus").is_dir(),
        "benches need the shared corpus at {}",
        dir.display()
    );
    dir
}

/// The pages of `docs` one after another, repeated or cut to `pages`.
fn join(id: &str, docs: &[PathBuf], pages: usize, format: Format) -> KnownDoc {
    let mut all = Vec::new();
    for d in docs {
        all.extend(load_known(d, format).expect("shared document").pages);
    }
    while all.len() < pages {
        let again = all.clone();
        all.extend(again);
    }
    all.truncate(pages);
    KnownDoc {
        id: format!("{id}-{pages}"),
        pages: all,
        format,
        pdf: None,
    }
}

fn gibbon(pages: usize, format: Format) -> KnownDoc {
    let corpus = shared().join("corpus");
    let docs: Vec<PathBuf> = (1..=20)
        .map(|ch| corpus.join(format!("gibbon-ch{ch:02}")))
        .collect();
    join("gibbon", &docs, pages, format)
}

/// The technical manuals of the flavour corpus, as `pdftotext -layout` reads them.
fn manuals(pages: usize) -> KnownDoc {
    let layout = shared().join("flavours/layout");
    let docs: Vec<PathBuf> = [
        "asy-asymptote",
        "gnuplot-gnuplot",
        "octave-octave",
        "octave-liboctave",
        "rdoc-r-admin",
    ]
    .iter()
    .map(|d| layout.join(d))
    .filter(|d| d.is_dir())
    .collect();
    join("manuals", &docs, pages, Format::Txt)
}

fn document(known: &KnownDoc) -> Document {
    let s = scramble(known, 1, 0);
    Document::from_text("bench", s.text, Some(known.format)).unwrap()
}

fn doc(pages: usize, format: Format) -> Document {
    document(&gibbon(pages, format))
}

/// Each stage (fragment, score, solve) per kind of document and size.
fn stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    for n in [200, 800, 2000, 5000] {
        for (kind, known) in [
            ("gibbon-md", gibbon(n, Format::Md)),
            ("gibbon-txt", gibbon(n, Format::Txt)),
            ("manuals-txt", manuals(n)),
        ] {
            let d = document(&known);
            let an = analyse(&d, &FragmentConfig::default());
            g.bench_with_input(
                BenchmarkId::new(format!("fragment/{kind}"), n),
                &d,
                |b, d| b.iter(|| analyse(d, &FragmentConfig::default())),
            );
            g.bench_with_input(
                BenchmarkId::new(format!("score/{kind}"), n),
                &an,
                |b, an| b.iter(|| Scorer::new(an, &ScoreConfig::default()).matrix()),
            );
            let m = Scorer::new(&an, &ScoreConfig::default()).matrix();
            g.bench_with_input(BenchmarkId::new(format!("solve/{kind}"), n), &m, |b, m| {
                b.iter(|| solve(m, &an.structure, &SolveConfig::default()))
            });
        }
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
