//! The order as the input's own page labels: 1-based page numbers of a PDF or of form-feed
//! text, file names of a page directory, 1-based fragment numbers of unmarked markdown.

use super::Render;
use crate::pipeline::Restored;
use std::io::Write;

/// The input page (index into the document's page spans) that holds fragment `i`, when the
/// input marks its pages.
pub fn page_of(restored: &Restored, i: usize) -> Option<usize> {
    let pages = restored.doc.pages.as_ref()?;
    let f = &restored.analysis.fragments[i];
    let at = f.content.start.max(f.span.start);
    // The last page starting at or before the fragment's text.
    let p = pages.partition_point(|s| s.start <= at);
    Some(p.saturating_sub(1))
}

/// Fragment `i`'s label: its page file's name, its 1-based page number, or (unmarked input)
/// its 1-based fragment number.
pub fn label(restored: &Restored, i: usize) -> String {
    match page_of(restored, i) {
        Some(p) => match restored.doc.page_names.get(p) {
            Some(name) if !restored.doc.page_names.is_empty() => name.clone(),
            _ => (p + 1).to_string(),
        },
        None => (i + 1).to_string(),
    }
}

/// The labels in reading order, each page once (at the first place one of its fragments
/// stands).
pub fn labels(restored: &Restored) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for &i in restored.order() {
        let key = page_of(restored, i).unwrap_or(usize::MAX - i);
        if seen.insert(key) {
            out.push(label(restored, i));
        }
    }
    out
}

/// `--pages`: the labels comma-separated on one line, or for a directory of page files one
/// file name per line (names may hold commas).
pub struct Pages;

impl Render for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()> {
        let labels = labels(restored);
        if restored.doc.page_names.is_empty() {
            writeln!(w, "{}", labels.join(","))
        } else {
            for l in labels {
                writeln!(w, "{l}")?;
            }
            Ok(())
        }
    }
}
