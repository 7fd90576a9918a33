//! A slice of every converter flavour: Gibbon's chapter III (a CC0 edition) as seven
//! third-party converters wrote it page by page (`corpus/flavours/`, copied from
//! `../shared/flavours`, where it is a `train` document). Pages joined by form feeds must come
//! back in order in every flavour: the running heads and page numbers each converter keeps, in
//! its own arrangement, are learned from the document.

use crate::common::{collate, own_corpus};

/// Measured at this commit: exact order and adjacency 1.0000 in every flavour, seeds 1–2
/// (`collate bench --corpus corpus/flavours --format txt --seeds 1..2`); before the page
/// numbers on their own line were read, raw, pdfminer, pymupdf and markitdown gave 0.20–0.41.
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
        .args(["--fail-over", "failed=0", "--fail-over", "lost=0"])
        .assert()
        .success();
}
