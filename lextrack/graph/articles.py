"""What the index knows of each article, read as lextrack.timeline reads it.

Rows come from the store's `versions` table when it exists (the truth for dates), else from `ref_versions`
(what record_refs saw of a file no store dated). Every status the graph, `check` and the web view give is
the timeline's: a gap the sources leave is unknown, never abrogated; a file read without a date is in force
from the day it was read, unknown before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from typing import NamedTuple

from lextrack.timeline import Answer, Stretch, status_on, stretches
from lextrack.vocab import END_KINDS, HIDDEN_STATES, KIND_STATE, LIVE_SQL, RowKind, State, Status

UNDATED = "undated"  # a store row's origin when its start is only the day a file was read
_CHUNK = 900  # ids per `IN (…)`: under SQLite's default limit of 999 parameters
_STATUS_OF_KIND = {RowKind.TEXT: Status.IN_FORCE, RowKind.ABROGATION: Status.ABROGATED,
                   RowKind.TRANSFER: Status.TRANSFERRED}  # fmt: skip


class Span(NamedTuple):
    """One live row as the timeline reads it (lextrack.timeline.Dated); a tuple: the whole store's rows are
    read at once for exports, stats and check."""

    kind: str
    start: str  # '' when the source gives none (a file no store dated): in force since always
    end: str | None
    state: str
    date_uncertain: bool = False
    origin: str = "file"
    successor: str | None = None
    seq: int = 0

    @property
    def known_start(self) -> str | None:
        """The start as a fact about the law: None when it is only the day a file was read, or unknown."""
        return None if self.origin == UNDATED or not self.start else self.start


@dataclass
class ArticleInfo:
    """One article of the corpus: its rows and what the timeline says of them."""

    id: str
    code: str
    num: str
    hierarchy: str | None = None
    title: str | None = None
    legi_id: str | None = None
    rows: list[Span] = field(default_factory=list)

    @cached_property
    def stretches(self) -> list[Stretch[Span]]:
        return stretches(self.rows)

    @cached_property
    def undated(self) -> frozenset[str]:
        """Starts that are only the day a file was read: the edges of those versions start unknown."""
        return frozenset(r.start for r in self.rows if r.origin == UNDATED)

    def answer(self, day: str) -> Answer[Span]:
        return status_on(self.rows, day)

    def stretch_on(self, day: str) -> Stretch[Span]:
        return next(s for s in self.stretches if s.holds(day))

    def in_force_on(self, day: str) -> bool:
        return self.stretch_on(day).status == Status.IN_FORCE

    @property
    def first(self) -> str | None:
        """The first day the article is known in force (None: unknown, or since always)."""
        s = next((s for s in self.stretches if s.status == Status.IN_FORCE), None)
        return s.row.known_start if s is not None and s.row is not None else None

    @property
    def last(self) -> str | None:
        """The day it stopped being in force for good (None while it is in force at the end)."""
        ends = self.stretches[-1]
        return None if ends.status == Status.IN_FORCE else ends.start

    @property
    def state(self) -> Status:
        """Its status after all the store knows of it: the last stretch's, read off the last row."""
        if not self.rows:
            return Status.UNKNOWN
        last = max(reversed(self.rows), key=lambda r: (r.start, r.seq))  # ties: the later row, as sorted
        return Status.UNKNOWN if last.end is not None else _STATUS_OF_KIND[last.kind]

    @property
    def successor(self) -> str | None:
        last = self.stretches[-1]
        return last.row.successor if last.status == Status.TRANSFERRED and last.row is not None else None

    def successors(self) -> set[str]:
        """Every successor its transfers name."""
        return {r.successor for r in self.rows if r.kind == RowKind.TRANSFER and r.successor}


# --- reading ---------------------------------------------------------------------------------------------


def has_store_tables(conn: sqlite3.Connection) -> bool:
    return bool(_columns(conn, "versions")) and bool(_columns(conn, "articles"))


def load_articles(
    conn: sqlite3.Connection, ids: Iterable[str] | None = None, *, meta: bool = True
) -> dict[str, ArticleInfo]:
    """The corpus's articles (all, or those of `ids` that are in it) with their rows.

    meta: also read hierarchy, title and LEGI id from `ref_versions` (node attributes of exports).
    """
    wanted = None if ids is None else sorted(set(ids))
    articles: dict[str, ArticleInfo] = {}
    store = has_store_tables(conn)
    if store:
        for chunk in _chunks(wanted):
            _load_store(conn, articles, chunk)
    if not _columns(conn, "ref_versions"):
        return articles
    if wanted is not None and store and not meta:
        wanted = [i for i in wanted if i not in articles]  # only ids the store does not know
    in_store = set(articles) if store else set()
    for chunk in _chunks(wanted):
        _load_ref_versions(conn, articles, chunk, in_store, meta)
    return articles


def article_codes(conn: sqlite3.Connection) -> dict[str, str]:
    """Every article of the corpus and its code, without its rows (the temporal graph holds them all)."""
    out: dict[str, str] = {}
    store = has_store_tables(conn)
    if store:
        out.update(conn.execute("SELECT id, code FROM articles"))
    if _columns(conn, "ref_versions"):
        sql = "SELECT article_id, code FROM ref_versions ORDER BY article_id DESC, start DESC"
        if store:
            sql = sql.replace(" ORDER", " WHERE article_id NOT IN (SELECT id FROM articles) ORDER")
        out.update(conn.execute(sql))  # the first row of each article, as load_articles reads it, wins
    return out


def undated_starts(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """ArticleInfo.undated of every article that has one, in one query."""
    if not has_store_tables(conn) or "origin" not in _columns(conn, "versions"):
        return {}
    sql = (
        f"SELECT article_id, start FROM versions WHERE origin = '{UNDATED}' AND {LIVE_SQL}"
        " ORDER BY article_id"
    )
    rows = groupby(conn.execute(sql), key=lambda r: r[0])
    return {aid: frozenset(r[1] for r in group) for aid, group in rows}


def rows_around(conn: sqlite3.Connection, ids: Iterable[str], day: str) -> dict[str, list[Span]]:
    """For each article of the store among `ids`: its last live row starting on or before `day` and its
    first live row after it — all timeline.status_on reads to answer for `day` (its answer from these rows is
    its answer from all of them), found by the index as `Index.at` finds them for `at`."""
    out: dict[str, list[Span]] = {}
    if not has_store_tables(conn):
        return out
    cols = "kind, start, end, state, date_uncertain, origin, successor, seq"
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk or ()))
        for op, order in (("<=", "DESC"), (">", "ASC")):
            sql = (
                f"SELECT article_id, {cols} FROM (SELECT article_id, {cols}, row_number() OVER ("
                f"PARTITION BY article_id ORDER BY start {order}, seq {order}) AS n FROM versions"
                f" WHERE article_id IN ({marks}) AND start {op} ? AND {LIVE_SQL}) WHERE n = 1"
            )
            for aid, k, st, e, state, u, o, succ, q in conn.execute(sql, (*(chunk or ()), day)):
                out.setdefault(aid, []).append(Span(k, st, e, state, bool(u), o, succ, q))
    return out


def corpus_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    """Those of `ids` that are articles of the corpus (the store's, or known only from refs)."""
    found: set[str] = set()
    store = has_store_tables(conn)
    refs_only = bool(_columns(conn, "ref_versions"))
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk or ()))
        if store:
            sql = f"SELECT id FROM articles WHERE id IN ({marks})"
            found |= {r[0] for r in conn.execute(sql, chunk or ())}
        if refs_only:
            sql = f"SELECT DISTINCT article_id FROM ref_versions WHERE article_id IN ({marks})"
            found |= {r[0] for r in conn.execute(sql, chunk or ())}
    return found


def _chunks(ids: list[str] | None) -> Iterator[list[str] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _where(column: str, chunk: list[str] | None, extra: str = "") -> tuple[str, list[str]]:
    clauses = [extra] if extra else []
    if chunk is not None:
        clauses.append(f"{column} IN ({','.join('?' * len(chunk))})")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), list(chunk or ())


def _load_store(conn: sqlite3.Connection, articles: dict[str, ArticleInfo], chunk: list[str] | None) -> None:
    where, args = _where("id", chunk)
    hier = "hierarchy" if "hierarchy" in _columns(conn, "articles") else "NULL"
    for aid, code, num, h in conn.execute(f"SELECT id, code, num, {hier} FROM articles{where}", args):
        articles[aid] = ArticleInfo(aid, code, num, hierarchy=hierarchy_text(h))
    cols = _columns(conn, "versions")
    pick = ", ".join(
        c if c in cols else default
        for c, default in (("kind", "'text'"), ("successor", "NULL"), ("origin", "'file'"),
                           ("date_uncertain", "0"), ("seq", "0"))
    )  # fmt: skip
    where, args = _where("article_id", chunk, LIVE_SQL)
    sql = f"SELECT article_id, start, end, state, {pick} FROM versions{where} ORDER BY article_id, start"
    for aid, group in groupby(conn.execute(sql, args), key=lambda r: r[0]):
        info = articles.get(aid)
        if info is None:
            code, _, num = aid.rpartition("/")
            info = articles[aid] = ArticleInfo(aid, code, num)
        info.rows = [Span(k, s, e, st, bool(u), o, succ, q) for _, s, e, st, k, succ, o, u, q in group]


def _load_ref_versions(
    conn: sqlite3.Connection,
    articles: dict[str, ArticleInfo],
    chunk: list[str] | None,
    in_store: set[str],
    meta: bool,
) -> None:
    only_new = bool(in_store) and not meta and chunk is None  # the store's articles need nothing from here
    new_only = "article_id NOT IN (SELECT id FROM articles)" if only_new else ""
    where, args = _where("article_id", chunk, new_only)
    sql = (
        "SELECT article_id, start, end, code, num, state, hierarchy, title, legi_id FROM ref_versions"
        f"{where} ORDER BY article_id, start"
    )
    for aid, group in groupby(conn.execute(sql, args), key=lambda r: r[0]):
        rows = list(group)
        info = articles.get(aid)
        if info is None:
            info = articles[aid] = ArticleInfo(aid, rows[0][3], rows[0][4])
        if meta:
            info.hierarchy = info.hierarchy or next((r[6] for r in rows if r[6]), None)
            info.title = info.title or next((r[7] for r in rows if r[7]), None)
            info.legi_id = info.legi_id or next((r[8] for r in rows if r[8]), None)
        if aid not in in_store:
            info.rows = [span for r in rows for span in _ref_spans(r[1], r[2], r[5])]


def _ref_spans(start: str, end: str | None, state: str | None) -> list[Span]:
    """A version as record_refs saw it -> rows: an abrogated or transferred one ends with its end row."""
    if state in HIDDEN_STATES:
        return []
    if state in (State.ABROGATED, State.TRANSFERRED) and end:
        kind = next(k for k in END_KINDS if KIND_STATE[k] == state)
        return [Span(RowKind.TEXT, start, end, State.MODIFIED), Span(kind, end, None, state)]
    return [Span(RowKind.TEXT, start, end, state or State.IN_FORCE)]


def hierarchy_text(value: str | None) -> str | None:
    """A hierarchy as the index keeps it (JSON [[level, title], …] or text) -> "Livre II > Titre I"."""
    if not value:
        return None
    try:
        levels = json.loads(value)
    except ValueError:
        return value
    if isinstance(levels, list):
        titles = [lv[1] if isinstance(lv, list | tuple) and len(lv) > 1 else str(lv) for lv in levels]
        return " > ".join(titles) or None
    return str(levels)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
