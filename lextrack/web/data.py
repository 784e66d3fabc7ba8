"""What the web layer reads: the store's index opened read-only, and its full-text index.

The web app never writes to the store: the index is opened with SQLite's `mode=ro` URI and the git view is
not touched. Nothing is built at start-up: the full-text index is the store's (each ingest keeps it), and the
citation sections walk the index around the article shown (lextrack.graph.local).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lextrack import fulltext
from lextrack.errors import StoreError
from lextrack.store import Store
from lextrack.store.index import Index


def _ro_uri(path: Path) -> str:
    return "file:" + quote(str(path.resolve())) + "?mode=ro"


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection: SQLite itself refuses any write through it."""
    uri = _ro_uri(path)
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


class SearchIndex:
    """The store's full-text index (lextrack.fulltext, kept by each ingest). A store made before it had one
    gets one in memory, read from the store at the first search that needs it (as every start once did)."""

    def __init__(self, store_path: Path) -> None:
        self.path = store_path
        self.lock = threading.Lock()
        self._memory: sqlite3.Connection | None = None

    def _index(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        if fulltext.exists(conn) and fulltext.indexed_day(conn) is not None:
            return conn  # an upgraded store has the table, empty until its next ingest: not this one
        with self.lock:
            if self._memory is None:
                memory = sqlite3.connect(":memory:", uri=True, check_same_thread=False, isolation_level=None)
                memory.execute("ATTACH DATABASE ? AS store", (_ro_uri(self.path),))
                memory.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                fulltext.update(memory, ())
                self._memory = memory
            return self._memory

    def search(self, conn: sqlite3.Connection, words: str, limit: int = 50) -> list[dict[str, Any]]:
        """Articles holding every word (accents ignored), best first, with a snippet marked \\x02…\\x03."""
        index = self._index(conn)
        with self.lock if index is self._memory else nullcontext():
            return fulltext.search(index, words, limit)

    def about(self, conn: sqlite3.Connection) -> tuple[int, str | None]:
        """How many articles are indexed, and as in force on which day."""
        index = self._index(conn)
        with self.lock if index is self._memory else nullcontext():
            return fulltext.count(index), fulltext.indexed_day(index)
