#!/usr/bin/env python3
"""Make foot-numbered variants of a flavour corpus's documents, for development.

The train documents of ../shared/flavours (texinfo manuals and Gibbon chapters) all print
their page numbers at the top, beside or below the running head; many documents (LaTeX's
plain style, most books) print them at the foot. This script moves each page's number from
its top (a number alone on one of the first two lines, or at either end of the head line) to
the page's foot, after a blank line (or straight below the text for converters that set no
blank lines inside a page: pypdf, pymupdf), and leaves everything else as it was. The result
is a corpus of flavours with the same layout (<flavour>/<document>/pages.txt, pages ending in
form feeds), to bench with `collate bench --corpus OUT --format txt --join blank`.

usage: tools/flavours/foot.py --flavours ../shared/flavours --split train --out /tmp/foot
"""
import argparse
import json
import os
import re

NUMBER = re.compile(r"^\s*(\d{1,4}|[ivxlcdm]{1,7})\s*$")
HEAD_NUMBER = re.compile(r"^(\s*\S.*?\S)(\s+)(\d{1,4}|[ivxlcdm]{1,7})\s*$")
NUMBER_HEAD = re.compile(r"^(\s*)(\d{1,4}|[ivxlcdm]{1,7})(\s+)(\S.*)$")
GLUED = {"pypdf", "pymupdf"}


def move_number(page, glued):
    lines = page.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 4:
        return page
    number = None
    for i in filled[:2]:
        if NUMBER.match(lines[i]):
            number, lines[i] = lines[i].strip(), None
            break
        m = HEAD_NUMBER.match(lines[i])
        if m and len(m.group(1).strip()) > 3:
            number, lines[i] = m.group(3), m.group(1)
            break
        m = NUMBER_HEAD.match(lines[i])
        if m:
            number, lines[i] = m.group(2), m.group(4)
            break
    if number is None:
        return page
    rest = "\n".join(line for line in lines if line is not None).rstrip("\n")
    return rest + ("\n" if glued else "\n\n") + number


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flavours", required=True)
    ap.add_argument("--split", default="train")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    manifest = json.load(open(os.path.join(a.flavours, "manifest.json")))
    ids = [d["id"] for d in manifest["documents"] if d["split"] == a.split]
    for flavour in sorted(os.listdir(a.flavours)):
        for doc in ids:
            src = os.path.join(a.flavours, flavour, doc, "pages.txt")
            if not os.path.isfile(src):
                continue
            pages = open(src, encoding="utf-8").read().split("\f")[:-1]
            moved = [move_number(p, flavour in GLUED) for p in pages]
            os.makedirs(os.path.join(a.out, flavour, doc), exist_ok=True)
            with open(os.path.join(a.out, flavour, doc, "pages.txt"), "w", encoding="utf-8") as f:
                f.write("\f".join(moved) + "\f")


if __name__ == "__main__":
    main()
