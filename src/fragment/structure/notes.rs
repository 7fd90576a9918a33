//! Footnote numbers as positions: where a document numbers its notes once through, each
//! fragment's lowest and highest footnote number say where it stands.

use crate::fragment::Fragment;

/// Footnote numbers that place a fragment fewer than this many times say nothing about the
/// order (two fragments with notes order themselves by their pair scores). Chosen by hand.
const MIN_NOTED: usize = 3;

/// Footnote reference ranges per fragment, or `None` when notes are too few or restart (a
/// reference or a note number that occurs in two fragments).
pub(crate) fn note_ranges(frags: &[Fragment]) -> Option<Vec<Option<(u32, u32)>>> {
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
    let by_refs = refs.len() >= MIN_NOTED;
    let ranges: Vec<Option<(u32, u32)>> = frags
        .iter()
        .map(|f| {
            let numbers = if by_refs { &f.refs } else { &f.notes };
            Some((*numbers.iter().min()?, *numbers.iter().max()?))
        })
        .collect();
    (ranges.iter().flatten().count() >= MIN_NOTED).then_some(ranges)
}
