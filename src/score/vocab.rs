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
    /// Per fragment: the index of its first word among the distinct first words, and of its
    /// last word among the distinct last words.
    edge_word: Vec<(u32, u32)>,
    /// Number of distinct first words.
    firsts: usize,
    /// One bit per (distinct last word, distinct first word): whether the document has the
    /// two in a row. Read row by row as the matrix is, where a look-up in the bigram table
    /// missed the cache for most pairs.
    seen: Vec<u64>,
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
        let sides: Vec<(Option<Right>, Option<Left>)> = edge_ids
            .iter()
            .map(|(first, last)| {
                (
                    (!first.is_empty()).then(|| ngram.right(first)),
                    (!last.is_empty()).then(|| ngram.left(last)),
                )
            })
            .collect();
        // Distinct edge words, numbered in order of first appearance.
        let mut firsts: HashMap<u32, u32> = HashMap::default();
        let mut lasts: HashMap<u32, u32> = HashMap::default();
        let edge_word = sides
            .iter()
            .map(|(r, l): &(Option<Right>, Option<Left>)| {
                let number = |map: &mut HashMap<u32, u32>, w: u32| {
                    let k = map.len() as u32;
                    *map.entry(w).or_insert(k)
                };
                let f = r.map_or(0, |r| number(&mut firsts, NGram::first_word(&r)));
                let l = l.map_or(0, |l| number(&mut lasts, NGram::last_word(&l)));
                (f, l)
            })
            .collect();
        let mut seen = vec![0u64; (lasts.len() * firsts.len()).div_ceil(64)];
        for (v, w) in ngram.bigrams() {
            if let (Some(&l), Some(&f)) = (lasts.get(&v), firsts.get(&w)) {
                let bit = l as usize * firsts.len() + f as usize;
                seen[bit / 64] |= 1 << (bit % 64);
            }
        }
        Vocab {
            ngram,
            sides,
            edge_word,
            firsts: firsts.len(),
            seen,
        }
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
        let bit = self.edge_word[a].1 as usize * self.firsts + self.edge_word[b].0 as usize;
        let seen = self.seen[bit / 64] & (1 << (bit % 64)) != 0;
        (self.ngram.junction_of(l, r, seen) * WEIGHT).clamp(-2.5, 3.0)
    }
}

/// Scale of the language-model evidence (calibrated on the bench, not per document).
const WEIGHT: f64 = 0.5;
