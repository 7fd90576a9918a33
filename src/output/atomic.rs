//! Atomic file writes: write to a temporary file in the target's folder, flush it to disk,
//! then rename it over the target, so a reader (or a killed run) never sees half a file.
//! Writing is two steps, [`stage`] and [`Staged::commit`], so that several outputs of one run
//! (a restored text and its report) are all rendered before any of them replaces a file: a
//! failure leaves none of them behind. A target that is no regular file (`/dev/null`, a pipe)
//! is written in place; a symbolic link is followed ([`Links::Follow`], for a path the user
//! named) or refused ([`Links::Refuse`], inside a folder others may have written to); a link
//! to nothing is always refused (following it would create a file wherever it points). A
//! replaced file keeps its permissions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to do when the target is a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Replace the file the link points to, keep the link (a path the user named).
    Follow,
    /// Refuse (an output folder's contents, which anyone with access may have planted).
    Refuse,
}

/// The part of a temporary file's name that marks it as collate's:
/// `.NAME.collate-tmp-PID-N`.
pub const TMP_MARK: &str = ".collate-tmp-";

/// An output rendered and waiting to replace its target.
#[must_use = "a staged output is discarded unless committed"]
pub struct Staged {
    how: How,
}

enum How {
    /// A temporary file to rename over the target.
    Rename { tmp: PathBuf, target: PathBuf },
    /// A device or pipe, written in place when committed.
    InPlace { target: PathBuf, bytes: Vec<u8> },
    /// Nothing left to do (committed, or nothing to write).
    Done,
}

impl Staged {
    /// Replace the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        match std::mem::replace(&mut self.how, How::Done) {
            How::Rename { tmp, target } => {
                let r = std::fs::rename(&tmp, &target);
                if r.is_err() {
                    let _ = std::fs::remove_file(&tmp);
                }
                r
            }
            How::InPlace { target, bytes } => {
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(target)?;
                file.write_all(&bytes)?;
                file.flush()
            }
            How::Done => Ok(()),
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let How::Rename { tmp, .. } = &self.how {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

fn refused(path: &Path, why: &str) -> std::io::Error {
    std::io::Error::other(format!(
        "{} {why}; refusing to write through it",
        path.display()
    ))
}

/// Render `path`'s new content through `f` into a temporary file beside it (or, for a device
/// or pipe, into memory), ready for [`Staged::commit`]. Dropped uncommitted, it leaves
/// nothing behind.
pub fn stage(
    path: &Path,
    links: Links,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Staged> {
    let mut keep_permissions = None;
    match std::fs::symlink_metadata(path) {
        Ok(own) if own.file_type().is_symlink() => {
            if links == Links::Refuse {
                return Err(refused(path, "is a symbolic link"));
            }
            return match std::fs::canonicalize(path) {
                Ok(real) => stage(&real, Links::Refuse, f),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(refused(path, "is a symbolic link to nothing"))
                }
                Err(e) => Err(e),
            };
        }
        // A device or a pipe: renaming a file over it would replace it (as root, even
        // `/dev/null`).
        Ok(own) if !own.is_file() && !own.is_dir() => {
            let mut bytes = Vec::new();
            f(&mut bytes)?;
            return Ok(Staged {
                how: How::InPlace {
                    target: path.to_path_buf(),
                    bytes,
                },
            });
        }
        Ok(own) if own.is_file() => keep_permissions = Some(own.permissions()),
        _ => {}
    }
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}{TMP_MARK}{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let mut options = std::fs::OpenOptions::new();
    // A new file, never one (or a link) already there.
    options.write(true).create_new(true);
    #[cfg(unix)]
    if keep_permissions.is_some() {
        // Private while it is written; the target's own permissions are set before the rename.
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    let file = options.open(&tmp)?;
    let staged = Staged {
        how: How::Rename {
            tmp: tmp.clone(),
            target: path.to_path_buf(),
        },
    };
    let mut file = std::io::BufWriter::new(file);
    f(&mut file)?;
    file.flush()?;
    let file = file.into_inner().map_err(|e| e.into_error())?;
    if let Some(p) = keep_permissions {
        file.set_permissions(p)?;
    }
    file.sync_all()?;
    Ok(staged)
}

/// Write `path` through `f` atomically, following a symbolic link ([`Links::Follow`]). On
/// error the temporary file is removed and the target is left as it was.
pub fn write_atomically(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    stage(path, Links::Follow, f)?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        std::fs::write(&target, "old").unwrap();
        let err = write_atomically(&target, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically(&target, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secret.txt");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(&target, |w| w.write_all(b"new")).unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn an_uncommitted_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let staged = stage(&target, Links::Refuse, |w| w.write_all(b"x")).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        drop(staged);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, |w| w.write_all(b"new")).unwrap();
        assert!(link.is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    /// `collate restore … -o /dev/null` once renamed its output over `/dev/null`. A named
    /// pipe stands in for the device here: it must still be a pipe afterwards.
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available; skipping the named-pipe check");
            return;
        }
        // Both ends open here, so that opening it to write does not wait for a reader.
        let mut end = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        write_atomically(&fifo, |w| w.write_all(b"through the pipe")).unwrap();
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the pipe was replaced by {kind:?}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut got = [0u8; 16];
        std::io::Read::read_exact(&mut end, &mut got).unwrap();
        assert_eq!(&got, b"through the pipe");
    }
}
