#!/usr/bin/env python3
"""Unseen-prose development data for the language signal (issue 15): books from Standard Ebooks
(CC0) that are NOT in tools/lm/SOURCES (so the shipped model never saw them), set as plain text
pages with no page numbers, no running heads and no notes, joined by form feeds, so that only the
language across each cut (and the pages' topic) tells the order.

Each book gives two documents of PAGES pages, taken at 25 % and 65 % of its running text. Text is
the book's paragraphs and headings (src/epub/text/*.xhtml, notes and front/back matter left out),
hard-wrapped at 66 columns (textwrap, words never split), a paragraph's first line indented by
four spaces, 40 lines a page: the shape of `pdftotext -layout` on a typeset page without furniture.
Cuts fall wherever the 40th line falls, mostly mid-sentence. Layout constants chosen by hand, not
fitted: a common book measure and page depth.

usage: tools/prose/make.py --mirrors /work/.mirror --out DIR [--pages 30] [--at 25,65]
(`--at 10,40,50,80,90` gives 50 further documents: the `language` weight was also fitted on the
25 from the train books; the 25 from the validation books are held out like the rest.)
Writes DIR/<id>/pages.txt and pages.md (identical; a form feed after each page), DIR/<id>/meta.json
and DIR/manifest.json (documents[].split: train or validation, by book, fixed below).
Deterministic: same mirrors, same bytes.
"""
import argparse, html, json, os, re, subprocess, textwrap

# (repository, split): the split is by book, so that no book is both fitted on and reported on.
BOOKS = [
    ("adam-smith_the-wealth-of-nations", "train"),
    ("w-e-b-du-bois_darkwater", "train"),
    ("arthur-conan-doyle_the-adventures-of-sherlock-holmes", "train"),
    ("mary-shelley_frankenstein", "train"),
    ("h-g-wells_the-time-machine", "train"),
    ("matthew-arnold_culture-and-anarchy", "validation"),
    ("charlotte-perkins-gilman_women-and-economics", "validation"),
    ("sun-tzu_the-art-of-war_lionel-giles", "validation"),
    ("jane-austen_persuasion", "validation"),
    ("robert-louis-stevenson_treasure-island", "validation"),
]
SKIP = {"titlepage", "imprint", "colophon", "uncopyright", "halftitlepage", "toc", "loi",
        "copyright", "epigraph-titlepage", "endnotes", "dedication", "epigraph"}
BLOCK_RE = re.compile(r"<(p|h[1-6])\b[^>]*>(.*?)</\1>", re.S)
NOTEREF_RE = re.compile(r"<a\b[^>]*epub:type=\"noteref\"[^>]*>.*?</a>", re.S)
TAG_RE = re.compile(r"<[^>]+>")
WIDTH, DEPTH, INDENT = 66, 40, "    "


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True,
                          capture_output=True).stdout


def lines_of(gitdir):
    head = git(gitdir, "rev-parse", "HEAD").decode().strip()
    names = git(gitdir, "ls-tree", "--name-only", head, "src/epub/text/").decode().split()
    out = []
    for path in sorted(names):
        base = os.path.basename(path)
        if not base.endswith(".xhtml") or base[:-6] in SKIP:
            continue
        body = git(gitdir, "show", f"{head}:{path}").decode("utf-8").split("<body", 1)[-1]
        body = NOTEREF_RE.sub("", body)
        for m in BLOCK_RE.finditer(body):
            t = re.sub(r"<br\s*/?>", " ", m.group(2))
            t = " ".join(html.unescape(TAG_RE.sub("", t)).split())
            if not t:
                continue
            if m.group(1).startswith("h"):
                out += ["", t, ""]
            else:
                out += textwrap.wrap(t, WIDTH, initial_indent=INDENT, break_long_words=False,
                                     break_on_hyphens=False)
    return head, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirrors", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--at", default="25,65",
                    help="where each document starts, in percent of the book's lines (comma-separated)")
    a = ap.parse_args()
    at_percent = [int(x) for x in a.at.split(",")]
    docs = []
    for name, split in BOOKS:
        gitdir = os.path.join(a.mirrors, "standardebooks+" + name, "repo")
        head, lines = lines_of(gitdir)
        for at in at_percent:
            start = len(lines) * at // 100
            chunk = lines[start:start + a.pages * DEPTH]
            pages = [chunk[i:i + DEPTH] for i in range(0, len(chunk), DEPTH)]
            pages = ["\n".join(p).strip("\n") for p in pages]
            ident = f"{name.split('_')[1]}-{at}"
            d = os.path.join(a.out, ident)
            os.makedirs(d, exist_ok=True)
            text = "".join(p + "\n\f" for p in pages)
            for f in ("pages.txt", "pages.md"):
                with open(os.path.join(d, f), "w", encoding="utf-8") as fh:
                    fh.write(text)
            meta = {"id": ident, "split": split, "pages": len(pages),
                    "source": f"github.com/standardebooks/{name} at {head}",
                    "license": "CC0 1.0 (Standard Ebooks)", "from_percent": at}
            with open(os.path.join(d, "meta.json"), "w") as fh:
                json.dump(meta, fh, indent=1)
            docs.append(meta)
    with open(os.path.join(a.out, "manifest.json"), "w") as fh:
        json.dump({"documents": docs}, fh, indent=1)


if __name__ == "__main__":
    main()
