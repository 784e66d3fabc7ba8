"""Every version of a git history whose start is not its commit's date, with the rule that moved it.

    .venv/bin/python scripts/dates_report.py HISTORY.bundle [--list OUT.tsv]
    .venv/bin/python scripts/dates_report.py HISTORY.bundle --under DIR --against ETALAB.bundle

Reads the history's log only (no ingest): each commit that adds or changes article files is dated as the
store dates it (lextrack.store.subject_dates: the committer date where it is not the author date, LEGI's
start in steeve's histories; else En Vigueur Le, Modification du … de source inconnue,
publication for a commit dated by its text's signature, the commit's date, a date recovered before 1970).
Prints the counts by rule, and with --list every moved version (path, commit date, start, rule, subject).
It dates each commit alone: an article's first version that a later change moves before it (an article added
under a decision, an edition or its commit's date alone: lextrack.store.creations) keeps its commit's rule.

--against: a second history of the same articles dated by entry into force (etalab's, which LEGI dates): for
each version, the other history's version of the same article by the same text (same text number, or an
"origine indéterminée" change within a year for the "source inconnue" ones) says whether our start is right.
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.store.history import opened_git_dir  # noqa: E402
from lextrack.store.subject_dates import commit_dates, is_placeholder, publications, real_time  # noqa: E402

_NUMBER = re.compile(r"\b(\d{2,4}-\d{2,5})\b")
_ARTICLE = re.compile(r"(?i)article[- ](.+)\.md$")


def versions(repo: Path, under: str | None = None) -> tuple[list[tuple], list[str]]:
    """(path, status, timestamp, day, subject, committer date or None) of each article file a commit adds,
    changes or deletes."""
    args = ["git", "--git-dir", str(repo), "-c", "core.quotePath=false", "log", "--reverse",
            "--format=\x1e%at\x1f%ad\x1f%ct\x1f%cd\x1f%s", "--date=short", "--name-status",
            "--no-renames"]  # fmt: skip
    out = subprocess.run(args + (["--", under] if under else []), capture_output=True, text=True).stdout
    rows, subjects = [], []
    for chunk in out.split("\x1e")[1:]:
        head, _, body = chunk.partition("\n")
        ts, day, cts, cday, subject = head.split("\x1f", 4)
        committed = cday if real_time(cts) is not None else None  # the ingest's reading (history._committed)
        subjects.append(subject)
        for line in body.splitlines():
            status, _, path = line.partition("\t")
            if path and _ARTICLE.search(path.rsplit("/", 1)[-1]):
                rows.append((path, status[:1], int(ts), day, subject, committed))
    return rows, subjects


def article_num(path: str) -> str:
    m = _ARTICLE.search(path.rsplit("/", 1)[-1])
    return m.group(1).upper().replace(" ", "-") if m else path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("history", type=Path)
    ap.add_argument("--list", type=Path, help="write every moved version here (TSV)")
    ap.add_argument("--against", type=Path, help="a history of the same articles dated by entry into force")
    ap.add_argument("--under", help="compare only this folder of HISTORY (its articles are AGAINST's)")
    args = ap.parse_args()
    with opened_git_dir(args.history) as git_dir:  # (a bundle is unpacked, as ingest does)
        repo = Path(git_dir)
        rows, subjects = versions(repo, args.under)
        published = publications(subjects)
        counts: collections.Counter[str] = collections.Counter()
        moved = []
        dated = []
        for path, status, ts, day, subject, committed in rows:
            if status == "D":
                continue
            d = commit_dates(subject, day, is_placeholder(ts), published, committed)
            counts[d.rule] += 1
            dated.append((path, day, d, subject))
            if d.start != day and not is_placeholder(ts):
                counts[f"{d.rule}, moved"] += 1
                moved.append((path, day, d.start, d.rule, subject))
        print(f"{len(dated)} versions added or changed by {len(subjects)} commits, by the rule dating them:")
        for key in sorted(counts):
            print(f"  {counts[key]:7d}  {key}")
        if args.list:
            with args.list.open("w", encoding="utf-8") as f:
                f.write("path\tcommit_date\tstart\trule\tsubject\n")
                f.writelines("\t".join(r) + "\n" for r in moved)
            print(f"{len(moved)} versions whose start is not their commit's date listed in {args.list}")
        if args.against:
            with opened_git_dir(args.against) as against:
                compare(dated, Path(against))


def compare(dated: list[tuple], repo: Path) -> None:
    other: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for path, status, _ts, day, subject, _committed in versions(repo)[0]:
        if status != "D":
            other[article_num(path)].append((day, subject))
    verdicts: collections.Counter[tuple[str, str]] = collections.Counter()
    for path, day, d, subject in dated:
        theirs = other.get(article_num(path))
        if not theirs:
            continue
        if d.rule == "unknown_source":
            same = [t for t, s in theirs if "indéterminée" in s and abs(int(t[:4]) - int(d.start[:4])) <= 1]
        else:
            numbers = set(_NUMBER.findall(subject))
            same = [t for t, s in theirs if numbers & set(_NUMBER.findall(s))]
        if not same:
            verdicts[(d.rule, "no version of the same text there")] += 1
        elif d.start in same:
            verdicts[(d.rule, "same start")] += 1
        elif day in same:
            verdicts[(d.rule, "their date is the commit's")] += 1
        else:
            verdicts[(d.rule, "another date")] += 1
    print("against the history dated by entry into force, versions of the same article by the same text:")
    for (rule, verdict), n in sorted(verdicts.items()):
        print(f"  {n:7d}  {rule}: {verdict}")


if __name__ == "__main__":
    main()
