//! Printed page numbers (layout text): B's number one more than A's is strong evidence, any
//! other pair of numbers weak evidence against — numbers can be misread, missing or restart,
//! so continuity of the text can still overrule them. Only where the numbers run on from page
//! to page: numbers kept on some pages only (a converter that dropped most) say how many pages
//! lie between, which the monotone repair reads for the whole order at once.
//!
//! Where the input marks its pages (form feeds), how far the numbers can be trusted is learned
//! from the document: numbers read once each and whose neighbours are read too form one
//! sequence and weigh up to three times as much, while numbers that conflict (read twice,
//! standing alone) weigh as before; and a page without a number does not close such a document.

use super::{Shared, Signal};
use std::collections::BTreeMap;

/// How much more a printed number weighs in a document whose numbers are all read once and
/// run on (trust 1) than in one where none do (trust 0): the evidence is multiplied by
/// `1 + TRUST_GAIN × trust`. Fitted on the flavours' train documents joined by form feeds
/// (seeds 1–3; see the README's flavour section).
const TRUST_GAIN: f64 = 2.0;

/// Evidence against a page without a number closing a document whose numbers run on, at
/// trust 0 (see [`PageNumber::last`]). Fitted with [`TRUST_GAIN`]: 0.5, 1 and 2 give train
/// adjacency 0.9902, 0.9891 and 0.9883 (0.9781 without).
const CLOSING: f64 = 0.5;

/// See the module documentation.
pub struct PageNumber {
    /// Share of the numbered pages whose number is read once and whose neighbour number is
    /// read too: 1 where the numbers run on without a conflict, lower where they are misread
    /// (a contents page's number taken for a folio, a section number, a number read twice).
    trust: f64,
}

impl PageNumber {
    /// Learn how far the document's printed numbers can be trusted: whether they form one
    /// sequence, each number once.
    pub fn prepare(doc: &Shared) -> Self {
        let mut count: BTreeMap<(bool, u32), usize> = BTreeMap::new();
        for f in doc.fragments().iter().filter(|f| f.starts_page) {
            if let Some(n) = f.page_number {
                *count.entry((f.page_roman, n)).or_default() += 1;
            }
        }
        let numbered: usize = count.values().sum();
        let good = count
            .iter()
            .filter(|&(&(r, n), &c)| {
                c == 1
                    && (count.contains_key(&(r, n + 1))
                        || (n > 0 && count.contains_key(&(r, n - 1)))
                        || (r
                            && count.contains_key(&(false, 1))
                            && !count.contains_key(&(r, n + 1)))
                        || (!r && n == 1 && count.keys().any(|k| k.0)))
            })
            .count();
        let trust = if numbered == 0 {
            0.0
        } else {
            good as f64 / numbered as f64
        };
        PageNumber { trust }
    }
}

impl PageNumber {
    /// How much the numbers weigh: more the more they can be trusted, where the input marks
    /// its pages (fitted there; unmarked input keeps the weights fitted on it).
    fn scale(&self, doc: &Shared) -> f64 {
        if doc.analysis.paged {
            1.0 + TRUST_GAIN * self.trust
        } else {
            1.0
        }
    }
}

impl Signal for PageNumber {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        if !doc.structure().pages_run_on {
            return 0.0;
        }
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        let scale = self.scale(doc);
        let base = match (fa.page_number, fb.page_number) {
            (Some(x), Some(y)) if fa.page_roman == fb.page_roman => {
                if y == x + 1 {
                    4.0
                } else if y == x && doc.analysis.paged {
                    // One number read on two pages the input marks: one of them is misread
                    // (or misprinted), and neither can say it does not stand beside the
                    // other. Not where fragments were cut by the text (blank lines): there
                    // -3 stays, which the flavours' train documents joined by blank lines
                    // prefer (0.7987 against 0.7956 with 0).
                    0.0
                } else if y > x && y <= x + 3 {
                    -1.5
                } else {
                    -3.0
                }
            }
            (Some(_), Some(y)) => {
                // Roman front matter runs into arabic page 1.
                if fa.page_roman && y == 1 {
                    3.0
                } else if fa.page_roman {
                    -0.5
                } else {
                    -3.0
                }
            }
            _ => 0.0,
        };
        base * scale
    }

    /// A page without a number closing a document whose pages carry numbers that run on: the
    /// unnumbered pages of a numbered document are its opening ones (title, copyright).
    fn last(&self, doc: &Shared, a: usize) -> f64 {
        let f = &doc.fragments()[a];
        // Without page marks only a loose scrap is surely a page of its own (a title page):
        // any other unnumbered fragment may be a piece of a numbered page.
        let own_page = if doc.analysis.paged {
            f.starts_page
        } else {
            f.kind == crate::fragment::Kind::Loose
        };
        if !doc.structure().pages_run_on || f.page_number.is_some() || !own_page {
            return 0.0;
        }
        -CLOSING * self.scale(doc)
    }

    fn first(&self, doc: &Shared, a: usize) -> f64 {
        let f = &doc.fragments()[a];
        match f.page_number {
            Some(1) => 1.0,
            Some(n) if f.page_roman && n <= 2 => 1.0,
            Some(_) => -1.0,
            None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fragment::{Analysis, Fragment};
    use crate::ingest::Span;

    fn analysis(numbers: &[u32]) -> Analysis {
        let fragments: Vec<Fragment> = numbers
            .iter()
            .map(|&p| {
                let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
                f.page_number = Some(p);
                f
            })
            .collect();
        Analysis::of_marked_pages(fragments, "\n")
    }

    #[test]
    fn only_numbers_that_run_on_score_pairs() {
        // Every page numbered: 2 after 1 is strong evidence.
        let all = analysis(&[1, 2, 3, 4]);
        let ctx = Shared::new(&all);
        let p = PageNumber::prepare(&ctx);
        assert!(p.pair(&ctx, 0, 1) > 3.0);
        assert!(p.pair(&ctx, 1, 0) < 0.0);
        // Odd pages only: the numbers say how many pages lie between, which the monotone
        // repair reads; no pair of them stands next to each other.
        let some = analysis(&[23, 25, 27, 29]);
        let ctx = Shared::new(&some);
        assert_eq!(PageNumber::prepare(&ctx).pair(&ctx, 0, 1), 0.0);
    }

    #[test]
    fn one_number_read_on_two_pages_says_nothing_about_them_standing_together() {
        // The AMS-TeX guide prints 28 on two pages running on: neither is held apart from
        // the other (an unnumbered page slipped between them cost nothing before).
        let twice = analysis(&[27, 28, 28, 29]);
        let ctx = Shared::new(&twice);
        let p = PageNumber::prepare(&ctx);
        assert_eq!(p.pair(&ctx, 1, 2), 0.0);
        assert!(p.pair(&ctx, 0, 1) > 3.0 && p.pair(&ctx, 2, 3) > 3.0);
        assert!(p.pair(&ctx, 3, 0) < 0.0);
    }
}
