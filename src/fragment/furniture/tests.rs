//! Unit tests of the furniture finder on small documents built like converter output.

use super::*;

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
    let starts: Vec<usize> = cuts.cuts.iter().map(|c| c.0).collect();
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
    let starts: Vec<usize> = cuts.cuts.iter().map(|c| c.0).collect();
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
    let starts: Vec<usize> = cuts.cuts.iter().map(|c| c.0).collect();
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
    let starts: Vec<usize> = cuts.cuts.iter().map(|c| c.0).collect();
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
    let starts: Vec<usize> = cuts.cuts.iter().map(|c| c.0).collect();
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
