//! Signatures: a short name line ("Publius") after finished prose signs a piece, and the
//! piece is over — prose after it more likely stands on another page. Where such lines are
//! common (a play, an interview) they name speakers instead, and end nothing.

use super::super::text::{words, Close, Open};
use super::blocks::{is_prose, raw_blocks, Block, BlockKind};
use super::gaps::Gap;
use crate::ingest::Span;

/// A name or signature line has one to this many words.
/// Set by hand in 263bd41 (signature and date lines; reused in 17d052e and 58b89da), not
/// fitted.
pub(super) const NAME_LINE_WORDS: usize = 3;
/// Prior of a page cut after a signature followed by prose. Set by hand in 58b89da, not
/// fitted: in the true corpus pages no signature is followed by prose on the same page; the
/// rule (with this value) moved md adjacency on seeds 1-3 from 0.9237 to 0.9263.
pub(super) const SIGNATURE_CUT: f64 = 0.7;
/// Name lines between prose are rare — signatures — when fewer than this many…
/// Set by hand in a8413ac, not fitted.
const FEW_NAME_LINES: usize = 3;
/// …or at most one per this many prose blocks. Set by hand in a8413ac, not fitted.
const PROSE_BLOCKS_PER_NAME: usize = 10;

/// Words that start a sentence, not a name: a line of them is a paragraph cut short.
const NOT_NAMES: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "he", "her", "his", "i", "if", "in",
    "it", "its", "no", "not", "of", "on", "or", "our", "she", "so", "that", "the", "their",
    "there", "these", "they", "this", "those", "to", "we", "what", "when", "which", "who", "with",
    "yet", "you",
];

/// A line of one to three capitalised words that are no function words: a signature.
pub(super) fn is_name_line(clean: &str) -> bool {
    let ws: Vec<&str> = words(clean).collect();
    (1..=NAME_LINE_WORDS).contains(&ws.len())
        && ws.iter().all(|w| {
            w.starts_with(char::is_uppercase) && !NOT_NAMES.contains(&w.to_lowercase().as_str())
        })
}

/// A short capitalised line without final punctuation between two blocks of prose: a
/// signature ("Publius") where such lines are rare, a speaker's name or a run-in subheading
/// where they are common.
fn name_line_between_prose(blocks: &[Block], i: usize) -> bool {
    let b = &blocks[i];
    i > 0
        && i + 1 < blocks.len()
        && b.kind == BlockKind::Paragraph
        && !b.in_notes
        && (1..=NAME_LINE_WORDS).contains(&b.words)
        && b.closes == Close::Mid
        && b.clean.trim_start().starts_with(char::is_uppercase)
        && is_prose(&blocks[i - 1])
        && is_prose(&blocks[i + 1])
}

/// Whether name lines between prose are rare enough in this document (a couple, or at most
/// one per ten prose blocks) to be read as signatures that end a piece; in a play or an
/// interview they name speakers and end nothing.
fn signatures_are_rare(blocks: &[Block]) -> bool {
    let prose = blocks.iter().filter(|b| is_prose(b)).count();
    let names = (0..blocks.len())
        .filter(|&i| name_line_between_prose(blocks, i))
        .count();
    names < FEW_NAME_LINES || names * PROSE_BLOCKS_PER_NAME <= prose
}

/// The same, from the whole text of a document read page by page.
pub(in crate::fragment) fn signatures_are_rare_in(text: &str) -> bool {
    signatures_are_rare(&raw_blocks(text, Span::new(0, text.len())))
}

/// A signature ("Publius") ends the text it signs: a block of prose after it, with no heading
/// between, more likely stands on another page. Only where [`signatures_are_rare`]; returns
/// whether they are.
pub(super) fn close_signatures(blocks: &[Block], gaps: &mut [Gap]) -> bool {
    if !signatures_are_rare(blocks) {
        return false;
    }
    for i in 1..blocks.len().saturating_sub(1) {
        if name_line_between_prose(blocks, i) && blocks[i + 1].opens == Open::Fresh {
            if let Gap::Candidate(p) = gaps[i] {
                gaps[i] = Gap::Candidate(p.max(SIGNATURE_CUT));
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::gaps::judge_gaps;
    use super::super::{parse_pages, segment};
    use super::*;
    use crate::fragment::FragmentConfig;

    #[test]
    fn prose_after_a_signature_likely_starts_another_page() {
        let prior = |t: &str| {
            let blocks = raw_blocks(t, Span::new(0, t.len()));
            let mut gaps = judge_gaps(&blocks);
            close_signatures(&blocks, &mut gaps);
            match gaps[gaps.len() - 1] {
                Gap::Candidate(p) => p,
                g => panic!("{g:?}"),
            }
        };
        let page = "The essay ends with a sentence of some length, as essays of this kind do.";
        let next = "A new page of another essay opens with a plain sentence of prose here.";
        assert!(prior(&format!("{page}\n\nPublius\n\n{next}\n")) >= SIGNATURE_CUT);
        // Not a name line: a short heading-like line that ends a sentence, or a lowercase one.
        assert!(prior(&format!("{page}\n\nThe End.\n\n{next}\n")) < 0.5);
        assert!(prior(&format!("{page}\n\nand so on\n\n{next}\n")) < 0.5);
        // In a dialogue the names are speakers': they end nothing.
        let speech = "A speech of some length that ends with a full stop, as speeches do.";
        let mut play = String::new();
        for name in ["Hamlet", "Horatio", "Hamlet", "Marcellus", "Horatio"] {
            play += &format!("{speech}\n\n{name}\n\n");
        }
        play += &format!("{speech}\n\nHamlet\n\n{next}\n");
        assert!(prior(&play) < 0.5);
        let a = segment(
            &format!("{play}\n\n{speech}\n\nHoratio\n"),
            &FragmentConfig::default(),
        );
        assert!(a.fragments.iter().all(|f| !f.signed));
    }

    #[test]
    fn a_name_line_after_prose_signs_it() {
        assert!(is_name_line("Publius"));
        assert!(is_name_line("Alexander Hamilton"));
        assert!(!is_name_line("In the"));
        assert!(!is_name_line("The"));
        assert!(!is_name_line("and so"));
        let signed = |t: &str| parse_pages(t, &[Span::new(0, t.len())])[0].signed;
        assert!(signed(
            "A finished sentence of prose ends the essay here.\n\nPublius\n"
        ));
        // A paragraph cut after its first words, or a name with no prose before it.
        assert!(!signed(
            "A finished sentence of prose ends the essay here.\n\nIn the\n"
        ));
        assert!(!signed("Publius\n"));
    }
}
