//! Numbers that only grow through a document: footnote references that run on across
//! chapters, sections in the order of the contents or of their numbers (with the pages whose
//! kept running head names a section inside it), the kind of matter
//! (front, contents, body, back), and page numbers that leave gaps: printed ones kept on only
//! some pages, and those the contents gives for its headings. Pair scores
//! see one junction at a time, so a long run of pages placed in the wrong chapter costs them
//! nothing they can see; these numbers order such runs. The repair maximises the total of pair
//! scores minus a penalty for every place where a number goes backwards (and, for page
//! numbers, every page too many or too few between two numbered pages).

mod search;
mod sequence;

use crate::fragment::{Kind, Structure};
use crate::score::ScoreMatrix;
pub(crate) use search::repair;
use sequence::Sequence;

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

/// Largest document the repair runs on (its kicks cost a pass over the order each).
const MAX_FRAGMENTS: usize = 600;

/// Longest segment moved (`MAX_PAGE_SEGMENT` when it holds a numbered page).
const MAX_SEGMENT: usize = 4;

/// Longest segment moved when it holds a numbered page (such a move recounts the page-number
/// penalty of every window it touches, with no bound to skip places). Set with the first
/// repair (e6ee72d), not tuned.
const MAX_PAGE_SEGMENT: usize = 3;

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

impl Monotone {
    /// The document's growing numbers, or `None` when it has none worth a repair.
    pub fn new(s: &Structure) -> Option<Self> {
        let n = s.len();
        if n > MAX_FRAGMENTS {
            return None;
        }
        let notes = s.notes.clone();
        let sections = s.sections.clone();
        let pages = s.anchors.clone();
        let matter: Vec<Option<(u32, u32)>> = s
            .kinds
            .iter()
            .map(|&k| (k != Kind::Loose).then(|| (k.rank() as u32, k.rank() as u32)))
            .collect();
        let other_matter = s
            .kinds
            .iter()
            .any(|k| !matches!(k, Kind::Body | Kind::Loose));
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
            page_start: s.page_start.clone(),
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
    /// each fragment's position) and its penalty there, written over `windows`.
    fn windows_at(&self, at: &[usize], starts: &[f64], windows: &mut Vec<(usize, usize, f64)>) {
        windows.clear();
        windows.extend((0..self.pages.len().saturating_sub(1)).map(|k| {
            let (pa, pb) = (at[self.pages[k].0], at[self.pages[k + 1].0]);
            let cost = self.window_cost(k, |f| (at[f], starts[at[f]]));
            (pa.min(pb), pa.max(pb), cost)
        }));
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

#[cfg(test)]
mod tests {
    use super::sequence::Around;
    use super::*;
    use crate::fragment::Fragment;
    use crate::ingest::Span;
    use crate::solve::SolveStats;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The repair's view of hand-made fragments.
    fn monotone(frags: &[Fragment]) -> Option<Monotone> {
        Monotone::new(&Structure::read(frags, &[]))
    }

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
        let mono = monotone(&frags).expect("page numbers");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(repair(
            &misleading(),
            &mono,
            &mut order,
            0,
            &mut SolveStats::default()
        ));
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn footnote_numbers_put_runs_in_order() {
        let notes: [&[u32]; 5] = [&[1], &[2, 3], &[], &[4], &[5, 6]];
        let frags: Vec<Fragment> = notes.iter().map(|n| frag(None, n)).collect();
        let mono = monotone(&frags).expect("notes");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(repair(
            &misleading(),
            &mono,
            &mut order,
            0,
            &mut SolveStats::default()
        ));
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
        let mono = monotone(&frags).expect("sections");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(repair(
            &misleading(),
            &mono,
            &mut order,
            0,
            &mut SolveStats::default()
        ));
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
        // A head that names no one section (the numbers dropped) says nothing.
        let mut frags = frags;
        frags[3] = headed("The Same Subject Continued (Of Commerce)");
        let mono = monotone(&frags).expect("sections");
        let mut order = vec![0, 1, 2, 4, 3];
        assert!(!repair(
            &misleading(),
            &mono,
            &mut order,
            0,
            &mut SolveStats::default()
        ));
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
        let mono = monotone(&frags).expect("contents pages");
        let mut order = vec![0, 1, 3, 2, 4];
        assert!(repair(&m, &mono, &mut order, 0, &mut SolveStats::default()));
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
        let mono = monotone(&frags).expect("front matter and contents");
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
        assert!(monotone(&frags).is_none());
        let notes: [&[u32]; 4] = [&[1], &[2], &[1], &[2]];
        let frags: Vec<Fragment> = notes.iter().map(|n| frag(None, n)).collect();
        assert!(monotone(&frags).is_none());
    }
}
