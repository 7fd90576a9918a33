//! The bare order: one input fragment index per line, with its byte span.

use super::Render;
use crate::pipeline::Restored;
use std::io::Write;

/// `--order-only`: `index<TAB>start<TAB>end<TAB>label` per fragment in reading order; the
/// label is the input's own name for the page ([`super::pages::label`]).
pub struct OrderOnly;

impl Render for OrderOnly {
    fn name(&self) -> &'static str {
        "order"
    }

    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()> {
        for &i in restored.order() {
            let s = restored.analysis.fragments[i].span;
            writeln!(
                w,
                "{i}\t{}\t{}\t{}",
                s.start,
                s.end,
                super::pages::label(restored, i)
            )?;
        }
        Ok(())
    }
}
