//! Offline experiment: how well variants of the `language` signal's score rank the true
//! successor of every page left open mid-sentence, on form-feed documents in true order
//! (`/work/prose`). Variants: B's first k tokens after A's last ones (forward, the shipped
//! model), A's last tokens before B's first ones (a backward model built by
//! `tools/lm/build.py --reverse`, given as a file), their sum, each made relative as the signal
//! does (row and column terms). Ties count against the true successor.
//! `cargo run --release --example lm_prose -- [--back BACK.lm] [--fwd FWD.lm] pages.txt...`
use collate::lm::LanguageModel;

struct Page {
    tail: Vec<u32>,
    head: Vec<u32>,
    /// Backward model ids: the last words reversed (nearest the cut first), the first words.
    btail: Vec<u32>,
    bhead: Vec<u32>,
    open: bool,
}

fn relative(raw: &[f64], n: usize) -> Vec<f64> {
    let lse = |v: Vec<f64>| -> f64 {
        let v: Vec<f64> = v.into_iter().filter(|x| x.is_finite()).collect();
        let m = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !m.is_finite() {
            return 0.0;
        }
        m + v.iter().map(|x| (x - m).exp()).sum::<f64>().ln() - (v.len() as f64).ln()
    };
    let rows: Vec<f64> = (0..n)
        .map(|a| lse((0..n).map(|b| raw[a * n + b]).collect()))
        .collect();
    let cols: Vec<f64> = (0..n)
        .map(|b| lse((0..n).map(|a| raw[a * n + b]).collect()))
        .collect();
    (0..n * n)
        .map(|i| {
            let (a, b) = (i / n, i % n);
            if raw[i].is_finite() {
                (0.5 * ((raw[i] - rows[a]) + (raw[i] - cols[b]))).clamp(-3.0, 3.0)
            } else {
                0.0
            }
        })
        .collect()
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut take = |flag: &str| -> Option<Vec<u8>> {
        let i = args.iter().position(|a| a == flag)?;
        let p = args.remove(i + 1);
        args.remove(i);
        Some(std::fs::read(p).expect("model file"))
    };
    let back_bytes = take("--back");
    let fwd_bytes = take("--fwd");
    let fwd = match &fwd_bytes {
        Some(b) => Box::leak(Box::new(LanguageModel::from_bytes(b).expect("model"))),
        None => LanguageModel::embedded(),
    };
    let back = back_bytes
        .as_ref()
        .map(|b| LanguageModel::from_bytes(b).expect("backward model"));
    let temp: f64 = std::env::var("TEMP").map_or(2.0, |t| t.parse().unwrap());
    let beta: f64 = std::env::var("BETA").map_or(1.0, |t| t.parse().unwrap());
    // variant name -> (first, total, rr)
    let names = [
        "fwd k1", "fwd k2", "fwd k3", "bwd k1", "bwd k2", "bwd k3", "f2+B*b2", "f3+b3", "f2+b2 /2",
    ];
    let mut acc = vec![(0usize, 0usize, 0.0f64); names.len() * 2];
    let mut cacc = vec![(0usize, 0usize, 0.0f64); names.len() * 2];
    for path in &args {
        let text = std::fs::read_to_string(path).expect("readable");
        let doc = collate::ingest::Document::from_text("d", text, None).expect("a document");
        let an = collate::fragment::analyse(&doc, &Default::default());
        let pages: Vec<Page> = an
            .fragments
            .iter()
            .map(|f| {
                let body = f.body.trim();
                let cut = body.len().saturating_sub(200);
                let mut c = cut;
                while !body.is_char_boundary(c) {
                    c += 1;
                }
                let mut h = 200.min(body.len());
                while !body.is_char_boundary(h) {
                    h -= 1;
                }
                let mut tail = fwd.ids(&body[c..]);
                tail.drain(..tail.len().saturating_sub(3));
                let mut head = fwd.ids(&body[..h]);
                head.truncate(4);
                let (btail, bhead) = match &back {
                    Some(m) => {
                        let mut t = m.ids(&body[c..]);
                        t.reverse();
                        t.truncate(4);
                        let mut hh = m.ids(&body[..h]);
                        hh.truncate(3);
                        hh.reverse();
                        (t, hh)
                    }
                    None => (vec![], vec![]),
                };
                Page {
                    tail,
                    head,
                    btail,
                    bhead,
                    open: f.closes == collate::fragment::Close::Mid && !body.ends_with('-'),
                }
            })
            .collect();
        let n = pages.len();
        let usable = |a: usize, b: usize| {
            a != b && pages[a].open && !pages[a].tail.is_empty() && !pages[b].head.is_empty()
        };
        let fscore = |a: usize, b: usize, k: usize| {
            let h = &pages[b].head;
            fwd.sequence_logprob(&pages[a].tail, h, k) - fwd.sequence_logprob(&[], h, k)
        };
        let bscore = |a: usize, b: usize, k: usize| match &back {
            Some(m) => {
                let t = &pages[a].btail;
                m.sequence_logprob(&pages[b].bhead, t, k) - m.sequence_logprob(&[], t, k)
            }
            None => 0.0,
        };
        let variant = |v: usize, a: usize, b: usize| -> f64 {
            match v {
                0..=2 => fscore(a, b, v + 1),
                3..=5 => bscore(a, b, v - 2),
                6 => fscore(a, b, 2) + beta * bscore(a, b, 2),
                7 => fscore(a, b, 3) + bscore(a, b, 3),
                _ => 0.5 * (fscore(a, b, 2) + bscore(a, b, 2)),
            }
        };
        for v in 0..names.len() {
            let raw: Vec<f64> = (0..n * n)
                .map(|i| {
                    let (a, b) = (i / n, i % n);
                    if usable(a, b) {
                        variant(v, a, b) / temp
                    } else {
                        f64::NEG_INFINITY
                    }
                })
                .collect();
            let rel = relative(&raw, n);
            for (j, m) in [&raw, &rel].into_iter().enumerate() {
                let e = &mut cacc[v * 2 + j];
                for a in (0..n.saturating_sub(1)).filter(|&a| pages[a].open) {
                    let b = a + 1;
                    let t = m[a * n + b];
                    let rank = 1
                        + (0..n)
                            .filter(|&x| x != b && x != a && pages[x].open && m[x * n + b] >= t)
                            .count();
                    e.1 += 1;
                    e.2 += 1.0 / rank as f64;
                    if rank == 1 {
                        e.0 += 1;
                    }
                }
                let e = &mut acc[v * 2 + j];
                for a in (0..n.saturating_sub(1)).filter(|&a| pages[a].open) {
                    let t = m[a * n + a + 1];
                    let rank = 1
                        + (0..n)
                            .filter(|&b| b != a && b != a + 1 && m[a * n + b] >= t)
                            .count();
                    e.1 += 1;
                    e.2 += 1.0 / rank as f64;
                    if rank == 1 {
                        e.0 += 1;
                    }
                }
            }
        }
    }
    for (v, name) in names.iter().enumerate() {
        let r = acc[v * 2];
        let l = acc[v * 2 + 1];
        println!(
            "{name:10} raw first {:.3} MRR {:.3} | relative first {:.3} MRR {:.3} ({} cuts)",
            r.0 as f64 / r.1 as f64,
            r.2 / r.1 as f64,
            l.0 as f64 / l.1 as f64,
            l.2 / l.1 as f64,
            r.1
        );
        let r = cacc[v * 2];
        let l = cacc[v * 2 + 1];
        println!(
            "{:10} col first {:.3} MRR {:.3} | relative first {:.3} MRR {:.3}",
            "",
            r.0 as f64 / r.1 as f64,
            r.2 / r.1 as f64,
            l.0 as f64 / l.1 as f64,
            l.2 / l.1 as f64,
        );
    }
}
