//! A slice of every converter flavour: Gibbon's chapter III (a CC0 edition) as seven
//! third-party converters wrote it page by page (`corpus/flavours/`, copied from
//! `../shared/flavours`, where it is a `train` document). Pages joined by form feeds must come
//! back in order in every flavour: the running heads and page numbers each converter keeps, in
//! its own arrangement, are learned from the document.

use crate::common::{collate, own_corpus};

/// Measured at this commit: exact order and adjacency 1.0000 in every flavour, seeds 1–2
/// (`collate bench --corpus corpus/flavours --format txt --seeds 1..2`); before the page
/// numbers on their own line were read, raw, pdfminer, pymupdf and markitdown gave 0.20–0.41.
/// Exact order is a floor too since the printed numbers are settled by their sequence.
#[test]
fn every_flavour_with_form_feeds_comes_back_in_order() {
    collate()
        .arg("bench")
        .arg("--corpus")
        .arg(own_corpus().join("flavours"))
        .args(["--format", "txt", "--seeds", "1..2", "--threads", "2"])
        .args(["--markdown", "/dev/null"])
        .args(["--fail-under", "documents=7"])
        .args(["--fail-under", "each-flavour:adjacency=0.97"])
        .args(["--fail-under", "each-flavour:exact=1"])
        .args(["--fail-over", "failed=0", "--fail-over", "lost=0"])
        .assert()
        .success();
}

/// The same pages joined by blank lines, no marker: the pages are found by the furniture each
/// converter kept (running heads and page numbers that recur at block edges, learned from the
/// document, opening or closing a page by how the converter set them). Measured at this
/// commit (`collate bench --corpus corpus/flavours --format txt --join blank --seeds 1..3`):
/// adjacency 0.90–0.95 and cut precision ≥ 0.938 in every flavour, cut recall ≥ 0.952 (0.75–1.00,
/// precision ≥ 0.949 and recall 0.889–1.00 before two numbers in one cluster were cut apart
/// and gaps wider than the converter sets inside its pages became candidate cuts: the title
/// page is found; 0.75–0.81 before pages written as one block each were cut at every blank
/// line); before the furniture was read, 0.00–0.62 and cut precision 0.18–1.00.
#[test]
fn every_flavour_with_blank_lines_is_cut_at_its_furniture() {
    collate()
        .arg("bench")
        .arg("--corpus")
        .arg(own_corpus().join("flavours"))
        .args(["--format", "txt", "--join", "blank", "--seeds", "1..3"])
        .args(["--threads", "2", "--markdown", "/dev/null"])
        .args(["--fail-under", "documents=7"])
        .args(["--fail-under", "each-flavour:adjacency=0.88"])
        .args(["--fail-under", "each-flavour:cut_precision=0.93"])
        .args(["--fail-under", "each-flavour:cut_recall=0.94"])
        .args(["--fail-over", "failed=0", "--fail-over", "lost=0"])
        .assert()
        .success();
}

/// The title page (`The History of the Decline and Fall of the Roman Empire / Chapter III /
/// Edward Gibbon / 1776`, no number, 13–16 words) of a chapter whose pages carry numbers that
/// run on is a scrap outside the numbered run, and it opens the chapter: in the five flavours
/// that keep it whole, every run comes back exact (measured at this commit with
/// `collate bench --corpus corpus/flavours --format txt --join blank --seeds 1..3`; before,
/// the title page was taken for running text and closed the chapter, exact 0 in all five).
/// `layout` splits the title page in two and `markitdown` sets half of it as a table.
#[test]
fn a_numbered_chapter_opens_with_its_title_page() {
    let mut cmd = collate();
    cmd.arg("bench")
        .arg("--corpus")
        .arg(own_corpus().join("flavours"))
        .args(["--format", "txt", "--join", "blank", "--seeds", "1..3"])
        .args(["--threads", "2", "--markdown", "/dev/null"]);
    for flavour in ["pdfminer", "pymupdf", "pymupdf4llm", "pypdf", "raw"] {
        cmd.args(["--flavour", flavour]);
    }
    cmd.args(["--fail-under", "documents=5"])
        .args(["--fail-under", "each-flavour:exact=1"])
        .assert()
        .success();
}

/// A few stray form feeds in text whose pages are joined by blank lines do not make it a
/// document of a few long pages: the furniture shows several pages inside each.
#[test]
fn stray_form_feeds_do_not_mark_pages() {
    use collate::fragment::{analyse, FragmentConfig};
    let text = std::fs::read_to_string(own_corpus().join("flavours/pypdf/gibbon-ch03/pages.txt"))
        .expect("the slice is in the repository");
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 22);
    // Blank lines between pages; a form feed on a line of its own after pages 5, 11 and 17.
    let mut joined = String::new();
    for (i, p) in pages.iter().enumerate() {
        joined.push_str(p.trim_end());
        joined.push_str(if [5, 11, 17].contains(&i) {
            "\n\u{c}\n\n"
        } else {
            "\n\n"
        });
    }
    let doc = collate::ingest::Document::from_text("stray", joined, None).unwrap();
    assert!(doc.pages.is_some(), "form feeds are present");
    let a = analyse(&doc, &FragmentConfig::default());
    assert!(
        a.fragments.len() >= 18,
        "{} fragments for 22 pages",
        a.fragments.len()
    );
}

/// Slices of two R manuals (GPL-2, `corpus/numbers/`, `train` documents of
/// `../shared/flavours`): `pdftotext` without `-layout` sets the page number on a line of its
/// own below a chapter's running head, which recurs too seldom in short chapters to be learned,
/// and `pdftotext -layout` sets contents pages whose dot leaders are as long as a note's small
/// print. The numbers the other pages carry settle each page's own, and contents pages stay
/// contents. Measured at this commit (`collate bench --corpus corpus/numbers --format txt
/// --seeds 1..3`): exact order in every run; the whole documents gave adjacency 0.8718 (raw
/// R-admin) and 0.9487 (layout R-exts) before, with the front matter out of order.
#[test]
fn printed_numbers_settled_by_the_sequence_restore_the_order() {
    collate()
        .arg("bench")
        .arg("--corpus")
        .arg(own_corpus().join("numbers"))
        .args(["--format", "txt", "--seeds", "1..3", "--threads", "2"])
        .args(["--markdown", "/dev/null"])
        .args(["--fail-under", "documents=2"])
        .args(["--fail-under", "each-flavour:exact=1"])
        .args(["--fail-over", "failed=0", "--fail-over", "lost=0"])
        .assert()
        .success();
}

/// Every page of the raw R-admin slice that prints a number has it read, also below a
/// chapter head seen on two pages only (`Chapter 3: Installing R under Windows`, then `18`).
#[test]
fn a_number_below_a_rare_running_head_is_read() {
    use collate::fragment::{analyse, FragmentConfig};
    let text = std::fs::read_to_string(own_corpus().join("numbers/raw/rdoc-r-admin/pages.txt"))
        .expect("the slice is in the repository");
    let doc = collate::ingest::Document::from_text("r-admin", text, None).unwrap();
    let a = analyse(&doc, &FragmentConfig::default());
    let numbers: Vec<Option<u32>> = a.fragments.iter().map(|f| f.page_number).collect();
    // Title and copyright pages, roman i–iii (contents), then arabic 1–23.
    let mut want = vec![None, None, Some(1), Some(2), Some(3)];
    want.extend((1..=23).map(Some));
    assert_eq!(numbers, want);
    let roman: Vec<bool> = a.fragments.iter().map(|f| f.page_roman).collect();
    assert_eq!(roman[2..5], [true, true, true]);
    assert!(a.fragments[5..].iter().all(|f| !f.page_roman));
}

/// Contents pages of the layout R-exts slice (roman i–v) are read as contents, none taken for
/// a note continued from the page before because their dotted lines are long.
#[test]
fn contents_pages_are_not_read_as_notes() {
    use collate::fragment::{analyse, FragmentConfig, Kind};
    let text = std::fs::read_to_string(own_corpus().join("numbers/layout/rdoc-r-exts/pages.txt"))
        .expect("the slice is in the repository");
    let doc = collate::ingest::Document::from_text("r-exts", text, None).unwrap();
    let a = analyse(&doc, &FragmentConfig::default());
    let kinds: Vec<Kind> = a.fragments[2..7].iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [Kind::Contents; 5]);
}
