//! What each page says about the document it belongs to (`PageFacts`): whether it is running
//! text, its printed number, its running head, the notes it numbers, the words of its title or
//! first line and the section range a title claims. Read once per input for the tests of
//! [`super::documents`] and the exchanges of [`super::exchange`].

use crate::fragment::{Fragment, Kind};
use regex::Regex;
use std::sync::LazyLock;

/// What a fragment brings to the test: whether it is running text with text in it, its
/// printed page number (arabic) and its running head.
#[derive(Debug, Clone)]
pub struct PageFacts {
    /// Running text (not front matter, contents or back matter) with text in it, on a page
    /// not numbered in roman.
    pub body: bool,
    /// Printed page number, arabic.
    pub number: Option<u32>,
    /// Running head.
    pub head: Option<String>,
    /// Numbered headings (markdown level, number), outside contents pages.
    pub sections: Vec<(u8, Vec<u32>)>,
    /// On a contents page: the numbers of the entries it lists (`XXI. Other Defects` → 21).
    pub listed: Vec<Vec<u32>>,
    /// Lowest and highest footnote number: of its references in the running text, or of its
    /// notes where it has no references.
    pub notes: Option<(u32, u32)>,
    /// On front matter: the range of section numbers its title names (`Nos. XXI–XXX` →
    /// 21–30), the sections the document it opens holds.
    pub claims: Option<(u32, u32)>,
    /// The words that name the page: on front matter every word of its text (its title), on
    /// any other page the words of its headings and of its first line, where a chapter's
    /// first page names the chapter (see [`super::exchange::match_openings`]).
    pub top: Vec<String>,
}

/// The distinct words (runs of letters and digits) of `text`, sorted.
pub fn words(text: &str) -> Vec<String> {
    let mut w: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    w.sort_unstable();
    w.dedup();
    w
}

/// A title naming a range of numbered sections: a word for sections, then two numbers, roman
/// or arabic, joined by a dash or `to` (`Nos. XXI–XXX`, `Chapters 1-4`). The word is required:
/// a title page's bare range is most often years (`1787–1788`).
static TITLE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:nos?|numbers|chapters?|ch|sections?|parts?|books?|essays?|articles?)\.?\s+([IVXLCDM]+|[0-9]+)\s*(?:[-–—]|to)\s*([IVXLCDM]+|[0-9]+)\b",
    )
    .unwrap()
});

/// The range of section numbers a title names (see [`TITLE_RANGE`]): both numbers of one kind,
/// the first below the second.
pub fn title_range(title: &str) -> Option<(u32, u32)> {
    let c = TITLE_RANGE.captures(title)?;
    let num = |s: &str| {
        s.parse::<u32>()
            .ok()
            .map(|n| (n, false))
            .or_else(|| crate::fragment::text::roman(s).map(|n| (n, true)))
    };
    let (a, ra) = num(&c[1])?;
    let (b, rb) = num(&c[2])?;
    (ra == rb && a < b).then_some((a, b))
}

/// Facts of each fragment (`texts`: each fragment's whole text).
pub fn facts(frags: &[Fragment], texts: &[&str]) -> Vec<PageFacts> {
    frags
        .iter()
        .zip(texts)
        .map(|(f, text)| (f, text, !text.trim().is_empty()))
        .map(|(f, text, t)| PageFacts {
            // A page numbered in roman is front matter whatever its text reads as (a contents
            // page whose dotted leaders a converter turned into table cells reads as running
            // text: pymupdf4llm's rdoc-r-exts, flavours train, split off as a document of its
            // own with its title page).
            body: t && f.kind == Kind::Body && !(f.page_number.is_some() && f.page_roman),
            number: f.page_number.filter(|_| !f.page_roman),
            head: f.running_head.clone(),
            sections: if f.kind == Kind::Contents {
                Vec::new()
            } else {
                f.headings
                    .iter()
                    .filter(|h| h.level > 0)
                    .filter_map(|h| Some((h.level, h.number.clone()?)))
                    .collect()
            },
            listed: f
                .contents
                .iter()
                .filter_map(|e| crate::fragment::text::heading_number(&e.title))
                .collect(),
            notes: {
                let n = if f.refs.is_empty() { &f.notes } else { &f.refs };
                n.iter().min().zip(n.iter().max()).map(|(&a, &b)| (a, b))
            },
            // The title: a heading of the front matter, or its first lines where none was read.
            claims: (f.kind == Kind::Front)
                .then(|| {
                    f.headings
                        .iter()
                        .map(|h| h.text.as_str())
                        .chain(f.body.lines().filter(|l| !l.trim().is_empty()).take(3))
                        .find_map(title_range)
                })
                .flatten(),
            top: if !t {
                Vec::new()
            } else if f.kind == Kind::Front {
                words(text)
            } else {
                let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                let heads = f.headings.iter().map(|h| h.text.as_str());
                words(
                    &std::iter::once(first)
                        .chain(heads)
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_the_sections_its_document_holds() {
        assert_eq!(
            title_range("The Federalist Papers, Nos. XXI–XXX"),
            Some((21, 30))
        );
        assert_eq!(title_range("Mutual Aid, chapters 1-4"), Some((1, 4)));
        assert_eq!(title_range("Letters 1787–1788"), None);
        assert_eq!(title_range("Nos. 30–XL"), None);
        assert_eq!(title_range("Parts 4 to 2"), None);
    }
}
