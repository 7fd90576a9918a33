#!/usr/bin/env python3
"""Build collate's general English language model (`models/english.lm`).

Input: bare git mirrors of Standard Ebooks repositories (github.com/standardebooks/<author>_<title>,
CC0), one per book, laid out as `<MIRRORS>/standardebooks+<name>/repo` -- what the session `fetch`
tool produces -- or `<MIRRORS>/<name>.git` / `<MIRRORS>/<name>` from `git clone --mirror` /
`git clone --bare`. `tools/lm/SOURCES` names the repositories and the exact commit of each; the
build reads `src/epub/text/*.xhtml` and `src/epub/content.opf` at that commit with `git show`.

Output: a pruned, interpolated modified Kneser-Ney word 4-gram model in the binary format that
`src/lm/format.rs` documents. Deterministic: the same mirrors and SOURCES give the same bytes.

    python3 tools/lm/build.py --mirrors /work/.mirror --sources tools/lm/SOURCES \
        --out models/english.lm        (needs numpy)

    python3 tools/lm/build.py --mirrors /work/.mirror --write-sources tools/lm/SOURCES
        (lists every standardebooks+* mirror there with its HEAD commit; excluded ones refused)

    --reverse builds a backward model (each paragraph's tokens reversed; header flag bit 1), for
    `examples/lm_prose.rs --back`: collate does not ship one (see models/README.md).

Tokeniser (identical to `src/lm/mod.rs`, `tokens`; keep the two in step):
  * A *word character* is an ASCII letter or digit, a letter of U+00C0..=U+024F other than
    U+00D7 and U+00F7, or a character of U+0370..=U+03FF (Greek).
  * A word is a maximal run of word characters, where an apostrophe (U+0027 or U+2019) with a word
    character on both sides joins the run and is written as U+0027.
  * Case (header flag bit 0): in a lowercased model a word is lowercased (Unicode full lowercase
    mapping, `str.lower` / `str::to_lowercase`); in a cased model it keeps its case, except that
    a word of two or more characters with an uppercase and no lowercase character is written
    first character + lowercased rest ("CHAPTER" -> "Chapter", "I" stays). A word is
    "capitalised" when its first character is uppercase ASCII A-Z or in U+00C0..=U+00DE.
  * Each of `. , ; : ? !` is a token of its own, and so is U+2026 (ellipsis), written `.`; a
    punctuation token equal to the token just before it is dropped (`...` gives one `.`).
  * Every other character separates and is dropped (spaces, quotes, dashes, hyphens, brackets,
    markup characters).
  Lookup: a word containing an ASCII digit becomes `<num>`; a word not in the vocabulary becomes
  `<Unk>` when capitalised, else `<unk>`. Training text is split into paragraphs (`<p>` elements);
  each is `<s> tokens </s>` and no n-gram crosses a paragraph boundary.
"""
import argparse
import html
import os
import re
import struct
import subprocess
import sys

import numpy as np

ORDER = 4
BUCKET_BITS = 16
MIN_WORD_COUNT = 3
MAX_VOCAB = 65000
PUNCT = ".,;:?!"
SPECIALS = ["<s>", "</s>", "<unk>", "<Unk>", "<num>"]

# Sources that must never be used: the documents collate is measured on and their authors.
BLOCKED_SUBSTRINGS = [
    "gibbon", "kropotkin", "hamilton", "madison", "john-jay", "wollstonecraft", "goldman",
    "montaigne", "aristotle", "hume", "kinna", "anarchist", "anarchism", "federalist",
    "mutual-aid", "john-stuart-mill", "texlive", "tex-live", "maxima", "lilypond",
]
BLOCKED_WORDS = {"jay", "mill"}  # as whole words of a name ("john jay", "j. s. mill")

# The books `tools/prose/make.py` makes its unseen-prose documents from, read from its BOOKS list:
# refused, and so is everything else by their authors (the repository name's part before `_`), so
# that the prose the signal is measured on is prose the model has never seen, nor its author's.
PROSE_MAKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "prose", "make.py")


def prose_authors():
    text = open(PROSE_MAKER).read()
    books = re.findall(r'\("([a-z0-9-]+_[a-z0-9_-]+)", "(?:train|validation)"\)', text)
    if not books:
        raise SystemExit(f"no BOOKS found in {PROSE_MAKER}")
    return {b.split("_", 1)[0] for b in books}


SKIP_FILES = {"titlepage", "imprint", "colophon", "uncopyright", "halftitlepage", "toc", "loi",
              "copyright", "epigraph-titlepage"}


def blocked(*texts):
    for t in texts:
        norm = re.sub(r"[^a-z0-9]+", "-", t.lower())
        for s in BLOCKED_SUBSTRINGS:
            if s in norm:
                return s
        words = set(norm.split("-"))
        for w in BLOCKED_WORDS:
            if w in words:
                return w
    return None


def is_word_char(c):
    o = ord(c)
    if o < 128:
        return c.isascii() and c.isalnum()
    return (0xC0 <= o <= 0x24F and o not in (0xD7, 0xF7)) or 0x370 <= o <= 0x3FF


def case_form(word, cased):
    """Lowercased (`cased` false); else kept, but an all-capitals word of two or more
    characters is written with only its first character capital ("CHAPTER" -> "Chapter")."""
    if not cased:
        return word.lower()
    if len(word) >= 2 and not any(ch.islower() for ch in word) and any(ch.isupper() for ch in word):
        return word[0] + word[1:].lower()
    return word


def tokens(text, cased=False):
    """Tokenise as the module docstring says: list of (token, capitalised)."""
    out = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if is_word_char(c):
            j = i
            buf = []
            while j < n:
                d = text[j]
                if is_word_char(d):
                    buf.append(d)
                    j += 1
                elif d in "'\u2019" and j + 1 < n and is_word_char(text[j + 1]):
                    buf.append("'")
                    j += 1
                else:
                    break
            word = "".join(buf)
            o = ord(word[0])
            cap = (65 <= o <= 90) or (0xC0 <= o <= 0xDE)
            out.append((case_form(word, cased), cap))
            i = j
            continue
        if c in PUNCT or c == "\u2026":
            p = "." if c == "\u2026" else c
            if not (out and out[-1][0] == p):
                out.append((p, False))
        i += 1
    return out


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True,
                          capture_output=True).stdout


def find_mirror(mirrors, name):
    for cand in (os.path.join(mirrors, "standardebooks+" + name, "repo"),
                 os.path.join(mirrors, name + ".git"), os.path.join(mirrors, name)):
        if os.path.isdir(cand):
            return cand
    raise SystemExit(f"no mirror of standardebooks/{name} under {mirrors}")


P_RE = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
# Quotations set as block quotes are other authors' words: all are left out, so that no text of an
# excluded author comes in through a quotation.
BLOCKQUOTE_RE = re.compile(r"<blockquote\b[^>]*>(?:(?!<blockquote\b).)*?</blockquote>", re.S)
# A paragraph naming an excluded author may quote them inline: left out too.
NAMED_RE = re.compile(r"\b(Gibbon|Kropotkin|Hamilton|Madison|Jay|Mill|Mills|Wollstonecraft|Goldman|"
                      r"Montaigne|Aristotle|Aristotle's|Hume|Kinna|Federalist|Publius)\b")
dropped = {"blockquote": 0, "named": 0}
NOTEREF_RE = re.compile(r"<a\b[^>]*epub:type=\"noteref\"[^>]*>.*?</a>", re.S)
BR_RE = re.compile(r"<br\s*/?>")
TAG_RE = re.compile(r"<[^>]+>")


def book_paragraphs(gitdir, commit):
    names = git(gitdir, "ls-tree", "--name-only", commit, "src/epub/text/").decode().split()
    for path in sorted(names):
        base = os.path.basename(path)
        if not base.endswith(".xhtml") or base[:-6] in SKIP_FILES:
            continue
        x = git(gitdir, "show", f"{commit}:{path}").decode("utf-8")
        body = x.split("<body", 1)[-1]
        body = NOTEREF_RE.sub("", body)
        while True:
            body, k = BLOCKQUOTE_RE.subn("", body)
            dropped["blockquote"] += k
            if not k:
                break
        for m in P_RE.finditer(body):
            t = BR_RE.sub(" ", m.group(1))
            t = html.unescape(TAG_RE.sub("", t))
            if NAMED_RE.search(t):
                dropped["named"] += 1
                continue
            yield t


def opf_meta(gitdir, commit):
    opf = git(gitdir, "show", f"{commit}:src/epub/content.opf").decode("utf-8")
    title = re.findall(r"<dc:title[^>]*>(.*?)</dc:title>", opf)
    creators = re.findall(r"<dc:creator[^>]*>(.*?)</dc:creator>", opf)
    return [html.unescape(t) for t in title], [html.unescape(c) for c in creators]


def fnv_keys(cols):
    """Hash of an n-gram (list of uint64 id columns), identical to `format::key` in Rust."""
    with np.errstate(over="ignore"):
        h = np.full(len(cols[0]), 0xCBF29CE484222325, dtype=np.uint64)
        for c in cols:
            h ^= c.astype(np.uint64) + np.uint64(1)
            h *= np.uint64(0x100000001B3)
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h


def unpack(g, n):
    return [(g >> np.uint64(16 * (n - 1 - i))) & np.uint64(0xFFFF) for i in range(n)]


def discounts(adj):
    cc = [int(np.count_nonzero(adj == k)) for k in (1, 2, 3, 4)]
    n1, n2, n3, n4 = [max(x, 1) for x in cc]
    y = n1 / (n1 + 2 * n2)
    d = [0.0, 1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3]
    return np.array([min(max(x, 0.05), k) for k, x in enumerate(d)], dtype=np.float64), cc


def quantise(values, levels=256):
    """Codebook of `levels` means of equal-count slices of the sorted values; nearest code."""
    v = np.sort(values)
    chunks = np.array_split(v, levels)
    book = np.array([c.mean() if len(c) else v[-1] for c in chunks], dtype=np.float64)
    book = np.maximum.accumulate(book)
    mids = (book[1:] + book[:-1]) / 2
    codes = np.searchsorted(mids, values).astype(np.uint8)
    return book.astype(np.float32), codes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirrors", required=True)
    ap.add_argument("--sources", default="tools/lm/SOURCES")
    ap.add_argument("--write-sources")
    ap.add_argument("--out", default="models/english.lm")
    ap.add_argument("--cased", action="store_true",
                    help="keep the case of words (header flag 1) instead of lowercasing")
    ap.add_argument("--reverse", action="store_true",
                    help="a backward model: each paragraph's tokens in reverse order (header flag 2)")
    ap.add_argument("--min-count", type=int, nargs=3, default=[2, 2, 2],
                    help="raw-count threshold to keep a 2-, 3-, 4-gram")
    args = ap.parse_args()
    if any(a > b for a, b in zip(args.min_count, args.min_count[1:])):
        # collate's `LanguageModel::cut_logprob` relies on it: no stored n-gram contains a
        # bigram that is not stored.
        raise SystemExit("--min-count must not fall with the order")

    if args.write_sources:
        lines = []
        for d in sorted(os.listdir(args.mirrors)):
            if not d.startswith("standardebooks+"):
                continue
            name = d[len("standardebooks+"):]
            g = os.path.join(args.mirrors, d, "repo")
            if not git(g, "ls-tree", "HEAD", "src/epub/text/").strip():
                print(f"skip {name}: no src/epub/text", file=sys.stderr)
                continue
            commit = git(g, "rev-parse", "HEAD").decode().strip()
            title, creators = opf_meta(g, commit)
            why = blocked(name, *title, *creators)
            if name.split("_", 1)[0] in prose_authors():
                why = "an author of tools/prose's books"
            if why:
                print(f"REFUSED {name}: matches {why!r}", file=sys.stderr)
                continue
            lines.append(f"standardebooks/{name} {commit}")
        with open(args.write_sources, "w") as f:
            f.write("# repo commit  (Standard Ebooks, CC0 1.0; read by tools/lm/build.py)\n")
            f.write("\n".join(lines) + "\n")
        print(f"{len(lines)} sources written to {args.write_sources}", file=sys.stderr)
        return

    sources = []
    for line in open(args.sources):
        line = line.split("#", 1)[0].strip()
        if line:
            repo, commit = line.split()
            sources.append((repo, commit))
    sources.sort()

    paragraphs = []
    for repo, commit in sources:
        owner, name = repo.split("/", 1)
        if owner != "standardebooks":
            raise SystemExit(f"refused {repo}: only standardebooks/* sources")
        g = find_mirror(args.mirrors, name)
        title, creators = opf_meta(g, commit)
        why = blocked(name, *title, *creators)
        if name.split("_", 1)[0] in prose_authors():
            why = "an author of tools/prose's books (the unseen prose it is measured on)"
        if why:
            raise SystemExit(f"refused {repo} ({title}, {creators}): matches {why!r}")
        before = len(paragraphs)
        for p in book_paragraphs(g, commit):
            toks = tokens(p, args.cased)
            if toks:
                paragraphs.append(toks[::-1] if args.reverse else toks)
        print(f"{repo}: {len(paragraphs) - before} paragraphs", file=sys.stderr)

    # Vocabulary.
    freq = {}
    for toks in paragraphs:
        for t, _ in toks:
            freq[t] = freq.get(t, 0) + 1
    words = [w for w, c in freq.items()
             if c >= MIN_WORD_COUNT and w not in PUNCT and not any(ch.isdigit() for ch in w if ch.isascii())]
    words.sort(key=lambda w: (-freq[w], w))
    words = words[: MAX_VOCAB - len(SPECIALS) - len(PUNCT)]
    vocab = sorted(set(words) | set(SPECIALS) | set(PUNCT))
    V = len(vocab)
    assert V < 0xFFFF
    ids = {w: i for i, w in enumerate(vocab)}
    S, E, UNK, UNKC, NUM = (ids[s] for s in SPECIALS)

    def lookup(t, cap):
        if any("0" <= ch <= "9" for ch in t):
            return NUM
        i = ids.get(t)
        if i is not None:
            return i
        return UNKC if cap else UNK

    flat = []
    for toks in paragraphs:
        flat.append(S)
        flat.extend(lookup(t, c) for t, c in toks)
        flat.append(E)
    flat = np.array(flat, dtype=np.uint64)
    n_tokens = len(flat) - 2 * len(paragraphs)
    print(f"{len(sources)} books, {len(paragraphs)} paragraphs, {n_tokens} tokens, vocab {V}",
          file=sys.stderr)
    print(f"left out: {dropped['blockquote']} block quotes, {dropped['named']} paragraphs naming an "
          "excluded author", file=sys.stderr)

    # Raw counts per order, as packed keys (16 bits an id, first word highest).
    raw = {}
    for n in range(1, ORDER + 1):
        L = len(flat) - n + 1
        g = np.zeros(L, dtype=np.uint64)
        ok = np.ones(L, dtype=bool)
        for i in range(n):
            col = flat[i:i + L]
            g = (g << np.uint64(16)) | col
            if i < n - 1:
                ok &= col != E
            if i > 0:
                ok &= col != S
        if n == 1:
            ok &= flat[:L] != S
        keys, counts = np.unique(g[ok], return_counts=True)
        raw[n] = (keys, counts.astype(np.int64))
        print(f"order {n}: {len(keys)} distinct", file=sys.stderr)

    # Adjusted (continuation) counts for lower orders: distinct left extensions, raw counts for
    # n-grams opening with <s> (they have no left context).
    adj = {ORDER: raw[ORDER][1]}
    for n in range(1, ORDER):
        keys, counts = raw[n]
        up = raw[n + 1][0]
        suffix = up & np.uint64((1 << (16 * n)) - 1)
        sk, sc = np.unique(suffix, return_counts=True)
        pos = np.searchsorted(sk, keys)
        pos = np.minimum(pos, len(sk) - 1)
        cont = np.where(sk[pos] == keys, sc[pos], 0).astype(np.int64)
        first = keys >> np.uint64(16 * (n - 1))
        a = np.where(first == S, counts, cont)
        adj[n] = a
    disc = {}
    for n in range(1, ORDER + 1):
        disc[n], cc = discounts(adj[n])
        print(f"order {n}: count-of-counts {cc}, D = {disc[n][1:]}", file=sys.stderr)

    def D(n, a):
        return disc[n][np.minimum(a, 3)]

    # Unigrams, interpolated with the uniform distribution.
    k1, a1 = raw[1][0], adj[1]
    tot = a1.sum()
    gamma0 = D(1, a1).sum() / tot
    uni = np.full(V, gamma0 / V, dtype=np.float64)
    uni[k1.astype(np.int64)] += (a1 - D(1, a1)) / tot
    uni_logp = np.log(uni)
    uni_logp[S] = -99.0

    # Higher orders, bottom-up. kept[n] = (sorted packed keys, logp, logbo) of stored n-grams.
    kept = {}
    bo_by_order = {1: np.zeros(V, dtype=np.float64)}

    def logp_of(g, m):
        """Backoff-form log P of packed m-grams under what is stored so far (orders <= m)."""
        w = (g & np.uint64(0xFFFF)).astype(np.int64)
        if m == 1:
            return uni_logp[w]
        keys, lp, _ = kept[m]
        pos = np.minimum(np.searchsorted(keys, g), max(len(keys) - 1, 0))
        found = keys[pos] == g if len(keys) else np.zeros(len(g), bool)
        out = np.empty(len(g), dtype=np.float64)
        out[found] = lp[pos[found]]
        nf = ~found
        if nf.any():
            ctx = g[nf] >> np.uint64(16)
            out[nf] = logbo_of(ctx, m - 1) + logp_of(g[nf] & np.uint64((1 << (16 * (m - 1))) - 1), m - 1)
        return out

    def logbo_of(ctx, m):
        if m == 1:
            return bo_by_order[1][ctx.astype(np.int64)]
        keys, _, lb = kept[m]
        pos = np.minimum(np.searchsorted(keys, ctx), max(len(keys) - 1, 0))
        found = keys[pos] == ctx
        return np.where(found, lb[pos], 0.0)

    for n in range(2, ORDER + 1):
        keys, counts = raw[n]
        a = adj[n]
        t = args.min_count[n - 2]
        keep = counts >= t
        ctx = keys >> np.uint64(16)
        uctx, inv = np.unique(ctx, return_inverse=True)
        c_h = np.bincount(inv, weights=a.astype(np.float64))
        mass = np.bincount(inv, weights=np.where(keep, D(n, a), a.astype(np.float64)))
        gamma = mass / c_h
        # backoff of a context = gamma, stored with the (n-1)-gram entry
        if n - 1 == 1:
            bo_by_order[1][uctx.astype(np.int64)] = np.log(gamma)
        else:
            pk, plp, plb = kept[n - 1]
            pos = np.searchsorted(pk, uctx)
            ok = (pos < len(pk))
            ok[ok] = pk[pos[ok]] == uctx[ok]
            plb = plb.copy()
            plb[pos[ok]] = np.log(gamma[ok])
            kept[n - 1] = (pk, plp, plb)
        kk = keys[keep]
        lower = logp_of(kk & np.uint64((1 << (16 * (n - 1))) - 1), n - 1)
        ik = inv[keep]
        p = (a[keep] - D(n, a[keep])) / c_h[ik] + gamma[ik] * np.exp(lower)
        kept[n] = (kk, np.log(p), np.zeros(len(kk)))
        print(f"order {n}: kept {len(kk)} of {len(keys)}", file=sys.stderr)

    # Write the model (see src/lm/format.rs).
    out = bytearray()
    meta = (f"collate english.lm: {len(sources)} Standard Ebooks books (CC0), {n_tokens} tokens, "
            f"{'cased' if args.cased else 'lowercased'}{', backward' if args.reverse else ''}, order {ORDER}, modified Kneser-Ney, pruned raw count < {args.min_count}").encode()
    head = bytearray()
    out = bytearray()
    counts_hdr = []
    vb = [w.encode("utf-8") for w in vocab]
    offs = np.zeros(V + 1, dtype="<u4")
    offs[1:] = np.cumsum([len(b) for b in vb])
    out += struct.pack("<I", int(offs[-1]))
    out += offs.tobytes()
    out += b"".join(vb)
    out += b"\0" * (-len(out) % 4)
    out += uni_logp.astype("<f4").tobytes()
    out += bo_by_order[1].astype("<f4").tobytes()
    collisions = 0
    for n in range(2, ORDER + 1):
        keys, lp, lb = kept[n]
        cols = unpack(keys, n)
        h = fnv_keys(cols)
        bucket = (h >> np.uint64(64 - BUCKET_BITS)).astype(np.int64)
        fp = (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        cnt = raw[n][1][np.searchsorted(raw[n][0], keys)]
        order_ix = np.lexsort((keys, -cnt, fp, bucket))
        bucket, fp, lp, lb = bucket[order_ix], fp[order_ix], lp[order_ix], lb[order_ix]
        dup = np.zeros(len(fp), bool)
        dup[1:] = (bucket[1:] == bucket[:-1]) & (fp[1:] == fp[:-1])
        collisions += int(dup.sum())
        bucket, fp, lp, lb = bucket[~dup], fp[~dup], lp[~dup], lb[~dup]
        starts = np.searchsorted(bucket, np.arange((1 << BUCKET_BITS) + 1)).astype("<u4")
        pbook, pq = quantise(lp)
        counts_hdr.append(len(fp))
        out += struct.pack("<I", len(fp))
        out += starts.tobytes()
        out += fp.astype("<u4").tobytes()
        out += pq.tobytes()
        if n < ORDER:
            bbook, bq = quantise(lb)
            out += bq.tobytes()
        out += b"\0" * (-len(out) % 4)
        out += pbook.astype("<f4").tobytes()
        if n < ORDER:
            out += bbook.astype("<f4").tobytes()
    out += b"CLLMend\0"
    head += b"CLLMv1\0\0"
    head += struct.pack("<5I", ORDER, V, BUCKET_BITS, int(args.cased) | 2 * int(args.reverse), len(meta))
    head += struct.pack(f"<{ORDER - 1}I", *counts_hdr)
    head += meta
    head += b"\0" * (-len(head) % 4)
    out = head + out
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(out)
    print(f"wrote {args.out}: {len(out)} bytes, {collisions} hash collisions dropped",
          file=sys.stderr)


if __name__ == "__main__":
    main()
