//! What a line looks like, shared by the markdown and the layout-text readers: the shape of a
//! running head (its text whatever its page number), and the patterns for page numbers,
//! running heads and contents lines, each defined once here so the two readers cannot drift.
//!
//! The two readers do not use quite the same patterns: layout text keeps roman folios, dashes
//! around a lone page number and indentation, while markdown converters keep only arabic
//! numbers and may set a contents line's page number after a tab or a run of spaces. Where
//! the patterns differ they stay two named patterns, built from the same number pattern.

use regex::Regex;
use std::sync::LazyLock;

/// A printed page number: arabic (up to four digits) or a lowercase roman numeral. Captured.
const FOLIO_NUMBER: &str = r"(\d{1,4}|[ivxlcdm]{1,7})";

/// Layout text: a page number, a space, then the running head (`2   Decline and Fall`).
pub(super) static HEAD_LEFT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*{FOLIO_NUMBER}(\s+)(\S.*?)\s*$")).unwrap());
/// Layout text: the running head, a space, then the page number (`Chapter I. The Extent   3`).
pub(super) static HEAD_RIGHT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*(\S.*?\S)(\s+){FOLIO_NUMBER}\s*$")).unwrap());
/// Layout text: a page number alone on its line, arabic or roman, maybe between dashes.
pub(super) static LONE_FOLIO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*[-–—]?\s*{FOLIO_NUMBER}\s*[-–—]?\s*$")).unwrap());
/// Layout text: a contents line, its title and page number joined by dot leaders.
pub(super) static DOTTED_CONTENTS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(.*?\S)\s*(?:\.\s?){{3,}}\s*{FOLIO_NUMBER}\s*$"
    ))
    .unwrap()
});

/// Markdown: an arabic number alone in its block (a page number the converter kept).
pub(super) static LONE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,4})\s*$").unwrap());
/// Markdown: a line that starts or ends with an arabic number (a running head with its folio).
pub(super) static NUMBERED_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,4})\s+\S.*$|^.*\S\s+(\d{1,4})\s*$").unwrap());
/// Markdown: a contents line, its title and page number joined by dot leaders, a tab or a
/// run of spaces.
pub(super) static CONTENTS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(.*?\S)\s*(?:(?:\.\s?){{3,}}|\t|\s{{3,}})\s*\.?\s*{FOLIO_NUMBER}\s*$"
    ))
    .unwrap()
});

/// Digits dropped and spaces collapsed: how a running head looks whatever its page number.
/// The markdown reader passes a block's text with markup already stripped; the layout
/// reader passes the raw line.
pub(super) fn shape(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_the_ones_the_readers_used() {
        // The patterns as each reader wrote them out before they were shared.
        assert_eq!(
            HEAD_LEFT.as_str(),
            r"^\s*(\d{1,4}|[ivxlcdm]{1,7})(\s+)(\S.*?)\s*$"
        );
        assert_eq!(
            HEAD_RIGHT.as_str(),
            r"^\s*(\S.*?\S)(\s+)(\d{1,4}|[ivxlcdm]{1,7})\s*$"
        );
        assert_eq!(
            LONE_FOLIO.as_str(),
            r"^\s*[-–—]?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?\s*$"
        );
        assert_eq!(
            DOTTED_CONTENTS_LINE.as_str(),
            r"^\s*(.*?\S)\s*(?:\.\s?){3,}\s*(\d{1,4}|[ivxlcdm]{1,7})\s*$"
        );
        assert_eq!(
            CONTENTS_LINE.as_str(),
            r"^(.*?\S)\s*(?:(?:\.\s?){3,}|\t|\s{3,})\s*\.?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*$"
        );
    }

    #[test]
    fn shape_ignores_the_page_number() {
        assert_eq!(shape("12   Decline and  Fall"), "Decline and Fall");
        assert_eq!(shape("Decline and Fall 13"), "Decline and Fall");
        assert_eq!(shape("  42 "), "");
    }
}
