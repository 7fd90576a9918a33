//! `collate bench` on a corpus of flavours, with --split/--flavour/--join, per-flavour bounds,
//! --convert (with `cat` of page files as the converter: the real code path, a program run
//! per page) and the hostile-input bounds on --seeds and --threads. Every corpus here is
//! built in a temporary folder from the repository's own `corpus/`.

use crate::common::{collate, own_corpus};
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// The pages of a corpus document's `pages.txt`, without their form feeds.
fn txt_pages(id: &str) -> Vec<String> {
    let t = fs::read_to_string(own_corpus().join(id).join("pages.txt")).unwrap();
    let mut pages: Vec<String> = t
        .split('\u{c}')
        .map(|p| p.trim_matches('\n').to_string())
        .collect();
    pages.pop();
    pages
}

/// Write a document the way `shared/flavours` stores them: pages each followed by a form feed.
fn write_doc(dir: &Path, pages: &[String]) {
    fs::create_dir_all(dir).unwrap();
    let mut t = String::new();
    for p in pages {
        t.push_str(p);
        t.push('\u{c}');
    }
    fs::write(dir.join("pages.md"), &t).unwrap();
    fs::write(dir.join("pages.txt"), &t).unwrap();
}

/// Two flavours of two documents; flavour `shouty` upper-cases the first document, and
/// `gibbon-ch03` has a page without text inside. The manifest puts one document in each split.
fn flavour_corpus(root: &Path) {
    let mut ch03 = txt_pages("gibbon-ch03");
    ch03.insert(5, String::new());
    let fed = txt_pages("federalist-11-20");
    write_doc(&root.join("plain/gibbon-ch03"), &ch03);
    write_doc(&root.join("plain/federalist-11-20"), &fed);
    let shouty: Vec<String> = ch03.iter().map(|p| p.to_uppercase()).collect();
    write_doc(&root.join("shouty/gibbon-ch03"), &shouty);
    write_doc(&root.join("shouty/federalist-11-20"), &fed);
    fs::write(
        root.join("manifest.json"),
        r#"{"documents": [{"id": "gibbon-ch03", "split": "train"},
                          {"id": "federalist-11-20", "split": "validation"}]}"#,
    )
    .unwrap();
}

fn bench_json(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    collate()
        .arg("bench")
        .args(args)
        .args(["--seeds", "1", "--threads", "2", "--markdown"])
        .arg(dir.path().join("r.md"))
        .arg("--json")
        .arg(&json)
        .assert()
        .success();
    serde_json::from_slice(&fs::read(json).unwrap()).unwrap()
}

#[test]
fn a_corpus_of_flavours_is_benched_flavour_by_flavour() {
    let dir = tempfile::tempdir().unwrap();
    flavour_corpus(dir.path());
    let root = dir.path().to_str().unwrap();
    let r = bench_json(&["--corpus", root, "--format", "txt"]);
    let rows = r["per_flavour"].as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|g| g["flavour"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["plain", "shouty"]);
    assert_eq!(r["documents"], 4);
    assert_eq!(r["join"], "formfeed");
    assert_eq!(r["split"], "all");
    for g in rows {
        assert_eq!(g["documents"], 2);
        assert_eq!(g["join"], "formfeed");
        // The blank page is left out: nothing lost, and the adjacency is a share.
        assert_eq!(g["lost"], 0, "{g}");
        assert_eq!(g["duplicated"], 0, "{g}");
        assert!(g["adjacency"].as_f64().unwrap() <= 1.0);
        assert!(g["cut_recall"].as_f64().unwrap() <= 1.0, "{g}");
    }
    let docs = r["per_document"].as_array().unwrap();
    assert_eq!(docs.len(), 4);
    let ch03 = docs
        .iter()
        .find(|d| d["flavour"] == "plain" && d["id"] == "gibbon-ch03")
        .unwrap();
    assert_eq!(ch03["blank_pages"], 1);
    assert_eq!(ch03["pages"], txt_pages("gibbon-ch03").len());

    // The split and one flavour.
    let r = bench_json(&["--corpus", root, "--split", "train", "--flavour", "shouty"]);
    let rows = r["per_flavour"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["flavour"], "shouty");
    assert_eq!(rows[0]["join"], "blank");
    assert_eq!(r["split"], "train");
    let docs = r["per_document"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "gibbon-ch03");
    assert_eq!(docs[0]["flavour"], "shouty");
}

#[test]
fn pages_md_joined_by_form_feeds_asks_only_the_order() {
    let corpus = own_corpus().join("federalist-11-20");
    let r = bench_json(&["--corpus", corpus.to_str().unwrap(), "--join", "formfeed"]);
    assert_eq!(r["format"], "md");
    assert_eq!(r["join"], "formfeed");
    // The cuts are given, so every one is found.
    assert_eq!(r["overall"]["cut_recall"], 1.0);
    assert_eq!(r["overall"]["cut_precision"], 1.0);
    // Without --join the old report has no join field at all.
    let r = bench_json(&["--corpus", corpus.to_str().unwrap()]);
    assert!(r.get("join").is_none());
}

#[test]
fn bounds_hold_for_each_flavour_apart() {
    let dir = tempfile::tempdir().unwrap();
    flavour_corpus(dir.path());
    let root = dir.path().to_str().unwrap();
    let md = dir.path().join("r.md");
    collate()
        .args(["bench", "--corpus", root, "--format", "txt", "--seeds", "1"])
        .args(["--fail-under", "each-flavour:adjacency=1.01", "--markdown"])
        .arg(&md)
        .assert()
        .failure()
        .stderr(predicate::str::contains("plain: adjacency"))
        .stderr(predicate::str::contains("shouty: adjacency"))
        .stderr(predicate::str::contains("below the floor 1.01"));
    let table = fs::read_to_string(&md).unwrap();
    assert!(table.contains("| flavour | join |"), "{table}");
    assert!(table.contains("| plain | formfeed | 2 |"), "{table}");
    collate()
        .args(["bench", "--corpus", root, "--format", "txt", "--seeds", "1"])
        .args(["--fail-over", "each-flavour:lost=0", "--markdown"])
        .arg(&md)
        .assert()
        .success();
    collate()
        .args(["bench", "--corpus", root, "--seeds", "1", "--markdown"])
        .arg(&md)
        .args(["--fail-under", "nosuch:adjacency=0.1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nosuch: not benched"));
}

#[test]
fn a_split_needs_a_manifest_and_a_flavour_needs_flavours() {
    let corpus = own_corpus();
    collate()
        .args([
            "bench",
            "--corpus",
            corpus.to_str().unwrap(),
            "--split",
            "train",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("manifest.json"));
    collate()
        .args([
            "bench",
            "--corpus",
            corpus.to_str().unwrap(),
            "--flavour",
            "layout",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("plain corpus"));
}

#[cfg(unix)]
#[test]
fn a_converter_gives_the_pages_and_a_failed_conversion_fails_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let pdfs = dir.path().join("pdfs");
    fs::create_dir_all(pdfs.join("gibbon-ch03")).unwrap();
    let pdf = fs::read(own_corpus().join("gibbon-ch03/doc.pdf")).unwrap();
    fs::write(pdfs.join("gibbon-ch03.pdf"), &pdf).unwrap();
    // The same PDF, but no page files beside it: `cat` fails on page 1.
    fs::write(pdfs.join("broken.pdf"), &pdf).unwrap();
    for (i, p) in txt_pages("gibbon-ch03").iter().enumerate() {
        fs::write(pdfs.join(format!("gibbon-ch03/page-{}.txt", i + 1)), p).unwrap();
    }
    let json = dir.path().join("r.json");
    let out = collate()
        .args(["bench", "--corpus"])
        .arg(&pdfs)
        .args([
            "--convert",
            "cat '{dir}/{stem}/page-{page}.txt'",
            "--seeds",
            "1,2",
        ])
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(out).unwrap();
    assert!(table.contains("pages converted by `cat"), "{table}");
    let r: Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert_eq!(r["converter"], "cat '{dir}/{stem}/page-{page}.txt'");
    let rows = r["per_flavour"].as_array().unwrap();
    let joins: Vec<&str> = rows.iter().map(|g| g["join"].as_str().unwrap()).collect();
    assert_eq!(joins, ["blank", "formfeed"]);
    for g in rows {
        assert_eq!(g["flavour"], "cat");
        assert_eq!(g["failed"], 2, "{g}");
        assert_eq!(g["pages"], 2 * txt_pages("gibbon-ch03").len(), "{g}");
        assert_eq!(g["lost"], 0);
    }
    // Form feeds give the cuts; blank lines do not.
    assert_eq!(rows[1]["cut_recall"], 1.0);
    let failures = r["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 4);
    assert!(failures[0][0].as_str().unwrap().starts_with("cat/broken"));
    assert!(failures[0][2]
        .as_str()
        .unwrap()
        .contains("conversion failed"));
    // The failed runs can gate CI.
    collate()
        .args(["bench", "--corpus"])
        .arg(&pdfs)
        .args([
            "--convert",
            "cat {dir}/{stem}/page-{page}.txt",
            "--seeds",
            "1",
        ])
        .args(["--join", "formfeed", "--fail-over", "failed=0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("failed 1 is above the ceiling 0"));
}

#[test]
fn hostile_4_seed_range_is_bounded() {
    let corpus = own_corpus().join("sample");
    for seeds in ["0..18446744073709551615", "1..100000000"] {
        collate()
            .args([
                "bench",
                "--corpus",
                corpus.to_str().unwrap(),
                "--seeds",
                seeds,
            ])
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .failure()
            .stderr(predicate::str::contains("at most 1000 are allowed"))
            .stderr(predicate::str::contains("panicked").not());
    }
    collate()
        .args([
            "bench",
            "--corpus",
            corpus.to_str().unwrap(),
            "--threads",
            "100000",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("at most 256 worker threads"));
}

#[test]
fn scramble_joins_either_way() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.txt");
    let doc = own_corpus().join("federalist-11-20");
    collate()
        .arg("scramble")
        .arg(&doc)
        .args(["--seed", "3", "--join", "formfeed", "-o"])
        .arg(&out)
        .assert()
        .success();
    let t = fs::read_to_string(&out).unwrap();
    let pages = txt_pages("federalist-11-20").len();
    assert_eq!(t.matches('\u{c}').count(), pages);
    collate()
        .arg("scramble")
        .arg(&doc)
        .args(["--seed", "3", "--format", "txt", "--join", "blank", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(!fs::read_to_string(&out).unwrap().contains('\u{c}'));
}
