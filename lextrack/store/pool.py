"""Parsing on every core: a pool of processes that read their own blobs, parse them and extract edges."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from functools import cache

from lextrack.errors import ParseError
from lextrack.model import Article
from lextrack.store.articles import read_article
from lextrack.store.blobs import read_blobs
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


def _parse_chunk(git_dir: str, chunk: list[tuple[str, str]]) -> list[_Parsed]:
    """Worker: read its files from git itself (decompression is parallel too) and parse each."""
    blobs = read_blobs(git_dir, [b for b, _ in chunk])
    return [_parse_one(blobs[b], p) if b in blobs else (None, None, None) for b, p in chunk]


def _parse_one(data: bytes, path: str) -> _Parsed:
    """Parse one file and extract its edges; it computes only, the parent writes everything.

    What goes back is what the parent uses, as plain tuples (a tenth of the pickling cost of the objects):
    the article without its clause tree and markup (the edges, computed here, were all the parent needed
    them for) and each edge as the row the parent inserts.
    """
    try:
        art = read_article(data, path)
    except ParseError as exc:
        return None, None, (exc.problem, exc.path, exc.line)
    dropped = {"clauses": (), "html": None}
    slim = tuple(dropped[f] if f in dropped else getattr(art, f) for f in _field_names(Article))
    edges = [ref_row(r) for r in refs_of(art, None, None)]
    return slim, edges, None


def parse_in_parallel(
    git_dir: str, added: list[tuple[str, str]]
) -> tuple[dict[tuple[str, str], Article], dict[tuple[str, str], list], dict[tuple[str, str], ParseError]]:
    """Every (blob, folder) parsed, and its edges extracted, by a pool of processes; results come back in
    input order, so the history built from them is the same as a serial run's. A file the parser refuses
    is kept as its error, raised when the history reaches it (so the message names the commit); one git
    does not give (too large) is left to the caller, which refuses it by its size."""
    articles: dict[tuple[str, str], Article] = {}
    computed: dict[tuple[str, str], list] = {}
    failed: dict[tuple[str, str], ParseError] = {}
    n = workers()
    size = max(16, len(added) // (n * 8))
    chunks = [added[i : i + size] for i in range(0, len(added), size)]
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        done = pool.map(_parse_chunk, [git_dir] * len(chunks), chunks)
        for (blob, path), (slim, edges, err) in zip(added, (r for rs in done for r in rs), strict=True):
            key = (blob, path.rsplit("/", 1)[0])
            if err is not None:
                failed[key] = ParseError(*err)
            elif slim is not None:
                articles[key] = Article(*slim)
                if edges is not None:
                    computed[key] = edges
    return articles, computed, failed
