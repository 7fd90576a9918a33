//! A cleaned reading text in markdown, for PDF input with `--format md`: the restored pages'
//! layout lines joined back into paragraphs (a short line ending a sentence ends its
//! paragraph; a line-end hyphen is dropped where TeX hyphenation allows a break there). This
//! is the one output that is not verbatim, and only when asked for.

use super::Render;
use crate::fragment::text::trailing_letters;
use crate::pipeline::Restored;
use crate::score::hyphen_allowed;
use std::io::Write;

/// Markdown paragraphs rebuilt from layout text.
pub struct Reading;

/// Join one page's layout lines into paragraphs.
pub fn paragraphs(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in page.split("\n\n") {
        // Layout gaps inside a line (running heads, columns) become single spaces.
        let lines: Vec<String> = block
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let mut para = String::new();
        for (i, line) in lines.iter().enumerate() {
            if para.is_empty() {
                para.push_str(line);
            } else if let Some(stem) = para.strip_suffix('-') {
                let stem_word = trailing_letters(stem);
                let next: String = line.chars().take_while(|c| c.is_alphabetic()).collect();
                let joined = format!("{stem_word}{next}").to_lowercase();
                if !stem_word.is_empty()
                    && next.starts_with(|c: char| c.is_lowercase())
                    && hyphen_allowed(&joined, stem_word.chars().count())
                {
                    para.pop();
                }
                para.push_str(line);
            } else {
                para.push(' ');
                para.push_str(line);
            }
            let short = line.chars().count() * 10 < width * 8;
            let ends = line.ends_with(['.', '!', '?', ':', '”', '"']);
            if short && ends && i + 1 < lines.len() {
                out.push(std::mem::take(&mut para));
            }
        }
        if !para.is_empty() {
            out.push(para);
        }
    }
    out
}

impl Render for Reading {
    fn name(&self) -> &'static str {
        "reading"
    }

    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()> {
        let mut first = true;
        for &i in restored.order() {
            let page = restored.analysis.fragments[i].span.of(&restored.doc.text);
            for p in paragraphs(page) {
                if !first {
                    w.write_all(b"\n\n")?;
                }
                first = false;
                w.write_all(p.as_bytes())?;
            }
        }
        w.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_into_paragraphs() {
        let page = "12   Running Head\n\nThe people of Rome, viewing with a secret\npleasure the fall of the govern-\nment, demanded only bread.\nA new paragraph starts here and runs on\nto its end.\n";
        let p = paragraphs(page);
        assert_eq!(p[0], "12 Running Head");
        assert_eq!(
            p[1],
            "The people of Rome, viewing with a secret pleasure the fall of the government, demanded only bread."
        );
        assert_eq!(p[2], "A new paragraph starts here and runs on to its end.");
    }
}
