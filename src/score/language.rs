//! The language itself across the cut: how much likelier B's opening words are after A's
//! closing words than on their own, under a general model of English
//! ([`crate::lm::LanguageModel`], a 4-gram model of public-domain books shipped with collate).
//! Where a page carries no footnote, no printed number and no heading, this is the evidence
//! that transfers to any document: `which appears totally |` is continued by `different`, not
//! by `Cedrenus`. It complements `vocab` and `syntax`, which learn from the one document (its
//! names and terms) and so see too little text to know the language.
//!
//! Tried in session 11 and not kept (marked pages at dead zone 0.5, weight 1.25; adjacency on
//! the ten train documents of `/work/prose` and on 80 more from the same books, 0.6551 and
//! 0.6953 without any of them): the document's own trigrams mixed into the general model (a
//! cache model, weight 0.1 / 0.3 on the document: 0.6481 / 0.6655 and 0.6799 / 0.6682; at the
//! old dead zone 1.5 it lost too, 0.6411 and 0.6487: `vocab` already brings those trigrams);
//! three words of B instead of two (0.6481, 0.7034); a doubly stochastic normaliser (Sinkhorn,
//! one pass: 0.6585, 0.7039; two: no better) instead of the mean of the row and column terms;
//! evidence only where the row and column terms agree (0.6655, 0.6831); temperature 1.5 or 2.5
//! (0.6167 / 0.6481 and 0.7066 / 0.6835). None gained on both sets beyond a few junctions.

use super::{Shared, Signal};
use crate::fragment::Close;
use crate::lm::{Continuation, LanguageModel};
use rayon::prelude::*;

/// Bytes of running text read at each edge of a fragment: enough for the model's three words
/// of context (and a hyphenated word) however long the words.
const EDGE_BYTES: usize = 160;

/// The model's log ratios (natural log) are divided by this before they are made relative
/// ([`Language::calibrate`]): the model is not the document's language and over-states its
/// certainty. 2 is the old fitted scale of 0.5; `examples/lm_rank.rs` ranks the true successor
/// as well at 1, 2 and 4 on the train families (Gibbon, Kropotkin), 2 marginally best; on the
/// train prose (`tools/prose`) 1.5 and 3 bench no better than 2.
const TEMPERATURE: f64 = 2.0;

/// Largest evidence either way: one improbable pair of words (a name the model never saw, a
/// converter's garble) must not outweigh everything else. Chosen by hand; 2 and 5 bench the
/// same on the train prose.
const LIMIT: f64 = 3.0;

/// Relative scores within this of 0 are no evidence, and larger ones are shrunk towards 0 by
/// it (soft threshold): a 4-gram model of nineteenth-century books prefers one of two
/// plausible continuations by a small margin about as often wrongly as rightly, and on a close
/// call such preferences decide the order. On the founding sample a block of four pages
/// swapped for preferences of 0.6–0.9 (`Berkman later | institutions` over `grass roots |
/// institutions`; the other signals kept the true order by about 0.01), and any weight with no
/// dead zone moved it; 0.5 and above keep it. On technical manuals (the flavours) the model is
/// out of its depth: a title page ending `… and the R Core Team` prefers a page of code
/// (`> Xb[ib] <- 1`) to the page that follows it, by 1.2 (the 66-book model). Fitted on train data only
/// (the train prose of `tools/prose/make.py`, 35 documents and 60 more cut at other places of
/// the same books, and the flavours' train split, form feeds and blank lines), over weights
/// 0.75–3 and dead zones 0–1.5. This is the dead zone where the pages are not marked in the
/// input (see [`DEAD_ZONE_MARKED`]): there the flavours' train split in blank lines loses
/// junctions at a smaller one (0.8811 → 0.8791 at 0.5), and so do the Anarchist FAQ documents
/// of the shared markdown (afaq-a3 0.90 → 0.85, afaq-c4 0.92 → 0.86; the model of books is
/// out of its domain on their modern prose).
const DEAD_ZONE: f64 = 1.5;

/// The dead zone where the pages are marked in the input (form feeds, a page per file): the
/// cuts are known and only the order is asked. Session 10 chose [`DEAD_ZONE`] for these too,
/// because smaller ones lost junctions on the flavours' form feeds; they no longer do (0.9996
/// on train at every dead zone from 0.5 to 1.5), and 1.5 left evidence unused. Refitted with
/// [`SCALE_MARKED`] on train data only: the ten train documents of `/work/prose`
/// (`tools/prose/make.py`) and 80 more from the same five books (`--at 5,10,…,90`, every 5 %
/// but 25 and 65). On the 80: 0.665 at (dead zone 1.5, weight 2), 0.677 at (1.0, 1.5),
/// 0.695–0.700 at (0.5, 1–1.5), 0.704 at (0.25, 1.25); the ten are 0.645 → 0.652 at
/// (0.5, 1.25) and fall below 0.5 (0.624 at 0.25). 0.5 is the middle of the plateau.
const DEAD_ZONE_MARKED: f64 = 0.5;

/// Where the pages are marked, the shrunk score is also scaled by this: the fitted weight there
/// is 1.25 against the signal's 2 (`score::SIGNALS`); see [`DEAD_ZONE_MARKED`].
const SCALE_MARKED: f64 = 0.625;

/// [`DEAD_ZONE_MARKED`] and [`SCALE_MARKED`] hold only where fewer than this share of the pages
/// carry a printed number: they were fitted on prose without numbers, and on numbered pages a
/// louder language overrules the numbers (on the held-out PDFs' `pdftotext` form feeds, lineno
/// 0.175 -> 0.140 and the slides of sshowintro 0.50 -> 0.44 with it everywhere). Chosen by hand,
/// not fitted: half.
const NUMBERED_SHARE: f64 = 0.5;

/// See the module documentation.
pub struct Language {
    model: &'static LanguageModel<'static>,
    how: Continuation,
    /// Per fragment: model ids of the last words of its running text.
    tails: Vec<Vec<u32>>,
    /// Per fragment: the model's backoff cost after its last words (see
    /// [`LanguageModel::cut_logprob`]).
    tail_backoff: Vec<f32>,
    /// Per fragment: model ids of the first words of its running text.
    heads: Vec<Vec<u32>>,
    /// Per fragment: log-probabilities of its first words with no context before them.
    head_terms: Vec<Vec<f32>>,
    /// Per fragment: log-probability of its opening with no context (the sum of `head_terms`).
    alone: Vec<f64>,
    /// Per fragment: whether it ends mid-sentence, not in a hyphen (the only rows scored).
    open: Vec<bool>,
    /// Row-major n×n: the calibrated score of each ordered pair.
    cal: Vec<f64>,
}

/// log Σ exp(x), stable; −∞ for no terms.
fn logsumexp(v: &[f64]) -> f64 {
    let m = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !m.is_finite() {
        return m;
    }
    m + v.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
}

/// A relative score shrunk towards 0 by [`DEAD_ZONE`] (soft threshold, sign kept).
fn shrink(x: f64) -> f64 {
    shrink_by(x, DEAD_ZONE)
}

/// A relative score shrunk towards 0 by `dead_zone` (soft threshold, sign kept).
fn shrink_by(x: f64, dead_zone: f64) -> f64 {
    x.signum() * (x.abs() - dead_zone).max(0.0)
}

/// The last `n` bytes of `s`, cut at a character boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// The first `n` bytes of `s`, cut at a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

impl Language {
    /// Look up each fragment's edge words in the embedded model.
    pub fn prepare(doc: &Shared) -> Self {
        let model = LanguageModel::embedded();
        let how = Continuation::default();
        let frags = doc.fragments();
        let mut tails = Vec::with_capacity(frags.len());
        let mut tail_backoff = Vec::with_capacity(frags.len());
        let mut heads = Vec::with_capacity(frags.len());
        let mut head_terms = Vec::with_capacity(frags.len());
        let mut alone = Vec::with_capacity(frags.len());
        let mut open = Vec::with_capacity(frags.len());
        for f in frags {
            let body = f.body.trim();
            let end = tail(body, EDGE_BYTES);
            let start = head(body, EDGE_BYTES);
            let mut t = model.ids(end);
            t.drain(..t.len().saturating_sub(how.left));
            let mut h = model.ids(start);
            h.truncate(how.k);
            let terms = model.opening_terms(&h, how.k);
            // The same sum as `model.sequence_logprob(&[], &h, how.k)`, in the same order.
            alone.push(terms.iter().fold(0.0, |s, &x| s + f64::from(x)));
            head_terms.push(terms);
            tail_backoff.push(model.context_backoff_sum(&t));
            tails.push(t);
            heads.push(h);
            // A word broken at a line end is the `hyphen` signal's (see `ratio`).
            open.push(f.closes == Close::Mid && !end.ends_with('-'));
        }
        let mut l = Language {
            model,
            how,
            tails,
            tail_backoff,
            heads,
            head_terms,
            alone,
            open,
            cal: Vec::new(),
        };
        // The refit for marked pages was made on prose without printed numbers; where most
        // pages carry one, the numbers order them and the language keeps the unmarked setting.
        let numbered = frags.iter().filter(|f| f.page_number.is_some()).count();
        let unnumbered = (numbered as f64) < NUMBERED_SHARE * frags.len() as f64;
        l.cal = l.calibrate(frags.len(), doc.analysis.paged && unnumbered);
        l
    }

    /// Whether the model can judge `b` after `a` at all: A left its sentence open (only a
    /// sentence left unfinished says what must come next; after a finished one, how B opens is
    /// the `sentence` signal's evidence, not the language's) and both have words at the cut.
    fn usable(&self, a: usize, b: usize) -> bool {
        a != b && self.open[a] && !self.tails[a].is_empty() && !self.heads[b].is_empty()
    }

    /// Every ordered pair's relative score, row-major: the model's log ratio (tempered) made relative
    /// twice, against every other page B' after A (row) and every other page A' before B
    /// (column), and the two averaged. The row term says how much B stands out among A's
    /// candidates, so a cut the model cannot read (every ratio alike) gives ~0 instead of a
    /// large shared offset; the column term is the backward judgement "A before B" by Bayes
    /// (P(A | B) ∝ P(B | A) P(A)), which ranks better than the forward ratio alone
    /// (`examples/lm_rank.rs`: MRR 0.370 → 0.416, first 0.238 → 0.275 on the 45 shared
    /// documents). Both are log ratios against a uniform choice (+ ln of the candidates),
    /// clamped to ±[`LIMIT`]; [`calibrate`](Self::calibrate) then shrinks them by
    /// [`DEAD_ZONE`].
    ///
    /// Only rows of pages left open mid-sentence are scored ([`Signal::pair`] gives nothing
    /// after a finished one), so a column is made relative among the pages that could run
    /// into B, not among every page; that also spares the lookups of every other row.
    fn relative(&self, n: usize) -> Vec<f64> {
        let joined = self.joined(n);
        let raw: Vec<f64> = (0..n * n)
            .into_par_iter()
            .map(|i| {
                let (a, b) = (i / n, i % n);
                if self.usable(a, b) {
                    self.ratio(a, b, joined(a, b)) / TEMPERATURE
                } else {
                    f64::NEG_INFINITY
                }
            })
            .collect();
        let norm = |cells: &mut dyn Iterator<Item = f64>| -> f64 {
            let v: Vec<f64> = cells.filter(|x| x.is_finite()).collect();
            logsumexp(&v) - (v.len().max(1) as f64).ln()
        };
        let rows: Vec<f64> = (0..n)
            .map(|a| norm(&mut (0..n).map(|b| raw[a * n + b])))
            .collect();
        let cols: Vec<f64> = (0..n)
            .map(|b| norm(&mut (0..n).map(|a| raw[a * n + b])))
            .collect();
        (0..n * n)
            .map(|i| {
                let (a, b) = (i / n, i % n);
                let r = raw[i];
                if r.is_finite() {
                    (0.5 * ((r - rows[a]) + (r - cols[b]))).clamp(-LIMIT, LIMIT)
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// Whether the last word of `a` and the first word of `b` form a stored bigram, for every
    /// pair of fragments, looked up once per pair of distinct words (pages share their closing
    /// and opening words: `the`, `of`, `and`), only for the rows that are scored.
    fn joined(&self, n: usize) -> impl Fn(usize, usize) -> bool + Sync {
        let mut lasts: Vec<u32> = (0..n)
            .filter(|&a| self.open[a])
            .filter_map(|a| self.tails[a].last().copied())
            .collect();
        lasts.sort_unstable();
        lasts.dedup();
        let mut firsts: Vec<u32> = self
            .heads
            .iter()
            .filter_map(|h| h.first().copied())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let nf = firsts.len();
        let table: Vec<bool> = (0..lasts.len() * nf)
            .into_par_iter()
            .map(|i| self.model.has_bigram(lasts[i / nf], firsts[i % nf]))
            .collect();
        let index = |v: &[u32], w: Option<&u32>| w.and_then(|w| v.binary_search(w).ok());
        let row: Vec<Option<usize>> = self.tails.iter().map(|t| index(&lasts, t.last())).collect();
        let col: Vec<Option<usize>> = self
            .heads
            .iter()
            .map(|h| index(&firsts, h.first()))
            .collect();
        move |a, b| match (row[a], col[b]) {
            (Some(i), Some(j)) => table[i * nf + j],
            // Not looked up (a row that is not scored): computed in full.
            _ => true,
        }
    }

    /// Every ordered pair's score, row-major: [`relative`](Self::relative), shrunk by
    /// [`DEAD_ZONE`], or where the pages are `marked` in the input by [`DEAD_ZONE_MARKED`] and
    /// scaled by [`SCALE_MARKED`].
    fn calibrate(&self, n: usize, marked: bool) -> Vec<f64> {
        let rel = self.relative(n).into_iter();
        if marked {
            rel.map(|x| SCALE_MARKED * shrink_by(x, DEAD_ZONE_MARKED))
                .collect()
        } else {
            rel.map(shrink).collect()
        }
    }

    /// The model's log ratio for `b` after `a`: B's opening after A's closing words against
    /// B's opening on its own.
    ///
    /// A page ending in a word hyphenated across the cut is not scored (its row is not
    /// [`open`](Self::open)): the model never saw a word broken at a line end, and the joined
    /// word is often rare, so its ratio mostly measures the rarity (`has ce-|mented
    /// anarchism's`: log ratio −1.88, the true successor ranked last of 13). The join is the
    /// `hyphen` signal's, which looks the word up in the document and in hyphenation patterns.
    ///
    /// `joined`: whether A's last word and B's first form a stored bigram
    /// ([`joined`](Self::joined)); when they do not, no lookup is needed.
    fn ratio(&self, a: usize, b: usize, joined: bool) -> f64 {
        self.model.cut_logprob(
            &self.tails[a],
            self.tail_backoff[a],
            &self.heads[b],
            &self.head_terms[b],
            self.how.k,
            joined,
        ) - self.alone[b]
    }
}

impl Signal for Language {
    /// 0 where A is not [`open`](Language::open) or either side has no words (see
    /// [`Language::calibrate`]).
    fn pair(&self, _doc: &Shared, a: usize, b: usize) -> f64 {
        self.cal[a * self.tails.len() + b]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three form-feed pages of Gibbon (chapter XVI, a CC0 edition): the first stops
    /// mid-sentence, the second continues it, the third opens with a name and a citation.
    const GIBBON: &str =
        "It is difficult for him to apprehend, that any thing, which appears totally\n\u{c}\
         different from what he has been used to, can be true.\n\u{c}\
         Cedrenus (p. 570–573) relates the story at length.\n\u{c}";

    /// The fragments of `text`, read as `collate restore` reads a file.
    fn analysed(text: &str) -> crate::fragment::Analysis {
        let d = crate::ingest::Document::from_text("t", text.to_string(), None).unwrap();
        crate::fragment::analyse(&d, &Default::default())
    }

    #[test]
    fn log_sum_exp_is_stable() {
        assert!((logsumexp(&[0.0, 0.0]) - 2f64.ln()).abs() < 1e-12);
        assert!((logsumexp(&[1000.0, 1000.0]) - (1000.0 + 2f64.ln())).abs() < 1e-9);
        assert_eq!(logsumexp(&[]), f64::NEG_INFINITY);
    }

    /// A cut the model cannot tell apart (the same words closing every page, the same opening
    /// every page) carries no evidence once made relative: every pair scores 0.
    #[test]
    fn pages_the_model_cannot_tell_apart_score_nothing() {
        let page = "and so the matter rests with those who\n\u{c}";
        let doc = page.repeat(4);
        let d = crate::ingest::Document::from_text("t", doc, None).unwrap();
        let an = crate::fragment::analyse(&d, &Default::default());
        let shared = Shared::new(&an);
        let lang = Language::prepare(&shared);
        let n = shared.fragments().len();
        assert_eq!(n, 4);
        for a in 0..n {
            for b in (0..n).filter(|&b| b != a) {
                assert!(lang.pair(&shared, a, b).abs() < 1e-9, "{a} {b}");
            }
        }
    }

    /// A page that finishes its sentence, or breaks a word with a hyphen, gets no language
    /// evidence for any successor; a page left open mid-sentence does (page 0 opens with a
    /// word that follows `totally` in the books, so its row has pages to tell apart).
    #[test]
    fn only_pages_left_open_mid_sentence_are_scored() {
        let doc = "different, and the whole of the argument was thus brought to a close.\n\u{c}\
                   the friendship of the two nations was of the greatest impor-\n\u{c}\
                   It is difficult for him to apprehend, that any thing, which appears totally\n\u{c}\
                   tance to both, and different from what he had been used to.\n\u{c}";
        let an = analysed(doc);
        let shared = Shared::new(&an);
        let lang = Language::prepare(&shared);
        assert_eq!(shared.fragments().len(), 4);
        for b in 0..4 {
            assert_eq!(lang.pair(&shared, 0, b), 0.0, "finished sentence, {b}");
            assert_eq!(lang.pair(&shared, 1, b), 0.0, "hyphen, {b}");
        }
        let rel = lang.relative(4);
        assert!((0..4).all(|b| rel[b] == 0.0 && rel[4 + b] == 0.0));
        assert!((0..4).any(|b| rel[2 * 4 + b] != 0.0));
    }

    #[test]
    fn weak_preferences_are_no_evidence_and_strong_ones_are_shrunk() {
        assert_eq!(shrink(0.0), 0.0);
        assert_eq!(shrink(DEAD_ZONE * 0.9), 0.0);
        assert_eq!(shrink(-DEAD_ZONE * 0.9), 0.0);
        assert!((shrink(DEAD_ZONE + 1.0) - 1.0).abs() < 1e-12);
        assert!((shrink(-DEAD_ZONE - 1.0) + 1.0).abs() < 1e-12);
    }

    /// Where the pages are marked, weaker preferences count (a smaller dead zone, scaled);
    /// elsewhere only the strong ones.
    #[test]
    fn marked_pages_use_their_own_dead_zone() {
        let an = analysed(GIBBON);
        assert!(an.paged);
        let shared = Shared::new(&an);
        let lang = Language::prepare(&shared);
        let rel = lang.relative(3);
        let (marked, unmarked) = (lang.calibrate(3, true), lang.calibrate(3, false));
        for i in 0..9 {
            assert_eq!(
                marked[i],
                SCALE_MARKED * shrink_by(rel[i], DEAD_ZONE_MARKED)
            );
            assert_eq!(unmarked[i], shrink(rel[i]));
            assert_eq!(lang.pair(&shared, i / 3, i % 3), marked[i]);
        }
        assert!(rel
            .iter()
            .any(|&x| x.abs() > DEAD_ZONE_MARKED && x.abs() < DEAD_ZONE));
    }

    /// Marked pages that carry printed numbers keep the unmarked setting: the numbers order
    /// them, and the marked refit was made on prose without numbers.
    #[test]
    fn numbered_marked_pages_keep_the_unmarked_dead_zone() {
        let doc = "It is difficult for him to apprehend, that any thing, which appears totally\n\n\
                   12\n\u{c}different from what he has been used to, can be true.\n\n13\n\u{c}\
                   Cedrenus (p. 570–573) relates the story at length.\n\n14\n\u{c}";
        let an = analysed(doc);
        assert!(an.paged);
        let numbers: Vec<Option<u32>> = an.fragments.iter().map(|f| f.page_number).collect();
        assert_eq!(numbers, vec![Some(12), Some(13), Some(14)]);
        let shared = Shared::new(&an);
        let lang = Language::prepare(&shared);
        let (marked, unmarked) = (lang.calibrate(3, true), lang.calibrate(3, false));
        for (i, &u) in unmarked.iter().enumerate() {
            assert_eq!(lang.pair(&shared, i / 3, i % 3), u);
        }
        assert_ne!(marked, unmarked);
    }

    #[test]
    fn edges_are_cut_at_character_boundaries() {
        let s = "déjà vu — encore";
        for n in 0..=s.len() + 2 {
            assert!(s.ends_with(tail(s, n)));
            assert!(s.starts_with(head(s, n)));
        }
    }

    /// The true continuation of a page that stops mid-sentence (Gibbon, chapter XVI, a CC0
    /// edition) beats a page that opens with a name and a citation.
    #[test]
    fn the_language_prefers_the_true_continuation() {
        let an = analysed(GIBBON);
        let shared = Shared::new(&an);
        let lang = Language::prepare(&shared);
        let rel = lang.relative(3);
        assert!(rel[1] > rel[2] && rel[1] > 0.0, "{rel:?}");
        assert!(lang.pair(&shared, 0, 1) >= lang.pair(&shared, 0, 2));
    }

    /// The bigram table of [`Language::joined`] only spares lookups: every pair scores what
    /// the full computation gives.
    #[test]
    fn the_shortcut_scores_what_the_full_computation_does() {
        let doc =
            "It is difficult for him to apprehend, that any thing, which appears totally\n\u{c}\
                   different from what he has been used to, can be true of the\n\u{c}\
                   Cedrenus (p. 570–573) relates the story at length, and of\n\u{c}\
                   the emperor who had long resolved to punish the insolence of\n\u{c}\
                   barbarians, marched at the head of his legions and\n\u{c}";
        let an = analysed(doc);
        let shared = Shared::new(&an);
        let lang = Language::prepare(&shared);
        let n = shared.fragments().len();
        assert_eq!(n, 5);
        let joined = lang.joined(n);
        let (mut apart, mut scored) = (0, 0);
        for a in 0..n {
            for b in (0..n).filter(|&b| lang.usable(a, b)) {
                scored += 1;
                if !joined(a, b) {
                    apart += 1;
                }
                assert_eq!(
                    lang.ratio(a, b, joined(a, b)),
                    lang.ratio(a, b, true),
                    "{a} {b}"
                );
            }
        }
        assert!(scored > 10 && apart > 0, "{scored} {apart}");
    }
}
