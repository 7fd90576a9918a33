//! Word statistics learned from the document itself: when A stops mid-sentence, how likely are
//! B's first two words after A's last two, by a Kneser–Ney trigram model of the document
//! against the same words without that context. Words the document never uses (garbled
//! extraction) are matched to their nearest document word by edit similarity (strsim).

use super::ngram::{Left, NGram, Right};
use super::{Shared, Signal};
use crate::fragment::Close;
use rustc_hash::FxHashMap as HashMap;

/// See the module documentation.
pub struct Vocab {
    /// Trigram model of the document's words.
    ngram: NGram,
    /// Per fragment: what the model reads of its first words and of its last words (word ids,
    /// garbled words matched to their nearest document word; `None` when there are none), so
    /// that a pair costs one look-up mostly.
    sides: Vec<(Option<Right>, Option<Left>)>,
}

impl Vocab {
    /// Learn the document's word trigrams and look up each fragment's edge words.
    pub fn prepare(doc: &Shared) -> Self {
        let words = &doc.words;
        let mut fuzzy: HashMap<String, Option<u32>> = HashMap::default();
        let mut id = |w: &String| -> Option<u32> {
            let lw = w.to_lowercase();
            *fuzzy
                .entry(lw)
                .or_insert_with_key(|lw| words.fuzzy_term(lw))
        };
        let edge_ids: Vec<(Vec<u32>, Vec<u32>)> = doc
            .fragments()
            .iter()
            .map(|f| {
                let first: Vec<u32> = f.first_words.iter().map_while(&mut id).collect();
                let mut last: Vec<u32> = f.last_words.iter().rev().map_while(&mut id).collect();
                last.reverse();
                (first, last)
            })
            .collect();
        let ngram = NGram::new(&words.sequences);
        let sides = edge_ids
            .iter()
            .map(|(first, last)| {
                (
                    (!first.is_empty()).then(|| ngram.right(first)),
                    (!last.is_empty()).then(|| ngram.left(last)),
                )
            })
            .collect();
        Vocab { ngram, sides }
    }
}

impl Signal for Vocab {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        if !matches!(doc.fragments()[a].closes, Close::Mid) {
            return 0.0;
        }
        let (Some(l), Some(r)) = (&self.sides[a].1, &self.sides[b].0) else {
            return 0.0;
        };
        (self.ngram.junction_of(l, r) * WEIGHT).clamp(-2.5, 3.0)
    }
}

/// Scale of the language-model evidence (calibrated on the bench, not per document).
const WEIGHT: f64 = 0.5;
