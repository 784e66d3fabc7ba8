"""All SQL on the refs tables: the edges each stored version states, next to the version index.

Ingest writes them with RefWriter in its own transaction (one statement per table for a whole batch); the
graph streams them with iter_refs. The tables are in schema.sql, under the index's schema version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from functools import cache

from lextrack.citations.codes import parent_code
from lextrack.codes import all_codes
from lextrack.model import Article
from lextrack.nums import starred
from lextrack.store import schema
from lextrack.store.edges import UNRESOLVED, Ref, metadata_interval, metadata_state, ref_row, refs_of
from lextrack.store.index import select_in
from lextrack.vocab import LEGI_STATES, LIVE_SQL


def ensure_schema(conn: sqlite3.Connection) -> None:
    """A database that holds no store yet (a bare connection, for parsed files) gets the store's schema."""
    if not _has_table(conn, "refs"):
        schema.create(conn)


def record_refs(
    conn: sqlite3.Connection,
    article: Article,
    start: str | None,
    end: str | None,
    *,
    state: str | None = None,
    computed: list[tuple] | None = None,
) -> int:
    """Replace the edges of one version of `article` (idempotent on re-ingest); returns how many were stored.

    `state` is the version's state in the store's words (in_force, modified, abrogated, transferred); by
    default the article's LEGI state translated. `computed` is `refs_of(article, None, None)` as `ref_row`s
    when a worker process already extracted it (ingest in parallel): only the version's dates are then
    stamped here.
    Does not commit: the caller's transaction covers the version and its edges together.
    """
    writer = RefWriter(conn)
    n = writer.add(article, start, end, state=state, computed=computed)
    writer.flush()
    return n


class RefWriter:
    """`record_refs` for many versions with one statement per table, as an ingest of thousands needs.

    Versions are written in the order they are added. Two versions with the same (article, start) key
    cannot share a batch (the second replaces the first's edges): adding the second flushes the first.
    A caller that touches a key's rows by other statements flushes first when `pending` says so.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        ensure_schema(conn)
        self.conn = conn
        self.keys: set[tuple[str, str]] = set()
        self.deletes: list[tuple[str, str | None, bool]] = []
        self.stale: list[tuple[str, str | None]] = []  # versions whose unresolved citations are replaced
        self.versions: list[tuple] = []
        self.rows: list[tuple] = []

    def pending(self, article_id: str, start: str | None) -> bool:
        return (article_id, start or "") in self.keys

    def add(
        self,
        article: Article,
        start: str | None,
        end: str | None,
        *,
        state: str | None = None,
        computed: list[tuple] | None = None,
        fresh: bool = False,
    ) -> int:
        """fresh: the caller knows no edge is stored for this version yet (nothing to replace)."""
        key = (article.id, start or "")
        if key in self.keys:
            self.flush()
        self.keys.add(key)
        if not fresh:
            # A copy without metadata (a git blob) must not erase what a copy with it (Légifrance's) said.
            self.deletes.append((article.id, start or None, bool(article.links)))
            self.stale.append((article.id, start or None))
        self.versions.append(
            (
                *key,
                end,
                article.code,
                article.num,
                state or LEGI_STATES.get((article.state or "").upper(), article.state),
                " > ".join(title for _, title in article.hierarchy) or None,
                article.title,
                article.legi_id,
            )
        )
        if computed is None:
            rows = [ref_row(r) for r in refs_of(article, start, end)]
            self.rows += rows
            return len(rows)
        # A worker's rows carry no dates: each takes this version's (the writer is the serial part of a
        # parallel ingest, so no Ref object is made here).
        self.rows += [(r[0], start, end, *r[3:]) for r in computed]
        return len(computed)

    def drop_version(self, article_id: str, start: str) -> None:
        """A version that became a repeat of the one before: its edges go."""
        self.conn.execute("DELETE FROM refs WHERE article_id=? AND start=?", (article_id, start))
        self.conn.execute("DELETE FROM unresolved WHERE article_id=? AND start=?", (article_id, start))
        self.conn.execute("DELETE FROM ref_versions WHERE article_id=? AND start=?", (article_id, start))

    def end_versions(self, versions: list[tuple[str, str, str | None, str]]) -> None:
        """`end_version` for many (article, start, end, state) at once."""
        ends = [(end, aid, start) for aid, start, end, _ in versions]
        self.conn.executemany("UPDATE refs SET end=? WHERE article_id=? AND start=?", ends)
        self.conn.executemany("UPDATE unresolved SET end=? WHERE article_id=? AND start=?", ends)
        self.conn.executemany(
            "UPDATE ref_versions SET end=?, state=? WHERE article_id=? AND start=?",
            [(end, state, aid, start) for aid, start, end, state in versions],
        )

    def end_version(self, article_id: str, start: str, end: str | None, state: str) -> None:
        """An older version whose end or state changed: its edges end with it."""
        self.conn.execute("UPDATE refs SET end=? WHERE article_id=? AND start=?", (end, article_id, start))
        self.conn.execute(
            "UPDATE unresolved SET end=? WHERE article_id=? AND start=?", (end, article_id, start)
        )
        self.conn.execute(
            "UPDATE ref_versions SET end=?, state=? WHERE article_id=? AND start=?",
            (end, state, article_id, start),
        )

    def flush(self) -> None:
        if not self.keys:
            return
        self.conn.executemany(
            "DELETE FROM refs WHERE article_id = ? AND start IS ?"  # (IS: the index's second column serves)
            " AND (? OR (provenance NOT LIKE '%metadata%' AND provenance NOT LIKE '%legi%'))",
            self.deletes,
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO ref_versions(article_id, start, end, code, num, state, hierarchy, title,"
            " legi_id) VALUES (?,?,?,?,?,?,?,?,?)",
            self.versions,
        )
        self.conn.executemany("DELETE FROM unresolved WHERE article_id = ? AND start IS ?", self.stale)
        self.conn.executemany(
            "INSERT INTO unresolved(article_id, start, end, clause, num, label) VALUES (?,?,?,?,?,?)",
            [(r[0], r[1], r[2], r[8], r[5], r[12]) for r in self.rows if r[3] == UNRESOLVED],
        )
        _insert_refs(self.conn, [r for r in self.rows if r[3] != UNRESOLVED])
        self.keys, self.deletes, self.stale, self.versions, self.rows = set(), [], [], [], []


_COLUMNS = (
    "article_id", "start", "end", "type", "source", "target", "target_kind", "pinpoint", "clause",
    "span_start", "span_end", "provenance", "label", "legi_type", "legi_sens", "event_date",
    "target_legi_id", "text_nature", "text_number", "text_date", "text_title",
)  # fmt: skip
_CITED = _COLUMNS.index("legi_type")  # a citation found in the text fills no column from here on
_EMPTY_TAIL = (None,) * (len(_COLUMNS) - _CITED)
_INSERT = "INSERT INTO refs(id, {}) VALUES (?{})"
_INSERT_ALL = _INSERT.format(", ".join(_COLUMNS), ",?" * len(_COLUMNS))
_INSERT_CITED = _INSERT.format(", ".join(_COLUMNS[:_CITED]), ",?" * _CITED)


def _insert_refs(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Insert ref rows, with the ids SQLite would give them in this order.

    Binding a NULL costs sqlite3 as much as binding a string. Nine rows in ten are articles cited in the
    text, which leave the metadata's eight columns empty: a statement without those columns takes them,
    with a third less to bind.
    """
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM refs").fetchone()[0]
    cited: list[tuple] = []
    full: list[tuple] = []
    for i, r in enumerate(rows, first):
        if r[_CITED:] == _EMPTY_TAIL:
            cited.append((i, *r[:_CITED]))
        else:
            full.append((i, *r))
    conn.executemany(_INSERT_CITED, cited)
    conn.executemany(_INSERT_ALL, full)


# The start of an article's latest text on the day an edge's version starts (none before its first).
_LATEST = (
    "SELECT max(v.start) FROM versions AS v WHERE v.article_id = {} AND v.kind = 'text' AND v."
    + LIVE_SQL
    + " AND v.start <= refs.start"
)


def held_targets(conn: sqlite3.Connection, touched: Collection[str] | None = None) -> int:
    """Edges sent to an article the store does not hold, sent to the one it holds. The citation resolver does
    this when its hook knows the codes' articles; an ingest's edges are extracted before the store knows them
    all, so the store does it once it does (then an ingest that adds articles does it again). Returns the
    edges moved.

    - An article cited without the star LEGI gives its number ("l'article R. 421-32" of the Code de
      l'urbanisme from 1984 is R*421-32): always when the store has no R421-32; when it has both, from each
      version stated on a day whose latest text of the two is R*421-32's (R421-32's last text dates from
      1977, R*421-32's first from 1984; steeve's history never deletes R421-32's file). The other way, a star
      written where the store has none ("l'article R.* 421-1" when LEGI numbers it R421-1) goes to the
      article there is.
    - A CGI annex's bare number that is the CGI's ("au b de l'article 787 B" in Annexe II, 294 bis): when the
      store holds the code's article and not the annex's, in the annex's own articles.

    touched: the articles an ingest added or changed; only the edges they write, and those to the other
    spellings of their ids, can move (an ingest of a few commits then reads a few targets, not all)."""
    other: dict[str, tuple[str, bool | None]] = {}  # cited id -> (the id to try, starred? / None: the code's)
    for target in _targets(conn, touched):
        code, _, num = target.partition("/")
        spelt = _respelt(num)
        if spelt is not None:
            other[target] = (f"{code}/{spelt[0]}", spelt[1])
        elif (parent := parent_code(code)) != code:  # an annex's number: its code's article
            other[target] = (f"{parent}/{num}", None)
    if not other:
        return 0
    sql = "SELECT DISTINCT article_id FROM versions WHERE kind = 'text' AND article_id IN ({})"
    held = {aid for (aid,) in select_in(conn, sql, [*other, *(o for o, _ in other.values())])}
    both = f" AND coalesce(({_LATEST.format('?')}), '') > coalesce(({_LATEST.format('refs.target')}), '')"
    moved = 0
    for target, (spelt, is_starred) in other.items():
        if spelt not in held:
            continue
        if target not in held and is_starred is None:
            # the annex's own edges only, its bare numbers: "l'article 104 de l'annexe III" written elsewhere
            # is that annex's even when the store lacks it (Code des communes R233-18)
            annex = target.partition("/")[0] + "/"
            sql, args = " AND substr(refs.source, 1, ?) = ?", (spelt, target, len(annex), annex)
        elif target not in held:
            sql, args = "", (spelt, target)
        elif is_starred:
            sql, args = both, (spelt, target, spelt)
        else:  # both held: the text wrote the star, or the annex has that article
            continue
        moved += conn.execute(
            f"UPDATE refs SET target = ? WHERE target = ? AND target_kind = 'article'{sql}", args
        ).rowcount
    return moved


_FEW = 5000  # touched articles beyond which reading every target is quicker than asking for theirs


def _targets(conn: sqlite3.Connection, touched: Collection[str] | None) -> set[str]:
    """The article ids edges cite that held_targets may move."""
    article = "SELECT DISTINCT target FROM refs WHERE target_kind = 'article'"
    if touched is None or len(touched) > _FEW:
        return {t for (t,) in conn.execute(article)}
    found = {t for (t,) in select_in(conn, article + " AND article_id IN ({})", touched)}
    spellings: set[str] = set()
    for aid in touched:  # an article newly held takes the edges sent to its other spellings
        code, _, num = aid.partition("/")
        spelt = _respelt(num)
        if spelt is not None:
            spellings.add(f"{code}/{spelt[0]}")
        spellings.update(f"{annex}/{num}" for annex in _annexes(code))
    found.update(t for (t,) in select_in(conn, article + " AND target IN ({})", spellings))
    return found


def _respelt(num: str) -> tuple[str, bool] | None:
    """The number's other spelling as to LEGI's star, and whether that one has it: R421-32 <-> R*421-32."""
    star = starred(num)
    if star is not None:
        return star, True
    return (num.replace("*", "", 1), False) if "*" in num else None


@cache
def _annexes(code: str) -> tuple[str, ...]:
    return tuple(c.slug for c in all_codes() if c.slug != code and parent_code(c.slug) == code)


def record_article(conn: sqlite3.Connection, article: Article) -> int:
    """Record a parsed file that no store dated: interval and state from its own metadata."""
    start, end = metadata_interval(article)
    state = LEGI_STATES.get((article.state or "").upper()) or metadata_state(article)
    return record_refs(conn, article, start, end, state=state)


def iter_refs(conn: sqlite3.Connection, *, date: str | None = None, by_edge: bool = False) -> Iterator[Ref]:
    """Every stored edge, or those holding on `date`; streamed row by row.

    by_edge: ordered by (source, target, type), so a reader can group an edge's rows without holding all.
    """
    if not _has_table(conn, "refs"):
        return
    sql = f"SELECT {', '.join(_COLUMNS)} FROM refs"
    params: tuple[str, ...] = ()
    if date:
        sql += " WHERE start IS NULL OR start <= ? OR event_date <= ?"
        params = (date, date)
    order = " ORDER BY source, target, type, id" if by_edge else " ORDER BY id"
    for row in conn.execute(sql + order, params):
        ref = Ref(
            *row[:9],
            span=(row[9], row[10]) if row[9] is not None else None,
            provenance=row[11],
            label=row[12],
            legi_type=row[13],
            legi_sens=row[14],
            event_date=row[15],
            target_legi_id=row[16],
            text_nature=row[17],
            text_number=row[18],
            text_date=row[19],
            text_title=row[20],
        )
        if date is None or ref.holds_on(date):
            yield ref


def iter_ref_versions(conn: sqlite3.Connection) -> Iterator[tuple[str, ...]]:
    """(article_id, start, end, code, num, state, hierarchy, title, legi_id) of each version refs read."""
    if not _has_table(conn, "ref_versions"):
        return
    yield from conn.execute(
        "SELECT article_id, nullif(start, ''), end, code, num, state, hierarchy, title, legi_id"
        " FROM ref_versions ORDER BY article_id, start"
    )


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone()
        is not None
    )
