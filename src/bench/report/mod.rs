//! Bench report formats, each a [`BenchReporter`] in its own file: JSON (stable field
//! names), a markdown table for the README, an SVG chart (with the `svg` feature, which
//! the `cli` feature turns on: plotters is the library's heaviest optional dependency).

mod json;
mod markdown;
#[cfg(feature = "svg")]
mod svg;

pub use json::Json;
pub use markdown::Markdown;
#[cfg(feature = "svg")]
pub use svg::Svg;

use super::BenchReport;
use std::io::Write;

/// A way to write a bench report.
pub trait BenchReporter {
    /// Stable name of the format.
    fn name(&self) -> &'static str;
    /// Write `report` to `w`.
    fn write(&self, report: &BenchReport, w: &mut dyn Write) -> std::io::Result<()>;
}
