//! Sections as positions: the contents list the sections in order, numbered headings
//! (`II.`, `Chapter 5`, `A.3`) run consecutively, and a kept running head can name the
//! section a page without a heading belongs to.

use super::contents::Contents;
use crate::fragment::{Fragment, Kind};
use std::collections::HashMap;

/// Fewest sections that make a section order worth imposing: with two, pair scores decide
/// as well. Chosen by hand.
const MIN_SECTIONS: usize = 3;

/// Contents index of each body fragment's first heading the contents lists, when
/// the contents has at least [`MIN_SECTIONS`] entries.
fn contents_keys(frags: &[Fragment], contents: &Contents) -> Option<Vec<Option<Vec<u32>>>> {
    if contents.len() < MIN_SECTIONS {
        return None;
    }
    let keys = frags
        .iter()
        .map(|f| {
            if f.kind != Kind::Body {
                return None;
            }
            f.headings
                .iter()
                .find_map(|h| contents.locate(&h.text))
                .map(|i| vec![i as u32])
        })
        .collect();
    Some(keys)
}

/// Heading numbers at the top numbered level, when they are distinct and consecutive.
fn numbering_keys(frags: &[Fragment]) -> Option<Vec<Option<Vec<u32>>>> {
    let level = frags
        .iter()
        .flat_map(|f| f.headings.iter())
        .filter(|h| h.number.is_some() && h.level > 0)
        .map(|h| h.level)
        .min()?;
    let keys: Vec<Option<Vec<u32>>> = frags
        .iter()
        .map(|f| {
            f.headings
                .iter()
                .find(|h| h.level == level && h.number.is_some())
                .and_then(|h| h.number.clone())
        })
        .collect();
    let mut nums: Vec<&Vec<u32>> = keys.iter().flatten().collect();
    nums.sort();
    let len = nums.first()?.len();
    let consecutive = nums.len() >= MIN_SECTIONS
        && nums.iter().all(|n| n.len() == len)
        && nums
            .windows(2)
            .all(|w| w[0][..len - 1] == w[1][..len - 1] && w[1][len - 1] == w[0][len - 1] + 1);
    consecutive.then_some(keys)
}

/// The key of the section each fragment opens, by the contents or else by heading numbers,
/// when the keys are at least [`MIN_SECTIONS`] and all distinct.
pub(crate) fn section_keys(
    frags: &[Fragment],
    contents: &Contents,
) -> Option<Vec<Option<Vec<u32>>>> {
    let keys = contents_keys(frags, contents).or_else(|| numbering_keys(frags))?;
    let mut distinct: Vec<&Vec<u32>> = keys.iter().flatten().collect();
    let total = distinct.len();
    distinct.sort();
    distinct.dedup();
    (total >= MIN_SECTIONS && distinct.len() == total).then_some(keys)
}

/// Sections per fragment: positions in the contents of its headings (each position claimed
/// once), or else top-level heading numbers that run consecutively. Headings take even
/// numbers (a fragment's range ends after its last section starts), the pages a running head
/// places inside a section the odd number between its heading and the next.
pub(crate) fn section_ranges(
    frags: &[Fragment],
    listed: &[Option<(usize, usize)>],
) -> Vec<Option<(u32, u32)>> {
    let body = |f: &Fragment| f.kind == Kind::Body;
    let mut claims = HashMap::<usize, usize>::new();
    for (f, r) in frags.iter().zip(listed) {
        if let (true, Some((a, b))) = (body(f), r) {
            *claims.entry(*a).or_default() += 1;
            if b != a {
                *claims.entry(*b).or_default() += 1;
            }
        }
    }
    let ranges: Vec<Option<(u32, u32)>> = frags
        .iter()
        .zip(listed)
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
        match numbering_keys(frags) {
            Some(keys) => keys
                .into_iter()
                .map(|k| k.and_then(|k| k.first().map(|&v| (v, v))))
                .collect(),
            None => return vec![None; frags.len()],
        }
    };
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
