//! The cut set's repairs by run length, after the furniture has placed its cuts: weak cuts
//! that leave a scrap of a page are dropped, a converter that writes each page as one block
//! gets a candidate cut at every blank line, and runs much longer than a page get candidate
//! cuts where pages without furniture (title pages, chapter openings) must lie. A page's length
//! is learned from the document (its text over the page numbers read, or the median run).

use super::Line;

/// A run between two furniture cuts longer than this many typical pages gets candidate cuts
/// (a page printed without furniture, as a chapter opening may be). Chosen by hand, not
/// fitted.
const LONG_RUN_PAGES: f64 = 1.75;
/// Boundary probability of a candidate cut put into a long run. Chosen by hand, not fitted:
/// an even chance.
const LONG_RUN_CUT: f64 = 0.5;
/// A weak cut that leaves less than this share of a page on one side is dropped.
/// Chosen by hand, not fitted.
const SHORT_RUN: f64 = 0.35;
/// Rounds of dropping weak cuts (each drops no two neighbours). Chosen by hand, not fitted.
const PRUNE_PASSES: usize = 8;
/// Most blank-line gaps per page inside the pages the furniture cut for the converter to be
/// taken as one that sets no blank line inside a page (then every gap is a page edge).
/// Chosen by hand, not fitted: on train, converters that write one block per page show 0–0.33
/// (the gaps are pages whose furniture was missed), those that set paragraphs apart 1.9 and
/// more.
const GAPLESS_GAPS_PER_PAGE: f64 = 0.5;

/// A cut moves to a wider gap at most this share of a page away (see
/// [`snap_to_wide_gaps`]). Chosen by hand, not fitted: a running head and a caption.
const SNAP_PAGE_SHARE: f64 = 0.15;

/// Share of the wider gaps that must stand at a cut or in reach of one for cuts to move to
/// them. Chosen by hand among 0.8, 0.85 and 0.9 on the development data: train (blank lines,
/// seeds 1-3: 0.8884, 0.8890, 0.8897; `pymupdf4llm` sets wider gaps around some tables) and
/// the held-out PDFs through `pdftotext` (0.4928, 0.4880, 0.4855), more documents lose more
/// there than train gains.
const SNAP_TRUST: f64 = 0.8;

/// A gap as wide as this many blank lines or more counts as one width (the widest class).
/// Chosen by hand, not fitted: pages joined by hand take one to three.
const WIDEST_GAP: usize = 4;
/// Page edges of one width the furniture must show before that width is taken as evidence.
/// Chosen by hand, not fitted.
const WIDE_GAP_EDGES: usize = 3;
/// Share of the gaps of one width that must be page edges (as the furniture shows them) for
/// the gaps of that width inside the furniture's runs to become candidate cuts. Chosen on
/// train among 0.5, 0.6 and 0.75 (blank lines, seeds 1-3, train and its foot-numbered
/// variants: 0.8790 / 0.7986, 0.8797 / 0.7990, 0.8791 / 0.7898): `pdftotext -layout` sets
/// two blank lines inside its pages about as often as between them.
const WIDE_GAP_SHARE: f64 = 0.6;
/// The boundary probability given to a cut at a wide gap is at most this. Chosen by hand, not
/// fitted: the width is evidence, not a mark.
const WIDE_GAP_MAX: f64 = 0.95;

/// Least gaps after tables or code blocks, away from the furniture's cuts, that must share a
/// width wider than the paragraph gap for it to be taken as the converter's own (see
/// [`add_wide_gap_cuts`]). Chosen by hand, not fitted.
const OWN_GAP_LEAST: usize = 3;
/// Share of those gaps that must take that width. Chosen by hand, not fitted: joins missed by
/// the furniture spread over one to three blank lines, a converter's own gap takes one width.
const OWN_GAP_SHARE: f64 = 2.0 / 3.0;

/// Pages may be joined by wider gaps than the converter sets inside a page (most converters
/// set one blank line between paragraphs; pages joined by hand take two or three): learned
/// from the document, the share of the gaps of each width that stand at the furniture's cuts.
/// Where most gaps of a width are page edges, the gaps of that width inside the furniture's
/// runs (a title page, a chapter opening: pages without furniture) become candidate cuts,
/// as likely as that share.
pub(super) fn add_wide_gap_cuts(
    lines: &[Line],
    blocks: &[(usize, usize)],
    cuts: &mut Vec<(usize, f64)>,
    paragraph_gap: Option<usize>,
) {
    let before = weights_before(lines);
    let spaced =
        paragraph_gap.and_then(|g| gaps_spaced_like_pages(blocks, &before, cuts.len() + 1, g));
    let sure: std::collections::HashSet<usize> =
        cuts.iter().filter(|c| c.1 >= 1.0).map(|c| c.0).collect();
    let any: std::collections::HashSet<usize> = cuts.iter().map(|c| c.0).collect();
    // Per width, and apart for the gaps after a table or a code block (a converter may set its
    // own wider gap there, inside its pages): gaps at a sure cut, gaps elsewhere.
    const CLASSES: usize = WIDEST_GAP + 1;
    let mut at_edge = [0usize; 3 * CLASSES];
    let mut inside = [0usize; 3 * CLASSES];
    let width = |b: usize| blocks[b].0 - blocks[b - 1].1 - 1;
    let gap = |b: usize| {
        let after = ends_table_or_code(lines[blocks[b - 1].1].text) as usize;
        width(b).min(WIDEST_GAP) + after * CLASSES
    };
    for b in 1..blocks.len() {
        if sure.contains(&lines[blocks[b].0].start) {
            at_edge[gap(b)] += 1;
        } else {
            inside[gap(b)] += 1;
        }
    }
    let share = |w: usize| at_edge[w] as f64 / (at_edge[w] + inside[w]).max(1) as f64;
    // The converter's own gap after a table (or a code block) inside its pages: the width
    // most of those gaps away from the furniture's cuts share, when it is wider than its gap
    // between paragraphs. Gaps of that width after a table are then no evidence of a join
    // (missed joins after a table take any width the joins take).
    let own = |kind: usize| {
        let class = kind * CLASSES..(kind + 1) * CLASSES;
        let away: usize = inside[class.clone()].iter().sum();
        class.max_by_key(|&w| (inside[w], w)).filter(|&w| {
            w - kind * CLASSES > paragraph_gap.unwrap_or(1)
                && inside[w] >= OWN_GAP_LEAST
                && inside[w] as f64 >= OWN_GAP_SHARE * away as f64
        })
    };
    let own_after_structure = [own(1), own(2)];
    let mut extra = Vec::new();
    for b in 1..blocks.len() {
        let (w, start) = (gap(b), lines[blocks[b].0].start);
        if any.contains(&start) {
            continue;
        }
        if own_after_structure.contains(&Some(w)) {
            continue;
        }
        if at_edge[w] >= WIDE_GAP_EDGES && share(w) >= WIDE_GAP_SHARE {
            extra.push((start, share(w).min(WIDE_GAP_MAX)));
        } else if spaced.is_some_and(|least| width(b) >= least) {
            extra.push((start, SPACED_GAP_CUT));
        }
    }
    cuts.extend(extra);
    cuts.sort_by_key(|c| c.0);
    cuts.dedup_by_key(|c| c.0);
}

/// Does a block whose last line is `line` end a markdown table (a row `| … |`: 1) or a code
/// block (a fence: 2), or neither (0)? Converters that write markdown may set a wider gap
/// after these than between paragraphs, inside their pages, each its own.
fn ends_table_or_code(line: &str) -> u8 {
    let t = line.trim();
    if t.len() >= 2 && t.starts_with('|') && t.ends_with('|') {
        1
    } else if t.starts_with("```") || t.starts_with("~~~") {
        2
    } else {
        0
    }
}

/// Share of the spacings between consecutive wider gaps that must hold [`SHORT_RUN`] of a page
/// or more for the wider gaps to be taken as page edges by themselves. Chosen by hand on the
/// development data, not fitted: pages joined by wider gaps than the converter sets inside a
/// page give 0.87-1.00 on train (a short page between two joins lowers it) and on the
/// held-out PDFs through `pdftotext`; a converter that sets wider gaps around its tables
/// gives pairs of them close together (0.52-0.77 on train).
const SPACED_SHARE: f64 = 0.85;
/// Boundary probability of a cut at a wider gap taken as a page edge by its spacing alone.
/// Chosen by hand, not fitted: below a furniture cut, as likely as the widths' own share at
/// its best.
const SPACED_GAP_CUT: f64 = 0.9;

/// The least width (in blank lines, above `paragraph_gap`, the converter's one gap inside its
/// pages) whose gaps and all wider ones are spaced like pages: at least [`WIDE_GAP_EDGES`] of
/// them, no more than the `pages` the furniture shows, and [`SPACED_SHARE`] of the
/// runs between consecutive ones as long as [`SHORT_RUN`] of a page or more. Pages joined by
/// more blank lines than a page holds inside are then marked by those gaps even where the
/// furniture places its cuts elsewhere (a section heading learned as a running head).
pub(super) fn gaps_spaced_like_pages(
    blocks: &[(usize, usize)],
    before: &[usize],
    pages: usize,
    paragraph_gap: usize,
) -> Option<usize> {
    let page = before[before.len() - 1] as f64 / pages.max(1) as f64;
    let gap = |b: usize| blocks[b].0 - blocks[b - 1].1 - 1;
    let widest = (1..blocks.len()).map(gap).max()?;
    (paragraph_gap + 1..=widest).find(|&least| {
        let at: Vec<usize> = (1..blocks.len()).filter(|&b| gap(b) >= least).collect();
        if at.len() < WIDE_GAP_EDGES || at.len() > pages {
            return false;
        }
        let long = at
            .windows(2)
            .filter(|w| {
                (before[blocks[w[1]].0] - before[blocks[w[0]].0]) as f64 >= SHORT_RUN * page
            })
            .count();
        long as f64 >= SPACED_SHARE * (at.len() - 1) as f64
    })
}

/// Non-space chars of `lines` before each line (and after the last).
pub(super) fn weights_before(lines: &[Line]) -> Vec<usize> {
    let mut before = Vec::with_capacity(lines.len() + 1);
    before.push(0usize);
    for l in lines {
        let w = l.text.chars().filter(|c| !c.is_whitespace()).count();
        before.push(before.last().unwrap() + w);
    }
    before
}

/// Where the converter sets one gap width inside its pages (`paragraph_gap` blank lines), a
/// wider gap is a page edge. A cut at a gap of that width with a wider gap a scrap of text
/// away (less than [`SNAP_PAGE_SHARE`] of a page, no other cut between) lies at the wrong
/// block: a running head or a caption read before the page's number, in the converter's
/// reading order. The cut moves to the wider gap, the nearer one if both sides have one.
/// (The scrap may be a short page of its own, a title page: leaving a candidate cut there
/// too was tried and lost on train and on the held-out PDFs.)
pub(super) fn snap_to_wide_gaps(
    at: &mut Vec<(usize, bool)>,
    blocks: &[(usize, usize)],
    before: &[usize],
    paragraph_gap: usize,
) {
    if at.is_empty() || blocks.len() < 2 {
        return;
    }
    let end = before.len() - 1;
    let page = before[end] as f64 / (at.len() + 1) as f64;
    let limit = SNAP_PAGE_SHARE * page;
    let gap = |b: usize| blocks[b].0 - blocks[b - 1].1 - 1;
    let cut_lines: std::collections::HashSet<usize> = at.iter().map(|c| c.0).collect();
    let block_at: std::collections::HashMap<usize, usize> =
        blocks.iter().enumerate().map(|(b, r)| (r.0, b)).collect();
    let weight = |a: usize, b: usize| (before[blocks[b].0] - before[blocks[a].0]) as f64;
    // The wider gaps at a cut or in reach of one (the nearest each side), and each cut's move.
    let mut explained: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut moves = vec![None; at.len()];
    for (i, c) in at.iter().enumerate() {
        let Some(&b) = block_at.get(&c.0) else {
            continue;
        };
        if b == 0 {
            continue;
        }
        if gap(b) > paragraph_gap {
            explained.insert(b);
            continue;
        }
        let back = (1..b)
            .rev()
            .take_while(|&k| weight(k, b) < limit && !cut_lines.contains(&blocks[k].0))
            .find(|&k| gap(k) > paragraph_gap)
            .map(|k| (weight(k, b), k));
        let ahead = (b + 1..blocks.len())
            .take_while(|&k| weight(b, k) < limit && !cut_lines.contains(&blocks[k].0))
            .find(|&k| gap(k) > paragraph_gap)
            .map(|k| (weight(b, k), k));
        explained.extend(back.map(|x| x.1));
        explained.extend(ahead.map(|x| x.1));
        moves[i] = match (back, ahead) {
            (Some(x), Some(y)) => Some(if y.0 < x.0 { y.1 } else { x.1 }),
            (x, y) => x.or(y).map(|x| x.1),
        };
    }
    // Wider gaps are page edges only where nearly all of them stand at a cut or beside one: a
    // converter that also sets them inside its pages (around a table) leaves many far from
    // every cut.
    let wide = (1..blocks.len())
        .filter(|&b| gap(b) > paragraph_gap)
        .count();
    // Or where they are spaced like pages by themselves (see [`gaps_spaced_like_pages`]).
    if (explained.len() as f64) < SNAP_TRUST * wide as f64
        && gaps_spaced_like_pages(blocks, before, at.len() + 1, paragraph_gap).is_none()
    {
        return;
    }
    for (c, m) in at.iter_mut().zip(moves) {
        if let Some(k) = m {
            c.0 = blocks[k].0;
        }
    }
    at.sort_by_key(|c| c.0);
    at.dedup_by_key(|c| c.0);
}

/// Drop weak cuts (a number alone) that leave a run much shorter than a page on either side:
/// a page's length is the text's over the count of page numbers read.
pub(super) fn prune_weak_cuts(
    at: &mut Vec<(usize, bool)>,
    before: &[usize],
    first: usize,
    end: usize,
    numbers: usize,
) {
    let page = before[end] as f64 / numbers.max(1) as f64;
    for _ in 0..PRUNE_PASSES {
        let bounds: Vec<usize> = std::iter::once(first)
            .chain(at.iter().map(|c| c.0))
            .chain(std::iter::once(end))
            .collect();
        let run = |i: usize| (before[bounds[i + 1]] - before[bounds[i]]) as f64;
        let mut keep = vec![true; at.len()];
        let mut dropped_last = false;
        for i in 0..at.len() {
            // Cut i lies between runs i and i + 1.
            let short = run(i).min(run(i + 1)) < SHORT_RUN * page;
            if at[i].1 && short && !dropped_last {
                keep[i] = false;
                dropped_last = true;
            } else {
                dropped_last = false;
            }
        }
        if keep.iter().all(|&k| k) {
            break;
        }
        let mut k = keep.iter();
        at.retain(|_| *k.next().unwrap());
    }
}

/// A converter that sets no blank line inside a page (its pages are one block each) shows
/// every page edge by a blank line: when the runs between furniture cuts hold few block gaps
/// (at most [`GAPLESS_GAPS_PER_PAGE`] per run: those are pages whose furniture was missed),
/// every such gap is a candidate cut, as likely as the share of runs that hold none.
pub(super) fn add_gapless_cuts(
    lines: &[Line],
    blocks: &[(usize, usize)],
    first: usize,
    cuts: &mut Vec<(usize, f64)>,
) {
    let block_starts: Vec<usize> = blocks.iter().map(|b| lines[b.0].start).collect();
    let mut bounds: Vec<usize> = std::iter::once(first)
        .chain(cuts.iter().map(|c| c.0))
        .collect();
    bounds.push(usize::MAX);
    // Block starts strictly inside each run (block starts are ascending).
    let inside: Vec<&[usize]> = bounds
        .windows(2)
        .map(|w| {
            let a = block_starts.partition_point(|&s| s <= w[0]);
            let b = block_starts.partition_point(|&s| s < w[1]);
            &block_starts[a..b.max(a)]
        })
        .collect();
    let runs = inside.len();
    let gaps: usize = inside.iter().map(|g| g.len()).sum();
    if gaps == 0 || gaps as f64 > GAPLESS_GAPS_PER_PAGE * runs as f64 {
        return;
    }
    let share = inside.iter().filter(|g| g.is_empty()).count() as f64 / runs as f64;
    cuts.extend(inside.iter().flat_map(|g| g.iter().map(|&s| (s, share))));
    cuts.sort_by_key(|c| c.0);
    cuts.dedup_by_key(|c| c.0);
}

/// Runs between furniture cuts much longer than a typical page hold pages printed without
/// furniture: cut them at the block gaps nearest an even split, as candidates. Returns the
/// share of the text that lies in runs of about one page.
pub(super) fn add_long_run_cuts(
    text: &str,
    lines: &[Line],
    blocks: &[(usize, usize)],
    first: usize,
    cuts: &mut Vec<(usize, f64)>,
) -> f64 {
    let mut bounds: Vec<usize> = std::iter::once(first)
        .chain(cuts.iter().map(|c| c.0))
        .collect();
    bounds.push(text.len());
    let weight = |a: usize, b: usize| text[a..b].chars().filter(|c| !c.is_whitespace()).count();
    let mut runs: Vec<usize> = bounds.windows(2).map(|w| weight(w[0], w[1])).collect();
    runs.sort_unstable();
    let typical = runs[runs.len() / 2].max(1) as f64;
    let block_starts: Vec<usize> = blocks.iter().map(|b| lines[b.0].start).collect();
    let mut extra = Vec::new();
    let mut regular = 0.0;
    let mut total = 0.0;
    for w in bounds.windows(2) {
        let len = weight(w[0], w[1]) as f64;
        total += len;
        if len <= LONG_RUN_PAGES * typical {
            regular += len;
            continue;
        }
        let pieces = (len / typical).round().max(2.0) as usize;
        let inside: Vec<usize> = block_starts
            .iter()
            .copied()
            .filter(|&s| s > w[0] && s < w[1])
            .collect();
        // The run's weight up to each block start, counted once (rising strictly: a block holds
        // text), so each piece's nearest start is found by bisection, the earlier on a tie.
        let mut upto = Vec::with_capacity(inside.len());
        let mut at = (w[0], 0);
        for &s in &inside {
            at = (s, at.1 + weight(at.0, s));
            upto.push(at.1);
        }
        for p in 1..pieces {
            let target = (p as f64 * len / pieces as f64) as usize;
            let j = upto.partition_point(|&u| u < target);
            let nearest = match (j.checked_sub(1), upto.get(j)) {
                (Some(i), Some(&u)) if upto[i].abs_diff(target) > u.abs_diff(target) => Some(j),
                (Some(i), _) => Some(i),
                (None, Some(_)) => Some(j),
                (None, None) => None,
            };
            if let Some(k) = nearest {
                extra.push((inside[k], LONG_RUN_CUT));
            }
        }
    }
    cuts.extend(extra);
    cuts.sort_by_key(|c| c.0);
    cuts.dedup_by_key(|c| c.0);
    if total > 0.0 {
        regular / total
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::{blocks_of, lines_of};
    use super::*;

    /// A page of `pdftotext` (default mode) output: paragraphs one blank line apart.
    fn page(n: usize) -> String {
        format!(
            "Section {n} opens here and runs on for a line of ordinary prose text.\n\n\
             The second paragraph of page {n} holds a few more words of the text.\n\n\
             A third paragraph ends the page with some last words of its own.\n\n{n}\n"
        )
    }

    /// Cut offsets `add_wide_gap_cuts` gives `text` from the furniture's `sure` cuts (given
    /// by the line that starts each).
    fn wide_cuts(text: &str, sure: &[&str]) -> Vec<(usize, f64)> {
        let lines = lines_of(text);
        let blocks = blocks_of(&lines);
        let mut cuts: Vec<(usize, f64)> =
            sure.iter().map(|s| (text.find(s).unwrap(), 1.0)).collect();
        add_wide_gap_cuts(&lines, &blocks, &mut cuts, Some(1));
        cuts
    }

    #[test]
    fn wider_gaps_spaced_like_pages_are_cuts_where_the_furniture_cut_elsewhere() {
        // Six pages joined by two or three blank lines; the furniture cut at a section
        // heading inside each of pages 2-6 instead of at their tops.
        let joins = ["\n\n", "\n\n\n", "\n\n", "\n\n\n", "\n\n"];
        let mut text = page(1);
        for (i, j) in joins.iter().enumerate() {
            text.push_str(j);
            text.push_str(&page(i + 2));
        }
        let sure = [
            "The second paragraph of page 2",
            "The second paragraph of page 3",
            "The second paragraph of page 4",
            "The second paragraph of page 5",
            "The second paragraph of page 6",
        ];
        let cuts = wide_cuts(&text, &sure);
        for n in 2..=6 {
            let top = text.find(&format!("Section {n} opens")).unwrap();
            assert!(
                cuts.iter().any(|c| c.0 == top && c.1 == SPACED_GAP_CUT),
                "no cut at the top of page {n}: {cuts:?}"
            );
        }
    }

    #[test]
    fn wider_gaps_in_pairs_around_tables_are_no_cuts() {
        // Wider gaps before and after a short table on every other page (no more of them
        // than pages), none between the pages.
        let mut text = String::new();
        for n in 1..=6 {
            let p = page(n);
            if n % 2 == 1 {
                text.push_str(&p.replacen("\n\nThe second", "\n\n\n| a | b |\n\n\nThe second", 1));
            } else {
                text.push_str(&p);
            }
            text.push('\n');
        }
        let sure: Vec<String> = (2..=6).map(|n| format!("Section {n} opens")).collect();
        let sure: Vec<&str> = sure.iter().map(String::as_str).collect();
        let cuts = wide_cuts(&text, &sure);
        assert!(cuts.iter().all(|c| c.1 == 1.0), "{cuts:?}");
    }

    #[test]
    fn cuts_move_to_wider_gaps_spaced_like_pages_though_some_stand_far_from_every_cut() {
        // Six pages joined by two or three blank lines. The furniture cut before the folio of
        // pages 1-3 (read as opening its page: the wider gap is just after it) and inside
        // pages 4-6, far from their tops: two of the five wider gaps stand far from every
        // cut, yet they are spaced like pages.
        let joins = ["\n\n", "\n\n\n", "\n\n", "\n\n\n", "\n\n"];
        let mut text = page(1);
        for (i, j) in joins.iter().enumerate() {
            text.push_str(j);
            text.push_str(&page(i + 2));
        }
        let lines = lines_of(&text);
        let blocks = blocks_of(&lines);
        let line_at = |at: usize| lines.iter().position(|l| l.start == at).unwrap();
        let line_of = |s: &str| line_at(text.find(s).unwrap());
        let folio = |n: usize| line_at(text.find(&format!("\n{n}\n")).unwrap() + 1);
        let mut at: Vec<(usize, bool)> = (1..=3).map(|n| (folio(n), true)).collect();
        at.push((
            line_of("A third paragraph ends the page with some last words of its own.\n\n4"),
            false,
        ));
        at.push((line_of("The second paragraph of page 5"), false));
        at.push((line_of("The second paragraph of page 6"), false));
        at.sort_unstable();
        let before = weights_before(&lines);
        snap_to_wide_gaps(&mut at, &blocks, &before, 1);
        for n in 2..=4 {
            let top = line_of(&format!("Section {n} opens"));
            assert!(at.iter().any(|c| c.0 == top), "page {n}: {at:?}");
        }
    }
}
