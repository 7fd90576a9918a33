//! Diagnostic: total score of the true order against the solver's order, per document.
//! `cargo run --release --example gap -- md ../shared/corpus [DOC_TO_DETAIL]`
#[path = "diag/mod.rs"]
mod diag;

use collate::solve::Solver;
fn main() {
    let (fmt, corpus, rest) = diag::args();
    let cfg = collate::Config::default();
    let dirs = diag::documents(&corpus, fmt);
    let (mut worse, mut solver_miss) = (0, 0);
    for d in dirs {
        let (s, doc) = diag::case(&d, fmt, 1);
        let an = collate::fragment::analyse(&doc, &cfg.fragment);
        let sc = collate::score::Scorer::new(&an, &cfg.score);
        let m = sc.matrix();
        // True order: fragments sorted by (true page of their content start, start offset).
        let n = s.truth.order.len();
        let page_at = |byte: usize| {
            (0..n)
                .find(|&p| {
                    s.truth.spans[p].start <= byte
                        && byte < s.truth.spans[p].end.max(s.truth.spans[p].start + 1)
                })
                .map(|p| s.truth.order[p])
                .unwrap_or(usize::MAX)
        };
        let mut truth: Vec<usize> = (0..an.fragments.len()).collect();
        truth.sort_by_key(|&f| {
            (
                page_at(an.fragments[f].content.start),
                an.fragments[f].content.start,
            )
        });
        let sol = collate::solve::Auto::default().solve(&m);
        let (t, f) = (m.total(&truth), sol.total);
        let tag = if t > f + 1e-6 {
            solver_miss += 1;
            "SOLVER MISSED"
        } else if (t - f).abs() < 1e-6 {
            ""
        } else {
            worse += 1;
            "scores prefer wrong"
        };
        if rest.first().is_some_and(|x| d.ends_with(x)) {
            let per = |o: &[usize]| {
                let mut acc: std::collections::BTreeMap<&str, f64> = Default::default();
                for w in o.windows(2) {
                    for c in sc.contributions(w[0], w[1]) {
                        *acc.entry(c.signal).or_default() += c.score;
                    }
                }
                acc
            };
            println!("truth {:?}", per(&truth));
            println!("found {:?}", per(&sol.order));
            for w in truth.windows(2) {
                let c = sc.contributions(w[0], w[1]);
                let tot: f64 = c.iter().map(|x| x.score).sum();
                if tot < 0.0 {
                    println!(
                        "  neg truth junction {}->{} {:.2} {:?} | {:?}",
                        w[0],
                        w[1],
                        tot,
                        c.iter()
                            .filter(|x| x.score != 0.0)
                            .map(|x| (x.signal, (x.score * 100.0).round() / 100.0))
                            .collect::<Vec<_>>(),
                        (
                            an.fragments[w[0]].closes,
                            &an.fragments[w[0]].last_words,
                            an.fragments[w[1]].opens,
                            &an.fragments[w[1]].first_words
                        )
                    );
                }
            }
        }
        println!(
            "{:35} frags={:4} truth={:9.2} found={:9.2} {}",
            d.file_name().unwrap().to_string_lossy(),
            an.fragments.len(),
            t,
            f,
            tag
        );
    }
    println!("solver missed: {solver_miss}, scores prefer a wrong order: {worse}");
}
