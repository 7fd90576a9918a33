//! Build the big inputs for measuring speed and scale: every shared corpus page in one
//! scrambled markdown file (`all.md`, 1,665 pages), and the same with about 550 pages of
//! technical manuals (code blocks, lists, tables) from one converter flavour added (`mixed.md`,
//! about 2,215 pages). Pages are shuffled with seed 1 and joined with blank lines, as a scraper
//! would join them.
//!
//! `cargo run --release --example bigdoc -- OUT_DIR [SHARED_DIR] [FLAVOUR]`
//! (defaults: `../shared`, `pymupdf4llm`; `layout` is the other flavour meant here).

use collate::bench::{load_known, scramble, KnownDoc};
use collate::ingest::Format;
use std::path::{Path, PathBuf};

/// Pages of manuals added to the corpus: the 2,215-page mixed document less the
/// corpus's 1,665 pages.
const MANUAL_PAGES: usize = 550;

fn docs_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("pages.md").is_file())
        .collect();
    v.sort();
    v
}

fn write(out: &Path, name: &str, pages: Vec<String>) {
    let n = pages.len();
    let doc = KnownDoc {
        id: name.to_string(),
        pages,
        format: Format::Md,
        pdf: None,
    };
    let s = scramble(&doc, 1, 0);
    let path = out.join(name);
    std::fs::write(&path, s.text).expect("write");
    println!("{}: {n} pages", path.display());
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let out = PathBuf::from(
        a.get(1)
            .expect("usage: bigdoc OUT_DIR [SHARED_DIR] [FLAVOUR]"),
    );
    let shared = PathBuf::from(a.get(2).map_or("../shared", String::as_str));
    let flavour = a.get(3).map_or("pymupdf4llm", String::as_str);
    std::fs::create_dir_all(&out).expect("out dir");
    let mut pages = Vec::new();
    for d in docs_in(&shared.join("corpus")) {
        pages.extend(load_known(&d, Format::Md).expect("corpus doc").pages);
    }
    write(&out, "all.md", pages.clone());
    // Technical manuals only (the Gibbon chapters are already in the corpus), whole documents
    // in name order until the pages reach MANUAL_PAGES.
    let mut added = 0;
    for d in docs_in(&shared.join("flavours").join(flavour)) {
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("gibbon") || added >= MANUAL_PAGES {
            continue;
        }
        let p = load_known(&d, Format::Md).expect("flavour doc").pages;
        let take = p.len().min(MANUAL_PAGES - added);
        added += take;
        pages.extend(p.into_iter().take(take));
    }
    write(&out, "mixed.md", pages);
}
