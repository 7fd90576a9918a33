//! Diagnostic: for each true junction of a document (pages in true order, form feeds), the
//! `language` signal's score of the true successor and its rank among all pages, with the
//! text on both sides and the best-scoring rival. `cargo run --release --example lm_junctions --
//! pages.md [A B]...`: with page pairs given, prints only their scores (pages counted from 0).
fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("a pages file in true order, form feeds");
    let text = std::fs::read_to_string(&path).expect("readable");
    let doc = collate::ingest::Document::from_text("d", text, None).expect("a document");
    let an = collate::fragment::analyse(&doc, &Default::default());
    // Weight 1, whatever the default (`score::SIGNALS`), so that its scores are shown
    // unweighted.
    let mut cfg = collate::score::ScoreConfig::default();
    cfg.weights.insert("language".to_string(), 1.0);
    let sc = collate::score::Scorer::new(&an, &cfg);
    let n = an.fragments.len();
    let lang = |a: usize, b: usize| {
        sc.contributions(a, b)
            .iter()
            .find(|c| c.signal == "language")
            .map_or(0.0, |c| c.score)
    };
    let pairs: Vec<usize> = std::env::args()
        .skip(2)
        .map(|a| a.parse().expect("page numbers"))
        .collect();
    if !pairs.is_empty() {
        for p in pairs.chunks(2) {
            let (a, b) = (p[0], p[1.min(p.len() - 1)]);
            println!("{a} -> {b}: {:.3}", lang(a, b));
        }
        return;
    }
    let (mut first, mut total, mut rr) = (0, 0, 0.0);
    for a in 0..n.saturating_sub(1) {
        let f = &an.fragments[a];
        let score = |b: usize| lang(a, b);
        let t = score(a + 1);
        let rival = (0..n)
            .filter(|&b| b != a && b != a + 1)
            .max_by(|&x, &y| score(x).total_cmp(&score(y)));
        let rank = 1
            + (0..n)
                .filter(|&b| b != a && b != a + 1 && score(b) >= t)
                .count();
        total += 1;
        rr += 1.0 / rank as f64;
        if rank == 1 {
            first += 1;
        }
        let tail: String = f
            .body
            .chars()
            .rev()
            .take(50)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let head: String = an.fragments[a + 1].body.chars().take(40).collect();
        let rival = rival.map_or(String::new(), |b| {
            let h: String = an.fragments[b].body.chars().take(30).collect();
            format!(" || rival {b} {:.2} {}…", score(b), h.replace('\n', " "))
        });
        println!(
            "{a:3} {:?} rank {rank:3} score {t:6.2} | …{} | {}…{rival}",
            f.closes,
            tail.replace('\n', " "),
            head.replace('\n', " ")
        );
    }
    println!("first {first}/{total}, MRR {:.3}", rr / total as f64);
}
