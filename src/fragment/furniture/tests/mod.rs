//! Unit tests of the furniture finder on small documents built like converter output.

use super::*;

/// Where the furniture cuts the text: the byte offset each later page begins at.
fn cut_starts(cuts: &PageCuts) -> Vec<usize> {
    cuts.cuts.iter().map(|c| c.0).collect()
}

/// Where the furniture cuts the text at a sure page edge (no candidate).
fn sure_starts(cuts: &PageCuts) -> Vec<usize> {
    cuts.cuts
        .iter()
        .filter(|c| c.1 >= 1.0)
        .map(|c| c.0)
        .collect()
}

/// The pages joined by blank lines are cut where each page but the first begins (`layout`:
/// read as `pdftotext -layout` text), every cut sure when `sure` is set.
fn assert_cut_at_pages(pages: &[String], layout: bool, sure: bool) {
    let text = pages.join("\n\n");
    let cuts = find_pages(&text, layout).expect("furniture found");
    let starts = if sure {
        sure_starts(&cuts)
    } else {
        cut_starts(&cuts)
    };
    assert_eq!(starts, later_page_starts(&text, pages));
}

/// Where each page but the first begins in `text`, the pages joined in order.
fn later_page_starts(text: &str, pages: &[String]) -> Vec<usize> {
    pages[1..]
        .iter()
        .map(|p| text.find(p.as_str()).unwrap())
        .collect()
}

fn page(head: &str, n: u32, body: &str) -> String {
    format!("{head}\n\n{n}\n\n{body}\n")
}

#[test]
fn heads_and_numbers_at_the_top_open_pages() {
    let bodies = [
        "the first page ends in the middle of a",
        "sentence that the second page goes on with and",
        "the third page, which closes it all.",
        "A fourth page opens afresh here.",
    ];
    let pages: Vec<String> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| page("Chapter 6: Lists and data frames", 3 + i as u32, b))
        .collect();
    let text = pages.join("\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    let starts = cut_starts(&cuts);
    let expected: Vec<usize> = text
        .match_indices("Chapter 6")
        .map(|(i, _)| i)
        .skip(1)
        .collect();
    assert_eq!(starts, expected);
}

#[test]
fn numbers_glued_below_the_text_close_pages() {
    let bodies = [
        "the first page ends in the middle of a\nline that wraps",
        "sentence that the second page goes on with and\nmore",
        "the third page, which closes it all.\nAnd more.",
        "A fourth page opens afresh here.\nIt ends.",
    ];
    let text: String = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| format!("{b}\n{}\n\n", 7 + i))
        .collect();
    let cuts = find_pages(&text, false).expect("furniture found");
    let starts = cut_starts(&cuts);
    let expected: Vec<usize> = bodies[1..].iter().map(|b| text.find(b).unwrap()).collect();
    assert_eq!(starts, expected);
}

/// A running head at the top and the number at the foot, each set apart by blank lines (as
/// `pdftotext` without `-layout` writes a book): the input opens with a head and ends with
/// a number, so heads open pages and numbers close them, and a page's foot number and the
/// next page's head, standing together, are cut between.
#[test]
fn heads_at_the_top_and_numbers_at_the_foot_are_cut_between() {
    let bodies = [
        "the first page ends in the middle of a",
        "sentence that the second page goes on with and",
        "the third page, which closes it all.",
        "A fourth page opens afresh here.",
        "And a fifth one.",
    ];
    let text: String = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| format!("Decline and Fall\n\n{b}\n\n{}\n\n", 11 + i))
        .collect();
    let cuts = find_pages(&text, true).expect("furniture found");
    let starts = cut_starts(&cuts);
    let expected: Vec<usize> = text
        .match_indices("Decline")
        .map(|(i, _)| i)
        .skip(1)
        .collect();
    assert_eq!(starts, expected);
}

/// A short chapter's running head, seen twice only, still marks its pages: it carries a
/// distinct page number each time (here on the line below it, as `pymupdf` sets it).
#[test]
fn a_short_chapters_numbered_head_is_furniture() {
    let mut text = String::new();
    for (i, head) in [
        "Chapter 1: Obtaining R",
        "Chapter 1: Obtaining R",
        "Chapter 1: Obtaining R",
        "Chapter 2: Installing R",
        "Chapter 2: Installing R",
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!("{head}\n{}\n{}\n\n", i + 2, body(i)));
    }
    let cuts = find_pages(&text, false).expect("furniture found");
    let starts = cut_starts(&cuts);
    let expected: Vec<usize> = text
        .match_indices("Chapter")
        .map(|(i, _)| i)
        .skip(1)
        .collect();
    assert_eq!(starts, expected);
}

/// A page's body: lines of their own (nothing in it recurs).
fn body(n: usize) -> String {
    let words = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    ];
    (0..6)
        .map(|l| {
            format!(
                "{} {} line {}",
                words[(n + l) % 8],
                words[(n * 3 + l) % 8],
                "x".repeat(n * 6 + l + 1)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A head seen twice without page numbers is no furniture: a refrain or a code line.
#[test]
fn an_unnumbered_head_seen_twice_is_not_learned() {
    let text = "Chapter 1: Obtaining R\nbody one\n\nChapter 1: Obtaining R\nbody two\n";
    assert_eq!(find_pages(text, false), None);
}

/// Pages written as one block each (no blank line inside a page, as `pypdf` writes them):
/// a page without furniture (a chapter opening) still stands apart by its blank lines, and
/// is cut as a likely candidate.
#[test]
fn gapless_pages_are_cut_at_every_gap() {
    let mut text = String::new();
    for n in 2..8 {
        text.push_str(&format!("Decline and Fall {n}\n{}\n\n", body(n)));
    }
    text.push_str(&format!("CHAPTER IV\n{}\n\n", body(8)));
    for n in 9..12 {
        text.push_str(&format!("Decline and Fall {n}\n{}\n\n", body(n)));
    }
    let cuts = find_pages(&text, false).expect("furniture found");
    let opening = text.find("CHAPTER IV").unwrap();
    let at = cuts.cuts.iter().find(|c| c.0 == opening).expect("cut");
    assert!(at.1 > 0.5 && at.1 < 1.0, "{at:?}");
    let after = text.find("Decline and Fall 9").unwrap();
    assert!(cuts.cuts.contains(&(after, 1.0)));
}

/// Converters that set paragraphs apart by blank lines get no cut at every gap.
#[test]
fn paragraph_gaps_are_no_page_edges() {
    let mut text = String::new();
    for n in 2..8 {
        let b = body(n);
        let (one, two) = b.split_at(b.find("\n").unwrap());
        text.push_str(&format!(
            "Decline and Fall {n}\n{one}\n\n{}\n\n",
            two.trim()
        ));
    }
    let cuts = find_pages(&text, false).expect("furniture found");
    assert!(cuts.cuts.iter().all(|c| c.1 >= 1.0), "{:?}", cuts.cuts);
}

/// A code line repeated at block edges on one page is no running head: its occurrences
/// stand closer together than a page.
#[test]
fn a_line_repeated_on_one_page_is_no_head() {
    let mut text = String::new();
    for n in 2..6 {
        text.push_str(&format!("Decline and Fall {n}\n{}\n\n", body(n)));
    }
    let code = "rm(tmp_variable)";
    text.push_str(&format!(
        "{code}\n\nx <- 1\n\n{code}\n\ny <- 2\n\n{code}\n\n"
    ));
    for n in 6..9 {
        text.push_str(&format!("Decline and Fall {n}\n{}\n\n", body(n)));
    }
    let cuts = find_pages(&text, false).expect("furniture found");
    let first_code = text.find(code).unwrap();
    assert!(
        !cuts
            .cuts
            .iter()
            .any(|c| c.0 >= first_code && c.0 < first_code + 60),
        "{:?}",
        cuts.cuts
    );
}

#[test]
fn prose_without_furniture_is_left_to_the_text() {
    let text = "A paragraph.\n\nAnother paragraph here.\n\nA third one.\n\nAnd a fourth.\n";
    assert_eq!(find_pages(text, false), None);
    assert_eq!(find_pages(text, true), None);
}

/// A line repeated at block edges a page apart, in the middle of pages far from their numbers
/// (a sentence a manual repeats, as `pdfminer` sets each text box apart), is no running head:
/// only the numbers at the pages' feet cut the document.
#[test]
fn a_line_far_from_the_numbers_is_no_head() {
    let refrain = "The final argument is the size of the dashes.";
    let mut text = String::new();
    let mut expected = Vec::new();
    for n in 2..9 {
        let b = body(n);
        let l: Vec<&str> = b.lines().collect();
        if n > 2 {
            expected.push(text.len());
        }
        let rest = l[3..].join("\n");
        text.push_str(&format!(
            "{}\n\n{}\n\n{refrain}\n\n{}\n\n{rest}\n\n{n}\n\n",
            l[0], l[1], l[2]
        ));
    }
    let cuts = find_pages(&text, true).expect("furniture found");
    let starts = cut_starts(&cuts);
    assert_eq!(starts, expected);
}

/// A line that opens block after block, several to a page (a manual's `Synopsis` over each
/// routine it describes, as `pdftotext -layout` sets a reference chapter), is no running head
/// though each page's foot number stands a body or two from some of them: only the numbers
/// cut the document (with the line taken for a head, most furniture carries no number and
/// the document is left to the text).
#[test]
fn a_line_over_each_routine_is_no_head() {
    let mut text = String::new();
    let mut expected = Vec::new();
    for n in 20..28usize {
        if n > 20 {
            expected.push(text.len());
        }
        // Each page opens in the middle of the routine the page before began.
        text.push_str(&format!(
            "   the routine returns the code {} of its {} call.\n\n",
            "x".repeat(n),
            n
        ));
        for r in 0..3 {
            text.push_str(&format!(
                "\n2.{n}.{r}   glp set {} — change it\n\nSynopsis\n   void glp_set_{}(glp_prob *P, int i);\nDescription\n   The routine sets {} for the {r}-th row of\nthe specified problem object.\n\n",
                "y".repeat(n + r),
                "z".repeat(n * 3 + r),
                "w".repeat(n * 2 + r)
            ));
        }
        text.push_str(&format!(
            "\n\n                                             {n}\n\n"
        ));
    }
    let cuts = find_pages(&text, true).expect("furniture found");
    let starts = cut_starts(&cuts);
    assert_eq!(starts, expected);
}

/// The furniture gives each page its printed number: the numbers of the clusters at page
/// edges, not a number standing alone inside a page (a formula's exponent as `pdfminer` sets
/// it apart).
#[test]
fn the_numbers_at_page_edges_are_the_folios() {
    let mut text = String::new();
    for n in 2..9 {
        let b = body(n);
        let l: Vec<&str> = b.lines().collect();
        let rest = l[3..].join("\n");
        text.push_str(&format!(
            "{}\n\n2\n\n{}\n\n{}\n\n{rest}\n\n{n}\n\n",
            l[0], l[1], l[2]
        ));
    }
    let cuts = find_pages(&text, true).expect("furniture found");
    let values: Vec<u32> = cuts.numbers.iter().map(|n| n.1).collect();
    assert_eq!(values, (2..9).collect::<Vec<u32>>());
}

/// Each page prints its number once: where a chapter opening sets its number at its foot and
/// the next page its number below its head (`pdftotext` without `-layout`), the cluster of the
/// two numbers and the head between is cut after the first number, whatever side numbers
/// take elsewhere in the document.
#[test]
fn two_numbers_in_one_cluster_are_cut_between() {
    let top = |head: &str, n: u32, b: usize| format!("{head}\n\n{n}\n\n{}", body(b));
    let pages = [
        top("Chapter 1: Intro", 3, 0),
        top("Chapter 2: Start", 5, 1),
        format!("2 Getting started\n{}\n\n4", body(2)),
        top("Chapter 2: Start", 6, 3),
        top("Chapter 1: Intro", 2, 4),
        top("Chapter 2: Start", 7, 5),
        top("Chapter 1: Intro", 1, 6),
    ];
    let text = pages.join("\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    let starts = cut_starts(&cuts);
    let four = text.find("\n\n4\n\n").unwrap() + 2;
    assert!(!starts.contains(&four), "{starts:?}");
    assert!(starts.contains(&(four + 3)), "{starts:?}");
}

/// A running head of a family the document shows (`Chapter 2: …`, `Chapter 4: …`), seen once
/// only (a chapter of two pages whose opening has no head), still opens its page.
#[test]
fn a_head_of_a_learned_family_seen_once_is_furniture() {
    let heads = [
        ("Chapter 2: Spreadsheet-like data", 5),
        ("Chapter 4: Relational databases", 19),
        ("Chapter 2: Spreadsheet-like data", 6),
        ("Chapter 3: Importing from other systems", 12),
        ("Chapter 4: Relational databases", 20),
        ("Chapter 2: Spreadsheet-like data", 7),
        ("Chapter 4: Relational databases", 21),
    ];
    let text: String = heads
        .iter()
        .enumerate()
        .map(|(i, (h, n))| format!("{h}\n\n{n}\n\n{}\n\n", body(i)))
        .collect();
    let cuts = find_pages(&text, false).expect("furniture found");
    let starts = cut_starts(&cuts);
    let importing = text.find("Chapter 3").unwrap();
    assert!(starts.contains(&importing), "{starts:?}");
    assert!(!starts.contains(&(importing + text[importing..].find("12").unwrap())));
}

/// A chapter's number set alone over its entry in a table of contents is no page number when
/// its value stands alone elsewhere too (the body's page of that number).
#[test]
fn a_chapter_number_over_its_contents_entry_is_no_folio() {
    let entries = |c: u32| -> String {
        (1..=8)
            .map(|k| format!("{c}.{k} Section {c}.{k} of the chapter . . . . . . . {c}\n"))
            .collect()
    };
    let contents = format!(
        "i\n\nTable of Contents\nPreface . . . . . . . . . . 1\n\n1\n\n\
         Introduction . . . . . . . . . 1\n{}\n2\n\nSimple manipulations . . . . . 3\n{}",
        entries(1),
        entries(2)
    );
    let mut pages = vec![contents.trim_end().to_string()];
    for n in 1..=5u32 {
        pages.push(format!(
            "Chapter 1: Introduction\n\n{n}\n\n{}",
            body(n as usize)
        ));
    }
    let text = pages.join("\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    // The furniture's own cuts (a page this much longer than the others also gets candidate
    // cuts by its length).
    let starts: Vec<usize> = cuts
        .cuts
        .iter()
        .filter(|c| c.1 >= 1.0)
        .map(|c| c.0)
        .collect();
    let chapter_two = text.find("\n\n2\n\nSimple").unwrap() + 2;
    let chapter_one = text.find("\n\n1\n\nIntroduction").unwrap() + 2;
    assert!(!starts.contains(&chapter_two), "{starts:?}");
    assert!(!starts.contains(&chapter_one), "{starts:?}");
    assert!(
        starts.contains(&text.find("Chapter 1").unwrap()),
        "{starts:?}"
    );
}

/// Pages joined by three blank lines where the converter sets one inside its pages: a title
/// page without furniture, standing between two pages, gets a candidate cut (learned: most
/// gaps of three lines stand at the furniture's cuts).
#[test]
fn a_gap_wider_than_inside_pages_is_a_candidate_cut() {
    let mut pages: Vec<String> = (0..5)
        .map(|i| format!("Decline and Fall\n\n{}\n\n{}", 10 + i, body(i)))
        .collect();
    pages.insert(
        2,
        "The History of the Decline\nChapter III\n\nEdward Gibbon".to_string(),
    );
    let text = pages.join("\n\n\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    let title = text.find("The History").unwrap();
    let at_title = cuts
        .cuts
        .iter()
        .find(|c| c.0 == title)
        .expect("a cut at the title page");
    assert!(at_title.1 >= 0.6 && at_title.1 < 1.0, "{at_title:?}");
    // Gaps of one blank line, as inside every page, stay uncut.
    let inside = text.find("\n\n11\n\n").unwrap() + 6;
    assert!(cuts.cuts.iter().all(|c| c.0 != inside));
}

/// A converter that sets three blank lines after each table inside its pages, its pages
/// joined by three blank lines too: the gap after a table is the converter's own (learned:
/// the gaps after tables away from the furniture's cuts all take one width), so no cut is put
/// there, while the title page without furniture still gets its candidate cut.
#[test]
fn a_converters_own_gap_after_a_table_is_no_page_edge() {
    let mut pages: Vec<String> = (0..8)
        .map(|i| {
            let table = if i % 2 == 1 && i < 7 {
                format!("\n\n| key {i} | value |\n|---|---|\n| row {i} | cell |\n\n\n\nAfter table {i}, prose goes on.")
            } else {
                String::new()
            };
            format!("{}\n\nDecline and Fall\n\n{}{table}", 10 + i, body(i))
        })
        .collect();
    pages.insert(
        2,
        "The History of the Decline\nChapter III\n\nEdward Gibbon".to_string(),
    );
    let text = pages.join("\n\n\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    for (after, _) in text.match_indices("After table") {
        assert!(
            cuts.cuts.iter().all(|c| c.0 != after),
            "a cut after a table at {after}: {:?}",
            cuts.cuts
        );
    }
    let title = text.find("The History").unwrap();
    assert!(cuts.cuts.iter().any(|c| c.0 == title), "{:?}", cuts.cuts);
}

/// Numbers alone glued together, one kind, never falling, stand in a column (a listing's
/// line numbers); a folio glued to a chapter's number below it does not.
#[test]
fn numbers_glued_in_a_column_are_found() {
    let lines: Vec<String> = [
        "1", "2", "3", "", "body", "iii", "4", "", "12", "4", "", "7",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let column = numbers::number_columns(&lines);
    let expected = [
        true, true, true, false, false, false, false, false, false, false, false, false,
    ];
    assert_eq!(column, expected);
}

/// A number alone between lines that hold nothing but numbers (a figure's labels) is no
/// folio; the folios are.
#[test]
fn numbers_among_numbers_are_no_folios() {
    let mut lines: Vec<String> = Vec::new();
    for n in 1..=8 {
        lines.extend(["Some words of the page.".to_string(), String::new()]);
        lines.extend([n.to_string(), String::new()]);
    }
    // A figure's labels: numbers with nothing but numbers around them.
    let label = lines.len() + 4;
    lines.extend(["Text.", "", "(2)", "", "5", "", "-60", "", "Text."].map(String::from));
    let blocks = {
        let text = lines.join("\n");
        let l = lines_of(&text);
        blocks_of(&l)
    };
    let numbers = numbers::LoneNumbers::learn(&blocks, &lines, vec![None; lines.len()]);
    assert!(numbers.no_folio(label), "{}", lines[label]);
    let folio = lines.iter().position(|l| l == "5").unwrap();
    assert!(!numbers.no_folio(folio));
}

/// A page of prose, in six paragraphs set apart by one blank line (nothing in it recurs).
fn paragraphs(n: usize) -> String {
    (0..6)
        .map(|k| body(n * 6 + k))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A listing's line numbers, each alone on its line, are no folios: pages cut by their
/// numbers at the foot are not cut inside the listing.
#[test]
fn a_listings_line_numbers_are_no_folios() {
    let pages: Vec<String> = (0..6)
        .map(|i| {
            let mut p: Vec<String> = (0..6).map(|k| body(i * 6 + k)).collect();
            if i == 2 {
                p.insert(3, "20\n21".to_string());
            }
            format!("{}\n\n{}", p.join("\n\n"), 2 + i)
        })
        .collect();
    let text = pages.join("\n\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    let starts = cut_starts(&cuts);
    let expected = later_page_starts(&text, &pages);
    assert_eq!(starts, expected);
}

/// One gap width inside the pages (one blank line), a wider one between them: the number
/// alone at each page's foot has its wider gap after it, so it closes its page, though
/// neither glue nor the input's ends say so.
#[test]
fn the_wider_gap_beside_a_number_is_its_page_edge() {
    let mut pages: Vec<String> = (0..6)
        .map(|i| format!("{}.\n\n{}", paragraphs(i), 3 + i))
        .collect();
    pages.push(format!("{}.", paragraphs(6)));
    let text = pages.join("\n\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    let sure: Vec<usize> = cuts
        .cuts
        .iter()
        .filter(|c| c.1 >= 1.0)
        .map(|c| c.0)
        .collect();
    // Every page after the first is cut where it begins (the first page's foot, shorter, is
    // a candidate), and no cut stands before a number.
    for p in &pages[2..] {
        assert!(sure.contains(&text.find(p.as_str()).unwrap()), "{sure:?}");
    }
    assert!(cuts
        .cuts
        .iter()
        .all(|c| !text[c.0..].starts_with(|ch: char| ch.is_ascii_digit())));
}

/// Each page opens with a head that never recurs (a section's name) and a caption, read
/// before its number: the number's cut moves back to the wider gap where the page begins, as
/// the converter sets one blank line inside its pages.
#[test]
fn a_cut_moves_back_to_the_wider_gap_before_a_scrap() {
    let names = ["ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA"];
    let pages: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                "SECTION {name}\n\nTable {i}:\n\n{}\n\n{}",
                40 + i,
                paragraphs(i)
            )
        })
        .collect();
    let text = pages.join("\n\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    let starts = cut_starts(&cuts);
    for n in &names[1..] {
        let at = text.find(&format!("SECTION {n}")).unwrap();
        assert!(starts.contains(&at), "{n}: {starts:?}");
    }
    // No cut after the first page stands before a caption or a number (the first page's own
    // number, the input's first furniture, is not moved: no gap lies before the page).
    assert!(starts
        .iter()
        .filter(|&&c| c > pages[0].len())
        .all(|&c| !text[c..].starts_with("Table")
            && !text[c..].starts_with(|ch: char| ch.is_ascii_digit())));
    // Gaps of many widths inside the pages (as `pdftotext -layout` sets them): nothing moves.
    let varied: Vec<String> = pages
        .iter()
        .map(|p| p.replacen("\n\n", "\n\n\n", 1))
        .collect();
    let text = varied.join("\n\n\n");
    let cuts = find_pages(&text, false).expect("furniture found");
    assert!(cuts
        .cuts
        .iter()
        .all(|c| c.1 < 1.0 || !text[c.0..].starts_with("SECTION")));
}

/// A contents entry's page number set on its own line after the entry's dot leaders (as
/// `pdftotext` without `-layout` writes a contents page) is no folio: the contents page is
/// not cut at it.
#[test]
fn a_number_under_dot_leaders_is_no_folio() {
    let mut pages: Vec<String> = (0..6)
        .map(|i| format!("{}\n\n{}", paragraphs(i), 2 + i))
        .collect();
    let entries: Vec<String> = (0..8)
        .map(|k| format!("Section {} . . . . . . . . . .\n\n{}", body(k), 9 + k))
        .collect();
    pages.insert(1, format!("{}\n\n3", entries.join("\n\n")));
    let text = pages.join("\n\n\n");
    let cuts = find_pages(&text, true).expect("furniture found");
    let contents = text.find("Section").unwrap();
    let next = text.find(pages[2].as_str()).unwrap();
    assert!(
        cuts.cuts.iter().all(|c| c.0 <= contents || c.0 >= next),
        "{:?}",
        cuts.cuts
    );
}

/// `pdftotext -layout` pages with their numbers centred at the foot, the input opening with
/// a page that is nothing but its number (set flush left, its page holding no other text):
/// that page says nothing of the side, the input's end shows numbers close their pages, and
/// the lone page is cut off on both sides.
#[test]
fn a_page_that_is_only_its_number_gives_no_side() {
    let mut pages = vec!["4".to_string()];
    pages.extend((0..6).map(|i| format!("{}.\n\n\n                    {}", body(i), 7 + i)));
    assert_cut_at_pages(&pages, false, false);
}

/// `pdftotext -layout` pages with the folio at the foot, flush left on a good share of them
/// (a verso's folio at the left margin, where no text stands further left) and indented on
/// the rest: those are folios at the margin, not pages that are nothing but their number,
/// and every page is cut after its foot number.
#[test]
fn folios_at_a_versos_left_margin_are_no_pages_alone() {
    let pages: Vec<String> = (0..10)
        .map(|i| {
            let pad = if i % 3 == 0 {
                ""
            } else {
                "                    "
            };
            format!("{}.\n\n\n{pad}{}", body(i), 7 + i)
        })
        .collect();
    assert_cut_at_pages(&pages, false, false);
}

mod margins;
