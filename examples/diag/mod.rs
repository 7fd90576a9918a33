//! Shared set-up of the diagnostic examples: arguments, corpus documents, a scrambled case.
// Each example uses a different part of this module.
#![allow(dead_code)]

use collate::bench::{corpus_documents, load_known, scramble, Scrambled};
use collate::ingest::{Document, Format};
use std::path::PathBuf;

/// `md|txt CORPUS [REST…]` from the command line.
pub fn args() -> (Format, PathBuf, Vec<String>) {
    let a: Vec<String> = std::env::args().collect();
    assert!(a.len() >= 3, "usage: {} md|txt CORPUS_DIR [more…]", a[0]);
    let format = if a[1] == "txt" {
        Format::Txt
    } else {
        Format::Md
    };
    (format, PathBuf::from(&a[2]), a[3..].to_vec())
}

/// The corpus documents, sorted.
pub fn documents(corpus: &std::path::Path, format: Format) -> Vec<PathBuf> {
    corpus_documents(corpus, format).expect("a corpus folder")
}

/// The corpus documents whose id starts with `prefix` (all without one), with their ids.
pub fn selected(
    corpus: &std::path::Path,
    format: Format,
    prefix: Option<&String>,
) -> Vec<(String, PathBuf)> {
    documents(corpus, format)
        .into_iter()
        .map(|d| (d.file_name().unwrap().to_string_lossy().into_owned(), d))
        .filter(|(id, _)| prefix.is_none_or(|p| id.starts_with(p.as_str())))
        .collect()
}

/// The first and the last `n` characters of `text`.
pub fn edges(text: &str, n: usize) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    (
        chars.iter().take(n).collect(),
        chars[chars.len().saturating_sub(n)..].iter().collect(),
    )
}

/// The document family: the id up to its first dash (`gibbon`, `federalist`, …).
pub fn family(doc: &std::path::Path) -> String {
    let id = doc
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    id.split('-').next().unwrap_or(&id).to_string()
}

/// Scramble `doc` with `seed` and read it back as collate would.
pub fn case(doc: &std::path::Path, format: Format, seed: u64) -> (Scrambled, Document) {
    let known = load_known(doc, format).expect("a corpus document");
    let s = scramble(&known, seed, 0);
    let d = Document::from_text("case", s.text.clone(), Some(format)).expect("readable");
    (s, d)
}

/// For each true page, its position in the scrambled text.
fn positions(truth: &collate::bench::Truth) -> Vec<usize> {
    let mut pos_of = vec![0; truth.order.len()];
    for (p, &page) in truth.order.iter().enumerate() {
        pos_of[page] = p;
    }
    pos_of
}

/// The fragment whose content holds byte `byte`.
fn fragment_at(an: &collate::fragment::Analysis, byte: usize) -> Option<usize> {
    an.fragments
        .iter()
        .position(|f| f.content.start <= byte && byte < f.content.end.max(f.content.start + 1))
}

/// Every true junction between consecutive pages as (fragment holding the end of the first
/// page, fragment holding the start of the next); the two are the same fragment where
/// detection missed the cut.
pub fn true_junctions(
    truth: &collate::bench::Truth,
    an: &collate::fragment::Analysis,
) -> Vec<(usize, usize)> {
    let pos_of = positions(truth);
    pos_of
        .windows(2)
        .filter_map(|w| {
            let (sa, sb) = (truth.spans[w[0]], truth.spans[w[1]]);
            Some((
                fragment_at(an, sa.end.saturating_sub(1))?,
                fragment_at(an, sb.start)?,
            ))
        })
        .collect()
}

/// The fragments in true reading order: by true page, then by place within the page.
pub fn true_order(truth: &collate::bench::Truth, an: &collate::fragment::Analysis) -> Vec<usize> {
    let pos_of = positions(truth);
    let mut page_rank = vec![0usize; truth.order.len()];
    for (rank, &p) in pos_of.iter().enumerate() {
        page_rank[p] = rank;
    }
    let mut frags: Vec<(usize, usize, usize)> = an
        .fragments
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let page = truth
                .spans
                .iter()
                .position(|sp| {
                    sp.start <= f.content.start && f.content.start < sp.end.max(sp.start + 1)
                })
                .unwrap_or(0);
            (page_rank[page], f.content.start, i)
        })
        .collect();
    frags.sort();
    frags.into_iter().map(|x| x.2).collect()
}
