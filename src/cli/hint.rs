//! Hints that name command-line flags. Library errors say what is wrong; where a flag of this
//! command line is the remedy, the hint is added here, in parentheses on the same line, so
//! every error stays one line on standard error.

use collate::Error;

/// The flag hint for `e`, if one applies.
pub fn hint(e: &Error) -> Option<String> {
    Some(match e {
        Error::SinglePage { .. } => {
            "is this the whole document? use --format to override detection".to_string()
        }
        Error::TooLarge { what, .. } => format!("raise it with --max-{what} if this is intended"),
        Error::IsDirectory { .. } => "or --format dir to read one page per file".to_string(),
        Error::NotDirectory { .. } => {
            "--format dir needs a directory of page files, not a file".to_string()
        }
        Error::PathsRefused => "give that folder with --paths-under DIR".to_string(),
        Error::NotFolder { .. } => {
            "batch takes a folder of documents; use `collate restore` for one file".to_string()
        }
        _ => return None,
    })
}

/// `e` in words, with its hint.
pub fn error_text(e: &Error) -> String {
    match hint(e) {
        Some(h) => format!("{e} ({h})"),
        None => e.to_string(),
    }
}

/// The hint for the library error inside `e`, as a suffix for the error line (or "").
pub fn suffix(e: &anyhow::Error) -> String {
    e.chain()
        .find_map(|c| c.downcast_ref::<Error>())
        .and_then(hint)
        .map(|h| format!(" ({h})"))
        .unwrap_or_default()
}
