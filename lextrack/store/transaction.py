"""One all-or-nothing write of the store: what every writer (an ingest, a LEGI dump, a rebuild of the view)
does when it fails half-way."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from lextrack.errors import StoreError
from lextrack.store.gitrepo import GitRepo
from lextrack.store.index import Index


@contextmanager
def all_or_nothing(index: Index, repo: GitRepo, what: str) -> Iterator[None]:
    """Around a write from BEGIN to COMMIT: on any failure the transaction is rolled back and the pending
    ref git wrote is dropped (its objects stay unreferenced), so the store answers as before. A failure of
    the disk (full, or a write refused) says which part of the store and that nothing of `what` was kept,
    instead of SQLite's or the system's bare words."""
    try:
        yield
    except BaseException as exc:
        if index.conn.in_transaction:
            index.conn.execute("ROLLBACK")
        repo.update_ref_quiet_pending()
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"{index.path}: {exc}; nothing of this {what} was kept") from exc
        if isinstance(exc, OSError) and not exc.filename:  # git's stream files, in the repository
            raise StoreError(f"{repo.path}: {exc.strerror or exc}; nothing of this {what} was kept") from exc
        raise
