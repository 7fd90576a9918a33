//! "Let a person see and check the result": `-o -` and `--report -`, `restore --pages`,
//! `collate check` (agreeing with `collate bench`), the word when unsure (`--strict`,
//! `--quiet`), completions and the man page, and `-v`. Every input is made here from
//! `corpus/` with `collate scramble`.

use crate::common::{collate, own_corpus};
use std::fs;
use std::path::Path;

fn scramble(doc: &Path, seed: u64, out: &Path, truth: &Path, extra: &[&str]) {
    collate()
        .arg("scramble")
        .arg(doc)
        .args(["--seed", &seed.to_string(), "-o"])
        .arg(out)
        .arg("--truth")
        .arg(truth)
        .args(extra)
        .assert()
        .success();
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn dash_outputs_mean_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = own_corpus().join("sample.scrambled.md");
    // `-o -` is standard output, byte for byte what no `-o` prints; no file named `-`.
    let plain = stdout_of(collate().arg("restore").arg(&input));
    let dash = stdout_of(
        collate()
            .current_dir(dir.path())
            .arg("restore")
            .arg(&input)
            .args(["-o", "-"]),
    );
    assert_eq!(plain, dash);
    // `--report -` prints the report when the document goes to a file.
    let out = dir.path().join("restored.md");
    let report = stdout_of(
        collate()
            .current_dir(dir.path())
            .arg("restore")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(["--report", "-"]),
    );
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert!(r["order"].as_array().unwrap().len() >= 6);
    assert_eq!(fs::read_to_string(&out).unwrap(), plain);
    assert!(!dir.path().join("-").exists());
    // Both on standard output: a usage error, nothing written.
    for extra in [&["-o", "-", "--report", "-"][..], &["--report", "-"][..]] {
        collate()
            .current_dir(dir.path())
            .arg("restore")
            .arg(&input)
            .args(extra)
            .assert()
            .code(2)
            .stdout("");
    }
    assert!(!dir.path().join("-").exists());
}

/// Page `i`'s (0-based) content stream in `doc`.
fn page_content(doc: &lopdf::Document, i: usize) -> Vec<u8> {
    let pages = doc.get_pages();
    let id = *pages.get(&(i as u32 + 1)).expect("page exists");
    doc.get_page_content(id).unwrap()
}

#[test]
fn pages_reorder_a_scrambled_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let original = own_corpus().join("gibbon-ch03/doc.pdf");
    let scrambled = dir.path().join("s.pdf");
    scramble(&original, 3, &scrambled, &dir.path().join("t.json"), &[]);
    let line = stdout_of(collate().arg("restore").arg(&scrambled).arg("--pages"));
    assert_eq!(line.lines().count(), 1, "one line: {line}");
    let labels: Vec<usize> = line
        .trim()
        .split(',')
        .map(|l| l.parse().expect("a page number"))
        .collect();
    let orig = lopdf::Document::load(&original).unwrap();
    let shuf = lopdf::Document::load(&scrambled).unwrap();
    let n = orig.get_pages().len();
    assert_eq!(labels.len(), n);
    let mut sorted = labels.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=n).collect::<Vec<_>>(), "each page once");
    assert_ne!(labels, sorted, "the scramble moved pages");
    // The scrambled PDF's pages taken as --pages lists them are the original's, in order
    // (what `qpdf s.pdf --pages s.pdf LABELS -- fixed.pdf` does).
    for (k, &label) in labels.iter().enumerate() {
        assert!(
            page_content(&shuf, label - 1) == page_content(&orig, k),
            "page {} of the reordered PDF is not the original's page {}",
            k + 1,
            k + 1
        );
    }
}

#[test]
fn pages_of_a_directory_are_file_names_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    let pages_dir = dir.path().join("pages");
    fs::create_dir(&pages_dir).unwrap();
    let text = fs::read_to_string(own_corpus().join("sample/pages.md")).unwrap();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 6);
    // Names whose sorted order is not the reading order.
    let names: Vec<String> = (0..pages.len())
        .map(|i| {
            format!(
                "{}-page.md",
                ["q", "c", "x", "a", "m", "f", "z", "b"][i % 8]
            )
        })
        .collect();
    for (p, name) in pages.iter().zip(&names) {
        fs::write(pages_dir.join(name), format!("{p}\n")).unwrap();
    }
    let out = stdout_of(collate().arg("restore").arg(&pages_dir).arg("--pages"));
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got, names.iter().map(String::as_str).collect::<Vec<_>>());
    // --order-only carries the same labels in its fourth column.
    let order = stdout_of(collate().arg("restore").arg(&pages_dir).arg("--order-only"));
    let labels: Vec<&str> = order
        .lines()
        .map(|l| l.split('\t').nth(3).unwrap())
        .collect();
    assert_eq!(labels, got);
}

#[test]
fn pages_of_unmarked_markdown_are_fragment_numbers() {
    let input = own_corpus().join("sample.scrambled.md");
    let line = stdout_of(collate().arg("restore").arg(&input).arg("--pages"));
    let order = stdout_of(collate().arg("restore").arg(&input).arg("--order-only"));
    let from_order: Vec<String> = order
        .lines()
        .map(|l| (l.split('\t').next().unwrap().parse::<usize>().unwrap() + 1).to_string())
        .collect();
    assert_eq!(line.trim(), from_order.join(","));
}

#[test]
fn check_agrees_with_bench() {
    let dir = tempfile::tempdir().unwrap();
    // A document collate does not restore exactly with this seed, so the figures say something.
    let doc = own_corpus().join("federalist-76-85");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join("federalist-76-85")).unwrap();
    fs::copy(
        doc.join("pages.md"),
        corpus.join("federalist-76-85/pages.md"),
    )
    .unwrap();
    let bench = dir.path().join("bench.json");
    collate()
        .arg("bench")
        .arg("--corpus")
        .arg(&corpus)
        .args(["--format", "md", "--seeds", "1", "--json"])
        .arg(&bench)
        .assert()
        .success();
    let b: serde_json::Value = serde_json::from_str(&fs::read_to_string(&bench).unwrap()).unwrap();
    let b = &b["overall"];

    let scrambled = dir.path().join("s.md");
    let truth = dir.path().join("t.json");
    let report = dir.path().join("r.json");
    scramble(&doc, 1, &scrambled, &truth, &[]);
    collate()
        .arg("restore")
        .arg(&scrambled)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let out = stdout_of(
        collate()
            .arg("check")
            .arg(&report)
            .arg("--truth")
            .arg(&truth)
            .arg("--json"),
    );
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["pages"], b["pages"]);
    let close = |a: &serde_json::Value, b: &serde_json::Value| {
        (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9
    };
    assert!(close(&c["adjacency"], &b["adjacency"]), "{c} vs {b}");
    assert!(close(&c["kendall_tau"], &b["kendall_tau"]), "{c} vs {b}");
    assert_eq!(
        c["exact"].as_bool().unwrap(),
        b["exact"].as_f64().unwrap() == 1.0
    );
    assert!(
        b["adjacency"].as_f64().unwrap() < 1.0,
        "the case is not trivial"
    );
    assert!(!c["misplaced"].as_array().unwrap().is_empty());
    // The text form says the same.
    let text = stdout_of(
        collate()
            .arg("check")
            .arg(&report)
            .arg("--truth")
            .arg(&truth),
    );
    assert!(text.contains("exact order: no"), "{text}");
    assert!(text.contains("Kendall tau"), "{text}");
}

#[test]
fn check_of_a_restored_pdf_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let scrambled = dir.path().join("s.pdf");
    let truth = dir.path().join("t.json");
    let report = dir.path().join("r.json");
    scramble(
        &own_corpus().join("gibbon-ch03/doc.pdf"),
        2,
        &scrambled,
        &truth,
        &[],
    );
    collate()
        .arg("restore")
        .arg(&scrambled)
        .arg("--report")
        .arg(&report)
        .arg("--pages")
        .assert()
        .success();
    let out = stdout_of(
        collate()
            .arg("check")
            .arg(&report)
            .arg("--truth")
            .arg(&truth),
    );
    assert!(out.contains("exact order: yes"), "{out}");
    assert!(out.contains("misplaced:   none"), "{out}");
}

#[test]
fn a_doubtful_restore_says_so_and_strict_fails_it() {
    let dir = tempfile::tempdir().unwrap();
    let scrambled = dir.path().join("s.md");
    // federalist-76-85, seed 3: a junction below 0.5 confidence (with the `language` signal
    // on, federalist-11-20 seed 1 no longer is doubtful).
    scramble(
        &own_corpus().join("federalist-76-85"),
        3,
        &scrambled,
        &dir.path().join("t.json"),
        &[],
    );
    let plain = collate().arg("restore").arg(&scrambled).assert().success();
    let err = String::from_utf8(plain.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("doubtful") && err.contains("--report"),
        "{err}"
    );
    let strict = collate()
        .arg("restore")
        .arg(&scrambled)
        .arg("--strict")
        .assert()
        .code(5);
    // The document is still written.
    assert_eq!(strict.get_output().stdout, plain.get_output().stdout);
    collate()
        .arg("restore")
        .arg(&scrambled)
        .args(["--quiet", "--strict"])
        .assert()
        .code(5)
        .stderr("");
    // A sure restore says nothing and passes --strict.
    collate()
        .arg("restore")
        .arg(own_corpus().join("sample.scrambled.md"))
        .arg("--strict")
        .assert()
        .success()
        .stderr("");
    let help = stdout_of(collate().arg("--help"));
    assert!(help.contains("5 restore --strict"), "{help}");
}

#[test]
fn completions_and_man_page_name_restore() {
    for shell in ["bash", "zsh", "fish"] {
        let out = stdout_of(collate().args(["completions", shell]));
        assert!(out.contains("restore"), "{shell}");
    }
    let man = stdout_of(collate().arg("man"));
    assert!(man.starts_with(".ie") || man.contains(".TH"), "{man:.200}");
    assert!(man.contains("restore"));
}

#[test]
fn verbose_prints_stages_and_flavour() {
    let input = own_corpus().join("sample.scrambled.md");
    let quiet = stdout_of(collate().arg("restore").arg(&input));
    let run = collate()
        .arg("restore")
        .arg(&input)
        .arg("-v")
        .assert()
        .success();
    // Standard output is unchanged.
    assert_eq!(
        String::from_utf8(run.get_output().stdout.clone()).unwrap(),
        quiet
    );
    let err = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    for word in [
        "flavour",
        "fragments",
        "candidate cuts",
        "fragment",
        "solve",
        "ms",
    ] {
        assert!(err.contains(word), "{word} missing: {err}");
    }
    collate()
        .arg("restore")
        .arg(&input)
        .args(["-v", "--quiet"])
        .assert()
        .code(2);
}

#[test]
fn review_lists_junctions_weakest_first() {
    let input = own_corpus().join("sample.scrambled.md");
    let out = stdout_of(collate().arg("restore").arg(&input).arg("--review"));
    assert!(!out.contains('\x1b'), "plain when piped");
    let confidences: Vec<f64> = out
        .lines()
        .filter(|l| l.starts_with("junction "))
        .map(|l| {
            let c = l.split("confidence ").nth(1).unwrap();
            c.split(',').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(confidences.len() >= 5, "{out}");
    assert!(confidences.windows(2).all(|w| w[0] <= w[1]), "{out}");
    assert_eq!(out.matches("\n  before: ").count(), confidences.len());
    assert_eq!(out.matches("\n  after:  ").count(), confidences.len());
    assert!(out.contains("  signals: "), "{out}");
    assert_eq!(
        out.matches("\n  rivals: fragment ").count(),
        confidences.len(),
        "{out}"
    );
}

#[test]
fn long_help_ends_with_examples_that_use_real_flags() {
    for sub in ["restore", "batch", "bench", "scramble", "check"] {
        let long = stdout_of(collate().args([sub, "--help"]));
        let (_, examples) = long
            .split_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("{sub} --help has no examples: {long}"));
        let own: Vec<&str> = examples
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with(&format!("collate {sub} ")))
            .collect();
        assert!(own.len() >= 2, "{sub}: {examples}");
        // Every flag an example of this subcommand uses is one of its options.
        let options = long.split_once("\nExamples:\n").unwrap().0;
        for line in own {
            for flag in line.split_whitespace().filter(|w| w.starts_with("--")) {
                let flag = flag.split('=').next().unwrap();
                assert!(
                    options.contains(flag),
                    "{sub}: `{flag}` in `{line}` is no option"
                );
            }
        }
        // The short help stays short.
        let short = stdout_of(collate().args([sub, "-h"]));
        assert!(!short.contains("Examples:"), "{sub} -h");
    }
}

#[test]
fn errors_say_a_thing_once() {
    let dir = tempfile::tempdir().unwrap();
    // A missing file: the OS error once.
    let missing = collate()
        .arg("restore")
        .arg(dir.path().join("missing.md"))
        .assert()
        .code(1);
    let err = String::from_utf8(missing.get_output().stderr.clone()).unwrap();
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // --format pdf on markdown: not a PDF, not a damaged one to repair.
    let md = collate()
        .arg("restore")
        .arg(own_corpus().join("sample.scrambled.md"))
        .args(["--format", "pdf"])
        .assert()
        .code(1);
    let err = String::from_utf8(md.get_output().stderr.clone()).unwrap();
    assert!(err.contains("not a PDF") && !err.contains("qpdf"), "{err}");
    // Batch: a failed document's line names it once.
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::copy(
        own_corpus().join("sample.scrambled.md"),
        input.join("good.md"),
    )
    .unwrap();
    fs::write(input.join("empty.md"), "").unwrap();
    let batch = collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(3);
    let err = String::from_utf8(batch.get_output().stderr.clone()).unwrap();
    let line = err
        .lines()
        .find(|l| l.contains("empty.md"))
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(line.matches("empty.md").count(), 1, "{line}");
    assert!(line.contains("empty"), "{line}");
}

#[test]
fn bench_table_counts_pages_once_and_says_why_runs_were_not_exact() {
    // federalist-11-20 scrambled with seeds 1-2: 20 pages, runs that are not exact.
    let table = stdout_of(
        collate()
            .args(["bench", "--corpus"])
            .arg(own_corpus().join("federalist-11-20"))
            .args(["--seeds", "1..2", "--threads", "2"]),
    );
    let header = table
        .lines()
        .find(|l| l.starts_with("| document |"))
        .unwrap();
    assert!(header.ends_with("| why not exact |"), "{header}");
    assert!(
        table.contains("*pages*: a document's true pages"),
        "{table}"
    );
    let cells = |prefix: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} row: {table}"))
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let all = cells("| **all** |");
    let doc = cells("| federalist-11-20 |");
    // One document: the all row's pages are its pages, not pages × seeds.
    assert_eq!(all[2], doc[2], "{table}");
    let exact: f64 = doc[4].parse().unwrap();
    let why = &doc[10];
    if exact < 1.0 {
        assert!(
            why.contains("runs off") && why.contains("page successions broken"),
            "{why}"
        );
    } else {
        assert!(why.is_empty(), "{why}");
    }
}

#[test]
fn readme_lists_every_file_type_batch_reads() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("### Batches and streams")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    for ext in collate::batch::DOC_EXTENSIONS {
        assert!(
            section.contains(&format!("`.{ext}`")),
            "README's batch section lacks .{ext}"
        );
    }
}
