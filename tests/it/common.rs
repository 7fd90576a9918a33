//! Shared helpers: where the repository's own corpus and the shared seed live, and the
//! `collate` command. Only the `#[ignore]`d seed tests read `../shared`.

use std::path::PathBuf;

/// The `shared/` folder beside the repository (or `COLLATE_SHARED`). Tests that need it fail
/// with a message saying where it should be, rather than passing silently.
pub fn shared() -> PathBuf {
    let p = std::env::var_os("COLLATE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    assert!(
        p.join("corpus").is_dir(),
        "the shared corpus is missing: expected {} (set COLLATE_SHARED to its folder)",
        p.join("corpus").display()
    );
    p
}

/// The repository's own test documents (`corpus/`: the sample and seven CC0 documents).
pub fn own_corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The built `collate` binary.
pub fn collate() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("collate").expect("collate binary is built")
}
