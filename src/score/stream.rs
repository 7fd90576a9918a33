//! The input's own order at a candidate cut: two fragments that stood next to each other with
//! no sure page break between them are probably one page cut in two. The evidence is the
//! odds that no page boundary lies there, as fragment detection estimated them from local
//! cues and page lengths.

use super::{Shared, Signal};
use crate::fragment::Open;

/// See the module documentation.
pub struct Stream {
    /// Per fragment: its input successor across a candidate cut, with the boundary probability.
    link_next: Vec<Option<(usize, f64)>>,
    /// Number of fragments that open fresh or with a heading.
    fresh_openers: usize,
}

impl Stream {
    /// Read the candidate cuts and how many fragments could follow any other.
    pub fn prepare(doc: &Shared) -> Self {
        let mut link_next = vec![None; doc.fragments().len()];
        for l in &doc.analysis.links {
            link_next[l.from] = Some((l.to, l.p_boundary));
        }
        let fresh_openers = doc
            .fragments()
            .iter()
            .filter(|f| matches!(f.opens, Open::Fresh | Open::Heading | Open::Other))
            .count();
        Stream {
            link_next,
            fresh_openers,
        }
    }
}

impl Signal for Stream {
    fn pair(&self, _doc: &Shared, a: usize, b: usize) -> f64 {
        let Some((to, p)) = self.link_next[a] else {
            return 0.0;
        };
        if to != b {
            return 0.0;
        }
        let p = p.clamp(0.001, 0.999);
        // P(b follows a | link) against P(b follows a) for an arbitrary fresh-opening b.
        let m = self.fresh_openers.max(2) as f64;
        ((1.0 - p) * m + p).ln().clamp(0.0, 6.0)
    }
}
