//! Which side of its page each class of furniture stands on (a running head, a number set
//! with it, a number apart): a line glued to the body after it opens a page, one glued to the
//! body before it closes one, the wider of the gaps around it is the page edge, the input opens
//! with a page's top and ends with a page's foot (unless the page there is nothing but its
//! number, cut off on both sides); a class its evidence leaves open takes a prior, or the side
//! on which the numbered pages read on into each other.

use super::numbers::LoneNumbers;
use super::read::{folio, folio_value};
use super::{Furn, Item, Line};
use std::collections::HashMap;

/// Votes a class of furniture needs to be placed on its own (else the document's majority
/// places it). Chosen by hand, not fitted: one vote may come from a stray number.
const MIN_VOTES: i64 = 2;
/// Share of a class's clusters whose net vote places it. Chosen by hand, not fitted.
const VOTE_SHARE: f64 = 0.3;
/// How much better the pages must read on with furniture closing them for it to be taken
/// so. Chosen by hand, not fitted.
const READS_ON_MARGIN: f64 = 0.2;
/// Largest share of the lone numbers set flush left for them to be pages holding nothing but
/// their number (folios at a verso's left margin come on every other page). Chosen by hand,
/// not fitted.
const FEW_ALONE: f64 = 0.25;

/// The cut lines the furniture gives (the first line of each page after the first, each
/// marked weak when only a number alone, unglued or repeated, shows it), with each class of
/// furniture placed on its side of the page. `clusters` are the runs of furniture items (first
/// and one past the last); `paragraph_gap` is the one gap width the converter sets between
/// blocks inside its pages, if it sets one.
pub(super) fn place_cuts(
    items: &[Item],
    clusters: &[(usize, usize)],
    cleaned: &[String],
    lines: &[Line],
    numbers: &LoneNumbers,
    paragraph_gap: Option<usize>,
) -> Vec<(usize, bool)> {
    // Each line's class: a running head (whatever its text: a verso and a recto head stand at
    // the same edge), a number set with a head, or a number apart.
    let class = |c: (usize, usize), k: usize| -> &'static str {
        match items[k].furn.as_ref().unwrap() {
            Furn::Head(_) => "head",
            Furn::Number => {
                // Set with a head: on the line next to it, no blank line between.
                let head = |j: usize| matches!(items[j].furn, Some(Furn::Head(_)));
                let headed = (k > c.0 && items[k].gap_before == 0 && head(k - 1))
                    || (k + 1 < c.1 && items[k + 1].gap_before == 0 && head(k + 1));
                if headed {
                    "#head"
                } else {
                    "#"
                }
            }
        }
    };
    // Votes: the line of a cluster glued to the body after it (no blank line between) opens a
    // page, the line glued to the body before it closes one (a page's foot number and the next
    // page's head may stand together, each glued to its own page). The input opens with a
    // page's top and ends with a page's foot: edge votes, trusted for the class they show.
    // The one gap width the converter sets between blocks inside its pages, where nearly all
    // gaps of the input take it (`pdftotext -layout` keeps the page's white space and sets
    // gaps of many widths): a cluster with that gap on one side and a wider one on the other
    // has its page edge on the wider side.
    let mut votes: HashMap<&str, i64> = HashMap::new();
    let mut widths: HashMap<&str, i64> = HashMap::new();
    let mut members: HashMap<&str, i64> = HashMap::new();
    let mut edge: HashMap<&str, i64> = HashMap::new();
    let mut glued = vec![false; clusters.len()];
    let (mut starts_on_furniture, mut ends_on_furniture) = (false, false);
    // Numbers alone whose value stands alone elsewhere too (a figure's coordinates, a
    // listing's counts) cast no vote: each folio is printed once.
    let repeated_numbers = |c: (usize, usize)| {
        (c.0..c.1).all(|k| items[k].furn == Some(Furn::Number))
            && (c.0..c.1).any(|k| numbers.repeated(items[k].lines.0))
    };
    // A page that is nothing but its number: `pdftotext -layout` sets each page's text from
    // its own leftmost line, so such a number stands flush left where the document's other
    // numbers alone stand indented (centred or at a margin), and blank lines set it apart
    // from the text on both sides. It opens and closes its page at once: at the input's edge
    // it says nothing of the side.
    let number_only = |c: (usize, usize)| (c.0..c.1).all(|k| items[k].furn == Some(Furn::Number));
    let flush_left = |k: usize| {
        !lines[items[k].lines.0]
            .text
            .starts_with(char::is_whitespace)
    };
    let alone_line = |k: usize| {
        // Set apart by blank lines on both sides: a number glued to text belongs with it.
        let apart = (k == 0 || items[k].gap_before > 0)
            && (k + 1 == items.len() || items[k + 1].gap_before > 0);
        if items[k].furn != Some(Furn::Number) || !flush_left(k) || !apart {
            return false;
        }
        // Pages that are nothing but their number are few: where many lone numbers stand
        // flush left, those are folios at the left margin (a verso's), set with their text.
        let (mut indented, mut left, mut all) = (0i64, 0i64, 0i64);
        for &d in clusters.iter().filter(|&&d| number_only(d)) {
            all += 1;
            indented += i64::from((d.0..d.1).all(|j| !flush_left(j)));
            left += i64::from((d.0..d.1).all(flush_left));
        }
        indented >= MIN_VOTES && 2 * indented > all && (left as f64) <= FEW_ALONE * all as f64
    };
    let alone_on_page = |ci: usize| {
        let c = clusters[ci];
        number_only(c) && (c.0..c.1).all(alone_line)
    };
    for (ci, &c) in clusters.iter().enumerate() {
        let glued_after = c.1 < items.len() && items[c.1].gap_before == 0;
        let glued_before = c.0 > 0 && items[c.0].gap_before == 0;
        glued[ci] = glued_after || glued_before;
        let (first, last) = (class(c, c.0), class(c, c.1 - 1));
        let votes_cast = !repeated_numbers(c);
        if votes_cast && glued_after && !(glued_before && c.1 - c.0 == 1) {
            *votes.entry(last).or_default() += 1;
        }
        if votes_cast && glued_before && !(glued_after && c.1 - c.0 == 1) {
            *votes.entry(first).or_default() -= 1;
        }
        // The wider of the gaps around the cluster is where the page edge lies: pages joined
        // by hand take more blank lines than the converter sets inside a page, more often
        // than not. Where both are as wide, nothing is said.
        if votes_cast && c.0 > 0 && c.1 < items.len() && paragraph_gap.is_some() {
            let (before, after) = (items[c.0].gap_before, items[c.1].gap_before);
            let narrow = Some(before.min(after)) == paragraph_gap;
            if narrow && before > after {
                *widths.entry(first).or_default() += 1;
            } else if narrow && after > before {
                *widths.entry(last).or_default() -= 1;
            }
        }
        if ci == 0 && c.0 == 0 && !alone_on_page(ci) {
            *edge.entry(first).or_default() += 1;
            starts_on_furniture = true;
        }
        if ci + 1 == clusters.len() && c.1 == items.len() && !alone_on_page(ci) {
            *edge.entry(last).or_default() -= 1;
            ends_on_furniture = true;
        }
        let mut seen: Vec<&str> = (c.0..c.1).map(|k| class(c, k)).collect();
        seen.sort_unstable();
        seen.dedup();
        for cl in seen.into_iter().filter(|_| votes_cast) {
            *members.entry(cl).or_default() += 1;
        }
    }
    // Votes speak for a class when they are enough and a good share of its clusters.
    let decided = |v: i64, n: i64| v.abs() >= MIN_VOTES && v.abs() as f64 >= VOTE_SHARE * n as f64;
    let by_edge = |cl: &str| edge.get(cl).copied().unwrap_or(0);
    // The places (within a cluster) of its two page numbers, when it holds exactly two lines
    // carrying one, of different values and of one kind (both arabic or both roman).
    let two_folios = |c: (usize, usize)| -> Option<(usize, usize)> {
        let with: Vec<(usize, (u32, bool))> = (c.0..c.1)
            .filter_map(|k| folio_value(&cleaned[items[k].lines.0]).map(|v| (k - c.0, v)))
            .collect();
        match with[..] {
            [(a, va), (b, vb)] if va.0 != vb.0 && va.1 == vb.1 => Some((a, b)),
            _ => None,
        }
    };
    // A class's side as its own evidence fixes it: its votes when they speak for a good share
    // of its clusters (a stray number glued to a line of code votes too), else the gap widths'
    // votes when they do, else the input's edges when they show it.
    let fixed = |cl: &str| -> Option<bool> {
        let v = votes.get(cl).copied().unwrap_or(0);
        let w = widths.get(cl).copied().unwrap_or(0);
        if decided(v, members.get(cl).copied().unwrap_or(0)) {
            Some(v > 0)
        } else if decided(w, members.get(cl).copied().unwrap_or(0)) {
            Some(w > 0)
        } else if by_edge(cl) != 0 {
            Some(by_edge(cl) > 0)
        } else {
            None
        }
    };
    // Cut lines (each marked weak when only a number alone, unglued, shows it: a number in a
    // listing or a table looks the same) when each class opens its page or not.
    let place = |opens: &dyn Fn(&str) -> bool| -> Vec<(usize, bool)> {
        let mut at = Vec::new();
        for (ci, &c) in clusters.iter().enumerate() {
            let n = c.1 - c.0;
            // Split the cluster where closing furniture gives way to opening furniture.
            let styles: Vec<bool> = (c.0..c.1).map(|k| opens(class(c, k))).collect();
            // Each page prints its number once: a cluster holding two different numbers of one
            // kind (a page's foot number, the next page's top number) is cut between them.
            let (lo, hi) = two_folios(c).map_or((0, n), |(a, b)| (a + 1, b));
            let best = (lo..=hi)
                .max_by_key(|&split| {
                    let agree = styles[..split].iter().filter(|o| !**o).count()
                        + styles[split..].iter().filter(|o| **o).count();
                    (agree, std::cmp::Reverse(split))
                })
                .unwrap_or(0);
            let at_item = c.0 + best;
            if at_item == 0 || at_item >= items.len() {
                continue;
            }
            let number_only = (c.0..c.1).all(|k| items[k].furn == Some(Furn::Number));
            let repeated = (c.0..c.1).any(|k| numbers.repeated(items[k].lines.0));
            // Weak: a number alone, unglued or of a value that stands alone elsewhere too,
            // unless it stands at the margin where the running heads carry their numbers.
            let beside_heads = (c.0..c.1).all(|k| numbers.beside_heads(items[k].lines.0));
            let weak = number_only && (!glued[ci] || repeated) && !beside_heads;
            at.push((items[at_item].lines.0, weak));
            // A number alone on its page inside the cluster (see `alone_line`) is cut off on
            // both sides, surely unless its value stands alone elsewhere too.
            for k in (c.0..c.1).filter(|&k| alone_line(k)) {
                for j in [k, k + 1] {
                    if j > 0 && j < items.len() {
                        at.push((items[j].lines.0, numbers.repeated(items[k].lines.0)));
                    }
                }
            }
        }
        at.sort_unstable();
        at.dedup_by_key(|c| c.0);
        at
    };
    // A class its own evidence leaves open takes a prior: a running head opens its page
    // (chosen by hand, not fitted: running heads stand at the top), a number set with it
    // stands where the head stands, and a number apart closes its page where the input ends
    // on furniture and does not open on it (the input ends with a page's foot), else opens
    // it. Then the pages the numbers give must read on, page n into page n + 1 (the language
    // decides): another side for the open classes is taken only where its pages read on
    // better by a margin.
    let head_prior = fixed("head").unwrap_or(true);
    let prior = |cl: &str| match cl {
        "head" => head_prior,
        "#head" => head_prior,
        _ => !ends_on_furniture || starts_on_furniture,
    };
    let open: Vec<&str> = ["head", "#head", "#"]
        .into_iter()
        .filter(|cl| fixed(cl).is_none())
        .collect();
    let open = &open;
    let side = |flip: usize| {
        move |cl: &str| {
            fixed(cl).unwrap_or_else(|| {
                let k = open.iter().position(|o| *o == cl).unwrap_or(0);
                prior(cl) != (flip >> k & 1 == 1)
            })
        }
    };
    let mut at = place(&side(0));
    let base = sequence_reads_on(items, cleaned, lines, &at);
    let mut best = base + READS_ON_MARGIN;
    // Where the input shows one side at one edge only, that is the evidence.
    let flips = if starts_on_furniture == ends_on_furniture {
        1usize << open.len()
    } else {
        1
    };
    let first_at = at.clone();
    for flip in 1..flips {
        let other = place(&side(flip));
        if other == first_at {
            continue;
        }
        let score = sequence_reads_on(items, cleaned, lines, &other);
        if score > best {
            best = score;
            at = other;
        }
    }
    at
}

/// How well the pages read on when cut at `at` and numbered by their furniture: over the
/// pairs of pages numbered n and n + 1 where page n stops mid-sentence, the share where page
/// n + 1 goes on with a lower-case word less the share where it opens in upper case. Pages cut on the wrong side of their furniture take the
/// number of a random neighbour, and their pairs read on no better than chance.
fn sequence_reads_on(
    items: &[Item],
    cleaned: &[String],
    lines: &[Line],
    at: &[(usize, bool)],
) -> f64 {
    let mut bounds: Vec<usize> = at.iter().map(|c| c.0).collect();
    bounds.push(usize::MAX);
    // Per run: its number, its first and its last body line.
    let mut pages: HashMap<u32, (usize, usize)> = HashMap::new();
    let mut run = 0usize;
    let mut cur: (Option<u32>, Option<usize>, Option<usize>) = (None, None, None);
    let mut flush = |cur: &mut (Option<u32>, Option<usize>, Option<usize>)| {
        if let (Some(n), Some(f), Some(l)) = *cur {
            pages.entry(n).or_insert((f, l));
        }
        *cur = (None, None, None);
    };
    for it in items {
        while it.lines.0 >= bounds[run] {
            flush(&mut cur);
            run += 1;
        }
        match &it.furn {
            Some(_) => {
                let v = folio(&cleaned[it.lines.0]);
                cur.0 = cur.0.or(v);
            }
            None => {
                cur.1 = cur.1.or(Some(it.lines.0));
                cur.2 = Some(it.lines.1);
            }
        }
    }
    flush(&mut cur);
    let mut score = 0.0;
    let mut pairs = 0.0;
    for (&n, &(_, last)) in &pages {
        let Some(&(next, _)) = pages.get(&(n + 1)) else {
            continue;
        };
        let a = lines[last].text.trim_end();
        let b = lines[next].text.trim_start();
        let stops = a.ends_with(['.', '!', '?', ':', '"', '”', ')']);
        let lower = b.chars().next().is_some_and(|c| c.is_lowercase());
        if stops {
            // A page that ends a sentence (or a footnote) says nothing of what follows.
            continue;
        }
        pairs += 1.0;
        score += if lower { 1.0 } else { -1.0 };
    }
    if pairs > 0.0 {
        score / pairs
    } else {
        0.0
    }
}
