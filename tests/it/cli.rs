//! End-to-end runs of the `collate` binary: restore, report, order, scramble, bench, and the
//! bad-input matrix (each a one-line error with a hint, a non-zero exit, no panic, no output).

use crate::common::{collate, own_corpus};
use predicates::prelude::*;
use std::fs;

fn sample_pages() -> Vec<String> {
    let t = fs::read_to_string(own_corpus().join("sample/pages.md")).unwrap();
    t.split('\u{c}')
        .map(|p| p.trim_matches('\n').to_string())
        .collect()
}

#[test]
fn restores_the_embedded_sample_in_true_order() {
    let out = collate()
        .args(["restore", "corpus/sample.scrambled.md"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let pages = sample_pages();
    // Each page appears whole, and in true order.
    let mut last = 0;
    for p in &pages {
        let at = text
            .find(p.as_str())
            .unwrap_or_else(|| panic!("page missing or split: {p:.60}"));
        assert!(at >= last, "page out of order: {p:.60}");
        last = at;
    }
    // Nothing but blank lines was added.
    let input = fs::read_to_string(own_corpus().join("sample.scrambled.md")).unwrap();
    let strip = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .len()
    };
    assert_eq!(strip(&text), strip(&input));
}

#[test]
fn report_spans_rebuild_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    let input = own_corpus().join("sample.scrambled.md");
    let out = collate()
        .arg("restore")
        .arg(&input)
        .arg("--report")
        .arg(&report)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = fs::read(&input).unwrap();
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    let mut rebuilt: Vec<u8> = Vec::new();
    let prefix = &r["prefix"];
    rebuilt.extend_from_slice(
        &text[prefix["start"].as_u64().unwrap() as usize..prefix["end"].as_u64().unwrap() as usize],
    );
    let order = r["order"].as_array().unwrap();
    let junctions = r["junctions"].as_array().unwrap();
    assert_eq!(junctions.len() + 1, order.len());
    for (k, i) in order.iter().enumerate() {
        let f = &r["fragments"][i.as_u64().unwrap() as usize];
        let (s, e) = (
            f["span"]["start"].as_u64().unwrap() as usize,
            f["span"]["end"].as_u64().unwrap() as usize,
        );
        rebuilt.extend_from_slice(&text[s..e]);
        if let Some(j) = junctions.get(k) {
            rebuilt.extend_from_slice(j["join"].as_str().unwrap().as_bytes());
            let c = j["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&c));
            assert!(j["signals"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["signal"] == "footnote"));
        }
    }
    assert_eq!(rebuilt, out);
    assert_eq!(r["solver"]["name"], "held-karp");
}

#[test]
fn order_only_and_stdin() {
    let input = fs::read(own_corpus().join("sample.scrambled.md")).unwrap();
    let out = collate()
        .args(["restore", "-", "--order-only"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert!(lines.len() >= 6);
    assert!(lines.iter().all(|l| l.split('\t').count() == 4));
}

#[test]
fn scramble_is_reproducible_and_restorable() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    let truth = dir.path().join("t.json");
    for out in [&a, &b] {
        collate()
            .arg("scramble")
            .arg(own_corpus().join("sample"))
            .args(["--seed", "11", "-o"])
            .arg(out)
            .arg("--truth")
            .arg(&truth)
            .assert()
            .success();
    }
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    let t: serde_json::Value = serde_json::from_slice(&fs::read(&truth).unwrap()).unwrap();
    assert_eq!(t["order"].as_array().unwrap().len(), 6);
    collate()
        .args(["scramble"])
        .arg(own_corpus().join("sample"))
        .args(["--seed", "11", "--keep-front", "2", "-o"])
        .arg(&a)
        .arg("--truth")
        .arg(&truth)
        .assert()
        .success();
    let t: serde_json::Value = serde_json::from_slice(&fs::read(&truth).unwrap()).unwrap();
    assert_eq!(t["order"][0], 0);
    assert_eq!(t["order"][1], 1);
}

#[test]
fn bench_on_own_corpus_writes_all_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (json, md, svg) = (
        dir.path().join("b.json"),
        dir.path().join("b.md"),
        dir.path().join("b.svg"),
    );
    collate()
        .arg("bench")
        .arg("--corpus")
        .arg(own_corpus().join("sample"))
        .args(["--seeds", "1..4", "--threads", "2"])
        .arg("--json")
        .arg(&json)
        .arg("--markdown")
        .arg(&md)
        .arg("--svg")
        .arg(&svg)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert_eq!(r["overall"]["runs"], 4);
    assert_eq!(r["overall"]["lost"], 0);
    assert_eq!(r["overall"]["exact"], 1.0);
    assert!(fs::read_to_string(&md).unwrap().contains("| sample | 6 |"));
    assert!(fs::read_to_string(&svg).unwrap().starts_with("<svg"));
}

/// Run `collate restore` on `bytes` with `-o`, expect failure with `message`, and check that no
/// output file was created and nothing panicked.
fn rejects(name: &str, bytes: &[u8], extra: &[&str], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    fs::write(&input, bytes).unwrap();
    let out = dir.path().join("out.md");
    let assert = collate()
        .arg("restore")
        .arg(&input)
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("panicked").not());
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(!out.exists(), "an output file was written on error");
}

#[test]
fn bad_input_matrix() {
    rejects("empty.md", b"", &[], "empty");
    rejects("blank.md", b"  \n\n\t\n", &[], "empty");
    rejects(
        "binary.bin",
        &[0u8, 1, 2, 3, 0, 0, 255, 254, 0, 7].repeat(100),
        &[],
        "binary",
    );
    rejects(
        "latin1.md",
        b"caf\xe9 au lait and more text\n",
        &[],
        "not valid UTF-8",
    );
    rejects(
        "one.txt",
        b"Just one page of text.\n",
        &["--format", "txt"],
        "only one page",
    );
    rejects(
        "big.md",
        &b"word ".repeat(1000),
        &["--max-bytes", "100"],
        "limit",
    );
}

#[test]
fn missing_path_and_directory_as_file() {
    collate()
        .args(["restore", "/no/such/file.md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot read /no/such/file.md"));
    let dir = tempfile::tempdir().unwrap();
    collate()
        .arg("restore")
        .arg(dir.path())
        .args(["--format", "md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn utf16_with_bom_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("u16.txt");
    let text = "First page ends in the\n\u{c}Second page opens with a capital.\n\u{c}middle of a sentence.\n\u{c}";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(&input, bytes).unwrap();
    collate()
        .arg("restore")
        .arg(&input)
        .assert()
        .success()
        .stdout(predicate::str::contains("in the\n\u{c}middle"));
}

#[test]
fn refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doc.md");
    fs::copy(own_corpus().join("sample.scrambled.md"), &input).unwrap();
    let before = fs::read(&input).unwrap();
    collate()
        .arg("restore")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .assert()
        .failure()
        .stderr(predicate::str::contains("overwrite the input"));
    assert_eq!(fs::read(&input).unwrap(), before);
}

#[test]
fn directory_of_pages() {
    let dir = tempfile::tempdir().unwrap();
    let pages = sample_pages();
    // Names that sort into a scrambled order.
    let names = ["c", "a", "f", "b", "e", "d"];
    for (p, n) in pages.iter().zip(names) {
        fs::write(dir.path().join(format!("{n}.md")), format!("{p}\n")).unwrap();
    }
    let out = collate()
        .arg("restore")
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut last = 0;
    for p in &pages {
        let at = text.find(p.as_str()).expect("page present");
        assert!(at >= last);
        last = at;
    }
}

#[test]
fn in_place_replaces_the_input_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doc.md");
    fs::copy(own_corpus().join("sample.scrambled.md"), &input).unwrap();
    let expected = collate()
        .arg("restore")
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    collate()
        .arg("restore")
        .arg(&input)
        .arg("--in-place")
        .assert()
        .success();
    assert_eq!(fs::read(&input).unwrap(), expected);
    // Only the document is left in the folder: no temporary file.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    collate()
        .args(["restore", "-", "--in-place"])
        .write_stdin("x")
        .assert()
        .failure()
        .stderr(predicate::str::contains("--in-place needs a file"));
}

#[test]
fn huge_single_line_and_too_many_pages_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let line = dir.path().join("line.md");
    let words = "word and more words of text ".repeat(1_800_000); // about 50 MB, one line
    fs::write(&line, words.as_bytes()).unwrap();
    collate()
        .arg("restore")
        .arg(&line)
        .assert()
        .failure()
        .stderr(predicate::str::contains("only one page"));
    let tiny = dir.path().join("tiny.txt");
    let pages: String = (0..20_001)
        .map(|i| format!("page {i} text.\n\u{c}"))
        .collect();
    fs::write(&tiny, pages).unwrap();
    collate()
        .arg("restore")
        .arg(&tiny)
        .assert()
        .failure()
        .stderr(predicate::str::contains("more than the limit of 20000"))
        .stderr(predicate::str::contains("--max-pages"));
}
