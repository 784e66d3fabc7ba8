"""One writer at a time: an flock on <store>/lock, released by the kernel even after kill -9."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lextrack.errors import StoreError
from lextrack.store.entries import LOCK

DEFAULT_WAIT = float(os.environ.get("LEXTRACK_LOCK_WAIT", "30"))


@contextmanager
def store_lock(store_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Wait up to `wait` seconds for the write lock, then fail naming the holder."""
    wait = DEFAULT_WAIT if wait is None else wait
    path = store_dir / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                    raise StoreError(
                        f"{store_dir}: another ingest holds the store (pid {holder}); "
                        f"gave up after {wait:g}s — retry when it ends"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
