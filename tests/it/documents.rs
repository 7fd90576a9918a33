//! Mixed documents on the repository's own corpus (`corpus/`, CC0): two documents' pages
//! shuffled together are told apart and each ordered on its own; `restore --split DIR` writes
//! each to its own file, losing and repeating nothing; single documents are never split.

use crate::common::{collate, own_corpus};
use collate::bench::{self, load_known, scramble_damaged, BenchOptions, Damage, Join};
use collate::config::Config;
use collate::ingest::{Document, Format};

/// `a` and `b` (form-feed text of the repository's corpus) shuffled together with `seed` and
/// restored: the documents found, each as the true pages it holds in its order (`b`'s pages
/// numbered after `a`'s), and the restored order in the same numbering.
fn restore_mixed(a: &str, b: &str, seed: u64) -> (Vec<Vec<usize>>, Vec<usize>, usize) {
    let a = load_known(&own_corpus().join(a), Format::Txt).unwrap();
    let b = load_known(&own_corpus().join(b), Format::Txt).unwrap();
    let damage = Damage {
        mix: Some(b),
        ..Damage::default()
    };
    let s = scramble_damaged(&a, seed, 0, Join::Formfeed, &damage).unwrap();
    let doc = Document::from_text("mixed", s.text.clone(), Join::Formfeed.read_as()).unwrap();
    let r = collate::restore(&doc, &Config::default()).unwrap();
    // Fragment i is input page i; its true page says whose it is.
    let truth = |d: &[usize]| d.iter().map(|&f| s.truth.order[f]).collect::<Vec<_>>();
    let docs = r.sets.documents.iter().map(|d| truth(d)).collect();
    (docs, truth(r.order()), a.pages.len())
}

/// Whether every page of a document comes from one source (`n`: the first source's pages).
fn one_source(d: &[usize], n: usize) -> bool {
    d.iter().all(|&p| (p >= n) == (d[0] >= n))
}

/// Gibbon's chapter III and Kropotkin's chapter V (form-feed text), shuffled together with
/// seed 1: two documents found, each holding the pages of one source only, in their order.
#[test]
fn two_books_shuffled_together_come_apart() {
    let (docs, order, n) = restore_mixed("gibbon-ch03", "kropotkin-mutual-aid-ch5", 1);
    assert_eq!(docs.len(), 2, "documents: {docs:?}");
    for d in &docs {
        assert!(one_source(d, n), "a mixed document: {d:?}");
        assert!(
            d.windows(2).all(|w| w[0] < w[1]),
            "each document in its true order"
        );
    }
    assert_eq!(order, docs.concat());
}

/// Two parts of one book (Kropotkin's chapters I–IV and V, form-feed text), shuffled together
/// with seeds 1–3: their title pages differ in a word (`Chapters I–IV`, `Chapter V`), and each
/// goes to the document whose pages name it, with every other page of its source.
#[test]
fn two_parts_of_one_book_keep_their_own_title_pages() {
    for seed in 1..=3 {
        let (docs, _, n) = restore_mixed(
            "kropotkin-mutual-aid-ch1-4",
            "kropotkin-mutual-aid-ch5",
            seed,
        );
        assert_eq!(docs.len(), 2, "seed {seed}: documents {docs:?}");
        for d in &docs {
            assert!(one_source(d, n), "seed {seed}: a mixed document: {d:?}");
        }
    }
}

fn mixed(format: Format) -> bench::BenchReport {
    let opts = BenchOptions {
        corpus: own_corpus(),
        format,
        seeds: vec![1, 2, 3],
        mix: true,
        ..BenchOptions::default()
    };
    let r = bench::run(&opts, &|_| {}).expect("bench runs");
    assert!(r.failures.is_empty(), "failed runs: {:?}", r.failures);
    r
}

/// Measured with `collate bench --corpus corpus --mix --seeds 1..3`: form feeds 24 of 24
/// mixed runs split, 0.940 of pages in their own document; markdown 26 of 27, 0.764; no single
/// document split in either.
#[test]
fn mixed_pairs_are_split_and_single_documents_never() {
    for (format, assigned) in [(Format::Txt, 0.93), (Format::Md, 0.7)] {
        let r = mixed(format);
        let m = r.mix.expect("mixed figures");
        assert!(m.runs >= 24);
        assert_eq!(m.false_splits, 0, "{format:?}: a single document split");
        assert!(m.split_runs * 10 >= m.runs * 9, "{format:?}: {m:?}");
        assert!(m.assigned >= assigned, "{format:?}: {}", m.assigned);
        // Single documents: the runs alone are the ordinary bench's.
        assert!(r.overall.sets.is_none(), "{format:?}: {:?}", r.overall.sets);
    }
}

/// `restore --split DIR` on two shuffled documents: two files, in output order, which
/// together hold every input byte once; a single document gives one file; a folder whose
/// file would be the input is refused.
#[test]
fn split_writes_each_document_to_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let mixed = dir.path().join("mixed.txt");
    collate()
        .args(["scramble", "--format", "txt", "--seed", "1", "--mix"])
        .arg(own_corpus().join("kropotkin-mutual-aid-ch5"))
        .arg(own_corpus().join("gibbon-ch03"))
        .arg("-o")
        .arg(&mixed)
        .assert()
        .success();
    let out = dir.path().join("docs");
    collate()
        .arg("restore")
        .arg(&mixed)
        .arg("-o")
        .arg(dir.path().join("restored.txt"))
        .arg("--split")
        .arg(&out)
        .arg("--quiet")
        .assert()
        .success();
    let one = std::fs::read_to_string(out.join("doc-1.txt")).unwrap();
    let two = std::fs::read_to_string(out.join("doc-2.txt")).unwrap();
    assert!(!out.join("doc-3.txt").exists());
    let input = std::fs::read_to_string(&mixed).unwrap();
    let bytes = |s: &str| {
        let mut b = s.as_bytes().to_vec();
        b.sort_unstable();
        b
    };
    assert_eq!(
        bytes(&(one.clone() + &two)),
        bytes(&input),
        "lossless across the files"
    );
    let (g, k) = ("Edward Gibbon", "Peter Kropotkin");
    assert!(
        (one.contains(g) && !one.contains(k) && two.contains(k) && !two.contains(g))
            || (one.contains(k) && !one.contains(g) && two.contains(g) && !two.contains(k)),
        "each book in a file of its own"
    );
    // One document: one file.
    let single = dir.path().join("single.txt");
    collate()
        .args(["scramble", "--format", "txt", "--seed", "1"])
        .arg(own_corpus().join("gibbon-ch08"))
        .arg("-o")
        .arg(&single)
        .assert()
        .success();
    let alone = dir.path().join("alone");
    collate()
        .arg("restore")
        .arg(&single)
        .arg("-o")
        .arg(dir.path().join("single.r.txt"))
        .arg("--split")
        .arg(&alone)
        .arg("--quiet")
        .assert()
        .success();
    assert_eq!(
        std::fs::read(alone.join("doc-1.txt")).unwrap(),
        std::fs::read(dir.path().join("single.r.txt")).unwrap()
    );
    assert!(!alone.join("doc-2.txt").exists());
    // The input as doc-1.txt of the folder: refused, the input untouched.
    let inside = dir.path().join("doc-1.txt");
    std::fs::copy(&mixed, &inside).unwrap();
    let a = collate()
        .arg("restore")
        .arg(&inside)
        .arg("-o")
        .arg(dir.path().join("r2.txt"))
        .arg("--split")
        .arg(dir.path())
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("--split would write over the input"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert_eq!(std::fs::read_to_string(&inside).unwrap(), input);
}
