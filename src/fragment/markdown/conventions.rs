//! Document conventions learned from the blocks, not assumed: whether `---` rules open
//! footnote groups, whether references are digits glued to words (no `<sup>`), and whether
//! bold lines stand in for `#` headings.

use super::super::text::{classify_close, Open};
use super::blocks::{Block, BlockKind, BOLD_HEADING_LEVEL};

/// Level a bold-line heading takes in a document without `#` headings (they are its headings).
/// Chosen by hand in 2e118f6, not fitted.
const BOLD_AS_HASH_LEVEL: u8 = 2;

/// Does the document use `---` as a footnote rule? Learned: most rules are followed by a note.
pub(super) fn mark_notes(blocks: &mut [Block]) {
    let rules: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].kind == BlockKind::Rule)
        .collect();
    if rules.is_empty() {
        return;
    }
    let followed = rules
        .iter()
        .filter(|&&i| {
            blocks.get(i + 1).is_some_and(|b| b.number.is_some())
                || blocks.get(i + 2).is_some_and(|b| b.kind == BlockKind::Note)
        })
        .count();
    // At least half the rules must be followed by a note.
    if followed * 2 < rules.len() {
        return;
    }
    for &r in &rules {
        blocks[r].in_notes = true;
        let mut j = r + 1;
        let mut first = true;
        while j < blocks.len() {
            let b = &blocks[j];
            let numbered = b.kind == BlockKind::Note || b.number.is_some();
            if b.kind == BlockKind::Rule || matches!(b.kind, BlockKind::Heading(_)) {
                break;
            }
            if numbered || (first && b.kind != BlockKind::Contents) {
                blocks[j].in_notes = true;
                blocks[j].kind = BlockKind::Note;
                first = false;
                j += 1;
            } else {
                break;
            }
        }
    }
}

/// Learn the document's conventions for references and headings, and adjust the blocks:
/// without `<sup>` marks but with numbered notes, digits glued to words are references (and
/// must not hide a sentence end); without `#` headings, bold lines are the headings.
/// Returns whether references are glued.
pub(super) fn learn_conventions(text: &str, blocks: &mut [Block]) -> bool {
    let glued = !text.contains("<sup>") && blocks.iter().any(|b| b.in_notes && b.number.is_some());
    if glued {
        for b in blocks
            .iter_mut()
            .filter(|b| !b.in_notes && b.kind == BlockKind::Paragraph)
        {
            let (closes, stem) = classify_close(&b.clean, true);
            b.closes = closes;
            b.stem = stem;
        }
    }
    // A `#` heading of a level above the bold lines'.
    let hash_headings = blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Heading(l) if l < BOLD_HEADING_LEVEL));
    if !hash_headings {
        for b in blocks.iter_mut() {
            if b.kind == BlockKind::Heading(BOLD_HEADING_LEVEL) {
                b.kind = BlockKind::Heading(BOLD_AS_HASH_LEVEL);
                b.opens = Open::Heading;
            }
        }
    }
    glued
}
