//! `collate bench --fail-under / --fail-over`: the CI gate passes when the corpus-wide figures
//! meet their bounds and fails with exit code 1 and one line naming metric, value and bound.

use crate::common::{collate, own_corpus};
use predicates::prelude::*;

fn bench(bounds: &[&str]) -> assert_cmd::assert::Assert {
    collate()
        .arg("bench")
        .arg("--corpus")
        .arg(own_corpus())
        .args(["--seeds", "1", "--threads", "2", "--markdown", "/dev/null"])
        .args(bounds)
        .assert()
}

#[test]
fn bounds_met_pass_and_bounds_missed_fail_with_one_line() {
    bench(&["--fail-under", "adjacency=0.9", "--fail-over", "lost=0"]).success();
    let out = bench(&["--fail-under", "adjacency=1.01"])
        .code(1)
        .stderr(predicate::str::is_match(r"adjacency [0-9.]+ is below the floor 1\.01").unwrap());
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    bench(&["--fail-under", "lost=0"])
        .code(1)
        .stderr(predicate::str::contains("ceiling"));
}
