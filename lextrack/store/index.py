"""The SQLite index: every version of every article with its interval. It is the truth for dates.

Rows of kind "text" carry a text in force from `start` to `end` (exclusive, NULL = open). Rows of kind
"abrogation" / "transfer" say the article stopped existing at `start`. Stillborn rows (LEGI MODIFIE_MORT_NE)
are kept for history but take no part in intervals.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path

from lextrack.errors import StoreError
from lextrack.store import schema
from lextrack.timeline import in_order
from lextrack.vocab import HIDDEN_STATES, LIVE_SQL, State


@dataclass(slots=True, unsafe_hash=True)  # not frozen: built by the hundred thousand (model.py says why)
class Row:
    """One version row as the index stores it."""

    article_id: str
    kind: str  # text, abrogation, transfer
    start: str
    end: str | None = None
    state: str = "in_force"
    text_sha: str | None = None
    source: str | None = None
    date_uncertain: bool = False
    origin: str = "file"
    successor: str | None = None
    seq: int = 0
    commit_sha: str | None = None
    hierarchy: str = "[]"  # JSON
    end_hint: str | None = None  # an end the source gives; `end` is computed from it and the next row
    text_date: str | None = None  # the amending text's own date (signature)
    jorf_date: str | None = None  # its publication in the Journal officiel
    damaged: str | None = None  # why this version's file was read only in part (cut short)
    rowid: int | None = None

    @property
    def live(self) -> bool:
        """Takes part in intervals (stillborn versions never were in force; repeats add nothing)."""
        return self.state not in HIDDEN_STATES

    def covers(self, day: str) -> bool:
        return self.live and self.start <= day and (self.end is None or day < self.end)


_COLUMNS = (
    "article_id, kind, start, end, state, text_sha, source, date_uncertain, origin, successor, seq, "
    "commit_sha, hierarchy, end_hint, text_date, jorf_date, damaged, rowid"
)
# Rows come out by start and seq: the order they took effect (timeline.in_order sorts by the same key), one
# day's in the source's. A query in this order needs no sorting after it.
ORDER = "start, seq"


def _row(values: tuple) -> Row:
    return Row(*values[:7], bool(values[7]), *values[8:])


IN_CHUNK = 500  # values bound to one `IN (…)` (SQLite allows 32 766 since 3.32, 999 before)


def select_in(conn: sqlite3.Connection, sql: str, values: Iterable[object]) -> Iterator[tuple]:
    """The rows of `sql` for every value, asked IN_CHUNK values at a time: `sql` holds one `IN ({})`, which
    takes each chunk's placeholders."""
    wanted = list(values)
    for i in range(0, len(wanted), IN_CHUNK):
        part = wanted[i : i + IN_CHUNK]
        yield from conn.execute(sql.format(",".join("?" * len(part))), part)


def text_sha(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


class Index:
    """Thin typed access to the SQLite file; callers own transactions through `conn`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.upgraded: list[str] = []  # what the migrations run on opening said
        try:
            self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._ensure_schema()
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the index: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def _ensure_schema(self) -> None:
        try:
            have = schema.version_of(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a lextrack index ({exc})") from None
        if have is None:
            schema.create(self.conn)
        elif not schema.OLDEST <= have <= schema.SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: index schema version {have}, this lextrack reads versions "
                f"{schema.OLDEST} to {schema.SCHEMA_VERSION}"
            )
        elif have < schema.SCHEMA_VERSION:
            self.upgraded = schema.upgrade(self.conn, have)

    # --- meta -------------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.conn.execute("DELETE FROM meta WHERE key=?", (key,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- texts ------------------------------------------------------------------------------------
    def text(self, sha: str | None) -> str | None:
        if sha is None:
            return None
        row = self.conn.execute("SELECT body FROM texts WHERE sha=?", (sha,)).fetchone()
        return row[0] if row else None

    def texts(self, shas: set[str] | list[str]) -> dict[str, str]:
        """Texts by hash, read IN_CHUNK at a time."""
        return dict(select_in(self.conn, "SELECT sha, body FROM texts WHERE sha IN ({})", shas))

    def add_texts(self, bodies: dict[str, str]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO texts VALUES (?, ?)", bodies.items())

    # --- articles ---------------------------------------------------------------------------------
    def add_articles(self, articles: list[tuple[str, str, str]]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO articles (id, code, num) VALUES (?, ?, ?)", articles)

    def article_ids(self, code: str | None = None) -> list[str]:
        if code:
            cur = self.conn.execute("SELECT id FROM articles WHERE code=? ORDER BY id", (code,))
        else:
            cur = self.conn.execute("SELECT id FROM articles ORDER BY id")
        return [r[0] for r in cur]

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def ids_with_num(self, num: str, code: str | None = None) -> list[str]:
        """Articles numbered `num` (case aside: users type "l227-1"), in one code or in any."""
        sql = "SELECT id FROM articles WHERE num=? COLLATE NOCASE"
        args: tuple[str, ...] = (num,)
        if code is not None:
            sql, args = sql + " AND code=?", (num, code)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY id", args)]

    def codes(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT code FROM articles ORDER BY code")]

    # --- versions ---------------------------------------------------------------------------------
    def rows(self, article_id: str) -> list[Row]:
        cur = self.conn.execute(
            f"SELECT {_COLUMNS} FROM versions WHERE article_id=? ORDER BY {ORDER}", (article_id,)
        )
        return in_order(_row(r) for r in cur)

    def live_rows(self, since: str = "", code: str | None = None) -> Iterator[Row]:
        """The live rows from `since` on (of one code), in the order they took effect: streamed, so that
        `log --since` of a whole store reads the days it shows, not every version."""
        sql = f"SELECT {_COLUMNS} FROM versions WHERE start >= ? AND {LIVE_SQL}"
        args: list[str] = [since]
        if code:
            sql += " AND article_id IN (SELECT id FROM articles WHERE code=?)"
            args.append(code)
        for r in self.conn.execute(sql + f" ORDER BY {ORDER}, article_id", args):
            yield _row(r)

    def rows_of(self, article_ids: list[str]) -> dict[str, list[Row]]:
        """`rows` of many articles, IN_CHUNK articles a query (an ingest's window asks for thousands)."""
        sql = f"SELECT {_COLUMNS} FROM versions WHERE article_id IN ({{}}) ORDER BY article_id, {ORDER}"
        rows = (_row(r) for r in select_in(self.conn, sql, article_ids))
        return {aid: in_order(group) for aid, group in groupby(rows, key=lambda r: r.article_id)}

    def known_articles(self, article_ids: list[str]) -> set[str]:
        """Which of these articles the index has."""
        return {r[0] for r in select_in(self.conn, "SELECT id FROM articles WHERE id IN ({})", article_ids)}

    def rows_by_article(self) -> Iterator[tuple[str, list[Row]]]:
        """Every article's rows, article after article (streamed: `verify` reads a whole store)."""
        cur = self.conn.execute(f"SELECT {_COLUMNS} FROM versions ORDER BY article_id, {ORDER}")
        for aid, rows in groupby((_row(r) for r in cur), key=lambda r: r.article_id):
            yield aid, in_order(rows)

    def damaged(self) -> list[tuple[str, str, str]]:
        """(article, start, why) of each version whose file was cut short."""
        return self.conn.execute(
            "SELECT article_id, start, damaged FROM versions WHERE damaged IS NOT NULL AND state != 'repeat' "
            "ORDER BY article_id, start"
        ).fetchall()

    def live_days(self, since: str = "") -> Iterator[list[Row]]:
        """The live rows from `since` on, day by day, each day's in the order they took effect: streamed,
        never all at once (the git view is written from them)."""
        cur = self.conn.execute(
            f"SELECT {_COLUMNS} FROM versions WHERE start >= ? AND {LIVE_SQL} ORDER BY {ORDER}, article_id",
            (since,),
        )
        for _, day in groupby((_row(r) for r in cur), key=lambda r: r.start):
            yield list(day)

    def last_kinds(self, before: str) -> dict[str, str]:
        """The kind of each article's last live row starting before `before` (text: the article exists), for
        the articles that have a row from `before` on."""
        out: dict[str, str] = {}
        if not before:
            return out
        # Only the articles with a row from `before` on are asked about (plan_commits): an ingest of one new
        # commit reads a few articles' rows, not all the versions before it (235 000 in steeve's 64 codes).
        cur = self.conn.execute(
            f"SELECT article_id, kind FROM versions WHERE start < ? AND {LIVE_SQL} "
            "AND article_id IN (SELECT article_id FROM versions WHERE start >= ?) "
            f"ORDER BY {ORDER}, article_id",
            (before, before),
        )
        for article_id, kind in cur:  # in the order they took effect: the last one stays
            out[article_id] = kind
        return out

    def at(self, article_id: str, day: str) -> Row | None:
        """The live row whose interval holds `day` (one indexed query: the hot path of `at`)."""
        r = self.conn.execute(
            f"SELECT {_COLUMNS} FROM versions WHERE article_id=? AND start<=? AND " + LIVE_SQL + " "
            "AND (end IS NULL OR end > start) ORDER BY start DESC, seq DESC LIMIT 1",
            (article_id, day),
        ).fetchone()
        if r is None:
            return None
        row = _row(r)
        if row.end is not None and row.end <= day:
            return None
        return row

    def known_before(self, article_id: str, day: str) -> bool:
        r = self.conn.execute(
            "SELECT 1 FROM versions WHERE article_id=? AND start<=? AND " + LIVE_SQL + " LIMIT 1",
            (article_id, day),
        ).fetchone()
        return r is not None

    def first_after(self, article_id: str, day: str) -> Row | None:
        r = self.conn.execute(
            f"SELECT {_COLUMNS} FROM versions WHERE article_id=? AND start>? AND " + LIVE_SQL + " "
            f"ORDER BY {ORDER} LIMIT 1",
            (article_id, day),
        ).fetchone()
        return _row(r) if r else None

    def predecessors(self, article_id: str) -> list[str]:
        cur = self.conn.execute(
            "SELECT DISTINCT article_id FROM versions WHERE successor=? ORDER BY article_id", (article_id,)
        )
        return [r[0] for r in cur]

    def insert_rows(self, rows: list[Row]) -> None:
        self.conn.executemany(
            "INSERT INTO versions (article_id, kind, start, end, state, text_sha, source, date_uncertain, "
            "origin, successor, seq, commit_sha, hierarchy, end_hint, text_date, jorf_date, damaged) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    r.article_id,
                    r.kind,
                    r.start,
                    r.end,
                    r.state,
                    r.text_sha,
                    r.source,
                    int(r.date_uncertain),
                    r.origin,
                    r.successor,
                    r.seq,
                    r.commit_sha,
                    r.hierarchy,
                    r.end_hint,
                    r.text_date,
                    r.jorf_date,
                    r.damaged,
                )
                for r in rows
            ],
        )

    def update_rows(self, rows: list[Row], unseen: Collection[int], rekeyed: Collection[int]) -> None:
        """`unseen`: rowids of rows whose change the git view does not show (gitrepo.shown). `rekeyed`: those
        whose (start, seq) changed (gitrepo.row_changes)."""
        # A re-dated row may take the (start, seq) another updated row leaves: free those first. Most updates
        # only end a version (the next one came): their key, and so the table's indexes, are left alone.
        self.conn.executemany("UPDATE versions SET seq=-rowid WHERE rowid=?", [(r,) for r in rekeyed])
        # A changed row's file is written again (its blob goes), unless the view shows it as before; a row no
        # longer live is in no commit of the view (as one ingest of the whole history leaves it), a live one
        # gets its commit when the view is.
        fields = (
            "end=?, state=?, text_sha=?, successor=?, hierarchy=?, date_uncertain=?, text_date=?, "
            "jorf_date=?, damaged=?, blob=CASE WHEN ? THEN blob END, "
            "commit_sha=CASE WHEN ? THEN commit_sha END WHERE rowid=?"
        )
        values = [
            (r.start, r.seq, r.end, r.state, r.text_sha, r.successor, r.hierarchy, int(r.date_uncertain),
             r.text_date, r.jorf_date, r.damaged, r.rowid in unseen, r.live, r.rowid)
            for r in rows
        ]  # fmt: skip
        keyed = [v for v in values if v[-1] in rekeyed]
        kept = [v[2:] for v in values if v[-1] not in rekeyed]
        self.conn.executemany(f"UPDATE versions SET start=?, seq=?, {fields}", keyed)
        self.conn.executemany(f"UPDATE versions SET {fields}", kept)

    def set_commits(self, rows: Iterable[tuple[str | None, str | None, int]]) -> None:
        """(commit, blob, rowid) of each row the view wrote: the commit that shows it, its file's blob."""
        self.conn.executemany("UPDATE versions SET commit_sha=?, blob=? WHERE rowid=?", rows)

    def blobs(self, since: str) -> dict[int, str]:
        """rowid -> blob of the live rows from `since` on whose file the view holds already: a row changed
        since (update_rows) or new has none."""
        sql = f"SELECT rowid, blob FROM versions WHERE start >= ? AND blob IS NOT NULL AND {LIVE_SQL}"
        return dict(self.conn.execute(sql, (since,)))

    def blobs_of(self, rowids: list[int]) -> dict[int, str | None]:
        """rowid -> blob of these rows (None where a row records none), read IN_CHUNK at a time."""
        return dict(select_in(self.conn, "SELECT rowid, blob FROM versions WHERE rowid IN ({})", rowids))

    def count_versions(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM versions WHERE state != 'repeat'").fetchone()[0]

    # --- the derived branch ------------------------------------------------------------------------
    def branch_commits(self) -> list[tuple[str, str]]:
        """(sha, date) of the branch's commits in order, as the last ingest wrote them."""
        raw = self.meta("branch_commits")
        return [tuple(x) for x in json.loads(raw)] if raw else []  # type: ignore[misc]

    def set_branch_commits(self, commits: list[tuple[str, str]]) -> None:
        self.set_meta("branch_commits", json.dumps(commits))

    def record_ingest(self, when: str, what: str, added: int, changed: int, tip: str | None) -> int:
        cur = self.conn.execute(
            "INSERT INTO ingests (at, input, added, changed, tip) VALUES (?,?,?,?,?)",
            (when, what, added, changed, tip),
        )
        return cur.lastrowid  # type: ignore[return-value]

    def record_rejected(self, ingest: int, rejected: list[tuple[str | None, str, str]]) -> None:
        """Files the ingest `ingest` could not read: (commit or None, path, reason)."""
        self.conn.executemany(
            "INSERT INTO rejected (ingest, commit_sha, path, reason) VALUES (?,?,?,?)",
            [(ingest, *r) for r in rejected],
        )


def rechain(rows: list[Row]) -> list[Row]:
    """Recompute ends and states of one article's rows so intervals follow each other without overlap.

    A text ends where the next live row starts (modified; superseded when that row starts the same day: the
    source gave the other after it), or earlier when its source says so (a LEGI DATE_FIN before the next
    known version: the gap between is a time the store knows nothing about).
    """
    live = in_order(r for r in rows if r.live)
    out = [r for r in rows if not r.live]
    hidden = bool(out)
    for i, r in enumerate(live):
        nxt = live[i + 1] if i + 1 < len(live) else None
        hint = r.end_hint if r.end_hint and r.end_hint >= r.start else None
        if r.kind != "text":
            end, state = (nxt.start if nxt else None), r.state
        elif nxt is not None and (hint is None or hint >= nxt.start):
            end = nxt.start
            state = State.SUPERSEDED if end == r.start else State.MODIFIED
        else:
            end = hint
            state = State.IN_FORCE if end is None else State.MODIFIED
        # Rows are frozen: one already chained (most, on a re-ingest or a long history) is kept as is.
        out.append(r if r.end == end and r.state == state else replace(r, end=end, state=state))
    return in_order(out) if hidden else out  # live rows alone: in order already


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction, one snapshot: an ingest committing between two reads is not half seen."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")
