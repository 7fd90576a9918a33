//! collate puts the scrambled pages of a scraped document back into reading order.
//!
//! The pipeline has three stages, each a module, with input and output around them:
//!
//! 1. [`ingest`] reads a file, a directory of page files or standard input into a
//!    [`ingest::Document`], rejecting empty, binary and badly encoded input.
//! 2. [`fragment`] — *fragment detection* — cuts the document into page fragments and
//!    describes each one (how its text opens and closes, footnote numbers, headings,
//!    contents entries, running heads and page numbers). Uncertain cuts stay candidates.
//! 3. [`score`] — *continuity scoring* — rates every ordered pair (A, B) by how well the end
//!    of A runs into the start of B, as a weighted sum of independent [`score::Signal`]s.
//! 4. [`solve`] — *ordering* — finds the reading order that maximises total continuity (an
//!    asymmetric travelling-salesman path), exactly when small, by local search when large,
//!    then repairs what single junctions cannot see (section order, numbers that only grow),
//!    and gives every junction a confidence.
//! 5. [`output`] writes the restored text verbatim, a JSON report or the bare order, to
//!    standard output, a file, or (for PDF input) a PDF with its pages reordered.
//!
//! [`bench`] scrambles documents of known order and measures how well they come back;
//! [`batch`] restores whole folders in parallel, or a stream of JSON lines.
//!
//! The library has no command line and never prints: progress comes back through callbacks
//! and errors name no flags. The `cli` feature (on by default) builds the `collate` binary
//! with clap, indicatif and the SVG bench chart (plotters, feature `svg`); a library user
//! writes `default-features = false` to do without them.
//!
//! ```
//! // Three pages separated by form feeds, the second and third swapped.
//! let scrambled = "# A Title\n\nAn essay by someone.\n\u{c}\
//!     middle of the page break, where it ends.\n\u{c}\
//!     This sentence runs across the\n\u{c}";
//! let doc = collate::ingest::Document::from_text("example", scrambled.to_string(), None).unwrap();
//! let restored = collate::restore(&doc, &collate::Config::default()).unwrap();
//! assert_eq!(restored.order(), &[0, 2, 1]);
//! assert!(restored.text().contains("across the\n\u{c}middle"));
//! ```

pub mod batch;
pub mod bench;
pub mod config;
pub mod error;
pub mod fragment;
pub mod ingest;
pub mod lm;
pub mod output;
pub mod pipeline;
pub mod score;
pub mod sets;
pub mod solve;

pub use config::Config;
pub use error::{Error, Result};
pub use pipeline::{restore, Restored};
