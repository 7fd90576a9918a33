//! Output: the restored document and what can be said about it, each format a [`Reporter`]
//! in its own file — the verbatim text, the JSON report, the bare order, and (for PDF input
//! only, on request) a reading text rebuilt into paragraphs.

mod atomic;
mod json;
mod order;
mod reading;
mod text;

pub use atomic::write_atomically;
pub use json::{JsonReport, Report};
pub use order::OrderOnly;
pub use reading::{paragraphs, Reading};
pub use text::Text;

use crate::pipeline::Restored;
use std::io::Write;

/// A way to write a restored document.
pub trait Reporter {
    /// Stable name of the format.
    fn name(&self) -> &'static str;
    /// Write `restored` to `w`.
    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()>;
}
