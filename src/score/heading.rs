//! Headings against the contents and their own numbering: B's first heading should be the
//! one the contents lists right after A's last heading, and numbered headings run on
//! (`II.` after `I.`, `A.1.3` after `A.1.2`).

use super::{Shared, Signal};

/// See the module documentation.
pub struct HeadingOrder;

impl HeadingOrder {
    /// Nothing to learn: the contents come with the document's structure.
    pub fn prepare(_doc: &Shared) -> Self {
        HeadingOrder
    }
}

/// How well numbered heading `b` follows numbered heading `a`.
fn number_step(a: &[u32], b: &[u32]) -> f64 {
    let common = a.len().min(b.len());
    if a.len() == b.len() {
        if a[..common - 1] == b[..common - 1] {
            let (x, y) = (a[common - 1], b[common - 1]);
            return if y == x + 1 {
                2.0
            } else if y <= x {
                -2.5
            } else {
                -1.0
            };
        }
        return if b > a { -0.5 } else { -2.0 };
    }
    if b.len() > a.len() {
        // Going deeper: a.1 after a.
        if b[..a.len()] == *a && b[a.len()..].iter().all(|&v| v == 1) {
            return 1.5;
        }
    } else if b[..common - 1] == a[..common - 1] && b[common - 1] == a[common - 1] + 1 {
        // Back up a level: 2 after 1.4.
        return 1.5;
    }
    if b > a {
        -0.5
    } else {
        -2.0
    }
}

impl Signal for HeadingOrder {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        if let (Some((_, last_a)), Some((first_b, _))) =
            (doc.structure().listed[a], doc.structure().listed[b])
        {
            if first_b <= last_a {
                return -3.0;
            }
            // With page numbers in the contents, the pages between two headings are known.
            let pages = (
                doc.structure().contents.page(last_a),
                doc.structure().contents.page(first_b),
            );
            // Consecutive pages say B follows A only if A ends its page and B starts one.
            let whole = doc.fragments()[a].ends_page && doc.fragments()[b].starts_page;
            if let (Some(pa), Some(pb)) = pages {
                return if pb == pa + 1 {
                    if whole {
                        2.0
                    } else {
                        0.0
                    }
                } else if pb == pa {
                    0.5
                } else {
                    -3.0
                };
            }
            return if first_b == last_a + 1 { 1.0 } else { -1.0 };
        }
        let (fa, fb) = (&doc.fragments()[a], &doc.fragments()[b]);
        let last_a = fa.headings.iter().rev().find_map(|h| h.number.as_ref());
        let first_b = fb.headings.iter().find_map(|h| h.number.as_ref());
        match (last_a, first_b) {
            (Some(x), Some(y)) => number_step(x, y),
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::number_step;

    #[test]
    fn numbering_runs_on() {
        assert!(number_step(&[2], &[3]) > 0.0);
        assert!(number_step(&[3], &[2]) < 0.0);
        assert!(number_step(&[1, 1, 2], &[1, 1, 3]) > 0.0);
        assert!(number_step(&[1, 1], &[1, 1, 1]) > 0.0);
        assert!(number_step(&[1, 4], &[2]) > 0.0);
        assert!(number_step(&[1, 4], &[1, 2]) < 0.0);
    }
}
