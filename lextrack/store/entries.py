"""The entries of a store folder, named once: the index (the truth for dates), the git view, the lock."""

from __future__ import annotations

from pathlib import Path

from lextrack.errors import StoreError

INDEX = "index.sqlite"
VIEW = "repo.git"
LOCK = "lock"
# what SQLite keeps beside the index: a rollback journal (a store's first ingest), the WAL and its index
INDEX_COMPANIONS = ("-journal", "-wal", "-shm")
# all that `Store.open` makes in a new folder, and SQLite beside it while it writes
FRESH = frozenset({INDEX, VIEW, LOCK, *(INDEX + suffix for suffix in INDEX_COMPANIONS)})


def no_store(root: Path) -> StoreError:
    return StoreError(f"{root}: no store here (run `lextrack ingest` first, or give --store)")


def existing_index(root: Path) -> Path:
    """The index of the store at `root`, for readers: they never create one."""
    path = root / INDEX
    if not path.is_file():
        raise no_store(root)
    return path
