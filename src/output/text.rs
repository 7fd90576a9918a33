//! The restored document itself: every input fragment verbatim, in the new order.

use super::Render;
use crate::pipeline::Restored;
use std::io::Write;

/// Verbatim restored text.
pub struct Text;

impl Render for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()> {
        for (span, join) in restored.pieces() {
            w.write_all(span.of(&restored.doc.text).as_bytes())?;
            w.write_all(join.as_bytes())?;
        }
        Ok(())
    }
}
