//! Diagnostic: is a wrong order a search failure or a model failure? For each case, the
//! objective (pair total minus monotone penalty) of the restored order and of the true order.
//! `cargo run --release --example objective -- md ../shared/corpus [ID_PREFIX]`
//! With `RANKS=1`: the found order as true ranks; `PAIRS=2:3,2:4`: each signal's score for
//! those pairs (true ranks); `SHOW=3,4`: those fragments' edges and page numbers.
#[path = "diag/mod.rs"]
mod diag;

use collate::solve::monotone::Monotone;

fn main() {
    let (fmt, corpus, rest) = diag::args();
    let cfg = collate::Config::default();
    let (mut search, mut model, mut right) = (0, 0, 0);
    for (id, d) in diag::selected(&corpus, fmt, rest.first()) {
        for seed in 1..=3 {
            let (s, doc) = diag::case(&d, fmt, seed);
            let r = collate::restore(&doc, &cfg).unwrap();
            let an = &r.analysis;
            let sc = collate::score::Scorer::new(an, &cfg.score);
            let m = sc.matrix();
            let truth = diag::true_order(&s.truth, an);
            let mono = Monotone::new(&an.structure);
            let objective = |o: &[usize]| {
                mono.as_ref()
                    .map_or_else(|| m.total(o), |x| x.objective(&m, o))
            };
            let (got, want) = (objective(r.order()), objective(&truth));
            let pen = |o: &[usize]| m.total(o) - objective(o);
            let (pg, pt) = (pen(r.order()), pen(&truth));
            let verdict = if r.order() == truth.as_slice() {
                right += 1;
                "right"
            } else if want > got + 1e-6 {
                search += 1;
                "SEARCH"
            } else {
                model += 1;
                "model"
            };
            if std::env::var("RANKS").is_ok() {
                detail(&r, &sc, &m, &truth, &doc.text);
            }
            if pt > 0.0 {
                for (kind, a, b) in mono.as_ref().map_or(Vec::new(), |x| x.steps_back(&truth)) {
                    let text = |f: usize| {
                        let c = an.fragments[f].content;
                        doc.text[c.start..c.end]
                            .chars()
                            .take(120)
                            .collect::<String>()
                    };
                    println!(
                        "   true order steps back in {kind}: {a} {:?} -> {b} {:?}",
                        text(a),
                        text(b)
                    );
                }
            }
            println!("{id:32} seed {seed}: found {got:9.2} (penalty {pg:5.1}) true {want:9.2} (penalty {pt:5.1}) {verdict}");
        }
    }
    println!("right {right}, search failures {search}, model failures {model}");
}

/// The found order as true ranks, and the pairs and fragments asked for.
fn detail(
    r: &collate::Restored,
    sc: &collate::score::Scorer,
    m: &collate::score::ScoreMatrix,
    truth: &[usize],
    text: &str,
) {
    let an = &r.analysis;
    let mut rank = vec![0; truth.len()];
    for (i, &f) in truth.iter().enumerate() {
        rank[f] = i;
    }
    let seq: Vec<String> = r.order().iter().map(|&f| rank[f].to_string()).collect();
    println!("   found as true ranks: {}", seq.join(" "));
    let list = |var: &str| -> Vec<String> {
        std::env::var(var)
            .map(|v| v.split(',').map(str::to_string).collect())
            .unwrap_or_default()
    };
    for pr in list("PAIRS") {
        let Some((x, y)) = pr.split_once(':') else {
            continue;
        };
        let (Ok(x), Ok(y)) = (x.parse::<usize>(), y.parse::<usize>()) else {
            continue;
        };
        let (x, y) = (truth[x], truth[y]);
        let parts: Vec<String> = sc
            .contributions(x, y)
            .iter()
            .filter(|c| c.score != 0.0)
            .map(|c| format!("{}={:.2}", c.signal, c.score))
            .collect();
        println!("   {pr}: total {:.2} | {}", m.get(x, y), parts.join(" "));
    }
    for k in list("SHOW").iter().filter_map(|k| k.parse::<usize>().ok()) {
        let f = &an.fragments[truth[k]];
        let (head, tail) = diag::edges(f.content.of(text), 150);
        println!(
            "   [{k}] page {:?} {:?} opens {:?} closes {:?}\n      START {}\n      END {}",
            f.page_number,
            f.kind,
            f.opens,
            f.closes,
            head.replace('\n', "⏎"),
            tail.replace('\n', "⏎")
        );
    }
}
