//! Mixed documents in the bench (`bench --mix`): each document's pages interleaved with
//! another's, restored, and measured on what matters for a mixed set: the share of pages put
//! in their own document, each document's adjacency within the mixed run against restoring it
//! alone, and single documents split in two (false splits, from the runs of each document
//! alone).

use super::metrics::{trace, RunMetrics};
use super::scramble::Truth;
use crate::pipeline::Restored;
use serde::Serialize;

/// What one mixed run says: pages put in their own document, each document's successions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MixRun {
    /// Pages with text.
    pub pages: usize,
    /// Pages whose document, as found, is the one most of whose pages are theirs.
    pub assigned: usize,
    /// Documents found (1 when the restore found one).
    pub found: usize,
    /// Per true document (in the truth's order): true successor pairs read on, and pairs.
    pub parts: Vec<(usize, usize)>,
}

/// Measure a restore of a mixed set against its truth; `None` when the set is one document.
pub fn measure(restored: &Restored, truth: &Truth) -> Option<MixRun> {
    if truth.documents.is_empty() {
        return None;
    }
    let text = &restored.doc.text;
    let frags = &restored.analysis.fragments;
    let t = trace(
        truth,
        Some(text),
        restored.order().iter().map(|&fi| frags[fi].content),
    );
    // Each page's rank among pages with text, by its true index; and its true document.
    let mut rank_of_page = vec![usize::MAX; truth.order.len()];
    for (pos, &p) in truth.order.iter().enumerate() {
        rank_of_page[p] = t.page_of_pos[pos];
    }
    let part_of_rank: Vec<usize> = {
        let mut v = vec![0; t.pages];
        for (d, part) in truth.documents.iter().enumerate() {
            for p in part.start..part.end.min(rank_of_page.len()) {
                if rank_of_page[p] != usize::MAX {
                    v[rank_of_page[p]] = d;
                }
            }
        }
        v
    };
    // Read-on pairs within each true document.
    let mut parts = vec![(0, 0); truth.documents.len()];
    for r in 1..t.pages {
        if part_of_rank[r - 1] != part_of_rank[r] {
            continue;
        }
        let d = part_of_rank[r];
        parts[d].1 += 1;
        if matches!((t.last_piece[r - 1], t.first_piece[r]), (Some(a), Some(b)) if a + 1 == b) {
            parts[d].0 += 1;
        }
    }
    // The document found for each fragment (0 for all when one was found).
    let mut doc_of_frag = vec![0; frags.len()];
    for (d, doc) in restored.sets.documents.iter().enumerate() {
        for &f in doc {
            doc_of_frag[f] = d;
        }
    }
    let found = restored.sets.documents.len().max(1);
    // Each page goes with the fragment holding the start of its text.
    let mut found_of_rank = vec![usize::MAX; t.pages];
    for &pos in &t.positions {
        let s = truth.spans[pos];
        let page = s.of(text);
        let at = s.start + (page.len() - page.trim_start().len());
        if let Some(f) = frags
            .iter()
            .position(|f| f.content.start <= at && at < f.content.end)
        {
            found_of_rank[t.page_of_pos[pos]] = doc_of_frag[f];
        }
    }
    // Each found document stands for the true document most of its pages come from.
    let k = truth.documents.len();
    let mut votes = vec![vec![0usize; k]; found];
    for r in 0..t.pages {
        if found_of_rank[r] != usize::MAX {
            votes[found_of_rank[r]][part_of_rank[r]] += 1;
        }
    }
    let stands_for: Vec<usize> = votes
        .iter()
        .map(|v| {
            (0..k)
                .max_by_key(|&d| (v[d], std::cmp::Reverse(d)))
                .unwrap_or(0)
        })
        .collect();
    let assigned = (0..t.pages)
        .filter(|&r| {
            found_of_rank[r] != usize::MAX && stands_for[found_of_rank[r]] == part_of_rank[r]
        })
        .count();
    Some(MixRun {
        pages: t.pages,
        assigned,
        found,
        parts,
    })
}

/// One pair of documents mixed, over its seeds.
#[derive(Debug, Clone, Serialize)]
pub struct MixPair {
    /// The first document.
    pub a: String,
    /// The document mixed into it.
    pub b: String,
    /// `next` (the next document of the corpus) or `family` (the next of its family: the
    /// same book or collection, the hard case).
    pub pairing: &'static str,
    /// Runs (seeds) measured.
    pub runs: usize,
    /// Runs in which more than one document was found.
    pub split_runs: usize,
    /// Share of pages put in their own document.
    pub assigned: f64,
    /// `a`'s adjacency within the mixed runs, and restored alone (same seeds).
    pub a_mixed: f64,
    /// `a` restored alone.
    pub a_alone: f64,
    /// `b`'s adjacency within the mixed runs.
    pub b_mixed: f64,
    /// `b` restored alone.
    pub b_alone: f64,
}

/// The mixed-document figures of a bench.
#[derive(Debug, Clone, Serialize)]
pub struct MixSummary {
    /// Pairs of documents mixed.
    pub pairs: usize,
    /// Mixed runs (pairs × seeds) measured.
    pub runs: usize,
    /// Mixed runs in which more than one document was found.
    pub split_runs: usize,
    /// Share of pages put in their own document, pooled over the mixed runs (target ≥ 0.95).
    pub assigned: f64,
    /// Documents of the pairs (two per pair) whose adjacency within the mixed runs is within
    /// 0.03 of restoring them alone.
    pub within: usize,
    /// Of these many.
    pub documents: usize,
    /// Mean of (adjacency alone − adjacency mixed) over the pairs' documents.
    pub mean_loss: f64,
    /// The largest loss.
    pub worst_loss: f64,
    /// Runs of single documents restored alone.
    pub single_runs: usize,
    /// Of them, runs split into more than one document (target: none).
    pub false_splits: usize,
    /// Per pair.
    pub rows: Vec<MixPair>,
}

/// How far a document's adjacency may fall in a mixed run (the target).
pub const WITHIN: f64 = 0.03;

/// The family of a document id: its first dash-separated word (`gibbon-ch03` → `gibbon`).
pub fn family(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// The pairs to mix among `docs` (ids and pages, in corpus order): each document with the
/// next one of the corpus (`next`) and with the next one of its own family (`family`, when
/// that is another document), never two documents that share a page (one holding the other,
/// as a book's chapter and the whole book: a line of 60 characters or more in both) nor a
/// pair twice.
pub fn pairs(docs: &[(&str, &[String])]) -> Vec<(usize, usize, &'static str)> {
    let n = docs.len();
    // Long lines of text (a line of 60 characters or more is not repeated by chance).
    let lines: Vec<std::collections::BTreeSet<&str>> = docs
        .iter()
        .map(|(_, pages)| {
            pages
                .iter()
                .flat_map(|p| p.lines())
                .map(str::trim)
                .filter(|l| l.chars().count() >= 60)
                .collect()
        })
        .collect();
    let disjoint = |a: usize, b: usize| a != b && lines[a].is_disjoint(&lines[b]);
    let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
    let seen = |out: &[(usize, usize, &str)], a: usize, b: usize| {
        out.iter()
            .any(|&(x, y, _)| (x, y) == (a, b) || (x, y) == (b, a))
    };
    for a in 0..n {
        if let Some(b) = (1..n).map(|k| (a + k) % n).find(|&b| disjoint(a, b)) {
            if !seen(&out, a, b) {
                out.push((a, b, "next"));
            }
        }
        let fam = family(docs[a].0);
        if let Some(b) = (1..n)
            .map(|k| (a + k) % n)
            .find(|&b| family(docs[b].0) == fam && disjoint(a, b))
        {
            if !seen(&out, a, b) {
                out.push((a, b, "family"));
            }
        }
    }
    out
}

/// Pooled adjacency of runs: read-on pairs over pairs.
fn pooled(runs: &[&RunMetrics]) -> f64 {
    let adj: usize = runs.iter().map(|r| r.adjacent).sum();
    let pairs: usize = runs.iter().map(|r| r.pages.saturating_sub(1)).sum();
    if pairs == 0 {
        1.0
    } else {
        adj as f64 / pairs as f64
    }
}

/// Summarise: `mixed` holds, per pair (`pairs`, with ids `ids`), its mixed runs by seed;
/// `alone` each document's runs alone by seed (index as `ids`).
pub fn summarise(
    ids: &[String],
    pairs: &[(usize, usize, &'static str)],
    mixed: &[Vec<(u64, RunMetrics)>],
    alone: &[Vec<(u64, RunMetrics)>],
) -> MixSummary {
    let mut rows = Vec::new();
    let (mut pages, mut assigned, mut split_runs, mut runs) = (0, 0, 0, 0);
    for (k, &(a, b, pairing)) in pairs.iter().enumerate() {
        let ms: Vec<&(u64, RunMetrics)> =
            mixed[k].iter().filter(|(_, r)| r.mix.is_some()).collect();
        if ms.is_empty() {
            continue;
        }
        let seeds: Vec<u64> = ms.iter().map(|(s, _)| *s).collect();
        let of = |d: usize| -> Vec<&RunMetrics> {
            alone[d]
                .iter()
                .filter(|(s, _)| seeds.contains(s))
                .map(|(_, r)| r)
                .collect()
        };
        let part = |i: usize| {
            let (adj, n) = ms.iter().fold((0, 0), |(x, y), (_, r)| {
                let p = r.mix.as_ref().map_or((0, 0), |m| m.parts[i]);
                (x + p.0, y + p.1)
            });
            if n == 0 {
                1.0
            } else {
                adj as f64 / n as f64
            }
        };
        let p: usize = ms
            .iter()
            .map(|(_, r)| r.mix.as_ref().map_or(0, |m| m.pages))
            .sum();
        let s: usize = ms
            .iter()
            .map(|(_, r)| r.mix.as_ref().map_or(0, |m| m.assigned))
            .sum();
        let split = ms
            .iter()
            .filter(|(_, r)| r.mix.as_ref().is_some_and(|m| m.found > 1))
            .count();
        pages += p;
        assigned += s;
        split_runs += split;
        runs += ms.len();
        rows.push(MixPair {
            a: ids[a].clone(),
            b: ids[b].clone(),
            pairing,
            runs: ms.len(),
            split_runs: split,
            assigned: if p == 0 { 1.0 } else { s as f64 / p as f64 },
            a_mixed: part(0),
            a_alone: pooled(&of(a)),
            b_mixed: part(1),
            b_alone: pooled(&of(b)),
        });
    }
    let losses: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.a_alone - r.a_mixed, r.b_alone - r.b_mixed])
        .collect();
    let single: Vec<&RunMetrics> = alone.iter().flatten().map(|(_, r)| r).collect();
    MixSummary {
        pairs: rows.len(),
        runs,
        split_runs,
        assigned: if pages == 0 {
            1.0
        } else {
            assigned as f64 / pages as f64
        },
        within: losses.iter().filter(|&&l| l <= WITHIN + 1e-12).count(),
        documents: losses.len(),
        mean_loss: if losses.is_empty() {
            0.0
        } else {
            losses.iter().sum::<f64>() / losses.len() as f64
        },
        worst_loss: losses.iter().cloned().fold(0.0, f64::max),
        single_runs: single.len(),
        false_splits: single.iter().filter(|r| r.sets.documents > 1).count(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_skip_documents_that_share_pages_and_repeat_none() {
        let line = |w: &str| w.repeat(20);
        let a = vec![line("one "), line("two ")];
        let b = vec![line("three ")];
        // The whole book: the chapters' lines, paged otherwise.
        let whole = vec![
            format!("{}\n{}", line("one "), line("two ")),
            line("three "),
        ];
        let c = vec![line("four ")];
        let docs: Vec<(&str, &[String])> = vec![
            ("book-ch1", &a),
            ("book-ch2", &b),
            ("book-whole", &whole),
            ("other-x", &c),
        ];
        let p = pairs(&docs);
        assert!(p.contains(&(0, 1, "next")));
        // ch2 → whole shares a page: the next disjoint one is other-x.
        assert!(p.contains(&(1, 3, "next")));
        assert!(!p
            .iter()
            .any(|&(x, y, _)| (x, y) == (0, 2) || (x, y) == (2, 0)));
        for (i, &(x, y, _)) in p.iter().enumerate() {
            assert!(!p[i + 1..]
                .iter()
                .any(|&(u, v, _)| (u, v) == (x, y) || (u, v) == (y, x)));
        }
    }

    #[test]
    fn family_is_the_first_word() {
        assert_eq!(family("gibbon-ch03"), "gibbon");
        assert_eq!(family("federalist-11-20"), "federalist");
        assert_eq!(family("sample"), "sample");
    }
}
