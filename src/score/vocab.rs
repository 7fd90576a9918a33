//! Word statistics learned from the document itself: when A stops mid-sentence, how likely is
//! B's first word after A's last word, by the document's own bigram counts against the word's
//! overall frequency. Words the document never uses (garbled extraction) are matched to their
//! nearest document word by edit similarity (strsim).

use super::{Context, Signal};
use crate::fragment::Close;

/// See the module documentation.
pub struct Vocab;

impl Signal for Vocab {
    fn name(&self) -> &'static str {
        "vocab"
    }

    fn pair(&self, ctx: &Context, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&ctx.fragments()[a], &ctx.fragments()[b]);
        if fa.closes != Close::Mid {
            return 0.0;
        }
        let (Some(x), Some(y)) = (fa.last_words.last(), fb.first_words.first()) else {
            return 0.0;
        };
        let (Some(xi), Some(yi)) = (
            ctx.fuzzy_term(&x.to_lowercase()),
            ctx.fuzzy_term(&y.to_lowercase()),
        ) else {
            return 0.0;
        };
        let n = ctx.total_words() as f64;
        let v = ctx.vocabulary_size() as f64;
        let py = (ctx.count_id(yi) as f64 + 0.5) / (n + 0.5 * v);
        let cx = ctx.count_id(xi) as f64;
        let k = 3.0;
        let p_cond = (ctx.bigram(xi, yi) as f64 + k * py) / (cx + k);
        (p_cond / py).ln().clamp(-1.5, 3.0) * 0.6
    }
}
