//! An interpolated Kneser–Ney trigram model of the document's own words, used to ask how well
//! the first words of one fragment continue the last words of another.

use rustc_hash::FxHashMap as HashMap;

const D: f64 = 0.75;

/// Counts for a Kneser–Ney trigram model over word ids.
#[derive(Debug, Default)]
pub struct NGram {
    bigram: HashMap<(u32, u32), u32>,
    trigram: HashMap<(u32, u32, u32), u32>,
    /// Per word v: (c(v •), distinct followers).
    after1: HashMap<u32, (u32, u32)>,
    /// Per pair (u, v): (c(u v •), distinct followers).
    after2: HashMap<(u32, u32), (u32, u32)>,
    /// Per word w: distinct predecessors.
    before: HashMap<u32, u32>,
    distinct_bigrams: u32,
}

impl NGram {
    /// Count the n-grams of word-id sequences (each sequence is unbroken text).
    pub fn new(sequences: &[Vec<u32>]) -> Self {
        let mut m = NGram::default();
        for seq in sequences {
            for w in seq.windows(2) {
                *m.bigram.entry((w[0], w[1])).or_default() += 1;
            }
            for w in seq.windows(3) {
                *m.trigram.entry((w[0], w[1], w[2])).or_default() += 1;
            }
        }
        for (&(v, w), &c) in &m.bigram {
            let e = m.after1.entry(v).or_default();
            e.0 += c;
            e.1 += 1;
            *m.before.entry(w).or_default() += 1;
        }
        for (&(u, v, _), &c) in &m.trigram {
            let e = m.after2.entry((u, v)).or_default();
            e.0 += c;
            e.1 += 1;
        }
        m.distinct_bigrams = m.bigram.len() as u32;
        m
    }

    /// Continuation unigram probability.
    pub fn p1(&self, w: u32) -> f64 {
        let nb = self.distinct_bigrams.max(1) as f64;
        (self.before.get(&w).copied().unwrap_or(0) as f64 + 0.5) / (nb + 0.5 * nb.sqrt())
    }

    /// P(w | v).
    pub fn p2(&self, v: u32, w: u32) -> f64 {
        let p1 = self.p1(w);
        match self.after1.get(&v) {
            Some(&(total, distinct)) if total > 0 => {
                let c = self.bigram.get(&(v, w)).copied().unwrap_or(0) as f64;
                let total = total as f64;
                (c - D).max(0.0) / total + D * distinct as f64 / total * p1
            }
            _ => p1,
        }
    }

    /// P(w | u v).
    pub fn p3(&self, u: u32, v: u32, w: u32) -> f64 {
        let p2 = self.p2(v, w);
        match self.after2.get(&(u, v)) {
            Some(&(total, distinct)) if total > 0 => {
                let c = self.trigram.get(&(u, v, w)).copied().unwrap_or(0) as f64;
                let total = total as f64;
                (c - D).max(0.0) / total + D * distinct as f64 / total * p2
            }
            _ => p2,
        }
    }

    /// Log-likelihood ratio of `right` (first words of B) following `left` (last words of A)
    /// against `right` standing without that context.
    pub fn junction(&self, left: &[u32], right: &[u32]) -> f64 {
        let Some(&y1) = right.first() else {
            return 0.0;
        };
        let Some(&x2) = left.last() else {
            return 0.0;
        };
        let with1 = match left.len() {
            1 => self.p2(x2, y1),
            _ => self.p3(left[left.len() - 2], x2, y1),
        };
        let mut llr = (with1 / self.p1(y1)).ln();
        if let Some(&y2) = right.get(1) {
            llr += (self.p3(x2, y1, y2) / self.p2(y1, y2)).ln();
        }
        llr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_continuations_score_above_unseen() {
        // "the roman empire was great" repeated; "of" never follows "the".
        let seq: Vec<u32> = [0, 1, 2, 3, 4]
            .repeat(5)
            .into_iter()
            .chain([5, 0, 6, 5, 1])
            .collect();
        let m = NGram::new(&[seq]);
        assert!(m.junction(&[0], &[1, 2]) > m.junction(&[0], &[5, 0]));
        assert!(m.junction(&[0], &[1, 2]) > 0.0);
    }
}
