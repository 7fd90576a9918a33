//! The confidence of a junction in unmarked converter output: its margin alone overrates
//! junctions whose cut itself is doubtful (a piece of a page that belongs between the two, a
//! short fragment, text that does not run on) or whose document's fragments match its
//! furniture badly (numbers shown twice, scraps of pages carrying a number, an order that
//! breaks the numbers), so a logistic regression on the margin and such doubts, fitted on the
//! train documents, turns them into a confidence.

use crate::fragment::{Analysis, Close, Open};

/// What a junction of unmarked converter output shows besides its margin, each in `[0, 1]`
/// except the margin itself (clamped to `[MARGIN_FLOOR, MARGIN_CLAMP]`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Doubts {
    /// The junction's margin, clamped to at most [`MARGIN_CLAMP`].
    pub margin: f64,
    /// The margin is [`DECISIVE`] or more: won by far, which misread numbers do too.
    pub decisive: f64,
    /// Either fragment is a piece of a page: it does not surely start or end a page, or a
    /// candidate cut (a link the input's order may rejoin) touches it.
    pub piece: f64,
    /// How far the shorter fragment falls below the document's typical page length
    /// (`1 - length / capacity`, 0 when it is a full page).
    pub short: f64,
    /// Both fragments carry printed page numbers and the second is the first's successor.
    pub numbered: f64,
    /// The text runs on across the junction: the first ends mid-sentence (or on a hyphen)
    /// and the second opens mid-sentence.
    pub runs_on: f64,
    /// The text contradicts the junction: the first ends mid-sentence and the second opens a
    /// fresh sentence or a heading, or the first ends a sentence and the second opens
    /// mid-sentence.
    pub clash: f64,
    /// The share of the document's fragments without a printed page number (pieces of
    /// pages, unnumbered pages: what may belong between two numbered pages).
    pub unnumbered: f64,
    /// The share of the document's junctions carried by consecutive numbers whose text
    /// clashes ([`Doubts::clash`]).
    pub numbers_clash: f64,
    /// The share of the document's fragments shorter than [`SHORT_PAGE`] of a page.
    pub short_pages: f64,
    /// The share of the document's fragments that are pieces (see [`Doubts::piece`]).
    pub candidates: f64,
    /// The share of the printed arabic numbers between the document's lowest and highest
    /// that no fragment shows.
    pub numbers_missing: f64,
    /// How far the longer fragment runs beyond the document's typical page length
    /// (`length / capacity - 1`, at most 1): a page with a foreign page glued to it, whose
    /// edge is not where its number says.
    pub long: f64,
    /// The share of the document's fragments longer than [`LONG_PAGE`] of a page: pages
    /// glued together, so fewer cuts than pages.
    pub long_pages: f64,
    /// The share of the document's printed arabic numbers that two or more fragments show
    /// (numbers of the text read as folios).
    pub numbers_repeat: f64,
    /// The share of the order's junctions between two numbered fragments whose numbers are
    /// not consecutive: where the order and the numbers disagree.
    pub numbers_break: f64,
    /// The two fragments stood next to each other in the input (the order keeps a candidate
    /// cut closed, or keeps the scramble's own neighbours).
    pub adjacent: f64,
    /// The second fragment opens with a heading (a chapter or section start: any page that
    /// ends a section may precede it).
    pub heading: f64,
    /// The fragments without a printed number that open mid-sentence, per numbered fragment
    /// (at most 1): pieces of pages that must follow some page, so where the numbers chain
    /// two pages one of them may belong between.
    pub orphans: f64,
    /// The share of the document's fragments without a running head, where most have one
    /// (0 otherwise): pages whose furniture was not seen, glued to a neighbour or cut apart.
    pub headless: f64,
    /// The share of the document's numbered fragments shorter than [`SCRAP`] of a page: a
    /// number of the text (a list item, a footnote) read as a folio cuts a page apart, and
    /// the page it was cut from ends where its number does not say.
    pub scraps: f64,
}

/// A fragment shorter than this share of the page capacity counts as short for
/// [`Doubts::short_pages`]. Chosen by hand, not fitted.
const SHORT_PAGE: f64 = 0.5;
/// A fragment longer than this share of the page capacity counts as long for
/// [`Doubts::long_pages`]. Chosen by hand, not fitted.
const LONG_PAGE: f64 = 1.25;
/// A numbered fragment shorter than this share of the page capacity counts as a scrap for
/// [`Doubts::scraps`] (no real page of the train documents is that short but for a chapter's
/// last lines). Chosen by hand, not fitted.
const SCRAP: f64 = 0.15;

fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// Margins beyond this are read as this: on the train runs joined by blank lines (seeds 4–6)
/// junctions are right more often as the margin grows up to about 7 (98 %), no more often
/// beyond. Chosen by hand from that table, not fitted.
const MARGIN_CLAMP: f64 = 7.0;
/// Margins below this are read as this (the clamp of the older Platt fits). Chosen by hand,
/// not fitted.
const MARGIN_FLOOR: f64 = -10.0;
/// A margin this large or more is [`Doubts::decisive`]: on the same runs junctions won by 9 or
/// more are right less often (96–97 %) than those won by 6 to 9 (98 %), as a misread page
/// number wins by far. Chosen by hand from that table, not fitted.
const DECISIVE: f64 = 9.0;

impl Doubts {
    /// The doubts of each junction of `order` (whose margins are `margins`) in `analysis`.
    pub fn along(analysis: &Analysis, order: &[usize], margins: &[f64]) -> Vec<Doubts> {
        let frags = &analysis.fragments;
        let mut linked = vec![false; frags.len()];
        for l in analysis.links.iter().filter(|l| l.p_boundary < 1.0) {
            linked[l.from] = true;
            linked[l.to] = true;
        }
        let capacity = analysis.page_capacity.max(1.0);
        let unnumbered = frags.iter().filter(|f| f.page_number.is_none()).count() as f64
            / frags.len().max(1) as f64;
        let short_pages = frags
            .iter()
            .filter(|f| f.length < SHORT_PAGE * capacity)
            .count() as f64
            / frags.len().max(1) as f64;
        let piece_of = |x: usize| !frags[x].starts_page || !frags[x].ends_page || linked[x];
        let candidates =
            (0..frags.len()).filter(|&x| piece_of(x)).count() as f64 / frags.len().max(1) as f64;
        let numbers = crate::fragment::structure::arabic_numbers(frags);
        let numbers_missing = match (numbers.first(), numbers.last()) {
            (Some(&lo), Some(&hi)) => 1.0 - numbers.len() as f64 / (f64::from(hi - lo) + 1.0),
            _ => 1.0,
        };
        let long_pages = frags
            .iter()
            .filter(|f| f.length > LONG_PAGE * capacity)
            .count() as f64
            / frags.len().max(1) as f64;
        let mut shown: Vec<u32> = frags
            .iter()
            .filter(|f| !f.page_roman)
            .filter_map(|f| f.page_number)
            .collect();
        shown.sort_unstable();
        let repeated = shown.windows(2).filter(|w| w[0] == w[1]).count();
        let numbers_repeat = repeated as f64 / shown.len().max(1) as f64;
        let both: Vec<bool> = order
            .windows(2)
            .filter_map(|w| {
                let (fa, fb) = (&frags[w[0]], &frags[w[1]]);
                match (fa.page_number, fb.page_number) {
                    (Some(x), Some(y)) if fa.page_roman == fb.page_roman => Some(y == x + 1),
                    _ => None,
                }
            })
            .collect();
        let numbers_break =
            both.iter().filter(|&&ok| !ok).count() as f64 / both.len().max(1) as f64;
        let n = frags.len().max(1) as f64;
        let numbered_frags = frags.iter().filter(|f| f.page_number.is_some()).count() as f64;
        let orphans = (frags
            .iter()
            .filter(|f| f.page_number.is_none() && f.opens == Open::Continuation)
            .count() as f64
            / numbered_frags.max(1.0))
        .min(1.0);
        let heads = frags.iter().filter(|f| f.running_head.is_some()).count() as f64 / n;
        let headless = if heads >= 0.5 { 1.0 - heads } else { 0.0 };
        let scraps = frags
            .iter()
            .filter(|f| f.page_number.is_some() && f.length < SCRAP * capacity)
            .count() as f64
            / numbered_frags.max(1.0);
        let mut out: Vec<Doubts> = order
            .windows(2)
            .zip(margins)
            .map(|(w, &margin)| {
                let (a, b) = (w[0], w[1]);
                let (fa, fb) = (&frags[a], &frags[b]);
                let piece = piece_of(a) || piece_of(b);
                let numbered = matches!((fa.page_number, fb.page_number),
                    (Some(x), Some(y)) if fa.page_roman == fb.page_roman && y == x + 1);
                let a_open = matches!(fa.closes, Close::Mid | Close::Hyphen);
                let runs_on = a_open && fb.opens == Open::Continuation;
                let clash = (a_open && matches!(fb.opens, Open::Fresh | Open::Heading))
                    || (fa.closes == Close::Sentence && fb.opens == Open::Continuation);
                Doubts {
                    margin: if margin.is_finite() {
                        margin.clamp(MARGIN_FLOOR, MARGIN_CLAMP)
                    } else {
                        0.0
                    },
                    decisive: flag(margin.is_finite() && margin >= DECISIVE),
                    piece: flag(piece),
                    short: (1.0 - fa.length.min(fb.length) / capacity).clamp(0.0, 1.0),
                    numbered: flag(numbered),
                    runs_on: flag(runs_on),
                    clash: flag(clash),
                    unnumbered,
                    numbers_clash: 0.0,
                    short_pages,
                    candidates,
                    numbers_missing,
                    long: (fa.length.max(fb.length) / capacity - 1.0).clamp(0.0, 1.0),
                    long_pages,
                    numbers_repeat,
                    numbers_break,
                    adjacent: flag(b == a + 1),
                    heading: flag(fb.opens == Open::Heading),
                    orphans,
                    headless,
                    scraps,
                }
            })
            .collect();
        // How often the text clashes where the numbers carry a junction: misread numbers
        // join pages whose text does not run on.
        let carried: Vec<&Doubts> = out.iter().filter(|d| d.numbered > 0.0).collect();
        let numbers_clash =
            carried.iter().filter(|d| d.clash > 0.0).count() as f64 / carried.len().max(1) as f64;
        for d in &mut out {
            d.numbers_clash = numbers_clash;
        }
        out
    }

    /// The features in the order of [`CONVERTER_WEIGHTS`] (after its intercept).
    pub fn features(&self) -> [f64; FEATURES] {
        [
            self.margin,
            self.decisive,
            self.piece,
            self.short,
            self.numbered,
            self.runs_on,
            self.clash,
            self.unnumbered,
            self.numbers_clash,
            self.short_pages,
            self.candidates,
            self.numbers_missing,
            self.long,
            self.long_pages,
            self.numbers_repeat,
            self.numbers_break,
            self.adjacent,
            self.heading,
            self.orphans,
            self.headless,
            self.scraps,
        ]
    }

    /// The features' names, in the order of [`Doubts::features`].
    pub const NAMES: [&'static str; FEATURES] = [
        "margin",
        "decisive",
        "piece",
        "short",
        "numbered",
        "runs_on",
        "clash",
        "unnumbered",
        "numbers_clash",
        "short_pages",
        "candidates",
        "numbers_missing",
        "long",
        "long_pages",
        "numbers_repeat",
        "numbers_break",
        "adjacent",
        "heading",
        "orphans",
        "headless",
        "scraps",
    ];

    /// The confidence in (0, 1) of a junction with these doubts:
    /// `1 / (1 + e^-(w0 + Σ wi·xi))` with the weights [`CONVERTER_WEIGHTS`].
    pub fn confidence(&self) -> f64 {
        logistic(&CONVERTER_WEIGHTS, &self.features())
    }
}

/// How many features [`Doubts::features`] gives.
pub const FEATURES: usize = 21;

/// `1 / (1 + e^-(w[0] + Σ w[i+1]·x[i]))`.
pub fn logistic(w: &[f64; FEATURES + 1], x: &[f64; FEATURES]) -> f64 {
    let z = w[0] + w[1..].iter().zip(x).map(|(w, x)| w * x).sum::<f64>();
    1.0 / (1.0 + (-z).exp())
}

/// Intercept, then one weight per feature of [`Doubts::features`]: a logistic regression of
/// "this junction is right" on the train documents of every flavour joined by blank lines
/// whose pages were found by their furniture (seeds 4–6), its intercept lowered by
/// [`tail_shift`] until the confident junctions are right 99 % of the time (the lowest target
/// that keeps every flavour's confident junctions of train seeds 1–3 right 97 % of the time).
/// Refit whenever fragment detection, scoring or the repair changes, with one command from
/// the repository's root (it chooses the target again and writes these weights here; then
/// `cargo fmt` and rebuild):
/// `cargo run --release --example calibrate -- txt ../shared/flavours train blank 4 5 6
/// check=1,2,3 write`
/// The signs are the fit's, not the names': `orphans` and `headless` came out raising the
/// confidence (on train they go with documents whose pieces land well), `long_pages` and
/// `candidates` too, while numbers shown twice, scraps and an order that breaks the numbers
/// lower it most.
pub const CONVERTER_WEIGHTS: [f64; FEATURES + 1] = [
    -0.783, 0.315, -0.613, -0.885, -1.173, 0.777, -0.109, -0.211, -1.334, 0.597, -1.562, 1.723,
    -1.533, -0.655, 1.494, -3.082, -1.682, 2.251, 0.297, 0.624, 0.700, -1.470,
];

/// Ridge penalty on the feature weights (not the intercept) of [`fit`]: keeps the fit finite
/// when a feature separates the junctions outright. Chosen by hand, not fitted.
pub const RIDGE: f64 = 1.0;

/// The logistic regression of `right` on `features` by maximum likelihood with a ridge
/// penalty [`RIDGE`] (Newton's method): the intercept, then one weight per feature, as
/// [`CONVERTER_WEIGHTS`] holds them. Used by the `calibrate` example.
pub fn fit(data: &[([f64; FEATURES], bool)]) -> [f64; FEATURES + 1] {
    const K: usize = FEATURES + 1;
    let mut w = [0.0; K];
    for _ in 0..100 {
        // Gradient and Hessian of the penalised negative log-likelihood.
        let mut g = [0.0; K];
        let mut h = [[0.0; K]; K];
        for (x, right) in data {
            let p = logistic(&w, x);
            let xi: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
            let y = if *right { 1.0 } else { 0.0 };
            for i in 0..K {
                g[i] += (p - y) * xi[i];
                for j in 0..K {
                    h[i][j] += p * (1.0 - p) * xi[i] * xi[j];
                }
            }
        }
        for i in 1..K {
            g[i] += RIDGE * w[i];
            h[i][i] += RIDGE;
        }
        h[0][0] += 1e-9;
        let step = solve_linear(h, g);
        let mut biggest = 0.0f64;
        for (w, s) in w.iter_mut().zip(step) {
            *w -= s;
            biggest = biggest.max(s.abs());
        }
        if biggest < 1e-9 {
            break;
        }
    }
    w
}

/// How far to lower the intercept of `w` (in steps of [`SHIFT_STEP`], at most
/// [`MAX_SHIFT`]) so that the junctions of `data` it rates `confident` or more are right at
/// least `target` of the time: a curve fitted by likelihood is right on average, but a
/// confidence of 0.9 must keep its promise in the tail too. Used by the `calibrate` example.
pub fn tail_shift(
    w: &[f64; FEATURES + 1],
    data: &[([f64; FEATURES], bool)],
    confident: f64,
    target: f64,
) -> f64 {
    let mut shift = 0.0;
    while shift > -MAX_SHIFT {
        let mut v = *w;
        v[0] += shift;
        let tail: Vec<bool> = data
            .iter()
            .filter(|(x, _)| logistic(&v, x) >= confident)
            .map(|&(_, ok)| ok)
            .collect();
        if tail.is_empty()
            || tail.iter().filter(|&&ok| ok).count() as f64 >= target * tail.len() as f64
        {
            break;
        }
        shift -= SHIFT_STEP;
    }
    shift
}

/// The step of [`tail_shift`]'s search: fine enough that one step moves the confident share
/// by a few points, not by half (the fitted curve is steep near 0.9). Chosen by hand, not
/// fitted.
pub const SHIFT_STEP: f64 = 0.05;
/// The farthest [`tail_shift`] lowers an intercept. Chosen by hand, not fitted.
pub const MAX_SHIFT: f64 = 5.0;

/// `x` with `a·x = b`, by Gaussian elimination with partial pivoting (`a` is positive
/// definite here, so a pivot is never zero).
fn solve_linear<const K: usize>(mut a: [[f64; K]; K], mut b: [f64; K]) -> [f64; K] {
    for c in 0..K {
        let p = (c..K)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .unwrap_or(c);
        a.swap(c, p);
        b.swap(c, p);
        let (pivot, b_pivot) = (a[c], b[c]);
        for r in c + 1..K {
            let f = a[r][c] / pivot[c];
            for (x, p) in a[r].iter_mut().zip(&pivot).skip(c) {
                *x -= f * p;
            }
            b[r] -= f * b_pivot;
        }
    }
    let mut x = [0.0; K];
    for r in (0..K).rev() {
        let s: f64 = (r + 1..K).map(|k| a[r][k] * x[k]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Weights with `intercept`, the margin's weight and the piece's, the rest 0.
    fn weights(intercept: f64, margin: f64, piece: f64) -> [f64; FEATURES + 1] {
        let mut w = [0.0; FEATURES + 1];
        w[0] = intercept;
        w[1] = margin;
        w[3] = piece;
        w
    }

    #[test]
    fn logistic_is_half_at_zero_and_grows_with_a_positive_weight() {
        let w = weights(0.0, 1.0, 0.0);
        assert_eq!(logistic(&w, &[0.0; FEATURES]), 0.5);
        let mut x = [0.0; FEATURES];
        x[0] = 2.0;
        assert!(logistic(&w, &x) > 0.88);
    }

    /// The fit recovers the weights junctions were drawn from: the margin raises the chance
    /// of being right, a piece lowers it.
    #[test]
    fn fit_recovers_the_weights_the_data_was_drawn_from() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let truth = weights(1.0, 0.5, -2.0);
        let data: Vec<([f64; FEATURES], bool)> = (0..20_000)
            .map(|_| {
                let mut x = [0.0; FEATURES];
                x[0] = rng.random_range(-4.0..8.0);
                // The piece (the margin's flag for decisive wins stays 0).
                x[2] = if rng.random_bool(0.3) { 1.0 } else { 0.0 };
                (x, rng.random_bool(logistic(&truth, &x)))
            })
            .collect();
        let w = fit(&data);
        for (got, want) in w.iter().zip(truth) {
            assert!((got - want).abs() < 0.15, "{w:?}");
        }
    }

    /// The shift lowers the curve until the confident tail is right often enough: half the
    /// confident junctions wrong needs a lower intercept, all right needs none.
    #[test]
    fn tail_shift_lowers_the_curve_until_the_tail_keeps_its_promise() {
        let mut w = [0.0; FEATURES + 1];
        w[1] = 1.0;
        let at = |m: f64| {
            let mut x = [0.0; FEATURES];
            x[0] = m;
            x
        };
        // Margin 3 (confidence 0.95): half wrong; margin 6 (0.998): all right.
        let mut data = vec![(at(3.0), true), (at(3.0), false)];
        data.extend((0..8).map(|_| (at(6.0), true)));
        let shift = tail_shift(&w, &data, 0.9, 0.97);
        assert!(shift < 0.0);
        w[0] = shift;
        assert!(logistic(&w, &at(3.0)) < 0.9 && logistic(&w, &at(6.0)) >= 0.9);
        data.truncate(0);
        data.extend((0..8).map(|_| (at(6.0), true)));
        assert_eq!(tail_shift(&weights(0.0, 1.0, 0.0), &data, 0.9, 0.97), 0.0);
    }

    /// `along` reads each junction's own doubts and the document's: consecutive numbers, a
    /// piece touched by a candidate cut, a short fragment, the number missing in between.
    #[test]
    fn along_reads_the_junctions_and_the_documents_doubts() {
        use crate::fragment::{Fragment, StreamLink};
        use crate::ingest::Span;
        let page = |n: Option<u32>, length: f64| {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.page_number = n;
            f.length = length;
            f
        };
        let frags = vec![
            page(Some(4), 100.0),
            page(Some(5), 100.0),
            page(None, 20.0),
            page(Some(7), 100.0),
        ];
        let mut analysis = Analysis::of_marked_pages(frags, "\n\n");
        analysis.page_capacity = 100.0;
        analysis.links = vec![StreamLink {
            from: 2,
            to: 3,
            p_boundary: 0.6,
        }];
        let d = Doubts::along(&analysis, &[0, 1, 2, 3], &[12.0, 3.0, -1.0]);
        assert_eq!(d.len(), 3);
        assert_eq!((d[0].numbered, d[0].piece, d[0].short), (1.0, 0.0, 0.0));
        assert_eq!((d[0].margin, d[0].decisive), (MARGIN_CLAMP, 1.0));
        assert_eq!((d[1].numbered, d[1].piece, d[1].decisive), (0.0, 1.0, 0.0));
        assert!((d[1].short - 0.8).abs() < 1e-9);
        assert_eq!(d[2].piece, 1.0);
        // One of four fragments unnumbered, two pieces; 6 of 4..=7 missing.
        assert_eq!((d[0].unnumbered, d[0].candidates), (0.25, 0.5));
        assert!((d[0].numbers_missing - 0.25).abs() < 1e-9);
        assert!(d[0].confidence() > d[1].confidence());
    }

    /// `along` reads the furniture's evidence: a number shown twice (once by a scrap of a
    /// page), an order that breaks the numbers, a long fragment, a piece without a number that
    /// opens mid-sentence, pages without the running head most pages carry.
    #[test]
    fn along_reads_how_well_the_fragments_match_the_furniture() {
        use crate::fragment::Fragment;
        use crate::ingest::Span;
        let page = |n: Option<u32>, length: f64, opens: Open, head: bool| {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.page_number = n;
            f.length = length;
            f.opens = opens;
            f.running_head = head.then(|| "Chapter 1".to_string());
            f
        };
        let frags = vec![
            page(Some(4), 100.0, Open::Fresh, true),
            page(Some(5), 130.0, Open::Fresh, true),
            page(Some(5), 10.0, Open::Heading, true),
            page(None, 50.0, Open::Continuation, false),
        ];
        let mut analysis = Analysis::of_marked_pages(frags, "\n\n");
        analysis.page_capacity = 100.0;
        let d = Doubts::along(&analysis, &[0, 2, 1, 3], &[5.0, 5.0, 5.0]);
        // 4 -> 5 runs on by the numbers, 5 -> 5 breaks them: one of the two numbered junctions.
        assert_eq!((d[0].numbered, d[1].numbered), (1.0, 0.0));
        assert_eq!(d[0].numbers_break, 0.5);
        // 5 is shown twice among 4, 5, 5; the 10-long 5 is a scrap among three numbered.
        assert!((d[0].numbers_repeat - 1.0 / 3.0).abs() < 1e-9);
        assert!((d[0].scraps - 1.0 / 3.0).abs() < 1e-9);
        // One unnumbered piece opening mid-sentence per three numbered fragments.
        assert!((d[0].orphans - 1.0 / 3.0).abs() < 1e-9);
        // Three of four carry the running head.
        assert_eq!(d[0].headless, 0.25);
        // The 130-long fragment is long, one of four fragments.
        assert!((d[1].long - 0.3).abs() < 1e-9 && d[0].long == 0.0);
        assert_eq!(d[0].long_pages, 0.25);
        // The second fragment of the first junction opens with a heading; none stood next to
        // its successor in the input.
        assert_eq!((d[0].heading, d[1].heading), (1.0, 0.0));
        assert!(d.iter().all(|d| d.adjacent == 0.0));
        let kept = Doubts::along(&analysis, &[0, 1, 2, 3], &[5.0, 5.0, 5.0]);
        assert!(kept.iter().all(|d| d.adjacent == 1.0));
    }

    /// A doubtful cut (a piece of a page, text that clashes) lowers the confidence the
    /// shipped weights give a junction won by the same margin.
    #[test]
    fn doubts_lower_the_confidence_of_a_clear_margin() {
        let sure = Doubts {
            margin: 8.0,
            numbered: 1.0,
            ..Doubts::default()
        };
        let doubtful = Doubts {
            piece: 1.0,
            short: 0.8,
            clash: 1.0,
            ..sure
        };
        assert!(doubtful.confidence() < sure.confidence());
        assert!(doubtful.confidence() < 0.9);
    }
}
