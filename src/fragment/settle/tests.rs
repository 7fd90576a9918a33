//! Unit tests of the settling of printed page numbers, on the candidates converters leave.

use super::read::{glued_head_numbers, in_run};
use super::*;

fn top(at: usize, value: u32) -> Candidate {
    Candidate {
        at,
        place: Place::Top,
        roman: false,
        value,
        run: false,
    }
}

fn foot(at: usize, value: u32) -> Candidate {
    Candidate {
        place: Place::Foot,
        ..top(at, value)
    }
}

fn head_end(value: u32) -> Candidate {
    Candidate {
        place: Place::HeadEnd,
        ..top(0, value)
    }
}

#[test]
fn a_chapter_number_on_every_head_gives_way_to_the_numbers_ending_the_heads() {
    // The lineno manual (texlive-latex-recommended-doc, a held-out check): `1 INTRODUCTIONS
    // 2` … `1 INTRODUCTIONS 7`, `2 PUT THE LINE NUMBERS TO THE LINES 8`: the chapter
    // number was read on every page of its chapter.
    let read = [
        (Some(1), false),
        (Some(1), false),
        (Some(1), false),
        (Some(2), false),
        (Some(2), false),
    ];
    let candidates: Vec<Vec<Candidate>> = (2..7).map(|v| vec![head_end(v)]).collect();
    assert_eq!(settle(&read, &candidates).taken, vec![Some(0); 5]);
    // Numbers ending the heads that pages share (a version, a year) are no folios.
    let candidates: Vec<Vec<Candidate>> = (0..5).map(|_| vec![head_end(2023)]).collect();
    assert_eq!(settle(&read, &candidates).taken, vec![None; 5]);
}

#[test]
fn a_number_the_sequence_calls_for_is_taken_and_a_stray_one_is_not() {
    // Pages 1, 2, (3 missing: a head above it was not learned), 4, and a contents page
    // whose last entry (77) was read as its number while its own number (5) stands on
    // its third line.
    let read = [
        (Some(1), false),
        (Some(2), false),
        (None, false),
        (Some(4), false),
        (Some(77), false),
    ];
    let candidates = vec![
        vec![],
        vec![],
        vec![top(1, 3), top(7, 12)],
        vec![],
        vec![top(2, 5), top(4, 77)],
    ];
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![None, None, Some(0), None, Some(0)]
    );
    // A number read on another page already is never taken twice.
    let read = [(Some(1), false), (Some(2), false), (None, false)];
    let candidates = vec![vec![], vec![], vec![top(0, 2)]];
    assert_eq!(settle(&read, &candidates).taken, vec![None, None, None]);
}

#[test]
fn a_section_number_read_as_a_folio_gives_way_to_a_gap_it_fills() {
    // The markitdown pages of R-admin with numbers moved to the foot (train, through
    // `tools/flavours/foot.py`): page 30 opens `3 Installing R under Windows`, its `3` read
    // (unique, with neighbours), while its own 17 stands alone at its foot; page 26 opens
    // `2 Installing R under Unix-alikes` and prints 3 at its foot.
    let read = [
        (Some(1), false),
        (Some(2), false),
        (Some(2), false),
        (Some(4), false),
        (Some(16), false),
        (Some(3), false),
        (Some(18), false),
    ];
    let candidates = vec![
        vec![],
        vec![],
        vec![foot(9, 3)],
        vec![],
        vec![],
        vec![foot(9, 17)],
        vec![],
    ];
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![None, None, Some(0), None, None, Some(0), None]
    );
}

#[test]
fn where_numbers_stand_at_the_foot_a_section_number_at_the_top_gives_way() {
    // Pages 1–4 print their number at the foot; page 3 opens a chapter `2 Installing`
    // whose section number was read, and its own number 3 stands at its foot.
    let read = [
        (Some(1), false),
        (Some(2), false),
        (Some(2), false),
        (Some(4), false),
    ];
    let candidates = vec![
        vec![foot(9, 1)],
        vec![foot(8, 2)],
        vec![foot(7, 3)],
        vec![foot(9, 4)],
    ];
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![None, None, Some(0), None]
    );
    // Where the numbers stand at the top and run on, a lone number at a page's foot (a
    // table's last cell) is left alone.
    let read = [
        (Some(1), false),
        (Some(2), false),
        (Some(3), false),
        (Some(4), false),
    ];
    let candidates = vec![vec![], vec![], vec![foot(7, 9)], vec![]];
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![None, None, None, None]
    );
}

#[test]
fn a_number_two_pages_call_for_goes_to_the_better_placed_or_to_none() {
    // R-admin as markitdown writes it (train): page 2 reads no number while 2 stands
    // below its head; page 4 (a chapter's last, 35 read in its head) ends with a
    // footnote marker 2 followed by the note. The footnote never takes the folio, in
    // either order of the pages.
    let read = [
        (Some(1), false),
        (None, false),
        (Some(3), false),
        (Some(35), false),
        (Some(34), false),
    ];
    let near = Candidate {
        place: Place::NearFoot,
        ..top(41, 2)
    };
    let candidates = vec![vec![], vec![top(1, 2)], vec![], vec![near], vec![]];
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![None, Some(0), None, None, None]
    );
    let (mut r, mut c) = (read.to_vec(), candidates.clone());
    r.reverse();
    c.reverse();
    assert_eq!(settle(&r, &c).taken, vec![None, None, None, Some(0), None]);
    // Two pages calling for the same number from the same place: neither takes it.
    let read = [(Some(1), false), (None, false), (None, false)];
    let candidates = vec![vec![], vec![top(0, 2)], vec![top(0, 2)]];
    assert_eq!(settle(&read, &candidates).taken, vec![None, None, None]);
}

#[test]
fn lone_numbers_near_the_foot_and_on_two_line_pages() {
    // `pdftotext` (raw) of a manual with margin notes: the folio, then the notes.
    let lines = [
        "Text of the page.",
        "More text.",
        "37",
        "New in 0.4.1",
        "New in 0.5",
    ];
    let c = lone_numbers(&lines, 1, 100);
    assert_eq!(
        c,
        vec![Candidate {
            at: 2,
            place: Place::NearFoot,
            roman: false,
            value: 37,
            run: false,
        }]
    );
    // A chapter opening holding only its heading: the folio above or below it.
    assert_eq!(
        lone_numbers(&["47", "13 Error Handling"], 5, 100),
        vec![top(0, 47)]
    );
    assert_eq!(
        lone_numbers(&["9 Changelog 161", "4"], 5, 100),
        vec![foot(1, 4)]
    );
    // A number run into the page's last line (pdf-extract), but not a decimal's digits.
    let c = lone_numbers(&["Text.", "is installed, see amstex.fmt28"], 1, 100);
    assert_eq!(
        c.last().map(|c| (c.place, c.value)),
        Some((Place::Trailing, 28))
    );
    assert!(lone_numbers(&["Text.", "More.", "New in 0.5"], 1, 100).is_empty());
    // A contents entry's number after its leaders is no folio run into the text.
    assert!(lone_numbers(
        &["Contents", "Parallelism . . . 19", "Index . . . . 21"],
        1,
        100
    )
    .is_empty());
    // A column of numbers offers none.
    assert!(lone_numbers(&["3", "4", "5"], 5, 100).is_empty());
    // Nor does a column of a figure's labels at the top (MetaPost's manual, held-out check).
    let figure = [
        "0",
        "2",
        "4",
        "3",
        "1",
        "Figure 6: The result of draw.",
        "Text.",
        "More.",
    ];
    // (Only the labels in no run, 3 and 1 after 0, 2, 4, are offered, as numbers inside
    // the page: the weakest claim.)
    let offered: Vec<(Place, u32)> = lone_numbers(&figure, 5, 100)
        .iter()
        .map(|c| (c.place, c.value))
        .collect();
    assert_eq!(offered, vec![(Place::Inside, 3), (Place::Inside, 1)]);
    // Two numbers alone (a folio above a chapter's number) are still offered.
    let opening = ["4", "3", "VERBATIM ENVIRONMENTS", "Text.", "More."];
    assert_eq!(lone_numbers(&opening, 5, 100), vec![top(0, 4), top(1, 3)]);
}

#[test]
fn a_column_of_numbers_at_the_foot_offers_no_folio() {
    // A contents page as pdfminer writes it (gnuplot, train): the titles, then the column
    // of their page numbers; its true number stands at its top.
    let lines = [
        "gnuplot 5.4",
        "CONTENTS",
        "2",
        "Command line options . . . . . . . .",
        "Examples . . . . . . . .",
        "30",
        "31",
        "31",
    ];
    assert!(ends_in_number_column(&lines));
    assert_eq!(lone_numbers(&lines, 3, 100), vec![top(2, 2)]);
    // A folio below a table's last figure is no column; nor is a column stepping back.
    assert!(!ends_in_number_column(&["Text.", "Total", "31", "4"]));
    assert!(!ends_in_number_column(&["Text.", "31", "32", "4"]));
    assert!(!ends_in_number_column(&["3", "4", "5"]));
    // An index's page references step back above the folio (PARI's index, held-out check).
    let index = [
        "Index",
        "get_localbitprec . . . 11",
        "11",
        "10",
        "12",
        "11",
        "11",
        "21",
    ];
    assert!(ends_in_number_column(&index));
    let below = Candidate {
        place: Place::BelowColumn,
        ..foot(7, 21)
    };
    assert_eq!(lone_numbers(&index, 1, 100), vec![below]);
    // A contents page's column that never steps back offers nothing.
    assert!(lone_numbers(&["Contents", "Intro . . . 1", "3", "5", "9"], 1, 100).is_empty());
}

#[test]
fn a_short_chapters_head_offers_its_number_and_the_sequence_takes_it() {
    // pypdf of R-intro (train): a chapter of two pages, its head too rare to be learned.
    let lines = [
        "Chapter 3: Objects, their modes and attributes 15",
        "Now d and z are the same.",
    ];
    let head = Candidate {
        place: Place::HeadEnd,
        ..top(0, 15)
    };
    assert_eq!(lone_numbers(&lines, 1, 100), vec![head]);
    // Not a version's digits, nor a number glued to a word, nor a page of one line.
    assert!(lone_numbers(&["Version 2.2", "Text."], 1, 100).is_empty());
    assert!(lone_numbers(&["VERSION2.221", "Text."], 1, 100).is_empty());
    assert!(lone_numbers(&["Chapter 3: Objects 15"], 1, 100)
        .iter()
        .all(|c| c.place != Place::HeadEnd));
    // Pages 14 and 16 read: page 15 takes its head's number; with neither read it
    // stays unnumbered.
    let read = [(Some(14), false), (None, false), (Some(16), false)];
    let candidates = vec![vec![], vec![head], vec![]];
    assert_eq!(settle(&read, &candidates).taken, vec![None, Some(0), None]);
    let read = [(Some(3), false), (None, false), (Some(30), false)];
    assert_eq!(settle(&read, &candidates).taken, vec![None, None, None]);
}

#[test]
fn a_number_glued_to_a_recurring_running_head_is_read() {
    // pdf-extract of the AMS-TeX guide (validation kind of failure, text made up here):
    // verso heads open with the number, recto heads end with it, glued to `2.2`.
    let pages = [
        "20USER'SGUIDETO AMS-TEXVERSION2.2 familyhave 1as the first",
        "USER'SGUIDETO AMS-TEXVERSION2.221 \\105C\\angle (U)",
        "22USER'SGUIDETO AMS-TEXVERSION2.2 Binary relations",
        "USER'SGUIDETO AMS-TEXVERSION2.219 5.SymbolNames The symbols",
        "Appendix B Installation Procedures",
    ];
    let text: String = pages.iter().map(|p| format!("{p}\u{c}")).collect();
    let spans = crate::ingest::split_form_feeds(&text);
    assert_eq!(
        glued_head_numbers(&text, &spans),
        vec![Some(20), Some(21), Some(22), Some(19), None]
    );
}

#[test]
fn a_chapter_number_gives_way_to_the_foot_number_a_neighbour_calls_for() {
    // A chapter opening read as `13 Error Handling` (its 13 unique, with a neighbour
    // 12), its own 47 alone on its last line, page 46 read: it takes 47.
    let read = [
        (Some(12), false),
        (Some(13), false),
        (Some(46), false),
        (None, false),
    ];
    let candidates = vec![vec![], vec![foot(2, 47)], vec![], vec![]];
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![None, Some(0), None, None]
    );
}

#[test]
fn where_the_feet_run_on_better_than_the_numbers_read_the_feet_number_the_pages() {
    // The fancyvrb manual as `pdftotext` without `-layout` reads it (held-out check): every
    // verso page opens with its chapter's number (`4`, then `VERBATIM ENVIRONMENTS`) and
    // prints its folio alone on its last line; recto pages were read at the foot.
    let read = [
        (Some(4), false),
        (Some(4), false),
        (Some(5), false),
        (Some(4), false),
        (Some(7), false),
        (Some(4), false),
        (Some(9), false),
    ];
    let candidates: Vec<Vec<Candidate>> = (3..10).map(|v| vec![top(0, 4), foot(40, v)]).collect();
    // Pages 3, 6 and 8 take their feet; the others read theirs there already.
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![Some(1), None, None, Some(1), None, Some(1), None]
    );
    // Feet that would run no better (a table's last figure on a few pages) change nothing.
    let read: Vec<(Option<u32>, bool)> = (1..8).map(|v| (Some(v), false)).collect();
    let mut candidates: Vec<Vec<Candidate>> = vec![vec![]; 7];
    candidates[2] = vec![foot(9, 40)];
    candidates[5] = vec![foot(9, 41)];
    assert_eq!(settle(&read, &candidates).taken, vec![None; 7]);
}

#[test]
fn a_run_reaches_over_one_unnumbered_page_where_another_page_offers_the_number_beyond() {
    // The microtype manual without `-layout` (held-out check): pages 2-5 carry their number on
    // a top line no head calls for, page 6 (a chapter opening) carries none, and 7-9 are read.
    let read = [
        (None, false),
        (None, false),
        (None, false),
        (None, false),
        (None, false),
        (Some(7), false),
        (Some(8), false),
        (Some(9), false),
    ];
    let mut candidates: Vec<Vec<Candidate>> = (1..=5).map(|v| vec![top(1, v)]).collect();
    candidates[0].clear();
    candidates[4].clear();
    candidates.extend((7..=9).map(|v| vec![top(1, v)]));
    // Page 5 is unnumbered here, page 6 missing from the run: 2, 3, 4 then 7 is two short.
    let taken = settle(&read, &candidates).taken;
    assert_eq!(taken[1..4], [None, None, None]);
    // With page 5 numbered, the run 2-5 reaches 7 over the unnumbered page 6.
    candidates[4] = vec![top(1, 5)];
    let taken = settle(&read, &candidates).taken;
    assert_eq!(taken[1..5], [Some(0); 4]);
}

fn inside(at: usize, value: u32) -> Candidate {
    Candidate {
        place: Place::Inside,
        ..top(at, value)
    }
}

#[test]
fn a_folio_among_a_margins_line_numbers_is_offered_and_the_line_numbers_are_not() {
    // Page 3 of the lineno manual as `pdftotext` without `-layout` reads it: the running
    // head, the margin's line numbers in a column, text, more line numbers, then the folio
    // after the last line number, before the text goes on.
    let lines = [
        "1 INTRODUCTIONS",
        "1",
        "2",
        "3",
        "1.1",
        "Introduction to versions v < 4",
        "4",
        "lineno.sty has been maintained by Stephan I. Böttcher since 1995.",
        "5",
        "6",
        "3",
        "The first two releases were made for LaTeX 2.09.",
        "More text of the page.",
        "Soon, some weaknesses of lineno.sty showed up.",
        "These weaknesses are due to weaknesses of LaTeX's marginpar mechanism.",
        "Version 4 was developed with this in mind.",
        "A further line of text.",
        "And the page's last line.",
    ];
    let offered: Vec<(Place, u32)> = lone_numbers(&lines, 5, 100)
        .iter()
        .map(|c| (c.place, c.value))
        .collect();
    assert_eq!(offered, vec![(Place::Inside, 3)]);
    // A margin numbering every third line (`1`, `4`, `7`), the folio breaking into it: the
    // stride is a run, the folio is not.
    let margin = [1, 4, 7, 10, 30, 13, 16, 19];
    assert!(in_run(&margin, 1) && in_run(&margin, 3) && in_run(&margin, 5));
    assert!(!in_run(&margin, 4));
    assert!(!in_run(&[35, 3], 1));
    assert!(in_run(&[22, 23], 1));
}

#[test]
fn chapter_numbers_read_on_every_page_go_and_the_folios_inside_the_pages_are_taken() {
    // The lineno manual read by `pdftotext` without `-layout`: every page reads its chapter's
    // number from the running head (`1 INTRODUCTIONS`), no head ends in a number, and the
    // folio stands alone inside the page among margin line numbers that break their run too
    // (`24` on page 2). Page 8 opens chapter 3 and reads 3 once: left without a neighbour
    // once the others go, it goes too.
    let read: Vec<(Option<u32>, bool)> = [1, 1, 1, 1, 2, 2, 2, 3]
        .iter()
        .map(|&v| (Some(v), false))
        .collect();
    let candidates = vec![
        vec![top(1, 1)],
        vec![top(1, 2), inside(8, 24)],
        vec![inside(46, 3)],
        vec![inside(36, 4), inside(50, 3)],
        vec![top(1, 5)],
        vec![inside(12, 6), inside(20, 4)],
        vec![inside(9, 7)],
        vec![top(1, 8)],
    ];
    let settled = settle(&read, &candidates);
    assert_eq!(settled.dropped, vec![true; 8]);
    assert_eq!(settled.taken, vec![Some(0); 8]);
    // Without the folios inside, nothing is taken and every chapter number still goes.
    let edges: Vec<Vec<Candidate>> = candidates
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .filter(|c| c.place != Place::Inside)
                .collect()
        })
        .collect();
    let settled = settle(&read, &edges);
    assert_eq!(settled.dropped, vec![true; 8]);
    assert_eq!(settled.taken[2..4], [None, None]);
    // Two documents mixed in one input each read their own 1 to 4: folios, kept.
    let mixed: Vec<(Option<u32>, bool)> = [1, 2, 3, 4, 1, 2, 3, 4]
        .iter()
        .map(|&v| (Some(v), false))
        .collect();
    let settled = settle(&mixed, &edges);
    assert_eq!(settled.dropped, vec![false; 8]);
    // Chapter numbers read on two pages only are kept: too few to say.
    let two = [(Some(1), false), (Some(1), false), (Some(3), false)];
    let settled = settle(&two, &[vec![], vec![], vec![]]);
    assert_eq!(settled.dropped, vec![false; 3]);
}

#[test]
fn a_number_inside_a_page_is_taken_only_where_it_fills_a_gap() {
    // glpk's graph manual as `pdftotext` without `-layout` reads page 17: its folio stands
    // above a figure's labels, the last of which (`15`) was read as its number.
    let read = [
        (Some(15), false),
        (Some(16), false),
        (Some(15), false),
        (Some(18), false),
    ];
    let candidates = vec![
        vec![foot(40, 15)],
        vec![foot(30, 16)],
        vec![foot(74, 15), inside(65, 17)],
        vec![foot(50, 18)],
    ];
    let settled = settle(&read, &candidates);
    assert_eq!(settled.taken, vec![None, None, Some(1), None]);
    assert_eq!(settled.dropped, vec![false; 4]);
    // A number inside a page that fills no gap (19, past the last page read) is not taken.
    let mut candidates = candidates;
    candidates[2] = vec![foot(74, 15), inside(65, 19)];
    assert_eq!(settle(&read, &candidates).taken, vec![None; 4]);
}

#[test]
fn where_folios_stand_at_the_foot_a_listings_first_line_numbers_at_the_top_are_no_folio() {
    // The fancyvrb manual as `pdftotext` without `-layout` reads it: the contents page 2
    // ends with its folio, then the last entry's number (`2`, `20`); page 20 opens with a
    // listing's line numbers `1`, `2` (read as its number) and ends with its folio.
    let run = |at: usize, value: u32| Candidate {
        run: true,
        ..top(at, value)
    };
    let near = Candidate {
        place: Place::NearFoot,
        ..top(60, 2)
    };
    let read = [
        (Some(1), false),
        (Some(20), false),
        (Some(3), false),
        (Some(19), false),
        (Some(2), false),
        (Some(21), false),
    ];
    let candidates = vec![
        vec![foot(30, 1)],
        vec![near, foot(61, 20)],
        vec![foot(40, 3)],
        vec![foot(40, 19)],
        vec![run(0, 1), run(1, 2), foot(50, 20)],
        vec![foot(40, 21)],
    ];
    assert_eq!(
        settle(&read, &candidates).taken,
        vec![None, Some(0), None, None, Some(2), None]
    );
}
