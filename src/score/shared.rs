//! What every signal may read about one document: the analysed fragments with their
//! [`Structure`], the document's own vocabulary (word ids, counts, how often each word is
//! capitalised mid-sentence, hyphenated compounds, TF-IDF weights), and the TF-IDF similarity
//! of each fragment's closing words to every fragment's opening words (read by `cohesion` and
//! `topic`). What only one signal needs, that signal learns itself in its `prepare`.

use crate::fragment::text::words;
use crate::fragment::{Analysis, Fragment, Structure};
use rustc_hash::FxHashMap as HashMap;

use super::similarity::Similarity;
pub use super::similarity::{cosine, SparseVec};

/// Shared, read-only statistics for scoring one document.
pub struct Shared<'a> {
    /// The fragments being ordered.
    pub analysis: &'a Analysis,
    /// The document's vocabulary.
    pub words: Words,
    /// TF-IDF of each fragment's closing words against every fragment's opening words.
    pub edges: Similarity,
}

/// The document's own vocabulary, learned from its fragments' running text.
pub struct Words {
    term_ids: HashMap<String, u32>,
    counts: Vec<u32>,
    /// Per term: occurrences capitalised not at a sentence start.
    cap_mid: Vec<u32>,
    /// Per term: occurrences in lowercase.
    lower: Vec<u32>,
    /// Hyphenated compounds seen in the text (lowercase), `co-operative`.
    compounds: HashMap<String, u32>,
    /// Inverse document frequency per term (fragments as documents).
    idf: Vec<f32>,
    /// Per fragment: its term ids in text order.
    pub fragment_terms: Vec<Vec<u32>>,
    /// Per line of running text: its term ids, the sequences the word trigram model learns.
    pub sequences: Vec<Vec<u32>>,
}

/// Words at each edge of a fragment compared for cohesion.
const EDGE_WORDS: usize = 200;

impl<'a> Shared<'a> {
    /// Learn the shared statistics of `analysis`.
    pub fn new(analysis: &'a Analysis) -> Self {
        let mut term_ids: HashMap<String, u32> = HashMap::default();
        let mut counts: Vec<u32> = Vec::new();
        let mut cap_mid: Vec<u32> = Vec::new();
        let mut lower: Vec<u32> = Vec::new();
        let mut compounds: HashMap<String, u32> = HashMap::default();
        let mut frag_terms: Vec<Vec<u32>> = Vec::with_capacity(analysis.fragments.len());
        let mut sequences: Vec<Vec<u32>> = Vec::new();
        for f in &analysis.fragments {
            let mut terms = Vec::new();
            for line in f.body.split('\n') {
                let mut seq: Vec<u32> = Vec::new();
                let mut sentence_start = true;
                let mut rest = line;
                for w in words(line) {
                    // Look at the text between the previous word and this one for a sentence end.
                    if let Some(pos) = rest.find(w) {
                        let between = &rest[..pos];
                        if between.contains(['.', '!', '?', ':', ';']) {
                            sentence_start = true;
                        }
                        rest = &rest[pos + w.len()..];
                    }
                    let lw = w.to_lowercase();
                    if lw.contains('-') {
                        *compounds.entry(lw.clone()).or_default() += 1;
                        // Each part counts as a word too.
                        for part in lw.split('-').filter(|p| !p.is_empty()) {
                            let id =
                                intern(&mut term_ids, &mut counts, &mut cap_mid, &mut lower, part);
                            counts[id as usize] += 1;
                        }
                    }
                    let id = intern(&mut term_ids, &mut counts, &mut cap_mid, &mut lower, &lw);
                    counts[id as usize] += 1;
                    let first = w.chars().next().unwrap_or(' ');
                    if first.is_lowercase() {
                        lower[id as usize] += 1;
                    } else if first.is_uppercase() && !sentence_start {
                        cap_mid[id as usize] += 1;
                    }
                    sentence_start = false;
                    terms.push(id);
                    seq.push(id);
                }
                sequences.push(seq);
            }
            frag_terms.push(terms);
        }
        // Document frequency over fragments, for IDF.
        let n = analysis.fragments.len().max(1) as f32;
        let mut df = vec![0u32; counts.len()];
        for terms in &frag_terms {
            let mut seen: Vec<u32> = terms.clone();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.0))
            .collect();
        let words = Words {
            term_ids,
            counts,
            cap_mid,
            lower,
            compounds,
            idf,
            fragment_terms: frag_terms,
            sequences,
        };
        let heads: Vec<SparseVec> = words
            .fragment_terms
            .iter()
            .map(|t| words.tfidf(&t[..t.len().min(EDGE_WORDS)]))
            .collect();
        let tails: Vec<SparseVec> = words
            .fragment_terms
            .iter()
            .map(|t| words.tfidf(&t[t.len().saturating_sub(EDGE_WORDS)..]))
            .collect();
        let edges = Similarity::new(tails, heads, words.len());
        Shared {
            analysis,
            words,
            edges,
        }
    }

    /// The fragments.
    pub fn fragments(&self) -> &[Fragment] {
        &self.analysis.fragments
    }

    /// What the document says about its own order.
    pub fn structure(&self) -> &Structure {
        &self.analysis.structure
    }
}

impl Words {
    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// True when the document has no words.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Id of a lowercase word, if the document uses it.
    pub fn term(&self, w: &str) -> Option<u32> {
        self.term_ids.get(w).copied()
    }

    /// How often the document uses the lowercase word `w`.
    pub fn count(&self, w: &str) -> u32 {
        self.term(w).map_or(0, |id| self.counts[id as usize])
    }

    /// How often the document uses the hyphenated compound `w`.
    pub fn compound_count(&self, w: &str) -> u32 {
        self.compounds.get(w).copied().unwrap_or(0)
    }

    /// How proper-noun-like a word is: the share of its uses capitalised mid-sentence.
    pub fn proper_share(&self, w: &str) -> f64 {
        match self.term(&w.to_lowercase()) {
            Some(id) => {
                let c = self.cap_mid[id as usize] as f64;
                let l = self.lower[id as usize] as f64;
                (c + 0.3) / (c + l + 1.0)
            }
            None => 0.3,
        }
    }

    /// The unit TF-IDF vector of a run of terms (log-scaled term frequency).
    pub fn tfidf(&self, terms: &[u32]) -> SparseVec {
        let mut tf: Vec<(u32, f32)> = Vec::new();
        let mut sorted = terms.to_vec();
        sorted.sort_unstable();
        for t in sorted {
            match tf.last_mut() {
                Some((id, c)) if *id == t => *c += 1.0,
                _ => tf.push((t, 1.0)),
            }
        }
        for (t, c) in tf.iter_mut() {
            *c = (1.0 + c.ln()) * self.idf[*t as usize];
        }
        let norm: f32 = tf.iter().map(|(_, c)| c * c).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, c) in tf.iter_mut() {
                *c /= norm;
            }
        }
        tf.retain(|(_, c)| *c > 0.0);
        tf
    }

    /// A document word close to an unknown (garbled) word, by edit similarity: the most
    /// similar at or above 0.8 (normalised Levenshtein, chosen by hand: one wrong letter in
    /// five) with the same first letter and nearly the same length, ties broken by the word.
    pub fn fuzzy_term(&self, w: &str) -> Option<u32> {
        if let Some(id) = self.term(w) {
            return Some(id);
        }
        let len = w.chars().count();
        if len < 4 {
            return None;
        }
        let first: String = w.chars().take(1).collect();
        let mut best: Option<(f64, &str, u32)> = None;
        for (cand, &id) in &self.term_ids {
            if !cand.starts_with(&first) {
                continue;
            }
            let cl = cand.chars().count();
            if cl + 2 < len || cl > len + 2 {
                continue;
            }
            let sim = strsim::normalized_levenshtein(w, cand);
            if sim >= 0.8 {
                // Ties broken by the word itself so the answer never depends on map order.
                let better = match best {
                    None => true,
                    Some((s, bw, _)) => sim > s || (sim == s && cand.as_str() < bw),
                };
                if better {
                    best = Some((sim, cand.as_str(), id));
                }
            }
        }
        best.map(|(_, _, id)| id)
    }
}

fn intern(
    ids: &mut HashMap<String, u32>,
    counts: &mut Vec<u32>,
    cap_mid: &mut Vec<u32>,
    lower: &mut Vec<u32>,
    w: &str,
) -> u32 {
    if let Some(&id) = ids.get(w) {
        return id;
    }
    let id = counts.len() as u32;
    ids.insert(w.to_string(), id);
    counts.push(0);
    cap_mid.push(0);
    lower.push(0);
    id
}
