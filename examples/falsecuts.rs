//! Diagnostic: cuts detection made inside a true page (seed 1), with the text on either side
//! and the boundary probability. `cargo run --release --example falsecuts -- md ../shared/corpus [ID_PREFIX]`
#[path = "diag/mod.rs"]
mod diag;

fn main() {
    let (fmt, corpus, rest) = diag::args();
    let cfg = collate::Config::default();
    for (id, d) in diag::selected(&corpus, fmt, rest.first()) {
        let (s, doc) = diag::case(&d, fmt, 1);
        let an = collate::fragment::analyse(&doc, &cfg.fragment);
        for l in &an.links {
            let (a, b) = (&an.fragments[l.from], &an.fragments[l.to]);
            let same = s
                .truth
                .spans
                .iter()
                .any(|sp| sp.start <= a.content.start && b.content.end <= sp.end);
            if !same {
                continue;
            }
            let (_, end) = diag::edges(a.content.of(&doc.text), 90);
            let (start, _) = diag::edges(b.content.of(&doc.text), 90);
            println!(
                "{id} p={:.2} {:?}/{:?} -> {:?}/{:?}\n   ...{}\n   >>> {}\n",
                l.p_boundary,
                a.kind,
                a.closes,
                b.kind,
                b.opens,
                end.replace('\n', "⏎"),
                start.replace('\n', "⏎")
            );
        }
    }
}
