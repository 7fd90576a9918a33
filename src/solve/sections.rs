//! Section order as a global constraint: the contents list the sections in order, and
//! numbered headings (`II.`, `Chapter 5`, `A.3`) run consecutively. Pair scores only see one
//! junction at a time and cannot tell which chapter a page without a heading belongs to; this
//! repair moves whole sections — a fragment holding a section's heading and the fragments
//! after it up to the next such fragment — into the order the document itself declares.

use crate::fragment::text::normalise_title;
use crate::fragment::{Fragment, Kind};

/// Contents index of each fragment's first listed heading, when the document has contents.
fn contents_keys(frags: &[Fragment]) -> Option<Vec<Option<Vec<u32>>>> {
    let entries: Vec<String> = frags
        .iter()
        .flat_map(|f| f.contents.iter().map(|c| normalise_title(&c.title)))
        .collect();
    if entries.len() < 3 {
        return None;
    }
    let find = |title: &str| -> Option<u32> {
        let t = normalise_title(title);
        if t.len() < 3 {
            return None;
        }
        entries
            .iter()
            .position(|e| {
                *e == t
                    || (e.len() > 12 && t.starts_with(e.as_str()))
                    || (t.len() > 12 && e.starts_with(&t))
            })
            .map(|i| i as u32)
    };
    let keys: Vec<Option<Vec<u32>>> = frags
        .iter()
        .map(|f| {
            if f.kind != Kind::Body {
                return None;
            }
            f.headings
                .iter()
                .find_map(|h| find(&h.text))
                .map(|i| vec![i])
        })
        .collect();
    Some(keys)
}

/// Heading numbers at the top numbered level, when they are distinct and consecutive.
pub(crate) fn numbering_keys(frags: &[Fragment]) -> Option<Vec<Option<Vec<u32>>>> {
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
    let consecutive = nums.len() >= 3
        && nums.iter().all(|n| n.len() == len)
        && nums
            .windows(2)
            .all(|w| w[0][..len - 1] == w[1][..len - 1] && w[1][len - 1] == w[0][len - 1] + 1);
    consecutive.then_some(keys)
}

/// Reorder the sections of `order` into the order the contents or the heading numbers give.
/// Returns true when the order changed.
pub fn order_sections(order: &mut Vec<usize>, frags: &[Fragment]) -> bool {
    let Some(keys) = contents_keys(frags).or_else(|| numbering_keys(frags)) else {
        return false;
    };
    let mut distinct: Vec<&Vec<u32>> = keys.iter().flatten().collect();
    let total = distinct.len();
    distinct.sort();
    distinct.dedup();
    if total < 3 || distinct.len() != total {
        return false;
    }
    // Back matter stays at the end whatever happens to the sections.
    let back: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| frags[i].kind == Kind::Back)
        .collect();
    let mut sections: Vec<(Option<&Vec<u32>>, Vec<usize>)> = vec![(None, Vec::new())];
    for &f in order.iter() {
        if frags[f].kind == Kind::Back {
            continue;
        }
        if keys[f].is_some() {
            sections.push((keys[f].as_ref(), Vec::new()));
        }
        sections.last_mut().unwrap().1.push(f);
    }
    let before: Vec<Option<&Vec<u32>>> = sections.iter().map(|s| s.0).collect();
    sections[1..].sort_by(|a, b| a.0.cmp(&b.0));
    let after: Vec<Option<&Vec<u32>>> = sections.iter().map(|s| s.0).collect();
    if before == after {
        return false;
    }
    *order = sections.into_iter().flat_map(|s| s.1).chain(back).collect();
    true
}
