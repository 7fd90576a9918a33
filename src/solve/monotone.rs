//! Numbers that only grow through a document: footnote references that run on across
//! chapters, sections in the order of the contents or of their numbers (with the pages whose
//! kept running head names a section inside it), the kind of matter
//! (front, contents, body, back), and page numbers that leave gaps: printed ones kept on only
//! some pages, and those the contents gives for its headings. Pair scores
//! see one junction at a time, so a long run of pages placed in the wrong chapter costs them
//! nothing they can see; these numbers order such runs. The repair maximises the total of pair
//! scores minus a penalty for every place where a number goes backwards (and, for page
//! numbers, every page too many or too few between two numbered pages).

use super::local::{double_bridge, edge, Neighbours};
use crate::fragment::{Fragment, Kind, StreamLink};
use crate::score::ScoreMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Penalty for a footnote number that goes backwards between two fragments with notes.
const NOTE_WEIGHT: f64 = 10.0;

/// Penalty for a section that comes before one the contents or numbering put ahead of it.
const SECTION_WEIGHT: f64 = 10.0;

/// Penalty for matter out of its place (contents after body text, body after back matter).
const MATTER_WEIGHT: f64 = 10.0;

/// Penalty for each page of disagreement between printed page numbers and the order.
const PAGE_WEIGHT: f64 = 3.0;

/// Share of the pages between two numbered pages by which the count may be off without
/// penalty: the pages are counted by their detected starts, and cut detection misses or
/// invents some (cut precision 0.9–1.0 per corpus document), more the longer the stretch.
/// Measured on the bench: 0.2 and 0.25 are best (md adjacency +0.008 over seeds 1–12), 0.1
/// and 0.4 give back half of that.
const PAGE_COUNT_SLACK: f64 = 0.2;

/// Seeded kicks (double bridges) tried after the first descent: fewer for long documents.
/// A kick's descent starts only from the fragments the kick moved, so it costs little; measured
/// on the bench (md, seeds 1–12): 480 kicks up to 250 fragments give adjacency 0.9459 (240:
/// 0.9433; 960 gain nothing more for twice the time) and restore the 202-page book in 0.6 s.
fn kicks(n: usize) -> usize {
    match n {
        0..=250 => 480,
        251..=400 => 240,
        _ => 120,
    }
}

/// Largest document the repair runs on (its kicks cost a pass over the order each).
const MAX_FRAGMENTS: usize = 600;

/// Longest segment moved (three when it holds a numbered page).
const MAX_SEGMENT: usize = 4;

/// Ranges of a number that must not go backwards along the order, per fragment.
#[derive(Debug)]
struct Sequence {
    range: Vec<Option<(u32, u32)>>,
    /// Penalty per step backwards.
    weight: f64,
}

impl Sequence {
    /// Penalty for `b` (the next fragment with a number) after `a`.
    fn step(&self, a: Option<usize>, b: Option<usize>) -> f64 {
        match (a.and_then(|a| self.range[a]), b.and_then(|b| self.range[b])) {
            (Some((_, hi)), Some((lo, _))) if lo < hi => self.weight,
            _ => 0.0,
        }
    }

    fn penalty(&self, order: &[usize]) -> f64 {
        let mut last = None;
        let mut total = 0.0;
        for &f in order {
            if self.range[f].is_some() {
                total += self.step(last, Some(f));
                last = Some(f);
            }
        }
        total
    }
}

/// Per position of an order: the nearest fragment with a number before it, and at or after it.
struct Around {
    before: Vec<Option<usize>>,
    from: Vec<Option<usize>>,
}

impl Around {
    fn new(seq: &Sequence, order: &[usize]) -> Self {
        let n = order.len();
        let mut before = vec![None; n + 1];
        for p in 0..n {
            before[p + 1] = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                before[p]
            };
        }
        let mut from = vec![None; n + 1];
        for p in (0..n).rev() {
            from[p] = if seq.range[order[p]].is_some() {
                Some(p)
            } else {
                from[p + 1]
            };
        }
        Around { before, from }
    }

    /// Change in `seq`'s penalty when the segment `i..i + len` of `order` moves to place `j` of
    /// the order without it.
    fn delta(&self, seq: &Sequence, order: &[usize], i: usize, len: usize, j: usize) -> f64 {
        let end = i + len;
        let (Some(s1), Some(s2)) = (self.from[i], self.before[end]) else {
            return 0.0;
        };
        if s1 >= end {
            return 0.0;
        }
        let f = |p: Option<usize>| p.map(|p| order[p]);
        let (s1, s2) = (Some(order[s1]), Some(order[s2]));
        let (p, nx) = (f(self.before[i]), f(self.from[end]));
        let mut d = seq.step(p, nx) - seq.step(p, s1) - seq.step(s2, nx);
        // Neighbours with numbers at the new place, skipping the segment itself.
        let (q, nq) = if j <= i {
            let after = match self.from[j] {
                Some(x) if x >= i && x < end => self.from[end],
                x => x,
            };
            (self.before[j], after)
        } else {
            let before = match self.before[j + len] {
                Some(x) if x >= i && x < end => self.before[i],
                x => x,
            };
            (before, self.from[j + len])
        };
        let (q, nq) = (f(q), f(nq));
        d += seq.step(q, s1) + seq.step(s2, nq) - seq.step(q, nq);
        d
    }
}

/// The growing numbers of one document.
#[derive(Debug)]
pub struct Monotone {
    /// Footnote numbers, when the document numbers its notes once through (no number used
    /// twice); sections by the contents or by heading numbers; and the kind of matter (front,
    /// contents, body, back — loose scraps may stand anywhere).
    sequences: [Sequence; 3],
    /// (fragment, printed page number), increasing numbers, each number once.
    pages: Vec<(usize, u32)>,
    /// Per fragment: 1 when it surely starts a page, the cut probability when it follows a
    /// candidate cut, 0 when it continues a page.
    page_start: Vec<f64>,
    /// Per fragment: its index in `pages`, if it is one.
    page_rank: Vec<Option<usize>>,
    /// (lowest footnote number, fragment) of the fragments with notes, in number order.
    by_note: Vec<(u32, usize)>,
}

/// Footnote reference ranges per fragment, or `None` when notes are too few or restart (a
/// reference or a note number that occurs in two fragments).
fn note_ranges(frags: &[Fragment]) -> Option<Vec<Option<(u32, u32)>>> {
    let mut refs: Vec<u32> = Vec::new();
    let mut notes: Vec<u32> = Vec::new();
    for f in frags {
        let mut r = f.refs.clone();
        r.sort_unstable();
        r.dedup();
        refs.extend(r);
        let mut n = f.notes.clone();
        n.sort_unstable();
        n.dedup();
        notes.extend(n);
    }
    let unique = |v: &mut Vec<u32>| {
        let len = v.len();
        v.sort_unstable();
        v.dedup();
        v.len() == len
    };
    if !unique(&mut refs) || !unique(&mut notes) {
        return None;
    }
    // References place a fragment; its notes may answer references of the fragment before
    // (the notes block closes a page that a candidate cut divided). Note numbers serve only
    // when the references were not found.
    let by_refs = refs.len() >= 3;
    let ranges: Vec<Option<(u32, u32)>> = frags
        .iter()
        .map(|f| {
            let numbers = if by_refs { &f.refs } else { &f.notes };
            Some((*numbers.iter().min()?, *numbers.iter().max()?))
        })
        .collect();
    (ranges.iter().flatten().count() >= 3).then_some(ranges)
}

/// Sections per fragment: positions in the contents of its headings (each position claimed
/// once), or else top-level heading numbers that run consecutively.
fn section_ranges(frags: &[Fragment]) -> Vec<Option<(u32, u32)>> {
    let body = |f: &Fragment| f.kind == Kind::Body;
    let listed = crate::score::context::contents_positions(frags);
    let mut claims = std::collections::HashMap::<usize, usize>::new();
    for (f, r) in frags.iter().zip(&listed) {
        if let (true, Some((a, b))) = (body(f), r) {
            *claims.entry(*a).or_default() += 1;
            if b != a {
                *claims.entry(*b).or_default() += 1;
            }
        }
    }
    let ranges: Vec<Option<(u32, u32)>> = frags
        .iter()
        .zip(&listed)
        .map(|(f, r)| match r {
            Some((a, b)) if body(f) && claims[a] == 1 && claims[b] == 1 => {
                Some((*a as u32, *b as u32))
            }
            _ => None,
        })
        .collect();
    let ranges = if ranges.iter().flatten().count() >= 2 {
        ranges
    } else {
        match super::sections::numbering_keys(frags) {
            Some(keys) => keys
                .into_iter()
                .map(|k| k.and_then(|k| k.first().map(|&v| (v, v))))
                .collect(),
            None => return vec![None; frags.len()],
        }
    };
    // Headings take even numbers (a fragment's range ends after its last section starts), the
    // pages a running head places inside a section the odd number between its heading and
    // the next.
    let mut doubled: Vec<Option<(u32, u32)>> = ranges
        .iter()
        .map(|r| r.map(|(a, b)| (2 * a, 2 * b + 1)))
        .collect();
    for (f, hi) in running_head_sections(frags, &ranges) {
        let inside = (2 * hi + 1, 2 * hi + 1);
        doubled[f] = Some(match doubled[f] {
            Some((a, b)) => (a.min(inside.0), b.max(inside.1)),
            None => inside,
        });
    }
    doubled
}

/// Lowercase words (letters and digits) of a title, for matching running heads to headings.
fn title_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether running head `head` names `heading`: one holds the other's words in a row, from
/// its start or at least three of them.
fn names(head: &[String], heading: &[String]) -> bool {
    let holds = |long: &[String], short: &[String]| {
        short.len() >= 2
            && short.len() <= long.len()
            && (long.starts_with(short)
                || (short.len() >= 3 && long.windows(short.len()).any(|w| w == short)))
    };
    holds(heading, head) || holds(head, heading)
}

/// Pages whose running head names exactly one section heading (a converter that kept the
/// heads of recto pages: `*XVI. The Same Subject Continued*`), with the section number
/// (`ranges`' upper end) of the fragment where that section starts. The heading must be the
/// last of its rank in its fragment, so that its section runs on past it.
fn running_head_sections(frags: &[Fragment], ranges: &[Option<(u32, u32)>]) -> Vec<(usize, u32)> {
    let mut sections: Vec<(Vec<String>, u32)> = Vec::new();
    for (f, r) in frags.iter().zip(ranges) {
        let Some((_, hi)) = r else { continue };
        for (k, h) in f.headings.iter().enumerate() {
            let rival = f.headings[k + 1..]
                .iter()
                .any(|x| x.level == 0 || x.level <= h.level);
            if !rival {
                sections.push((title_words(&h.text), *hi));
            }
        }
    }
    frags
        .iter()
        .enumerate()
        // A page cut in two may hold the section's heading in its second part, after the
        // end of the section before.
        .filter(|(_, frag)| frag.ends_page)
        .filter_map(|(f, frag)| {
            let head = title_words(frag.running_head.as_deref()?);
            let mut found = sections.iter().filter(|(t, _)| names(&head, t));
            match (found.next(), found.next()) {
                (Some(&(_, hi)), None) => Some((f, hi)),
                _ => None,
            }
        })
        .collect()
}

/// Numbered pages that leave gaps between their numbers — printed page numbers kept on some
/// pages, and the pages the contents gives for headings — or nothing when the numbers say no
/// more than pair scores do (fewer than two, all consecutive) or do not fit the document.
fn page_anchors(frags: &[Fragment], page_start: &[f64]) -> Vec<(usize, u32)> {
    let mut pages: Vec<(usize, u32)> = frags
        .iter()
        .enumerate()
        .filter(|(_, f)| f.starts_page && !f.page_roman)
        .filter_map(|(i, f)| f.page_number.map(|p| (i, p)))
        .collect();
    // A heading the contents lists with a page number stands on that page (the contents and
    // the printed numbers count alike; where both name a page, the printed number stays).
    let listed = crate::score::context::contents_positions(frags);
    let entry_pages = crate::score::context::contents_pages(frags);
    for (i, (f, r)) in frags.iter().zip(&listed).enumerate() {
        let (Some((first, _)), Kind::Body) = (r, f.kind) else {
            continue;
        };
        if let Some(&Some(p)) = entry_pages.get(*first) {
            if !pages.iter().any(|&(_, q)| q == p) {
                pages.push((i, p));
            }
        }
    }
    pages.sort_by_key(|&(i, p)| (p, i));
    // A number printed twice is not a position.
    let repeated: Vec<u32> = pages
        .windows(2)
        .filter(|w| w[0].1 == w[1].1)
        .map(|w| w[0].1)
        .collect();
    pages.retain(|a| !repeated.contains(&a.1));
    if pages.len() < 2 {
        return Vec::new();
    }
    let between: u32 = pages.windows(2).map(|w| w[1].1 - w[0].1 - 1).sum();
    let free: f64 =
        page_start.iter().sum::<f64>() - pages.iter().map(|&(f, _)| page_start[f]).sum::<f64>();
    if between == 0 || between as f64 > free + 0.5 {
        return Vec::new();
    }
    // Where most numbered pages have their neighbour's number too (page numbers kept, a few
    // lost), pair scores already read them; the repair is for numbers kept on some pages only.
    let numbers: Vec<u32> = pages.iter().map(|&(_, p)| p).collect();
    if crate::score::context::numbers_run_on(&numbers) {
        return Vec::new();
    }
    pages
}

impl Monotone {
    /// The document's growing numbers, or `None` when it has none worth a repair.
    pub fn new(frags: &[Fragment], links: &[StreamLink]) -> Option<Self> {
        let n = frags.len();
        if n > MAX_FRAGMENTS {
            return None;
        }
        let mut page_start: Vec<f64> = frags
            .iter()
            .map(|f| if f.starts_page { 1.0 } else { 0.0 })
            .collect();
        for l in links {
            if !frags[l.to].starts_page {
                page_start[l.to] = l.p_boundary;
            }
        }
        let notes = note_ranges(frags).unwrap_or_else(|| vec![None; n]);
        let sections = section_ranges(frags);
        let pages = page_anchors(frags, &page_start);
        let matter: Vec<Option<(u32, u32)>> = frags
            .iter()
            .map(|f| (f.kind != Kind::Loose).then(|| (f.kind.rank() as u32, f.kind.rank() as u32)))
            .collect();
        let other_matter = frags
            .iter()
            .any(|f| !matches!(f.kind, Kind::Body | Kind::Loose));
        if pages.is_empty()
            && notes.iter().all(Option::is_none)
            && sections.iter().all(Option::is_none)
            && !other_matter
        {
            return None;
        }
        let mut by_note: Vec<(u32, usize)> = notes
            .iter()
            .enumerate()
            .filter_map(|(f, r)| r.map(|(lo, _)| (lo, f)))
            .collect();
        by_note.sort_unstable();
        let mut page_rank = vec![None; n];
        for (k, &(f, _)) in pages.iter().enumerate() {
            page_rank[f] = Some(k);
        }
        Some(Monotone {
            sequences: [
                Sequence {
                    range: notes,
                    weight: NOTE_WEIGHT,
                },
                Sequence {
                    range: sections,
                    weight: SECTION_WEIGHT,
                },
                Sequence {
                    range: if other_matter { matter } else { vec![None; n] },
                    weight: MATTER_WEIGHT,
                },
            ],
            pages,
            page_start,
            page_rank,
            by_note,
        })
    }

    /// Penalty of `order` (`pos` and `starts` are scratch space).
    pub fn penalty(&self, order: &[usize], pos: &mut [usize], starts: &mut Vec<f64>) -> f64 {
        self.sequences.iter().map(|s| s.penalty(order)).sum::<f64>()
            + self.page_penalty(order, pos, starts)
    }

    /// What the repair maximises: the pair scores along `order` minus the penalty.
    pub fn objective(&self, m: &ScoreMatrix, order: &[usize]) -> f64 {
        let mut pos = vec![0; m.len()];
        m.total(order) - self.penalty(order, &mut pos, &mut Vec::with_capacity(order.len() + 1))
    }

    /// Every place where `order` steps a number backwards, for diagnostics: the kind of number
    /// (`notes`, `sections`, `matter`) and the two fragments.
    pub fn steps_back(&self, order: &[usize]) -> Vec<(&'static str, usize, usize)> {
        let names = ["notes", "sections", "matter"];
        let mut steps = Vec::new();
        for (name, s) in names.into_iter().zip(&self.sequences) {
            let mut last = None;
            for &f in order.iter().filter(|&&f| s.range[f].is_some()) {
                if s.step(last, Some(f)) > 0.0 {
                    steps.extend(last.map(|a| (name, a, f)));
                }
                last = Some(f);
            }
        }
        steps
    }

    /// The page-number part of [`Monotone::penalty`].
    fn page_penalty(&self, order: &[usize], pos: &mut [usize], starts: &mut Vec<f64>) -> f64 {
        if self.pages.is_empty() {
            return 0.0;
        }
        for (p, &f) in order.iter().enumerate() {
            pos[f] = p;
        }
        self.count_starts(order, starts);
        self.page_cost(|f| (pos[f], starts[pos[f]]))
    }

    /// Per position of `order`: the page starts before it (one more entry for the end).
    fn count_starts(&self, order: &[usize], starts: &mut Vec<f64>) {
        starts.clear();
        let mut acc = 0.0;
        for &f in order {
            starts.push(acc);
            acc += self.page_start[f];
        }
        starts.push(acc);
    }

    /// The page-number penalty, given where each numbered page stands and how many page starts
    /// precede it.
    fn page_cost(&self, place: impl Fn(usize) -> (usize, f64)) -> f64 {
        (0..self.pages.len().saturating_sub(1))
            .map(|k| self.window_cost(k, &place))
            .sum()
    }

    /// The page-number penalty between numbered pages `k` and `k + 1`.
    fn window_cost(&self, k: usize, place: impl Fn(usize) -> (usize, f64)) -> f64 {
        let ((a, na), (b, nb)) = (self.pages[k], self.pages[k + 1]);
        // Pages strictly between; the start of `b`'s page is among them when `b` does not
        // begin it (a heading in the middle of its page).
        let expected = (nb - na - 1) as f64 + (1.0 - self.page_start[b]);
        let ((pa, sa), (pb, sb)) = (place(a), place(b));
        // Page starts strictly between the two; negative when they stand reversed.
        let measured = if pa < pb {
            sb - sa - self.page_start[a]
        } else {
            -(sa - sb + self.page_start[a]) - 1.0
        };
        let slack = PAGE_COUNT_SLACK * expected;
        PAGE_WEIGHT * ((measured - expected).abs() - slack).max(0.0)
    }

    /// Per pair of consecutive numbered pages: the positions it spans in `order` (`at` holds
    /// each fragment's position) and its penalty there.
    fn windows_at(&self, at: &[usize], starts: &[f64]) -> Vec<(usize, usize, f64)> {
        (0..self.pages.len().saturating_sub(1))
            .map(|k| {
                let (pa, pb) = (at[self.pages[k].0], at[self.pages[k + 1].0]);
                let cost = self.window_cost(k, |f| (at[f], starts[at[f]]));
                (pa.min(pb), pa.max(pb), cost)
            })
            .collect()
    }

    /// Sort key of a fragment: its lowest footnote reference.
    fn key(&self, f: usize) -> Option<u32> {
        self.sequences[0].range[f].map(|r| r.0)
    }

    /// Cut `order` where footnote numbers go backwards or skip (at the weakest junction between
    /// the two fragments with notes) and sort the runs by their first footnote number; what
    /// stands before the first note stays first.
    fn sort_runs(&self, m: &ScoreMatrix, order: &[usize]) -> Vec<usize> {
        let mut cuts = Vec::new();
        let mut last: Option<(usize, u32)> = None;
        for (p, &f) in order.iter().enumerate() {
            let Some((lo, hi)) = self.sequences[0].range[f] else {
                continue;
            };
            if let Some((lp, l)) = last {
                // Numbers that go backwards or skip some: the run may belong elsewhere.
                if lo < l || lo > l + 1 {
                    let cut = (lp + 1..=p)
                        .min_by(|&x, &y| {
                            m.get(order[x - 1], order[x])
                                .total_cmp(&m.get(order[y - 1], order[y]))
                        })
                        .expect("a junction");
                    cuts.push(cut);
                }
            }
            last = Some((p, hi));
        }
        if cuts.is_empty() {
            return order.to_vec();
        }
        let mut runs: Vec<&[usize]> = Vec::new();
        let mut start = 0;
        for c in cuts {
            runs.push(&order[start..c]);
            start = c;
        }
        runs.push(&order[start..]);
        let key = |r: &&[usize]| r.iter().find_map(|&f| self.key(f));
        // The run holding the document's opening keeps its place when it has no notes.
        let first = runs.remove(0);
        runs.sort_by_key(key);
        let (before, after): (Vec<&[usize]>, Vec<&[usize]>) = runs
            .into_iter()
            .partition(|r| key(r).is_some_and(|k| key(&first).is_some_and(|f| k < f)));
        before
            .into_iter()
            .chain(std::iter::once(first))
            .chain(after)
            .flatten()
            .copied()
            .collect()
    }
}

/// Bring runs into the order of their footnote numbers when that pays, then move segments
/// wherever pair scores minus the penalty improve, with seeded kicks to leave local optima.
/// Returns true when the order changed.
pub fn repair(m: &ScoreMatrix, mono: &Monotone, order: &mut Vec<usize>, seed: u64) -> bool {
    let n = order.len();
    if n < 3 {
        return false;
    }
    let objective = |o: &[usize]| mono.objective(m, o);
    let mut best = objective(order);
    let mut changed = false;
    let sorted = mono.sort_runs(m, order);
    if sorted != *order {
        let t = objective(&sorted);
        if t > best {
            *order = sorted;
            best = t;
            changed = true;
        }
    }
    let nb = Neighbours::new(m, 10.min(n - 1));
    let mut active = vec![true; m.len()];
    changed |= descend(m, &nb, mono, order, &mut active);
    best = best.max(objective(order));
    if n < 8 {
        return changed;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x006d_6f6e_6f74_6f6e);
    // Each fragment's successor in `order`, to see which neighbours a kick changes.
    let successors = |order: &[usize], next_of: &mut [usize]| {
        next_of.fill(usize::MAX);
        for w in order.windows(2) {
            next_of[w[0]] = w[1];
        }
    };
    let mut next_of = vec![usize::MAX; m.len()];
    successors(order, &mut next_of);
    for _ in 0..kicks(n) {
        let Some(mut cand) = double_bridge(order, &mut rng) else {
            continue;
        };
        // Only the fragments whose neighbours the kick changed start the descent.
        active.fill(false);
        for w in cand.windows(2) {
            if next_of[w[0]] != w[1] {
                active[w[0]] = true;
                active[w[1]] = true;
            }
        }
        descend(m, &nb, mono, &mut cand, &mut active);
        let t = objective(&cand);
        if t > best + 1e-9 {
            best = t;
            *order = cand;
            successors(order, &mut next_of);
            changed = true;
        }
    }
    changed
}

/// Move segments while pair scores minus the penalty improve. A segment may go next to one of
/// its best neighbours or to either end, and one holding a numbered page where its number
/// puts it. Only segments next to an `active` fragment are tried; each round, the fragments
/// whose neighbours a move changed become the active ones (don't-look bits: after a kick, the
/// descent costs what the kick changed, not a pass over the whole order).
fn descend(
    m: &ScoreMatrix,
    nb: &Neighbours,
    mono: &Monotone,
    order: &mut Vec<usize>,
    active: &mut [bool],
) -> bool {
    let n = order.len();
    let mut starts = Vec::with_capacity(n);
    mono.count_starts(order, &mut starts);
    let mut at = vec![0usize; m.len()];
    let index = |order: &[usize], at: &mut [usize]| {
        for (p, &f) in order.iter().enumerate() {
            at[f] = p;
        }
    };
    index(order, &mut at);
    let mut windows = mono.windows_at(&at, &starts);
    let around = |order: &[usize]| mono.sequences.each_ref().map(|s| Around::new(s, order));
    let mut near = around(order);
    let mut changed = false;
    let mut cand: Vec<usize> = Vec::with_capacity(n);
    let mut places: Vec<usize> = Vec::with_capacity(32);
    let mut touched: Vec<usize> = Vec::new();
    for _round in 0..50 {
        let mut improved = false;
        for len in 1..=MAX_SEGMENT.min(n - 1) {
            let mut i = 0;
            while i + len <= order.len() {
                let near_active = order[i.saturating_sub(1)..(i + len + 1).min(n)]
                    .iter()
                    .any(|&f| active[f]);
                if !near_active {
                    i += 1;
                    continue;
                }
                let seg = &order[i..i + len];
                let holds_page = seg.iter().any(|&f| mono.page_rank[f].is_some());
                if holds_page && len > 3 {
                    i += 1;
                    continue;
                }
                // Without a numbered page, a segment changes the page count of at most two
                // gaps, by its page weight each.
                let bound = if holds_page {
                    f64::INFINITY
                } else if mono.pages.is_empty() {
                    0.0
                } else {
                    2.0 * PAGE_WEIGHT * seg.iter().map(|&f| mono.page_start[f]).sum::<f64>()
                };
                let prev = (i > 0).then(|| order[i - 1]);
                let next = order.get(i + len).copied();
                let (head, tail) = (order[i], order[i + len - 1]);
                let removal =
                    edge(m, prev, next) - edge(m, prev, Some(head)) - edge(m, Some(tail), next);
                // Places as indices into the order without the segment.
                let rest_len = n - len;
                let rest = |r: usize| if r < i { order[r] } else { order[r + len] };
                let rest_index = |p: usize| if p < i { p } else { p - len };
                let inside = |p: usize| p >= i && p < i + len;
                places.clear();
                places.push(0);
                places.push(rest_len);
                places.extend(
                    nb.pred[head]
                        .iter()
                        .map(|&x| at[x])
                        .filter(|&p| !inside(p))
                        .map(|p| rest_index(p) + 1),
                );
                places.extend(
                    nb.succ[tail]
                        .iter()
                        .map(|&y| at[y])
                        .filter(|&p| !inside(p))
                        .map(rest_index),
                );
                // A numbered page may also go where its number puts it: after the page
                // numbered before it, or before the one numbered after it.
                for k in seg.iter().filter_map(|&f| mono.page_rank[f]) {
                    if let Some(&(f, _)) = k.checked_sub(1).and_then(|k| mono.pages.get(k)) {
                        if !inside(at[f]) {
                            places.push(rest_index(at[f]) + 1);
                        }
                    }
                    if let Some(&(f, _)) = mono.pages.get(k + 1) {
                        if !inside(at[f]) {
                            places.push(rest_index(at[f]));
                        }
                    }
                }
                // A page with notes may go where its numbers put it: after the fragment whose
                // notes come just before, or before the one whose notes come just after.
                let notes = &mono.sequences[0].range;
                for (lo, hi) in seg.iter().filter_map(|&f| notes[f]) {
                    let k = mono.by_note.partition_point(|&(l, _)| l < lo);
                    let before = mono.by_note[..k]
                        .iter()
                        .rev()
                        .find(|&&(_, f)| notes[f].is_some_and(|(_, h)| h < lo) && !inside(at[f]));
                    if let Some(&(_, f)) = before {
                        places.push(rest_index(at[f]) + 1);
                    }
                    let after = mono.by_note[k..]
                        .iter()
                        .find(|&&(l, f)| l > hi && !inside(at[f]));
                    if let Some(&(_, f)) = after {
                        places.push(rest_index(at[f]));
                    }
                }
                places.sort_unstable();
                places.dedup();
                let mut best = (1e-7, usize::MAX);
                for &j in &places {
                    if j == i {
                        continue;
                    }
                    let x = j.checked_sub(1).map(rest);
                    let y = (j < rest_len).then(|| rest(j));
                    let mut gain =
                        removal + edge(m, x, Some(head)) + edge(m, Some(tail), y) - edge(m, x, y);
                    for (s, a) in mono.sequences.iter().zip(&near) {
                        gain -= a.delta(s, order, i, len, j);
                    }
                    if gain + bound <= best.0 {
                        continue;
                    }
                    if !mono.pages.is_empty() {
                        // Where each numbered page would stand, and the page starts before it.
                        let weight = starts[i + len] - starts[i];
                        let at_j = if j <= i {
                            starts[j]
                        } else {
                            starts[j + len] - weight
                        };
                        let place = |f: usize| {
                            let p = at[f];
                            if inside(p) {
                                (j + p - i, at_j + starts[p] - starts[i])
                            } else {
                                let r = rest_index(p);
                                let before = if p < i { starts[p] } else { starts[p] - weight };
                                if r < j {
                                    (r, before)
                                } else {
                                    (r + len, before + weight)
                                }
                            }
                        };
                        // Only the pairs of numbered pages whose stretch the segment leaves
                        // or enters (or that it holds) change their penalty.
                        let enter = if j <= i { j } else { j + len };
                        let mut delta = 0.0;
                        for (k, &(lo, hi, old)) in windows.iter().enumerate() {
                            if (i <= hi && i + len > lo) || (enter > lo && enter <= hi) {
                                delta += mono.window_cost(k, place) - old;
                            }
                        }
                        gain -= delta;
                    }
                    if gain > best.0 {
                        best = (gain, j);
                    }
                }
                if best.1 != usize::MAX {
                    let j = best.1;
                    let x = j.checked_sub(1).map(rest);
                    let y = (j < rest_len).then(|| rest(j));
                    for f in [prev, Some(head), Some(tail), next, x, y]
                        .into_iter()
                        .flatten()
                    {
                        active[f] = true;
                        touched.push(f);
                    }
                    cand.clear();
                    cand.extend((0..j).map(rest));
                    cand.extend_from_slice(&order[i..i + len]);
                    cand.extend((j..rest_len).map(rest));
                    std::mem::swap(order, &mut cand);
                    index(order, &mut at);
                    near = around(order);
                    mono.count_starts(order, &mut starts);
                    windows = mono.windows_at(&at, &starts);
                    improved = true;
                    changed = true;
                } else {
                    i += 1;
                }
            }
        }
        if !improved {
            break;
        }
        active.fill(false);
        for f in touched.drain(..) {
            active[f] = true;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Span;
    use rand::Rng;

    fn frag(number: Option<u32>, notes: &[u32]) -> Fragment {
        let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
        f.page_number = number;
        f.notes = notes.to_vec();
        f.refs = notes.to_vec();
        f
    }

    /// Pair scores that prefer `0 1 2 4 3` although `0 1 2 3 4` is true.
    fn misleading() -> ScoreMatrix {
        let good = [(0, 1), (1, 2), (2, 3), (3, 4)];
        ScoreMatrix::from_fn(5, |a, b| {
            if (a, b) == (2, 4) || (a, b) == (4, 3) {
                2.0
            } else if good.contains(&(a, b)) {
                1.0
            } else {
                0.0
            }
        })
    }

    #[test]
    fn a_page_goes_between_its_numbered_neighbours() {
        let frags: Vec<Fragment> = [Some(1), None, Some(3), None, Some(5)]
            .into_iter()
            .map(|p| frag(p, &[]))
            .collect();
        let mono = Monotone::new(&frags, &[]).expect("page numbers");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(repair(&misleading(), &mono, &mut order, 0));
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn footnote_numbers_put_runs_in_order() {
        let notes: [&[u32]; 5] = [&[1], &[2, 3], &[], &[4], &[5, 6]];
        let frags: Vec<Fragment> = notes.iter().map(|n| frag(None, n)).collect();
        let mono = Monotone::new(&frags, &[]).expect("notes");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(repair(&misleading(), &mono, &mut order, 0));
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
    }

    fn section(number: u32, title: &str) -> Fragment {
        let mut f = frag(None, &[]);
        f.headings.push(crate::fragment::Heading {
            text: title.to_string(),
            level: 2,
            number: Some(vec![number]),
        });
        f
    }

    fn headed(head: &str) -> Fragment {
        let mut f = frag(Some(23), &[]);
        f.running_head = Some(head.to_string());
        f
    }

    #[test]
    fn a_running_head_puts_its_page_in_its_section() {
        let frags = vec![
            section(1, "I. Of Commerce"),
            frag(None, &[]),
            section(2, "II. The Same Subject Continued (Of Commerce)"),
            headed("II. The Same Subject Continued (Of"),
            section(3, "III. The Same Subject Continued (Of Commerce)"),
        ];
        let mono = Monotone::new(&frags, &[]).expect("sections");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(repair(&misleading(), &mono, &mut order, 0));
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
        // A head that names no one section (the numbers dropped) says nothing.
        let mut frags = frags;
        frags[3] = headed("The Same Subject Continued (Of Commerce)");
        let mono = Monotone::new(&frags, &[]).expect("sections");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(!repair(&misleading(), &mono, &mut order, 0));
    }

    #[test]
    fn contents_page_numbers_give_each_section_its_pages() {
        let titles = [("Of Commerce", 1), ("Of Revenue", 3), ("Of Taxation", 4)];
        let mut contents = frag(None, &[]);
        contents.kind = Kind::Contents;
        contents.contents = titles
            .iter()
            .map(|&(t, p)| crate::fragment::ContentsEntry {
                title: t.to_string(),
                page: Some(p),
            })
            .collect();
        let heading = |t: &str| {
            let mut f = frag(None, &[]);
            f.headings.push(crate::fragment::Heading {
                text: t.to_string(),
                level: 2,
                number: None,
            });
            f
        };
        // Contents, Commerce (page 1), its second page, Revenue (3), Taxation (4).
        let frags = vec![
            contents,
            heading("Of Commerce"),
            frag(None, &[]),
            heading("Of Revenue"),
            heading("Of Taxation"),
        ];
        let good = [(0, 1), (1, 2), (2, 3), (3, 4)];
        let bad = [(1, 3), (3, 2), (2, 4)];
        let m = ScoreMatrix::from_fn(5, |a, b| {
            if bad.contains(&(a, b)) {
                2.0
            } else if good.contains(&(a, b)) {
                1.0
            } else {
                0.0
            }
        });
        let mono = Monotone::new(&frags, &[]).expect("contents pages");
        let mut order = vec![0, 1, 3, 2, 4];
        assert!(repair(&m, &mono, &mut order, 0));
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
    }

    proptest::proptest! {
        /// The incremental change of a sequence's penalty equals the change recomputed over
        /// the whole order.
        #[test]
        fn moving_a_segment_changes_the_penalty_by_its_delta(
            ranges in proptest::collection::vec(proptest::option::of((0u32..8, 0u32..3)), 2..12),
            shuffle: u64,
            at in (0usize..100, 1usize..4, 0usize..100),
        ) {
            let n = ranges.len();
            let seq = Sequence {
                range: ranges.iter().map(|r| r.map(|(lo, w)| (lo, lo + w))).collect(),
                weight: 1.0,
            };
            let mut rng = ChaCha8Rng::seed_from_u64(shuffle);
            let mut order: Vec<usize> = (0..n).collect();
            for k in (1..n).rev() {
                order.swap(k, rng.random_range(0..=k));
            }
            let len = at.1.min(n - 1);
            let i = at.0 % (n - len + 1);
            let j = at.2 % (n - len + 1);
            let rest: Vec<usize> = order[..i].iter().chain(&order[i + len..]).copied().collect();
            let mut moved = rest.clone();
            moved.splice(j..j, order[i..i + len].iter().copied());
            let delta = Around::new(&seq, &order).delta(&seq, &order, i, len, j);
            proptest::prop_assert!((delta - (seq.penalty(&moved) - seq.penalty(&order))).abs() < 1e-9);
        }
    }

    #[test]
    fn contents_may_not_hide_behind_a_loose_scrap() {
        let kinds = [
            Kind::Front,
            Kind::Contents,
            Kind::Body,
            Kind::Loose,
            Kind::Body,
        ];
        let frags: Vec<Fragment> = kinds
            .iter()
            .map(|&k| {
                let mut f = frag(None, &[]);
                f.kind = k;
                f
            })
            .collect();
        let mono = Monotone::new(&frags, &[]).expect("front matter and contents");
        let (mut pos, mut starts) = (vec![0; 5], Vec::new());
        assert_eq!(mono.penalty(&[0, 1, 2, 3, 4], &mut pos, &mut starts), 0.0);
        // Body, a scrap, then the contents: pair scores never see body next to contents.
        assert!(mono.penalty(&[0, 2, 3, 1, 4], &mut pos, &mut starts) > 0.0);
        // A scrap may stand anywhere.
        assert_eq!(mono.penalty(&[3, 0, 1, 2, 4], &mut pos, &mut starts), 0.0);
    }

    #[test]
    fn restarting_or_consecutive_numbers_give_no_repair() {
        let frags: Vec<Fragment> = [Some(1), Some(2), Some(3)]
            .into_iter()
            .map(|p| frag(p, &[]))
            .collect();
        assert!(Monotone::new(&frags, &[]).is_none());
        let notes: [&[u32]; 4] = [&[1], &[2], &[1], &[2]];
        let frags: Vec<Fragment> = notes.iter().map(|n| frag(None, n)).collect();
        assert!(Monotone::new(&frags, &[]).is_none());
    }
}
