#!/usr/bin/env bash
# usage: cmp.sh DIR_A DIR_B -- compare two mk.sh runs file by file, ignoring the run paths
# recorded in reports and the timing fields of bench reports; prints 'identical: N files' or
# the files that differ.
A=$1; B=$2; bad=0
norm() { sed -E -e "s#(\"(input|output)\": \")[^\"]*/#\1#" -e '/"(p50_ms|p95_ms|max_ms|pages_per_second)"/d' -e '/^Speed: /d' "$1"; }
for f in $(cd $A && ls); do
  if ! cmp -s <(norm $A/$f) <(norm $B/$f); then echo "DIFF $f"; bad=1; fi
done
[ $bad = 0 ] && echo "identical: $(ls $A | wc -l) files"
