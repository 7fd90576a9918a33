//! How one line reads as page furniture: its text with markup stripped, the page number it
//! carries (alone, or at either end of a running head, or on a line of its own beside it) and
//! a head's shape without its numbers.

use super::super::layout::{number_value, unpipe};
use super::super::lines::{shape, LONE_FOLIO};

/// How far (in lines, blank ones included) a head's number set on its own line may stand.
/// Chosen by hand, not fitted: converters set one or two blank lines between.
pub(super) const NEIGHBOUR_LINES: usize = 3;

/// The text of a line as furniture is judged: markup (emphasis, headings, table pipes,
/// `<br>`) stripped, spaces collapsed.
pub(super) fn clean(line: &str) -> String {
    let un = unpipe(line.trim_end_matches(['\r', '\u{c}']));
    un.replace("<br>", " ")
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '#' | '`'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page number a furniture line carries (as [`folio`]), with whether it is roman.
pub(super) fn folio_value(clean: &str) -> Option<(u32, bool)> {
    let of = |tok: &str| number_value(tok).filter(|&(v, _)| v < 10_000);
    if let Some(c) = LONE_FOLIO.captures(clean) {
        return of(&c[1]);
    }
    let first = clean.split(' ').next()?;
    let last = clean.rsplit(' ').next()?;
    of(first).or_else(|| of(last))
}

/// The number a line carries at its start or end (a folio beside a head), if any.
pub(super) fn edge_number(clean: &str) -> Option<u32> {
    let mut words = clean.split(' ');
    let first = words.next()?;
    let last = clean.rsplit(' ').next()?;
    [first, last].into_iter().find_map(number)
}

/// A page number token (the layout reader's), below 10,000.
pub(super) fn number(tok: &str) -> Option<u32> {
    number_value(tok).map(|(v, _)| v).filter(|&v| v < 10_000)
}

/// The page number a furniture line carries: alone, or at either end of a head.
pub(super) fn folio(clean: &str) -> Option<u32> {
    LONE_FOLIO
        .captures(clean)
        .and_then(|m| number(&m[1]))
        .or_else(|| edge_number(clean))
}

/// The number alone on the nearest non-blank line above or below line `i` (a head's folio
/// set on a line of its own), within [`NEIGHBOUR_LINES`].
pub(super) fn neighbour_folio(cleaned: &[String], i: usize) -> Option<u32> {
    let lone = |j: usize| LONE_FOLIO.captures(&cleaned[j]).and_then(|c| number(&c[1]));
    let after =
        (i + 1..cleaned.len().min(i + 1 + NEIGHBOUR_LINES)).find(|&j| !cleaned[j].is_empty());
    let before = (i.saturating_sub(NEIGHBOUR_LINES)..i)
        .rev()
        .find(|&j| !cleaned[j].is_empty());
    after.and_then(lone).or_else(|| before.and_then(lone))
}

/// A head's shape: its text without numbers (neither the folio nor a section number).
pub(super) fn head_shape(clean: &str) -> String {
    let s = shape(clean);
    s.split(' ')
        .filter(|w| number(w.trim_end_matches(['.', ':'])).is_none())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The family of a running head that names its part by a number (`Chapter 3: Importing` and
/// `Chapter 4: Databases` are both `Chapter #:`): the words before its first arabic number, which
/// hold three letters at least, and the mark right after the number.
pub(super) fn family(clean: &str) -> Option<String> {
    let words: Vec<&str> = clean.split(' ').collect();
    let j = words
        .iter()
        .position(|w| w.trim_end_matches(['.', ':', ',']).parse::<u16>().is_ok())?;
    let before = words[..j].join(" ");
    if before.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let mark: String = words[j].chars().filter(|c| !c.is_alphanumeric()).collect();
    Some(format!("{before} #{mark}"))
}
