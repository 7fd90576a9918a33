//! Unit tests of the model of English: its tokens, its look-ups and the shortcut that skips them.

use super::*;

fn lm() -> &'static LanguageModel<'static> {
    LanguageModel::embedded()
}

#[test]
fn tokeniser_matches_the_build_script() {
    // The same string through tools/lm/build.py's `tokens` gives exactly this.
    let text =
        "It is difficult for him\u{2014}to apprehend, that \u{201c}any\u{201d} thing\u{2026} \
         which\u{2060} APPEARS don\u{2019}t co-operative 1776 3.5 \u{c9}lo\u{ef}se \
         \u{39f}\u{394}\u{39f}\u{3a3}... ?! x's 'quoted' Mr. \u{130}x";
    let cased: Vec<String> = tokens(text, true).into_iter().map(|(w, _)| w).collect();
    assert_eq!(
        cased,
        [
            "It",
            "is",
            "difficult",
            "for",
            "him",
            "to",
            "apprehend",
            ",",
            "that",
            "any",
            "thing",
            ".",
            "which",
            "Appears",
            "don't",
            "co",
            "operative",
            "1776",
            "3",
            ".",
            "5",
            "\u{c9}lo\u{ef}se",
            "\u{39f}\u{3b4}\u{3bf}\u{3c2}",
            ".",
            "?",
            "!",
            "x's",
            "quoted",
            "Mr",
            ".",
            "\u{130}x"
        ]
    );
    let t = tokens(text, false);
    let words: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        words,
        [
            "it",
            "is",
            "difficult",
            "for",
            "him",
            "to",
            "apprehend",
            ",",
            "that",
            "any",
            "thing",
            ".",
            "which",
            "appears",
            "don't",
            "co",
            "operative",
            "1776",
            "3",
            ".",
            "5",
            "\u{e9}lo\u{ef}se",
            "\u{3bf}\u{3b4}\u{3bf}\u{3c2}",
            ".",
            "?",
            "!",
            "x's",
            "quoted",
            "mr",
            ".",
            "i\u{307}x"
        ]
    );
    let caps: Vec<usize> = t
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| *c)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(caps, [0, 13, 21, 28]);
}

#[test]
fn embedded_model_loads_with_the_expected_header() {
    let m = LanguageModel::from_bytes(EMBEDDED).unwrap();
    assert_eq!(m.order(), 4);
    assert!(m.vocabulary_len() > 30_000);
    assert!(m.ngram_counts().iter().all(|&n| n > 100_000));
    assert!(m.description().contains("Standard Ebooks"));
    assert_eq!(m.word(m.word_id("the").unwrap()), "the");
    assert!(m.word_id("<s>").is_some() && m.word_id("zzzqqq").is_none());
}

#[test]
fn rejects_damaged_files() {
    assert!(LanguageModel::from_bytes(b"nonsense").is_err());
    assert!(LanguageModel::from_bytes(&EMBEDDED[..EMBEDDED.len() / 2]).is_err());
}

#[test]
fn probabilities_are_sane() {
    let m = lm();
    let the = m.word_id("the").unwrap();
    let of = m.word_id("of").unwrap();
    let rare = m.word_id("apprehend").unwrap();
    let p = m.logprob(&[], the);
    assert!(
        p < 0.0 && p > m.logprob(&[], rare) + 3.0,
        "log P(the) = {p}"
    );
    // "the" is far likelier after "of" than after "the".
    assert!(m.logprob(&[of], the) > m.logprob(&[the], the) + 3.0);
    // Distribution after a context sums to about one.
    let ctx = m.ids("in the middle");
    let total: f64 = (0..m.vocabulary_len() as u32)
        .map(|w| f64::from(m.logprob(&ctx, w)).exp())
        .sum();
    assert!((0.8..1.2).contains(&total), "sum = {total}");
}

#[test]
fn unknown_words_fall_into_classes() {
    let m = lm();
    let ids = m.ids("Cedrenus xqzzyv 1776");
    assert_eq!(m.word(ids[0]), "<Unk>");
    assert_eq!(m.word(ids[1]), "<unk>");
    assert_eq!(m.word(ids[2]), "<num>");
}

#[test]
fn the_true_continuation_wins_on_real_sentences() {
    let m = lm();
    let a = "It is difficult for him to apprehend, that any thing, which appears totally";
    assert!(
        m.continuation(a, "different from what he had been used to", 3)
            > m.continuation(a, "Cedrenus (p. 570\u{2013}573) relates", 3)
    );
    // A sentence cut in the middle is continued by lowercase words, not by a new sentence.
    let a = "The emperor, who had long resolved to punish the insolence of the";
    assert!(
        m.continuation(a, "barbarians, marched at the head of his legions", 3)
            > m.continuation(a, "The next morning the army crossed the river", 3)
    );
    // After a finished sentence a capitalised opening is no penalty.
    let a = "and the city was taken by storm.";
    let s = m.continuation(a, "The next morning the army crossed", 3);
    assert!(s > -2.0, "{s}");
    // A word hyphenated across the cut is joined.
    let a = "the friendship of the two nations was of the greatest impor-";
    assert!(m.continuation(a, "tance to both", 2) > m.continuation(a, "the king said", 2));
}

/// The shortcut of `cut_logprob` gives the very number `sequence_logprob` gives, whether
/// the words at the cut form a stored bigram or not, for contexts of every length.
#[test]
fn cut_logprob_is_sequence_logprob() {
    let m = lm();
    let lefts = [
        "which appears totally",
        "the insolence of the",
        "and so it was that",
        "of",
        "Cedrenus xqzzyv",
    ];
    let rights = [
        "different from what",
        "barbarians, marched at",
        "Cedrenus (p. 570",
        "the",
        "of the people",
        "xqzzyv is",
    ];
    let (mut joined, mut apart) = (0, 0);
    for l in lefts {
        for r in rights {
            let (ctx, right) = (m.ids(l), m.ids(r));
            let ctx = &ctx[ctx.len().saturating_sub(3)..];
            for k in 1..=3 {
                let terms = m.opening_terms(&right, k);
                let alone = terms.iter().fold(0.0, |s, &x| s + f64::from(x));
                assert_eq!(alone, m.sequence_logprob(&[], &right, k), "{r} {k}");
                let j = m.has_bigram(*ctx.last().unwrap(), right[0]);
                if j {
                    joined += 1;
                } else {
                    apart += 1;
                }
                let fast = m.cut_logprob(ctx, m.context_backoff_sum(ctx), &right, &terms, k, j);
                assert_eq!(fast, m.sequence_logprob(ctx, &right, k), "{l} | {r} {k}");
            }
        }
    }
    assert!(joined > 0 && apart > 0, "{joined} {apart}");
    let (of, the) = (m.word_id("of").unwrap(), m.word_id("the").unwrap());
    assert!(m.has_bigram(of, the));
}
