#!/usr/bin/env bash
# usage: tools/review-shot.sh [OUT.png] -- the screenshot of the embedded sample's HTML review
# in the README (docs/review.png): restore corpus/sample.scrambled.md with --html and take a
# 1280x1000 screenshot in headless Chromium (apt-get install -y chromium) with the weakest
# junction opened (#weakest). Run from anywhere; builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/review.png}
cargo build --release --quiet
collate="${CARGO_TARGET_DIR:-target}/release/collate"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$collate" restore corpus/sample.scrambled.md -o "$tmp/restored.md" --html "$tmp/review.html"
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1280,1000 \
  --screenshot="$PWD/$out" "file://$tmp/review.html#weakest" 2>/dev/null
echo "wrote $out"
