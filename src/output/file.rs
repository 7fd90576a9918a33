//! A file target: the rendering written to a path atomically (a temporary file renamed over
//! the target), so an error or a killed run never leaves half a document. Writing over the
//! input itself (`restore --in-place`) is this target with the input's path.

use super::{write_atomically, Render, Target};
use crate::error::{Error, Result};
use crate::pipeline::Restored;
use std::path::PathBuf;

/// A file, written atomically.
pub struct File {
    /// Where to write.
    pub path: PathBuf,
}

impl Target for File {
    fn write(&self, restored: &Restored, render: &dyn Render) -> Result<()> {
        write_atomically(&self.path, |w| render.write(restored, w))
            .map_err(|e| Error::write(&self.path, e))
    }
}
