//! The input's own order at a candidate cut: two fragments that stood next to each other with
//! no sure page break between them are probably one page cut in two. The evidence is the
//! odds that no page boundary lies there, as fragment detection estimated them from local
//! cues and page lengths.

use super::{Context, Signal};

/// See the module documentation.
pub struct Stream;

impl Signal for Stream {
    fn name(&self) -> &'static str {
        "stream"
    }

    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64 {
        let Some((to, p)) = ctx.link_next[a] else {
            return 0.0;
        };
        if to != b {
            return 0.0;
        }
        let p = p.clamp(0.001, 0.999);
        // P(b follows a | link) against P(b follows a) for an arbitrary fresh-opening b.
        let m = ctx.fresh_openers.max(2) as f64;
        ((1.0 - p) * m + p).ln().clamp(0.0, 6.0)
    }
}
