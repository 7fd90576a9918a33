//! The document's structure, read once from its fragments: the contents and which entry each
//! heading names, footnote numbers, sections, printed page numbers and which fragments start
//! a page. Scoring and solving read this — never the fragments' own fields — so each fact
//! about the document is worked out in one place and one way.

mod contents;
mod notes;
mod pages;
mod sections;

pub use contents::Contents;
pub(crate) use pages::{arabic_numbers, numbers_run_on};

use super::{Fragment, Kind, StreamLink};
use serde::Serialize;

/// What the document says about its own order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Structure {
    /// Per fragment: front matter, contents, body, back matter or a loose scrap.
    pub kinds: Vec<Kind>,
    /// Per fragment: 1 when it surely starts a page, the cut probability when it follows a
    /// candidate cut, 0 when it continues a page.
    pub page_start: Vec<f64>,
    /// The table of contents.
    #[serde(skip)]
    pub contents: Contents,
    /// Per fragment: contents entries of its first and last listed heading.
    pub listed: Vec<Option<(usize, usize)>>,
    /// Per fragment: its lowest and highest footnote number, where the document numbers its
    /// notes once through (all `None` where numbers restart or are too few).
    pub notes: Vec<Option<(u32, u32)>>,
    /// Per fragment: the sections it spans, as positions that only grow (headings even, pages
    /// a running head places inside a section odd), or `None`.
    pub sections: Vec<Option<(u32, u32)>>,
    /// Per fragment: the key of the section it opens (contents position or heading number),
    /// where the document declares at least three distinct sections.
    pub section_keys: Option<Vec<Option<Vec<u32>>>>,
    /// (fragment, page number) of numbered pages that leave gaps between their numbers:
    /// printed numbers kept on some pages only, and pages the contents gives for headings.
    /// Increasing numbers, each once; empty when the numbers say nothing more.
    pub anchors: Vec<(usize, u32)>,
    /// Printed page numbers run on from page to page (most have their neighbour's too).
    pub pages_run_on: bool,
}

impl Structure {
    /// Read the structure of fragments `frags` with candidate cuts `links`.
    pub fn read(frags: &[Fragment], links: &[StreamLink]) -> Self {
        let n = frags.len();
        let mut page_start: Vec<f64> = frags
            .iter()
            .map(|f| if f.starts_page { 1.0 } else { 0.0 })
            .collect();
        for l in links {
            if !frags[l.to].starts_page {
                page_start[l.to] = l.p_boundary;
            }
        }
        let contents = Contents::read(frags);
        let listed = contents.positions(frags);
        let notes = notes::note_ranges(frags).unwrap_or_else(|| vec![None; n]);
        let sections = sections::section_ranges(frags, &listed);
        let section_keys = sections::section_keys(frags, &contents);
        let anchors = pages::page_anchors(frags, &page_start, &listed, |i| contents.page(i));
        let numbers = pages::arabic_numbers(frags);
        Structure {
            kinds: frags.iter().map(|f| f.kind).collect(),
            page_start,
            contents,
            listed,
            notes,
            sections,
            section_keys,
            anchors,
            pages_run_on: pages::numbers_run_on(&numbers),
        }
    }

    /// Number of fragments.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// True when there are no fragments.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }
}
