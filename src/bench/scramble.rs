//! Scrambling documents of known page order: shuffle pages with a named seeded generator
//! (ChaCha8, the same bytes on every machine) and join them the way a scraper would.

use super::source::Join;
use crate::error::{Error, Result};
use crate::ingest::{split_form_feeds, Format, Span};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A document whose true page order is known.
#[derive(Debug, Clone)]
pub struct KnownDoc {
    /// Identifier (folder or file name).
    pub id: String,
    /// Pages in true order, exactly as they will be joined.
    pub pages: Vec<String>,
    /// Which flavour the pages are.
    pub format: Format,
    /// For a PDF document: the file itself (its pages are what gets shuffled).
    pub pdf: Option<std::sync::Arc<Vec<u8>>>,
}

/// What a scramble did: enough to score any restore of it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Truth {
    /// Document id.
    pub id: String,
    /// Seed used.
    pub seed: u64,
    /// `md` or `txt`.
    pub format: Format,
    /// For each position in the scrambled text, the true page index there.
    pub order: Vec<usize>,
    /// For each position in the scrambled text, the page's byte span (content only).
    pub spans: Vec<Span>,
    /// With `--drop`: the pages of the original document left out (0-based, original
    /// numbering). `order` numbers the pages kept, 0 to n−1 in their true order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<usize>,
    /// With `--drop`: where the pages were lost, as the true pages (kept numbering) around
    /// each gap; `before` is null when the document's end was lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    /// With `--duplicate`: each page present twice, `[page, copy]` in the numbering of
    /// `order`, the copy counted as the page right after its original. Of two copies the one
    /// earlier in the scrambled input is the original.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<[usize; 2]>,
    /// With `--mix`: the documents whose pages were interleaved, each with its range of true
    /// pages in `order`'s numbering.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Part>,
}

/// Where pages were lost: between two true pages, or at the end (`before` null).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Gap {
    /// The page before the gap.
    pub after: usize,
    /// The page after it, if any.
    pub before: Option<usize>,
}

/// One document of a mixed set: its id and its true pages `start..end`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Part {
    /// Document id.
    pub id: String,
    /// First true page.
    pub start: usize,
    /// One past the last.
    pub end: usize,
}

/// What to do to a document's pages before shuffling them, as a real page set would be
/// damaged: pages lost, pages fed twice, a second document's pages mixed in.
#[derive(Debug, Clone, Default)]
pub struct Damage {
    /// Pages to leave out (never the first: a gap needs a page before it).
    pub drop: usize,
    /// Pages to put in twice (each copy byte for byte).
    pub duplicate: usize,
    /// A second document whose pages are interleaved with the first's.
    pub mix: Option<KnownDoc>,
}

impl Damage {
    /// True when nothing is done.
    pub fn is_none(&self) -> bool {
        self.drop == 0 && self.duplicate == 0 && self.mix.is_none()
    }
}

/// What [`damage`] did, in the numbering of the damaged page list.
#[derive(Debug, Clone, Default)]
struct Done {
    dropped: Vec<usize>,
    gaps: Vec<Gap>,
    duplicates: Vec<[usize; 2]>,
    documents: Vec<Part>,
}

/// Pick `k` distinct pages of `doc` with text out of `from`, by the seed.
fn pick(
    doc: &KnownDoc,
    from: std::ops::Range<usize>,
    k: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let mut candidates: Vec<usize> = from.filter(|&p| !doc.pages[p].trim().is_empty()).collect();
    let mut out = Vec::new();
    while out.len() < k && !candidates.is_empty() {
        let i = rng.random_range(0..candidates.len() as u64) as usize;
        out.push(candidates.swap_remove(i));
    }
    out.sort_unstable();
    out
}

/// Damage `doc`'s pages as `what` says, with draws from `seed`: the damaged document (pages in
/// their true order) and what was done.
fn damage(doc: &KnownDoc, seed: u64, what: &Damage) -> Result<(KnownDoc, Done)> {
    let n = doc.pages.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xDA4A_6E00_5E75);
    let mut done = Done::default();
    let mut out = doc.clone();
    if let Some(other) = &what.mix {
        if what.drop > 0 || what.duplicate > 0 {
            return Err(Error::Usage(
                "mixing documents does not combine with dropping or duplicating pages".into(),
            ));
        }
        if other.format != doc.format {
            return Err(Error::Usage(format!(
                "{} and {} are not pages of one format",
                doc.id, other.id
            )));
        }
        out.pages.extend(other.pages.iter().cloned());
        out.id = format!("{}+{}", doc.id, other.id);
        done.documents = vec![
            Part {
                id: doc.id.clone(),
                start: 0,
                end: n,
            },
            Part {
                id: other.id.clone(),
                start: n,
                end: n + other.pages.len(),
            },
        ];
        return Ok((out, done));
    }
    if what.drop + 2 > n && what.drop > 0 {
        return Err(Error::Usage(format!(
            "{}: {} pages; dropping {} would leave fewer than two",
            doc.id, n, what.drop
        )));
    }
    let dropped = pick(doc, 1..n, what.drop, &mut rng);
    let kept: Vec<usize> = (0..n).filter(|p| !dropped.contains(p)).collect();
    for (k, w) in kept.windows(2).enumerate() {
        if w[1] > w[0] + 1 {
            done.gaps.push(Gap {
                after: k,
                before: Some(k + 1),
            });
        }
    }
    if kept.last().is_some_and(|&l| l + 1 < n) {
        done.gaps.push(Gap {
            after: kept.len() - 1,
            before: None,
        });
    }
    done.dropped = dropped;
    out.pages = kept.iter().map(|&p| doc.pages[p].clone()).collect();
    if what.duplicate > 0 {
        let kept_doc = out.clone();
        let twice = pick(&kept_doc, 0..kept_doc.pages.len(), what.duplicate, &mut rng);
        out.pages.clear();
        // Page numbers after copies move up by one per copy before them.
        let mut new_index = Vec::with_capacity(kept_doc.pages.len());
        for (p, page) in kept_doc.pages.iter().enumerate() {
            new_index.push(out.pages.len());
            out.pages.push(page.clone());
            if twice.contains(&p) {
                done.duplicates.push([out.pages.len() - 1, out.pages.len()]);
                out.pages.push(page.clone());
            }
        }
        for g in &mut done.gaps {
            // A gap after a copied page follows its copy.
            g.after = new_index[g.after] + usize::from(twice.contains(&g.after));
            g.before = g.before.map(|b| new_index[b]);
        }
    }
    Ok((out, done))
}

/// Damage `doc` as `what` says, then shuffle and join it like [`scramble_joined`]; the truth
/// records what was done.
pub fn scramble_damaged(
    doc: &KnownDoc,
    seed: u64,
    keep_front: usize,
    join: Join,
    what: &Damage,
) -> Result<Scrambled> {
    if what.is_none() {
        return Ok(scramble_joined(doc, seed, keep_front, join));
    }
    let (damaged, done) = damage(doc, seed, what)?;
    let mut s = scramble_joined(&damaged, seed, keep_front, join);
    // Of two copies the earlier in the input is the original: the copies are the same text,
    // so which is which is only a name, and a restore keeps input order between them.
    for &[a, b] in &done.duplicates {
        let at = |p: usize| s.truth.order.iter().position(|&x| x == p);
        if let (Some(pa), Some(pb)) = (at(a), at(b)) {
            if pb < pa {
                // Spans belong to positions: only the names change places.
                s.truth.order.swap(pa, pb);
            }
        }
    }
    s.truth.id = doc.id.clone();
    s.truth.dropped = done.dropped;
    s.truth.gaps = done.gaps;
    s.truth.duplicates = done.duplicates;
    s.truth.documents = done.documents;
    Ok(s)
}

/// A scrambled document and its truth.
#[derive(Debug, Clone)]
pub struct Scrambled {
    /// The joined text.
    pub text: String,
    /// The truth.
    pub truth: Truth,
}

/// Split markdown pages on form-feed lines (`\n\f\n`), keeping each page's content. A page
/// without text inside the document is kept (it is a page, though nothing can place it); the
/// blank rest after the last form feed is not a page.
pub fn split_md_pages(text: &str) -> Vec<String> {
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| {
            let p = p.strip_prefix('\n').unwrap_or(p);
            p.strip_suffix('\n').unwrap_or(p).to_string()
        })
        .collect();
    while pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Load a document of known order: a corpus folder (`pages.md` / `pages.txt`), a form-feed
/// file, or a directory of page files (sorted by name: their true order).
pub fn load_known(path: &Path, format: Format) -> Result<KnownDoc> {
    let id = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let read = |p: &Path| -> Result<String> {
        let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
        crate::ingest::decode(&p.display().to_string(), bytes)
    };
    if format == Format::Pdf {
        let file = if path.is_dir() {
            path.join("doc.pdf")
        } else {
            path.to_path_buf()
        };
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        let doc = crate::ingest::pdf::read(&file.display().to_string(), bytes)?;
        let pages = doc
            .pages
            .as_ref()
            .map(|ps| ps.iter().map(|s| s.of(&doc.text).to_string()).collect())
            .unwrap_or_default();
        return Ok(KnownDoc {
            id,
            pages,
            format,
            pdf: doc.pdf.clone(),
        });
    }
    if path.is_dir() {
        let md = path.join("pages.md");
        let txt = path.join("pages.txt");
        match format {
            Format::Md if md.exists() => {
                return Ok(KnownDoc {
                    id,
                    pages: split_md_pages(&read(&md)?),
                    format,
                    pdf: None,
                })
            }
            Format::Txt if txt.exists() => {
                let t = read(&txt)?;
                let pages = split_form_feeds(&t)
                    .into_iter()
                    .map(|s| s.of(&t).to_string())
                    .collect();
                return Ok(KnownDoc {
                    id,
                    pages,
                    format,
                    pdf: None,
                });
            }
            _ => {}
        }
        // A directory of page files, in name order.
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::Corpus(format!(
                "{}: no pages.{} and no page files (a corpus document is a folder with pages.md or pages.txt)",
                path.display(),
                if format == Format::Txt { "txt" } else { "md" }
            )));
        }
        let pages = files.iter().map(|f| read(f)).collect::<Result<Vec<_>>>()?;
        return Ok(KnownDoc {
            id,
            pages,
            format,
            pdf: None,
        });
    }
    let t = read(path)?;
    let pages = match format {
        Format::Txt => split_form_feeds(&t)
            .into_iter()
            .map(|s| s.of(&t).to_string())
            .collect(),
        _ => split_md_pages(&t),
    };
    Ok(KnownDoc {
        id,
        pages,
        format,
        pdf: None,
    })
}

/// Shuffle a PDF's pages: the scrambled file, and the truth about it.
pub fn scramble_pdf(doc: &KnownDoc, seed: u64, keep_front: usize) -> Result<(Vec<u8>, Truth)> {
    let bytes = doc
        .pdf
        .as_ref()
        .ok_or_else(|| Error::Usage(format!("{}: not a PDF document", doc.id)))?;
    let order = permutation(doc.pages.len(), seed, keep_front);
    let out = crate::output::pdf::reorder(&doc.id, bytes, &order)?;
    Ok((
        out,
        Truth {
            id: doc.id.clone(),
            seed,
            format: Format::Pdf,
            order,
            spans: Vec::new(),
            dropped: Vec::new(),
            gaps: Vec::new(),
            duplicates: Vec::new(),
            documents: Vec::new(),
        },
    ))
}

/// Shuffle `n` indices with Fisher–Yates on ChaCha8 (portable: draws are u64).
pub fn permutation(n: usize, seed: u64, keep_front: usize) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut p: Vec<usize> = (0..n).collect();
    let k = keep_front.min(n);
    let tail = &mut p[k..];
    for i in (1..tail.len()).rev() {
        let j = rng.random_range(0..=i as u64) as usize;
        tail.swap(i, j);
    }
    p
}

/// Shuffle and join `doc`'s pages the way its format implies: markdown with 1–3 blank lines
/// between pages and no markers; text with each page ending in a form feed.
pub fn scramble(doc: &KnownDoc, seed: u64, keep_front: usize) -> Scrambled {
    scramble_joined(doc, seed, keep_front, Join::default_for(doc.format))
}

/// Shuffle `doc`'s pages and join them with `join`, whatever file they came from: pages
/// joined by blank lines lose a form feed that ends them; pages joined by form feeds get one.
pub fn scramble_joined(doc: &KnownDoc, seed: u64, keep_front: usize, join: Join) -> Scrambled {
    let order = permutation(doc.pages.len(), seed, keep_front);
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xB1A5);
    let mut text = String::new();
    let mut spans = Vec::with_capacity(order.len());
    for (pos, &p) in order.iter().enumerate() {
        let page = &doc.pages[p];
        match join {
            Join::Formfeed => {
                let start = text.len();
                text.push_str(page);
                if !page.ends_with('\u{c}') {
                    text.push('\u{c}');
                }
                spans.push(Span::new(start, start + page.len()));
            }
            Join::Blank => {
                let page = page.strip_suffix('\u{c}').unwrap_or(page);
                let page = page.trim_end_matches('\n');
                if pos > 0 {
                    let blank = rng.random_range(1..=3u64);
                    text.push('\n');
                    for _ in 0..blank {
                        text.push('\n');
                    }
                }
                let start = text.len();
                text.push_str(page);
                spans.push(Span::new(start, text.len()));
            }
        }
    }
    if join == Join::Blank {
        text.push('\n');
    }
    Scrambled {
        text,
        truth: Truth {
            id: doc.id.clone(),
            seed,
            format: if join == Join::default_for(doc.format) {
                doc.format
            } else {
                join.format()
            },
            order,
            spans,
            dropped: Vec::new(),
            gaps: Vec::new(),
            duplicates: Vec::new(),
            documents: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_permutation_and_all_pages_present() {
        let a = permutation(50, 9, 0);
        assert_eq!(a, permutation(50, 9, 0));
        assert_ne!(a, permutation(50, 10, 0));
        let mut s = a.clone();
        s.sort_unstable();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
        assert_eq!(&permutation(10, 3, 2)[..2], &[0, 1]);
    }

    #[test]
    fn scrambled_markdown_holds_every_page_once() {
        let doc = KnownDoc {
            id: "t".into(),
            pages: vec!["one".into(), "two".into(), "three".into(), "four".into()],
            format: Format::Md,
            pdf: None,
        };
        let s = scramble(&doc, 1, 0);
        for (pos, &p) in s.truth.order.iter().enumerate() {
            assert_eq!(s.truth.spans[pos].of(&s.text), doc.pages[p]);
        }
        assert!(!s.text.contains('\u{c}'));
    }

    #[test]
    fn any_pages_join_either_way_and_blank_pages_inside_are_kept() {
        let pages = split_md_pages("one\n\u{c}\n\u{c}\nthree\u{c}\n");
        assert_eq!(pages, vec!["one", "", "three"]);
        let doc = KnownDoc {
            id: "t".into(),
            pages: vec!["one\u{c}".into(), "two\u{c}".into(), "three\u{c}".into()],
            format: Format::Txt,
            pdf: None,
        };
        let blank = scramble_joined(&doc, 4, 0, Join::Blank);
        assert!(!blank.text.contains('\u{c}'));
        assert_eq!(blank.truth.format, Format::Md);
        let ff = scramble_joined(&doc, 4, 0, Join::Formfeed);
        assert_eq!(ff.text.matches('\u{c}').count(), 3);
        assert_eq!(ff.text, scramble(&doc, 4, 0).text);
        for s in [&blank, &ff] {
            for (pos, &p) in s.truth.order.iter().enumerate() {
                let got = s.truth.spans[pos].of(&s.text).trim_end_matches('\u{c}');
                assert_eq!(got, doc.pages[p].trim_end_matches('\u{c}'));
            }
        }
    }

    fn pages(n: usize) -> KnownDoc {
        KnownDoc {
            id: "t".into(),
            pages: (0..n).map(|i| format!("page {i}\u{c}")).collect(),
            format: Format::Txt,
            pdf: None,
        }
    }

    #[test]
    fn dropped_pages_leave_gaps_between_their_neighbours() {
        let doc = pages(10);
        let what = Damage {
            drop: 2,
            ..Damage::default()
        };
        let s = scramble_damaged(&doc, 5, 0, Join::Formfeed, &what).unwrap();
        let t = &s.truth;
        assert_eq!(t.dropped.len(), 2);
        assert!(!t.dropped.contains(&0));
        assert_eq!(t.order.len(), 8);
        assert_eq!(s.text.matches('\u{c}').count(), 8);
        for d in &t.dropped {
            assert!(!s.text.contains(&format!("page {d}\u{c}")));
        }
        // Each gap's pages are the kept pages around a dropped one.
        let kept: Vec<usize> = (0..10).filter(|p| !t.dropped.contains(p)).collect();
        for g in &t.gaps {
            let before = g.before.map_or(10, |b| kept[b]);
            assert!(before > kept[g.after] + 1);
        }
        assert_eq!(
            s.text,
            scramble_damaged(&doc, 5, 0, Join::Formfeed, &what)
                .unwrap()
                .text
        );
    }

    #[test]
    fn a_duplicated_page_is_its_own_successor_and_the_earlier_copy_comes_first() {
        let doc = pages(6);
        let what = Damage {
            duplicate: 1,
            ..Damage::default()
        };
        for seed in 1..6 {
            let s = scramble_damaged(&doc, seed, 0, Join::Formfeed, &what).unwrap();
            let t = &s.truth;
            assert_eq!(t.order.len(), 7);
            let [a, b] = t.duplicates[0];
            assert_eq!(b, a + 1);
            let at = |p: usize| t.order.iter().position(|&x| x == p).unwrap();
            assert!(at(a) < at(b));
            assert_eq!(t.spans[at(a)].of(&s.text), t.spans[at(b)].of(&s.text));
        }
    }

    #[test]
    fn a_mixed_set_holds_both_documents_pages_once() {
        let doc = pages(4);
        let mut other = pages(3);
        other.id = "u".into();
        other.pages = vec![
            "other a\u{c}".into(),
            "other b\u{c}".into(),
            "other c\u{c}".into(),
        ];
        let what = Damage {
            mix: Some(other),
            ..Damage::default()
        };
        let s = scramble_damaged(&doc, 2, 0, Join::Formfeed, &what).unwrap();
        assert_eq!(s.truth.order.len(), 7);
        assert_eq!(s.truth.documents.len(), 2);
        assert_eq!(
            (s.truth.documents[1].start, s.truth.documents[1].end),
            (4, 7)
        );
        assert!(s.text.contains("other b"));
    }
}
