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
}
