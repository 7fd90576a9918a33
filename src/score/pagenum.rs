//! Printed page numbers (layout text): B's number one more than A's is strong evidence, any
//! other pair of numbers weak evidence against — numbers can be misread, missing or restart,
//! so continuity of the text can still overrule them.

use super::{Context, Signal};

/// See the module documentation.
pub struct PageNumber;

impl Signal for PageNumber {
    fn name(&self) -> &'static str {
        "pagenum"
    }

    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&ctx.fragments()[a], &ctx.fragments()[b]);
        match (fa.page_number, fb.page_number) {
            (Some(x), Some(y)) if fa.page_roman == fb.page_roman => {
                if y == x + 1 {
                    4.0
                } else if y > x && y <= x + 3 {
                    -1.5
                } else {
                    -3.0
                }
            }
            (Some(_), Some(y)) => {
                // Roman front matter runs into arabic page 1.
                if fa.page_roman && y == 1 {
                    3.0
                } else if fa.page_roman {
                    -0.5
                } else {
                    -3.0
                }
            }
            _ => 0.0,
        }
    }

    fn first(&self, ctx: &Context, a: usize) -> f64 {
        let f = &ctx.fragments()[a];
        match f.page_number {
            Some(1) => 1.0,
            Some(n) if f.page_roman && n <= 2 => 1.0,
            Some(_) => -1.0,
            None => 0.0,
        }
    }
}
