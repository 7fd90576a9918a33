//! Page sets on the repository's own corpus (`corpus/`, CC0): pages put in twice are found
//! and kept side by side (or dropped on request), dropped pages are located, and whole
//! documents get no page-set report at all.

use crate::common::{collate, own_corpus};
use collate::bench::{self, BenchOptions, SetsSummary};
use collate::ingest::Format;

fn sets(format: Format, drop: usize, duplicate: usize) -> Option<SetsSummary> {
    let opts = BenchOptions {
        corpus: own_corpus(),
        format,
        seeds: vec![1, 2, 3],
        drop,
        duplicate,
        ..BenchOptions::default()
    };
    let r = bench::run(&opts, &|_| {}).expect("bench runs");
    assert!(r.failures.is_empty(), "failed runs: {:?}", r.failures);
    r.overall.sets
}

/// Measured with `collate bench --corpus corpus --format txt --seeds 1..3 --duplicate 1` (and
/// `--format md`): every copy found (21 of 21, 24 of 24), nothing else reported.
#[test]
fn a_page_put_in_twice_is_found_and_nothing_else() {
    for format in [Format::Txt, Format::Md] {
        let s = sets(format, 0, 1).expect("duplicates were made");
        let d = &s.duplicates;
        assert!(d.truth >= 21);
        assert_eq!(d.precision, 1.0, "{format:?}: a false duplicate: {d:?}");
        assert!(d.recall >= 0.95, "{format:?}: copies missed: {d:?}");
        assert_eq!(s.missing.found, 0, "{format:?}: a copy reported as a gap");
    }
}

/// Measured with `collate bench --corpus corpus --seeds 1..3 --drop 1`: form feeds 21 of 21
/// gaps located, nothing wrong; markdown 13 of 24 (by footnote numbers; 11 before footnote
/// holes read as lost pages), nothing wrong.
#[test]
fn a_dropped_page_is_located_between_its_true_neighbours() {
    let txt = sets(Format::Txt, 1, 0).expect("pages were dropped");
    assert!(txt.missing.recall >= 0.9, "txt: {:?}", txt.missing);
    assert!(txt.missing.precision >= 0.9, "txt: {:?}", txt.missing);
    let md = sets(Format::Md, 1, 0).expect("pages were dropped");
    assert!(md.missing.recall >= 0.5, "md: {:?}", md.missing);
    assert!(md.missing.precision >= 0.9, "md: {:?}", md.missing);
    assert_eq!(md.duplicates.found, 0);
}

/// Whole documents, each page once: no page-set report in any run.
#[test]
fn whole_documents_report_nothing_missing_and_nothing_twice() {
    for format in [Format::Txt, Format::Md] {
        let s = sets(format, 0, 0);
        assert!(
            s.is_none(),
            "{format:?}: a false report on whole documents: {s:?}"
        );
    }
}

/// Scramble with a page twice, restore: the report names the two copies, both stand side by
/// side in the output (which keeps every byte); `--drop-duplicates` leaves the copy out and
/// says which on standard error.
#[test]
fn copies_stand_together_and_drop_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    let truth = dir.path().join("truth.json");
    collate()
        .args([
            "scramble",
            "--format",
            "txt",
            "--seed",
            "2",
            "--duplicate",
            "1",
        ])
        .arg(own_corpus().join("gibbon-ch03"))
        .arg("-o")
        .arg(&input)
        .arg("--truth")
        .arg(&truth)
        .assert()
        .success();
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(&truth).unwrap()).unwrap();
    let pair = t["duplicates"][0].as_array().unwrap().clone();
    let order: Vec<u64> = t["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    // Input positions (fragment indices) of the page and its copy.
    let at = |p: &serde_json::Value| order.iter().position(|&x| x == p.as_u64().unwrap());
    let expected = [at(&pair[0]).unwrap(), at(&pair[1]).unwrap()];
    let report = dir.path().join("report.json");
    let out = dir.path().join("out.txt");
    collate()
        .arg("restore")
        .arg(&input)
        .arg("-q")
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let found: Vec<usize> = r["duplicates"][0]
        .as_array()
        .expect("a duplicate reported")
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(found, expected);
    let ro: Vec<usize> = r["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    let place = |f: usize| ro.iter().position(|&x| x == f).unwrap();
    assert_eq!(place(found[1]), place(found[0]) + 1, "copies apart");
    let restored = std::fs::read(&out).unwrap();
    assert_eq!(restored.len(), std::fs::read(&input).unwrap().len());
    // Dropped on request: one copy's bytes fewer, and a line on standard error.
    let dropped = dir.path().join("dropped.txt");
    let assert = collate()
        .arg("restore")
        .arg(&input)
        .arg("--drop-duplicates")
        .arg("-o")
        .arg(&dropped)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("{} (a copy of {})", found[1], found[0])),
        "{stderr}"
    );
    let span = &r["fragments"][found[1]]["span"];
    let copy_len = (span["end"].as_u64().unwrap() - span["start"].as_u64().unwrap()) as usize;
    assert_eq!(
        std::fs::read(&dropped).unwrap().len(),
        restored.len() - copy_len
    );
}
