#!/usr/bin/env python3
"""A store built from a git history against that history's last tree: does it answer what the files say?

    .venv/bin/lextrack ingest --git HISTORY.bundle --store /tmp/st
    .venv/bin/python scripts/tip_fidelity.py HISTORY.bundle /tmp/st [--day 2026-12-07] [--out cases.json]

Every article file of the branch's last commit is read as ingest reads it (its path in the history names
its code and sections), and `at DAY` of its article is compared with it. A history dated in the order of
its commits (etalab's) must agree everywhere but where a version takes effect after DAY. Where they differ
the script says why, by class:

- "agrees": `at DAY` gives the text of a file at the tip (or of one of its copies: steeve keeps the file of
  an article's old section beside the new one);
- "later text in force": `at DAY` is another text of the store, in force since a date after the tip file's
  own version: the history committed versions out of date order (steeve), the store dates them by the source;
- "not in force": the file is at the tip but the store says the article is abrogated, transferred or not yet
  in force on DAY (a deletion dated later than the re-adding of an older text, a future version);
- "text in no version": no version of the store has the tip file's text (a file's text was lost);
- "not in the store": the article of a tip file is unknown to the store.
The last two would be lextrack's errors. Exit 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.errors import LextrackError  # noqa: E402
from lextrack.store import Store  # noqa: E402
from lextrack.store.articles import is_article_path, read_article  # noqa: E402
from lextrack.store.blobs import read_blobs  # noqa: E402
from lextrack.store.history import code_of_source, opened_git_dir  # noqa: E402

ERRORS = ("text in no version", "not in the store")


def tip_files(repo: Path, branch: str) -> list[tuple[str, str]]:
    """(blob, path) of every article file in the branch's last tree."""
    out = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-z", branch], check=True, capture_output=True
    ).stdout
    files = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, blob = meta.split()
        name = path.decode("utf-8", errors="replace")
        if kind == b"blob" and mode != b"120000" and is_article_path(name):
            files.append((blob.decode(), name))
    return files


def compare(repo: Path, source: Path, store_dir: Path, branch: str, day: str) -> dict[str, list]:
    """Class -> [(article id, tip paths)]."""
    files = tip_files(repo, branch)
    hint = code_of_source(source)
    copies: dict[str, list[tuple[str, str]]] = defaultdict(list)
    cases: dict[str, list] = defaultdict(list)
    blobs = read_blobs(str(repo), [b for b, _ in files])
    for blob, path in files:
        if blob not in blobs:  # larger than the parser takes
            cases["refused by the parser"].append((path, "too large"))
            continue
        try:
            article = read_article(blobs[blob], path, hint=hint)
        except LextrackError as exc:
            cases["refused by the parser"].append((path, str(exc)))
            continue
        copies[article.id].append((path, article.text))
    with Store.open(store_dir, create=False) as store:
        for aid, tip in copies.items():
            paths, texts = [p for p, _ in tip], {t for _, t in tip}
            try:
                versions = store.history(aid)
            except LextrackError:
                cases["not in the store"].append((aid, paths))
                continue
            answer = store.at(aid, day)
            now = (answer.get("version") or {}).get("text")
            if now in texts:
                what = "agrees"
            elif not texts & {v.text for v in versions}:
                what = "text in no version"
            elif answer["status"] != "in_force":
                what = "not in force"
            else:
                what = "later text in force"
            cases[what].append((aid, paths))
    return cases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("history", type=Path, help="the repository or bundle the store was built from")
    ap.add_argument("store", type=Path)
    ap.add_argument("--branch", default="HEAD")
    ap.add_argument("--day", default=date.today().isoformat())
    ap.add_argument("--out", type=Path, help="every case but agreement, as JSON")
    args = ap.parse_args(argv)
    try:
        with opened_git_dir(args.history) as git_dir:  # (a bundle is unpacked, as ingest does)
            cases = compare(Path(git_dir), args.history, args.store, args.branch, args.day)
    except LextrackError as exc:  # no history or no store there: said, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts = Counter({k: len(v) for k, v in cases.items()})
    total = sum(counts.values())
    print(f"{total} articles at the tip of {args.history.name}, `at {args.day}` of the store {args.store}:")
    for what, n in counts.most_common():
        print(f"  {n:7d}  {what}")
        for case in cases[what][:3] if what != "agrees" else ():
            print(f"             {case[0]}  ({case[1][0] if isinstance(case[1], list) else case[1]})")
    if args.out:
        args.out.write_text(json.dumps({k: v for k, v in cases.items() if k != "agrees"}, ensure_ascii=False))
    return 1 if any(counts[e] for e in ERRORS) else 0


if __name__ == "__main__":
    sys.exit(main())
