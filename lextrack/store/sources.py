"""The git histories a store has read: each with the commit it was read up to, and what its reader needs to
go on from there (tables `sources`, `source_paths` and `source_created`, written in the ingest's own
transaction).

A history is known by its content, never by the path it was given at: the first commit of its first-parent
chain, the folder read (--under) and --code. A later ingest of the same history starts from the remembered
commit when that commit is on the new tip's first-parent chain; one whose tip is that very commit reads
nothing at all.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from lextrack.store.creations import Creation
from lextrack.store.observation import Observation
from lextrack.store.placeholders import Held


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: int
    root: str
    under: str
    code: str
    tip: str
    commits: int
    floor: str | None
    held: str  # JSON
    label: str


@dataclass
class ReaderState:
    """Where a history's reader stands after some commits: what the next commit's changes are read against."""

    commits: int = 0  # commits read: the next one's order number (Observation.seq)
    floor: str | None = None  # the date of the last commit whose date is known
    paths: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (blob, article id)
    held: list[Held] = field(default_factory=list)
    dirty: set[str] | None = None  # paths changed since it was loaded (None: not loaded, every path is new)
    created: dict[str, Creation] = field(default_factory=dict)  # first versions that may move (creations.py)
    created_dirty: set[str] = field(default_factory=set)  # articles whose entry changed since it was loaded


_COLUMNS = "id, root, under, code, tip, commits, floor, held, label"


def unchanged(conn: sqlite3.Connection, tip: str, under: str, code: str) -> SourceRecord | None:
    """A history read up to `tip` already (same folder, same --code)."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM sources WHERE tip=? AND under=? AND code=? ORDER BY id DESC LIMIT 1",
        (tip, under, code),
    ).fetchone()
    return SourceRecord(*row) if row else None


def candidates(conn: sqlite3.Connection, root: str, under: str, code: str) -> list[SourceRecord]:
    """Earlier reads of the same history (same first commit, folder, --code), the latest first."""
    cur = conn.execute(
        f"SELECT {_COLUMNS} FROM sources WHERE root=? AND under=? AND code=? ORDER BY id DESC",
        (root, under, code),
    )
    return [SourceRecord(*r) for r in cur]


def load_state(conn: sqlite3.Connection, rec: SourceRecord) -> ReaderState:
    cur = conn.execute("SELECT path, blob, article_id FROM source_paths WHERE source=?", (rec.id,))
    paths = {p: (b, a) for p, b, a in cur}
    cur = conn.execute(
        "SELECT article_id, start, subject, seq, fallback, text_date, jorf_date "
        "FROM source_created WHERE source=?",
        (rec.id,),
    )
    created = {a: Creation(*rest) for a, *rest in cur}
    held = [_held_from(d) for d in json.loads(rec.held)]
    return ReaderState(rec.commits, rec.floor, paths, held, set(), created)


def save(
    conn: sqlite3.Connection,
    rec: SourceRecord | None,
    *,
    root: str,
    under: str,
    code: str,
    tip: str,
    label: str,
    state: ReaderState,
    text_sha: dict[str, str],
) -> None:
    """Remember where the history was read up to, in the caller's transaction. `rec`: the record this read
    went on from (updated: its old tip is behind the new one), else a new record. `text_sha`: text -> hash
    of the texts merged (held versions keep their text's hash, not the text)."""
    held = json.dumps([_held_dict(h, text_sha) for h in state.held], ensure_ascii=False)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    if rec is None:
        cur = conn.execute(
            "INSERT INTO sources (root, under, code, tip, commits, floor, held, label, at) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (root, under, code, tip, state.commits, state.floor, held, label, at),
        )
        source = cur.lastrowid
        changed = state.paths.keys()
    else:
        source = rec.id
        conn.execute(
            "UPDATE sources SET tip=?, commits=?, floor=?, held=?, label=?, at=? WHERE id=?",
            (tip, state.commits, state.floor, held, label, at, source),
        )
        changed = state.paths.keys() if state.dirty is None else state.dirty
    gone = [(source, p) for p in changed if p not in state.paths]
    conn.executemany("DELETE FROM source_paths WHERE source=? AND path=?", gone)
    conn.executemany(
        "INSERT OR REPLACE INTO source_paths (source, path, blob, article_id) VALUES (?,?,?,?)",
        [(source, p, *state.paths[p]) for p in changed if p in state.paths],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO source_created VALUES (?,?,?,?,?,?,?,?)",
        [
            (source, a, c.start, c.source, c.seq, c.fallback, c.text_date, c.jorf_date)
            for a in state.created_dirty
            if (c := state.created.get(a))
        ],
    )
    state.dirty = set()
    state.created_dirty.clear()


_KEPT = tuple(f.name for f in fields(Observation) if f.name not in ("article", "refs", "text"))


def _held_dict(h: Held, text_sha: dict[str, str]) -> dict:
    sha = h.text_sha
    if h.obs.text is not None:
        from lextrack.store.index import text_sha as sha_of

        sha = text_sha.get(h.obs.text) or sha_of(h.obs.text)
    obs = {k: getattr(h.obs, k) for k in _KEPT}
    return {"obs": obs, "emitted": h.emitted, "blob": h.blob, "path": h.path, "text_sha": sha}


def _held_from(d: dict) -> Held:
    return Held(Observation(**d["obs"]), d.get("emitted"), d.get("blob"), d.get("path"), d.get("text_sha"))
