//! Page positions: which fragments start a page, the printed page numbers and the pages the
//! contents give for headings, as anchors where the numbers leave gaps.

use crate::fragment::{Fragment, Kind};

/// The arabic page numbers the fragments print, sorted, each once.
pub(crate) fn arabic_numbers(frags: &[Fragment]) -> Vec<u32> {
    let mut numbers: Vec<u32> = frags
        .iter()
        .filter(|f| !f.page_roman)
        .filter_map(|f| f.page_number)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// Whether printed page numbers (sorted, each once) run on from page to page: most of them
/// have their neighbour's number too, rather than standing on some pages only.
pub(crate) fn numbers_run_on(sorted: &[u32]) -> bool {
    let consecutive = sorted.windows(2).filter(|w| w[1] == w[0] + 1).count();
    2 * consecutive > sorted.len().saturating_sub(1)
}

/// Numbered pages that leave gaps between their numbers — printed page numbers kept on some
/// pages, and the pages the contents gives for headings — or nothing when the numbers say no
/// more than pair scores do (fewer than two, all consecutive) or do not fit the document.
pub(crate) fn page_anchors(
    frags: &[Fragment],
    page_start: &[f64],
    listed: &[Option<(usize, usize)>],
    entry_page: impl Fn(usize) -> Option<u32>,
) -> Vec<(usize, u32)> {
    let mut pages: Vec<(usize, u32)> = frags
        .iter()
        .enumerate()
        .filter(|(_, f)| f.starts_page && !f.page_roman)
        .filter_map(|(i, f)| f.page_number.map(|p| (i, p)))
        .collect();
    // A heading the contents lists with a page number stands on that page (the contents and
    // the printed numbers count alike; where both name a page, the printed number stays).
    for (i, (f, r)) in frags.iter().zip(listed).enumerate() {
        let (Some((first, _)), Kind::Body) = (r, f.kind) else {
            continue;
        };
        if let Some(p) = entry_page(*first) {
            if !pages.iter().any(|&(_, q)| q == p) {
                pages.push((i, p));
            }
        }
    }
    pages.sort_by_key(|&(i, p)| (p, i));
    // A number printed twice is not a position.
    let repeated: Vec<u32> = pages
        .windows(2)
        .filter(|w| w[0].1 == w[1].1)
        .map(|w| w[0].1)
        .collect();
    pages.retain(|a| !repeated.contains(&a.1));
    if pages.len() < 2 {
        return Vec::new();
    }
    let between: u32 = pages.windows(2).map(|w| w[1].1 - w[0].1 - 1).sum();
    let free: f64 =
        page_start.iter().sum::<f64>() - pages.iter().map(|&(f, _)| page_start[f]).sum::<f64>();
    if between == 0 || between as f64 > free + 0.5 {
        return Vec::new();
    }
    // Where most numbered pages have their neighbour's number too (page numbers kept, a few
    // lost), pair scores already read them; the anchors are for numbers kept on some pages.
    let numbers: Vec<u32> = pages.iter().map(|&(_, p)| p).collect();
    if numbers_run_on(&numbers) {
        return Vec::new();
    }
    pages
}
