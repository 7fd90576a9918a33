//! Ordering metrics against a known truth: exact order (perfect match), Kendall tau,
//! adjacency accuracy, pages lost or duplicated, page-cut precision and recall, and the
//! correctness of each junction (for confidence calibration).

use super::scramble::Truth;
use crate::ingest::Span;
use crate::pipeline::Restored;
use serde::Serialize;

/// Kendall tau between a sequence of page indices and the identity order, over the pages
/// present: 1 for the true order, −1 for its reverse.
pub fn kendall_tau(seq: &[usize]) -> f64 {
    let n = seq.len();
    if n < 2 {
        return 1.0;
    }
    let mut concordant = 0i64;
    let mut discordant = 0i64;
    for i in 0..n {
        for j in i + 1..n {
            if seq[i] < seq[j] {
                concordant += 1;
            } else if seq[i] > seq[j] {
                discordant += 1;
            }
        }
    }
    (concordant - discordant) as f64 / (n * (n - 1) / 2) as f64
}

/// Number of true successor pairs (p, p+1), p < n−1, standing next to each other somewhere
/// in `seq`. Each pair counts once: when pages are split into several pieces the same pair
/// can stand together in several places, and counting every place made the share exceed 1
/// (1.16 on the pymupdf4llm flavour joined by blank lines).
pub fn adjacent_pairs(seq: &[usize], n: usize) -> usize {
    let mut kept = vec![false; n];
    for w in seq.windows(2) {
        if w[1] == w[0] + 1 && w[1] < n {
            kept[w[0]] = true;
        }
    }
    kept.iter().filter(|&&k| k).count()
}

/// True successor pairs (p, p+1) that read on in the output: the piece holding the end of page
/// p's text is followed directly by the piece holding the start of page p+1's. `first[p]` and
/// `last[p]` are those pieces' places in output order (`None`: the text is missing). Where no
/// page is cut into pieces this is [`adjacent_pairs`]; where pages are, a pair no longer counts
/// because some stray piece of p happens to precede some piece of p+1.
pub fn read_on_pairs(first: &[Option<usize>], last: &[Option<usize>]) -> usize {
    (1..first.len().min(last.len()))
        .filter(|&p| matches!((last[p - 1], first[p]), (Some(a), Some(b)) if a + 1 == b))
        .count()
}

/// Share of true successor pairs standing next to each other.
pub fn adjacency(seq: &[usize], n: usize) -> f64 {
    if n < 2 {
        return 1.0;
    }
    adjacent_pairs(seq, n) as f64 / (n - 1) as f64
}

/// True when `seq` is exactly `0..n`.
pub fn exact(seq: &[usize], n: usize) -> bool {
    seq.len() == n && seq.iter().enumerate().all(|(i, &p)| i == p)
}

/// Pages missing from `seq` and extra occurrences in it.
pub fn lost_and_duplicated(seq: &[usize], n: usize) -> (usize, usize) {
    let mut count = vec![0usize; n];
    let mut extra = 0;
    for &p in seq {
        if p < n {
            count[p] += 1;
        } else {
            extra += 1;
        }
    }
    let lost = count.iter().filter(|&&c| c == 0).count();
    let dup = extra + count.iter().map(|&c| c.saturating_sub(1)).sum::<usize>();
    (lost, dup)
}

/// Everything measured on one restore.
#[derive(Debug, Clone, Serialize)]
pub struct RunMetrics {
    /// Document id.
    pub id: String,
    /// Seed.
    pub seed: u64,
    /// Number of true pages with text (the pages measured).
    pub pages: usize,
    /// Pages without any text (whitespace or a lone form feed): no tool can place them, so
    /// they are left out of every figure.
    #[serde(skip_serializing_if = "is_zero")]
    pub blank_pages: usize,
    /// Fragments the detector produced.
    pub fragments: usize,
    /// The restored page order is exactly the true order.
    pub exact: bool,
    /// Kendall tau of the restored page order.
    pub kendall_tau: f64,
    /// True successor pairs standing next to each other.
    pub adjacent: usize,
    /// Share of true successor pairs standing next to each other.
    pub adjacency: f64,
    /// Pages whose text is missing from the output.
    pub lost: usize,
    /// Pages whose text appears more often in the output than in the input.
    pub duplicated: usize,
    /// Pages split across non-adjacent places in the output.
    pub split: usize,
    /// Detected cuts that are true page cuts / all detected cuts.
    pub cut_precision: f64,
    /// True page cuts found / all true page cuts.
    pub cut_recall: f64,
    /// Per junction: (confidence, correct).
    pub junctions: Vec<(f64, bool)>,
    /// Wall time of the restore, in milliseconds (not deterministic).
    pub millis: f64,
    /// What the page-set detectors found against what the scramble did.
    #[serde(skip_serializing_if = "SetsRun::is_empty")]
    pub sets: SetsRun,
    /// True successor pairs standing next to each other when the fragments are simply sorted
    /// by their printed page numbers (the baseline collate must not fall below), when at least
    /// half the fragments carry one; filled by the bench, not by [`measure`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbers_adjacent: Option<usize>,
    /// With two documents mixed: pages put in their own document, each one's successions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mix: Option<super::mix::MixRun>,
}

/// The order that sorts the fragments by their printed page numbers: roman-numbered front
/// matter first, then arabic numbers, each ascending; fragments without a number after them in
/// input order. `None` when fewer than half the fragments carry a number.
pub fn sorted_by_numbers(frags: &[crate::fragment::Fragment]) -> Option<Vec<usize>> {
    let numbered = frags.iter().filter(|f| f.page_number.is_some()).count();
    if frags.is_empty() || numbered * 2 < frags.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..frags.len()).collect();
    order.sort_by_key(|&i| match frags[i].page_number {
        Some(n) if frags[i].page_roman => (0, n, i),
        Some(n) => (1, n, i),
        None => (2, 0, i),
    });
    Some(order)
}

/// One run's page-set detections against the truth: pages twice, pages missing.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SetsRun {
    /// Pages the scramble put in twice.
    pub duplicates_true: usize,
    /// Duplicate pairs the restore reported.
    pub duplicates_found: usize,
    /// Reported pairs that are a page and its copy.
    pub duplicates_right: usize,
    /// True copies some reported pair names.
    pub duplicates_hit: usize,
    /// Gaps the scramble left.
    pub missing_true: usize,
    /// Missing pages the restore reported.
    pub missing_found: usize,
    /// Reported gaps whose `after` and `before` are the gap's true neighbours.
    pub missing_right: usize,
    /// True gaps located.
    pub missing_hit: usize,
    /// Documents found, when more than one (0 for one).
    pub documents: usize,
}

impl SetsRun {
    /// Nothing to tell: nothing done, nothing found.
    pub fn is_empty(&self) -> bool {
        self.duplicates_true
            + self.duplicates_found
            + self.missing_true
            + self.missing_found
            + self.documents
            == 0
    }
}

/// Score the restore's page-set findings against the truth. A reported copy is right when its
/// two fragments hold the two copies of one page; a reported gap when `after` holds the end of
/// the page before the true gap and `before` the start of the page after it (null at the end).
pub fn sets(restored: &Restored, truth: &Truth) -> SetsRun {
    let text = &restored.doc.text;
    let frags = &restored.analysis.fragments;
    let pos_of = |page: usize| truth.order.iter().position(|&p| p == page);
    // The fragment holding byte `at`.
    let holding = |at: usize| {
        frags
            .iter()
            .position(|f| f.content.start <= at && at < f.content.end)
    };
    let overlaps = |fi: usize, page: usize| {
        pos_of(page).is_some_and(|pos| {
            let s = truth.spans[pos];
            let c = frags[fi].content;
            s.start < c.end && c.start < s.end
        })
    };
    let text_start = |page: usize| {
        pos_of(page).and_then(|pos| {
            let s = truth.spans[pos];
            let p = s.of(text);
            holding(s.start + (p.len() - p.trim_start().len()))
        })
    };
    let text_end = |page: usize| {
        pos_of(page).and_then(|pos| {
            let s = truth.spans[pos];
            let p = s.of(text);
            let trail = p.len() - p.trim_end().len();
            holding((s.end - trail).saturating_sub(1))
        })
    };
    let found = &restored.sets;
    let is_copy = |d: &[usize; 2], [a, b]: [usize; 2]| {
        (overlaps(d[0], a) && overlaps(d[1], b)) || (overlaps(d[0], b) && overlaps(d[1], a))
    };
    let duplicates_right = found
        .duplicates
        .iter()
        .filter(|d| truth.duplicates.iter().any(|&t| is_copy(d, t)))
        .count();
    let duplicates_hit = truth
        .duplicates
        .iter()
        .filter(|&&t| found.duplicates.iter().any(|d| is_copy(d, t)))
        .count();
    let at_gap = |m: &crate::sets::Missing, g: &super::scramble::Gap| {
        text_end(g.after) == Some(m.after)
            && match g.before {
                Some(b) => text_start(b).is_some() && text_start(b) == m.before,
                None => m.before.is_none(),
            }
    };
    SetsRun {
        duplicates_true: truth.duplicates.len(),
        duplicates_found: found.duplicates.len(),
        duplicates_right,
        duplicates_hit,
        missing_true: truth.gaps.len(),
        missing_found: found.missing.len(),
        missing_right: found
            .missing
            .iter()
            .filter(|m| truth.gaps.iter().any(|g| at_gap(m, g)))
            .count(),
        missing_hit: truth
            .gaps
            .iter()
            .filter(|g| found.missing.iter().any(|m| at_gap(m, g)))
            .count(),
        documents: found.documents.len(),
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Skip ASCII whitespace forward from `pos`.
fn skip_ws(text: &str, mut pos: usize) -> usize {
    let b = text.as_bytes();
    while pos < b.len() && (b[pos] as char).is_ascii_whitespace() {
        pos += 1;
    }
    pos
}

/// Where the pieces of a restored order fall among the true pages. Pages without text are left
/// out: each page with text gets its rank among them (`pages` of them).
pub struct Trace {
    /// Pages with text.
    pub pages: usize,
    /// Positions in the scrambled input whose page has text.
    pub positions: Vec<usize>,
    /// Per position in the scrambled input: its page's rank (`usize::MAX` for a blank page).
    pub page_of_pos: Vec<usize>,
    /// The page (rank) of each piece along the order, a page once per run of its pieces.
    pub seq: Vec<usize>,
    /// Per page: the place in `seq` of the piece holding its first byte of text.
    pub first_piece: Vec<Option<usize>>,
    /// Per page: the place in `seq` of the piece holding its last byte of text.
    pub last_piece: Vec<Option<usize>>,
}

/// Trace `pieces` (input spans in restored order) to the true pages of `truth`. With the
/// scrambled `text`, blank pages are left out and each page's text is found without the
/// white space around it; without it every page counts and its span is its text.
pub fn trace(truth: &Truth, text: Option<&str>, pieces: impl Iterator<Item = Span>) -> Trace {
    let total = truth.order.len();
    let blank_at = |pos: usize| text.is_some_and(|t| truth.spans[pos].of(t).trim().is_empty());
    let mut blank = vec![false; total];
    for (pos, &p) in truth.order.iter().enumerate() {
        blank[p] = blank_at(pos);
    }
    let mut rank = vec![usize::MAX; total];
    let mut n = 0;
    for p in 0..total {
        if !blank[p] {
            rank[p] = n;
            n += 1;
        }
    }
    let positions: Vec<usize> = (0..total).filter(|&pos| !blank[truth.order[pos]]).collect();
    let page_of_pos: Vec<usize> = truth.order.iter().map(|&p| rank[p]).collect();
    let text_ends = |pos: usize| {
        let s = truth.spans[pos];
        match text {
            Some(t) => {
                let page = s.of(t);
                let lead = page.len() - page.trim_start().len();
                let trail = page.len() - page.trim_end().len();
                (s.start + lead, s.end - trail - 1)
            }
            None => (s.start, s.end.saturating_sub(1)),
        }
    };
    let mut seq: Vec<usize> = Vec::new();
    let mut first_piece: Vec<Option<usize>> = vec![None; n];
    let mut last_piece: Vec<Option<usize>> = vec![None; n];
    for f in pieces {
        for &pos in &positions {
            let s = truth.spans[pos];
            if !(s.start < f.end && f.start < s.end) {
                continue;
            }
            let p = page_of_pos[pos];
            if seq.last() != Some(&p) {
                seq.push(p);
            }
            let (a, z) = text_ends(pos);
            if f.start <= a && a < f.end {
                first_piece[p] = Some(seq.len() - 1);
            }
            if f.start <= z && z < f.end {
                last_piece[p] = Some(seq.len() - 1);
            }
        }
    }
    Trace {
        pages: n,
        positions,
        page_of_pos,
        seq,
        first_piece,
        last_piece,
    }
}

/// Measure a restore of a scrambled text against its truth.
pub fn measure(restored: &Restored, truth: &Truth, millis: f64) -> RunMetrics {
    let text = &restored.doc.text;
    let frags = &restored.analysis.fragments;
    let total = truth.order.len();
    let Trace {
        pages: n,
        positions,
        page_of_pos,
        seq,
        first_piece,
        last_piece,
    } = trace(
        truth,
        Some(text),
        restored.order().iter().map(|&fi| frags[fi].content),
    );
    let frag_pages: Vec<Vec<usize>> = frags
        .iter()
        .map(|f| {
            positions
                .iter()
                .filter(|&&pos| {
                    let s = truth.spans[pos];
                    s.start < f.content.end && f.content.start < s.end
                })
                .map(|&pos| page_of_pos[pos])
                .collect()
        })
        .collect();
    // A page split across places counts once, at its first place.
    let mut seen = vec![false; n];
    let mut firsts = Vec::with_capacity(n);
    let mut split = 0;
    for &p in &seq {
        if seen[p] {
            split += 1;
        } else {
            seen[p] = true;
            firsts.push(p);
        }
    }
    // Lost / duplicated by bytes: every byte of every page must be emitted exactly once by
    // the output's pieces, and the output must be exactly those pieces and their joins.
    let mut cover = vec![0u8; text.len()];
    let mut rebuilt = String::with_capacity(text.len());
    for (span, join) in restored.pieces() {
        for c in &mut cover[span.start..span.end] {
            *c = c.saturating_add(1);
        }
        rebuilt.push_str(span.of(text));
        rebuilt.push_str(join);
    }
    let out = restored.text();
    let mut lost = 0;
    let mut duplicated = 0;
    for &pos in &positions {
        let s = truth.spans[pos];
        let bytes = &cover[s.start..s.end];
        if bytes.contains(&0) {
            lost += 1;
        } else if bytes.iter().any(|&c| c > 1) {
            duplicated += 1;
        }
    }
    if rebuilt != out {
        // The output is not what its pieces say: count every page as suspect.
        duplicated += n;
    }
    let (seq_lost, seq_dup) = lost_and_duplicated(&firsts, n);
    lost += seq_lost;
    duplicated += seq_dup;
    // Cuts.
    let true_cuts: Vec<usize> = positions
        .iter()
        .skip(1)
        .map(|&pos| skip_ws(text, truth.spans[pos].start))
        .collect();
    let found_cuts: Vec<usize> = frags
        .iter()
        .skip(1)
        .map(|f| skip_ws(text, f.content.start))
        .collect();
    let matched = found_cuts
        .iter()
        .filter(|c| true_cuts.binary_search(c).is_ok())
        .count();
    let cut_precision = if found_cuts.is_empty() {
        1.0
    } else {
        matched as f64 / found_cuts.len() as f64
    };
    // Recall counts the true cuts found, each once: two fragments can start at the same
    // place (a blank page's empty fragment and the page after it), which counted one true cut
    // twice and put recall above 1 (1.002 on the flavours with form feeds).
    let mut found_sorted = found_cuts.clone();
    found_sorted.sort_unstable();
    let found_true = true_cuts
        .iter()
        .filter(|c| found_sorted.binary_search(c).is_ok())
        .count();
    let cut_recall = if true_cuts.is_empty() {
        1.0
    } else {
        found_true as f64 / true_cuts.len() as f64
    };
    // Junction correctness.
    let pos_of_page: Vec<usize> = {
        let mut v = vec![0; n];
        for &pos in &positions {
            v[page_of_pos[pos]] = pos;
        }
        v
    };
    let ends_page = |fi: usize, page: usize| -> bool {
        let s = truth.spans[pos_of_page[page]];
        text[frags[fi].content.end.min(s.end)..s.end]
            .trim()
            .is_empty()
            && frags[fi].content.end >= s.start
    };
    let starts_page = |fi: usize, page: usize| -> bool {
        let s = truth.spans[pos_of_page[page]];
        skip_ws(text, s.start) >= skip_ws(text, frags[fi].content.start)
    };
    let junctions = restored
        .junctions
        .iter()
        .map(|j| {
            let (a, b) = (j.from, j.to);
            let correct = match (frag_pages[a].last(), frag_pages[b].first()) {
                (Some(&pa), Some(&pb)) => {
                    (pa == pb && b == a + 1)
                        || (pb == pa + 1 && ends_page(a, pa) && starts_page(b, pb))
                }
                _ => false,
            };
            (j.confidence, correct)
        })
        .collect();
    RunMetrics {
        id: truth.id.clone(),
        seed: truth.seed,
        pages: n,
        blank_pages: total - n,
        fragments: frags.len(),
        exact: exact(&seq, n),
        kendall_tau: kendall_tau(&firsts),
        adjacent: read_on_pairs(&first_piece, &last_piece),
        adjacency: if n < 2 {
            1.0
        } else {
            read_on_pairs(&first_piece, &last_piece) as f64 / (n - 1) as f64
        },
        lost,
        duplicated,
        split,
        cut_precision,
        cut_recall,
        junctions,
        millis,
        sets: sets(restored, truth),
        numbers_adjacent: None,
        mix: super::mix::measure(restored, truth),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_by_numbers_puts_roman_first_and_the_unnumbered_last() {
        use crate::fragment::Fragment;
        use crate::ingest::Span;
        let frag = |n: Option<u32>, roman: bool| {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.page_number = n;
            f.page_roman = roman;
            f
        };
        let frags = vec![
            frag(Some(3), false),
            frag(None, false),
            frag(Some(2), true),
            frag(Some(1), false),
        ];
        assert_eq!(sorted_by_numbers(&frags), Some(vec![2, 3, 0, 1]));
        // Fewer than half numbered: no baseline.
        let few = vec![frag(Some(1), false), frag(None, false), frag(None, false)];
        assert_eq!(sorted_by_numbers(&few), None);
    }

    #[test]
    fn reversed_order_has_tau_minus_one() {
        assert_eq!(kendall_tau(&[4, 3, 2, 1, 0]), -1.0);
        assert_eq!(kendall_tau(&[0, 1, 2, 3]), 1.0);
    }

    #[test]
    fn rotation_keeps_all_but_one_adjacency() {
        // 2 3 4 0 1: pairs (2,3) (3,4) (0,1) kept, (1,2) broken.
        let seq = [2, 3, 4, 0, 1];
        assert_eq!(adjacent_pairs(&seq, 5), 3);
        assert!((adjacency(&seq, 5) - 0.75).abs() < 1e-12);
        assert!(!exact(&seq, 5));
        assert!(exact(&[0, 1, 2], 3));
    }

    #[test]
    fn pages_split_into_pieces_keep_adjacency_a_share() {
        // The pymupdf4llm shape: pages cut into pieces that interleave, so the same true
        // pair (0,1) and (1,2) stands together several times. Counting every place gave
        // 4 pairs out of 2 (adjacency 2.0); each pair counts once.
        let seq = [0, 1, 0, 1, 2, 1, 2];
        assert_eq!(adjacent_pairs(&seq, 3), 2);
        assert!((adjacency(&seq, 3) - 1.0).abs() < 1e-12);
        let seq = [2, 0, 1, 2, 0, 1, 3];
        assert_eq!(adjacent_pairs(&seq, 4), 2);
        assert!(adjacency(&seq, 4) <= 1.0);
    }

    #[test]
    fn a_pair_reads_on_only_from_the_end_of_one_page_to_the_start_of_the_next() {
        // Pieces in output order: 0a 1b 0b 1a 2a. Page 0 starts at piece 0 and ends at 2,
        // page 1 starts at 3 and ends at 1, page 2 is piece 4. Pieces of 0 and 1 stand
        // together twice and of 1 and 2 once, but only (0, 1) reads on: 0 ends at 2, 1
        // starts at 3; page 1 ends at 1, not just before page 2 (at 4).
        let first = [Some(0), Some(3), Some(4)];
        let last = [Some(2), Some(1), Some(4)];
        assert_eq!(read_on_pairs(&first, &last), 1);
        assert_eq!(adjacent_pairs(&[0, 1, 0, 1, 2], 3), 2);
        // Unsplit pages: the same count as adjacent pairs.
        let seq = [2usize, 3, 4, 0, 1];
        let mut at = [None; 5];
        for (i, &p) in seq.iter().enumerate() {
            at[p] = Some(i);
        }
        assert_eq!(read_on_pairs(&at, &at), adjacent_pairs(&seq, 5));
        // A lost page breaks both of its pairs.
        let gone = [Some(0), None, Some(1)];
        assert_eq!(read_on_pairs(&gone, &gone), 0);
    }

    #[test]
    fn lost_and_duplicated_pages_are_counted() {
        assert_eq!(lost_and_duplicated(&[0, 1, 3], 4), (1, 0));
        assert_eq!(lost_and_duplicated(&[0, 1, 1, 2], 3), (0, 1));
        assert_eq!(lost_and_duplicated(&[0, 1, 2], 3), (0, 0));
    }
}
