//! Format detection: tell markdown-like converter output from layout text (pdftotext), so that
//! each document is parsed by its own conventions rather than by an assumption.

use serde::Serialize;

/// How page content is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavour {
    /// Paragraphs separated by blank lines, markdown markup (`#`, `<sup>`, `---`).
    Markdown,
    /// Hard-wrapped layout lines with running heads and page numbers (pdftotext -layout).
    Layout,
}

/// Guess the flavour from markup and line shape.
pub fn detect_flavour(text: &str) -> Flavour {
    let mut markup = 0usize;
    let mut lines = 0usize;
    let mut long_lines = 0usize;
    let mut blank = 0usize;
    for line in text.lines().take(20000) {
        lines += 1;
        let t = line.trim_start();
        if t.is_empty() {
            blank += 1;
            continue;
        }
        if t.starts_with("# ")
            || t.starts_with("## ")
            || t.starts_with("### ")
            || t.contains("<sup>")
            || t == "---"
            || t.starts_with("**")
        {
            markup += 1;
        }
        if line.chars().count() > 200 {
            long_lines += 1;
        }
    }
    if lines == 0 {
        return Flavour::Markdown;
    }
    // Markdown: markup present, or paragraphs one per (long) line separated by blank lines.
    if markup * 50 >= lines
        || long_lines * 5 >= lines.saturating_sub(blank)
        || (blank * 3 >= lines && markup > 0)
    {
        Flavour::Markdown
    } else {
        Flavour::Layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_with_markup() {
        let t = "# Title\n\nSome text<sup>1</sup> here.\n\n---\n\n<sup>1</sup> A note.\n";
        assert_eq!(detect_flavour(t), Flavour::Markdown);
    }

    #[test]
    fn layout_text() {
        let mut t = String::from("                 Chapter I   3\n\n");
        for _ in 0..40 {
            t.push_str("a line of hard wrapped text that goes on for some time and then\n");
        }
        assert_eq!(detect_flavour(&t), Flavour::Layout);
    }
}
