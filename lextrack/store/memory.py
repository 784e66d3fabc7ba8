"""Memory an ingest no longer needs, given back to the system: SQLite's page cache, then glibc's heap (which
keeps what is freed otherwise), before git and the view's rendering need it."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sqlite3


def give_back(conn: sqlite3.Connection) -> None:
    """Free the pages SQLite's cache holds beyond its size, and return the freed heap to the system.

    A page the open transaction has changed cannot be freed until SQLite writes it out, which it does when a
    later read needs room in the cache: call this again after such a read (the git view's first pass over
    the versions does it) to return what it released."""
    conn.execute("PRAGMA shrink_memory")
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


@functools.cache
def _libc():  # noqa: ANN202
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
