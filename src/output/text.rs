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
        // Line breaks as the input had them (lone carriage returns read as line feeds).
        use crate::ingest::original_breaks;
        for (span, join) in restored.pieces() {
            let text = span.of(&restored.doc.text);
            w.write_all(original_breaks(restored.doc, text).as_bytes())?;
            w.write_all(original_breaks(restored.doc, join).as_bytes())?;
        }
        Ok(())
    }
}
