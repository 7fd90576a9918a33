//! A general model of English: how well the words opening page B continue the words closing
//! page A, judged by a word 4-gram model trained on public-domain books rather than on the one
//! document being restored.
//!
//! The model (`models/english.lm`, built by `tools/lm/build.py`, format in [`format`]) is
//! embedded in the library and parsed in place on first use ([`LanguageModel::embedded`]);
//! nothing is copied but two small codebooks per order.
//!
//! The score for a cut is a log ratio ([`LanguageModel::continuation`]): the log-probability of
//! B's first `k` tokens after A's last three tokens, minus their log-probability with no context
//! (B's first word by its unigram probability, the next ones after B's own words). A common
//! opening ("The") is then not favoured everywhere, and a mid-sentence opening ("different
//! from…") is favoured only after words it can follow. The model is cased, so "The" after an
//! unfinished sentence costs what it should. With a 4-gram model only B's first three tokens can
//! depend on A: `k` above 3 adds nothing.
//!
//! ```
//! use collate::lm::LanguageModel;
//! let lm = LanguageModel::embedded();
//! let a = "any thing, which appears totally";
//! assert!(lm.continuation(a, "different from what", 3) > lm.continuation(a, "Cedrenus (p. 570", 3));
//! ```
//!
//! Tokeniser (identical to `tools/lm/build.py`, `tokens`; keep the two in step):
//! * A *word character* is an ASCII letter or digit, a letter of U+00C0..=U+024F other than
//!   U+00D7 and U+00F7, or a character of U+0370..=U+03FF (Greek).
//! * A word is a maximal run of word characters, where an apostrophe (U+0027 or U+2019) with a
//!   word character on both sides joins the run and is written as U+0027.
//! * Case (header flag bit 0): in a lowercased model a word is lowercased (Unicode full
//!   lowercase mapping); in a cased model it keeps its case, except that a word of two or more
//!   characters with an uppercase and no lowercase character is written first character +
//!   lowercased rest (`CHAPTER` → `Chapter`, `I` stays). A word is *capitalised* when its first
//!   character is uppercase ASCII A–Z or in U+00C0..=U+00DE.
//! * Each of `. , ; : ? !` is a token of its own, and so is U+2026 (ellipsis), written `.`; a
//!   punctuation token equal to the token just before it is dropped (`...` gives one `.`).
//! * Every other character separates and is dropped (spaces, quotes, dashes, hyphens, brackets,
//!   markup characters).
//!
//! Lookup: a word containing an ASCII digit becomes `<num>`; a word not in the vocabulary
//! becomes `<Unk>` when capitalised, else `<unk>`. The model was trained on paragraphs, each
//! `<s> tokens </s>`.

pub mod format;

use format::{f32_at, key, u32_at, Cursor, FormatError, Table, MAGIC, TRAILER};
use std::sync::OnceLock;

/// The model file, embedded. `Aligned` is not needed: every read goes through byte slices.
static EMBEDDED: &[u8] = include_bytes!("../../models/english.lm");

/// What to compare "B after A" with in [`LanguageModel::continuation_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// B's opening at the start of a paragraph (context `<s>`).
    ParagraphStart,
    /// B's opening with no context at all (its first word by its unigram probability).
    Unconditioned,
}

/// How [`LanguageModel::continuation_with`] scores a cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Continuation {
    /// Tokens of B scored.
    pub k: usize,
    /// Tokens of A used as context (at most the model's order minus one are used).
    pub left: usize,
    /// What the conditional log-probability is compared with.
    pub baseline: Baseline,
}

impl Default for Continuation {
    /// The best setting on the collate corpus (see `examples/lm_rank.rs`): 3 tokens of A, 2 of
    /// B, no-context baseline.
    fn default() -> Self {
        Continuation {
            k: 2,
            left: 3,
            baseline: Baseline::Unconditioned,
        }
    }
}

/// The special word classes' ids.
#[derive(Debug, Clone, Copy)]
struct Specials {
    start: u32,
    unk: u32,
    unk_cap: u32,
    num: u32,
}

/// A word n-gram model read in place from the bytes of a model file.
pub struct LanguageModel<'a> {
    order: usize,
    vocab_len: usize,
    cased: bool,
    description: &'a str,
    vocab_offsets: &'a [u8],
    vocab_bytes: &'a [u8],
    unigram_logprob: &'a [u8],
    unigram_backoff: &'a [u8],
    tables: Vec<Table<'a>>,
    specials: Specials,
}

impl std::fmt::Debug for LanguageModel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageModel")
            .field("order", &self.order)
            .field("vocabulary", &self.vocab_len)
            .field("ngrams", &self.ngram_counts())
            .field("description", &self.description)
            .finish()
    }
}

impl LanguageModel<'static> {
    /// The model shipped with collate, parsed once on first use (a few milliseconds).
    pub fn embedded() -> &'static LanguageModel<'static> {
        static MODEL: OnceLock<LanguageModel<'static>> = OnceLock::new();
        MODEL.get_or_init(|| {
            LanguageModel::from_bytes(EMBEDDED).expect("the embedded language model is valid")
        })
    }
}

impl<'a> LanguageModel<'a> {
    /// Parse a model file's bytes in place (see [`format`]).
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, FormatError> {
        let mut c = Cursor::new(bytes);
        if c.take(8)? != MAGIC {
            return Err(FormatError("not a collate language model (magic)".into()));
        }
        if !bytes.ends_with(TRAILER) {
            return Err(FormatError("truncated (no trailer)".into()));
        }
        let order = c.u32()? as usize;
        let vocab_len = c.u32()? as usize;
        let bucket_bits = c.u32()?;
        let flags = c.u32()?;
        let meta_len = c.u32()? as usize;
        if !(2..=8).contains(&order) || !(8..=24).contains(&bucket_bits) {
            return Err(FormatError("implausible header".into()));
        }
        let mut counts = Vec::with_capacity(order - 1);
        for _ in 1..order {
            counts.push(c.u32()? as usize);
        }
        let description = std::str::from_utf8(c.take(meta_len)?)
            .map_err(|_| FormatError("description is not UTF-8".into()))?;
        c.align();
        let vocab_total = c.u32()? as usize;
        let vocab_offsets = c.take(4 * (vocab_len + 1))?;
        let vocab_bytes = c.take(vocab_total)?;
        c.align();
        let unigram_logprob = c.take(4 * vocab_len)?;
        let unigram_backoff = c.take(4 * vocab_len)?;
        let mut tables = Vec::with_capacity(order - 1);
        for (i, &n) in counts.iter().enumerate() {
            let t = Table::read(&mut c, bucket_bits, i + 2 < order)?;
            if t.len() != n {
                return Err(FormatError("entry count differs from the header".into()));
            }
            tables.push(t);
        }
        if c.rest() != TRAILER {
            return Err(FormatError("unexpected bytes before the trailer".into()));
        }
        let mut lm = LanguageModel {
            order,
            vocab_len,
            cased: flags & 1 == 1,
            description,
            vocab_offsets,
            vocab_bytes,
            unigram_logprob,
            unigram_backoff,
            tables,
            specials: Specials {
                start: 0,
                unk: 0,
                unk_cap: 0,
                num: 0,
            },
        };
        let need = |w: &str| {
            lm.word_id(w)
                .ok_or_else(|| FormatError(format!("vocabulary lacks {w}")))
        };
        let specials = Specials {
            start: need("<s>")?,
            unk: need("<unk>")?,
            unk_cap: need("<Unk>")?,
            num: need("<num>")?,
        };
        lm.specials = specials;
        Ok(lm)
    }

    /// N of the N-gram model.
    pub fn order(&self) -> usize {
        self.order
    }

    /// Number of words (classes and punctuation included).
    pub fn vocabulary_len(&self) -> usize {
        self.vocab_len
    }

    /// Stored n-grams of orders 2..=N.
    pub fn ngram_counts(&self) -> Vec<usize> {
        self.tables.iter().map(Table::len).collect()
    }

    /// The build's description of the model (sources, size of the text, smoothing, pruning).
    pub fn description(&self) -> &str {
        self.description
    }

    /// The word with this id.
    pub fn word(&self, id: u32) -> &str {
        let i = id as usize;
        let (a, b) = (
            u32_at(self.vocab_offsets, i) as usize,
            u32_at(self.vocab_offsets, i + 1) as usize,
        );
        std::str::from_utf8(&self.vocab_bytes[a..b]).unwrap_or("")
    }

    /// The id of a vocabulary entry (exact, already lowercased), if any.
    pub fn word_id(&self, w: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.vocab_len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word(mid as u32).cmp(w) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// Tokenise `text` (see the module documentation) and map every token to its id,
    /// unknown words to their class.
    pub fn ids(&self, text: &str) -> Vec<u32> {
        tokens(text, self.cased)
            .into_iter()
            .map(|(t, cap)| self.token_id(&t, cap))
            .collect()
    }

    fn token_id(&self, t: &str, capitalised: bool) -> u32 {
        if t.bytes().any(|b| b.is_ascii_digit()) {
            return self.specials.num;
        }
        match self.word_id(t) {
            Some(id) => id,
            None if capitalised => self.specials.unk_cap,
            None => self.specials.unk,
        }
    }

    /// True when the model keeps the case of words (see the module documentation).
    pub fn is_cased(&self) -> bool {
        self.cased
    }

    /// Whether the bigram `first second` is stored. Bigrams are pruned no more than longer
    /// n-grams (`tools/lm/build.py` keeps an n-gram only if its raw count reaches the threshold
    /// of its order, and the thresholds do not fall with the order), so when it is not stored
    /// no longer n-gram ending in `first second` or opening a context with it is stored
    /// either; see [`cut_logprob`](Self::cut_logprob).
    pub fn has_bigram(&self, first: u32, second: u32) -> bool {
        self.tables[0].find(key([first, second])).is_some()
    }

    /// The sum of the log backoff weights of `context`'s suffixes (at most order − 1 words
    /// long), longest first, in f32 as [`logprob`](Self::logprob) adds them: what a word
    /// costs after `context`, beyond its unigram log-probability, when no n-gram joins them.
    pub fn context_backoff_sum(&self, context: &[u32]) -> f32 {
        let ctx = &context[context.len().saturating_sub(self.order - 1)..];
        let mut backoff = 0.0f32;
        for m in (1..=ctx.len()).rev() {
            backoff += self.context_backoff(&ctx[ctx.len() - m..]);
        }
        backoff
    }

    /// The log-probability of each of the first `k` tokens of `right` with no context before
    /// them (each after the ones before it in `right`): the terms of
    /// `sequence_logprob(&[], right, k)`, which is their sum in order.
    pub fn opening_terms(&self, right: &[u32], k: usize) -> Vec<f32> {
        let n = self.order - 1;
        let mut out = Vec::with_capacity(k.min(right.len()));
        for (i, &w) in right.iter().take(k).enumerate() {
            out.push(self.logprob(&right[i.saturating_sub(n)..i], w));
        }
        out
    }

    /// `sequence_logprob(context, right, k)` from what can be computed once per side:
    /// `context_sum` = [`context_backoff_sum`](Self::context_backoff_sum) of `context`,
    /// `terms` = [`opening_terms`](Self::opening_terms) of `right`, and `joined` =
    /// [`has_bigram`](Self::has_bigram) of the context's last word and `right`'s first. When
    /// they form no stored bigram (most pairs of pages), no n-gram crosses the cut: the first
    /// token costs the context's backoffs plus its unigram log-probability and every later one
    /// what it costs with no context, so no lookup is needed; the sum is the same number, added
    /// in the same order. Otherwise it is computed in full.
    pub fn cut_logprob(
        &self,
        context: &[u32],
        context_sum: f32,
        right: &[u32],
        terms: &[f32],
        k: usize,
        joined: bool,
    ) -> f64 {
        match right.first() {
            Some(&r) if !joined && !context.is_empty() => {
                let first = context_sum + f32_at(self.unigram_logprob, r as usize);
                let mut sum = 0.0f64 + f64::from(first);
                for &t in terms.iter().take(k).skip(1) {
                    sum += f64::from(t);
                }
                sum
            }
            _ => self.sequence_logprob(context, right, k),
        }
    }

    /// The id of the paragraph-start symbol `<s>`.
    pub fn start_id(&self) -> u32 {
        self.specials.start
    }

    /// Natural-log probability of `word` after `context` (ids, oldest first; only the last
    /// order − 1 are used): the longest stored n-gram, plus the backoff weights of the longer
    /// contexts that were not followed by `word` in training.
    pub fn logprob(&self, context: &[u32], word: u32) -> f32 {
        let ctx = &context[context.len().saturating_sub(self.order - 1)..];
        let mut backoff = 0.0f32;
        for m in (1..=ctx.len()).rev() {
            let c = &ctx[ctx.len() - m..];
            let table = &self.tables[m - 1];
            if let Some(i) = table.find(key(c.iter().copied().chain([word]))) {
                return backoff + table.logprob(i);
            }
            backoff += self.context_backoff(c);
        }
        backoff + f32_at(self.unigram_logprob, word as usize)
    }

    /// Log backoff weight of a context (1 if the context is not stored).
    fn context_backoff(&self, c: &[u32]) -> f32 {
        if c.len() == 1 {
            return f32_at(self.unigram_backoff, c[0] as usize);
        }
        let table = &self.tables[c.len() - 2];
        table
            .find(key(c.iter().copied()))
            .map_or(0.0, |i| table.backoff(i))
    }

    /// Sum of log P(right[i] | context, right[..i]) over the first `k` tokens of `right`.
    pub fn sequence_logprob(&self, context: &[u32], right: &[u32], k: usize) -> f64 {
        let n = self.order - 1;
        let mut hist: Vec<u32> = context[context.len().saturating_sub(n)..].to_vec();
        let mut sum = 0.0f64;
        for &w in right.iter().take(k) {
            sum += f64::from(self.logprob(&hist, w));
            hist.push(w);
            if hist.len() > n {
                hist.remove(0);
            }
        }
        sum
    }

    /// The continuation score of a cut with the [`Continuation::default`] setting but `k`
    /// tokens of B: log P(B's first k tokens | A's last 3 tokens) − log P(the same | no
    /// context). Positive when B's opening is likelier after A than on its own. A word broken by
    /// a hyphen at the end of `left_tail` is joined with the first word of `right_head`.
    pub fn continuation(&self, left_tail: &str, right_head: &str, k: usize) -> f64 {
        self.continuation_with(
            left_tail,
            right_head,
            Continuation {
                k,
                ..Continuation::default()
            },
        )
    }

    /// [`continuation`](Self::continuation) with every setting given.
    pub fn continuation_with(&self, left_tail: &str, right_head: &str, how: Continuation) -> f64 {
        let (left, right) = self.cut_ids(left_tail, right_head);
        self.continuation_ids(&left, &right, how)
    }

    /// The ids on both sides of a cut, joining a word hyphenated across it (`ce-` | `mented`):
    /// the joined word opens the right side.
    pub fn cut_ids(&self, left_tail: &str, right_head: &str) -> (Vec<u32>, Vec<u32>) {
        let l = left_tail.trim_end();
        let r = right_head.trim_start();
        if let Some(stem) = l.strip_suffix('-') {
            let stem_ends_word = stem.chars().next_back().is_some_and(is_word_char);
            let right_starts_lower = r.chars().next().is_some_and(|c| c.is_lowercase());
            if stem_ends_word && right_starts_lower {
                let mut left = tokens(stem, self.cased);
                let mut right = tokens(r, self.cased);
                if let (Some((piece, cap)), Some(first)) = (left.pop(), right.first_mut()) {
                    first.0 = piece + &first.0;
                    first.1 = cap;
                }
                let map = |v: Vec<(String, bool)>| -> Vec<u32> {
                    v.into_iter().map(|(t, c)| self.token_id(&t, c)).collect()
                };
                return (map(left), map(right));
            }
        }
        (self.ids(l), self.ids(r))
    }

    /// The continuation score on ids (see [`continuation`](Self::continuation)); `left` is A's
    /// tail, `right` B's head.
    pub fn continuation_ids(&self, left: &[u32], right: &[u32], how: Continuation) -> f64 {
        let ctx = &left[left.len().saturating_sub(how.left.min(self.order - 1))..];
        let with = self.sequence_logprob(ctx, right, how.k);
        let without = match how.baseline {
            Baseline::ParagraphStart => self.sequence_logprob(&[self.specials.start], right, how.k),
            Baseline::Unconditioned => self.sequence_logprob(&[], right, how.k),
        };
        with - without
    }
}

/// True for the characters words are made of (see the module documentation).
pub fn is_word_char(c: char) -> bool {
    let o = c as u32;
    if o < 128 {
        return c.is_ascii_alphanumeric();
    }
    ((0xC0..=0x24F).contains(&o) && o != 0xD7 && o != 0xF7) || (0x370..=0x3FF).contains(&o)
}

/// A word's form in a lowercased (`cased` false) or cased model (see the module documentation).
pub fn case_form(word: &str, cased: bool) -> String {
    if !cased {
        return word.to_lowercase();
    }
    let mut cs = word.chars();
    let all_caps = word.chars().nth(1).is_some()
        && !word.chars().any(char::is_lowercase)
        && word.chars().any(char::is_uppercase);
    match cs.next() {
        Some(first) if all_caps => {
            let mut s = String::from(first);
            s.push_str(&cs.as_str().to_lowercase());
            s
        }
        _ => word.to_string(),
    }
}

/// Tokenise as the module documentation says: (token, capitalised), the token lowercased
/// unless `cased`.
pub fn tokens(text: &str, cased: bool) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_word_char(c) {
            let mut word = String::new();
            let mut j = i;
            while j < chars.len() {
                let d = chars[j];
                if is_word_char(d) {
                    word.push(d);
                    j += 1;
                } else if (d == '\'' || d == '\u{2019}')
                    && j + 1 < chars.len()
                    && is_word_char(chars[j + 1])
                {
                    word.push('\'');
                    j += 1;
                } else {
                    break;
                }
            }
            let o = c as u32;
            let cap = c.is_ascii_uppercase() || (0xC0..=0xDE).contains(&o);
            out.push((case_form(&word, cased), cap));
            i = j;
            continue;
        }
        let p = match c {
            '.' | '\u{2026}' => Some("."),
            ',' => Some(","),
            ';' => Some(";"),
            ':' => Some(":"),
            '?' => Some("?"),
            '!' => Some("!"),
            _ => None,
        };
        if let Some(p) = p {
            if out.last().is_none_or(|(t, _)| t != p) {
                out.push((p.to_string(), false));
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests;
