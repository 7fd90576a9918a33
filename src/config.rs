//! Everything a run can be told, gathered in one place so the binary only has to turn
//! command-line arguments into a [`Config`].

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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fragment: FragmentConfig::default(),
            score: ScoreConfig::default(),
            exact_limit: 13,
            seed: 0,
            limits: Limits::default(),
        }
    }
}
