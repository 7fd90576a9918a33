#!/usr/bin/env bash
# usage: mk.sh BIN OUTDIR -- the outputs a refactoring must leave unchanged: bench JSON and
# markdown (md, txt, md ablation; seeds 1-3) and every shared-corpus document scrambled with
# seed 5 and restored (md and txt, with reports), plus the founding seed. Compare two runs with
# cmp.sh. Needs ../shared beside the repository (or COLLATE_SHARED).
set -e
B=$1; O=$2; mkdir -p $O
S=${COLLATE_SHARED:-$(dirname "$0")/../../../shared}
$B bench --corpus $S/corpus --format md --seeds 1..3 --json $O/bench-md.json --markdown $O/bench-md.md --threads 2
$B bench --corpus $S/corpus --format txt --seeds 1..3 --json $O/bench-txt.json --markdown $O/bench-txt.md --threads 2
$B bench --corpus $S/corpus --format md --seeds 1 --ablate --json $O/ablate-md.json --markdown $O/ablate-md.md --threads 2
# restored files: every corpus doc, scrambled with seed 5, both formats
for d in $S/corpus/*/; do n=$(basename $d)
  for f in md txt; do
    $B scramble $d --format $f --seed 5 -o $O/$n.s.$f 2>/dev/null || true
    [ -f $O/$n.s.$f ] && $B restore $O/$n.s.$f -o $O/$n.r.$f --report $O/$n.r.$f.json --threads 2 || true
  done
done
$B restore $S/seeds/000_659b57149f17aa97.txt -o $O/seed.r.txt --report $O/seed.json
