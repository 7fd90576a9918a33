#!/usr/bin/env bash
# Run collate inside Spark (local[2]) over scrambled documents and check that every one comes
# back restored. Installs what it needs: pyspark from PyPI, a Java runtime from the OS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
python3 -c "import pyspark" 2>/dev/null || python3 -m pip install -q pyspark

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
collate="${CARGO_TARGET_DIR:-$repo/target}/release/collate"

# 24 test documents: the repository's own sample, scrambled with 24 seeds.
mkdir -p "$work/in"
for seed in $(seq 1 24); do
  "$collate" scramble "$repo/corpus/sample" --seed "$seed" -o "$work/in/sample-$seed.md"
done

python3 "$here/restore_job.py" "$work/in" "$work/out" "$collate"

# Every restored document opens with the title page and holds the essay in order.
first_line="$(head -n 1 "$repo/corpus/sample/pages.md")"
for f in "$work/in"/*.md; do
  name="$(basename "$f")"
  head -n 1 "$work/out/$name" | grep -qxF "$first_line" || { echo "spark: $name not restored" >&2; exit 1; }
done
echo "spark: all $(ls "$work/in" | wc -l) documents restored"
