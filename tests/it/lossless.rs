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

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => paragraph(),
        1 => "[A-Z][a-z]{2,10}".prop_map(|t| format!("## {t}")),
        1 => (1u32..40, paragraph()).prop_map(|(n, p)| format!("---\n\n<sup>{n}</sup> {p}")),
        1 => Just(String::from("   ")),
        1 => "[a-z ]{200,400}".prop_map(|s| s),
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

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
