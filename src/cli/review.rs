//! What `restore` says to a person on standard error: a word when the order is doubtful, and
//! with `-v` the stages' timings and counts and what was learned about the input.

use collate::Restored;

/// Below this lowest junction confidence, a restore is doubtful.
pub const DOUBT_MIN: f64 = 0.5;
/// A junction below this confidence is weak; more than a tenth of them is doubtful.
pub const DOUBT_WEAK: f64 = 0.7;

/// One line saying why `restored` is doubtful and where to look, or `None` when it is not:
/// its lowest junction confidence is below [`DOUBT_MIN`], or more than a tenth of its
/// junctions are below [`DOUBT_WEAK`].
pub fn doubt(restored: &Restored) -> Option<String> {
    let junctions = &restored.junctions;
    let weakest = junctions
        .iter()
        .min_by(|a, b| a.confidence.total_cmp(&b.confidence))?;
    let weak = junctions
        .iter()
        .filter(|j| j.confidence < DOUBT_WEAK)
        .count();
    if weakest.confidence >= DOUBT_MIN && weak * 10 <= junctions.len() {
        return None;
    }
    Some(format!(
        "the order is doubtful: {weak} of {} junctions below {DOUBT_WEAK} confidence, the \
weakest {:.3} between fragments {} and {} (report indices); look there first, every junction \
is in --report FILE.json",
        junctions.len(),
        weakest.confidence,
        weakest.from,
        weakest.to
    ))
}

/// `-v`: the stages' timings and counts, and what was learned about the input.
pub fn verbose(restored: &Restored) {
    let s = &restored.stats;
    let a = &restored.analysis;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "collate: input {}: flavour {:?}, pages {}, {} fragments, {} candidate cuts{}",
        restored.doc.name,
        restored.doc.flavour,
        a.pages_found(),
        s.fragments,
        s.candidate_cuts,
        if restored.doc.pdf.is_some() {
            ", a PDF"
        } else {
            ""
        }
    );
    eprintln!(
        "collate: stages: fragment {:.1} ms, prepare signals {:.1} ms, pair matrix {:.1} ms \
({} pair scores), solve {:.1} ms, explain {:.1} ms",
        ms(s.fragment),
        ms(s.prepare),
        ms(s.matrix),
        s.pair_scores,
        ms(s.solve),
        ms(s.explain)
    );
    let q = &s.search;
    eprintln!(
        "collate: search ({}): path {:.1} ms, sections {:.1} ms, repair {:.1} ms, margins {:.1} ms; \
Or-opt {} passes, {} tries, {} moves; kicks {} tried, {} kept (last kept {}, longest wait {}); \
repairs {} ({} moves, {} kicks)",
        restored.solution.solver,
        ms(q.path),
        ms(q.sections),
        ms(q.repair),
        ms(q.margins),
        q.or_opt_passes,
        q.or_opt_tries,
        q.or_opt_moves,
        q.local_kicks_tried,
        q.local_kicks_kept,
        q.local_last_kept,
        q.local_longest_wait,
        q.repairs,
        q.repair_moves,
        q.repair_kicks_tried
    );
    eprintln!(
        "collate: lowest junction confidence {:.3}",
        collate::output::min_confidence(restored)
    );
}

/// `--drop-duplicates`: one line naming the copies left out, or `None` when none was.
pub fn dropped(restored: &Restored) -> Option<String> {
    let sets = &restored.sets;
    if sets.dropped.is_empty() {
        return None;
    }
    let which: Vec<String> = sets
        .duplicates
        .iter()
        .filter(|d| sets.dropped.contains(&d[1]))
        .map(|d| format!("{} (a copy of {})", d[1], d[0]))
        .collect();
    Some(format!(
        "dropped {} duplicate fragment(s) from the text (report indices): {}",
        sets.dropped.len(),
        which.join(", ")
    ))
}
