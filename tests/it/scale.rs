//! The resource bound of the README's Guarantees, on the worst shapes of input cheaply made,
//! asserted on counts (never on time): above the sparse threshold at most n·k pair scores
//! whatever the text, and a flood of one-sentence paragraphs answered without n² work.

use collate::ingest::{Document, Format};
use collate::score::candidates::{MAX_SUCCESSORS, SPARSE_FROM};
use collate::{restore, Config};

/// Deterministic pseudo-random numbers (a 64-bit LCG, Knuth's constants).
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

/// `n` form-feed pages of `words` words each, drawn from a vocabulary of `vocab` words.
fn pages(n: usize, words: usize, vocab: u64) -> String {
    let mut s = 1u64;
    (0..n)
        .map(|_| {
            (0..words)
                .map(|_| format!("w{}", lcg(&mut s) % vocab))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\u{c}")
}

fn is_permutation(order: &[usize], n: usize) -> bool {
    let mut v = order.to_vec();
    v.sort_unstable();
    v == (0..n).collect::<Vec<_>>()
}

/// Pages of rare words: every fragment finds a full list of candidates, and still each costs
/// at most `MAX_SUCCESSORS` pair scores (plus one to explain its junction).
#[test]
fn rare_word_pages_cost_n_k_pair_scores() {
    let n = SPARSE_FROM + 300;
    let doc = Document::from_text("rare", pages(n, 60, 40_000), Some(Format::Txt)).unwrap();
    let r = restore(&doc, &Config::default()).unwrap();
    assert_eq!(r.stats.fragments, n);
    assert!(is_permutation(r.order(), n));
    let bound = (n * (MAX_SUCCESSORS + 1)) as u64;
    assert!(
        r.stats.pair_scores <= bound,
        "{} > {bound}",
        r.stats.pair_scores
    );
    // Dense scoring would have cost n(n - 1).
    assert!(r.stats.pair_scores * 50 < (n * (n - 1)) as u64);
}

/// Pages that all say the same: no word tells them apart, nothing is listed, and the solver
/// still returns every page once.
#[test]
fn identical_pages_are_ordered_without_n_squared_scores() {
    let n = SPARSE_FROM + 300;
    let text = vec!["The same words on every page."; n].join("\u{c}");
    let doc = Document::from_text("same", text, Some(Format::Txt)).unwrap();
    let r = restore(&doc, &Config::default()).unwrap();
    assert!(is_permutation(r.order(), n));
    assert!(r.stats.pair_scores <= (n * (MAX_SUCCESSORS + 1)) as u64);
}

/// Issue 20, item 12: 20,000 one-sentence paragraphs (1.2 MB) are one page, answered without
/// 20,000² page likelihoods (the page model's span is bounded; its unit test counts).
#[test]
fn hostile_12_a_flood_of_one_sentence_paragraphs_is_one_page() {
    let text: Vec<String> = (0..20_000)
        .map(|i| format!("This is sentence number {i} of the test."))
        .collect();
    let doc = Document::from_text("flood", text.join("\n\n"), Some(Format::Md)).unwrap();
    let Err(err) = restore(&doc, &Config::default()) else {
        panic!("a flood of paragraphs restored as pages")
    };
    assert!(err.to_string().contains("one page"), "{err}");
}

/// Sparse scoring gives the same order on one thread and on two (each fragment's candidates
/// and row statistics are computed independently).
#[test]
fn sparse_order_is_the_same_on_any_thread_count() {
    let n = SPARSE_FROM + 100;
    let text = pages(n, 40, 30_000);
    let order = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let doc = Document::from_text("rare", text.clone(), Some(Format::Txt)).unwrap();
            restore(&doc, &Config::default()).unwrap().order().to_vec()
        })
    };
    assert_eq!(order(1), order(2));
}
