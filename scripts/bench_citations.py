#!/usr/bin/env python3
"""Throughput of citation extraction over the whole corpus, against a naive baseline in the same run.

    python scripts/bench_citations.py [CORPUS_DIR] [--repeat N]

Input: the plain text of every article file of corpus/ (HTML tags removed, as readers give it).
lextrack: extract() with the file's code as context — scanning, normalisation and resolution; then the same
with an exists hook (a Catalogue of the corpus's own article numbers, read from the files' titles), which
checks every bare number.
Baseline: what a first attempt looks like — one regular expression per pattern, each run over the
whole text, matches collected as strings, no resolution. Single core, best of N runs.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lextrack.citations import Catalogue, extract  # noqa: E402
from lextrack.nums import canonical_num  # noqa: E402

_TAG = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"^\s*(?:#\s*|<h1>)?Article\s+(?P<num>[^\n<]+)", re.IGNORECASE)

NAIVE = [
    re.compile(r"articles?\s+(?:L\.?\s?O\.?|L|R|D|A)?\.?\s*\*?\s*\d+(?:-\d+)*", re.IGNORECASE),
    re.compile(r"(?:L|R|D|A|LO)\.?\s*\d+(?:-\d+)+\s+(?:à|et)\s+(?:L|R|D|A|LO)\.?\s*\d+(?:-\d+)+"),
    re.compile(
        r"(?:loi|ordonnance|décret|arrêté)\s+n°\s*\d+-\d+(?:\s+du\s+\d+\w*\s+\w+\s+\d{4})?", re.IGNORECASE
    ),
    re.compile(
        r"(?:règlement|directive)\s+(?:\(\w+\)\s+)?(?:n°\s*)?\d+\s*/\s*\d+(?:\s*/\s*\w+)?", re.IGNORECASE
    ),
    re.compile(r"du\s+code\s+[\w' ]{3,60}?(?=[,.;])", re.IGNORECASE),
    re.compile(r"(?:au|aux|du)\s+(?:[IVX]+|\d+°|[a-z]\))\s+d[eu]\s+l'article", re.IGNORECASE),
    re.compile(r"(?:premier|deuxième|troisième|dernier)\s+alinéa", re.IGNORECASE),
]


def corpus_texts(root: Path) -> list[tuple[str | None, str]]:
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".md", ".txt", ".xml") or not path.is_file() or path.name == "README.md":
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = html.unescape(_TAG.sub(" ", raw))
        parts = path.parts
        code = None
        if "codes-en-vigueur" in parts:
            code = parts[parts.index("codes-en-vigueur") + 1]
        elif "tricoteuses-code-civil" in parts:
            code = "code-civil"
        elif "steeve-everything" in parts or "seeds" in parts:
            code = "code-de-la-securite-sociale"
        elif "legi-xml" in parts:
            code = "code-de-la-consommation"
        out.append((code, text))
    return out


def run_lextrack(texts: list[tuple[str | None, str]], exists: Catalogue | None = None) -> int:
    return sum(len(extract(text, code=code, exists=exists)) for code, text in texts)


def corpus_catalogue(texts: list[tuple[str | None, str]]) -> Catalogue:
    """The corpus's article numbers by code, from each file's title line."""
    pairs = []
    for code, text in texts:
        m = _TITLE.match(text)
        if code and m and canonical_num(m.group("num")):
            pairs.append((code, canonical_num(m.group("num"))))
    return Catalogue(pairs, {code for code, _ in pairs})


def run_naive(texts: list[tuple[str | None, str]]) -> int:
    n = 0
    for _, text in texts:
        for rx in NAIVE:
            n += len([m.group(0) for m in rx.finditer(text)])
    return n


def best_of(fn, texts, repeat: int) -> tuple[float, int]:
    best = float("inf")
    found = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        found = fn(texts)
        best = min(best, time.perf_counter() - t0)
    return best, found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default="corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = corpus_texts(args.corpus)
    mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    run_lextrack(texts[:50])  # compile the patterns and fill the code cache before timing
    t_lx, n_lx = best_of(run_lextrack, texts, args.repeat)
    catalogue = corpus_catalogue(texts)
    t_cat, n_cat = best_of(lambda t: run_lextrack(t, catalogue), texts, args.repeat)
    t_nv, n_nv = best_of(run_naive, texts, args.repeat)
    print(f"corpus: {len(texts)} files, {mb:.1f} MB of text")
    print(f"lextrack extract (with resolution): {mb / t_lx:7.1f} MB/s  {n_lx} citations  {t_lx:.2f} s")
    hook = f"exists hook ({len(catalogue)} articles)"
    print(f"lextrack extract, {hook}: {mb / t_cat:7.1f} MB/s  {n_cat} citations  {t_cat:.2f} s")
    print(
        f"naive baseline ({len(NAIVE)} regexes, no resolution): {mb / t_nv:7.1f} MB/s  "
        f"{n_nv} matches  {t_nv:.2f} s"
    )
    print(f"ratio lextrack / naive: {t_nv / t_lx:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
