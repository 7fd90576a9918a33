//! The lossless invariant as a property: for arbitrary documents, the restored output holds
//! every input byte exactly once, verbatim, plus only the reported joins; and slicing the input
//! by the reported spans rebuilds the output.

use collate::ingest::{Document, Format};
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,9}",
        2 => "[A-Z][a-z]{1,8}",
        1 => prop::sample::select(vec![
            "naïve", "e\u{301}te\u{301}", "שלום", "مرحبا", "東京都", "😀🎉", "ce-", "co-operative",
            "<sup>3</sup>", "*word*", "“quoted”", "(aside)", "\t", "—", "1776",
        ]).prop_map(String::from),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(word(), 0..40),
        prop::sample::select(vec!["", ".", ",", ":", "-", "?"]),
    )
        .prop_map(|(ws, end)| format!("{}{}", ws.join(" "), end))
}

/// What real converters leave in their output (the flavours of `../shared/flavours`): lone
/// emphasis markers, stray form feeds, words run together past any dictionary (pypdf,
/// pdfminer), lone page numbers, running heads, code fences, HTML, pipe tables, hard-wrapped
/// lines and list items.
fn artefact() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::from("**")),
        Just(String::from("*")),
        Just(String::from("***")),
        Just(String::from("__")),
        Just(String::from("\u{c}")),
        Just(String::from("text\u{c}more")),
        "[a-z]{46,90}",
        "[0-9]{1,4}",
        "[ivxlc]{1,5}",
        "[A-Z][a-z]{3,9} [0-9]{1,3}",
        Just(String::from("```\nfn main() {}\n```")),
        Just(String::from("```")),
        Just(String::from("<div class=\"x\"><br/></div>")),
        Just(String::from("| a | b |\n|---|---|\n| 1 | 2 |")),
        "[a-z]{3,8}( [a-z]{2,8}){3,8}\n[a-z]{3,8}( [a-z]{2,8}){3,8}\n[a-z]{2,8}",
        "- [a-z ]{5,30}\n- [a-z ]{5,30}",
        Just(String::from("<sup>")),
        Just(String::from("#")),
    ]
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => paragraph(),
        1 => "[A-Z][a-z]{2,10}".prop_map(|t| format!("## {t}")),
        1 => (1u32..40, paragraph()).prop_map(|(n, p)| format!("---\n\n<sup>{n}</sup> {p}")),
        1 => Just(String::from("   ")),
        1 => "[a-z ]{200,400}".prop_map(|s| s),
        2 => artefact(),
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 0..6).prop_map(|bs| bs.join("\n\n"))
}

fn document() -> impl Strategy<Value = (String, bool)> {
    (
        prop::collection::vec(page(), 1..12),
        any::<bool>(),
        any::<bool>(),
        1usize..4,
    )
        .prop_map(|(pages, form_feed, crlf, gap)| {
            let joined = if form_feed {
                pages.join("\n\u{c}")
            } else {
                pages.join(&"\n".repeat(gap + 1))
            };
            let t = if crlf {
                joined.replace('\n', "\r\n")
            } else {
                joined
            };
            (t, form_feed)
        })
}

/// Weights a user may ask for, hostile ones included.
fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -5.0f64..5.0,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(1e39),
        1 => Just(-1e300),
        1 => Just(0.0),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// Whatever the weights and limits, a restore either refuses cleanly (a weight that is not
    /// finite or is out of bounds, a document over a limit) or returns every byte once.
    #[test]
    fn any_weights_and_limits_lose_nothing(
        (text, _) in document(),
        signal in prop::sample::select(collate::score::signal_names().collect::<Vec<_>>()),
        w in weight(),
        max_pages in 1usize..40,
        max_bytes in 1usize..20_000,
    ) {
        let mut cfg = collate::Config::default();
        cfg.score.weights.insert(signal.to_string(), w);
        cfg.limits.max_pages = max_pages;
        cfg.limits.max_bytes = max_bytes;
        let Ok(doc) = Document::from_text("prop", text.clone(), None) else {
            return Ok(());
        };
        match collate::restore(&doc, &cfg) {
            Ok(r) => {
                prop_assert!(w.is_finite(), "a restore went ahead with weight {w}");
                let mut spans: Vec<(usize, usize)> =
                    r.pieces().iter().map(|(s, _)| (s.start, s.end)).collect();
                spans.sort_unstable();
                let total: usize = spans.iter().map(|(s, e)| e - s).sum();
                prop_assert_eq!(total, text.len(), "bytes lost or repeated");
                prop_assert!(r.analysis.fragments.len() <= max_pages);
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(!msg.is_empty() && !msg.contains('\n'), "not one line: {msg}");
            }
        }
    }

    #[test]
    fn output_holds_every_byte_once((text, ff) in document()) {
        let format = if ff { Some(Format::Txt) } else { None };
        let doc = match Document::from_text("prop", text.clone(), format) {
            Ok(d) => d,
            Err(_) => return Ok(()), // empty or whitespace-only: refused cleanly
        };
        let r = match collate::restore(&doc, &collate::Config::default()) {
            Ok(r) => r,
            Err(e) => {
                prop_assert!(matches!(e, collate::Error::SinglePage { .. }), "unexpected error {e}");
                return Ok(());
            }
        };
        let out = r.text();
        // The pieces tile the input exactly once.
        let mut spans: Vec<(usize, usize)> = r.pieces().iter().map(|(s, _)| (s.start, s.end)).collect();
        spans.sort_unstable();
        let mut at = 0;
        for (s, e) in &spans {
            prop_assert_eq!(*s, at, "gap or overlap in the pieces");
            at = *e;
        }
        prop_assert_eq!(at, text.len());
        // The output is the pieces with their joins, and the joins are only separators.
        let mut rebuilt = String::new();
        for (s, join) in r.pieces() {
            rebuilt.push_str(s.of(&text));
            prop_assert!(join.chars().all(|c| c == '\n' || c == '\u{c}'), "join {:?}", join);
            rebuilt.push_str(join);
        }
        prop_assert_eq!(rebuilt, out);
    }
}
