//! Output: what gets written and where, each decided in one place. A [`Render`] is a way to
//! write a restored document (the verbatim text, the JSON report, the bare order, the page
//! labels, the junction review, the HTML review page, and — for PDF input only, on request —
//! a reading text rebuilt into paragraphs), one file each. A
//! [`Target`] is where it goes (standard output, a file written atomically, or a PDF with its
//! pages reordered), one file each, and [`target`] is the one rule that picks it.

mod atomic;
mod file;
mod html;
mod json;
mod order;
pub mod pages;
pub mod pdf;
mod reading;
mod review;
pub mod split;
mod stdout;
mod text;

pub use atomic::{stage, write_atomically, Links, Staged, TMP_MARK};
pub use file::File;
pub use html::Html;
pub use json::{JsonReport, Report};
pub use order::OrderOnly;
pub use pages::Pages;
pub use pdf::Pdf;
pub use reading::{paragraphs, Reading};
pub use review::Review;
pub use stdout::Stdout;
pub use text::Text;

use crate::error::{Error, Result};
use crate::ingest::Document;
use crate::pipeline::Restored;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A rendering of a restored document: the text itself, or something said about it.
pub trait Render {
    /// Stable name of the rendering.
    fn name(&self) -> &'static str;
    /// Write `restored` to `w`.
    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()>;
}

/// Where a restored document is written.
pub trait Target {
    /// Render `restored` (by `render` where the target takes text) ready to be written,
    /// replacing nothing yet: outputs of one run are all staged, then all committed.
    fn stage(&self, restored: &Restored, render: &dyn Render) -> Result<Pending>;

    /// Write `restored`, rendered by `render` where the target takes text.
    fn write(&self, restored: &Restored, render: &dyn Render) -> Result<()> {
        self.stage(restored, render)?.commit()
    }
}

/// A rendered output waiting to be written ([`Target::stage`]); dropped uncommitted, it
/// leaves nothing behind.
#[must_use = "a pending output is discarded unless committed"]
pub struct Pending {
    what: PendingKind,
}

enum PendingKind {
    File {
        staged: Staged,
        path: std::path::PathBuf,
    },
    Stdout(Vec<u8>),
}

impl Pending {
    /// A file staged for `path`.
    pub fn file(staged: Staged, path: &Path) -> Self {
        Pending {
            what: PendingKind::File {
                staged,
                path: path.to_path_buf(),
            },
        }
    }

    /// Bytes for standard output.
    pub fn stdout(bytes: Vec<u8>) -> Self {
        Pending {
            what: PendingKind::Stdout(bytes),
        }
    }

    /// Write it: rename the file into place, or print the bytes.
    pub fn commit(self) -> Result<()> {
        match self.what {
            PendingKind::File { staged, path } => {
                staged.commit().map_err(|e| Error::write(&path, e))
            }
            PendingKind::Stdout(bytes) => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                let to_stdout = |error| Error::Write {
                    target: "to standard output".to_string(),
                    error,
                };
                lock.write_all(&bytes).map_err(to_stdout)?;
                lock.flush().ok();
                Ok(())
            }
        }
    }
}

/// Pick the target for `doc`: standard output when `path` is `None`; for a PDF input and a
/// path ending in `.pdf`, the PDF with its pages reordered (unless `pages` is false: only a
/// text such as the bare order is wanted); otherwise the file at `path`, a symbolic link
/// there followed or refused as `links` says. Asking for a `.pdf` path from text input is an
/// error, not a text file named `.pdf`.
pub fn target(
    doc: &Document,
    path: Option<&Path>,
    pages: bool,
    links: Links,
) -> Result<Box<dyn Target>> {
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
                links,
            }));
        }
    }
    Ok(Box::new(File {
        path: path.to_path_buf(),
        links,
    }))
}

/// `path` made absolute with every symbolic link and `..` resolved, as far as it exists; the
/// part that does not exist yet is appended as written. Two paths that name the same file
/// (through links, `./`, a trailing slash) resolve alike, so outputs can be compared with
/// inputs before anything is written.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                if part == ".." {
                    out.pop();
                } else if part != "." {
                    out.push(part);
                }
            }
            return out;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return absolute,
        }
    }
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
