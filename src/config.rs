//! Everything a run can be told, gathered in one place so the binary only has to turn
//! command-line arguments into a [`Config`].

use crate::error::{Error, Result};
use crate::fragment::FragmentConfig;
use crate::ingest::Limits;
use crate::score::ScoreConfig;

/// Settings for one restore.
#[derive(Debug, Clone)]
pub struct Config {
    /// Fragment detection settings.
    pub fragment: FragmentConfig,
    /// Signal weights.
    pub score: ScoreConfig,
    /// Largest number of fragments solved exactly (Held–Karp); above it, local search.
    pub exact_limit: usize,
    /// Seed for the local search's random kicks.
    pub seed: u64,
    /// Input limits.
    pub limits: Limits,
    /// Leave copies of a page out of the output (see [`crate::sets`]): the text is then no
    /// longer every input byte once.
    pub drop_duplicates: bool,
}

/// The largest magnitude a signal weight may have. The calibrated weights are between 0.25
/// and 1.5; a weight of 100 already lets one signal outvote all the others together, and
/// anything larger (or NaN, or an infinity) only breaks the arithmetic of the search.
pub const MAX_WEIGHT: f64 = 100.0;

impl Config {
    /// Check the settings a caller can get wrong: every signal weight a finite number within
    /// ±[`MAX_WEIGHT`]. [`crate::restore`] calls this, so no weight reaches the solver
    /// unchecked.
    pub fn validate(&self) -> Result<()> {
        for (signal, &value) in &self.score.weights {
            if !value.is_finite() || value.abs() > MAX_WEIGHT {
                return Err(Error::Weight {
                    signal: signal.clone(),
                    value,
                    max: MAX_WEIGHT,
                });
            }
        }
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fragment: FragmentConfig::default(),
            score: ScoreConfig::default(),
            exact_limit: 13,
            seed: 0,
            limits: Limits::default(),
            drop_duplicates: false,
        }
    }
}
