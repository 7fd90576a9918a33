//! Coarse English word classes (determiner, preposition, pronoun, auxiliary, … for the closed
//! classes; noun, plural, verb forms, adjective, adverb, name guessed from spelling for the
//! rest) and a trigram model of the document's own class sequences. A document of a few
//! thousand words has seen most word pairs only once or never, but it has seen thousands of
//! "determiner → noun" and "adjective → preposition" steps: the classes say whether a page
//! that stops mid-sentence can grammatically run on into another page's first words.

use super::ngram::NGram;
use crate::fragment::Fragment;
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Closed-class words and their class. Grammar, not vocabulary: the same for every English
/// document.
const CLOSED: &[(u32, &str)] = &[
    (DET, "the a an this that these those every each some any no all both either neither such another"),
    (POSS, "his her its their our my your whose"),
    (PRON, "he she it they we i you him them us me himself herself itself themselves ourselves one"),
    (PREP, "of in on at by for with from into upon over under between among amongst through during against without within about after before since until towards toward across beyond throughout along beside besides concerning respecting"),
    (TO, "to"),
    (COORD, "and or but nor yet"),
    (SUB, "if because although though while whilst unless whether as than where when whereas lest"),
    (WH, "which who whom what why how"),
    (BE, "is are was were be been being am"),
    (HAVE, "has have had having"),
    (DO, "do does did"),
    (MODAL, "will would shall should may might can could must ought"),
    (NOT, "not"),
    (DEGREE, "so too very more most less least also only even then there here thus therefore however perhaps never always often ever"),
];

// Class ids: open classes (one per word, guessed from its spelling) below the closed classes,
// punctuation above them.
const NOUN: u32 = 1;
const PLURAL: u32 = 1 << 1;
const VERB: u32 = 1 << 2;
const PAST: u32 = 1 << 3;
const GERUND: u32 = 1 << 4;
const ADJ: u32 = 1 << 5;
const ADV: u32 = 1 << 6;
const NAME: u32 = 1 << 7;
const GENITIVE: u32 = 1 << 8;
const NUMBER: u32 = 1 << 9;
const CLOSED_BASE: u32 = 1 << 12;
const DET: u32 = CLOSED_BASE;
const POSS: u32 = CLOSED_BASE + 1;
const PRON: u32 = CLOSED_BASE + 2;
const PREP: u32 = CLOSED_BASE + 3;
const TO: u32 = CLOSED_BASE + 4;
const COORD: u32 = CLOSED_BASE + 5;
const SUB: u32 = CLOSED_BASE + 6;
const WH: u32 = CLOSED_BASE + 7;
const BE: u32 = CLOSED_BASE + 8;
const HAVE: u32 = CLOSED_BASE + 9;
const DO: u32 = CLOSED_BASE + 10;
const MODAL: u32 = CLOSED_BASE + 11;
const NOT: u32 = CLOSED_BASE + 12;
const DEGREE: u32 = CLOSED_BASE + 13;
const PUNCT_BASE: u32 = 1 << 13;

/// Punctuation that takes part in the class sequence (its own class each).
const PUNCT: &str = ",;:.!?()—";

fn closed(lw: &str) -> Option<u32> {
    static TABLE: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            CLOSED
                .iter()
                .flat_map(|&(c, ws)| ws.split(' ').map(move |w| (w, c)))
                .collect()
        })
        .get(lw)
        .copied()
}

/// The class of one word. `sentence_start` says whether a capital is expected there; a
/// capitalised word elsewhere is a name.
pub fn class_of(word: &str, sentence_start: bool) -> u32 {
    let lw = word.to_lowercase();
    if let Some(c) = closed(&lw) {
        return c;
    }
    if lw.chars().all(|c| c.is_ascii_digit()) {
        return NUMBER;
    }
    if !sentence_start && word.chars().next().is_some_and(char::is_uppercase) {
        return NAME;
    }
    if lw.ends_with("'s") || lw.ends_with("’s") {
        return GENITIVE;
    }
    let ends = |s: &[&str]| s.iter().any(|x| lw.len() > x.len() + 2 && lw.ends_with(x));
    if ends(&["ply"]) {
        VERB
    } else if ends(&["mbly", "mily", "poly"]) {
        NOUN
    } else if ends(&["ly"]) {
        ADV
    } else if ends(&[
        "ment", "ness", "tion", "sion", "ity", "ship", "ism", "ist", "ance", "ence",
    ]) {
        NOUN
    } else if ends(&["ing"]) {
        GERUND
    } else if ends(&["ed"]) {
        PAST
    } else if lw.ends_with('s') && !ends(&["ss", "us", "is"]) && lw.len() > 3 {
        PLURAL
    } else if ends(&["ous", "ful", "ive", "able", "ible", "ic", "al", "ary"]) {
        ADJ
    } else if ends(&["ize", "ise", "ify"]) {
        VERB
    } else {
        NOUN
    }
}

/// The class sequence of one line of running text: words and punctuation marks.
#[cfg(test)]
fn classes(line: &str) -> Vec<u32> {
    classes_with(line, &mut Classes::default())
}

/// The classes of the words met so far, by whether a capital is expected there: a document
/// repeats its words, and [`class_of`] tests a dozen endings on a lower-cased copy of each.
#[derive(Default)]
struct Classes {
    memo: [HashMap<String, u32>; 2],
}

impl Classes {
    fn of(&mut self, word: &str, sentence_start: bool) -> u32 {
        let memo = &mut self.memo[usize::from(sentence_start)];
        if let Some(&c) = memo.get(word) {
            return c;
        }
        let c = class_of(word, sentence_start);
        memo.insert(word.to_string(), c);
        c
    }
}

/// [`classes`] with the classes already known.
fn classes_with(line: &str, known: &mut Classes) -> Vec<u32> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut Vec<u32>, start: &mut bool| {
        let w = word.trim_matches(|c: char| c == '\'' || c == '’' || c == '-');
        if w.chars().any(char::is_alphanumeric) {
            out.push(known.of(w, *start));
            *start = false;
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut out, &mut sentence_start);
        if let Some(i) = PUNCT.chars().position(|p| p == c) {
            out.push(PUNCT_BASE + i as u32);
            if matches!(c, '.' | '!' | '?') {
                sentence_start = true;
            }
        }
    }
    flush(&mut word, &mut out, &mut sentence_start);
    out
}

/// Edge classes per fragment and a trigram model of the document's class sequences, with the
/// junction score of every pair of distinct edges computed once (a document has a few hundred
/// distinct class pairs at its edges, and millions of fragment pairs).
#[derive(Debug, Default)]
pub struct ClassModel {
    /// Per fragment: index of its opening edge and of its closing edge.
    edge: Vec<(usize, usize)>,
    /// Junction scores, closing edge by opening edge.
    table: Vec<f64>,
    openings: usize,
}

impl ClassModel {
    /// Learn the class sequences of the fragments' running text (line by line: a line is
    /// unbroken text).
    pub fn new(fragments: &[Fragment]) -> Self {
        let mut sequences = Vec::new();
        let mut edges = Vec::with_capacity(fragments.len());
        let mut known = Classes::default();
        for f in fragments {
            let lines: Vec<Vec<u32>> = f
                .body
                .split('\n')
                .map(|line| classes_with(line, &mut known))
                .collect();
            let first = lines.first().map_or(Vec::new(), |l| {
                // The page's first word runs on from elsewhere: no sentence start there.
                let mut l = l.clone();
                if let (Some(c), Some(w)) = (l.first_mut(), f.first_words.first()) {
                    if *c < PUNCT_BASE {
                        *c = known.of(w, false);
                    }
                }
                l.truncate(2);
                l
            });
            let last = lines
                .last()
                .map_or(Vec::new(), |l| l[l.len().saturating_sub(2)..].to_vec());
            edges.push((first, last));
            sequences.extend(lines);
        }
        let model = NGram::new(&sequences);
        let mut openings: Vec<Vec<u32>> = edges.iter().map(|e| e.0.clone()).collect();
        let mut closings: Vec<Vec<u32>> = edges.iter().map(|e| e.1.clone()).collect();
        for v in [&mut openings, &mut closings] {
            v.sort_unstable();
            v.dedup();
        }
        let index = |v: &[Vec<u32>], e: &Vec<u32>| v.binary_search(e).expect("an edge");
        let edge = edges
            .iter()
            .map(|(first, last)| (index(&openings, first), index(&closings, last)))
            .collect();
        // Log-likelihood ratio of the opening classes after the closing ones, against the same
        // classes without that context (0 when either edge is empty).
        let mut table = Vec::with_capacity(closings.len() * openings.len());
        for left in &closings {
            for right in &openings {
                table.push(if left.is_empty() || right.is_empty() {
                    0.0
                } else {
                    model.junction(left, right)
                });
            }
        }
        ClassModel {
            edge,
            table,
            openings: openings.len(),
        }
    }

    /// How well B's first classes follow A's last classes (see [`ClassModel::new`]).
    pub fn junction(&self, a: usize, b: usize) -> f64 {
        self.table[self.edge[a].1 * self.openings + self.edge[b].0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Span;

    fn fragment(body: &str) -> Fragment {
        let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
        f.body = body.to_string();
        f.first_words = crate::fragment::text::first_words(body, 3);
        f
    }

    #[test]
    fn a_determiner_and_adjective_run_on_into_a_noun_not_a_preposition() {
        // Word pairs the document never repeats, but class steps it has seen many times.
        let text = "The army of the state was a formidable force. A cautious ruler of the \
                    people keeps the lasting goodwill of his subjects. The ancient laws of \
                    the nation gave a natural share of the land to each family, and a \
                    political union of the towns gave a general peace to the country.";
        let frags = vec![
            fragment(text),
            fragment("Yet the kingdom lost a numerous"),
            fragment("store of corn in the winter."),
            fragment("of the towns in the winter."),
        ];
        let m = ClassModel::new(&frags);
        assert!(m.junction(1, 2) > m.junction(1, 3) + 0.5);
    }

    #[test]
    fn closed_words_and_spellings_get_their_classes() {
        assert_eq!(class_of("The", true), DET);
        assert_eq!(class_of("of", false), PREP);
        assert_eq!(class_of("government", false), NOUN);
        assert_eq!(class_of("revenues", false), PLURAL);
        assert_eq!(class_of("founded", false), PAST);
        assert_eq!(class_of("political", false), ADJ);
        assert_eq!(class_of("numerous", false), ADJ);
        assert_eq!(class_of("basis", false), NOUN);
        assert_eq!(class_of("wisely", false), ADV);
        assert_eq!(class_of("supply", false), VERB);
        assert_eq!(class_of("assembly", false), NOUN);
        assert_eq!(class_of("Europe", false), NAME);
        assert_eq!(class_of("Europe", true), NOUN);
        assert_eq!(
            classes("And yet, the want of commerce."),
            vec![
                COORD,
                COORD,
                PUNCT_BASE,
                DET,
                NOUN,
                PREP,
                NOUN,
                PUNCT_BASE + 3
            ]
        );
    }
}
