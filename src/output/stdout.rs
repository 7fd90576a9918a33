//! The standard-output target: the rendering written to the locked standard output and
//! flushed (a closed pipe comes back as an error the caller may choose to ignore).

use super::{Pending, Render, Target};
use crate::error::{Error, Result};
use crate::pipeline::Restored;
use std::io::Write;

/// Standard output.
pub struct Stdout;

impl Target for Stdout {
    /// Rendered into memory, printed when committed (so a failed report written beside it
    /// stops the print too).
    fn stage(&self, restored: &Restored, render: &dyn Render) -> Result<Pending> {
        let mut bytes = Vec::new();
        render
            .write(restored, &mut bytes)
            .map_err(|error| Error::Write {
                target: "to standard output".to_string(),
                error,
            })?;
        Ok(Pending::stdout(bytes))
    }

    /// Written straight to standard output (nothing held in memory).
    fn write(&self, restored: &Restored, render: &dyn Render) -> Result<()> {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        render
            .write(restored, &mut lock)
            .map_err(|error| Error::Write {
                target: "to standard output".to_string(),
                error,
            })?;
        lock.flush().ok();
        Ok(())
    }
}
