//! `collate batch` end to end: a folder with a broken document inside, resume, shards,
//! symbolic links that leave the folder, and the JSON-lines stream.

use crate::common::{collate, own_corpus};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

/// A folder of scrambled copies of the sample plus broken documents.
fn corpus(dir: &Path) {
    fs::create_dir_all(dir.join("nested")).unwrap();
    for seed in 1..=4 {
        collate()
            .arg("scramble")
            .arg(own_corpus().join("sample"))
            .args(["--seed", &seed.to_string(), "-o"])
            .arg(dir.join(format!("doc{seed}.md")))
            .assert()
            .success();
    }
    fs::copy(dir.join("doc1.md"), dir.join("nested/doc5.md")).unwrap();
    fs::write(dir.join("empty.md"), "").unwrap();
    fs::write(dir.join("binary.txt"), [0u8, 1, 2, 0, 0, 9, 0].repeat(50)).unwrap();
    fs::write(dir.join("notes.json"), "{}").unwrap(); // not a document: ignored
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join("batch-summary.json")).unwrap()).unwrap()
}

#[test]
fn broken_documents_never_stop_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    corpus(&input);
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--report", "--threads", "2"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("5 restored, 2 failed"));
    let s = summary(&out);
    assert_eq!(s["ok"], 5);
    assert_eq!(s["failed"], 2);
    let pages = fs::read_to_string(own_corpus().join("sample/pages.md")).unwrap();
    let first_page = pages.split('\u{c}').next().unwrap().trim();
    for name in ["doc1.md", "doc2.md", "doc3.md", "doc4.md", "nested/doc5.md"] {
        let restored = fs::read_to_string(out.join(name)).unwrap();
        assert!(
            restored.starts_with(first_page),
            "{name} does not open with the title page"
        );
        assert!(out.join(format!("{name}.report.json")).is_file());
    }
    assert!(!out.join("empty.md").exists());
    // A rerun with --resume skips what is done and leaves outputs as they are.
    let before = fs::read(out.join("doc2.md")).unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--report", "--resume"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("0 restored, 2 failed, 5 skipped"));
    assert_eq!(fs::read(out.join("doc2.md")).unwrap(), before);
}

#[test]
fn all_failed_and_nothing_found_have_their_own_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("empty.md"), "").unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(tmp.path().join("o1"))
        .assert()
        .code(4);
    let nothing = tmp.path().join("nothing");
    fs::create_dir_all(&nothing).unwrap();
    collate()
        .arg("batch")
        .arg(&nothing)
        .arg("-o")
        .arg(tmp.path().join("o2"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no documents found"));
}

#[test]
fn shards_split_the_documents_between_them() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    corpus(&input);
    let mut seen = Vec::new();
    for k in 0..3 {
        let out = tmp.path().join(format!("out{k}"));
        collate()
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(["--shard", &format!("{k}/3")])
            .assert()
            .code(predicate::in_iter([0, 3]));
        for d in summary(&out)["documents"].as_array().unwrap() {
            seen.push(d["document"].as_str().unwrap().to_string());
        }
    }
    seen.sort();
    let before = seen.len();
    seen.dedup();
    assert_eq!(seen.len(), before, "a document went to two shards");
    assert_eq!(seen.len(), 7, "every document goes to one shard");
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(tmp.path().join("bad"))
        .args(["--shard", "3/3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("K must be below N"));
}

#[cfg(unix)]
#[test]
fn links_leaving_the_folder_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    corpus(&input);
    let outside = tmp.path().join("outside.md");
    fs::copy(input.join("doc1.md"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, input.join("link.md")).unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3);
    let s = summary(&out);
    assert_eq!(s["links_refused"][0], "link.md");
    assert!(!out.join("link.md").exists());
}

#[test]
fn jsonl_stream_answers_every_line_in_order() {
    let text = fs::read_to_string(own_corpus().join("sample.scrambled.md")).unwrap();
    let mut input = String::new();
    for i in 0..25 {
        let line = if i == 7 {
            serde_json::json!({"id": i, "text": ""})
        } else {
            serde_json::json!({"id": i, "text": text})
        };
        input.push_str(&line.to_string());
        input.push('\n');
    }
    input.push_str("{not json\n");
    let out = collate()
        .args(["batch", "--jsonl", "--threads", "2"])
        .write_stdin(input)
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 26);
    for (i, l) in lines.iter().take(25).enumerate() {
        assert_eq!(l["id"], i);
        if i == 7 {
            assert!(l["error"].as_str().unwrap().contains("empty"));
        } else {
            assert!(l["error"].is_null());
            assert!(l["text"]
                .as_str()
                .unwrap()
                .starts_with("# The Last Lamplighters"));
            assert!(l["confidence"].as_f64().unwrap() > 0.0);
        }
    }
    assert!(lines[25]["error"].as_str().unwrap().contains("JSON"));
}

#[test]
fn batch_output_is_the_same_on_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    corpus(&input);
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("out{threads}"));
        collate()
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(["--report", "--threads", threads])
            .assert()
            .code(3);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for name in ["doc1.md", "doc2.md", "doc3.md", "doc4.md", "nested/doc5.md"] {
            files.push((name.to_string(), fs::read(out.join(name)).unwrap()));
            let report = format!("{name}.report.json");
            files.push((report.clone(), fs::read(out.join(report)).unwrap()));
        }
        outputs.push(files);
    }
    assert!(
        outputs[0] == outputs[1],
        "outputs differ between 1 and 2 threads"
    );
}
