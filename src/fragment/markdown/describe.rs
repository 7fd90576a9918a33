//! Describing a fragment from its blocks: how its running text opens and closes, its
//! headings, contents entries, footnote references and notes, folio and page space. The
//! same description serves a known page and a piece of text between candidate cuts.

use super::super::lines::{shape, CONTENTS_LINE};
use super::super::text::{
    closed_marks, first_words, glued_numbers, heading_number, last_words, open_marks, strip_markup,
    sup_numbers, Close,
};
use super::super::{ContentsEntry, Fragment, Heading, EDGE_WORDS};
use super::blocks::{block_length, is_prose, Block, BlockKind};
use super::signatures::{is_name_line, NAME_LINE_WORDS};
use crate::ingest::Span;

/// Describe the blocks `bs` (a page or a piece of one) as a fragment.
pub(super) fn fragment_from_blocks(text: &str, bs: &[Block], span: Span, glued: bool) -> Fragment {
    let content = if bs.is_empty() {
        Span::new(span.start, span.start)
    } else {
        Span::new(bs[0].span.start, bs[bs.len() - 1].span.end)
    };
    let mut f = Fragment::empty(span, content);
    let body: Vec<&Block> = bs
        .iter()
        .filter(|b| !b.in_notes && b.kind != BlockKind::Folio)
        .collect();
    read_folio(&mut f, bs);
    read_edges(&mut f, text, bs, &body);
    read_running_text(&mut f, text, &body, glued);
    read_notes(&mut f, bs);
    f.length = bs.iter().map(block_length).sum();
    f
}

/// The page number and running head, from the page's folio blocks.
fn read_folio(f: &mut Fragment, bs: &[Block]) {
    f.page_number = bs
        .iter()
        .filter(|b| b.kind == BlockKind::Folio)
        .find_map(|b| b.number);
    if f.page_number.is_some() {
        f.running_head = bs
            .iter()
            .find(|b| b.kind == BlockKind::Folio)
            .map(|b| shape(&b.clean));
    }
}

/// How the running text opens and closes, and the words and marks at its edges.
fn read_edges(f: &mut Fragment, text: &str, bs: &[Block], body: &[&Block]) {
    if let Some(first) = body.first() {
        f.opens = first.opens;
        f.first_words = first_words(&first.clean, EDGE_WORDS);
        f.closed_marks = closed_marks(first.span.of(text));
    } else if let Some(first) = bs.first() {
        f.opens = first.opens;
    }
    if let Some(last) = body.last() {
        f.closes = last.closes;
        // A signature, date or name line ("Publius", "1787–1788") ends its matter; it is no
        // sentence cut off by a page break.
        if last.closes == Close::Mid
            && last.words <= NAME_LINE_WORDS
            && !last
                .clean
                .trim_start()
                .starts_with(|c: char| c.is_lowercase())
        {
            f.closes = Close::Sentence;
            // A name line after finished prose signs it: every word a capitalised name.
            let prose_before = body.len() >= 2 && {
                let b = body[body.len() - 2];
                is_prose(b) && b.closes == Close::Sentence
            };
            f.signed = prose_before && is_name_line(&last.clean);
        }
        f.hyphen_stem = last.stem.clone();
        f.last_words = last_words(&last.clean, EDGE_WORDS);
        f.open_marks = open_marks(last.span.of(text));
    }
}

/// Headings, contents entries, footnote references and the plain running text.
fn read_running_text(f: &mut Fragment, text: &str, body: &[&Block], glued: bool) {
    let mut body_text = String::new();
    for b in body {
        let raw = b.span.of(text);
        match b.kind {
            BlockKind::Heading(level) => f.headings.push(Heading {
                text: b.clean.trim().to_string(),
                level,
                number: heading_number(&b.clean),
            }),
            BlockKind::Contents => {
                for line in raw.lines() {
                    if let Some(c) = CONTENTS_LINE.captures(line.trim_end()) {
                        let title = strip_markup(c[1].trim_end_matches(['.', ' ']));
                        f.contents.push(ContentsEntry {
                            title: title.trim().to_string(),
                            page: c[2].parse().ok(),
                        });
                    }
                }
            }
            _ => {}
        }
        if glued {
            f.refs.extend(glued_numbers(raw));
        } else {
            f.refs.extend(sup_numbers(raw));
        }
        if !body_text.is_empty() {
            body_text.push('\n');
        }
        body_text.push_str(&b.clean);
    }
    f.body = body_text;
}

/// The footnote block: its note numbers, and whether it continues in or runs on.
fn read_notes(f: &mut Fragment, bs: &[Block]) {
    let notes: Vec<&Block> = bs
        .iter()
        .filter(|b| b.in_notes && b.kind == BlockKind::Note)
        .collect();
    for (i, b) in notes.iter().enumerate() {
        match b.number {
            Some(n) => f.notes.push(n),
            None if i == 0 => f.notes_continue_in = true,
            None => {}
        }
    }
    if let Some(last) = notes.last() {
        f.notes_open_at_end = matches!(last.closes, Close::Mid | Close::Hyphen);
    }
}
