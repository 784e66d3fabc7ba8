#!/usr/bin/env python3
"""Write tests/data/citations_catalogue.tsv: which articles the codes of the 64-code bundle ever had, for the
article numbers the gold sentences mention (so the file stays small).

    git clone -q /work/shared/corpus-real/git/steeve-everything-64-codes.bundle /tmp/steeve64
    python scripts/make_citations_catalogue.py /tmp/steeve64 [tests/data/citations_dev.jsonl]

An article "exists" in a code when a file `Article <num>.md` of that code's folder appears anywhere in the
history (every branch, every commit), or an article file of corpus/ (the gold sentences of its codes come
from there): a store holding the same would say the same. Every code
of the bundle is listed (a line with an empty number), so a code the bundle lacks (Code civil, Code du
travail…) is one the catalogue does not know, rather than one with no articles.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.citations.codes import dash_paragraph  # noqa: E402
from lextrack.citations.find import scan  # noqa: E402
from lextrack.codes import find_code  # noqa: E402
from lextrack.nums import canonical_num  # noqa: E402

_ANNEX = re.compile(r"Annexe (\d)")


def folder_code(folder: str) -> str | None:
    """The slug of a bundle folder ("Code Général Des Impôts, Annexe 2, Cgian2", "Code Minier (Nouveau)")."""
    name = re.sub(r"\s*\(Nouveau\)", "", folder)
    name = re.sub(r",? Cgi(an\d)?$", "", name)
    m = _ANNEX.search(folder)
    if m:
        name = "Code général des impôts, annexe " + ("I", "II", "III", "IV")[int(m.group(1)) - 1]
    if "Légion" in folder:
        name = "Code de la Légion d'honneur, de la Médaille militaire et de l'ordre national du Mérite"
    code = find_code(name) or find_code(folder)
    return code.slug if code else None


def bundle_articles(repo: Path) -> set[tuple[str, str]]:
    paths = subprocess.run(
        ["git", "-C", str(repo), "-c", "core.quotePath=false", "log", "--all", "--no-renames", "--name-only",
         "--pretty=format:"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    codes: dict[str, str | None] = {}
    out: set[tuple[str, str]] = set()
    for path in paths:
        folder, _, rest = path.partition("/")
        name = rest.rsplit("/", 1)[-1]
        if not name.startswith("Article ") or not name.endswith(".md"):
            continue
        if folder not in codes:
            codes[folder] = folder_code(folder)
        code = codes[folder]
        num = canonical_num(name[len("Article ") : -len(".md")])
        if code and num:
            out.add((code, num))
    return out


def corpus_articles(corpus: Path) -> set[tuple[str, str]]:
    """(code, num) of every article file of the bundled corpus, as the parser reads them: the gold
    sentences of those codes come from these files, some of articles the bundle's history lacks."""
    from lextrack.errors import LextrackError
    from lextrack.parser import parse_file

    out: set[tuple[str, str]] = set()
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in (".md", ".txt", ".xml") or not path.is_file() or path.name == "README.md":
            continue
        try:
            article = parse_file(path)
        except (LextrackError, ValueError):
            continue
        if article.code and article.num:
            out.add((article.code, article.num))
    return out


def mentioned(gold: Path) -> set[str]:
    """Every article number the gold sentences write, in LEGI's spelling."""
    nums: set[str] = set()
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for f in scan(json.loads(line)["text"]):
                nums.update(n for n in (f.num, f.to) if n)
    # "R. 165-32" may be the article LEGI numbers R*165-32: the resolver asks for both spellings
    nums |= {f"{n[0]}*{n[1:]}" for n in nums if n[:1] in ("R", "D") and n[1:2].isdigit()}
    # the CGI's "1854-2" is the 2 of article 1854: the resolver asks for the article
    nums |= {parts[0] for n in nums if (parts := dash_paragraph("code-general-des-impots", n)) is not None}
    return nums


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", type=Path, help="a clone of steeve-everything-64-codes.bundle")
    ap.add_argument("gold", nargs="?", type=Path, default=ROOT / "tests" / "data" / "citations_dev.jsonl")
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "tests" / "data" / "citations_catalogue.tsv")
    args = ap.parse_args()
    articles = bundle_articles(args.repo)
    codes = sorted({c for c, _ in articles})
    # The corpus holds parts of codes only (198 articles of the Code civil): it adds articles to codes the
    # bundle covers, never a code of its own, which the catalogue would then think it knows whole.
    articles |= {(c, n) for c, n in corpus_articles(ROOT / "corpus") if c in codes}
    nums = mentioned(args.gold)
    keep = sorted((c, n) for c, n in articles if n in nums)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# code<TAB>num: articles the codes of steeve-everything-64-codes.bundle ever had (whole\n")
        fh.write("# history), for the numbers tests/data/citations_dev.jsonl mentions.\n")
        fh.write("# Made by scripts/make_citations_catalogue.py; an empty num: a code the bundle has.\n")
        for code in codes:
            fh.write(f"{code}\t\n")
        for code, num in keep:
            fh.write(f"{code}\t{num}\n")
    print(
        f"{len(codes)} codes, {len(articles)} articles in the bundle; {len(keep)} kept ({len(nums)} numbers)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
