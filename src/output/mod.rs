//! Output: what gets written and where, each decided in one place. A [`Render`] is a way to
//! write a restored document (the verbatim text, the JSON report, the bare order, and — for
//! PDF input only, on request — a reading text rebuilt into paragraphs), one file each. A
//! [`Target`] is where it goes (standard output, a file written atomically, or a PDF with its
//! pages reordered), one file each, and [`target`] is the one rule that picks it.

mod atomic;
mod file;
mod json;
mod order;
pub mod pdf;
mod reading;
mod stdout;
mod text;

pub use atomic::write_atomically;
pub use file::File;
pub use json::{JsonReport, Report};
pub use order::OrderOnly;
pub use pdf::Pdf;
pub use reading::{paragraphs, Reading};
pub use stdout::Stdout;
pub use text::Text;

use crate::error::{Error, Result};
use crate::ingest::Document;
use crate::pipeline::Restored;
use std::io::Write;
use std::path::Path;

/// A rendering of a restored document: the text itself, or something said about it.
pub trait Render {
    /// Stable name of the rendering.
    fn name(&self) -> &'static str;
    /// Write `restored` to `w`.
    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()>;
}

/// Where a restored document is written.
pub trait Target {
    /// Write `restored`, rendered by `render` where the target takes text.
    fn write(&self, restored: &Restored, render: &dyn Render) -> Result<()>;
}

/// Pick the target for `doc`: standard output when `path` is `None`; for a PDF input and a
/// path ending in `.pdf`, the PDF with its pages reordered (unless `pages` is false: only a
/// text such as the bare order is wanted); otherwise the file at `path`. Asking for a `.pdf`
/// path from text input is an error, not a text file named `.pdf`.
pub fn target(doc: &Document, path: Option<&Path>, pages: bool) -> Result<Box<dyn Target>> {
    let Some(path) = path else {
        return Ok(Box::new(Stdout));
    };
    if pdf::is_pdf_path(path) {
        if doc.pdf.is_none() {
            return Err(pdf_from_text(path));
        }
        if pages {
            return Ok(Box::new(Pdf {
                path: path.to_path_buf(),
            }));
        }
    }
    Ok(Box::new(File {
        path: path.to_path_buf(),
    }))
}

/// The error for a `.pdf` output of a document that was not a PDF.
pub(crate) fn pdf_from_text(path: &Path) -> Error {
    Error::Usage(format!(
        "{}: a PDF can only be written from a PDF input (write the restored text to a .md or .txt file)",
        path.display()
    ))
}

/// The lowest junction confidence of a restore (1 when there are no junctions).
pub fn min_confidence(restored: &Restored) -> f64 {
    restored
        .junctions
        .iter()
        .map(|j| j.confidence)
        .fold(1.0, f64::min)
}
