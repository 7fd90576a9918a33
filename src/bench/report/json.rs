//! JSON bench report: the [`BenchReport`] structure as serde writes it.

use super::BenchReporter;
use crate::bench::BenchReport;
use std::io::Write;

/// `--json FILE`.
pub struct Json;

impl BenchReporter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn write(&self, report: &BenchReport, w: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, report)?;
        writeln!(w)
    }
}
