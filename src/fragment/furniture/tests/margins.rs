//! Unit tests of what the margins of `pdftotext -layout` pages say: which side the running
//! heads carry their folios on, footnote markers at the other margin, a chapter's opening
//! number at the heads' margin, heads found by where their numbers stand.

use super::*;

/// A line of `pdftotext -layout` prose justified to 72 columns, unique to page `n`, line `l`.
fn justified(n: usize, l: usize) -> String {
    let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"];
    // Letters, not digits: a line's shape (numbers aside) must not recur on another page.
    let letter = |k: usize| char::from(b'a' + (k % 26) as u8);
    let mut s = format!("Page{} line{}{}", letter(n), letter(l / 26), letter(l));
    let mut k = n + l;
    while s.len() < 72 {
        s.push(' ');
        s.push_str(words[k % words.len()]);
        k += 3;
    }
    s.truncate(72);
    s.trim_end().to_string() + &"x".repeat(72 - s.trim_end().len())
}

/// `pdftotext -layout` page `n` of the R manuals' kind: its running head with the folio
/// flush right, or (`opening`) the folio alone flush right, then three blank lines and the
/// page's justified lines, paragraphs one blank line apart, the last ending a sentence.
fn layout_page(n: usize, folio: usize, opening: bool, lines: usize) -> String {
    let top = if opening {
        format!("{folio:>72}")
    } else {
        let head = "Chapter 1: R Internal Structures";
        format!("{head}{folio:>w$}", w = 72 - head.len())
    };
    let body: Vec<String> = (0..lines)
        .map(|l| {
            let line = justified(n, l);
            if l % 5 == 4 {
                format!("{line}\n")
            } else {
                line
            }
        })
        .collect();
    // Each page ends a sentence: which side its head stands on is left to the furniture.
    format!("{top}\n\n\n\n{}.", body.join("\n").trim_end())
}

/// Footnotes set as `pdftotext -layout` writes them, their marker alone at the left margin
/// over the note, where every running head (and a chapter's opening page, its number alone)
/// carries its folio flush right: the markers are no folios, and the pages are cut at their
/// heads and opening numbers only.
#[test]
fn footnote_markers_at_the_other_margin_are_no_folios() {
    // Chapters open on pages 0, 3 and 6, their folio alone at the heads' margin.
    let pages: Vec<String> = (0..8)
        .map(|i| {
            let p = layout_page(i, 3 + i, i % 3 == 0, 14);
            if i % 2 == 0 && i > 0 {
                format!(
                    "{p}\n\n {}\n     A note of its own: {}.",
                    2 + i,
                    body(i).lines().next().unwrap()
                )
            } else {
                p
            }
        })
        .collect();
    assert_cut_at_pages(&pages, true, false);
}

/// A chapter's short opening page shows its folio alone, flush right where the other pages
/// carry it after their running head: it is as sure a page edge as the heads, and the short
/// page is kept apart from its neighbours.
#[test]
fn a_number_alone_at_the_heads_margin_opens_even_a_short_page() {
    let pages: Vec<String> = (0..8)
        .map(|i| {
            // Chapters open on pages 1, 4 (three lines long) and 7.
            if i == 4 {
                layout_page(i, 3 + i, true, 3)
            } else {
                layout_page(i, 3 + i, i % 3 == 1, 30)
            }
        })
        .collect();
    assert_cut_at_pages(&pages, true, true);
}

/// Running heads that name each page's own section, so that none recurs, with the folio
/// flush right (`GETTING STARTED   4`), and a contents page whose entries, without dot leaders,
/// end in page numbers at the same margin: the heads are found by where their numbers stand
/// and cut every page; the contents entries, a few lines apart, cut nothing.
#[test]
fn heads_that_never_recur_are_found_by_their_numbers_at_the_margin() {
    let names = [
        "INTRODUCTION",
        "GETTING STARTED",
        "OPTIONS",
        "MICRO FINE TUNING",
        "LETTERSPACING",
        "DISABLING LIGATURES",
        "ACKNOWLEDGMENTS",
        "REFERENCES",
    ];
    let entries: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(k, name)| format!("{name}{:>w$}", 3 + k, w = 72 - name.len()))
        .collect();
    // The contents page: a line, the entries, then a paragraph of prose.
    let prose: Vec<String> = (1..12).map(|l| justified(0, l)).collect();
    let mut pages = vec![format!(
        "{}\n\n\n\n{}\n\n{}.",
        justified(0, 0),
        entries.join("\n\n"),
        prose.join("\n")
    )];
    pages.extend(names.iter().enumerate().map(|(k, name)| {
        let p = layout_page(k + 1, 3 + k, false, 20);
        let head = format!("{name}{:>w$}", 3 + k, w = 72 - name.len());
        format!("{head}{}", &p[p.find('\n').unwrap()..])
    }));
    assert_cut_at_pages(&pages, true, true);
}
