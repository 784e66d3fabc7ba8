#!/usr/bin/env python3
"""Every distinct article file of a git history through the parser: what it refuses, flags or warns about.

    python scripts/scan_history.py /work/shared/corpus-real/git/steeve-everything-64-codes.bundle
    python scripts/scan_history.py REPO --branch main --out scan.jsonl --limit 5000

A file is given to the parser as ingest gives it (lextrack.store.articles.read_article, with its path in the
history: the folders name the code and the sections), once per distinct (blob, folder). Prints the counts of
rejected, damaged and warned files by class, and writes one JSON line per such file to --out. The classes
and counts of the 64-code bundle are in docs/damaged-input.md. A script, not a test: it reads ~200 000 blobs.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.errors import ParseError  # noqa: E402
from lextrack.store.articles import is_article_path, read_article  # noqa: E402
from lextrack.store.history import opened_git_dir  # noqa: E402


def article_blobs(repo: Path, branch: str) -> list[tuple[str, str, str]]:
    """(blob, path, commit) of the first commit adding each distinct (blob, folder) article file."""
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "--raw", "-z", "--no-renames", "--no-abbrev", "--format=%x01%H"]
        + [branch],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8", errors="replace")
    seen: dict[tuple[str, str], tuple[str, str, str]] = {}
    commit = ""
    fields = log.split("\0")
    i = 0
    while i < len(fields):
        field = fields[i].lstrip("\n")
        if field.startswith("\x01"):
            commit = field[1:].strip()
            i += 1
            continue
        if field.startswith(":"):
            meta = field[1:].split()
            path = fields[i + 1]
            i += 2
            if meta[4][0] != "D" and is_article_path(path):
                key = (meta[3], path.rsplit("/", 1)[0])
                seen[key] = (meta[3], path, commit)  # log is newest first: keep the oldest commit
            continue
        i += 1
    return list(seen.values())


def read_blobs(repo: Path, blobs: list[str]):
    """Yield the bytes of each blob, in order, from one `git cat-file --batch`."""
    proc = subprocess.Popen(
        ["git", "-C", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert proc.stdin and proc.stdout
    import threading

    def feed() -> None:
        for b in blobs:
            proc.stdin.write(b.encode() + b"\n")
        proc.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    for _ in blobs:
        header = proc.stdout.readline().split()
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)
        yield data
    proc.wait()


_DIGITS = re.compile(r"\d+")


def problem_class(problem: str) -> str:
    """A reason without its numbers and quoted words: the class the counts group by."""
    return _DIGITS.sub("N", re.sub(r"'[^']*'|\"[^\"]*\"", "…", problem.split(" (commit")[0]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="a git bundle or repository")
    ap.add_argument("--branch", default="HEAD")
    ap.add_argument("--out", type=Path, help="write one JSON line per rejected, damaged or warned file")
    ap.add_argument("--limit", type=int, default=0, help="only the first N distinct files (a quick run)")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    with opened_git_dir(args.source) as git_dir:  # (a bundle is unpacked, as ingest does)
        repo = Path(git_dir)
        files = article_blobs(repo, args.branch)
        if args.limit:
            files = files[: args.limit]
        rejected: Counter[str] = Counter()
        damaged: Counter[str] = Counter()
        warned: Counter[str] = Counter()
        out = args.out.open("w", encoding="utf-8") if args.out else None
        for (blob, path, commit), data in zip(files, read_blobs(repo, [f[0] for f in files]), strict=True):
            row: dict | None = None
            try:
                art = read_article(data, path)
            except ParseError as exc:
                rejected[problem_class(exc.problem)] += 1
                row = {"kind": "rejected", "reason": exc.problem, "line": exc.line}
            else:
                damage = getattr(art, "damaged", None)
                warnings = getattr(art, "warnings", ())
                if damage:
                    damaged[problem_class(damage)] += 1
                for w in warnings:
                    warned[problem_class(w)] += 1
                if damage or warnings:
                    kind = "damaged" if damage else "warned"
                    row = {"kind": kind, "reason": damage, "warnings": list(warnings)}
            if row is not None and out:
                row.update(path=path, blob=blob, commit=commit)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        if out:
            out.close()
    elapsed = time.perf_counter() - started
    print(f"{len(files)} distinct article files read in {elapsed:.0f}s")
    for title, counts in (("rejected", rejected), ("damaged (read)", damaged), ("warnings", warned)):
        print(f"{title}: {sum(counts.values())}")
        for reason, n in counts.most_common():
            print(f"  {n:6d}  {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
