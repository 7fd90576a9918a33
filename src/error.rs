//! Library error type: every failure a user can cause, each with a message that says what is
//! wrong (and, where no command-line option is involved, what to do). Messages never name a
//! command-line flag: the library has no command line. The `collate` binary adds its own
//! hints (`--format`, `--max-pages`, …) to the variants that have one.

use std::path::PathBuf;

/// Everything that can go wrong while reading, restoring or writing a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read from disk.
    #[error("cannot read {path}: {error} (check that the path exists and is readable)")]
    Io {
        /// The file or directory that failed.
        path: PathBuf,
        /// The operating-system error (said once, in the message: not a `source`, which
        /// `{:#}` would print a second time).
        error: std::io::Error,
    },
    /// The input has no text at all.
    #[error("{name}: the input is empty (give a scraped document with at least two pages)")]
    Empty {
        /// Name of the input.
        name: String,
    },
    /// The input looks like binary data, not text.
    #[error("{name}: the input looks binary, not text (convert it to text or markdown first, e.g. with pdftotext)")]
    Binary {
        /// Name of the input.
        name: String,
    },
    /// The input is not valid text in its encoding (UTF-8, or UTF-16 when it opens with a
    /// UTF-16 byte-order mark).
    #[error("{name}: the input is not valid {encoding} at byte {offset} (re-encode it, e.g. `iconv -t UTF-8`)")]
    Encoding {
        /// Name of the input.
        name: String,
        /// `UTF-8`, `UTF-16LE` or `UTF-16BE`.
        encoding: &'static str,
        /// Byte offset in the file of the first invalid sequence.
        offset: usize,
    },
    /// Only one page could be found: there is nothing to reorder.
    #[error("{name}: found only one page, nothing to reorder")]
    SinglePage {
        /// Name of the input.
        name: String,
    },
    /// The input is larger than the configured limit.
    #[error("{name}: the input has {actual} {what}, more than the limit of {limit}")]
    TooLarge {
        /// Name of the input.
        name: String,
        /// What was counted: "bytes" or "pages".
        what: &'static str,
        /// What was found.
        actual: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A PDF that cannot be used: damaged, encrypted, or without a text layer.
    #[error("{name}: {message}")]
    Pdf {
        /// Name of the input.
        name: String,
        /// What is wrong and what to do about it.
        message: String,
    },
    /// A directory was given where a file was asked for (the format was forced to one read
    /// from a single file).
    #[error("{name}: is a directory; give a file")]
    IsDirectory {
        /// Name of the input.
        name: String,
    },
    /// A file was given where a directory of page files was asked for.
    #[error("{name}: not a directory of page files")]
    NotDirectory {
        /// Name of the input.
        name: String,
    },
    /// A batch input that is not a folder.
    #[error("{path}: not a folder")]
    NotFolder {
        /// The path given.
        path: PathBuf,
    },
    /// An output could not be written. (The operating-system error is part of the message,
    /// not a separate cause, so that a chain of causes does not repeat it.)
    #[error("cannot write {target}: {error}")]
    Write {
        /// What was being written: a path, or `to standard output`.
        target: String,
        /// The operating-system error.
        error: std::io::Error,
    },
    /// A path that is not a regular file (a pipe, a device, a socket) where only a regular
    /// file is accepted: reading one could block forever or never end.
    #[error("{path}: not a regular file (a pipe, device or socket); refusing to read it")]
    NotRegular {
        /// The path given.
        path: PathBuf,
    },
    /// A path that leads outside the folder it must stay in (through `..`, an absolute path
    /// or a symbolic link).
    #[error("{path}: outside {root}; refusing to read it")]
    Outside {
        /// The path given.
        path: PathBuf,
        /// The folder it must stay in.
        root: PathBuf,
    },
    /// A path refused because of a symbolic link: one inside an output folder (writing
    /// through it could replace a file anywhere), or one that leads nowhere.
    #[error("{path}: {why}; refusing to write through it")]
    Link {
        /// The link.
        path: PathBuf,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A JSON line naming a file when no folder was given that such lines may read from.
    #[error("\"path\" lines are refused: no folder was given that they may read from")]
    PathsRefused,
    /// A signal weight that is not a finite number within [`crate::config::MAX_WEIGHT`].
    #[error("the weight of signal `{signal}` is {value}; weights must be finite numbers between -{max} and {max}")]
    Weight {
        /// The signal.
        signal: String,
        /// The weight given.
        value: f64,
        /// The largest magnitude accepted.
        max: f64,
    },
    /// A corpus or truth file does not have the expected layout.
    #[error("{0}")]
    Corpus(String),
    /// A request that makes no sense (bad option combination).
    #[error("{0}")]
    Usage(String),
}

/// Result alias for the library.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error: source,
        }
    }

    /// A failed write of `path`.
    pub fn write(path: &std::path::Path, error: std::io::Error) -> Self {
        Error::Write {
            target: path.display().to_string(),
            error,
        }
    }

    /// True for a write that failed because the reader went away (`collate … | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { error, .. } if error.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
