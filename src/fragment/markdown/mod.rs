//! Markdown-like input (one paragraph per line or hard-wrapped, blank lines between blocks):
//! split into blocks, judge every gap between blocks (surely a page cut, surely inside a page,
//! or a candidate), and weigh candidates with a page-length model learned from the document.
//!
//! The rooms, in pipeline order: [`blocks`] (split and describe), [`conventions`] (footnote
//! rules, glued references, bold headings) and [`folios`] (kept running heads and page
//! numbers), [`gaps`] (local priors) and [`signatures`] (name lines that end a piece),
//! [`page_model`] (posteriors by page length), [`cuts`] (gaps into fragments), and
//! [`describe`] (a fragment from its blocks).

mod blocks;
mod conventions;
mod cuts;
mod describe;
mod folios;
mod gaps;
mod page_model;
mod signatures;

use super::{Analysis, Fragment, FragmentConfig};
use crate::ingest::Span;
use blocks::{block_length, raw_blocks, Block};
pub(super) use signatures::signatures_are_rare_in;

/// The blocks of `text[range]`, with the document's conventions learned from them applied
/// (footnote groups, folios, glued references, bold headings); also whether references are
/// glued.
fn read_blocks(text: &str, range: Span) -> (Vec<Block>, bool) {
    let mut blocks = raw_blocks(text, range);
    conventions::mark_notes(&mut blocks);
    folios::mark_folios(text, &mut blocks);
    let glued = conventions::learn_conventions(range.of(text), &mut blocks);
    (blocks, glued)
}

/// Parse the pages of a paged markdown document, with the page furniture (running heads and
/// page numbers the converter kept) learned across all of them first.
pub(super) fn parse_pages(text: &str, pages: &[Span]) -> Vec<Fragment> {
    let mut all: Vec<Vec<Block>> = pages
        .iter()
        .map(|&p| {
            let mut blocks = raw_blocks(text, p);
            conventions::mark_notes(&mut blocks);
            blocks
        })
        .collect();
    let furniture = folios::learn_furniture(&all);
    pages
        .iter()
        .zip(all.iter_mut())
        .map(|(&page, blocks)| {
            folios::mark_page_folios(text, blocks, &furniture);
            let glued = conventions::learn_conventions(page.of(text), blocks);
            describe::fragment_from_blocks(text, blocks, page, glued)
        })
        .collect()
}

/// Cut unmarked markdown into fragments.
pub(super) fn segment(text: &str, cfg: &FragmentConfig) -> Analysis {
    let (blocks, glued) = read_blocks(text, Span::new(0, text.len()));
    let mut gaps = gaps::judge_gaps(&blocks);
    gaps::close_title_pages(&blocks, &mut gaps);
    let signatures = signatures::close_signatures(&blocks, &mut gaps);

    let lengths: Vec<f64> = blocks.iter().map(block_length).collect();
    let runs = page_model::runs_between_sure_cuts(&gaps, blocks.len());
    let cap = page_model::page_capacity(&blocks, &runs, &lengths);
    let p_cut = page_model::cut_probabilities(&gaps, &runs, &lengths, cap);

    let (cut_after, stats) =
        cuts::choose_cuts(&gaps, &p_cut, cfg.min_cut_probability, blocks.len());
    let prefix_end = cuts::prefix_end(text, &blocks);
    let (mut fragments, links) =
        cuts::build_fragments(text, &blocks, &gaps, &cut_after, prefix_end, glued);
    if !signatures {
        for f in &mut fragments {
            f.signed = false;
        }
    }
    Analysis {
        fragments,
        prefix: Span::new(0, prefix_end),
        links,
        cuts: stats,
        paged: false,
        by_furniture: false,
        page_capacity: cap,
        join: "\n\n".to_string(),
        structure: super::Structure::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::{Close, Open};
    use super::*;

    fn seg(t: &str) -> Analysis {
        segment(t, &FragmentConfig::default())
    }

    /// The running heads a converter kept at the top of pages (lines that open two pages or
    /// more, italic essay titles) on *The Federalist* XI–XX, a CC0 edition.
    fn heads_and_bodies(text: &str) -> (usize, usize) {
        let pages = crate::ingest::split_form_feeds(text);
        let first = |p: &Span| p.of(text).trim().lines().next().unwrap_or("").to_string();
        let mut count = std::collections::HashMap::<String, usize>::new();
        for p in &pages {
            *count.entry(first(p)).or_default() += 1;
        }
        let frags = parse_pages(text, &pages);
        let mut heads = 0;
        let mut kept = 0;
        for (f, p) in frags.iter().zip(&pages) {
            let line = first(p);
            if count[&line] >= 2 && line.starts_with('*') {
                heads += 1;
                let words = line
                    .trim_matches('*')
                    .split_whitespace()
                    .take(4)
                    .collect::<Vec<_>>();
                if f.body.split_whitespace().take(4).collect::<Vec<_>>() == words {
                    kept += 1;
                }
            }
        }
        (heads, kept)
    }

    #[test]
    fn running_heads_are_learned_across_pages_and_kept_out_of_the_text() {
        let text = include_str!("../../../corpus/federalist-11-20/pages.md");
        let (heads, kept) = heads_and_bodies(text);
        assert!(heads >= 5, "the document has running heads ({heads})");
        assert_eq!(kept, 0, "running heads left in the running text");
        // The same pages with their page numbers taken out (lone, or after a head's last
        // line: `*the Union)* 23`): the heads alone still repeat at the page edges, so they
        // are still furniture.
        let number = regex::Regex::new(r"(?m)^(\d{1,4}|(.*\*) \d{1,4})$").unwrap();
        let no_numbers = number.replace_all(text, "$2");
        assert_ne!(no_numbers, text);
        let (heads, kept) = heads_and_bodies(&no_numbers);
        assert!(heads >= 5);
        assert_eq!(kept, 0, "unnumbered running heads left in the running text");
    }

    #[test]
    fn fragments_tile_the_input() {
        let t = "\n\nFirst page text that runs on and on without an end\n\n\nand ends here.\n\n---\n\n<sup>1</sup> A note.\n\nNew page starts.\n";
        let a = seg(t);
        let mut joined = a.prefix.of(t).to_string();
        for f in &a.fragments {
            joined.push_str(f.span.of(t));
        }
        assert_eq!(joined, t);
    }

    #[test]
    fn mid_sentence_and_continuation_are_sure_cuts() {
        let t = "A paragraph that stops in the middle of a long sentence and then\n\n\
                 stops here. Another sentence.\n\nA fresh paragraph with more words in it.\n";
        let a = seg(t);
        assert!(a.fragments.len() >= 2);
        assert_eq!(a.fragments[0].closes, Close::Mid);
        assert_eq!(a.fragments[1].opens, Open::Continuation);
        assert!(a.fragments[1].starts_page);
    }

    #[test]
    fn footnote_block_closes_a_page() {
        let t = "Body text with a note.<sup>3</sup>\n\n---\n\n<sup>3</sup> The note, which goes on\n\nNext page body begins with Capital.\n";
        let a = seg(t);
        assert_eq!(a.fragments.len(), 2);
        let f = &a.fragments[0];
        assert_eq!(f.refs, vec![3]);
        assert_eq!(f.notes, vec![3]);
        assert!(f.notes_open_at_end);
        assert_eq!(f.closes, Close::Sentence);
    }

    #[test]
    fn note_continued_from_previous_page() {
        let t =
            "Text of a page that ends.\n\n---\n\ncontinued note text.\n\n<sup>4</sup> Next note.\n";
        let f = parse_pages(t, &[Span::new(0, t.len())]).remove(0);
        assert!(f.notes_continue_in);
        assert_eq!(f.notes, vec![4]);
    }

    #[test]
    fn contents_entries_are_read() {
        let t = "# Contents\n\nIntroduction . . . . .\t5\n\nThe context . . . . .\t8\n";
        let f = parse_pages(t, &[Span::new(0, t.len())]).remove(0);
        assert_eq!(f.contents.len(), 2);
        assert_eq!(f.contents[1].page, Some(8));
        assert_eq!(f.contents[0].title, "Introduction");
    }
}
