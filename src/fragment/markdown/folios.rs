//! Folios: running heads and page numbers a converter kept in the text. They mark page
//! edges (a folio opens or closes a page) and give a page its printed number, so they are
//! found before gaps are judged and kept out of the running text.

use super::super::lines::{shape, LONE_NUMBER, NUMBERED_HEAD};
use super::super::text::Close;
use super::blocks::{Block, BlockKind};
use std::collections::HashMap;

/// A running head is a short block: under this many chars.
/// Chosen by hand (b8dcd6c, folio detection in markdown), not fitted.
const MAX_HEAD_CHARS: usize = 200;
/// A block shape seen this many times is a recurring running head.
/// Chosen by hand (b8dcd6c), not fitted.
const HEAD_RECURS: usize = 2;
/// A page number above `chars / CHARS_PER_FOLIO + FOLIO_SLACK` is a year or a count, not a
/// folio: at most one page per this many chars of text, plus room for front matter.
/// Chosen by hand (b8dcd6c), not fitted.
const CHARS_PER_FOLIO: usize = 1500;
/// See [`CHARS_PER_FOLIO`].
const FOLIO_SLACK: usize = 20;
/// The first line of a wrapped running head is at most this many chars.
/// Chosen by hand in fc06e4e (an italic sentence at a page foot is no head), not fitted.
const WRAPPED_HEAD_CHARS: usize = 120;

/// A page-edge block whose shape stands at the edge of at least this many pages (and hardly
/// anywhere else, [`EDGE_HEAD_SHARE`]) is page furniture: a running head kept without its
/// number. Chosen by hand, not fitted: a book prints a chapter's head on its recto pages, so
/// a short chapter shows it twice.
const EDGE_HEAD_PAGES: usize = 2;

/// Share of a shape's occurrences that must stand at a page edge for it to be furniture: a
/// running head stands nowhere else, while a signature or a refrain also falls mid-page.
/// Chosen by hand, not fitted.
const EDGE_HEAD_SHARE: f64 = 0.8;

/// Blocks at each end of a page that count as its edge (a head may sit above a page number).
const EDGE_BLOCKS: usize = 2;

/// The shape of a possible running head: [`shape`] without a leading section number (`XVI.`,
/// `12.`), so that the heads of a run of sections with one title pattern count together.
fn head_shape(clean: &str) -> String {
    let s = shape(clean);
    let mut words = s.splitn(2, ' ');
    let first = words.next().unwrap_or("");
    let numeral = first
        .trim_end_matches(['.', ':'])
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
    match words.next() {
        Some(rest) if numeral && first != "I" => rest.to_string(),
        _ => s,
    }
}

/// Could `b` be a running head or a page number: a short paragraph outside the notes.
fn eligible(b: &Block) -> bool {
    !b.in_notes
        && matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
        && b.clean.chars().count() < MAX_HEAD_CHARS
}

/// Find running heads and page numbers the converter kept: lone numbers, and short blocks
/// carrying a number whose shape recurs in the document (learned, not assumed), with the
/// recurring line before them when a long head wrapped (or, for a head printed once, the
/// line before set wholly in the same emphasis).
pub(super) fn mark_folios(text: &str, blocks: &mut [Block]) {
    let mut shapes: HashMap<String, usize> = HashMap::new();
    for b in blocks.iter().filter(|b| eligible(b)) {
        *shapes.entry(shape(&b.clean)).or_default() += 1;
    }
    let total_len: usize = blocks.iter().map(|b| b.clean.len()).sum();
    mark_with(text, blocks, &shapes, total_len);
}

/// Page furniture learned across the pages of a paged document: the shapes of the short
/// blocks at page edges that recur there (and hardly anywhere else), and the whole text's
/// length (which bounds a plausible page number).
pub(super) struct Furniture {
    shapes: HashMap<String, usize>,
    edge_heads: std::collections::HashSet<String>,
    total_len: usize,
}

/// Learn the furniture of a document from its pages' blocks.
pub(super) fn learn_furniture(pages: &[Vec<Block>]) -> Furniture {
    let mut shapes: HashMap<String, usize> = HashMap::new();
    let mut heads: HashMap<String, usize> = HashMap::new();
    let mut at_edge: HashMap<String, usize> = HashMap::new();
    let mut total_len = 0;
    for blocks in pages {
        total_len += blocks.iter().map(|b| b.clean.len()).sum::<usize>();
        let idx: Vec<usize> = (0..blocks.len())
            .filter(|&i| eligible(&blocks[i]))
            .collect();
        for &i in &idx {
            *shapes.entry(shape(&blocks[i].clean)).or_default() += 1;
            *heads.entry(head_shape(&blocks[i].clean)).or_default() += 1;
        }
        let mut edge: Vec<String> = idx
            .iter()
            .take(EDGE_BLOCKS)
            .chain(idx.iter().rev().take(EDGE_BLOCKS))
            .map(|&i| head_shape(&blocks[i].clean))
            .filter(|s| !s.is_empty())
            .collect();
        edge.sort();
        edge.dedup();
        for s in edge {
            *at_edge.entry(s).or_default() += 1;
        }
    }
    let edge_heads = at_edge
        .into_iter()
        .filter(|(s, k)| *k >= EDGE_HEAD_PAGES && *k as f64 >= EDGE_HEAD_SHARE * heads[s] as f64)
        .map(|(s, _)| s)
        .collect();
    Furniture {
        shapes,
        edge_heads,
        total_len,
    }
}

/// Mark the folios of one page of a paged document with what the whole document taught:
/// numbers and numbered heads as on unmarked input, and heads without a number that stand at
/// this page's edge and recur at the edges of other pages.
pub(super) fn mark_page_folios(text: &str, blocks: &mut [Block], f: &Furniture) {
    mark_with(text, blocks, &f.shapes, f.total_len);
    let idx: Vec<usize> = (0..blocks.len())
        .filter(|&i| eligible(&blocks[i]))
        .collect();
    let edges: Vec<usize> = idx
        .iter()
        .take(EDGE_BLOCKS)
        .chain(idx.iter().rev().take(EDGE_BLOCKS))
        .copied()
        .collect();
    for i in edges {
        if f.edge_heads.contains(&head_shape(&blocks[i].clean)) {
            blocks[i].kind = BlockKind::Folio;
        }
    }
}

fn mark_with(text: &str, blocks: &mut [Block], shapes: &HashMap<String, usize>, total_len: usize) {
    let recurs = |b: &Block| shapes.get(&shape(&b.clean)).copied().unwrap_or(0) >= HEAD_RECURS;
    let plausible = (total_len / CHARS_PER_FOLIO + FOLIO_SLACK) as u32;
    for i in 0..blocks.len() {
        if !eligible(&blocks[i]) {
            continue;
        }
        let clean = blocks[i].clean.trim().to_string();
        let number = if let Some(c) = LONE_NUMBER.captures(&clean) {
            c[1].parse::<u32>().ok()
        } else if recurs(&blocks[i]) {
            NUMBERED_HEAD
                .captures(&clean)
                .and_then(|c| c.get(1).or(c.get(2)))
                .and_then(|m| m.as_str().parse::<u32>().ok())
        } else {
            None
        };
        let Some(number) = number.filter(|&v| v <= plausible) else {
            continue;
        };
        blocks[i].kind = BlockKind::Folio;
        blocks[i].number = Some(number);
        if i > 0
            && eligible(&blocks[i - 1])
            && (recurs(&blocks[i - 1]) || wrapped_head(text, &blocks[i - 1], &blocks[i]))
        {
            let prev = &mut blocks[i - 1];
            if !matches!(prev.closes, Close::Sentence)
                || prev.clean.starts_with(|c: char| c.is_uppercase())
            {
                prev.kind = BlockKind::Folio;
                prev.number = None;
            }
        }
    }
}

/// Is `prev` the first line of a running head that wrapped onto the numbered `head`?
/// `*XXVII. The Same Subject Continued (The Idea of*` above `*Regard to …)* 29`.
fn wrapped_head(text: &str, prev: &Block, head: &Block) -> bool {
    let (p, h) = (prev.span.of(text).trim(), head.span.of(text).trim());
    let lead = |s: &str| s.chars().next().filter(|c| matches!(c, '*' | '_'));
    // The first line of a wrapped head: one short line that ends no sentence (an
    // italic paragraph at the foot of the page before is no part of it).
    !LONE_NUMBER.is_match(h)
        && !p.contains('\n')
        && prev.clean.chars().count() <= WRAPPED_HEAD_CHARS
        && prev.closes != Close::Sentence
        && lead(p).is_some_and(|c| lead(h) == Some(c) && p.ends_with(c))
}

#[cfg(test)]
mod tests {
    use super::super::segment;
    use crate::fragment::FragmentConfig;

    #[test]
    fn a_head_printed_once_wraps_onto_its_numbered_line() {
        let t = "Prose that stops at the foot of a page in the middle of a sentence about the\n\n\
                 *XXVII. The Same Subject Continued (The Idea of Restraining the*\n\n\
                 *Regard to the Common Defense Considered)* 3\n\n\
                 public councils, and schemes which end here.\n\n\
                 *XXVIII. The Same Subject Continued (The Idea of Restraining the*\n\n\
                 *Regard to the Common Defense Considered)* 5\n\n\
                 Another page of prose begins here and ends.\n";
        let a = segment(t, &FragmentConfig::default());
        let page = a
            .fragments
            .iter()
            .find(|f| f.first_words.first().is_some_and(|w| w == "public"))
            .expect("the page after the head");
        assert!(page.content.of(t).starts_with("*XXVII."), "{a:#?}");
        assert_eq!(page.page_number, Some(3));
        assert!(page
            .running_head
            .as_deref()
            .unwrap()
            .starts_with("XXVII. The Same"));
    }

    #[test]
    fn an_italic_paragraph_at_the_foot_of_a_page_is_no_running_head() {
        let t = "Prose that ends a page with a quotation set in italics below it, as here.\n\n\
                 *A sentence set in italics ends the page.*\n\n\
                 *Regard to the Common Defense Considered)* 3\n\n\
                 public councils, and schemes which end here.\n\n\
                 *Regard to the Common Defense Considered)* 5\n\n\
                 Another page of prose begins here and ends.\n";
        let a = segment(t, &FragmentConfig::default());
        let quote = t.find("*A sentence set").unwrap();
        let page = a
            .fragments
            .iter()
            .find(|f| f.first_words.first().is_some_and(|w| w == "public"))
            .expect("the page after the head");
        assert!(page.content.start > quote, "{a:#?}");
        assert_eq!(page.page_number, Some(3));
    }
}
