"""Every answer a store gives, article by article, as JSON lines: to compare two lextracks on one corpus.

    .venv/bin/python scripts/answers_snapshot.py STORE OUT.jsonl.gz
    PYTHONPATH=OLDER_CHECKOUT .venv/bin/python scripts/answers_snapshot.py STORE_IT_BUILT OLD.jsonl.gz

One line per article: its history, `at` on a few days, what it cites and what cites it; then one line per
`check` date. Only the public API is used, so an older lextrack runs it too (tests/test_answers_unchanged.py
compares a store's answers with those recorded from lextrack 0.1 on the bundled corpus).
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
from pathlib import Path

DAYS = ("1990-01-01", "2005-01-01", "2015-01-01", "2025-01-01")
CHECK_DAYS = ("2005-01-01", "2018-01-01")


def snapshot(store_dir: Path, out: Path) -> int:
    from lextrack.graph import queries
    from lextrack.graph.build import build_graph
    from lextrack.store import Store, history_dict

    n = 0
    with Store.open(store_dir, create=False) as store, gzip.open(out, "wt", encoding="utf-8") as f:
        conn = sqlite3.connect(store_dir / "index.sqlite")
        graph = build_graph(conn)
        for aid in store.index.article_ids():
            row = {
                "id": aid,
                "history": [history_dict(v) for v in store.history(aid)],
                "at": {d: store.at(aid, d) for d in DAYS},
                "cites": queries.cites(graph, aid) if aid in graph else None,
                "cited_by": queries.cited_by(graph, aid) if aid in graph else None,
            }
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n")
            n += 1
        for d in CHECK_DAYS:
            f.write(json.dumps({"check": d, "result": queries.check(conn, date=d)}, ensure_ascii=False,
                               sort_keys=True, default=str) + "\n")  # fmt: skip
        conn.close()
    return n


if __name__ == "__main__":
    print(snapshot(Path(sys.argv[1]), Path(sys.argv[2])), "articles")
