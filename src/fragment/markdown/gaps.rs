//! Gaps: every blank-line gap between two blocks judged on local cues alone — surely a page
//! cut, surely inside a page, or a candidate cut with a prior probability. The page model
//! later weighs the candidates by page length; the priors here only rank them.
//!
//! None of the priors was fitted: each was set by hand when its rule was written, and the
//! bench was run after (the commit named at each says what it measured, when it did).

use super::super::text::{classify_close, Close, Open};
use super::blocks::{is_prose, Block, BlockKind, MINOR_HEADING};

/// Prior of a cut at a minor heading set inside a paragraph (the paragraph before stops
/// mid-sentence or leaves a bracket open, or the heading itself stops mid-sentence and the
/// next block goes on): converters make bold text in a citation a heading. Set by hand: 0.1
/// in a154008, lowered to 0.04 in 87aaa3e (md adjacency 0.9086 → 0.9152 on seeds 1..3, with
/// that commit's other change).
const HEADING_IN_PARAGRAPH_PRIOR: f64 = 0.04;
/// Prior of a cut between a block that leaves a bracket open and one that closes it.
/// Set by hand in a154008, not fitted.
const BRACKET_PRIOR: f64 = 0.2;
/// Prior of a cut before a quotation introduced by a colon, comma or dash (it may open in
/// lowercase inside a page). Set by hand in ed0dbbc, not fitted.
const INTRODUCED_QUOTATION_PRIOR: f64 = 0.15;
/// Prior of a cut before a top-level heading. Set by hand in the founding commit 68a0589, not fitted.
const TITLE_HEADING_PRIOR: f64 = 0.85;
/// Prior of a cut before a second-level heading. Set by hand in 68a0589, not fitted.
const SECTION_HEADING_PRIOR: f64 = 0.3;
/// Prior of a cut before a minor heading. Set by hand in 68a0589, not fitted.
const MINOR_HEADING_PRIOR: f64 = 0.2;
/// Prior of a cut between a block ending in a colon and the next.
/// Set by hand in 68a0589, not fitted.
const AFTER_COLON_PRIOR: f64 = 0.08;
/// Prior of a cut after a short block that stops without final punctuation (not prose, so
/// not a sure cut). Set by hand in 68a0589, not fitted.
const AFTER_UNFINISHED_PRIOR: f64 = 0.15;
/// Prior of a cut between two ordinary blocks (a paragraph end).
/// Set by hand in 68a0589, not fitted.
const PARAGRAPH_END_PRIOR: f64 = 0.12;
/// A block ending in a hyphen with at least this many words breaks a word at a page end.
/// Set by hand in 68a0589, not fitted.
const HYPHEN_BREAK_WORDS: usize = 2;
/// A title page's lines (author, date) are short: at most this many words.
/// Set by hand in c0c8636, not fitted.
const TITLE_LINE_WORDS: usize = 8;
/// A subtitle put as a question on a title page has at most this many words.
/// Set by hand in e751f36, not fitted.
const TITLE_QUESTION_WORDS: usize = 12;
/// Prose of at least this many words after a title page's lines surely starts another page.
/// Set by hand in c0c8636, not fitted.
const AFTER_TITLE_PROSE_WORDS: usize = 12;
/// Least prior of a cut after a title page's lines when what follows is no clear prose.
/// Set by hand in a154008, not fitted.
const TITLE_PAGE_END_PRIOR: f64 = 0.7;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Gap {
    /// Surely a page boundary.
    Sure,
    /// Surely inside a page.
    Inside,
    /// Possibly a boundary; the number is the prior probability from local cues.
    Candidate(f64),
}

/// Judge every gap between consecutive blocks on its own.
pub(super) fn judge_gaps(blocks: &[Block]) -> Vec<Gap> {
    (0..blocks.len().saturating_sub(1))
        .map(|g| judge_gap(&blocks[g], &blocks[g + 1]))
        .collect()
}

/// Judge the gap between blocks `a` and `b`. The cues are tried in order; the first that
/// decides wins.
pub(super) fn judge_gap(a: &Block, b: &Block) -> Gap {
    around_folios_and_notes(a, b)
        .or_else(|| run_on_across_blocks(a, b))
        .or_else(|| paragraph_goes_on(a, b))
        .or_else(|| headings_and_contents(a, b))
        .or_else(|| sentence_goes_on(a, b))
        .unwrap_or_else(|| Gap::Candidate(plain_prior(a, b)))
}

/// A folio opens or closes a page; a footnote group closes one.
fn around_folios_and_notes(a: &Block, b: &Block) -> Option<Gap> {
    match (a.kind == BlockKind::Folio, b.kind == BlockKind::Folio) {
        (true, _) => return Some(Gap::Inside),
        (false, true) => return Some(Gap::Sure),
        _ => {}
    }
    if b.kind == BlockKind::Rule && b.in_notes {
        return Some(if a.in_notes { Gap::Sure } else { Gap::Inside });
    }
    if b.in_notes {
        return Some(Gap::Inside);
    }
    if a.in_notes {
        return Some(Gap::Sure);
    }
    None
}

/// Converters set a bold line inside a paragraph (a book title in a citation, cut by a
/// line break) as a minor heading, and a bracket opened in one block may close in the next:
/// such joins are weighed by page length, not taken as sure page cuts.
fn run_on_across_blocks(a: &Block, b: &Block) -> Option<Gap> {
    let bracket_open = a.clean.matches('[').count() > a.clean.matches(']').count()
        || a.clean.matches('(').count() > a.clean.matches(')').count();
    let closes_bracket = {
        let t = b.clean.as_str();
        let first_close = t.find([']', ')']);
        let first_open = t.find(['[', '(']);
        first_close.is_some() && (first_open.is_none() || first_close < first_open)
    };
    if matches!(b.kind, BlockKind::Heading(l) if l >= MINOR_HEADING)
        && (bracket_open || matches!(a.closes, Close::Mid | Close::Hyphen))
    {
        return Some(Gap::Candidate(HEADING_IN_PARAGRAPH_PRIOR));
    }
    // Such a line goes on in the next block when it stops mid-sentence itself.
    if matches!(a.kind, BlockKind::Heading(l) if l >= MINOR_HEADING)
        && (bracket_open
            || matches!(
                classify_close(&a.clean, false).0,
                Close::Mid | Close::Hyphen
            ))
        && (b.opens == Open::Continuation || closes_bracket)
    {
        return Some(Gap::Candidate(HEADING_IN_PARAGRAPH_PRIOR));
    }
    if bracket_open && closes_bracket {
        return Some(Gap::Candidate(BRACKET_PRIOR));
    }
    None
}

/// A quotation introduced by a colon or comma may open in lowercase inside a page.
fn introduces_quotation(a: &Block, b: &Block) -> bool {
    let quoted = b.clean.trim_start().starts_with(['“', '"', '‘', '«']);
    let introduces = matches!(a.closes, Close::Colon) || a.clean.trim_end().ends_with([',', '—']);
    quoted && introduces
}

/// A paragraph that opens mid-sentence continues a page before it: a sure cut, unless it is
/// an introduced quotation.
fn paragraph_goes_on(a: &Block, b: &Block) -> Option<Gap> {
    if b.kind == BlockKind::Paragraph && b.opens == Open::Continuation {
        if introduces_quotation(a, b) {
            return Some(Gap::Candidate(INTRODUCED_QUOTATION_PRIOR));
        }
        return Some(Gap::Sure);
    }
    None
}

/// A heading stays with what follows it; contents stay together and apart from the rest.
fn headings_and_contents(a: &Block, b: &Block) -> Option<Gap> {
    if matches!(a.kind, BlockKind::Heading(_)) {
        return Some(Gap::Inside);
    }
    match (a.kind == BlockKind::Contents, b.kind == BlockKind::Contents) {
        (true, true) => Some(Gap::Inside),
        // (A heading before contents stays with them, but `a` is no heading here.)
        (true, false) | (false, true) => Some(Gap::Sure),
        _ => None,
    }
}

/// A word broken by a hyphen, or prose stopping mid-sentence, goes on on another page.
fn sentence_goes_on(a: &Block, b: &Block) -> Option<Gap> {
    if a.closes == Close::Hyphen && a.words >= HYPHEN_BREAK_WORDS {
        return Some(Gap::Sure);
    }
    if is_prose(a) && a.closes == Close::Mid {
        if introduces_quotation(a, b) {
            return Some(Gap::Candidate(INTRODUCED_QUOTATION_PRIOR));
        }
        return Some(Gap::Sure);
    }
    None
}

/// The prior of a cut where no cue decides: by what follows, or else by how `a` ends.
fn plain_prior(a: &Block, b: &Block) -> f64 {
    match b.kind {
        BlockKind::Heading(1) => TITLE_HEADING_PRIOR,
        BlockKind::Heading(2) => SECTION_HEADING_PRIOR,
        BlockKind::Heading(_) => MINOR_HEADING_PRIOR,
        _ => match a.closes {
            Close::Colon => AFTER_COLON_PRIOR,
            Close::Mid => AFTER_UNFINISHED_PRIOR,
            _ => PARAGRAPH_END_PRIOR,
        },
    }
}

/// A title page is a top-level heading followed only by short unpunctuated lines (author,
/// date); prose after such lines starts another page. A chapter opening differs: its heading
/// is followed by prose or a punctuated subtitle alone.
pub(super) fn close_title_pages(blocks: &[Block], gaps: &mut [Gap]) {
    let short_line = |b: &Block| {
        matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
            && b.words <= TITLE_LINE_WORDS
            && b.closes != Close::Sentence
    };
    for i in 0..blocks.len() {
        if blocks[i].kind != BlockKind::Heading(1) {
            continue;
        }
        // A subtitle put as a question ("Why are anarchists against private property?") may
        // stand among them, when unpunctuated lines follow it.
        let question = |b: &Block| {
            matches!(b.kind, BlockKind::Paragraph)
                && b.words <= TITLE_QUESTION_WORDS
                && b.clean.trim_end().ends_with('?')
        };
        let mut j = i + 1;
        while j < blocks.len()
            && (short_line(&blocks[j])
                || (question(&blocks[j]) && blocks.get(j + 1).is_some_and(short_line)))
        {
            j += 1;
        }
        // The title page's own lines stay together.
        for gap in gaps.iter_mut().take(j - 1).skip(i) {
            *gap = Gap::Inside;
        }
        // A title page opens a page: the page before ends at its heading.
        if j > i + 1 && i > 0 {
            if let Gap::Candidate(_) = gaps[i - 1] {
                gaps[i - 1] = Gap::Sure;
            }
        }
        if j > i + 1 && j < blocks.len() {
            gaps[j - 1] = if is_prose(&blocks[j]) && blocks[j].words >= AFTER_TITLE_PROSE_WORDS {
                Gap::Sure
            } else {
                match gaps[j - 1] {
                    Gap::Candidate(p) => Gap::Candidate(p.max(TITLE_PAGE_END_PRIOR)),
                    g => g,
                }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::segment;
    use crate::fragment::FragmentConfig;

    #[test]
    fn a_title_page_may_put_its_subtitle_as_a_question() {
        let t = "# An Anarchist FAQ\n\n\
                 Section B.3 Why are anarchists against private property?\n\n\
                 The Editorial Collective\n\nVersion 15.3\n\n\
                 The question now is, does this support of wage labour equate to support for \
                 capitalism as such, and what follows from it for the argument.\n";
        let a = segment(t, &FragmentConfig::default());
        let prose = t.find("The question").unwrap();
        let title = &a.fragments[0];
        assert!(title.content.end <= prose, "{a:#?}");
        assert!(a.fragments[1].starts_page);
    }

    /// A title page between two pages of other text (the second document's opening in two
    /// mixed documents, as Kropotkin's *Mutual Aid* appendix and chapter I give it) stands
    /// alone: the page before ends at its heading, however short the title page is.
    #[test]
    fn a_title_page_opens_a_page() {
        let before = "The Report of the Agricultural Commission contains many illustrations of \
                      the village guilds, and their membership grew year by year in every part \
                      of the country (Annuaire, vol. I, 1896, pp. 148 and 149).\n\n\n\n";
        let title =
            "# Mutual Aid: A Factor of Evolution\n\nChapter I\n\nPeter Kropotkin\n\n1902\n\n\n";
        let after = "are seen in two great families of birds, the cranes and the parrots. The \
                     cranes are extremely sociable and live in most excellent relations.\n";
        let t = format!("{before}{title}{after}");
        let a = segment(&t, &FragmentConfig::default());
        let at = t.find("# Mutual Aid").unwrap();
        assert!(
            a.fragments.iter().any(|f| f.content.start == at),
            "{:?}",
            a.fragments.iter().map(|f| f.content).collect::<Vec<_>>()
        );
    }
}
