//! Where a page's candidate numbers come from, for the settling in `mod.rs`: numbers glued to
//! a running head, numbers alone on a page's top and foot lines (and inside it), number
//! columns that are no folios, and the markdown pages' own reading. Kept apart from the
//! settling so that each reads in one place.

use super::{settle, Candidate, Fragment, Place, Span, LONE_FOLIO};
use std::collections::HashMap;

/// Share of the pages whose first line must open with the same text (spaces and a leading
/// number aside) for that text to be a running head with its number glued on. Chosen by hand,
/// not fitted: well over half, as verso and recto heads alike carry it.
const GLUED_HEAD_SHARE: f64 = 0.6;

/// Shortest glued running head, in characters other than spaces. Chosen by hand, not fitted:
/// longer than a word or a section number that many pages might open with.
const GLUED_HEAD_MIN: usize = 8;

/// Longest prefix of a page's first line searched for the glued head, in characters other
/// than spaces. Chosen by hand, not fitted: a long running head.
const GLUED_HEAD_MAX: usize = 80;

/// Page numbers glued to a running head: some PDF text readers (pdf-extract, pypdf) set a
/// verso head as `20USER'SGUIDETO AMS-TEXVERSION2.2` and a recto one as
/// `USER'SGUIDETO AMS-TEXVERSION2.221`, so no reader of lines finds the number. The head is
/// learned as the longest text (spaces dropped) that the first lines of most pages open with
/// once a leading number is set aside ([`GLUED_HEAD_SHARE`]); a page's number is the number
/// before it or, failing that, the digits glued right after it. Per page, the number, if any.
pub(in crate::fragment) fn glued_head_numbers(text: &str, pages: &[Span]) -> Vec<Option<u32>> {
    // Per page: the first line's characters other than spaces, each with whether a space
    // follows it; the leading digits set apart.
    struct First {
        lead: String,
        rest: Vec<char>,
        spaced: Vec<bool>,
    }
    let firsts: Vec<First> = pages
        .iter()
        .map(|p| {
            let line = p
                .of(text)
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            let mut chars: Vec<char> = Vec::new();
            let mut spaced: Vec<bool> = Vec::new();
            for c in line.chars() {
                if c.is_whitespace() {
                    if let Some(s) = spaced.last_mut() {
                        *s = true;
                    }
                } else if chars.len() < GLUED_HEAD_MAX + 8 {
                    chars.push(c);
                    spaced.push(false);
                } else {
                    break;
                }
            }
            let lead = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            First {
                lead: chars[..lead].iter().collect(),
                rest: chars[lead..].to_vec(),
                spaced: spaced[lead..].to_vec(),
            }
        })
        .collect();
    let none = vec![None; pages.len()];
    let needed = (GLUED_HEAD_SHARE * pages.len() as f64).ceil() as usize;
    if pages.len() < 3 {
        return none;
    }
    let longest = firsts.iter().map(|f| f.rest.len()).max().unwrap_or(0);
    let head = (GLUED_HEAD_MIN..=longest.min(GLUED_HEAD_MAX))
        .rev()
        .find_map(|len| {
            let mut count: HashMap<&[char], usize> = HashMap::new();
            for f in firsts.iter().filter(|f| f.rest.len() >= len) {
                *count.entry(&f.rest[..len]).or_default() += 1;
            }
            count
                .into_iter()
                .filter(|&(p, c)| c >= needed && p.iter().any(|c| c.is_alphabetic()))
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(p, _)| p.to_vec())
        });
    let Some(head) = head else {
        return none;
    };
    firsts
        .iter()
        .map(|f| {
            if !f.rest.starts_with(&head) {
                return None;
            }
            if !f.lead.is_empty() {
                return (f.lead.len() <= 4).then(|| f.lead.parse().ok()).flatten();
            }
            // The digits glued right after the head, up to the first space.
            let from = head.len();
            let mut digits = String::new();
            for k in from..f.rest.len() {
                if !f.rest[k].is_ascii_digit() {
                    break;
                }
                digits.push(f.rest[k]);
                if f.spaced[k] {
                    break;
                }
            }
            (1..=4)
                .contains(&digits.len())
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect()
}

/// Give the pages that read no number the number glued to their running head (see
/// [`glued_head_numbers`]), up to `plausible`.
pub(in crate::fragment) fn take_glued_head_numbers(
    text: &str,
    pages: &[Span],
    frags: &mut [Fragment],
    plausible: u32,
) {
    if frags.len() != pages.len() || frags.iter().all(|f| f.page_number.is_some()) {
        return;
    }
    for (f, n) in frags.iter_mut().zip(glued_head_numbers(text, pages)) {
        if let Some(n) = n.filter(|&n| n > 0 && n <= plausible) {
            if f.page_number.is_none() {
                f.page_number = Some(n);
                f.page_roman = false;
            }
        }
    }
}

/// Most non-empty lines at a markdown page's top searched for a number the other pages call
/// for: a running head of up to three lines (a table row's cells count as lines) and the
/// number. Chosen by hand (seen in pymupdf4llm output of gnuplot's manual, train), not fitted.
const MARKDOWN_TOP_SCAN: usize = 5;

/// Settle the printed numbers of paged markdown (see [`settle`]): the numbers alone on one of a
/// page's first lines or its last, where a table row's cells and `<br>` breaks count as lines
/// and emphasis is dropped. Only the number is set: the page's text was read already.
pub(in crate::fragment) fn settle_markdown_pages(
    text: &str,
    pages: &[Span],
    frags: &mut [Fragment],
) {
    if frags.len() != pages.len() {
        return;
    }
    let plausible = 2 * pages.len() as u32 + 20;
    let candidates: Vec<Vec<Candidate>> = pages
        .iter()
        .map(|p| {
            let lines: Vec<String> = p
                .of(text)
                .lines()
                .flat_map(|l| {
                    let t = l.trim();
                    let cells: Vec<&str> = if t.len() >= 2 && t.starts_with('|') && t.ends_with('|')
                    {
                        t[1..t.len() - 1].split('|').collect()
                    } else {
                        vec![t]
                    };
                    cells
                        .into_iter()
                        .flat_map(|c| c.split("<br>"))
                        .map(|c| {
                            c.replace("**", "")
                                .replace("<u>", "")
                                .replace("</u>", "")
                                .trim_matches(['*', '_', '#', ' '])
                                .to_string()
                        })
                        .collect::<Vec<_>>()
                })
                .filter(|l| !l.trim().is_empty() && !l.chars().all(|c| matches!(c, '-' | ':')))
                .collect();
            lone_numbers(&lines, MARKDOWN_TOP_SCAN, plausible)
        })
        .collect();
    take_glued_head_numbers(text, pages, frags, plausible);
    let read: Vec<(Option<u32>, bool)> = frags
        .iter()
        .map(|f| (f.page_number, f.page_roman))
        .collect();
    let settled = settle(&read, &candidates);
    for (i, k) in settled.taken.into_iter().enumerate() {
        if let Some(k) = k {
            let c = candidates[i][k];
            frags[i].page_number = Some(c.value);
            frags[i].page_roman = c.roman;
        } else if settled.dropped[i] {
            frags[i].page_number = None;
            frags[i].page_roman = false;
        }
    }
}

/// Most non-empty lines at a page's foot searched for a number the other pages call for: the
/// number and up to four lines a converter put after it (margin notes, a figure's labels, as
/// `pdftotext` without `-layout` reads a page). Chosen by hand, not fitted.
pub(super) const FOOT_SCAN: usize = 5;

/// Lone numbers on a page's last lines that end a column of them: a contents page's page
/// numbers set apart from their titles (pdfminer and markitdown write the column after the
/// titles), never a folio. Chosen by hand, not fitted: a folio stands alone; two numbers alone
/// above it, rising to it, make a column.
const NUMBER_COLUMN: usize = 3;

/// Whether a page's last [`NUMBER_COLUMN`] non-empty lines (of `lines`, the page's non-empty
/// lines) are numbers alone that do not step back, with text above them.
pub(in crate::fragment) fn ends_in_number_column<S: AsRef<str>>(lines: &[S]) -> bool {
    if lines.len() <= NUMBER_COLUMN {
        return false;
    }
    let values: Vec<Option<u32>> = lines[lines.len() - NUMBER_COLUMN..]
        .iter()
        .map(|l| lone_arabic(l.as_ref()))
        .collect();
    values.iter().all(Option::is_some) && values.windows(2).all(|w| w[0] <= w[1])
}

/// The arabic number a line holds alone, if it holds one.
fn lone_arabic(line: &str) -> Option<u32> {
    LONE_FOLIO
        .captures(line)
        .and_then(|c| c[1].parse::<u32>().ok())
}

/// Whether the whole run of numbers alone ending a page steps back somewhere above its last
/// [`NUMBER_COLUMN`]: an index's page references do (`11`, `10`, `12`, as `pdftotext`
/// without `-layout` reads PARI's indexes), a contents page's never, and the index's own
/// folio stands below them.
fn column_steps_back<S: AsRef<str>>(lines: &[S]) -> bool {
    let values: Vec<u32> = lines
        .iter()
        .rev()
        .map_while(|l| lone_arabic(l.as_ref()))
        .collect();
    values.windows(2).any(|w| w[0] < w[1])
}

/// A page's candidate numbers: a number standing alone (up to `plausible`) on one of its first
/// `top` lines while more text follows, or on one of its last [`FOOT_SCAN`] (the last first). A
/// page of numbers alone (a table's column) offers none.
pub(in crate::fragment) fn lone_numbers<S: AsRef<str>>(
    lines: &[S],
    top: usize,
    plausible: u32,
) -> Vec<Candidate> {
    let lone = |l: &str| LONE_FOLIO.captures(l).map(|c| c[1].to_string());
    let value = |l: &str| {
        lone(l)
            .and_then(|n| crate::fragment::layout::number_value(&n))
            .filter(|&(v, _)| v > 0 && v <= plausible)
    };
    let n = lines.len();
    if lines.iter().all(|l| lone(l.as_ref()).is_some()) {
        return Vec::new();
    }
    let top_end = top.min(n.saturating_sub(1));
    // A column of numbers at the foot (a contents page's) offers no folio there; one that
    // steps back (an index's) offers its last number, weakly.
    let column = ends_in_number_column(lines);
    let below_column = (column && column_steps_back(lines))
        .then(|| value(lines[n - 1].as_ref()))
        .flatten()
        .filter(|&(_, roman)| !roman)
        .map(|(value, _)| Candidate {
            at: n - 1,
            place: Place::BelowColumn,
            roman: false,
            value,
            run: false,
        });
    let foot_from = if column {
        n
    } else {
        n.saturating_sub(FOOT_SCAN).max(top_end)
    };
    // A number run into the end of the last line, glued or after a space, where the line
    // holds more than the number.
    let trailing = lines.last().and_then(|l| {
        let l = l.as_ref().trim_end();
        let digits = l.chars().rev().take_while(|c| c.is_ascii_digit()).count();
        let mut back = l[..l.len() - digits].chars().rev();
        let before = back.next()?;
        // Not a decimal's last digits (`0.5`, `1,5`).
        let decimal =
            matches!(before, '.' | ',') && back.next().is_some_and(|c| c.is_ascii_digit());
        let glued =
            (before.is_alphabetic() || matches!(before, '.' | ',' | ';' | ':' | ')')) && !decimal;
        // Not a contents entry's page number after its leader dots (`Index . . . . 21`).
        let rest = l[..l.len() - digits].trim_end();
        let leaders = rest.ends_with(". .") || rest.ends_with("..");
        ((1..=3).contains(&digits)
            && (glued || before.is_whitespace())
            && !leaders
            && lone(l).is_none())
        .then(|| l[l.len() - digits..].parse::<u32>().ok())
        .flatten()
        .filter(|&v| v > 0 && v <= plausible)
    });
    let trailing = trailing.map(|value| Candidate {
        at: n - 1,
        place: Place::Trailing,
        roman: false,
        value,
        run: false,
    });
    // A number after a space at the end of the first line, where the line holds text before
    // it (a running head and its number); more lines follow.
    let head_end = lines.first().filter(|_| n > 1).and_then(|l| {
        let l = l.as_ref().trim();
        let digits = l.chars().rev().take_while(|c| c.is_ascii_digit()).count();
        let before = l[..l.len() - digits].trim_end();
        let spaced = before.len() < l.len() - digits;
        ((1..=4).contains(&digits) && spaced && before.chars().any(char::is_alphabetic))
            .then(|| l[l.len() - digits..].parse::<u32>().ok())
            .flatten()
            .filter(|&v| v > 0 && v <= plausible)
            .map(|value| Candidate {
                at: 0,
                place: Place::HeadEnd,
                roman: false,
                value,
                run: false,
            })
    });
    // A number in a column of numbers alone at the top (a figure's labels, a listing's line
    // numbers: `0`, `2`, `4`, `3`, `1` above MetaPost's figure 6) is no folio.
    let in_column = |at: usize| {
        let up = (0..at)
            .rev()
            .take_while(|&k| lone(lines[k].as_ref()).is_some());
        let down = (at + 1..n).take_while(|&k| lone(lines[k].as_ref()).is_some());
        1 + up.count() + down.count() >= NUMBER_COLUMN
    };
    let edge = |at: usize| (at < top_end && !in_column(at)) || at >= foot_from;
    // The numbers alone inside the page, each in no run of them (see [`in_run`]).
    let singles: Vec<(usize, u32)> = (0..n)
        .filter_map(|at| lone_arabic(lines[at].as_ref()).map(|v| (at, v)))
        .collect();
    let values: Vec<u32> = singles.iter().map(|s| s.1).collect();
    let inside: Vec<Candidate> = (0..singles.len())
        .filter(|&k| !column && !edge(singles[k].0) && !in_run(&values, k))
        .filter(|&k| values[k] > 0 && values[k] <= plausible)
        .map(|k| Candidate {
            at: singles[k].0,
            place: Place::Inside,
            roman: false,
            value: values[k],
            run: false,
        })
        .collect();
    let run = |at: usize| {
        singles
            .iter()
            .position(|s| s.0 == at)
            .is_some_and(|k| in_run(&values, k))
    };
    (0..top_end)
        .filter(|&at| !in_column(at))
        .chain((foot_from..n).rev())
        .filter_map(|at| {
            value(lines[at].as_ref()).map(|(value, roman)| Candidate {
                run: run(at),
                at,
                place: if at < top_end {
                    Place::Top
                } else if at + 1 == n {
                    Place::Foot
                } else {
                    Place::NearFoot
                },
                roman,
                value,
            })
        })
        .chain(trailing)
        .chain(head_end)
        .chain(below_column)
        .chain(inside)
        .collect()
}

/// Whether the `k`th of a page's numbers alone (`values`, in the order of its lines, the text
/// between them left out) belongs to a run of them: one less stands just before it or one
/// more just after it, or it stands in three that step by the same stride upwards (a margin
/// numbering every third line, `1`, `4`, `7`, as the lineno manual's later pages do).
pub(super) fn in_run(values: &[u32], k: usize) -> bool {
    let v = values[k];
    let stride = |a: usize| {
        let (x, y, z) = (values[a], values[a + 1], values[a + 2]);
        y > x && z > y && y - x == z - y
    };
    (k > 0 && values[k - 1] + 1 == v)
        || values.get(k + 1) == Some(&(v + 1))
        || (k.saturating_sub(2)..=k).any(|a| a + 2 < values.len() && stride(a))
}
