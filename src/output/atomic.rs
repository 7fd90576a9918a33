//! Atomic file writes: write to a temporary file in the target's folder, flush it to disk,
//! then rename it over the target, so a reader (or a killed run) never sees half a file.
//! A target that is no regular file (`/dev/null`, a pipe) is written in place, and a symbolic
//! link is followed, so that neither is replaced by a file.

use std::io::Write;
use std::path::Path;

/// Write `path` through `f` atomically. On error the temporary file is removed and the
/// target is left as it was.
pub fn write_atomically(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        // A device or a pipe: renaming a file over it would replace it (as root, even
        // `/dev/null`).
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut file = std::io::BufWriter::new(
                std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(path)?,
            );
            f(&mut file)?;
            return file.flush();
        }
        // A link to a regular file: replace the file it points to, keep the link.
        Ok(_) if path.is_symlink() => {
            return write_atomically(&std::fs::canonicalize(path)?, f);
        }
        _ => {}
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.collate-tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        f(&mut file)?;
        file.flush()?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
