//! Hostile input and hostile file systems: one test per item of the issue "the guarantees hold
//! under attack, not only under accident", named `hostile_NN_…` after it. Every hostile input
//! is made here, in a temporary folder; nothing outside the repository is read.
//!
//! `hostile_01_…` fails until `src/fragment/markdown/blocks.rs` stops slicing a `**`
//! paragraph out of bounds (not this branch's code; reported, deliberately not ignored).

use crate::common::{collate, own_corpus};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use predicates::prelude::*;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[cfg(unix)]
use std::os::unix::fs::{symlink, PermissionsExt};

/// Four pages in form-feed text that restore fine.
const PAGES: &str = "# A Title\n\nAn essay by someone about something.\n\u{c}\
    middle of the page break, where it ends at last.\n\u{c}\
    This sentence runs across the\n\u{c}\
    A last page that closes the essay.\n\u{c}";

/// The repository's scrambled sample: a document that restores.
fn sample() -> String {
    fs::read_to_string(own_corpus().join("sample.scrambled.md")).unwrap()
}

/// A page folder of `PAGES`, one file a page.
fn page_folder(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    for (i, page) in PAGES.split_inclusive('\u{c}').enumerate() {
        fs::write(dir.join(format!("p{i:03}.txt")), page).unwrap();
    }
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// How a PDF page is written.
#[derive(Clone, Copy, PartialEq)]
enum Pdf {
    /// Text shown with `Tj`, a font in the resources.
    Plain,
    /// No font resource at all (the text operators name a font that is not there).
    NoFont,
    /// Lines after the first shown with the `'` operator (next line, then show).
    Quote,
}

/// A PDF with one page per string; `inflate` adds a Flate stream of that many zero bytes.
fn make_pdf(pages: &[&str], how: Pdf, inflate: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources = if how == Pdf::NoFont {
        doc.add_object(dictionary! {})
    } else {
        doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } })
    };
    let mut kids = Vec::new();
    for text in pages {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 11.into()]),
            Operation::new("TL", vec![14.into()]),
            Operation::new("Td", vec![50.into(), 780.into()]),
        ];
        for (i, line) in text.lines().enumerate() {
            let s = Object::string_literal(line);
            if how == Pdf::Quote && i > 0 {
                ops.push(Operation::new("'", vec![s]));
            } else {
                if i > 0 {
                    ops.push(Operation::new("T*", vec![]));
                }
                ops.push(Operation::new("Tj", vec![s]));
            }
        }
        ops.push(Operation::new("ET", vec![]));
        let content = doc.add_object(Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap(),
        ));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        })));
    }
    if inflate > 0 {
        let mut bomb = Stream::new(dictionary! {}, vec![0u8; inflate]);
        bomb.compress().unwrap();
        doc.add_object(bomb);
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Page texts long enough to count as a text layer.
const PDF_PAGES: [&str; 3] = [
    "The first page of a small test document\nwhose sentence runs on and on across the",
    "page break into the second page, where\nit ends. Then the second page closes here.",
    "A third page opens with a new paragraph\nand brings the short document to its end.",
];

/// Run `cmd` with `input` on standard input, killed after `secs`; (status, stdout, stderr).
fn run_with_timeout(mut cmd: Command, input: &[u8], secs: u64) -> (Option<i32>, String, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("collate did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = writer.join();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn bin() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("collate"))
}

// ---- Panics and silent loss ----

/// Item 1. FAILS until the bold-heading test in `src/fragment/markdown/blocks.rs`
/// (`block_kind`, `t[2..t.len() - 2]` on a block that is only `**`) is fixed there.
#[test]
fn hostile_01_a_paragraph_of_only_stars_does_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.md");
    fs::write(
        &x,
        "The first page ends in the\n\n**\n\nmiddle of a sentence.\n",
    )
    .unwrap();
    let out = collate().arg("restore").arg(&x).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && out.status.code() != Some(101),
        "collate panicked on a `**` paragraph: {stderr}"
    );
}

/// Item 2: NaN, infinities and huge weights are refused by the command line (exit 2) and by
/// the library (`Error::Weight`), so they never reach the solver.
#[test]
fn hostile_02_weights_must_be_finite_and_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.md");
    fs::write(&x, sample()).unwrap();
    for w in [
        "sentence=NaN",
        "stream=nan",
        "sentence=-inf",
        "sentence=inf",
        "sentence=1e39",
        "cohesion=100.5",
    ] {
        collate()
            .arg("restore")
            .arg(&x)
            .args(["--weight", w])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "finite number between -100 and 100",
            ));
    }
    collate()
        .arg("restore")
        .arg(&x)
        .args(["--weight", "cohesion=-100", "-o"])
        .arg(tmp.path().join("ok.md"))
        .assert()
        .success();
    let doc = collate::ingest::Document::from_text("x", PAGES.to_string(), None).unwrap();
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e39, -101.0] {
        let mut cfg = collate::Config::default();
        cfg.score.weights.insert("sentence".to_string(), bad);
        assert!(
            matches!(
                collate::restore(&doc, &cfg),
                Err(collate::Error::Weight { .. })
            ),
            "weight {bad} was accepted"
        );
    }
}

/// Item 3: a page whose text names a font the page does not have: no panic lines from the
/// PDF crates on standard error, no crash, and the text is read (or a clear error given).
#[test]
fn hostile_03_a_pdf_page_without_a_font_is_read_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("nofont.pdf");
    fs::write(&pdf, make_pdf(&PDF_PAGES, Pdf::NoFont, 0)).unwrap();
    let out = collate().arg("restore").arg(&pdf).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic lines: {stderr}");
    assert!(
        out.status.success(),
        "exit {:?}: {stderr}",
        out.status.code()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("page break into the second page"), "{text}");
}

// ---- File-system escapes and overwrites ----

/// Item 5: a link inside a `*.pages` folder that leaves the input folder fails that
/// document; the linked file's text appears nowhere.
#[cfg(unix)]
#[test]
fn hostile_05_batch_refuses_links_inside_page_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    page_folder(&input.join("doc.pages"));
    let secret = tmp.path().join("secret.txt");
    fs::write(&secret, "TOP SECRET password line that must not leak\n").unwrap();
    symlink(&secret, input.join("doc.pages/zz.txt")).unwrap();
    page_folder(&input.join("fine.pages"));
    // A link that stays inside the input folder is still followed.
    symlink(
        input.join("fine.pages/p000.txt"),
        input.join("fine.pages/p009.txt"),
    )
    .unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("outside"));
    assert!(!out.join("doc.pages").exists());
    let summary = fs::read_to_string(out.join("batch-summary.json")).unwrap();
    assert!(!summary.contains("TOP SECRET"));
    for entry in walk(&out) {
        let text = fs::read_to_string(&entry).unwrap_or_default();
        assert!(!text.contains("TOP SECRET"), "{} leaks", entry.display());
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Item 6: links planted inside the output folder are refused, never written through: an
/// output file that is a link, a sub-folder that is a link, the summary that is a link.
#[cfg(unix)]
#[test]
fn hostile_06_batch_never_writes_through_links_in_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out, elsewhere) = (
        tmp.path().join("in"),
        tmp.path().join("out"),
        tmp.path().join("elsewhere"),
    );
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("x.md"), sample()).unwrap();
    fs::write(input.join("sub/y.md"), sample()).unwrap();
    fs::create_dir_all(&out).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    let victim = elsewhere.join("victim.md");
    fs::write(&victim, "precious").unwrap();
    symlink(&victim, out.join("x.md")).unwrap();
    symlink(&elsewhere, out.join("sub")).unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("symbolic link"));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 1);
    // The summary itself behind a link: refused before anything is written.
    let out2 = tmp.path().join("out2");
    fs::create_dir_all(&out2).unwrap();
    symlink(&victim, out2.join("batch-summary.json")).unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out2)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symbolic link"));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!out2.join("x.md").exists());
}

/// Item 7: no spelling of a path lets an output replace an input.
#[test]
fn hostile_07_outputs_never_overwrite_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs");
    fs::create_dir_all(&dir).unwrap();
    let x = dir.join("x.md");
    fs::write(&x, sample()).unwrap();
    for out in [
        dir.clone(),
        PathBuf::from(format!("{}/", dir.display())),
        dir.join("."),
        dir.join("restored"),
        tmp.path().to_path_buf(),
    ] {
        collate()
            .arg("batch")
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("apart from the input folder"));
        assert_eq!(fs::read_to_string(&x).unwrap(), sample());
    }
    // `-o ./DIR/` from inside the parent folder.
    collate()
        .current_dir(tmp.path())
        .args(["batch", "docs", "-o", "./docs/"])
        .assert()
        .code(2);
    // restore: the report or the output onto the input, however spelled.
    let spelled = dir.join("../docs/./x.md");
    for args in [
        vec!["--report".into(), x.clone()],
        vec!["-o".into(), spelled.clone()],
        vec!["--in-place".into(), "--report".into(), spelled.clone()],
    ] {
        collate()
            .arg("restore")
            .arg(&x)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("overwrite the input"));
        assert_eq!(fs::read_to_string(&x).unwrap(), sample());
    }
    collate()
        .arg("restore")
        .arg(&x)
        .arg("-o")
        .arg(tmp.path().join("o.md"))
        .arg("--report")
        .arg(tmp.path().join("./o.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("same file"));
    // A page folder: no output inside it.
    let pages = tmp.path().join("book.pages");
    page_folder(&pages);
    let before = fs::read(pages.join("p000.txt")).unwrap();
    collate()
        .arg("restore")
        .arg(&pages)
        .arg("-o")
        .arg(pages.join("p000.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the input folder"));
    assert_eq!(fs::read(pages.join("p000.txt")).unwrap(), before);
}

/// Item 8: `{"path"}` lines read nothing unless `--paths-under DIR` is given, and then
/// nothing outside DIR (no `..`, no absolute path out, no link out).
#[cfg(unix)]
#[test]
fn hostile_08_jsonl_paths_need_a_root_and_stay_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("doc.txt"), PAGES).unwrap();
    let secret = tmp.path().join("secret.txt");
    fs::write(&secret, PAGES.replace("essay", "SECRET")).unwrap();
    symlink(&secret, root.join("link.txt")).unwrap();
    let line = |p: &str| serde_json::json!({"id": p, "path": p}).to_string() + "\n";
    // No root: refused, even for a file that exists.
    let out = collate()
        .args(["batch", "--jsonl"])
        .write_stdin(line(&root.join("doc.txt").display().to_string()))
        .assert()
        .code(4)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("refused") && out.contains("--paths-under"),
        "{out}"
    );
    // With a root: inside is read; `..`, absolute paths out and links out are refused.
    let input = [
        line("doc.txt"),
        line(&root.join("doc.txt").display().to_string()),
        line("../secret.txt"),
        line(&secret.display().to_string()),
        line("link.txt"),
        line("/etc/hostname"),
    ]
    .concat();
    let out = collate()
        .args(["batch", "--jsonl", "--paths-under"])
        .arg(&root)
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
    assert_eq!(lines.len(), 6);
    assert!(lines[0]["error"].is_null(), "{}", lines[0]);
    assert!(lines[1]["error"].is_null(), "{}", lines[1]);
    for l in &lines[2..] {
        assert!(l["text"].is_null(), "{l}");
        let e = l["error"].as_str().unwrap();
        assert!(e.contains("outside") || e.contains("cannot read"), "{e}");
        assert!(!l.to_string().contains("SECRET"));
    }
}

/// Item 9: a failed restore leaves no report; a batch document whose output cannot be
/// written leaves no report; `--resume` clears what a killed run left; replacing a file keeps
/// its permissions.
#[cfg(unix)]
#[test]
fn hostile_09_failures_leave_no_files_and_permissions_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.md");
    fs::write(&x, sample()).unwrap();
    let report = tmp.path().join("r.json");
    // A text input cannot become a PDF: the whole restore fails, the report too.
    collate()
        .arg("restore")
        .arg(&x)
        .arg("-o")
        .arg(tmp.path().join("o.pdf"))
        .arg("--report")
        .arg(&report)
        .assert()
        .failure();
    assert!(!report.exists(), "a failed restore left its report");
    // The output's place is taken by a folder: the write fails, the report is not left.
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.md"), sample()).unwrap();
    fs::write(input.join("b.md"), sample()).unwrap();
    fs::create_dir_all(out.join("a.md")).unwrap();
    // What a killed run leaves: a temporary file, old.
    let stale = out.join(".b.md.collate-tmp-999999-0");
    fs::write(&stale, "half").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--report", "--resume"])
        .assert()
        .code(3);
    assert!(!out.join("a.md.report.json").exists());
    assert!(out.join("b.md.report.json").is_file());
    assert!(
        !stale.exists(),
        "the killed run's temporary file is still there"
    );
    let leftovers: Vec<_> = walk(&out)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("collate-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Permissions of a replaced file are kept: --in-place and -o onto an existing file.
    let private = tmp.path().join("private.md");
    fs::write(&private, sample()).unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
    collate()
        .arg("restore")
        .arg(&private)
        .arg("--in-place")
        .assert()
        .success();
    let target = tmp.path().join("target.md");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
    collate()
        .arg("restore")
        .arg(&x)
        .arg("-o")
        .arg(&target)
        .assert()
        .success();
    for p in [&private, &target] {
        let mode = fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", p.display());
    }
}

// ---- Unbounded resources ----

/// Item 10: the byte limit holds while reading (a device has no size), and a pipe never
/// blocks a batch or a JSON-lines stream.
#[cfg(unix)]
#[test]
fn hostile_10_reads_are_bounded_and_pipes_never_block() {
    let tmp = tempfile::tempdir().unwrap();
    for dev in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(dev).exists() {
            continue;
        }
        let mut cmd = bin();
        cmd.args(["restore", dev, "--max-bytes", "1000"]);
        let (code, _, stderr) = run_with_timeout(cmd, b"", 20);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("more than the limit of 1000"), "{stderr}");
    }
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.md"), sample()).unwrap();
    if !mkfifo(&input.join("pipe.md")) {
        eprintln!("mkfifo is not available; skipping the named-pipe checks");
        return;
    }
    page_folder(&input.join("doc.pages"));
    mkfifo(&input.join("doc.pages/p005.txt"));
    let mut cmd = bin();
    cmd.arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(tmp.path().join("out"));
    let (code, _, stderr) = run_with_timeout(cmd, b"", 60);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("2 restored, 0 failed"), "{stderr}");
    // A JSON line naming the pipe (inside the root) gets an error, not a hang.
    let line = serde_json::json!({"id": 1, "path": "pipe.md"}).to_string() + "\n";
    let mut cmd = bin();
    cmd.args(["batch", "--jsonl", "--paths-under"]).arg(&input);
    let (code, stdout, _) = run_with_timeout(cmd, line.as_bytes(), 30);
    assert_eq!(code, Some(4));
    assert!(stdout.contains("not a regular file"), "{stdout}");
}

/// Item 11: a small PDF whose streams inflate past `--max-bytes` is refused before any PDF
/// crate inflates it.
#[test]
fn hostile_11_a_pdf_that_inflates_past_max_bytes_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let bomb = make_pdf(&PDF_PAGES, Pdf::Plain, 50_000_000);
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());
    let pdf = tmp.path().join("bomb.pdf");
    fs::write(&pdf, &bomb).unwrap();
    collate()
        .arg("restore")
        .arg(&pdf)
        .args(["--max-bytes", "10000000"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(decompressed)"))
        .stderr(predicate::str::contains("more than the limit of 10000000"));
    assert!(matches!(
        collate::ingest::pdf::check_inflated("bomb", &bomb, 10_000_000),
        Err(collate::Error::TooLarge { .. })
    ));
    // Within the limit it is read as usual.
    collate::ingest::pdf::check_inflated("bomb", &bomb, 60_000_000).unwrap();
    let plain = make_pdf(&PDF_PAGES, Pdf::Plain, 0);
    collate::ingest::pdf::check_inflated("plain", &plain, 64 << 20).unwrap();
}

/// Item 13: a line that is not UTF-8 gets its own error line and the lines around it are
/// answered; `--max-bytes` holds for `text`; each line is answered as soon as it is done,
/// so a caller that waits for each answer before sending the next line is not deadlocked.
#[test]
fn hostile_13_jsonl_answers_every_line_at_once_and_in_order() {
    let good = serde_json::json!({"id": 1, "text": PAGES}).to_string();
    let mut input = Vec::new();
    input.extend_from_slice(good.as_bytes());
    input.extend_from_slice(b"\n{\"id\": 2, \"text\": \"caf\xe9\"}\n");
    input.extend_from_slice(good.replace("\"id\":1", "\"id\":3").as_bytes());
    input.push(b'\n');
    let big = serde_json::json!({"id": 4, "text": PAGES.repeat(100)}).to_string();
    input.extend_from_slice(big.as_bytes());
    input.push(b'\n');
    let out = collate()
        .args(["batch", "--jsonl", "--max-bytes", "2000"])
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
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0]["id"], 1);
    assert!(lines[0]["error"].is_null());
    assert!(lines[1]["error"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(lines[2]["id"], 3);
    assert!(lines[2]["error"].is_null());
    assert_eq!(lines[3]["id"], 4);
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .contains("more than the limit of 2000"));
    // Request, answer, request, answer — with the input left open in between.
    let mut child = bin()
        .args(["batch", "--jsonl", "--threads", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    for id in 0..3 {
        let line = serde_json::json!({"id": id, "text": PAGES}).to_string();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        let answer = rx.recv_timeout(Duration::from_secs(30));
        if answer.is_err() {
            let _ = child.kill();
        }
        let answer: serde_json::Value = serde_json::from_str(&answer.unwrap()).unwrap();
        assert_eq!(answer["id"], id);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

// ---- Smaller ----

/// A PDF that moves to the next line with the `'` operator has a text layer.
#[test]
fn hostile_14_a_pdf_using_the_quote_operator_has_text() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("quote.pdf");
    fs::write(&pdf, make_pdf(&PDF_PAGES, Pdf::Quote, 0)).unwrap();
    let out = collate().arg("restore").arg(&pdf).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("brings the short document to its end"),
        "{text}"
    );
}

/// A failed write says "cannot write", not "cannot read"; for the batch summary too.
#[test]
fn hostile_15_write_failures_say_cannot_write() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.md");
    fs::write(&x, sample()).unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, "").unwrap();
    collate()
        .arg("restore")
        .arg(&x)
        .arg("-o")
        .arg(file.join("o.md"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("x.md"), sample()).unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(file.join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut bytes = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    bytes
}

/// A bad UTF-16 file is called bad UTF-16, at its offset in the file.
#[test]
fn hostile_16_utf16_errors_name_utf16() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.txt");
    let mut bytes = utf16("abc", true);
    bytes.extend_from_slice(&0xD800u16.to_le_bytes()); // a lone high surrogate
    bytes.extend_from_slice(&utf16("def", true)[2..]);
    fs::write(&x, bytes).unwrap();
    collate()
        .arg("restore")
        .arg(&x)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not valid UTF-16LE at byte 8"));
    fs::write(&x, &utf16("abc", false)[..5]).unwrap();
    collate()
        .arg("restore")
        .arg(&x)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not valid UTF-16BE at byte 4"));
}

/// A UTF-16 input's report says its spans are of the decoded text.
#[test]
fn hostile_17_utf16_report_says_spans_are_of_the_decoded_text() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.txt");
    fs::write(&x, utf16(PAGES, true)).unwrap();
    let report = tmp.path().join("r.json");
    collate()
        .arg("restore")
        .arg(&x)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["encoding"], "UTF-16LE");
    assert_eq!(r["bytes"], PAGES.len());
    let last = r["fragments"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["span"]["end"], PAGES.len());
    // A UTF-8 input's report has no encoding field (unchanged).
    fs::write(&x, PAGES).unwrap();
    collate()
        .arg("restore")
        .arg(&x)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert!(r.get("encoding").is_none());
}

/// `-o` onto a link that leads nowhere is refused, not turned into a file at the link's
/// target.
#[cfg(unix)]
#[test]
fn hostile_18_a_dangling_link_output_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.md");
    fs::write(&x, sample()).unwrap();
    let link = tmp.path().join("o.md");
    let nowhere = tmp.path().join("nowhere.md");
    symlink(&nowhere, &link).unwrap();
    collate()
        .arg("restore")
        .arg(&x)
        .arg("-o")
        .arg(&link)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symbolic link to nothing"));
    assert!(!nowhere.exists());
    assert!(link.is_symlink());
}

/// A batch of an empty folder fails without creating the output folder.
#[test]
fn hostile_19_batch_on_an_empty_folder_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("empty");
    fs::create_dir_all(&input).unwrap();
    let out = tmp.path().join("out");
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no documents found"));
    assert!(!out.exists());
}

/// A file that breaks its lines with lone carriage returns is read as lines (not one page)
/// and comes back with carriage returns, byte for byte a permutation of its pages.
#[test]
fn hostile_20_carriage_return_lines_are_line_breaks() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.md");
    let cr = sample().replace("\r\n", "\n").replace('\n', "\r");
    fs::write(&x, &cr).unwrap();
    let out = collate()
        .arg("restore")
        .arg(&x)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains('\n'));
    let lf = collate()
        .arg("restore")
        .arg(own_corpus().join("sample.scrambled.md"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(out, String::from_utf8(lf).unwrap().replace('\n', "\r"));
}

/// Exit codes: 0 success, 1 error, 2 usage, 3 some documents failed, 4 all failed; all in
/// `--help`.
#[test]
fn hostile_21_exit_codes_are_distinct_and_documented() {
    let tmp = tempfile::tempdir().unwrap();
    let help = collate()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    for code in ["0 success", "1 error", "2 usage", "3 batch", "4 batch"] {
        assert!(help.contains(code), "--help lacks `{code}`: {help}");
    }
    collate()
        .args(["restore", "--no-such-flag"])
        .assert()
        .code(2);
    collate()
        .args(["batch", "--shard", "5/2", "a", "-o", "b"])
        .assert()
        .code(2);
    collate()
        .arg("restore")
        .arg(tmp.path().join("missing.md"))
        .assert()
        .code(1);
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("good.md"), sample()).unwrap();
    fs::write(input.join("empty.md"), "").unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(tmp.path().join("o1"))
        .assert()
        .code(3);
    fs::remove_file(input.join("good.md")).unwrap();
    collate()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(tmp.path().join("o2"))
        .assert()
        .code(4);
}
