#!/usr/bin/env bash
# usage: tools/scale/run.sh [BIN] [OUT_CSV] [SIZES...] -- time and peak memory of restoring
# form-feed documents of real pages (tools/scale/gen.py, seed 1) on one thread, 3 runs per
# size, median CPU seconds (user + system), median wall seconds and median peak RSS (from
# /usr/bin/time), one CSV row per size. Then draw the SVG:
#   cargo run --release --features svg --example scale_chart -- OUT_CSV docs/scale.svg
set -e
BIN=${1:-target/release/collate}; OUT=${2:-docs/scale.csv}; shift 2 || true
SIZES=${*:-200 500 1000 2000 5000 10000 20000}
DIR=$(dirname "$0"); TMP=$(mktemp -d); trap 'rm -rf $TMP' EXIT
echo "pages,fragments,cpu_s,wall_s,peak_mib,pair_scores" > $OUT
for n in $SIZES; do
  python3 $DIR/gen.py $n 1 $TMP/doc.txt
  rows=""
  for r in 1 2 3; do
    /usr/bin/time -f "%U %S %e %M" -o $TMP/time $BIN restore $TMP/doc.txt -o /dev/null \
      --threads 1 --max-pages 100000 -v 2> $TMP/log || true
    read u s e m < $TMP/time
    rows="$rows$(echo "$u $s" | awk '{printf "%.2f", $1 + $2}') $e $m\n"
  done
  frags=$(sed -nE 's/.* ([0-9]+) fragments,.*/\1/p' $TMP/log | head -1)
  pairs=$(sed -nE 's/.*\(([0-9]+) pair scores\).*/\1/p' $TMP/log | head -1)
  med() { printf "$rows" | awk -v c=$1 '{print $c}' | sort -g | sed -n 2p; }
  echo "$n,$frags,$(med 1),$(med 2),$(echo "scale=1; $(med 3) / 1024" | bc),$pairs" | tee -a $OUT
done
