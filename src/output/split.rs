//! `--split DIR`: each document of a mixed input in a file of its own, `doc-1.EXT`,
//! `doc-2.EXT`, … in output order (one file for one document). The names are fixed, so
//! nothing is written outside the folder; files are replaced as `-o` replaces its file
//! (written beside, then renamed), never through a symbolic link planted in the folder; every
//! file is rendered before any is replaced. Across the files every input character stands
//! exactly once, as in the whole restored text.

use super::atomic::{stage, Links};
use crate::error::{Error, Result};
use crate::pipeline::Restored;
use std::path::{Path, PathBuf};

/// The name of the `k`-th document's file (1-based).
pub fn file_name(k: usize, ext: &str) -> String {
    format!("doc-{k}.{ext}")
}

/// Each document's text, verbatim, in output order: the input's prefix opens the first; the
/// joins between fragments of one document are kept, the one between two documents left out
/// (it joins nothing).
pub fn texts(r: &Restored) -> Vec<String> {
    let sizes: Vec<usize> = if r.sets.documents.is_empty() {
        vec![r.solution.order.len()]
    } else {
        r.sets.documents.iter().map(Vec::len).collect()
    };
    let text = &r.doc.text;
    let mut out = Vec::with_capacity(sizes.len());
    let mut s = String::new();
    if !r.analysis.prefix.is_empty() {
        s.push_str(r.analysis.prefix.of(text));
    }
    let mut i = 0;
    for size in sizes {
        for k in 0..size {
            let f = r.solution.order[i];
            if !r.sets.dropped.contains(&f) {
                s.push_str(r.analysis.fragments[f].span.of(text));
                if k + 1 < size {
                    s.push_str(r.junctions.get(i).map_or("", |j| j.join.as_str()));
                }
            }
            i += 1;
        }
        let doc = std::mem::take(&mut s);
        out.push(if r.doc.cr_lines {
            crate::ingest::original_breaks(r.doc, &doc).into_owned()
        } else {
            doc
        });
    }
    out
}

/// Write each document of `r` to `dir` (created when missing) as `doc-K.ext`; the paths
/// written.
pub fn write(r: &Restored, dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut staged = Vec::new();
    for (k, doc) in texts(r).into_iter().enumerate() {
        let path = dir.join(file_name(k + 1, ext));
        let s = stage(&path, Links::Refuse, |w| w.write_all(doc.as_bytes()))
            .map_err(|e| Error::write(&path, e))?;
        staged.push((s, path));
    }
    let mut paths = Vec::new();
    for (s, path) in staged {
        s.commit().map_err(|e| Error::write(&path, e))?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_from_one() {
        assert_eq!(file_name(1, "md"), "doc-1.md");
        assert_eq!(file_name(12, "txt"), "doc-12.txt");
    }
}
