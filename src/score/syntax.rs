//! Grammar across the cut: when A stops mid-sentence, how likely are the word classes B opens
//! with after the classes A closes with ("the fostering influence | of commerce" against
//! "an adequate | of commerce"), by a trigram model of the document's own class sequences
//! ([`super::wordclass`]). Complements `vocab`, whose word trigrams are too sparse to have
//! seen most junctions.

use super::wordclass::ClassModel;
use super::{Shared, Signal};
use crate::fragment::{Close, Open};

/// See the module documentation.
pub struct Syntax {
    /// Trigram model of the document's word classes, with each fragment's edge classes.
    classes: ClassModel,
}

impl Syntax {
    /// Learn the document's word-class sequences.
    pub fn prepare(doc: &Shared) -> Self {
        Syntax {
            classes: ClassModel::new(doc.fragments()),
        }
    }
}

impl Signal for Syntax {
    fn pair(&self, doc: &Shared, a: usize, b: usize) -> f64 {
        if !matches!(doc.fragments()[a].closes, Close::Mid)
            || doc.fragments()[b].opens != Open::Continuation
        {
            return 0.0;
        }
        (self.classes.junction(a, b) * WEIGHT).clamp(-2.0, 2.0)
    }
}

/// Scale of the class-model evidence (calibrated on the bench, not per document).
const WEIGHT: f64 = 0.5;
