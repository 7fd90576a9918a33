//! PDF in, PDF out: the two PDFs of `corpus/` scrambled and restored page for page (checked
//! by each output page's content stream and text, and the file's structure read back with
//! lopdf), and small PDFs built here with lopdf for the error cases. No external tool.

use crate::common::{collate, own_corpus};
use collate::bench::{load_known, scramble::scramble_pdf};
use collate::ingest::{pdf, Format};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

/// A PDF with one page per string (Helvetica text), or pages with no text at all.
fn make_pdf(pages: &[&str]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::new();
    for text in pages {
        let mut ops = vec![Operation::new("q", vec![]), Operation::new("Q", vec![])];
        if !text.is_empty() {
            ops = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 11.into()]),
            ];
            for (i, line) in text.lines().enumerate() {
                ops.push(Operation::new(
                    "Tm",
                    vec![
                        1.into(),
                        0.into(),
                        0.into(),
                        1.into(),
                        50.into(),
                        (780 - 14 * i as i64).into(),
                    ],
                ));
                ops.push(Operation::new("Tj", vec![Object::string_literal(line)]));
            }
            ops.push(Operation::new("ET", vec![]));
        }
        let content = doc.add_object(Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap(),
        ));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        })));
    }
    let count = kids.len() as i64;
    // MediaBox and Resources inherited from the page tree: the reorder must keep them.
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

/// The page number (1-based) the first outline entry points at, if the PDF has outlines.
fn outline_target(bytes: &[u8]) -> Option<usize> {
    let doc = Document::load_mem(bytes).ok()?;
    let outlines = doc
        .catalog()
        .ok()?
        .get(b"Outlines")
        .ok()?
        .as_reference()
        .ok()?;
    let first = doc
        .get_dictionary(outlines)
        .ok()?
        .get(b"First")
        .ok()?
        .as_reference()
        .ok()?;
    let dest = doc
        .get_dictionary(first)
        .ok()?
        .get(b"Dest")
        .ok()?
        .as_array()
        .ok()?
        .clone();
    let page = dest.first()?.as_reference().ok()?;
    doc.get_pages()
        .values()
        .position(|&p| p == page)
        .map(|i| i + 1)
}

/// What `qpdf --check` looked at, checked with lopdf so that no external tool is needed: the
/// file parses, is not encrypted, its page tree counts what it lists, every page is a /Page
/// whose parent lists it, has a MediaBox and Resources (its own or inherited) and content
/// streams that decode. Returns each page's decoded content bytes, in page order.
fn check_pdf(path: &Path) -> Vec<Vec<u8>> {
    let doc =
        Document::load(path).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
    assert!(!doc.is_encrypted(), "{} is encrypted", path.display());
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let count = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"Count")
        .unwrap()
        .as_i64()
        .unwrap();
    let pages = doc.get_pages();
    assert_eq!(
        pages.len() as i64,
        count,
        "{}: /Count is off",
        path.display()
    );
    let mut contents = Vec::new();
    for (&n, &id) in &pages {
        let page = doc.get_dictionary(id).unwrap();
        assert_eq!(page.get(b"Type").unwrap().as_name().unwrap(), b"Page");
        let parent = page.get(b"Parent").unwrap().as_reference().unwrap();
        let kids = doc.get_dictionary(parent).unwrap().get(b"Kids").unwrap();
        assert!(
            kids.as_array()
                .unwrap()
                .iter()
                .any(|k| k.as_reference().ok() == Some(id)),
            "{}: page {n} is not among its parent's kids",
            path.display()
        );
        // An attribute of the page, or inherited from the nearest ancestor that has it.
        let inherited = |key: &[u8]| {
            let mut node = Some(id);
            while let Some(nid) = node {
                let d = doc.get_dictionary(nid).unwrap();
                if d.has(key) {
                    return true;
                }
                node = d.get(b"Parent").and_then(Object::as_reference).ok();
            }
            false
        };
        assert!(
            inherited(b"MediaBox") && inherited(b"Resources"),
            "{}: page {n} has no MediaBox or Resources",
            path.display()
        );
        let bytes = doc
            .get_page_content(id)
            .unwrap_or_else(|e| panic!("{}: page {n} content unreadable: {e}", path.display()));
        Content::decode(&bytes).unwrap_or_else(|e| {
            panic!("{}: page {n} content does not decode: {e}", path.display())
        });
        contents.push(bytes);
    }
    contents
}

/// Restore the PDF `input` into `output`, check the result and return its pages' contents.
fn restore_pdf(input: &Path, output: &Path) -> Vec<Vec<u8>> {
    collate()
        .arg("restore")
        .arg(input)
        .arg("-o")
        .arg(output)
        .assert()
        .success();
    check_pdf(output)
}

#[test]
fn corpus_pdfs_come_back_page_for_page() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["gibbon-ch03", "gibbon-ch08"] {
        let known = load_known(&own_corpus().join(id), Format::Pdf).unwrap();
        let original = known.pdf.clone().unwrap();
        let original_pages = pdf::read(id, original.to_vec()).unwrap();
        let original_contents = check_pdf(&own_corpus().join(id).join("doc.pdf"));
        for seed in 1..=3 {
            let (scrambled, truth) = scramble_pdf(&known, seed, 0).unwrap();
            let input = dir.path().join(format!("{id}-{seed}.pdf"));
            let output = dir.path().join(format!("{id}-{seed}.restored.pdf"));
            fs::write(&input, &scrambled).unwrap();
            // Every output page is the original page at that place, its content unchanged.
            let contents = restore_pdf(&input, &output);
            assert_eq!(contents.len(), original_contents.len());
            assert!(
                contents == original_contents,
                "{id} seed {seed}: page contents not in their true order (truth {:?})",
                truth.order
            );
            // Every output page carries the text of the original page at that place.
            let restored = pdf::read(id, fs::read(&output).unwrap()).unwrap();
            let a: Vec<&str> = restored
                .pages
                .as_ref()
                .unwrap()
                .iter()
                .map(|s| s.of(&restored.text))
                .collect();
            let b: Vec<&str> = original_pages
                .pages
                .as_ref()
                .unwrap()
                .iter()
                .map(|s| s.of(&original_pages.text))
                .collect();
            assert_eq!(a.len(), b.len());
            assert!(
                a == b,
                "{id} seed {seed}: pages not in their true order (truth {:?})",
                truth.order
            );
            // The outline still points at the same page, now at its true place.
            assert_eq!(
                outline_target(&fs::read(&output).unwrap()),
                outline_target(&original),
                "{id} seed {seed}: outline target moved"
            );
        }
    }
}

#[test]
fn small_pdf_round_trip_keeps_inherited_attributes() {
    let dir = tempfile::tempdir().unwrap();
    // Each page runs into the next mid-sentence, so the text alone fixes the order.
    let pages = [
        "On the lamps of the town\nand how they were lit by a man who walked the",
        "streets at dusk with a long pole and a small\nflame, counting the posts as he went, and who",
        "came back at dawn to put them out again\nbefore the first carts reached the market.",
    ];
    // Scrambled: 2, 0, 1 (third page first).
    let scrambled = make_pdf(&[pages[2], pages[0], pages[1]]);
    let input = dir.path().join("in.pdf");
    fs::write(&input, &scrambled).unwrap();
    let output = dir.path().join("out.pdf");
    let contents = restore_pdf(&input, &output);
    // The content streams of the input's pages 1, 2, 0 (scrambled as 2, 0, 1).
    let original = check_pdf(&input);
    assert!(
        contents
            == vec![
                original[1].clone(),
                original[2].clone(),
                original[0].clone()
            ],
        "pages not reordered as whole page objects"
    );
    let doc = Document::load(&output).unwrap();
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        assert!(
            page.has(b"MediaBox") && page.has(b"Resources"),
            "inherited attributes lost"
        );
    }
    let text = pdf::read("out", fs::read(&output).unwrap()).unwrap().text;
    let first = text.find("lamps of the town").unwrap();
    let second = text.find("streets at dusk").unwrap();
    let third = text.find("came back at dawn").unwrap();
    assert!(first < second && second < third, "{text}");
    // Without -o, the restored text; with --format md, paragraphs rebuilt from the lines.
    collate()
        .arg("restore")
        .arg(&input)
        .assert()
        .success()
        .stdout(predicate::str::contains("lamps of the town"));
    let md = collate()
        .arg("restore")
        .arg(&input)
        .args(["--format", "md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.contains("On the lamps of the town and how they were lit"),
        "{md}"
    );
    assert!(!md.contains('\u{c}'));
}

#[test]
fn unusable_pdfs_are_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan.pdf");
    fs::write(&scan, make_pdf(&["", "", ""])).unwrap();
    collate()
        .arg("restore")
        .arg(&scan)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no text layer").and(predicate::str::contains("OCR")))
        .stderr(predicate::str::contains("panicked").not());

    let good = make_pdf(&[
        "first page text of some length here",
        "second page text of some length",
    ]);
    let truncated = dir.path().join("truncated.pdf");
    fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let out = dir.path().join("out.pdf");
    collate()
        .arg("restore")
        .arg(&truncated)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("truncated.pdf"))
        .stderr(predicate::str::contains("panicked").not());
    assert!(!out.exists());

    // Encrypted with lopdf itself (RC4, 128-bit key, user password "user"): no qpdf needed.
    let mut doc = Document::load_mem(&good).unwrap();
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal("collate-test-id-0"),
            Object::string_literal("collate-test-id-0"),
        ],
    );
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "user",
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let locked = dir.path().join("locked.pdf");
    doc.save(&locked).unwrap();
    assert!(Document::load(&locked).unwrap().is_encrypted());
    collate()
        .arg("restore")
        .arg(&locked)
        .assert()
        .failure()
        .stderr(predicate::str::contains("encrypt").or(predicate::str::contains("decrypt")))
        .stderr(predicate::str::contains("panicked").not());
}
