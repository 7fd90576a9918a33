//! Lexical similarity of every fragment against every other, by TF-IDF cosine: computed once
//! through an inverted index (each pair costs only the terms it shares), kept as a table when
//! the document is small enough, with each row's mean and spread so that a signal can ask how
//! unusually alike two fragments are among all of the first one's candidates. Every densely
//! scored document keeps its table; above a smaller limit (`build_with_limit`, which the tests
//! use to exercise it) a row is computed again through the index when asked for, and each
//! thread keeps the last row it computed: the score matrix asks row by row, so each row is
//! computed once more, not one sparse merge per pair. A document scored sparsely (see
//! [`super::candidates`]) asks for few cells per row: there each cosine is one sparse merge,
//! and each row's mean and spread are estimated from a strided sample of the columns, so
//! nothing costs n².

use rayon::prelude::*;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// A sparse TF-IDF vector: (term id, weight), sorted by term id, unit length.
pub type SparseVec = Vec<(u32, f32)>;

/// Largest document whose cosines are kept (n² floats per table): every densely scored one.
/// Two tables (`topic`, `shared`'s edges) at 4,999 fragments hold 200 MB; above 3,000, where the
/// limit stood before, recomputing each row when the matrix asks for it cost more than the
/// table saves in memory (the 2,215-page mixed markdown, 4,435 fragments: 5.9 → 4.6 s CPU on
/// one thread, 263 → 412 MiB; `farm-bench -n 3` pairs, same outputs).
const CACHE_LIMIT: usize = super::candidates::SPARSE_FROM;

/// Rows kept per thread, one per similarity last asked (a scorer has two similarities; a few
/// more let documents scored one after another on one thread not evict each other at once).
const ROWS_PER_THREAD: usize = 4;

/// Columns sampled for each row's mean and spread in a sparsely scored document. Chosen by
/// hand, not fitted: the spread of 512 cosines is within about 3% of the row's.
const STATS_SAMPLE: usize = 512;

/// Source of the identity each similarity gives its rows in the per-thread cache.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// A row kept for one similarity: (similarity id, row index, the row last asked for and not
/// filled, the row's cosines).
type KeptRow = (u64, usize, usize, Vec<f32>);

thread_local! {
    /// Per thread, most recent first.
    static ROWS: RefCell<Vec<KeptRow>> = const { RefCell::new(Vec::new()) };
}

/// Cosines of one set of vectors (`left`, one per fragment) against another (`right`, or
/// `left` itself when the comparison is symmetric).
#[derive(Debug, Default)]
pub struct Similarity {
    left: Vec<SparseVec>,
    right: Option<Vec<SparseVec>>,
    /// Per term of the right-hand vectors: (index, weight), in index order.
    postings: Vec<Vec<(u32, f32)>>,
    /// Identity of this similarity in the per-thread row cache.
    id: u64,
    /// Row-major cosines, when the document is small enough to keep them.
    table: Vec<f32>,
    /// Per row: mean and standard deviation of its cosines, the diagonal left out.
    rows: Vec<(f64, f64)>,
    /// Cosines by one sparse merge each (a sparsely scored document), not by rows.
    direct: bool,
}

impl Similarity {
    /// Every `left[a]` against every `right[b]`; `terms` is the size of the vocabulary.
    pub fn new(left: Vec<SparseVec>, right: Vec<SparseVec>, terms: usize) -> Self {
        Self::build(left, Some(right), terms)
    }

    /// Every vector against every other.
    pub fn symmetric(vectors: Vec<SparseVec>, terms: usize) -> Self {
        Self::build(vectors, None, terms)
    }

    fn build(left: Vec<SparseVec>, right: Option<Vec<SparseVec>>, terms: usize) -> Self {
        Self::build_with_limit(left, right, terms, CACHE_LIMIT)
    }

    /// [`build`](Self::build), keeping the table up to `limit` vectors.
    fn build_with_limit(
        left: Vec<SparseVec>,
        right: Option<Vec<SparseVec>>,
        terms: usize,
        limit: usize,
    ) -> Self {
        let n = left.len();
        if n >= super::candidates::SPARSE_FROM {
            return Self::sampled(left, right, terms);
        }
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms];
        for (b, v) in right.as_ref().unwrap_or(&left).iter().enumerate() {
            for &(t, w) in v {
                postings[t as usize].push((b as u32, w));
            }
        }
        let mut s = Similarity {
            left,
            right,
            postings,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            table: Vec::new(),
            rows: Vec::new(),
            direct: false,
        };
        let row_of = |a: usize, row: &mut [f32]| -> (f64, f64) {
            s.fill_row(a, row);
            let (mut sum, mut sq, mut k) = (0.0f64, 0.0f64, 0.0f64);
            for (b, &c) in row.iter().enumerate() {
                if a != b {
                    sum += c as f64;
                    sq += (c as f64) * (c as f64);
                    k += 1.0;
                }
            }
            if k < 1.0 {
                return (0.0, 0.0);
            }
            let mean = sum / k;
            (mean, (sq / k - mean * mean).max(0.0).sqrt())
        };
        // Row by row, each row independently, so the result does not depend on threads.
        let mut table = if n <= limit {
            vec![0f32; n * n]
        } else {
            Vec::new()
        };
        let rows: Vec<(f64, f64)> = if !table.is_empty() {
            table
                .par_chunks_mut(n)
                .enumerate()
                .map(|(a, row)| row_of(a, row))
                .collect()
        } else {
            (0..n)
                .into_par_iter()
                .map_init(|| vec![0f32; n], |row, a| row_of(a, row))
                .collect()
        };
        s.table = table;
        s.rows = rows;
        s
    }

    /// A similarity for a sparsely scored document: no table, cosines by direct merges, and
    /// each row's mean and spread over every `stride`-th column only (the diagonal left out).
    fn sampled(left: Vec<SparseVec>, right: Option<Vec<SparseVec>>, terms: usize) -> Self {
        let n = left.len();
        let stride = n.div_ceil(STATS_SAMPLE).max(1);
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms];
        let mut sample: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms];
        for (b, v) in right.as_ref().unwrap_or(&left).iter().enumerate() {
            for &(t, w) in v {
                postings[t as usize].push((b as u32, w));
                if b % stride == 0 {
                    sample[t as usize].push((b as u32, w));
                }
            }
        }
        let width = right.as_ref().unwrap_or(&left).len();
        let rows: Vec<(f64, f64)> = (0..n)
            .into_par_iter()
            .map_init(
                || vec![0f32; width],
                |row, a| {
                    for &(t, w) in &left[a] {
                        for &(b, w2) in &sample[t as usize] {
                            row[b as usize] += w * w2;
                        }
                    }
                    let (mut sum, mut sq, mut k) = (0.0f64, 0.0f64, 0.0f64);
                    for b in (0..width).step_by(stride) {
                        let c = std::mem::take(&mut row[b]) as f64;
                        if b != a {
                            sum += c;
                            sq += c * c;
                            k += 1.0;
                        }
                    }
                    if k < 1.0 {
                        return (0.0, 0.0);
                    }
                    let mean = sum / k;
                    (mean, (sq / k - mean * mean).max(0.0).sqrt())
                },
            )
            .collect();
        Similarity {
            left,
            right,
            postings,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            table: Vec::new(),
            rows,
            direct: true,
        }
    }

    /// The right-hand vectors that share with `left[a]` a term found in at most `df_cap` of
    /// them (common terms would make this cost n per row), with the sum of those terms'
    /// products, in the order first met; `a` itself left out. `scratch` must be all zeros, as
    /// long as the right-hand side; it is left so.
    pub fn sharing_rare(&self, a: usize, df_cap: usize, scratch: &mut [f32]) -> Vec<(usize, f32)> {
        let mut touched: Vec<u32> = Vec::new();
        for &(t, w) in &self.left[a] {
            let post = &self.postings[t as usize];
            if post.len() > df_cap {
                continue;
            }
            for &(b, w2) in post {
                if scratch[b as usize] == 0.0 {
                    touched.push(b);
                }
                scratch[b as usize] += w * w2;
            }
        }
        touched
            .iter()
            .map(|&b| (b as usize, std::mem::take(&mut scratch[b as usize])))
            .filter(|&(b, c)| b != a && c > 0.0)
            .collect()
    }

    /// Cosines of `left[a]` with every right-hand vector, through the inverted index. Each
    /// cell sums the products of shared terms in term order, exactly as [`cosine`] does, so
    /// the two give the same bits.
    fn fill_row(&self, a: usize, row: &mut [f32]) {
        row.fill(0.0);
        for &(t, w) in &self.left[a] {
            for &(b, w2) in &self.postings[t as usize] {
                row[b as usize] += w * w2;
            }
        }
    }

    /// The left-hand vector of `a`.
    pub fn left(&self, a: usize) -> &SparseVec {
        &self.left[a]
    }

    /// The right-hand vector of `b`.
    pub fn right(&self, b: usize) -> &SparseVec {
        &self.right.as_ref().unwrap_or(&self.left)[b]
    }

    /// Cosine of `left[a]` with `right[b]`.
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let n = self.left.len();
        if self.table.len() == n * n {
            return self.table[a * n + b];
        }
        if self.direct {
            return cosine(&self.left[a], self.right(b));
        }
        let width = self.right.as_ref().unwrap_or(&self.left).len();
        ROWS.with(|rows| {
            let mut rows = rows.borrow_mut();
            let at = rows.iter().position(|&(id, _, _, _)| id == self.id);
            match at {
                Some(i) => rows[..=i].rotate_right(1),
                None => {
                    let spare = if rows.len() >= ROWS_PER_THREAD {
                        rows.pop().map(|r| r.3).unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    rows.insert(0, (self.id, usize::MAX, usize::MAX, spare));
                }
            }
            let (_, row_a, asked, row) = &mut rows[0];
            if *row_a != a {
                if *asked != a {
                    // A row asked for once (junctions explained one by one) costs one merge
                    // (the same bits); asked for again (the matrix, row by row), one fill.
                    *asked = a;
                    return cosine(&self.left[a], self.right(b));
                }
                row.resize(width, 0.0);
                self.fill_row(a, row);
                *row_a = a;
            }
            row[b]
        })
    }

    /// Whether `a` and `b` can be compared at all: neither vector is empty and row `a` varies.
    pub fn comparable(&self, a: usize, b: usize) -> bool {
        !self.left[a].is_empty() && !self.right(b).is_empty() && self.rows[a].1 > 1e-9
    }

    /// How many standard deviations `cosine(a, b)` lies above the mean of row `a`, or `None`
    /// when the two are not [`comparable`](Self::comparable).
    pub fn standardised(&self, a: usize, b: usize) -> Option<f64> {
        let (mean, sd) = self.rows[a];
        self.comparable(a, b)
            .then(|| (self.cosine(a, b) as f64 - mean) / sd)
    }

    /// Distinct terms of `left[a]` and of `right[b]`.
    pub fn terms(&self, a: usize, b: usize) -> (usize, usize) {
        (self.left[a].len(), self.right(b).len())
    }
}

/// Cosine of two unit sparse vectors.
pub fn cosine(a: &SparseVec, b: &SparseVec) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[(u32, f32)]) -> SparseVec {
        let n: f32 = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        v.iter().map(|&(t, w)| (t, w / n)).collect()
    }

    #[test]
    fn the_table_and_the_direct_cosine_agree_and_rows_standardise() {
        let vs = vec![
            unit(&[(0, 1.0), (1, 1.0)]),
            unit(&[(0, 1.0), (2, 1.0)]),
            unit(&[(3, 1.0)]),
            unit(&[(0, 1.0), (1, 1.0), (3, 0.1)]),
        ];
        let s = Similarity::symmetric(vs.clone(), 4);
        let same = Similarity::new(vs.clone(), vs.clone(), 4);
        for a in 0..4 {
            for b in 0..4 {
                assert!((s.cosine(a, b) - cosine(&vs[a], &vs[b])).abs() < 1e-6);
                assert_eq!(s.standardised(a, b), same.standardised(a, b));
            }
        }
        // Fragment 0 is most like 3, least like 2.
        let z = |b| s.standardised(0, b).unwrap();
        assert!(z(3) > z(1) && z(1) > z(2));
        assert!(z(3) > 0.0 && z(2) < 0.0);
        assert_eq!(s.terms(0, 2), (2, 1));
    }

    /// Without the table, rows computed on demand give the table's bits, in any access order
    /// and with two similarities asked in turn.
    #[test]
    fn rows_on_demand_match_the_table() {
        let vs: Vec<SparseVec> = (0..40u32)
            .map(|i| {
                unit(&[
                    (i % 7, 1.0 + i as f32),
                    (7 + (i * 3) % 11, 0.5),
                    (20 + i % 5, 0.25),
                ])
            })
            .collect();
        let other: Vec<SparseVec> = vs.iter().rev().cloned().collect();
        let table = Similarity::build_with_limit(vs.clone(), Some(other.clone()), 25, 1000);
        let rows = Similarity::build_with_limit(vs.clone(), Some(other), 25, 10);
        let sym = Similarity::build_with_limit(vs.clone(), None, 25, 10);
        assert!(rows.table.is_empty());
        for (a, b) in (0..40)
            .flat_map(|a| (0..40).map(move |b| (a, b)))
            .chain([(3, 1), (0, 0)])
        {
            assert_eq!(rows.cosine(a, b).to_bits(), table.cosine(a, b).to_bits());
            assert_eq!(sym.cosine(a, b).to_bits(), cosine(&vs[a], &vs[b]).to_bits());
            assert_eq!(rows.standardised(a, b), table.standardised(a, b));
        }
    }
}
