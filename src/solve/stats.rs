//! What one solve did: wall time per step and the counts of work that drive it (moves,
//! kicks, repairs), so that cost can be read as work done rather than as seconds alone.

use std::time::Duration;

/// The work of one [`solve`](super::solve), filled in as it runs. The counts are the same on
/// every machine and thread count; the durations are wall time and are not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SolveStats {
    /// Wall time of the path search (exact or local).
    pub path: Duration,
    /// Wall time of putting sections in order, with its polish.
    pub sections: Duration,
    /// Wall time of the monotone repair (both runs when there are two).
    pub repair: Duration,
    /// Wall time of the junction margins.
    pub margins: Duration,
    /// True when the path was solved exactly (Held–Karp).
    pub exact: bool,
    /// Or-opt sweeps over the order (local search, its kicks and the polish).
    pub or_opt_passes: u64,
    /// Or-opt segments whose places were weighed.
    pub or_opt_tries: u64,
    /// Or-opt segment moves made.
    pub or_opt_moves: u64,
    /// Local-search kicks tried (a draw whose cuts coincide counts as tried).
    pub local_kicks_tried: u64,
    /// Local-search kicks that improved the order and were kept.
    pub local_kicks_kept: u64,
    /// Number (from 1) of the last local-search kick kept; 0 when none was.
    pub local_last_kept: u64,
    /// Most kicks tried in a row without improvement before one was kept (local search).
    pub local_longest_wait: u64,
    /// Monotone repairs run (0, 1 or 2).
    pub repairs: u64,
    /// Segment moves made by the repair's descents.
    pub repair_moves: u64,
    /// Repair kicks tried.
    pub repair_kicks_tried: u64,
    /// Repair kicks that improved the objective and were kept.
    pub repair_kicks_kept: u64,
    /// Number (from 1, counted within its repair) of the last repair kick kept; 0 when none.
    pub repair_last_kept: u64,
    /// Most kicks tried in a row without improvement before one was kept (repair).
    pub repair_longest_wait: u64,
}
