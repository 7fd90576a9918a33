//! An interpolated Kneser–Ney trigram model of the document's own words, used to ask how well
//! the first words of one fragment continue the last words of another.

use rustc_hash::FxHashMap as HashMap;

const D: f64 = 0.75;

/// An absolutely discounted estimate: the count `c` of the n-gram given what follows its
/// context (`after`: total and distinct followers), backed off to `lower`.
#[inline]
fn discount(after: Option<(u32, u32)>, c: impl Fn() -> u32, lower: f64) -> f64 {
    match after {
        Some((total, distinct)) if total > 0 => {
            let c = c() as f64;
            let total = total as f64;
            (c - D).max(0.0) / total + D * distinct as f64 / total * lower
        }
        _ => lower,
    }
}

/// The last words of a fragment as [`NGram::junction_of`] reads them.
#[derive(Debug, Clone, Copy)]
pub struct Left {
    x1: Option<u32>,
    x2: u32,
    after1: Option<(u32, u32)>,
    after2: Option<(u32, u32)>,
}

/// The first words of a fragment as [`NGram::junction_of`] reads them.
#[derive(Debug, Clone, Copy)]
pub struct Right {
    y1: u32,
    y2: Option<u32>,
    p1: f64,
    p2: Option<f64>,
}

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
        let c = || self.bigram.get(&(v, w)).copied().unwrap_or(0);
        discount(self.after1.get(&v).copied(), c, self.p1(w))
    }

    /// P(w | u v).
    pub fn p3(&self, u: u32, v: u32, w: u32) -> f64 {
        let c = || self.trigram.get(&(u, v, w)).copied().unwrap_or(0);
        discount(self.after2.get(&(u, v)).copied(), c, self.p2(v, w))
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

    /// Every word pair the document has in a row, in no particular order.
    pub fn bigrams(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.bigram.keys().copied()
    }

    /// The last word of a fragment's edge as read by [`NGram::left`].
    pub fn last_word(l: &Left) -> u32 {
        l.x2
    }

    /// The first word of a fragment's edge as read by [`NGram::right`].
    pub fn first_word(r: &Right) -> u32 {
        r.y1
    }

    /// What [`NGram::junction`] reads of the last words of a fragment (`left`, not empty).
    pub fn left(&self, left: &[u32]) -> Left {
        let x2 = left[left.len() - 1];
        let x1 = (left.len() > 1).then(|| left[left.len() - 2]);
        Left {
            x1,
            x2,
            after1: self.after1.get(&x2).copied(),
            after2: x1.and_then(|x1| self.after2.get(&(x1, x2)).copied()),
        }
    }

    /// What [`NGram::junction`] reads of the first words of a fragment (`right`, not empty).
    pub fn right(&self, right: &[u32]) -> Right {
        let y1 = right[0];
        let y2 = right.get(1).copied();
        Right {
            y1,
            y2,
            p1: self.p1(y1),
            p2: y2.map(|y2| self.p2(y1, y2)),
        }
    }

    /// [`NGram::junction`] of the edges read by [`NGram::left`] and [`NGram::right`], the same
    /// value to the bit, with only the look-ups that need both sides: the junction's bigram,
    /// and when the document has it, the two trigrams through the junction and what follows
    /// its bigram (a document that never has `x2 y1` in a row has no trigram through it).
    /// `seen` must say whether the document has the junction's bigram (see
    /// [`NGram::bigrams`]): when it has not, nothing is looked up.
    pub fn junction_of(&self, l: &Left, r: &Right, seen: bool) -> f64 {
        let c2 = if seen {
            self.bigram.get(&(l.x2, r.y1)).copied().unwrap_or(0)
        } else {
            0
        };
        let with1 = {
            let p2 = discount(l.after1, || c2, r.p1);
            match l.x1 {
                None => p2,
                Some(x1) => discount(
                    l.after2,
                    || {
                        if seen {
                            self.trigram.get(&(x1, l.x2, r.y1)).copied().unwrap_or(0)
                        } else {
                            0
                        }
                    },
                    p2,
                ),
            }
        };
        let mut llr = (with1 / r.p1).ln();
        if let (Some(y2), Some(p2)) = (r.y2, r.p2) {
            let after = if seen {
                self.after2.get(&(l.x2, r.y1)).copied()
            } else {
                None
            };
            let c3 = || self.trigram.get(&(l.x2, r.y1, y2)).copied().unwrap_or(0);
            llr += (discount(after, c3, p2) / p2).ln();
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

    /// The two-sided shortcut gives the junction's value to the bit, seen pairs or not.
    #[test]
    fn junction_of_the_sides_is_the_junction() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let seqs: Vec<Vec<u32>> = (0..20)
            .map(|_| (0..30).map(|_| rng.random_range(0..12)).collect())
            .collect();
        let m = NGram::new(&seqs);
        for _ in 0..2000 {
            let left: Vec<u32> = (0..rng.random_range(1..4))
                .map(|_| rng.random_range(0..14))
                .collect();
            let right: Vec<u32> = (0..rng.random_range(1..4))
                .map(|_| rng.random_range(0..14))
                .collect();
            let seen = m.bigrams().any(|b| b == (left[left.len() - 1], right[0]));
            let fast = m.junction_of(&m.left(&left), &m.right(&right), seen);
            assert_eq!(fast.to_bits(), m.junction(&left, &right).to_bits());
        }
    }
}
