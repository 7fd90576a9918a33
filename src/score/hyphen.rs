//! Hyphen joins: `ce-` at the end of A and `mented` at the start of B make `cemented`. A join
//! is believed when the document uses the whole word elsewhere, when it uses the hyphenated
//! compound (`co-operative`: a real hyphen), or when TeX hyphenation patterns (hypher) allow
//! a break at exactly that point; a join that is none of these speaks against the pair.

use super::{Shared, Signal};
use crate::fragment::Close;

/// See the module documentation.
pub struct Hyphen;

impl Hyphen {
    /// Nothing to learn beyond the shared vocabulary.
    pub fn prepare(_doc: &Shared) -> Self {
        Hyphen
    }
}

/// Does the English TeX hyphenation of `word` allow a break after `at` characters?
pub fn pattern_allows(word: &str, at: usize) -> bool {
    // hypher (without its `alloc` feature) panics on words over 45 bytes; no such word is
    // hyphenated by the patterns anyway (code identifiers, URLs).
    if word.len() > 45 {
        return false;
    }
    let mut pos = 0;
    for syl in hypher::hyphenate(word, hypher::Lang::English) {
        pos += syl.chars().count();
        if pos == at {
            return true;
        }
        if pos > at {
            return false;
        }
    }
    false
}

impl Signal for Hyphen {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        if fa.closes != Close::Hyphen {
            return 0.0;
        }
        let (Some(stem), Some(next)) = (&fa.hyphen_stem, fb.first_words.first()) else {
            return 0.0;
        };
        let stem = stem.to_lowercase();
        let next_l = next.to_lowercase();
        // The word as B starts it, up to its own hyphen if any.
        let tail = next_l.split('-').next().unwrap_or(&next_l);
        if tail.is_empty() {
            return 0.0;
        }
        let joined = format!("{stem}{tail}");
        let compound = format!("{stem}-{tail}");
        let mut s: f64 = 0.0;
        let whole = doc.words.count(&joined);
        if whole > 0 {
            s += 2.5 + (whole as f64).ln().min(1.5);
        }
        if doc.words.compound_count(&compound) > 0 {
            s += 2.5;
        }
        let legal = joined.chars().all(|c| c.is_alphabetic())
            && pattern_allows(&joined, stem.chars().count());
        if legal {
            s += 1.5;
        }
        if s == 0.0 {
            s = -2.0;
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_accept_real_breaks_and_reject_others() {
        assert!(pattern_allows("cemented", 2));
        assert!(!pattern_allows("government", 1));
        assert!(!pattern_allows("cemented", 4));
        assert!(pattern_allows("government", 3));
    }
}
