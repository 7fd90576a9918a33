#!/usr/bin/env python3
"""Form-feed text of real pages for the scale curve: the shared corpus's pages.txt files, then
the converter flavours', in sorted order (repeated when more pages are asked than there are,
about 8,800), shuffled with SEED, one page per form feed. Writes OUT and OUT.truth (the
source index of each page as placed).

usage: gen.py PAGES SEED OUT [SHARED_DIR]"""
import glob
import os
import random
import sys

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
shared = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.path.dirname(__file__), '../../../shared')
files = sorted(glob.glob(shared + '/corpus/*/pages.txt')) + sorted(glob.glob(shared + '/flavours/*/*/pages.txt'))
pages = []
for f in files:
    pages += [p for p in open(f, encoding='utf-8').read().split('\f') if p.strip()]
    if len(pages) >= n:
        break
if not pages:
    sys.exit('gen.py: no pages.txt under ' + shared)
base = list(pages)
while len(pages) < n:
    pages += base
pages = pages[:n]
idx = list(range(n))
random.Random(seed).shuffle(idx)
with open(out, 'w', encoding='utf-8') as w:
    w.write('\f'.join(pages[i] for i in idx))
with open(out + '.truth', 'w') as w:
    w.write(' '.join(map(str, idx)))
