//! Integration tests, one binary: end-to-end CLI runs, the founding seed (ignored: it needs
//! `../shared`), the bench floors on the repository's own corpus, determinism, and the
//! lossless property.

mod batch;
mod bench_flavours;
mod cli;
mod common;
mod corpus;
mod documents;
mod flavours;
mod floors;
mod hostile;
mod html;
mod lossless;
mod pdf;
mod review;
mod scale;
mod seed;
mod sets;
