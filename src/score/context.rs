//! Document-level statistics the signals share, learned from the document itself: word and
//! word-sequence (trigram) counts, how often a word is capitalised mid-sentence, how fragments open, TF-IDF
//! vectors of each fragment's opening and closing text, and contents lookups for headings.

use super::ngram::NGram;
use super::wordclass::ClassModel;
use crate::fragment::text::{normalise_title, words};
use crate::fragment::{Analysis, Fragment, Open};
use rustc_hash::FxHashMap as HashMap;

use super::similarity::Similarity;
pub use super::similarity::{cosine, SparseVec};

/// Shared, read-only statistics for scoring one document.
pub struct Context<'a> {
    /// The fragments being ordered.
    pub analysis: &'a Analysis,
    term_ids: HashMap<String, u32>,
    counts: Vec<u32>,
    /// Per term: occurrences capitalised not at a sentence start.
    cap_mid: Vec<u32>,
    /// Per term: occurrences in lowercase.
    lower: Vec<u32>,
    /// Hyphenated compounds seen in the text (lowercase), `co-operative`.
    compounds: HashMap<String, u32>,
    /// Share of fragments by how they open (smoothed).
    open_share: HashMap<Open, f64>,
    /// TF-IDF of each fragment's closing words against every fragment's opening words.
    pub edges: Similarity,
    /// TF-IDF of each fragment's whole text against every other's.
    pub pages: Similarity,
    /// Contents index of each fragment's first and last heading, when listed.
    pub contents_pos: Vec<Option<(usize, usize)>>,
    /// Page number the contents gives for each entry, in contents order.
    pub contents_pages: Vec<Option<u32>>,
    /// Number of fragments that open fresh or with a heading.
    pub fresh_openers: usize,
    /// Per fragment: its input successor across a candidate cut, with the boundary probability.
    pub link_next: Vec<Option<(usize, f64)>>,
    fuzzy_cache: HashMap<String, Option<u32>>,
    /// Trigram model of the document's words.
    pub ngram: NGram,
    /// Trigram model of the document's word classes, with each fragment's edge classes.
    pub classes: ClassModel,
    /// Per fragment: word ids of its first words and of its last words (in text order).
    pub edge_ids: Vec<(Vec<u32>, Vec<u32>)>,
    /// Per fragment: how proper-noun-like its first word is.
    pub first_proper: Vec<f64>,
    /// Per mark bit: share of fragments that start by closing it.
    closed_shares: [f64; 8],
    note_run_on: f64,
    /// Printed page numbers run on from page to page (most numbered pages have their
    /// neighbour's number too), rather than standing on some pages only.
    pub pages_run_on: bool,
}

/// Words at each edge of a fragment compared for cohesion.
const EDGE_WORDS: usize = 200;

impl<'a> Context<'a> {
    /// Learn the statistics of `analysis`.
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
        let vectorise = |terms: &[u32]| -> SparseVec {
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
                *c = (1.0 + c.ln()) * idf[*t as usize];
            }
            let norm: f32 = tf.iter().map(|(_, c)| c * c).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, c) in tf.iter_mut() {
                    *c /= norm;
                }
            }
            tf.retain(|(_, c)| *c > 0.0);
            tf
        };
        let heads: Vec<SparseVec> = frag_terms
            .iter()
            .map(|t| vectorise(&t[..t.len().min(EDGE_WORDS)]))
            .collect();
        let tails: Vec<SparseVec> = frag_terms
            .iter()
            .map(|t| vectorise(&t[t.len().saturating_sub(EDGE_WORDS)..]))
            .collect();

        let mut open_count: HashMap<Open, f64> = HashMap::default();
        for f in &analysis.fragments {
            *open_count.entry(f.opens).or_default() += 1.0;
        }
        let total_frags = analysis.fragments.len() as f64;
        let open_share = [
            Open::Continuation,
            Open::Fresh,
            Open::Heading,
            Open::Other,
            Open::Empty,
        ]
        .into_iter()
        .map(|o| {
            (
                o,
                (open_count.get(&o).copied().unwrap_or(0.0) + 0.5) / (total_frags + 2.5),
            )
        })
        .collect();
        let fresh_openers = analysis
            .fragments
            .iter()
            .filter(|f| matches!(f.opens, Open::Fresh | Open::Heading | Open::Other))
            .count();

        let nf = analysis.fragments.len();
        let mut link_next = vec![None; nf];
        for l in &analysis.links {
            link_next[l.from] = Some((l.to, l.p_boundary));
        }
        let edges = Similarity::new(tails, heads, counts.len());
        let pages = Similarity::symmetric(
            frag_terms.iter().map(|t| vectorise(t)).collect(),
            counts.len(),
        );
        let ngram = NGram::new(&sequences);
        let mut closed_shares = [0.0; 8];
        for (bit, share) in closed_shares.iter_mut().enumerate() {
            let k = analysis
                .fragments
                .iter()
                .filter(|f| f.closed_marks & (1 << bit) != 0)
                .count() as f64;
            *share = (k + 0.5) / (nf as f64 + 1.0);
        }
        let body: Vec<&Fragment> = analysis
            .fragments
            .iter()
            .filter(|f| f.kind == crate::fragment::Kind::Body)
            .collect();
        let noteless = body
            .iter()
            .filter(|f| f.refs.is_empty() && f.notes.is_empty())
            .count() as f64
            / body.len().max(1) as f64;
        let note_run_on = (1.0 + 2.0 * (1.0 - 2.0 * noteless)).clamp(0.75, 3.0);
        let mut numbers: Vec<u32> = analysis
            .fragments
            .iter()
            .filter(|f| !f.page_roman)
            .filter_map(|f| f.page_number)
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let pages_run_on = numbers_run_on(&numbers);
        Context {
            edge_ids: Vec::new(),
            first_proper: Vec::new(),
            note_run_on,
            pages_run_on,
            closed_shares,
            ngram,
            classes: ClassModel::new(&analysis.fragments),
            link_next,
            analysis,
            contents_pos: contents_positions(&analysis.fragments),
            contents_pages: contents_pages(&analysis.fragments),
            term_ids,
            counts,
            cap_mid,
            lower,
            compounds,
            open_share,
            edges,
            pages,
            fresh_openers,
            fuzzy_cache: HashMap::default(),
        }
    }

    /// The fragments.
    pub fn fragments(&self) -> &[Fragment] {
        &self.analysis.fragments
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

    /// Share of fragments that open the way `o` does.
    pub fn open_share(&self, o: Open) -> f64 {
        self.open_share.get(&o).copied().unwrap_or(0.2)
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

    /// Score for footnote numbers running on (`b == a + 1`): strong when nearly every body
    /// fragment carries notes, weaker as note-less fragments (which may lie between) grow.
    pub fn note_run_on_score(&self) -> f64 {
        self.note_run_on
    }

    /// Share of fragments whose text starts by closing `mark` (smoothed).
    pub fn closed_share(&self, mark: crate::fragment::text::Marks) -> f64 {
        self.closed_shares[mark.trailing_zeros() as usize % 8]
    }

    /// Find a document word close to an unknown (garbled) word, by edit similarity.
    pub fn fuzzy_term(&self, w: &str) -> Option<u32> {
        if let Some(id) = self.term(w) {
            return Some(id);
        }
        if let Some(c) = self.fuzzy_cache.get(w) {
            return *c;
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

    /// Precompute fuzzy matches for fragment edge words (the only words looked up), the word
    /// ids at each fragment's edges, and how proper-noun-like each opening word is.
    pub fn warm_fuzzy(&mut self) {
        self.warm_fuzzy_cache();
        let ids = |ws: &mut dyn Iterator<Item = &String>| -> Vec<u32> {
            ws.map_while(|w| self.fuzzy_term(&w.to_lowercase()))
                .collect()
        };
        self.edge_ids = self
            .analysis
            .fragments
            .iter()
            .map(|f| {
                let first = ids(&mut f.first_words.iter());
                let mut last = ids(&mut f.last_words.iter().rev());
                last.reverse();
                (first, last)
            })
            .collect();
        self.first_proper = self
            .analysis
            .fragments
            .iter()
            .map(|f| f.first_words.first().map_or(0.3, |w| self.proper_share(w)))
            .collect();
    }

    fn warm_fuzzy_cache(&mut self) {
        let mut wanted: Vec<String> = Vec::new();
        for f in &self.analysis.fragments {
            for w in f.last_words.iter().chain(f.first_words.iter()) {
                let lw = w.to_lowercase();
                if self.term(&lw).is_none() {
                    wanted.push(lw);
                }
            }
        }
        wanted.sort();
        wanted.dedup();
        for w in wanted {
            let m = self.fuzzy_term(&w);
            self.fuzzy_cache.insert(w, m);
        }
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

/// Whether printed page numbers (sorted, each once) run on from page to page: most of them
/// have their neighbour's number too, rather than standing on some pages only.
pub(crate) fn numbers_run_on(sorted: &[u32]) -> bool {
    let consecutive = sorted.windows(2).filter(|w| w[1] == w[0] + 1).count();
    2 * consecutive > sorted.len().saturating_sub(1)
}

/// The page number the contents gives for each entry, in contents order.
pub(crate) fn contents_pages(frags: &[Fragment]) -> Vec<Option<u32>> {
    frags
        .iter()
        .flat_map(|f| f.contents.iter().map(|c| c.page))
        .collect()
}

/// Map each fragment's headings onto the document's table of contents.
/// Per fragment: the contents positions of its first and last listed heading.
pub(crate) fn contents_positions(frags: &[Fragment]) -> Vec<Option<(usize, usize)>> {
    let entries: Vec<String> = frags
        .iter()
        .flat_map(|f| f.contents.iter().map(|c| normalise_title(&c.title)))
        .collect();
    if entries.len() < 2 {
        return vec![None; frags.len()];
    }
    let find = |title: &str| -> Option<usize> {
        let t = normalise_title(title);
        if t.len() < 3 {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        for (i, e) in entries.iter().enumerate() {
            let sim = if e == &t {
                1.0
            } else if e.starts_with(&t) || t.starts_with(e.as_str()) {
                0.9
            } else {
                strsim::normalized_levenshtein(e, &t)
            };
            if sim >= 0.8 && best.is_none_or(|(s, _)| sim > s) {
                best = Some((sim, i));
            }
        }
        best.map(|(_, i)| i)
    };
    frags
        .iter()
        .map(|f| {
            let pos: Vec<usize> = f.headings.iter().filter_map(|h| find(&h.text)).collect();
            match (pos.first(), pos.last()) {
                (Some(&a), Some(&b)) => Some((a, b)),
                _ => None,
            }
        })
        .collect()
}
