//! Diagnostic: the text around every true page junction the restore got wrong (seed 1): the
//! end of the page, its true successor's start and the start of the page chosen instead.
//! `cargo run --release --example junctions -- md ../shared/corpus [ID_PREFIX]`
#[path = "diag/mod.rs"]
mod diag;

fn main() {
    let (fmt, corpus, rest) = diag::args();
    let cfg = collate::Config::default();
    for (id, d) in diag::selected(&corpus, fmt, rest.first()) {
        let (s, doc) = diag::case(&d, fmt, 1);
        let r = collate::restore(&doc, &cfg).unwrap();
        let an = &r.analysis;
        let sc = collate::score::Scorer::new(an, &cfg.score);
        let signals = |a: usize, b: usize| -> String {
            sc.contributions(a, b)
                .iter()
                .filter(|c| c.score != 0.0)
                .map(|c| format!("{} {:+.2}", c.signal, c.score))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let order = r.order();
        let mut out_pos = vec![usize::MAX; an.fragments.len()];
        for (i, &f) in order.iter().enumerate() {
            out_pos[f] = i;
        }
        let words = |f: usize| -> Vec<&str> { an.fragments[f].body.split_whitespace().collect() };
        let tail = |f: usize| {
            let w = words(f);
            w[w.len().saturating_sub(12)..].join(" ")
        };
        let head = |f: usize| {
            let w = words(f);
            w[..w.len().min(12)].join(" ")
        };
        for (fa, fb) in diag::true_junctions(&s.truth, an) {
            if fa == fb || out_pos[fb] == out_pos[fa] + 1 {
                continue;
            }
            let next = order.get(out_pos[fa] + 1).copied();
            let chosen = next.map_or("<end>".to_string(), head);
            println!(
                "{id}: ...{}\n   TRUE  {}\n         [{}]\n   CHOSE {}\n         [{}]\n",
                tail(fa),
                head(fb),
                signals(fa, fb),
                chosen,
                next.map_or(String::new(), |c| signals(fa, c))
            );
        }
    }
}
