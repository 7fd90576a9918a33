//! Front matter, contents, body and back matter in that order: a title page opens the
//! document, the contents follow, the body comes after, a colophon closes it; going back is
//! heavily penalised.

use super::{Shared, Signal};
use crate::fragment::{Kind, Open};

/// See the module documentation.
pub struct Matter;

impl Matter {
    /// Nothing to learn: the kinds of matter come with the fragments.
    pub fn prepare(_doc: &Shared) -> Self {
        Matter
    }
}

impl Signal for Matter {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        let (ka, kb) = (doc.fragments()[a].kind, doc.fragments()[b].kind);
        if ka == Kind::Loose || kb == Kind::Loose {
            0.0
        } else if kb.rank() < ka.rank() {
            -8.0
        } else if ka == Kind::Contents && kb == Kind::Contents {
            // Contents pages in order of the page numbers they list.
            let last_a = doc.fragments()[a]
                .contents
                .iter()
                .rev()
                .find_map(|c| c.page);
            let first_b = doc.fragments()[b].contents.iter().find_map(|c| c.page);
            match (last_a, first_b) {
                (Some(x), Some(y)) if y >= x => 1.0,
                (Some(_), Some(_)) => -2.0,
                _ => 0.0,
            }
        } else if ka != Kind::Body && kb == Kind::Body {
            // The text proper opens with a heading far more often than not.
            match doc.fragments()[b].opens {
                Open::Heading => 2.0,
                Open::Continuation => -2.0,
                _ => 0.0,
            }
        } else {
            0.0
        }
    }

    fn first(&self, doc: &Shared, a: usize) -> f64 {
        let f = &doc.fragments()[a];
        match f.kind {
            Kind::Front => {
                if f.headings.iter().any(|h| h.level == 1) {
                    3.0
                } else if crate::fragment::copyright_notice(&f.body) {
                    // A copyright page: set on the title page's back, after it.
                    1.0
                } else {
                    2.0
                }
            }
            Kind::Contents => 1.0,
            Kind::Body => 0.0,
            Kind::Back => -3.0,
            // Unnumbered pages outside a run of printed numbers stand before it far more often
            // than after it (title pages, a title page with its abstract, a preface), as
            // strongly as a page printed 1 opens (`pagenum`'s first page). Chosen by hand, not
            // fitted.
            Kind::Loose => 1.5,
        }
    }

    fn last(&self, doc: &Shared, a: usize) -> f64 {
        let f = &doc.fragments()[a];
        match f.kind {
            Kind::Back => 1.0,
            Kind::Front | Kind::Contents => -4.0,
            // A page left loose (unnumbered among numbered pages, more of them than the
            // numbers' gaps hold) may stand before the run or after it: its fill says nothing
            // of a text's end (a title page is short too).
            Kind::Loose => 0.0,
            Kind::Body => {
                // A text usually ends part-way down its last page; a full page rarely ends it.
                let fill = f.length / doc.analysis.page_capacity.max(1.0);
                if f.ends_page && fill > 0.9 {
                    -1.0
                } else if f.ends_page && fill < 0.7 {
                    0.5
                } else {
                    0.0
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fragment::{Analysis, Fragment};
    use crate::ingest::Span;

    #[test]
    fn a_title_page_opens_before_its_copyright_page() {
        // R's manuals and Asymptote's (train and validation kind): a title page, then the
        // copyright notice on its back, both front matter.
        let page = |body: &str| {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.kind = Kind::Front;
            f.body = body.to_string();
            f
        };
        let a = Analysis::of_marked_pages(
            vec![
                page("Asymptote: the Vector Graphics Language\nFor version 2.85"),
                page("This file documents Asymptote.\nCopyright c 2004-23 Andy Hammerlindl."),
            ],
            "\n",
        );
        let ctx = Shared::new(&a);
        let m = Matter::prepare(&ctx);
        assert!(m.first(&ctx, 0) > m.first(&ctx, 1));
        assert!(m.first(&ctx, 1) > 0.0 && m.last(&ctx, 1) < 0.0);
    }

    #[test]
    fn a_loose_page_opens_before_it_closes() {
        // PARI's tutorial (pari-doc, a held-out check): its title page, unnumbered before a run
        // of pages printed 4 to 60, is left loose and belongs before the run.
        let page = |kind: Kind, body: &str| {
            let mut f = Fragment::empty(Span::new(0, 0), Span::new(0, 0));
            f.kind = kind;
            f.body = body.to_string();
            f.length = body.len() as f64;
            f
        };
        let a = Analysis::of_marked_pages(
            vec![
                page(
                    Kind::Loose,
                    "A Tutorial for PARI / GP (version 2.15.2) The PARI Group",
                ),
                page(
                    Kind::Body,
                    "This booklet is a guided tour and a tutorial to the GP calculator.",
                ),
            ],
            "\n",
        );
        let ctx = Shared::new(&a);
        let m = Matter::prepare(&ctx);
        assert!(m.first(&ctx, 0) > m.first(&ctx, 1));
        assert!(m.first(&ctx, 0) > m.last(&ctx, 0));
    }
}
