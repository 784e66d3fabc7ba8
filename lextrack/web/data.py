"""What the web layer reads: the store's index opened read-only, an in-memory word index, cached graphs.

The web app never writes to the store: the index is opened with SQLite's `mode=ro` URI, the git view is
not touched, and the full-text index lives in memory (rebuilt at start-up, a second or so for a code).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx

from lextrack.errors import StoreError
from lextrack.graph import queries
from lextrack.graph.build import build_graph
from lextrack.store import Store
from lextrack.store.index import Index


def index_path(store_dir: Path) -> Path:
    path = store_dir / "index.sqlite"
    if not path.is_file():
        raise StoreError(f"{store_dir}: no store here (run `lextrack ingest` first, or give --store)")
    return path


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection: SQLite itself refuses any write through it."""
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the index read-only: {exc}") from None
    return conn


class _ReadOnlyIndex(Index):
    """The store's Index API over a read-only connection (no schema set-up, no WAL pragma)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:  # noqa: D107
        self.path = path
        self.conn = conn


@contextmanager
def open_store(path: Path) -> Iterator[Store]:
    """A Store whose reading methods (at, history, diff, changes) run on a fresh read-only connection."""
    conn = connect_ro(path)
    try:
        yield Store(path.parent, _ReadOnlyIndex(conn, path), None)  # type: ignore[arg-type]
    finally:
        conn.close()


_WORD = re.compile(r"\w+", re.UNICODE)


class SearchIndex:
    """SQLite FTS5 over the text of each article as in force on the day the app started."""

    def __init__(self, store_path: Path, day: str | None = None) -> None:
        self.day = day or date.today().isoformat()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.lock = threading.Lock()
        self.conn.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, num, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        with open_store(store_path) as store:
            rows = []
            for aid in store.index.article_ids():
                row = store.index.at(aid, self.day)
                if row is None or row.kind != "text":
                    continue
                rows.append((aid, aid.rpartition("/")[2], store.index.text(row.text_sha) or ""))
        self.conn.executemany("INSERT INTO docs (id, num, body) VALUES (?, ?, ?)", rows)
        self.size = len(rows)

    def search(self, words: str, limit: int = 50) -> list[dict[str, Any]]:
        """Articles holding every word (accents ignored), best first, with a snippet marked \\x02…\\x03."""
        tokens = _WORD.findall(words)
        if not tokens:
            return []
        query = " ".join('"' + t.replace('"', "") + '"' for t in tokens[:20])
        with self.lock:
            cur = self.conn.execute(
                "SELECT id, snippet(docs, 2, char(2), char(3), '…', 16) FROM docs WHERE docs MATCH ? "
                "ORDER BY rank LIMIT ?",
                (query, limit),
            )
            return [{"id": aid, "snippet": snip} for aid, snip in cur]


class GraphCache:
    """The citation graph and `check` are computed once per date asked (a fraction of a second each)."""

    def __init__(self, store_path: Path) -> None:
        self.path = store_path
        self.lock = threading.Lock()
        self._graph = lru_cache(maxsize=8)(self._build)
        self._check: dict[str, Any] | None = None

    def _build(self, day: str | None) -> nx.MultiDiGraph:
        conn = connect_ro(self.path)
        try:
            return build_graph(conn, date=day)
        finally:
            conn.close()

    def graph(self, day: str | None = None) -> nx.MultiDiGraph:
        with self.lock:
            return self._graph(day)

    def check(self) -> dict[str, Any]:
        with self.lock:
            if self._check is None:
                conn = connect_ro(self.path)
                try:
                    self._check = queries.check(conn)
                finally:
                    conn.close()
            return self._check
