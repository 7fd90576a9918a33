//! Printed page numbers (layout text): B's number one more than A's is strong evidence, any
//! other pair of numbers weak evidence against — numbers can be misread, missing or restart,
//! so continuity of the text can still overrule them. Only where the numbers run on from page
//! to page: numbers kept on some pages only (a converter that dropped most) say how many pages
//! lie between, which the monotone repair reads for the whole order at once.

use super::{Shared, Signal};

/// See the module documentation.
pub struct PageNumber;

impl PageNumber {
    /// Nothing to learn: whether printed numbers run on comes with the document's structure.
    pub fn prepare(_doc: &Shared) -> Self {
        PageNumber
    }
}

impl Signal for PageNumber {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        if !doc.structure().pages_run_on {
            return 0.0;
        }
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        match (fa.page_number, fb.page_number) {
            (Some(x), Some(y)) if fa.page_roman == fb.page_roman => {
                if y == x + 1 {
                    4.0
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
        }
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
        Analysis {
            structure: crate::fragment::Structure::read(&fragments, &[]),
            fragments,
            prefix: Span::new(0, 0),
            links: Vec::new(),
            cuts: Default::default(),
            paged: true,
            by_furniture: false,
            page_capacity: 1.0,
            join: "\n".to_string(),
        }
    }

    #[test]
    fn only_numbers_that_run_on_score_pairs() {
        // Every page numbered: 2 after 1 is strong evidence.
        let all = analysis(&[1, 2, 3, 4]);
        let ctx = Shared::new(&all);
        assert!(PageNumber.pair(&ctx, 0, 1) > 3.0);
        assert!(PageNumber.pair(&ctx, 1, 0) < 0.0);
        // Odd pages only: the numbers say how many pages lie between, which the monotone
        // repair reads; no pair of them stands next to each other.
        let some = analysis(&[23, 25, 27, 29]);
        let ctx = Shared::new(&some);
        assert_eq!(PageNumber.pair(&ctx, 0, 1), 0.0);
    }
}
