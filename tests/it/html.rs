//! `restore --html`: the review page is lossless (its text elements hold exactly the restored
//! document), marks every junction of the report, escapes hostile input, and — in a real
//! headless Chromium (ignored: it needs the browser, which `.ci/run` installs) — runs its
//! script without an error.

use crate::common::{collate, own_corpus};
use std::fs;
use std::path::{Path, PathBuf};

/// Restore `input` with `-o`, `--report` and `--html` into `dir`: (restored text, report,
/// HTML page).
fn review(input: &Path, dir: &Path) -> (String, serde_json::Value, String) {
    let out = dir.join("restored.md");
    let report = dir.join("report.json");
    let html = dir.join("review.html");
    collate()
        .arg("restore")
        .arg(input)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg("--html")
        .arg(&html)
        .assert()
        .success();
    (
        fs::read_to_string(out).unwrap(),
        serde_json::from_str(&fs::read_to_string(report).unwrap()).unwrap(),
        fs::read_to_string(html).unwrap(),
    )
}

/// The page's text elements (class `t`), decoded and joined in document order.
fn page_text(html: &str) -> String {
    let re = regex::Regex::new(r#"<div class="t(?: join)?"[^>]*>([^<]*)</div>"#).unwrap();
    re.captures_iter(html)
        .map(|c| html_escape::decode_html_entities(&c[1]).into_owned())
        .collect()
}

/// `(from, to)` of each junction element, in page order.
fn junction_elements(html: &str) -> Vec<(u64, u64)> {
    let re = regex::Regex::new(r#"<details class="junction [a-z]+" id="j\d+" data-junction="\d+" data-from="(\d+)" data-to="(\d+)""#).unwrap();
    re.captures_iter(html)
        .map(|c| (c[1].parse().unwrap(), c[2].parse().unwrap()))
        .collect()
}

fn report_junctions(report: &serde_json::Value) -> Vec<(u64, u64)> {
    report["junctions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| (j["from"].as_u64().unwrap(), j["to"].as_u64().unwrap()))
        .collect()
}

#[test]
fn html_review_is_lossless_and_marks_every_junction() {
    let dir = tempfile::tempdir().unwrap();
    let (restored, report, html) = review(&own_corpus().join("sample.scrambled.md"), dir.path());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page_text(&html),
        restored,
        "the page's text is the restored text"
    );
    let junctions = report_junctions(&report);
    assert!(junctions.len() >= 5);
    assert_eq!(junction_elements(&html), junctions);
    // Self-contained: nothing is fetched.
    for external in ["src=", "href=\"http", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    // Each junction names its rivals, the pairs its margin was measured against.
    for j in report["junctions"].as_array().unwrap() {
        let rivals = j["rivals"].as_array().unwrap();
        assert_eq!(rivals.len(), 2, "{j}");
        let best = rivals
            .iter()
            .map(|r| r["score"].as_f64().unwrap())
            .fold(f64::NEG_INFINITY, f64::max);
        let margin = j["margin"].as_f64().unwrap();
        let score = j["score"].as_f64().unwrap();
        assert!((margin - (score - best)).abs() < 1e-3, "{j}");
        for r in rivals {
            assert!(html.contains(&format!(
                "data-side=\"{}\" data-fragment=\"{}\"",
                r["side"].as_str().unwrap(),
                r["fragment"]
            )));
        }
    }
    // The weakest junction comes first in the list.
    let first = html.find("<li><a class=").unwrap();
    let link = format!("href=\"#j{}\"", weakest(&report) + 1);
    assert!(html[first..].split("</li>").next().unwrap().contains(&link));
}

/// The index of the report's weakest junction (the first of equals).
fn weakest(report: &serde_json::Value) -> usize {
    let js = report["junctions"].as_array().unwrap();
    let c = |k: usize| js[k]["confidence"].as_f64().unwrap();
    (0..js.len())
        .min_by(|&a, &b| c(a).total_cmp(&c(b)).then(a.cmp(&b)))
        .unwrap()
}

#[test]
fn html_to_standard_output_needs_the_document_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let input = own_corpus().join("sample.scrambled.md");
    let out = dir.path().join("r.md");
    let run = collate()
        .arg("restore")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--html", "-"])
        .assert()
        .success();
    let page = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert_eq!(page_text(&page), fs::read_to_string(&out).unwrap());
    for extra in [
        &["--html", "-"][..],
        &["-o", "-", "--html", "-"][..],
        &["-o", "x.md", "--html", "-", "--report", "-"][..],
    ] {
        collate()
            .current_dir(dir.path())
            .arg("restore")
            .arg(&input)
            .args(extra)
            .assert()
            .code(2)
            .stdout("");
    }
    // The page may not replace the input or another output.
    collate()
        .arg("restore")
        .arg(&input)
        .arg("--html")
        .arg(&input)
        .assert()
        .code(2);
    collate()
        .arg("restore")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--html")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("same file"));
}

#[test]
fn html_escapes_hostile_input() {
    let dir = tempfile::tempdir().unwrap();
    let sample = fs::read_to_string(own_corpus().join("sample.scrambled.md")).unwrap();
    let hostile = "<script>document.title='owned'</script> \"><img src=x onerror=alert(1)> </div></pre></details> &amp; &lt;";
    // Hostile text in every paragraph's first line and in the file's name.
    let text: String = sample
        .split("\n\n")
        .map(|p| format!("{hostile} {p}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let input = dir.path().join("x<b onmouseover=alert(2)>.md");
    fs::write(&input, &text).unwrap();
    let (restored, _, html) = review(&input, dir.path());
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!html.contains("<img") && !html.contains("<b onmouseover"));
    assert!(!html.contains("</pre></details> &amp;"));
    assert!(html.contains("&lt;script&gt;document.title="));
    // Still lossless: the escaping is undone exactly by a browser's decoding.
    assert_eq!(page_text(&html), restored);
}

/// The Chromium binary.
fn chromium() -> PathBuf {
    PathBuf::from("/usr/bin/chromium")
}

/// Run headless Chromium on `url` with `args`, in a fresh profile; (stdout, stderr).
fn headless(args: &[&str], url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs (apt-get install -y chromium)");
    assert!(out.status.success(), "chromium failed: {out:?}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
#[ignore = "needs chromium; .ci/run installs it"]
fn html_review_runs_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let (restored, report, _) = review(&own_corpus().join("sample.scrambled.md"), dir.path());
    let n = report_junctions(&report).len();
    let url = format!(
        "file://{}#weakest",
        dir.path().join("review.html").display()
    );
    let (dom, log) = headless(&["--dump-dom"], &url);
    // The script ran to its end (it marks the body last) and saw every junction.
    assert!(
        dom.contains(&format!("data-review=\"ready {n}\"")),
        "the page's script did not finish: {log}"
    );
    assert_eq!(junction_elements(&dom), report_junctions(&report));
    // `#weakest` opened the weakest junction's details.
    let opened = regex::Regex::new(r#"<details [^>]*\bopen=""[^>]*>"#).unwrap();
    let opened: Vec<&str> = opened.find_iter(&dom).map(|m| m.as_str()).collect();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert!(
        opened[0].contains(&format!("id=\"j{}\"", weakest(&report) + 1)),
        "{opened:?}"
    );
    // The text as the browser parsed it is the restored text.
    assert_eq!(page_text(&dom), restored);
    for error in ["Uncaught", "SyntaxError", "TypeError", "ReferenceError"] {
        assert!(!log.contains(error), "a script error: {log}");
    }
    let shot = dir.path().join("review.png");
    headless(
        &[
            "--window-size=1280,900",
            &format!("--screenshot={}", shot.display()),
        ],
        &url,
    );
    let png = fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{}",
        png.len()
    );
}
