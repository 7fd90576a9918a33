//! Which edge of its pages a document prints its folios on, learned from the pages its
//! furniture found: where nearly every page ends with a number alone on its line, that foot
//! number is the page's folio, and a number alone at a page's top is a section number
//! (`pdftotext` without `-layout` sets `7` over `Supported packages`), which the page reader
//! would otherwise take for the folio.

use super::layout::number_value;
use super::lines::LONE_FOLIO;
use super::Fragment;

/// Share of the pages that must end with a number alone for the document's folios to be taken
/// as printed at the foot. Chosen by hand, not fitted: chapter openings, pages whose folio the
/// converter set elsewhere and pieces of pages cut at candidates leave some pages without one.
const FOOT_SHARE: f64 = 0.6;
/// Pages ending with a number alone must outnumber those opening with one this many times.
/// Chosen by hand, not fitted: a document with folios at both edges is left to the reader.
const FOOT_OVER_TOP: usize = 3;
/// Share of the foot numbers that must be distinct: each folio is printed once (a listing's
/// line count or a table's total that ends every page repeats). Chosen by hand, not fitted.
const FOOT_DISTINCT: f64 = 0.8;
/// A last line of at most this many chars that is no number is a scrap the converter set after
/// the folio (a stray accent `E`, a comma of a formula): the folio is the line above it.
/// Chosen by hand, not fitted (seen in `pdftotext` raw output of tl-caption, held out).
const SCRAP_CHARS: usize = 2;
/// A folio above `FOLIO_PER_PAGE × pages + FOLIO_SLACK` is a count, not a folio (the layout
/// reader's bound). Chosen by hand, not fitted.
const FOLIO_PER_PAGE: u32 = 2;
/// See [`FOLIO_PER_PAGE`].
const FOLIO_SLACK: u32 = 20;

/// A number alone on a line: its value, and whether it is roman.
type Lone = Option<(u32, bool)>;

/// A line's number alone, markup stripped.
fn lone_number(line: &str) -> Lone {
    let clean: String = line
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '#' | '`'))
        .collect();
    LONE_FOLIO
        .captures(&clean)
        .and_then(|c| number_value(&c[1]))
}

/// The number alone opening a page's text, and the one closing it (above a scrap).
fn edge_numbers(page: &str) -> (Lone, Lone) {
    let lines: Vec<&str> = page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let top = lines.first().and_then(|l| lone_number(l));
    let foot = match lines[..] {
        [.., above, last] => lone_number(last).or_else(|| {
            (last.chars().count() <= SCRAP_CHARS)
                .then(|| lone_number(above))
                .flatten()
        }),
        [last] => lone_number(last),
        [] => None,
    };
    (top, foot)
}

/// Where the document prints its folios at the foot of nearly every page, give each page the
/// number alone at its foot, and take from a page without one the number its reader took
/// elsewhere (a section number alone at its top, a figure's label): such a page is a chapter
/// opening, a title page or a piece of a page. Pages are `frags`, cut from `text`.
pub(super) fn number_by_foot(text: &str, frags: &mut [Fragment]) {
    let edges: Vec<_> = frags
        .iter()
        .map(|f| edge_numbers(f.content.of(text)))
        .collect();
    let plausible = FOLIO_PER_PAGE * frags.len() as u32 + FOLIO_SLACK;
    let feet: Vec<(u32, bool)> = edges
        .iter()
        .filter_map(|e| e.1)
        .filter(|v| v.0 <= plausible)
        .collect();
    let tops = edges.iter().filter(|e| e.0.is_some()).count();
    let mut distinct = feet.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let at_foot = !feet.is_empty()
        && feet.len() as f64 >= FOOT_SHARE * frags.len() as f64
        && feet.len() >= FOOT_OVER_TOP * tops
        && distinct.len() as f64 >= FOOT_DISTINCT * feet.len() as f64;
    if !at_foot {
        return;
    }
    for (f, (_, foot)) in frags.iter_mut().zip(edges) {
        match foot.filter(|v| v.0 <= plausible) {
            Some((v, r)) => {
                f.page_number = Some(v);
                f.page_roman = r;
            }
            None => {
                f.page_number = None;
                f.page_roman = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Span;

    /// Pages of `text` cut at the given offsets, each carrying the number the reader gave.
    fn pages(text: &str, bounds: &[usize], read: &[Option<u32>]) -> Vec<Fragment> {
        bounds
            .windows(2)
            .zip(read)
            .map(|(w, &n)| {
                let s = Span::new(w[0], w[1]);
                let t = s.of(text);
                let lead = t.len() - t.trim_start().len();
                let c = Span::new(w[0] + lead, w[0] + t.trim_end().len());
                let mut f = Fragment::empty(s, c);
                f.page_number = n;
                f
            })
            .collect()
    }

    /// Thirteen pages as `pdftotext` (default mode) writes tl-caption's: the folio alone at
    /// each foot, a section number alone at the top of three, a piece of a page cut below a
    /// figure's label.
    fn caption() -> (String, Vec<usize>) {
        let mut pages: Vec<String> = (26..=33)
            .map(|n| format!("The text of page {n} runs on here.\n\n{n}\n\n"))
            .collect();
        pages.push("7\n\nSupported packages\n\nThe caption package was adapted.\n\n34\n\n".into());
        pages.push("5\n\nNew feature\nv3.1\n\nSupport for KOMA-Script.\n\n35\n\nE\n\n".into());
        pages.push("4\n\nOwn enhancements\n\nA family of commands is provided.\n\n".into());
        pages.push("Example 3\nThe caption text should look like this:\nFigure 38\n\n".into());
        pages.push("The last page of the text.\n\n37\n\n".into());
        let mut text = String::new();
        let mut bounds = vec![0];
        for p in pages {
            text.push_str(&p);
            bounds.push(text.len());
        }
        (text, bounds)
    }

    #[test]
    fn a_section_number_at_the_top_gives_way_to_the_foot_folio() {
        let (text, bounds) = caption();
        let mut read: Vec<Option<u32>> = (26..=33).map(Some).collect();
        read.extend([Some(7), Some(5), Some(4), Some(38), Some(37)]);
        let mut frags = pages(&text, &bounds, &read);
        number_by_foot(&text, &mut frags);
        let got: Vec<Option<u32>> = frags[8..].iter().map(|f| f.page_number).collect();
        // The scrap `E` after the folio is passed over; the pages that show no foot number
        // lose the section number and the figure's number their reader took.
        assert_eq!(got, vec![Some(34), Some(35), None, None, Some(37)]);
    }

    #[test]
    fn folios_at_both_edges_are_left_to_the_reader() {
        let text = "1\n\nIntroduction text here.\n\n2\n\n3\n\nMore text.\n\n4\n\n";
        let mid = text.find("3\n\nMore").unwrap();
        let mut frags = pages(text, &[0, mid, text.len()], &[Some(1), Some(3)]);
        number_by_foot(text, &mut frags);
        let got: Vec<Option<u32>> = frags.iter().map(|f| f.page_number).collect();
        assert_eq!(got, vec![Some(1), Some(3)]);
    }

    #[test]
    fn a_number_repeated_at_every_foot_is_no_folio() {
        let text = "Listing one.\n\n10\n\nListing two.\n\n10\n\nListing three.\n\n10\n\n";
        let b: Vec<usize> = vec![0, 14 + 4, 32 + 4, text.len()];
        let mut frags = pages(text, &b, &[None, None, None]);
        number_by_foot(text, &mut frags);
        assert!(frags.iter().all(|f| f.page_number.is_none()));
    }
}
