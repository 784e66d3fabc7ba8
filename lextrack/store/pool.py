"""Parsing on every core: a pool of processes that read their own blobs, parse them and extract edges.

One pool serves a whole history, window after window: the reader hands it the next window's files while
the parent merges and writes the one before.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, fields
from functools import cache
from multiprocessing.util import Finalize

from lextrack.errors import ParseError
from lextrack.model import Article
from lextrack.store.articles import read_article
from lextrack.store.blobs import BlobReader
from lextrack.store.edges import ref_row, refs_of


def workers() -> int:
    """Processes for parsing: LEXTRACK_WORKERS, else one per core."""
    env = os.environ.get("LEXTRACK_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return os.cpu_count() or 1


def parallel_threshold() -> int:
    """Below this many distinct files, starting processes costs more than it saves."""
    env = os.environ.get("LEXTRACK_PARALLEL_MIN", "").strip()
    return int(env) if env.isdigit() else 2000


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_Parsed = tuple[tuple | None, list | None, tuple | None]  # (article fields, edge fields, error)


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file as a worker gave it back: the article without its clause tree (or the parser's error), and
    its edges as the rows the refs table takes (None: not computed, the writer extracts them)."""

    article: Article | None
    edges: list | None = None
    error: ParseError | None = None


def _parse_chunk(
    git_dir: str, chunk: list[tuple[str, str]], code: str | None = None, hint: str | None = None
) -> list[_Parsed]:
    """Worker: read its files from git itself (decompression is parallel too) and parse each."""
    blobs = _reader(git_dir).read_many([b for b, _ in chunk])
    return [_parse_one(blobs[b], p, code, hint) if b in blobs else (None, None, None) for b, p in chunk]


def _parse_one(data: bytes, path: str, code: str | None = None, hint: str | None = None) -> _Parsed:
    """Parse one file and extract its edges; it computes only, the parent writes everything.

    What goes back is what the parent uses, as plain tuples (a tenth of the pickling cost of the objects):
    the article without its clause tree and markup (the edges, computed here, were all the parent needed
    them for) and each edge as the row the parent inserts.
    """
    try:
        art = read_article(data, path, code, hint)
    except ParseError as exc:
        return None, None, (exc.problem, exc.path, exc.line)
    dropped = {"clauses": (), "html": None}
    slim = tuple(dropped[f] if f in dropped else getattr(art, f) for f in _field_names(Article))
    edges = [ref_row(r) for r in refs_of(art, None, None)]
    return slim, edges, None


_READERS: dict[str, BlobReader] = {}  # a worker's `git cat-file`, kept for the whole history


def _reader(git_dir: str) -> BlobReader:
    reader = _READERS.get(git_dir)
    if reader is None:
        reader = _READERS[git_dir] = BlobReader(git_dir)
    return reader


def _close_readers() -> None:
    for reader in _READERS.values():
        reader.close()
    _READERS.clear()


def _start_worker() -> None:
    """A worker collects its garbage, less often than Python's default (a pass per 700 new objects), and
    starts with no reader of its own: one the parent held would share its pipes (fork)."""
    _READERS.clear()
    Finalize(None, _close_readers, exitpriority=10)  # run as the worker exits: no git left behind
    gc.set_threshold(20_000, 20, 20)
    gc.enable()


class ParsePool:
    """A process pool kept for a whole history. `submit` hands it a window's files and returns at once;
    `collect` waits for them. A file git does not give (too large) comes back as None: the caller refuses
    it by its size. Its workers collect their garbage (the ingest pauses the collector: what the parser
    leaves would pile up in them for the whole history)."""

    def __init__(
        self, git_dir: str, code: str | None = None, hint: str | None = None, n: int | None = None
    ) -> None:
        self.git_dir = git_dir
        self.code = code
        self.hint = hint
        self.n = n or workers()
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        self._pool = ProcessPoolExecutor(max_workers=self.n, mp_context=ctx, initializer=_start_worker)

    def submit(self, files: list[tuple[str, str]]) -> list[tuple[list[tuple[str, str]], Future]]:
        size = max(16, len(files) // (self.n * 4))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        return [(c, self._pool.submit(_parse_chunk, self.git_dir, c, self.code, self.hint)) for c in chunks]

    @staticmethod
    def collect(submitted: list[tuple[list[tuple[str, str]], Future]]) -> dict[tuple[str, str], Parsed]:
        """(blob, folder) -> Parsed, in input order (so that a history built from them is a serial run's)."""
        out: dict[tuple[str, str], Parsed] = {}
        for chunk, future in submitted:
            for (blob, path), (slim, edges, err) in zip(chunk, future.result(), strict=True):
                key = (blob, path.rsplit("/", 1)[0])
                if err is not None:
                    out[key] = Parsed(None, None, ParseError(*err))
                elif slim is not None:
                    out[key] = Parsed(Article(*slim), edges)
        return out

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
