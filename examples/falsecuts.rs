//! Diagnostic: cuts detection made inside a true page (seed 1), with the text on either side
//! and the boundary probability. `cargo run --release --example falsecuts -- md ../shared/corpus [ID_PREFIX]`
#[path = "diag/mod.rs"]
mod diag;

fn main() {
    let (fmt, corpus, rest) = diag::args();
    let cfg = collate::Config::default();
    for d in diag::documents(&corpus, fmt) {
        let id = d.file_name().unwrap().to_string_lossy().into_owned();
        if rest.first().is_some_and(|p| !id.starts_with(p.as_str())) {
            continue;
        }
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
            let end: String = {
                let t = a.content.of(&doc.text);
                let c: Vec<char> = t.chars().collect();
                c[c.len().saturating_sub(90)..].iter().collect()
            };
            let start: String = b.content.of(&doc.text).chars().take(90).collect();
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
