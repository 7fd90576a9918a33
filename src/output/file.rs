//! A file target: the rendering written to a path atomically (a temporary file renamed over
//! the target), so an error or a killed run never leaves half a document. Writing over the
//! input itself (`restore --in-place`) is this target with the input's path.

use super::{stage, Links, Pending, Render, Target};
use crate::error::{Error, Result};
use crate::pipeline::Restored;
use std::path::PathBuf;

/// A file, written atomically.
pub struct File {
    /// Where to write.
    pub path: PathBuf,
    /// Whether a symbolic link at `path` is followed or refused.
    pub links: Links,
}

impl Target for File {
    fn stage(&self, restored: &Restored, render: &dyn Render) -> Result<Pending> {
        stage(&self.path, self.links, |w| render.write(restored, w))
            .map(|s| Pending::file(s, &self.path))
            .map_err(|e| Error::write(&self.path, e))
    }
}
