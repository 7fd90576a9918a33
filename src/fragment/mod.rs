//! Stage 1, fragment detection: cut the input into page fragments and describe each one —
//! how its running text opens and closes, its footnote numbers, headings, contents entries,
//! printed page number and length. Where a page boundary is uncertain (a page that ends
//! exactly where a paragraph ends) the cut is kept as a candidate with a probability, and
//! stream-adjacent fragments carry that probability to the scorer instead of a guess.

mod folio_side;
mod furniture;
mod kinds;
pub(crate) use kinds::has_sentence_stop;
mod layout;
mod lines;
mod markdown;
mod settle;
pub mod structure;
pub mod text;

use crate::ingest::{Document, Flavour, Span};
use serde::Serialize;
pub use structure::Structure;
pub use text::{Close, Open};

/// What part of a document a fragment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Title page, colophon, other matter before the contents.
    Front,
    /// A table of contents.
    Contents,
    /// The running text.
    Body,
    /// A colophon or other matter after the text.
    Back,
    /// A short scrap with no prose (a date or a name line) that may belong to any part.
    Loose,
}

impl Kind {
    /// Position of the kind in reading order (front matter first).
    pub fn rank(self) -> u8 {
        match self {
            Kind::Front => 0,
            Kind::Contents => 1,
            Kind::Body => 2,
            Kind::Back => 3,
            Kind::Loose => 2,
        }
    }
}

/// A heading found in a fragment.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// Heading text without markup.
    pub text: String,
    /// Markdown level (1 for `#`), or 0 when unknown.
    pub level: u8,
    /// Its number (`II.` gives `[2]`, `A.1.2` gives `[1,1,2]`), when it has one.
    pub number: Option<Vec<u32>>,
}

/// One line of a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct ContentsEntry {
    /// The heading as listed.
    pub title: String,
    /// The page number listed, if readable.
    pub page: Option<u32>,
}

/// One page fragment (or, for unmarked input, a run of blocks between possible page cuts).
#[derive(Debug, Clone, Serialize)]
pub struct Fragment {
    /// Bytes of the input this fragment owns, its trailing blank lines included.
    pub span: Span,
    /// Bytes of its content, without surrounding blank lines.
    pub content: Span,
    /// Front matter, contents or body.
    pub kind: Kind,
    /// How its running text opens.
    pub opens: Open,
    /// How its running text (before any footnote block) closes.
    pub closes: Close,
    /// The word part before a trailing hyphen.
    pub hyphen_stem: Option<String>,
    /// First words of the running text.
    pub first_words: Vec<String>,
    /// Last words of the running text (before notes).
    pub last_words: Vec<String>,
    /// Running text without markup, for word statistics.
    pub body: String,
    /// Marks (emphasis, quotes, parentheses) its running text leaves open at the end.
    pub open_marks: text::Marks,
    /// Marks its running text closes at the start without opening them.
    pub closed_marks: text::Marks,
    /// Footnote reference numbers in the running text, in order.
    pub refs: Vec<u32>,
    /// Numbers of the notes in its footnote block.
    pub notes: Vec<u32>,
    /// The footnote block opens with an unnumbered note continued from the previous page.
    pub notes_continue_in: bool,
    /// The last note ends unfinished (it continues on the next page).
    pub notes_open_at_end: bool,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    /// Contents entries, in order.
    pub contents: Vec<ContentsEntry>,
    /// Printed page number (layout text), arabic or roman.
    pub page_number: Option<u32>,
    /// The printed page number is a roman numeral (front matter).
    pub page_roman: bool,
    /// Running head text, when present.
    pub running_head: Option<String>,
    /// Length in character-equivalents of page space (markup and small print weighted).
    pub length: f64,
    /// The fragment surely starts a page (not a piece of a page cut at a candidate).
    pub starts_page: bool,
    /// The fragment surely ends a page.
    pub ends_page: bool,
    /// Its running text ends with a signature or name line after finished prose
    /// (`Publius`): the piece it signs is over.
    pub signed: bool,
}

impl Fragment {
    pub(crate) fn empty(span: Span, content: Span) -> Self {
        Fragment {
            span,
            content,
            kind: Kind::Body,
            opens: Open::Empty,
            closes: Close::Empty,
            hyphen_stem: None,
            first_words: Vec::new(),
            last_words: Vec::new(),
            body: String::new(),
            open_marks: 0,
            closed_marks: 0,
            refs: Vec::new(),
            notes: Vec::new(),
            notes_continue_in: false,
            notes_open_at_end: false,
            headings: Vec::new(),
            contents: Vec::new(),
            page_number: None,
            page_roman: false,
            running_head: None,
            length: 0.0,
            starts_page: true,
            ends_page: true,
            signed: false,
        }
    }

    /// The last footnote number this fragment shows: its last reference, or failing that its
    /// last note (a note may sit a page after its reference, so references come first).
    pub fn last_note_number(&self) -> Option<u32> {
        self.refs
            .iter()
            .copied()
            .max()
            .or_else(|| self.notes.iter().copied().max())
    }

    /// The first footnote number this fragment shows: its first reference, or its first note.
    pub fn first_note_number(&self) -> Option<u32> {
        self.refs
            .iter()
            .copied()
            .min()
            .or_else(|| self.notes.iter().copied().min())
    }
}

/// A candidate page cut between two fragments that stood next to each other in the input.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StreamLink {
    /// The fragment before the cut.
    pub from: usize,
    /// The fragment after it.
    pub to: usize,
    /// Probability that a page boundary lies here (so `to` need not follow `from`).
    pub p_boundary: f64,
}

/// Counts of how the input's block gaps were judged.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct CutStats {
    /// Gaps that surely are page boundaries.
    pub sure: usize,
    /// Gaps kept as candidate cuts (fragments may be rejoined).
    pub candidate: usize,
    /// Gaps judged to lie inside a page.
    pub inside: usize,
}

/// The result of fragment detection on one document.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The fragments in input order.
    pub fragments: Vec<Fragment>,
    /// Leading bytes of the input that belong to no fragment (blank lines).
    pub prefix: Span,
    /// Candidate cuts between input-adjacent fragments.
    pub links: Vec<StreamLink>,
    /// How the gaps were judged.
    pub cuts: CutStats,
    /// Whether pages were marked in the input.
    pub paged: bool,
    /// Whether unmarked pages were found by their furniture (running heads, page numbers).
    pub by_furniture: bool,
    /// Typical full-page length, in the units of [`Fragment::length`].
    pub page_capacity: f64,
    /// What to put between two fragments whose own text does not end in a separator.
    pub join: String,
    /// What the document says about its own order, read from the fragments.
    pub structure: Structure,
}

impl Analysis {
    /// How the pages were found, for people: marked by the input, found by their furniture
    /// (running heads, page numbers), or cut by the text alone.
    pub fn pages_found(&self) -> &'static str {
        if self.paged {
            "marked by the input"
        } else if self.by_furniture {
            "found by their running heads and page numbers"
        } else {
            "cut by the text alone"
        }
    }

    /// An analysis of `fragments` as pages the input marked (joined by `join`), with their
    /// structure read: the fixture of the later stages' unit tests.
    #[cfg(test)]
    pub(crate) fn of_marked_pages(fragments: Vec<Fragment>, join: &str) -> Analysis {
        Analysis {
            structure: Structure::read(&fragments, &[]),
            fragments,
            prefix: Span::new(0, 0),
            links: Vec::new(),
            cuts: Default::default(),
            paged: true,
            by_furniture: false,
            page_capacity: 1.0,
            join: join.to_string(),
        }
    }
}

/// Words kept from each edge of a fragment's running text ([`Fragment::first_words`],
/// [`Fragment::last_words`]). Chosen by hand (founding commit 68a0589), not fitted.
pub(crate) const EDGE_WORDS: usize = 3;

/// Default for [`FragmentConfig::min_cut_probability`]. Chosen by hand (founding commit
/// 68a0589), not fitted.
const MIN_CUT_PROBABILITY: f64 = 0.03;

/// Smallest page capacity of a paged document (guards the division by it).
/// Chosen by hand (founding commit 68a0589).
const MIN_PAGE_CAPACITY: f64 = 1.0;

/// Form feeds are stray when this share of the pages they cut hold at least
/// [`STRAY_INSIDE`] page starts shown by the furniture away from their own start.
/// Chosen by hand, not fitted.
const STRAY_SHARE: f64 = 0.75;
/// See [`STRAY_SHARE`]. Chosen by hand, not fitted.
const STRAY_INSIDE: usize = 2;
/// ... and when the furniture's numbers are folios (share of them distinct). Chosen by hand,
/// not fitted: front matter numbered in roman and body in arabic figures repeat a few.
const STRAY_DISTINCT: f64 = 0.6;
/// ... and when the furniture shows at least this many pages for each page they cut.
/// Chosen by hand, not fitted.
const STRAY_PAGES_PER_PAGE: usize = 4;
/// A printed page holds at least this many bytes (the markdown reader's bound on page
/// numbers, `CHARS_PER_FOLIO`): form-feed pages too short to hold [`STRAY_PAGES_PER_PAGE`]
/// pages each are not looked at for stray form feeds, which keeps the furniture search off
/// ordinary form-feed input.
const MIN_PAGE_BYTES: usize = 1500;

/// Do the form feeds cut pages that each hold several pages by their furniture?
fn form_feeds_are_stray(text: &str, pages: &[Span], f: &furniture::PageCuts) -> bool {
    let mut holding = 0usize;
    let mut cuts = f.cuts.iter().filter(|c| c.1 >= 1.0).map(|c| c.0).peekable();
    for p in pages {
        let lead = p.of(text).len() - p.of(text).trim_start().len();
        let own_start = p.start + lead;
        let mut inside = 0;
        while let Some(&c) = cuts.peek() {
            if c >= p.end {
                break;
            }
            if c > own_start {
                inside += 1;
            }
            cuts.next();
        }
        holding += usize::from(inside >= STRAY_INSIDE);
    }
    pages.len() >= 2
        && f.distinct >= STRAY_DISTINCT
        && holding as f64 >= STRAY_SHARE * pages.len() as f64
        && f.cuts.len() + 1 >= STRAY_PAGES_PER_PAGE * pages.len()
}

/// Settings for fragment detection.
#[derive(Debug, Clone)]
pub struct FragmentConfig {
    /// Candidate cuts whose boundary probability is below this are not cut at all.
    pub min_cut_probability: f64,
}

impl Default for FragmentConfig {
    fn default() -> Self {
        FragmentConfig {
            min_cut_probability: MIN_CUT_PROBABILITY,
        }
    }
}

/// Detect the page fragments of `doc`.
pub fn analyse(doc: &Document, cfg: &FragmentConfig) -> Analysis {
    // Form feeds mark pages only where they cut the document into pages: a few stray ones
    // in a long unmarked text (a converter's artefact) leave pages that the furniture shows
    // to hold several pages each.
    let stray = doc.pages.as_ref().is_some_and(|pages| {
        doc.page_names.is_empty()
            && doc.pdf.is_none()
            && doc.text.len() >= pages.len() * STRAY_PAGES_PER_PAGE * MIN_PAGE_BYTES
            && furniture::find_pages(&doc.text, doc.flavour == Flavour::Layout)
                .is_some_and(|f| form_feeds_are_stray(&doc.text, pages, &f))
    });
    let pages = if stray { None } else { doc.pages.as_ref() };
    let mut analysis = match pages {
        Some(pages) => {
            let mut frags: Vec<Fragment> = match doc.flavour {
                Flavour::Layout => layout::parse_pages(&doc.text, pages, true),
                Flavour::Markdown => {
                    let mut frags = markdown::parse_pages(&doc.text, pages);
                    settle::settle_markdown_pages(&doc.text, pages, &mut frags);
                    frags
                }
            };
            let signatures =
                doc.flavour == Flavour::Markdown && markdown::signatures_are_rare_in(&doc.text);
            for f in &mut frags {
                f.starts_page = true;
                f.ends_page = true;
                f.signed &= signatures;
            }
            let capacity = median(frags.iter().map(|f| f.length).collect()).max(MIN_PAGE_CAPACITY);
            let join = if doc.page_names.is_empty() {
                "\u{c}".to_string()
            } else {
                "\n\u{c}\n".to_string()
            };
            Analysis {
                cuts: CutStats {
                    sure: frags.len().saturating_sub(1),
                    ..Default::default()
                },
                fragments: frags,
                prefix: Span::new(0, 0),
                links: Vec::new(),
                paged: true,
                by_furniture: false,
                page_capacity: capacity,
                join,
                structure: Structure::default(),
            }
        }
        None => match furniture::find_pages(&doc.text, doc.flavour == Flavour::Layout) {
            Some(cuts) => from_furniture(doc, &cuts),
            None => markdown::segment(&doc.text, cfg),
        },
    };
    kinds::classify_kinds(&mut analysis, &doc.text);
    if analysis.paged {
        kinds::loosen_unnumbered(&mut analysis.fragments);
    }
    analysis.structure = Structure::read(&analysis.fragments, &analysis.links);
    analysis
}

/// Fragments of unmarked input whose pages were found by their furniture: each page read by
/// its flavour's reader, the cuts put into long runs kept as candidates.
fn from_furniture(doc: &Document, pc: &furniture::PageCuts) -> Analysis {
    let text = &doc.text;
    let mut bounds: Vec<usize> = std::iter::once(pc.first)
        .chain(pc.cuts.iter().map(|c| c.0))
        .collect();
    bounds.push(text.len());
    let pages: Vec<Span> = bounds.windows(2).map(|w| Span::new(w[0], w[1])).collect();
    let mut frags: Vec<Fragment> = match doc.flavour {
        Flavour::Layout => layout::parse_pages(text, &pages, false),
        Flavour::Markdown => markdown::parse_pages(text, &pages),
    };
    number_by_furniture(&mut frags, &pc.numbers);
    folio_side::number_by_foot(text, &mut frags);
    let mut links = Vec::new();
    let mut stats = CutStats::default();
    for (i, &(_, p)) in pc.cuts.iter().enumerate() {
        if p >= 1.0 {
            stats.sure += 1;
        } else {
            stats.candidate += 1;
            frags[i].ends_page = false;
            frags[i + 1].starts_page = false;
            links.push(StreamLink {
                from: i,
                to: i + 1,
                p_boundary: p,
            });
        }
    }
    let capacity = median(frags.iter().map(|f| f.length).collect()).max(MIN_PAGE_CAPACITY);
    Analysis {
        cuts: stats,
        fragments: frags,
        prefix: Span::new(0, pc.first),
        links,
        paged: false,
        by_furniture: true,
        page_capacity: capacity,
        join: "\n\n".to_string(),
        structure: Structure::default(),
    }
}

/// Each page's printed number as its furniture shows it: the one number the furniture reads
/// inside the page, where it reads one (a page's reader may take a number of the text, a
/// formula's or a listing's, for it). Where the furniture numbers most pages, a page it shows
/// no number on has none (a chapter opening); where it shows two different numbers, the
/// reader's stands.
fn number_by_furniture(frags: &mut [Fragment], numbers: &[(usize, u32, bool)]) {
    let found: Vec<Option<(u32, bool)>> = frags
        .iter()
        .map(|f| {
            let a = numbers.partition_point(|n| n.0 < f.span.start);
            let b = numbers.partition_point(|n| n.0 < f.span.end);
            let mut v: Vec<(u32, bool)> = numbers[a..b].iter().map(|n| (n.1, n.2)).collect();
            v.sort_unstable();
            v.dedup();
            (v.len() == 1).then(|| v[0])
        })
        .collect();
    let numbered = found.iter().filter(|v| v.is_some()).count();
    let most = numbered as f64 >= FURNITURE_NUMBERS_MOST * frags.len() as f64;
    for (f, v) in frags.iter_mut().zip(found) {
        match v {
            Some((n, roman)) => {
                f.page_number = Some(n);
                f.page_roman = roman;
            }
            None if most && f.page_number.is_some() => {
                let inside = numbers
                    .iter()
                    .any(|n| n.0 >= f.span.start && n.0 < f.span.end);
                if !inside {
                    f.page_number = None;
                    f.page_roman = false;
                }
            }
            None => {}
        }
    }
}

/// Share of pages the furniture must number for a page it shows none on to be taken as
/// unnumbered. Chosen by hand, not fitted.
const FURNITURE_NUMBERS_MOST: f64 = 0.5;

/// Median of a list (0 when empty).
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

pub(crate) use kinds::copyright_notice;
