//! Small text helpers shared by the parsers: markup stripping, words, how a stretch of text
//! opens and closes, note numbers, heading numbers and roman numerals.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// How a fragment's running text begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Open {
    /// Lowercase or punctuation: the rest of a sentence begun elsewhere.
    Continuation,
    /// A capital letter: a new sentence, or a proper noun mid-sentence.
    Fresh,
    /// A heading.
    Heading,
    /// Digits, list marks, symbols: no clear evidence.
    Other,
    /// No running text.
    Empty,
}

/// How a fragment's running text ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Close {
    /// A word cut by a hyphen at the line end.
    Hyphen,
    /// No sentence-final punctuation: the sentence goes on elsewhere.
    Mid,
    /// A colon: a list or quotation probably follows.
    Colon,
    /// Sentence-final punctuation.
    Sentence,
    /// A heading (a page rarely ends on one).
    Heading,
    /// No running text.
    Empty,
}

static SUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<sup>\s*([0-9]{1,4})\s*</sup>").unwrap());
static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[a-zA-Z][^>]{0,40}>").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());

static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-zA-Z.,;:’”)\]](\d{1,3})(?:\s|$)").unwrap());

/// Footnote reference numbers glued to the text (`Crassus.1`, `regions2 `), in text order.
pub fn glued_numbers(s: &str) -> Vec<u32> {
    GLUED
        .captures_iter(s)
        .filter_map(|c| c[1].parse().ok())
        .collect()
}

/// `line` with the digits of glued footnote references removed.
pub fn strip_glued(line: &str) -> String {
    GLUED
        .replace_all(line, |c: &regex::Captures| {
            let all = c.get(0).unwrap();
            let digits = c.get(1).unwrap();
            let rel = digits.start() - all.start();
            let m = all.as_str();
            format!("{}{}", &m[..rel], &m[rel + digits.len()..])
        })
        .into_owned()
}

/// Footnote reference numbers written as `<sup>N</sup>`, in text order.
pub fn sup_numbers(s: &str) -> Vec<u32> {
    SUP.captures_iter(s)
        .filter_map(|c| c[1].parse().ok())
        .collect()
}

/// Text with markdown and HTML markup removed (emphasis, tags, links, heading marks);
/// `<sup>N</sup>` references are dropped entirely.
pub fn strip_markup(s: &str) -> String {
    let s = SUP.replace_all(s, "");
    let s = TAGS.replace_all(&s, "");
    let s = LINK.replace_all(&s, "$1");
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let t = line.trim_start_matches(['#', '>', ' ']);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t.trim_end());
    }
    out.replace(['*', '_'], "").replace("\\", "")
}

/// Characters that may wrap a word without being part of it.
fn is_wrapper(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '('
            | ')'
            | '['
            | ']'
            | '*'
            | '_'
            | '«'
            | '»'
            | '„'
            | '¿'
            | '¡'
            | '`'
    )
}

/// Classify how running text opens, from its first characters.
pub fn classify_open(text: &str) -> Open {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || is_wrapper(c));
    let Some(c) = t.chars().next() else {
        return Open::Empty;
    };
    // A web address or file name is no sentence fragment.
    let first_token = t.split_whitespace().next().unwrap_or("");
    if first_token.starts_with("http")
        || first_token.starts_with("www.")
        || WEB_NAME.is_match(first_token)
    {
        return Open::Other;
    }
    if c.is_lowercase() {
        Open::Continuation
    } else if c.is_uppercase() {
        Open::Fresh
    } else if matches!(c, ',' | ';' | ':' | '.' | '—' | '–' | '-' | '…' | '?' | '!') {
        Open::Continuation
    } else if c.is_alphabetic() {
        // Scripts without case: no evidence either way.
        Open::Other
    } else {
        Open::Other
    }
}

static WEB_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,4}(?:/\S*)?[\])]?$").unwrap());
static TRAILING_REF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([^\d\s])\d{1,3}$").unwrap());

/// Classify how running text closes, and the word stem before a trailing hyphen.
/// `glued_refs`: digits glued to the last word are a note reference (layout text).
pub fn classify_close(text: &str, glued_refs: bool) -> (Close, Option<String>) {
    let mut t = text.trim_end().to_string();
    if glued_refs {
        if let Some(c) = TRAILING_REF.captures(&t) {
            let keep = c.get(1).unwrap().end();
            t.truncate(keep);
        }
    }
    let trimmed = t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    // A closing bracket: a citation or aside. The text before it decides; a citation with
    // numbers in it (`[Op. Cit., p. 40]`) closes its paragraph.
    if let Some(close) = trimmed.chars().last().filter(|c| matches!(c, ']' | ')')) {
        let open = if close == ']' { '[' } else { '(' };
        if let Some(pos) = trimmed.rfind(open) {
            let inside = &trimmed[pos..];
            let before =
                trimmed[..pos].trim_end_matches(|c: char| c.is_whitespace() || is_wrapper(c));
            if before.ends_with(['.', '!', '?', '…'])
                || (inside.chars().any(|c| c.is_ascii_digit()) && !before.ends_with([',', ';']))
            {
                return (Close::Sentence, None);
            }
        }
    }
    let t = t.trim_end_matches(|c: char| c.is_whitespace() || is_wrapper(c));
    // "as follows:—" introduces what comes next just as a bare colon does.
    if t.trim_end_matches(['—', '–', '-', ' ']).ends_with(':') {
        return (Close::Colon, None);
    }
    let Some(last) = t.chars().last() else {
        return (Close::Empty, None);
    };
    match last {
        '-' | '\u{00AD}' | '‐' => {
            let stem = trailing_letters(&t[..t.len() - last.len_utf8()]).to_string();
            if stem.is_empty() {
                (Close::Mid, None)
            } else {
                (Close::Hyphen, Some(stem))
            }
        }
        '.' | '!' | '?' | '…' => (Close::Sentence, None),
        ':' => (Close::Colon, None),
        _ => (Close::Mid, None),
    }
}

/// The letters at the very end of `s` (the part of a word before a line-end hyphen).
pub fn trailing_letters(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

/// Words (letters and inner apostrophes/hyphens), original case.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(|c: char| c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty() && w.chars().any(|c| c.is_alphabetic()))
}

/// The first `n` words of `text`.
pub fn first_words(text: &str, n: usize) -> Vec<String> {
    words(text).take(n).map(str::to_string).collect()
}

/// The last `n` words of `text`, in text order.
pub fn last_words(text: &str, n: usize) -> Vec<String> {
    let all: Vec<&str> = words(text).collect();
    all[all.len().saturating_sub(n)..]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Longest string read as a roman numeral (longer ones are words).
/// Chosen by hand (founding commit 68a0589), not fitted.
const MAX_ROMAN_LEN: usize = 12;

/// Value of a roman numeral (I to MMMM), or `None`.
pub fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > MAX_ROMAN_LEN {
        return None;
    }
    let upper = s.to_ascii_uppercase();
    let val = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Option<Vec<u32>> = upper.chars().map(val).collect();
    let digits = digits?;
    let mut total = 0i64;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&n| n > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    (total > 0).then_some(total as u32)
}

static HEAD_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:chapter|section|part|book|essay|no\.?|number|article)\s+)?((?:[A-Z]\.)?(?:\d+\.)*\d+|[IVXLCDM]+)\b[.:)]?(?:\s|$)").unwrap()
});

/// The number a heading carries (`II.`, `Chapter 3`, `A.1.2`, `4.1`), as comparable parts.
pub fn heading_number(text: &str) -> Option<Vec<u32>> {
    let t = strip_markup(text);
    let t = t.trim();
    let c = HEAD_NUM.captures(t)?;
    let token = c.get(1)?.as_str();
    if let Some(v) = roman(token) {
        // A lone capital "I" or "A"-like word is not a number unless followed by a dot.
        if token.len() == 1 && !t[token.len()..].starts_with(['.', ':', ')']) {
            return None;
        }
        return Some(vec![v]);
    }
    let mut parts = Vec::new();
    for p in token.split('.') {
        if p.is_empty() {
            continue;
        }
        if let Ok(n) = p.parse::<u32>() {
            parts.push(n);
        } else if p.len() == 1 {
            let c = p.chars().next()?.to_ascii_uppercase();
            parts.push(c as u32 - 'A' as u32 + 1);
        } else {
            return None;
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// Lowercase a title for fuzzy comparison: letters and digits only, single spaces.
pub fn normalise_title(s: &str) -> String {
    let s = strip_markup(s);
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

/// Marks left open at the end of a stretch of text, or closed at its start without having been
/// opened: emphasis, double quotes, parentheses, square brackets. Bit flags of [`MARK_EMPHASIS`] and friends.
pub type Marks = u8;
/// Emphasis (`*…*`, `_…_`) running across the cut.
pub const MARK_EMPHASIS: Marks = 1;
/// A double quotation running across the cut.
pub const MARK_QUOTE: Marks = 2;
/// A parenthesis running across the cut.
pub const MARK_PAREN: Marks = 4;
/// A square bracket (a citation, an editorial insertion) running across the cut.
pub const MARK_BRACKET: Marks = 8;

/// What `raw` (one paragraph, markup included) leaves open at its end.
pub fn open_marks(raw: &str) -> Marks {
    let t = raw.trim_end();
    let mut m = 0;
    // Converters close emphasis at the page edge and reopen it on the next page.
    if t.ends_with('*') && !t.ends_with("**") || t.ends_with("_") {
        m |= MARK_EMPHASIS;
    }
    let opens = t.matches('“').count() as i64;
    let closes = t.matches('”').count() as i64;
    if opens > closes {
        m |= MARK_QUOTE;
    }
    let po = t.matches('(').count() as i64;
    let pc = t.matches(')').count() as i64;
    if po > pc {
        m |= MARK_PAREN;
    }
    if t.matches('[').count() > t.matches(']').count() {
        m |= MARK_BRACKET;
    }
    m
}

/// What `raw` (one paragraph) closes without having opened, at its start.
pub fn closed_marks(raw: &str) -> Marks {
    let t = raw.trim_start();
    let mut m = 0;
    if (t.starts_with('*') && !t.starts_with("**")) || t.starts_with('_') {
        m |= MARK_EMPHASIS;
    }
    // The first quotation mark is a closing one.
    if let Some(c) = t.chars().find(|&c| c == '“' || c == '”') {
        if c == '”' {
            m |= MARK_QUOTE;
        }
    }
    if let Some(c) = t.chars().find(|&c| c == '(' || c == ')') {
        if c == ')' {
            m |= MARK_PAREN;
        }
    }
    if t.chars().find(|&c| c == '[' || c == ']') == Some(']') {
        m |= MARK_BRACKET;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_bracket_left_open_is_closed_on_the_next_page() {
        let end = "as he wrote in “Industrial Wars.” [The Twentieth Century, September 6,";
        let start = "1894, pp. 11-12] The question now is whether [t]his holds.";
        assert_eq!(open_marks(end), MARK_BRACKET);
        assert_eq!(closed_marks(start), MARK_BRACKET);
        // Balanced or editorial brackets run across nothing.
        assert_eq!(open_marks(start), 0);
        assert_eq!(closed_marks("[t]here is no device [p. 4]"), 0);
    }

    #[test]
    fn opens() {
        assert_eq!(classify_open("mented anarchism"), Open::Continuation);
        assert_eq!(classify_open("*and logical*"), Open::Continuation);
        assert_eq!(classify_open("“The people"), Open::Fresh);
        assert_eq!(classify_open(", and so"), Open::Continuation);
        assert_eq!(classify_open("   "), Open::Empty);
        assert_eq!(classify_open("theanarchistlibrary.org"), Open::Other);
        assert_eq!(classify_open("e.g. the rest"), Open::Continuation);
    }

    #[test]
    fn closes() {
        assert_eq!(
            classify_close("was ce-", false),
            (Close::Hyphen, Some("ce".into()))
        );
        assert_eq!(classify_close("the end.”*", false).0, Close::Sentence);
        assert_eq!(classify_close("the traditions", false).0, Close::Mid);
        assert_eq!(classify_close("as follows:", false).0, Close::Colon);
        assert_eq!(
            classify_close("in the following manner:—", false).0,
            Close::Colon
        );
        assert_eq!(classify_close("of Crassus.1", true).0, Close::Sentence);
        assert_eq!(classify_close("in the year 1776", true).0, Close::Mid);
        assert_eq!(classify_close("a pause —", false).0, Close::Mid);
        assert_eq!(
            classify_close("reality.”* [Paul Ormerod, Op. Cit., pp. 55-56]", false).0,
            Close::Sentence
        );
        assert_eq!(
            classify_close("as shown (in the [first] part)", false).0,
            Close::Mid
        );
    }

    #[test]
    fn markup_is_stripped() {
        assert_eq!(
            strip_markup("## A *bold*<sup>12</sup> [link](http://x)"),
            "A bold link"
        );
        assert_eq!(sup_numbers("a<sup>3</sup> b<sup>4</sup>"), vec![3, 4]);
    }

    #[test]
    fn heading_numbers() {
        assert_eq!(heading_number("## II. Concerning Dangers"), Some(vec![2]));
        assert_eq!(heading_number("Chapter XIV"), Some(vec![14]));
        assert_eq!(
            heading_number("A.1.2 What does it mean"),
            Some(vec![1, 1, 2])
        );
        assert_eq!(heading_number("3.4 Results"), Some(vec![3, 4]));
        assert_eq!(heading_number("Introduction"), None);
        assert_eq!(heading_number("I think so"), None);
    }

    #[test]
    fn romans() {
        assert_eq!(roman("xiv"), Some(14));
        assert_eq!(roman("MCMXC"), Some(1990));
        assert_eq!(roman("abc"), None);
    }
}
