//! Integration tests, one binary: end-to-end CLI runs, the founding seed, the shared corpus
//! bench floors, determinism, and the lossless property.

mod batch;
mod cli;
mod common;
mod corpus;
mod floors;
mod lossless;
mod pdf;
mod seed;
