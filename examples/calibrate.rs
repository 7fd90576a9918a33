//! Diagnostic: refit the junction confidence (Platt scaling of the margin) by logistic
//! regression on bench junctions. Prints the slope and intercept for `solve::Calibration`:
//! `Text` on a plain corpus, `Marked` and `Converter` on a corpus of flavours (form feeds, blank
//! lines; only the runs read that way count).
//! `cargo run --release --example calibrate -- md ../shared/corpus 4 5 6` (seeds at the end);
//! on a corpus of flavours, the documents of one split, their pages joined both ways:
//! `cargo run --release --example calibrate -- txt ../shared/flavours train 4 5 6`
//! Joined by blank lines (`… train blank 4 5 6`), the runs whose pages were found by their
//! furniture are fitted on the margin and the cut's doubts (`solve::doubt`): it prints the
//! weights for `solve::doubt::CONVERTER_WEIGHTS` and, per flavour, the share and precision of
//! confident junctions (≥ 0.9) under the shipped and the fitted weights. `dump=FILE` after the
//! seeds writes every junction's features (tab-separated) for a closer look; `write` puts the
//! fitted weights into `src/solve/doubt.rs` (run from the repository's root), so the refit is
//! one command: `cargo run --release --example calibrate -- txt ../shared/flavours train blank
//! 4 5 6 check=1,2,3 write`, then `cargo fmt` and rebuild (`check=` names train seeds not
//! fitted on that choose how often the confident tail must be right: the lowest target that
//! keeps every flavour's confident junctions right 97 % of the time on them).
#[path = "diag/mod.rs"]
mod diag;

use collate::solve::doubt::{self, Doubts, FEATURES};

/// A junction this confident or more is "confident" (the bench's `confident_share`).
const CONFIDENT: f64 = 0.9;
/// How often the confident junctions of the fitted runs (train, seeds 4–6) must be right, all
/// flavours pooled, when no check seeds are given (with `check=1,2,3` the target is chosen
/// on them by [`choose_target`]). It is what that choice gave at session 13: 0.98 left
/// `layout` at 92.5 % and `pdfminer` at 95.5 % on seeds 1–3, 0.985 `pdfminer` at 96.2 %,
/// 0.99 gives 97.4 % or more in every flavour.
const TAIL_TARGET: f64 = 0.99;

/// Where the search for the slope and intercept starts.
const SLOPE: f64 = 0.71;
const INTERCEPT: f64 = 2.52;

fn main() {
    let (fmt, corpus, mut rest) = diag::args();
    let split = (corpus.join("manifest.json").is_file()
        && rest.first().is_some_and(|s| s.parse::<u64>().is_err()))
    .then(|| rest.remove(0));
    // On a corpus of flavours, one join only when named (`formfeed` or `blank`).
    // `blank-text`: the runs joined by blank lines that were cut by the text alone.
    let text_runs = rest.first().is_some_and(|s| s == "blank-text");
    let only: Option<collate::bench::Join> = match rest.first().map(String::as_str) {
        Some("formfeed") => Some(collate::bench::Join::Formfeed),
        Some("blank") | Some("blank-text") => Some(collate::bench::Join::Blank),
        _ => None,
    };
    if only.is_some() {
        rest.remove(0);
    }
    let dump = rest
        .iter()
        .position(|s| s.starts_with("dump="))
        .map(|i| rest.remove(i)[5..].to_string());
    // `write`: put the fitted weights into `src/solve/doubt.rs` in place of the shipped ones.
    let write = rest
        .iter()
        .position(|s| s == "write")
        .map(|i| rest.remove(i))
        .is_some();
    // `check=1,2,3`: train runs not fitted on that choose the tail's target (see
    // `choose_target`).
    let check: Vec<u64> = rest
        .iter()
        .position(|s| s.starts_with("check="))
        .map(|i| {
            rest.remove(i)[6..]
                .split(',')
                .map(|s| s.parse().expect("check seeds are numbers"))
                .collect()
        })
        .unwrap_or_default();
    let mut seeds: Vec<u64> = rest
        .iter()
        .map(|s| s.parse().expect("seeds are numbers"))
        .collect();
    if seeds.is_empty() {
        // The seeds the shipped calibration was fitted on.
        seeds = vec![4, 5, 6];
    }
    let cfg = collate::Config::default();
    let mut data: Vec<(f64, bool)> = Vec::new();
    // Converter runs: the flavour, the document, the doubts and whether the junction was right.
    let mut doubts: Vec<(String, String, Doubts, bool)> = Vec::new();
    // The same from the check seeds.
    let mut checked: Vec<(String, String, Doubts, bool)> = Vec::new();
    let runs: Vec<(std::path::PathBuf, Vec<collate::bench::Join>)> = match &split {
        None => diag::documents(&corpus, fmt)
            .into_iter()
            .map(|d| (d, vec![collate::bench::Join::default_for(fmt)]))
            .collect(),
        Some(split) => flavour_documents(&corpus, split)
            .into_iter()
            .map(|d| match only {
                Some(j) => (d, vec![j]),
                None => (
                    d,
                    vec![collate::bench::Join::Formfeed, collate::bench::Join::Blank],
                ),
            })
            .collect(),
    };
    for (d, joins) in runs {
        let known = collate::bench::scramble::load_known(&d, fmt).unwrap();
        for &seed in seeds.iter().chain(&check) {
            // The check seeds' junctions only choose the tail's target.
            let checking = !seeds.contains(&seed);
            for &join in &joins {
                let s = collate::bench::scramble_joined(&known, seed, 0, join);
                let doc = collate::ingest::Document::from_text(&known.id, s.text, join.read_as())
                    .unwrap();
                let restored = collate::restore(&doc, &cfg).unwrap();
                // Only the runs read the way this curve is for.
                let a = &restored.analysis;
                let how = if a.paged {
                    "marked"
                } else if a.by_furniture || doc.flavour == collate::ingest::Flavour::Layout {
                    "converter"
                } else {
                    "text"
                };
                let wanted = match (&split, only) {
                    (None, _) => how == "text",
                    (Some(_), Some(collate::bench::Join::Blank)) if text_runs => how == "text",
                    (Some(_), Some(collate::bench::Join::Blank)) => how == "converter",
                    (Some(_), _) => how == "marked",
                };
                if !wanted {
                    continue;
                }
                let m = collate::bench::measure(&restored, &s.truth, 0.0);
                let along = Doubts::along(a, &restored.solution.order, &restored.solution.margins);
                for (i, (j, (_, ok))) in restored.junctions.iter().zip(m.junctions).enumerate() {
                    if j.margin.is_finite() && !checking {
                        data.push((j.margin, ok));
                    }
                    if how == "converter" {
                        let flavour = d.parent().and_then(|p| p.file_name());
                        let into = if checking { &mut checked } else { &mut doubts };
                        into.push((
                            flavour.unwrap_or_default().to_string_lossy().into_owned(),
                            {
                                // The run; L: the pair's lengths per page capacity, H: whether
                                // each carries a running head; closes and opens, printed
                                // numbers, the junction's text edges; A: the first's head,
                                // B: the second's tail.
                                let f = &a.fragments;
                                let edge = |x: usize, end: bool| {
                                    let t = f[x].content.of(&doc.text);
                                    let (head, tail) = diag::edges(t, 40);
                                    let e = if end { tail } else { head };
                                    e.replace(['\n', '\t'], " ")
                                };
                                format!(
                                    "{}/{seed} L{:.2}/{:.2} H{}/{} {:?}/{:?} {:?}->{:?} [{}] | [{}] || A[{}] B[{}]",
                                    known.id,
                                    f[j.from].length / a.page_capacity,
                                    f[j.to].length / a.page_capacity,
                                    u8::from(f[j.from].running_head.is_some()),
                                    u8::from(f[j.to].running_head.is_some()),
                                    f[j.from].closes,
                                    f[j.to].opens,
                                    f[j.from].page_number,
                                    f[j.to].page_number,
                                    edge(j.from, true),
                                    edge(j.to, false),
                                    edge(j.from, false),
                                    edge(j.to, true)
                                )
                            },
                            along[i],
                            ok,
                        ));
                    }
                }
            }
        }
    }
    if !doubts.is_empty() {
        let w = fit_doubts(&doubts, &checked, dump.as_deref());
        if write {
            write_weights(&w);
        }
    }
    // The logistic regression p = sigmoid(a·margin + b) by maximum likelihood, searched on a
    // grid refined three times (Newton's method diverges when margins saturate).
    let loglik = |a: f64, b: f64| -> f64 {
        data.iter()
            .map(|&(m, ok)| {
                let z = a * m.clamp(-10.0, 10.0) + b;
                // log sigmoid(z) and log (1 - sigmoid(z)), stably.
                let log_p = -(1.0 + (-z).exp()).ln();
                let log_q = -(1.0 + z.exp()).ln();
                if ok {
                    if log_p.is_finite() {
                        log_p
                    } else {
                        z
                    }
                } else if log_q.is_finite() {
                    log_q
                } else {
                    -z
                }
            })
            .sum()
    };
    let (mut a, mut b) = (SLOPE, INTERCEPT);
    let (mut da, mut db) = (0.5, 2.0);
    for _ in 0..4 {
        let mut best = (f64::NEG_INFINITY, a, b);
        for i in -10..=10 {
            for j in -10..=10 {
                let (x, y) = (a + da * i as f64 / 10.0, b + db * j as f64 / 10.0);
                if x <= 0.0 {
                    continue;
                }
                let l = loglik(x, y);
                if l > best.0 {
                    best = (l, x, y);
                }
            }
        }
        (a, b) = (best.1, best.2);
        da /= 5.0;
        db /= 5.0;
    }
    let right = data.iter().filter(|d| d.1).count();
    println!("n={} right={right} a={a:.3} b={b:.3}", data.len());
    // The tail: how often junctions at or above a margin are right (what a confidence of 0.9
    // or more must honour), and the margin the fitted curve rates 0.9.
    println!("margin 0.9 at {:.2}", ((0.9f64 / 0.1).ln() - b) / a);
    for t in [2.0, 4.0, 6.0, 8.0, 9.0, 9.5, 10.0] {
        let tail: Vec<bool> = data.iter().filter(|d| d.0 >= t).map(|d| d.1).collect();
        let ok = tail.iter().filter(|&&o| o).count();
        println!(
            "margin >= {t:4.1}: {:5} junctions, right {:.3}",
            tail.len(),
            ok as f64 / tail.len().max(1) as f64
        );
    }
}

/// The margin-and-doubts fit of the converter runs: the weights, then per flavour the share
/// and precision of confident junctions under the shipped and the fitted weights.
fn fit_doubts(
    doubts: &[(String, String, Doubts, bool)],
    checked: &[(String, String, Doubts, bool)],
    dump: Option<&str>,
) -> [f64; FEATURES + 1] {
    if let Some(path) = dump {
        let mut out = format!("flavour\trun\t{}\tright\n", Doubts::NAMES.join("\t"));
        for (f, run, d, ok) in doubts {
            let x: Vec<String> = d.features().iter().map(|v| format!("{v:.4}")).collect();
            out += &format!("{f}\t{run}\t{}\t{}\n", x.join("\t"), u8::from(*ok));
        }
        std::fs::write(path, out).expect("the dump file is writable");
    }
    let data: Vec<([f64; FEATURES], bool)> = doubts
        .iter()
        .map(|(_, _, d, ok)| (d.features(), *ok))
        .collect();
    let mut w = doubt::fit(&data);
    let target = if checked.is_empty() {
        TAIL_TARGET
    } else {
        choose_target(&w, &data, checked)
    };
    let shift = doubt::tail_shift(&w, &data, CONFIDENT, target);
    w[0] += shift;
    println!(
        "doubts: intercept lowered by {:.2} for the confident tail",
        -shift
    );
    let shown: Vec<String> = w.iter().map(|v| format!("{v:.3}")).collect();
    println!(
        "doubts: n={} CONVERTER_WEIGHTS = [{}]; // intercept, {}",
        data.len(),
        shown.join(", "),
        Doubts::NAMES.join(", ")
    );
    let mut flavours: Vec<&str> = doubts.iter().map(|d| d.0.as_str()).collect();
    flavours.dedup();
    flavours.push("all");
    for f in flavours {
        let of: Vec<&([f64; FEATURES], bool)> = doubts
            .iter()
            .zip(&data)
            .filter(|(d, _)| f == "all" || d.0 == f)
            .map(|(_, x)| x)
            .collect();
        let confident = |w: &[f64; FEATURES + 1]| {
            let c: Vec<bool> = of
                .iter()
                .filter(|(x, _)| doubt::logistic(w, x) >= CONFIDENT)
                .map(|&&(_, ok)| ok)
                .collect();
            (
                c.len() as f64 / of.len().max(1) as f64,
                c.iter().filter(|&&ok| ok).count() as f64 / c.len().max(1) as f64,
            )
        };
        let (s0, p0) = confident(&doubt::CONVERTER_WEIGHTS);
        let (s1, p1) = confident(&w);
        println!(
            "{f:12} {:5} junctions: confident share {s0:.3} precision {p0:.4} shipped; \
             share {s1:.3} precision {p1:.4} fitted",
            of.len()
        );
    }
    w
}

/// The lowest of [`TARGETS`] at which the confident junctions of the check runs (train runs
/// not fitted on) are right at least [`CHECK_FLOOR`] of the time in every flavour, the
/// highest when none is: the tail's target chosen on train alone. Prints each target's worst
/// flavour and the check runs' confident share.
fn choose_target(
    w: &[f64; FEATURES + 1],
    data: &[([f64; FEATURES], bool)],
    checked: &[(String, String, Doubts, bool)],
) -> f64 {
    let mut flavours: Vec<&str> = checked.iter().map(|d| d.0.as_str()).collect();
    flavours.sort_unstable();
    flavours.dedup();
    for (k, &target) in TARGETS.iter().enumerate() {
        let mut v = *w;
        v[0] += doubt::tail_shift(w, data, CONFIDENT, target);
        let confident: Vec<(&str, bool)> = checked
            .iter()
            .filter(|(_, _, d, _)| doubt::logistic(&v, &d.features()) >= CONFIDENT)
            .map(|(f, _, _, ok)| (f.as_str(), *ok))
            .collect();
        let (worst, right) = flavours
            .iter()
            .map(|&f| {
                let of: Vec<bool> = confident.iter().filter(|c| c.0 == f).map(|c| c.1).collect();
                let right = of.iter().filter(|&&ok| ok).count() as f64 / of.len().max(1) as f64;
                (f, if of.is_empty() { 1.0 } else { right })
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or(("", 1.0));
        println!(
            "doubts: target {target:.3}: check runs confident share {:.3}, worst flavour \
             {worst} right {right:.4}",
            confident.len() as f64 / checked.len().max(1) as f64
        );
        if right >= CHECK_FLOOR || k + 1 == TARGETS.len() {
            println!("doubts: target {target:.3} chosen");
            return target;
        }
    }
    TAIL_TARGET
}

/// The targets [`choose_target`] tries, in half-point steps. Chosen by hand, not fitted.
const TARGETS: [f64; 5] = [0.975, 0.98, 0.985, 0.99, 0.995];
/// How often the confident junctions of every flavour of the check runs must be right: the
/// issue's promise for a confidence of 0.9.
const CHECK_FLOOR: f64 = 0.97;

/// Replace the weights of `doubt::CONVERTER_WEIGHTS` in `src/solve/doubt.rs` (run from the
/// repository's root) with `w`, rounded as printed; rebuild to ship them.
fn write_weights(w: &[f64; FEATURES + 1]) {
    const FILE: &str = "src/solve/doubt.rs";
    const OPEN: &str = "pub const CONVERTER_WEIGHTS: [f64; FEATURES + 1] = [";
    let src = std::fs::read_to_string(FILE).expect("run from the repository's root");
    let start = src.find(OPEN).expect("doubt.rs declares CONVERTER_WEIGHTS") + OPEN.len();
    let end = start + src[start..].find("];").expect("the weights end with `];`");
    let shown: Vec<String> = w.iter().map(|v| format!("{v:.3}")).collect();
    let body = format!("\n    {},\n", shown.join(", "));
    std::fs::write(FILE, format!("{}{body}{}", &src[..start], &src[end..]))
        .expect("doubt.rs is writable");
    println!("doubts: weights written to {FILE}; run `cargo fmt` and rebuild");
}

/// The documents of `split` in every flavour of a corpus of flavours (its manifest.json).
fn flavour_documents(corpus: &std::path::Path, split: &str) -> Vec<std::path::PathBuf> {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("manifest.json")).unwrap())
            .unwrap();
    let ids: Vec<String> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["split"] == split)
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let mut flavours: Vec<std::path::PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && ids.iter().any(|id| p.join(id).is_dir()))
        .collect();
    flavours.sort();
    flavours
        .iter()
        .flat_map(|f| ids.iter().map(move |id| f.join(id)))
        .filter(|p| p.is_dir())
        .collect()
}
