#!/usr/bin/env python3
"""Two stores of the same articles asked the same `at` questions: where does one answer otherwise?

    .venv/bin/python scripts/compare_stores.py STORE REFERENCE [--days 2001-06-01,2008-01-01] [--out F]

REFERENCE is a store whose dates are trusted (one built from etalab's history, which LEGI dates, or from a
LEGI dump); STORE one built from another source of the same articles (steeve's history). Each article of
REFERENCE that STORE holds too is asked `at` on each day, in both; the answers are compared by status and by
the words of the text (the sources format texts otherwise: wrapped lines, tables, HTML). Prints the count of
each class ("same", "text differs", "status X vs Y", "not in STORE") and the article most affected by each.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.errors import LextrackError  # noqa: E402
from lextrack.store import Store  # noqa: E402

DAYS = "2001-06-01,2004-01-01,2006-01-01,2008-01-01,2012-01-01,2014-06-01"


def words(text: str | None) -> str:
    return re.sub(r"\W+", " ", text or "").strip().lower()


def compare(store: Store, reference: Store, days: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Class -> [(article, day)]."""
    cases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for aid in reference.index.article_ids():
        try:
            store.history(aid)
        except LextrackError:
            cases["not in STORE"].append((aid, ""))
            continue
        for day in days:
            a, b = store.at(aid, day), reference.at(aid, day)
            if a["status"] != b["status"]:
                what = f"status {a['status']} vs {b['status']}"
            elif words((a.get("version") or {}).get("text")) == words((b.get("version") or {}).get("text")):
                what = "same"
            else:
                what = "text differs"
            cases[what].append((aid, day))
    return cases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("reference", type=Path)
    ap.add_argument("--days", default=DAYS, help=f"comma-separated ISO days (default {DAYS})")
    ap.add_argument("--out", type=Path, help="every case but 'same', as JSON")
    args = ap.parse_args(argv)
    days = args.days.split(",")
    try:
        with Store.open(args.store, create=False) as store, Store.open(args.reference, create=False) as ref:
            cases = compare(store, ref, days)
    except LextrackError as exc:  # no store there, one of another lextrack: said, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    total = sum(len(v) for k, v in cases.items() if k != "not in STORE")
    print(f"{total} answers (articles × {len(days)} days) of {args.store} against {args.reference}:")
    for what, found in sorted(cases.items(), key=lambda kv: -len(kv[1])):
        top = Counter(aid for aid, _ in found).most_common(1)[0][0] if what != "same" else ""
        print(f"  {len(found):7d}  {what}" + (f"  (e.g. {top})" if top else ""))
    if args.out:
        args.out.write_text(json.dumps({k: v for k, v in cases.items() if k != "same"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
