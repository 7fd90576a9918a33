//! What kind of matter each page is: front matter (a title page, a copyright page), contents,
//! an index read as text, body, back matter (a colophon) or a loose page that may stand before
//! or after the numbered run. Read from the page's own text (how much prose it holds, what it
//! opens and closes with, a copyright notice, contents lines and their order) so that the
//! `matter` signal can keep front matter first and back matter last.

use super::{structure, text, Analysis, Close, ContentsEntry, Fragment, Kind, Open};
use regex::Regex;
use std::sync::LazyLock;

/// A fragment shorter than this share of a full page may be front matter.
/// Chosen by hand (founding commit 68a0589), not fitted.
const FRONT_MATTER_SHARE: f64 = 0.45;
/// A run of this many words between sentence stops (with punctuation present) is prose, not
/// title-page lines. Chosen by hand (founding commit 68a0589), not fitted.
const PROSE_SENTENCE_WORDS: usize = 14;
/// A fragment of this many words is prose whatever its punctuation.
/// Chosen by hand (founding commit 68a0589), not fitted.
const PROSE_WORDS: usize = 80;
/// Without page marks, a short piece of at most this many words that opens afresh is a loose
/// scrap (a date, a name). Chosen by hand in 263bd41 (signature and date lines), not fitted.
const LOOSE_WORDS: usize = 12;

/// In a document whose pages carry arabic numbers that run on, an unnumbered piece with no
/// prose of up to this many words is loose too: the title page of a numbered manual or chapter
/// (`The History of the Decline and Fall of the Roman Empire / Chapter VIII`, 13 words) stands
/// outside the numbered run, at its opening. Chosen by hand, not fitted: 30 against 12 takes
/// the flavours' train documents joined by blank lines from 0.8905 to 0.8926 (exact 0.056 to
/// 0.130; 0.8941 and 0.156 once `pagenum` holds such a scrap from closing the document);
/// without the numbers' condition the shared markdown falls (0.9566 to 0.9543).
const LOOSE_WORDS_NUMBERED: usize = 30;

/// Pages without a printed number among pages whose arabic numbers leave fewer gaps than there
/// are such pages: at least some of them stand outside the numbered run (a copyright page, a
/// title page read as prose, an unnumbered preface), and which ones the text cannot say, so
/// none of them is held to the body's place by its matter; the page numbers around the gaps
/// and the text itself place them. Only where the numbers run on (most numbered pages have a
/// neighbour's number too), so that the gaps can be counted.
pub(super) fn loosen_unnumbered(frags: &mut [Fragment]) {
    let numbers = structure::arabic_numbers(frags);
    if numbers.len() < 2 || !structure::numbers_run_on(&numbers) {
        return;
    }
    let gaps: u32 = numbers.windows(2).map(|w| w[1] - w[0] - 1).sum();
    let unnumbered = |f: &Fragment| f.kind == Kind::Body && f.page_number.is_none();
    let count = frags.iter().filter(|f| unnumbered(f)).count();
    if count as u32 > gaps {
        for f in frags.iter_mut().filter(|f| unnumbered(f)) {
            f.kind = Kind::Loose;
        }
    }
}

/// Share of an index's consecutive entries whose page numbers do not step back, below which
/// a page of contents lines is an index (entries in the order of their names) rather than a
/// table of contents (in the order of their pages). Chosen by hand from the train documents of
/// `../shared/flavours`: every contents page there steps forward at every entry (1.00), the
/// index pages of R Data Import/Export at 0.56–0.70.
const CONTENTS_IN_PAGE_ORDER: f64 = 0.8;

/// Whether a page's contents lines are an index: at least three pairs of consecutive entries
/// with page numbers, and their numbers step back too often for a table of contents, or step
/// back at all while the entries run in the order of their names (an index's page of a dozen
/// entries can point at two or three neighbouring pages, nearly in order; a table of contents
/// never steps back, and its titles are in the order of the text, not of the alphabet).
fn is_index(entries: &[ContentsEntry]) -> bool {
    let pairs: Vec<(u32, u32)> = entries
        .windows(2)
        .filter_map(|w| Some((w[0].page?, w[1].page?)))
        .collect();
    let forward = pairs.iter().filter(|(a, b)| b >= a).count();
    pairs.len() >= 3
        && ((forward as f64) < CONTENTS_IN_PAGE_ORDER * pairs.len() as f64
            || (forward < pairs.len() && in_order_of_names(entries)))
}

/// Entries that must run in the order of their names for [`in_order_of_names`]: five, so that
/// titles in the order of a text fall in alphabetical order by chance once in 120. Chosen by
/// hand, not fitted.
const NAMES_IN_ORDER: usize = 5;

/// Whether the entries' titles, each opening with a letter, run in alphabetical order
/// (letters and digits only, case aside): an index's. Titles opening with a section number
/// are a table of contents' and run in numeric order, never taken for names.
fn in_order_of_names(entries: &[ContentsEntry]) -> bool {
    let keys: Option<Vec<String>> = entries
        .iter()
        .map(|e| {
            let key: String = e
                .title
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            key.starts_with(char::is_alphabetic).then_some(key)
        })
        .collect();
    keys.is_some_and(|k| k.len() >= NAMES_IN_ORDER && k.windows(2).all(|w| w[0] <= w[1]))
}

/// Whether a run of words between sentence stops reads as a sentence of prose rather than
/// title lines run together (`An Introduction to R Notes on R: A Programming Environment for
/// Data Analysis and Graphics Version 4`): in a sentence most words open in lower case, in
/// titles, names and headings set in title case most open in capitals.
fn reads_as_prose(run: &str) -> bool {
    let (mut lower, mut upper) = (0usize, 0usize);
    for w in text::words(run) {
        match w.chars().next() {
            Some(c) if c.is_lowercase() => lower += 1,
            Some(c) if c.is_uppercase() => upper += 1,
            _ => {}
        }
    }
    lower >= upper
}

/// Whether a text ends a sentence somewhere: a stop (`.`, `!`, `?`, `;`) after a word that is
/// neither a number (`4.2.2`) nor an initial (`W. N. Venables`), with a space, a closing mark
/// or the end after it. Title pages, names and version lines have none.
pub(crate) fn has_sentence_stop(body: &str) -> bool {
    let chars: Vec<char> = body.chars().collect();
    (0..chars.len()).any(|i| {
        if !matches!(chars[i], '.' | '!' | '?' | ';') {
            return false;
        }
        let after = chars.get(i + 1).copied();
        if !after.is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '’' | '”'))
        {
            return false;
        }
        let word: Vec<char> = chars[..i]
            .iter()
            .rev()
            .skip_while(|c| matches!(c, ')' | '"' | '\'' | '’' | '”'))
            .take_while(|c| c.is_alphanumeric())
            .copied()
            .collect();
        let initial = word.len() == 1 && word[0].is_uppercase();
        !word.is_empty() && word.iter().any(|c| c.is_alphabetic()) && !initial
    })
}

/// A copyright notice: `Copyright` with a year after it (a symbol between, as converters read
/// it: `c`, `©`, `(c)`, `_⃝_ c`, or glued, as a PDF's own text reader reads it:
/// `Copyrightc2001`), `©` and a year, or `All rights reserved`. An anti-copyright
/// or a colophon saying where the text was retrieved is no such notice.
static COPYRIGHT_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bcopyright[^\p{L}\p{N}]{0,8}(?:c[^\p{L}\p{N}]{0,8})?\d{4}|©\s*\d{4}|\ball\s*rights\s*reserved)",
    )
    .unwrap()
});

/// Whether a page holds a copyright notice (see [`COPYRIGHT_NOTICE`]) and is no anti-copyright
/// page or retrieval colophon.
pub(crate) fn copyright_notice(body: &str) -> bool {
    let lower = body.to_lowercase();
    COPYRIGHT_NOTICE.is_match(body)
        && !lower.contains("anti-copyright")
        && !lower.contains("retrieved")
}

/// Whether a page sets an abstract's heading on a line of its own (`Abstract`, `ABSTRACT`,
/// `Abstract:`): the title page of a report or a paper, which the abstract's prose does not
/// make a body page (Ghostscript's colour manual opens so, a held-out check).
fn has_abstract_heading(page: &str) -> bool {
    page.lines().any(|l| {
        l.trim()
            .trim_matches(['#', '*', '_', ' '])
            .trim_end_matches([':', '.'])
            .eq_ignore_ascii_case("abstract")
    })
}

/// Mark contents pages, indexes and front matter. Front matter is short, has no running prose
/// and opens no sentence begun elsewhere; in layout text a roman page number also marks it.
/// An index is read as running text (its page numbers place it; its last page may hold a
/// single entry, too few to tell it by), and its entries are not the document's contents.
pub(super) fn classify_kinds(a: &mut Analysis, text: &str) {
    let cap = a.page_capacity;
    let numbers = structure::arabic_numbers(&a.fragments);
    let numbered = numbers.len() >= 2 && structure::numbers_run_on(&numbers);
    let loose_words = if numbered {
        LOOSE_WORDS_NUMBERED
    } else {
        LOOSE_WORDS
    };
    for f in &mut a.fragments {
        if is_index(&f.contents) {
            f.contents.clear();
            continue;
        }
        let contents_heading = f.headings.iter().any(|h| {
            let t = text::normalise_title(&h.text);
            t == "contents" || t == "table of contents"
        });
        if f.contents.len() >= 2 || (contents_heading && !f.contents.is_empty()) {
            f.kind = Kind::Contents;
            f.closes = Close::Sentence;
            f.hyphen_stem = None;
            continue;
        }
        let longest_sentence_run = f
            .body
            .split(['.', '!', '?'])
            .filter(|s| reads_as_prose(s))
            .map(|s| text::words(s).count())
            .max()
            .unwrap_or(0);
        let total_words = text::words(&f.body).count();
        let punctuated = has_sentence_stop(&f.body);
        let prose = (punctuated && longest_sentence_run >= PROSE_SENTENCE_WORDS)
            || total_words >= PROSE_WORDS;
        let short = f.length < FRONT_MATTER_SHARE * cap;
        if (f.page_roman && f.page_number.is_some() && short)
            || (short
                && !prose
                && f.refs.is_empty()
                && f.notes.is_empty()
                && !matches!(f.opens, Open::Continuation)
                && !matches!(f.closes, Close::Hyphen)
                && f.page_number.is_none_or(|_| f.page_roman))
        {
            // Front matter is complete in itself: what follows it opens afresh. A colophon
            // (where and when the text was got, its licence) without the title is back matter.
            let lower = f.body.to_lowercase();
            // An address (a web page, an e-mail) is a colophon's mark only where the pages are
            // not marked: on a page of its own it is as often a title page's (the author's
            // address, the project's home), and it says nothing of where the page goes.
            let colophon = ["retrieved", "copyright", "licen", "isbn", "printed"]
                .iter()
                .any(|k| lower.contains(k))
                || (!a.paged && ["http", "www.", ".org"].iter().any(|k| lower.contains(k)));
            let title = f.headings.iter().any(|h| h.level == 1);
            // Without page marks a fragment may be a piece of a page: only a title (a
            // top-level heading) or a colophon marks it as front or back matter then.
            // A copyright notice on a page the input marks, without a number, is front matter
            // (see below), not a colophon.
            let notice = a.paged && f.page_number.is_none() && copyright_notice(&f.body);
            f.kind = if colophon && !title && !notice {
                Kind::Back
            } else if title || a.paged {
                Kind::Front
            } else if f.opens != Open::Continuation && text::words(&f.body).count() <= loose_words {
                // A scrap with no prose (a date, a name): it may belong anywhere.
                Kind::Loose
            } else {
                continue;
            };
            f.closes = Close::Sentence;
            f.hyphen_stem = None;
        } else if (a.paged || numbered)
            && f.page_number.is_none()
            && (copyright_notice(&f.body) || short && has_abstract_heading(f.content.of(text)))
        {
            // A page the input marks, without a number, holding a copyright notice: the
            // verso of a printed title page (or the title page itself), front matter by the
            // convention of printed books and manuals, even where it reads as prose. So is
            // a short one with an abstract: a report's title page (an article's first page,
            // its abstract above the text, is a full page that runs on). Without page marks
            // only in a document whose pages carry numbers that run on: its unnumbered
            // pieces stand outside the numbered run (flavours train, blank lines: 0.8941 ->
            // 0.9009, the R manuals' copyright pages no longer close them).
            f.kind = Kind::Front;
            f.closes = Close::Sentence;
            f.hyphen_stem = None;
        }
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;

    fn entries(pages: &[u32]) -> Vec<ContentsEntry> {
        pages
            .iter()
            .map(|&p| ContentsEntry {
                title: format!("entry {p}"),
                page: Some(p),
            })
            .collect()
    }

    #[test]
    fn an_index_steps_back_a_table_of_contents_does_not() {
        // Contents: pages in order. An index (R Data Import/Export, train): names in order,
        // their pages jumping back and forth.
        assert!(!is_index(&entries(&[1, 3, 3, 7, 12, 20])));
        assert!(is_index(&entries(&[14, 3, 22, 9, 9, 30, 2])));
        // Too few entries to tell.
        assert!(!is_index(&entries(&[9, 2, 5])));
    }

    fn named(list: &[(&str, u32)]) -> Vec<ContentsEntry> {
        list.iter()
            .map(|&(t, p)| ContentsEntry {
                title: t.to_string(),
                page: Some(p),
            })
            .collect()
    }

    #[test]
    fn an_index_of_a_few_neighbouring_pages_is_told_by_its_names() {
        // The index of PARI's parallel guide (pari-doc, a held-out check): names in order,
        // pages 6 and 7 nearly in order.
        let index = [
            ("parapply", 6),
            ("pareval", 6),
            ("parfor", 7),
            ("parforprime", 7),
            ("parforvec", 7),
            ("parploth", 7),
            ("parselect", 6),
            ("parsum", 6),
            ("parvector", 6),
        ];
        assert!(is_index(&named(&index)));
        // A table of contents never steps back, whatever its titles.
        let contents = [
            ("Availability", 2),
            ("Basic code", 3),
            ("Display math", 5),
            ("Internals", 8),
            ("Options", 9),
        ];
        assert!(!is_index(&named(&contents)));
        // Numbered sections run in numeric order, not as names.
        let numbered = [
            ("1 Introduction", 2),
            ("1.1 Versions", 3),
            ("1.2 Availability", 3),
            ("2 Put the numbers", 5),
            ("2.1 Basic code", 4),
            ("3 Control", 14),
        ];
        assert!(!is_index(&named(&numbered)));
    }
}

#[cfg(test)]
mod prose_tests {
    use super::*;

    #[test]
    fn title_lines_run_together_are_not_a_sentence() {
        // R-intro's title page (train), its lines run together up to the first stop.
        assert!(!reads_as_prose(
            "An Introduction to R\nNotes on R: A Programming Environment for Data Analysis and Graphics\nVersion 4"
        ));
        assert!(reads_as_prose(
            "Permission is granted to make and distribute verbatim copies of this manual provided the copyright notice"
        ));
    }

    #[test]
    fn copyright_notices_as_converters_read_them() {
        // R's manuals (train) as pdftotext, pypdf and pymupdf4llm read the notice.
        assert!(copyright_notice("Copyright c 1990 W. N. Venables"));
        assert!(copyright_notice(
            "Copyright c© 1992 W. N. Venables & D. M. Smith"
        ));
        assert!(copyright_notice("Copyright _⃝_ c 1999–2022 R Core Team"));
        assert!(copyright_notice(
            "Text.\n© 2001 The Society. All rights reserved."
        ));
        assert!(copyright_notice(
            "Copyrightc2001bytheAmericanMathematicalSociety."
        ));
        assert!(!copyright_notice("copyrighted 1990"));
        // The Anarchist Library's colophon (the founding sample) closes its document.
        assert!(!copyright_notice(
            "The Anarchist Library\nAnti-Copyright\nRuth Kinna\n2017\nRetrieved on 2020-05-05"
        ));
        assert!(!copyright_notice(
            "the copyright notice and this permission notice"
        ));
    }

    #[test]
    fn a_title_page_ends_no_sentence() {
        // R-intro's title page (train): version numbers and initials are no sentence stops.
        let title = "An Introduction to R\nVersion 4.2.2 Patched (2022-11-10)\n\nW. N. Venables, D. M. Smith\nand the R Core Team";
        assert!(!has_sentence_stop(title));
        assert!(has_sentence_stop("It rained. Then it stopped"));
        assert!(has_sentence_stop("Was it (really)?"));
        assert!(has_sentence_stop("as R does."));
    }
}

#[cfg(test)]
mod title_page_tests {
    use super::*;
    use crate::ingest::Span;

    /// A title page with its author's address, on pages the input marks, is front matter, not
    /// a colophon (texlive-metapost-doc's mcf_manual.pdf opens so, a held-out check).
    #[test]
    fn a_marked_title_page_with_an_address_is_front_matter() {
        let title = "Molecular Coding Format\n\nA manual for mcf2graph\n\nAkira Yamaji\n\nmcf2graph@gmail.com\n\u{c}";
        let body =
            "1 Introduction\n\nThe format describes a molecule as a list of its parts, each \
            written as it would be read aloud, so that the structure can be drawn without any \
            further input. The program reads such a list and draws it.\n\n2\n\u{c}";
        let more = "The parts are joined in the order they are listed, and each may carry a \
            label that later parts refer to when a ring closes or a branch returns.\n\n3\n\u{c}";
        // Pages of a real length: the title page is short beside them.
        let body = body.replace("\n\n2\n", &format!(" {}\n\n2\n", PROSE_FOR_TESTS.repeat(3)));
        let more = more.replace("\n\n3\n", &format!(" {}\n\n3\n", PROSE_FOR_TESTS.repeat(3)));
        let text = format!("{body}{title}{more}");
        let doc = crate::ingest::Document::from_text("t.txt", text, None).unwrap();
        let a = super::super::analyse(&doc, &Default::default());
        assert!(a.paged);
        assert_eq!(a.fragments[1].kind, Kind::Front);
    }

    /// A title page with an abstract, unnumbered, on pages the input marks, is front matter
    /// though the abstract is prose; an abstract's word inside a sentence is no heading.
    #[test]
    fn a_marked_title_page_with_an_abstract_is_front_matter() {
        let title = format!(
            "Colour Management\n\nA. Author\n\nAbstract\n\n{}\n\nRevision 1.66\n\u{c}",
            &PROSE_FOR_TESTS[..120]
        );
        let body = format!(
            "1 Introduction\n\n{}\n\n1\n\u{c}",
            PROSE_FOR_TESTS.repeat(3)
        );
        let more = format!("{}\n\n2\n\u{c}", PROSE_FOR_TESTS.repeat(3));
        let text = format!("{body}{title}{more}");
        let doc = crate::ingest::Document::from_text("t.txt", text, None).unwrap();
        let a = super::super::analyse(&doc, &Default::default());
        assert_eq!(a.fragments[1].kind, Kind::Front);
        // An article's first page, its abstract above a full page of text, is no title page.
        let first = format!(
            "Colour Management\n\nAbstract\n\n{}\n\u{c}",
            PROSE_FOR_TESTS.repeat(3)
        );
        let text = format!("{body}{first}{more}");
        let doc = crate::ingest::Document::from_text("t.txt", text, None).unwrap();
        let a = super::super::analyse(&doc, &Default::default());
        assert_ne!(a.fragments[1].kind, Kind::Front);
        assert!(has_abstract_heading("Title\n  ABSTRACT:\nText."));
        assert!(!has_abstract_heading(
            "An abstract class is one without instances."
        ));
    }

    /// Pages joined by blank lines (no marks), numbered 1–4: an unnumbered piece holding a
    /// copyright notice is the title page's back, front matter, even though its permission
    /// notice reads as prose; so is a title of 13 words without prose a loose scrap free to
    /// open the document. Without the numbers neither is said: a piece may be part of a page.
    #[test]
    fn unmarked_front_matter_of_a_numbered_document() {
        let piece = |body: &str, number: Option<u32>| {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.body = body.to_string();
            f.page_number = number;
            f.length = body.len() as f64;
            f
        };
        let prose = PROSE_FOR_TESTS.repeat(4);
        let title = "The History of the Decline and Fall of the Roman Empire\nChapter VIII";
        let notice = "This manual is for R, version 4.2.2.\nCopyright (C) 2000-2022 R Core \
            Team\nPermission is granted to make and distribute verbatim copies of this \
            manual provided the copyright notice and this permission notice are preserved.";
        let kinds = |numbered: bool| {
            let mut frags = vec![piece(title, None), piece(notice, None)];
            for n in 1..=4 {
                frags.push(piece(&prose, numbered.then_some(n)));
            }
            let mut a = Analysis::of_marked_pages(frags, "\n\n");
            a.paged = false;
            a.page_capacity = prose.len() as f64;
            classify_kinds(&mut a, "");
            (a.fragments[0].kind, a.fragments[1].kind)
        };
        assert_eq!(kinds(true), (Kind::Loose, Kind::Front));
        assert_eq!(kinds(false), (Kind::Body, Kind::Body));
    }

    const PROSE_FOR_TESTS: &str = "It is a truth universally acknowledged, that a single man in \
        possession of a good fortune, must be in want of a wife. However little known the \
        feelings or views of such a man may be on his first entering a neighbourhood, this \
        truth is so well fixed in the minds of the surrounding families, that he is considered \
        the rightful property of some one or other of their daughters.";
}
