//! Section order as a global constraint: the contents list the sections in order, and
//! numbered headings (`II.`, `Chapter 5`, `A.3`) run consecutively. Pair scores only see one
//! junction at a time and cannot tell which chapter a page without a heading belongs to; this
//! repair moves whole sections — a fragment holding a section's heading and the fragments
//! after it up to the next such fragment — into the order the document itself declares
//! ([`Structure::section_keys`]).

use crate::fragment::{Kind, Structure};

/// Reorder the sections of `order` into the order the contents or the heading numbers give.
/// Returns true when the order changed.
pub fn order_sections(order: &mut Vec<usize>, s: &Structure) -> bool {
    let Some(keys) = &s.section_keys else {
        return false;
    };
    // Back matter stays at the end whatever happens to the sections.
    let back: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| s.kinds[i] == Kind::Back)
        .collect();
    let mut sections: Vec<(Option<&Vec<u32>>, Vec<usize>)> = vec![(None, Vec::new())];
    for &f in order.iter() {
        if s.kinds[f] == Kind::Back {
            continue;
        }
        if keys[f].is_some() {
            sections.push((keys[f].as_ref(), Vec::new()));
        }
        sections.last_mut().expect("one section at least").1.push(f);
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
