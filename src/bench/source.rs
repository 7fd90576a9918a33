//! What a bench reads and how it puts the pages back together: the page source (which file
//! or converter gives a document's true page texts), the join (how the shuffled pages are
//! glued into one text) and the split of a manifest corpus. These were one `Format` before,
//! where `md` meant "pages.md, joined by blank lines"; apart, any pages can be joined either
//! way.

use crate::ingest::Format;
use serde::{Deserialize, Serialize};

/// Where the true page texts of a document come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageSource {
    /// `pages.md`, split on form feeds.
    Md,
    /// `pages.txt`, split on form feeds.
    Txt,
    /// The PDF's own pages (`doc.pdf`): the PDF itself is shuffled, no join.
    Pdf,
    /// A converter command run on each page of a PDF (`--convert`).
    Convert,
}

impl PageSource {
    /// The source the old `--format` named.
    pub fn of_format(format: Format) -> PageSource {
        match format {
            Format::Txt | Format::Dir => PageSource::Txt,
            Format::Pdf => PageSource::Pdf,
            Format::Md => PageSource::Md,
        }
    }
}

/// How shuffled pages are joined into one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Join {
    /// One to three blank lines between pages, no marker: where the cuts are is unknown.
    Blank,
    /// Each page ends with a form feed: the cuts are known, only the order is asked.
    Formfeed,
}

impl Join {
    /// The join the old `--format` implied: blank lines for markdown, form feeds otherwise.
    pub fn default_for(format: Format) -> Join {
        if format == Format::Md {
            Join::Blank
        } else {
            Join::Formfeed
        }
    }

    /// The format a text joined this way is read as by the bench: detected, as `collate
    /// restore` reads a file, either way (form feeds mark the pages; whether the text is layout
    /// text or markdown, and where unmarked pages end, is learned from it).
    pub fn read_as(self) -> Option<Format> {
        None
    }

    /// The input format a text joined this way is written as.
    pub fn format(self) -> Format {
        match self {
            Join::Blank => Format::Md,
            Join::Formfeed => Format::Txt,
        }
    }

    /// The join's name, as `--join` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Join::Blank => "blank",
            Join::Formfeed => "formfeed",
        }
    }

    /// In words, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Join::Blank => "joined by blank lines",
            Join::Formfeed => "joined by form feeds",
        }
    }
}

/// Which documents of a corpus with a `manifest.json` to bench.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Every document.
    #[default]
    All,
    /// The documents fitted and tuned on.
    Train,
    /// The documents reported on.
    Validation,
}

impl Split {
    /// The split's name, as the manifest spells it.
    pub fn name(self) -> &'static str {
        match self {
            Split::All => "all",
            Split::Train => "train",
            Split::Validation => "validation",
        }
    }

    /// True when a document in split `of` (as the manifest names it) is selected.
    pub fn selects(self, of: Option<&str>) -> bool {
        match self {
            Split::All => true,
            s => of == Some(s.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_formats_keep_their_join_and_splits_select() {
        assert_eq!(Join::default_for(Format::Md), Join::Blank);
        assert_eq!(Join::default_for(Format::Txt), Join::Formfeed);
        assert_eq!(Join::Formfeed.format(), Format::Txt);
        assert_eq!(
            serde_json::to_string(&Join::Formfeed).unwrap(),
            "\"formfeed\""
        );
        assert!(Split::All.selects(None));
        assert!(Split::Train.selects(Some("train")));
        assert!(!Split::Train.selects(Some("validation")));
        assert!(!Split::Validation.selects(None));
    }
}
