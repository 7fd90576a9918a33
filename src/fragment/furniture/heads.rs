//! Running heads learned from the document: the short lines whose shape (numbers aside)
//! recurs at block edges a page apart, or carries a distinct page number each time, or belongs
//! to a family (`Chapter #:`) of such heads; and, once the stream of items is known, the heads
//! that stand apart from every page number are given back to the body.

use super::read::{edge_number, family, folio, head_shape, neighbour_folio};
use super::{Furn, Item, Line, EDGE_LINES, MAX_HEAD_CHARS};
use std::collections::HashMap;

/// A head shape must stand at block edges at least this many times to be learned as a
/// running head. Chosen by hand, not fitted (the layout reader's `HEAD_RECURS_ON`).
const HEAD_RECURS: usize = 3;
/// Share of a head shape's occurrences that must stand at a block edge: a running head
/// stands nowhere else, a refrain or a code line also falls inside blocks.
/// Chosen by hand, not fitted (the markdown reader's `EDGE_HEAD_SHARE`).
const EDGE_SHARE: f64 = 0.8;
/// A running head stands once a page: occurrences of a head shape closer than this many bytes
/// (or half a page, as the document's numbers give it, if less) to the one before count as
/// one (a code line repeated on one page is no running head). Chosen by hand, not fitted: a
/// printed page holds at least [`super::CHARS_PER_FOLIO`] bytes (on train, 375 or 1,500 gave
/// the same figures within 0.003).
const HEAD_APART: usize = super::CHARS_PER_FOLIO;
/// A head shape seen at block edges this many times is still a running head when each time it
/// carries a page number (at its end, or alone on the line beside it), all distinct and close
/// together: the running head of a short chapter. Chosen by hand, not fitted.
const NUMBERED_HEAD_RECURS: usize = 2;
/// ... close together: the numbers span at most this many pages per occurrence. Chosen by
/// hand, not fitted (verso and recto pages of a chapter alternate heads).
const NUMBERED_HEAD_SPAN: usize = 2;
/// Running heads learned on their own that a family (`Chapter #:`) must hold for a head of
/// it seen once to count. Chosen by hand, not fitted.
const FAMILY_HEADS: usize = 2;
/// Share of a head shape's occurrences that must be anchored (set beside a number, see
/// [`drop_unanchored_heads`]) for it to stay furniture.
/// Chosen by hand, not fitted.
const ANCHORED_SHARE: f64 = 0.5;

/// The head shapes of one document and where they stand.
pub(super) struct Heads {
    /// Occurrences of each head shape at a block edge.
    at_edge: HashMap<String, usize>,
    /// Occurrences of each head shape anywhere.
    anywhere: HashMap<String, usize>,
    /// Edge occurrences a page apart at least: their count, and where the last one stands.
    apart: HashMap<String, (usize, usize)>,
    /// The numbers a head shape carries at its edge occurrences.
    folios_at_edge: HashMap<String, Vec<u32>>,
    /// The family each head shape belongs to (`Chapter #:`), where its text names one.
    family_of: HashMap<String, String>,
    /// How many heads learned on their own each family holds.
    family_heads: HashMap<String, usize>,
}

impl Heads {
    /// Learn the head shapes of a text of `text_len` bytes from its lines, its blocks (runs
    /// of non-blank lines) and the lines' cleaned texts.
    pub(super) fn learn(
        text_len: usize,
        lines: &[Line],
        blocks: &[(usize, usize)],
        cleaned: &[String],
    ) -> Heads {
        // A page's length, over-estimated from below: the text over the lines at block edges
        // that carry a number (each page prints its number once; footnote markers add more).
        let numbered_edges = blocks
            .iter()
            .flat_map(|&(s, e)| (s..=e).filter(move |&i| i < s + EDGE_LINES || i + EDGE_LINES > e))
            .filter(|&i| {
                cleaned[i].chars().count() <= MAX_HEAD_CHARS && folio(&cleaned[i]).is_some()
            })
            .count();
        let head_apart = HEAD_APART.min(text_len / numbered_edges.max(1) / 2);
        let mut heads = Heads {
            at_edge: HashMap::new(),
            anywhere: HashMap::new(),
            apart: HashMap::new(),
            folios_at_edge: HashMap::new(),
            family_of: HashMap::new(),
            family_heads: HashMap::new(),
        };
        for &(s, e) in blocks {
            for (i, c) in cleaned.iter().enumerate().take(e + 1).skip(s) {
                if c.chars().count() > MAX_HEAD_CHARS {
                    continue;
                }
                let h = head_shape(c);
                if h.chars().filter(|c| c.is_alphabetic()).count() < 3 {
                    continue;
                }
                *heads.anywhere.entry(h.clone()).or_default() += 1;
                if let Some(k) = family(c) {
                    heads.family_of.entry(h.clone()).or_insert(k);
                }
                if i < s + EDGE_LINES || i + EDGE_LINES > e {
                    if let Some(v) = edge_number(c).or_else(|| neighbour_folio(cleaned, i)) {
                        heads.folios_at_edge.entry(h.clone()).or_default().push(v);
                    }
                    let pos = lines[i].start;
                    let a = heads.apart.entry(h.clone()).or_insert((0, usize::MAX));
                    if a.1 == usize::MAX || pos - a.1 >= head_apart {
                        a.0 += 1;
                    }
                    a.1 = pos;
                    *heads.at_edge.entry(h).or_default() += 1;
                }
            }
        }
        // Families that hold two running heads learned on their own or more (`Chapter 2:
        // Data`, `Chapter 4: Databases`).
        let mut family_heads: HashMap<String, usize> = HashMap::new();
        for (h, k) in &heads.family_of {
            if heads.recurs(h) {
                *family_heads.entry(k.clone()).or_default() += 1;
            }
        }
        heads.family_heads = family_heads;
        heads
    }

    /// A head shape carries a page number at each of its `k` edge occurrences, all distinct
    /// and close together (the running head of a short chapter).
    fn numbered(&self, h: &str, k: usize) -> bool {
        self.folios_at_edge.get(h).is_some_and(|v| {
            let mut d = v.clone();
            d.sort_unstable();
            d.dedup();
            let span = d.last().unwrap() - d.first().unwrap();
            v.len() == k && d.len() == k && span as usize <= NUMBERED_HEAD_SPAN * k
        })
    }

    /// Nearly all of a head shape's occurrences stand at block edges.
    fn at_edges(&self, h: &str) -> bool {
        self.at_edge
            .get(h)
            .is_some_and(|&k| k as f64 >= EDGE_SHARE * self.anywhere[h] as f64)
    }

    /// A running head on its own evidence: it recurs a page apart, or it carries a page number
    /// each time, and it stands at block edges.
    fn recurs(&self, h: &str) -> bool {
        self.at_edge.get(h).is_some_and(|&k| {
            let pages = self.apart[h].0;
            (pages >= HEAD_RECURS || (pages >= NUMBERED_HEAD_RECURS && self.numbered(h, k)))
                && self.at_edges(h)
        })
    }

    /// A running head: on its own evidence, or as a head of a family that holds
    /// [`FAMILY_HEADS`] heads learned on their own (a chapter of two pages, its opening
    /// without a head, shows its head once) standing at block edges.
    pub(super) fn is_head(&self, h: &str) -> bool {
        self.recurs(h)
            || self.family_of.get(h).is_some_and(|k| {
                self.family_heads.get(k).copied().unwrap_or(0) >= FAMILY_HEADS && self.at_edges(h)
            })
    }
}

/// Running heads stand beside the page numbers: a page's head and its number are set side by
/// side (a head with its number on the line next to it, or a page's foot number and the next
/// page's head), with no body between. A head shape that carries no number and, more often
/// than not, stands with body on both sides of it before any number (a repeated line of prose
/// or code at a block edge, a manual's `Synopsis` over each function it describes, a
/// paragraph's last words) is no furniture: its items go back to the body. (A number a body
/// or two away was enough before; in `pdftotext -layout` pages of many blocks, a page's foot
/// number stands that near to many lines of its page.)
pub(super) fn drop_unanchored_heads(items: &mut [Item], cleaned: &[String]) {
    // A number alone, or a head carrying its number.
    let numbered = |j: usize| match items[j].furn {
        Some(Furn::Number) => true,
        Some(Furn::Head(_)) => edge_number(&cleaned[items[j].lines.0]).is_some(),
        None => false,
    };
    // The run of furniture items around item `k` (no body between) holds a number.
    let anchored = |k: usize| {
        let furn = |j: &usize| items[*j].furn.is_some();
        let first = (0..=k).rev().take_while(furn).last().unwrap_or(k);
        let last = (k..items.len()).take_while(furn).last().unwrap_or(k);
        (first..=last).any(numbered)
    };
    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
    for (k, it) in items.iter().enumerate() {
        if let Some(Furn::Head(h)) = &it.furn {
            let e = seen.entry(h.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(anchored(k));
        }
    }
    let dropped: Vec<String> = seen
        .into_iter()
        .filter(|(_, (n, a))| (*a as f64) < ANCHORED_SHARE * *n as f64)
        .map(|(h, _)| h.to_string())
        .collect();
    for it in items.iter_mut() {
        if matches!(&it.furn, Some(Furn::Head(h)) if dropped.contains(h)) {
            it.furn = None;
        }
    }
}
