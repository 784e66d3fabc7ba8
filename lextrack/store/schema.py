"""The index's schema: schema.sql for a new store, numbered migrations for an existing one (as legi.py does).

Each migration brings a store from version N-1 to N inside one transaction; a store newer than this lextrack
is refused rather than guessed at.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from lextrack.store.renumber import renumber_articles


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    what: str
    sql: str | None = None  # a file of migrations/
    run: Callable[[sqlite3.Connection], str | None] | None = None  # returns a note for the user, if any
    view: bool = False  # changes what the git view shows: the view is written again on opening


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "the refs tables join the schema", sql="0002_refs_tables.sql"),
    Migration(
        3, "article numbers in LEGI's spelling (ids, edges, git view)", run=renumber_articles, view=True
    ),
    Migration(4, "versions keep their text's date and publication", sql="0004_text_dates.sql"),
    Migration(5, "indexes for the graph's questions, the full-text index", sql="0005_graph_indexes.sql"),
    Migration(
        6,
        "damaged versions, rejected files, the commit each history was read up to",
        sql="0006_ingest_sources.sql",
        run=lambda conn: add_column(conn, "versions", "damaged", "TEXT"),
    ),
    Migration(8, "LEGI dumps: the archives applied, the files they gave", sql="0008_legi_dumps.sql"),
    Migration(9, "citations no code could be given, for check", sql="0009_unresolved.sql"),
    Migration(10, "the git view's files in a folder per chapter (store/layout.py)", view=True),
    Migration(11, "the refs table's index by source, redundant, dropped", sql="0011_drop_refs_source.sql"),
    Migration(
        12, "the versions table's index by article, redundant, dropped", sql="0012_drop_versions_lookup.sql"
    ),
    Migration(
        13,
        "versions keep their file's git blob: a rewrite of the view does not write them again",
        run=lambda conn: add_column(conn, "versions", "blob", "TEXT"),
    ),
    Migration(
        14,
        "a version's file in the git view no longer says its state and end, which the next version changes",
        view=True,
    ),
    Migration(
        15,
        "a history's first versions dated after a later change of their article move before it",
        sql="0015_source_created.sql",
    ),
    Migration(
        16,
        "the transfers indexed by their successor: `history` finds an article's predecessors at once",
        sql="0016_versions_successor.sql",
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
# meta key a migration sets when the git view no longer shows what the index holds: rewritten on opening
VIEW_OUTDATED = "view_outdated"
OLDEST = MIGRATIONS[0].version - 1  # the first schema lextrack released; nothing older is upgraded


def _statements(sql: str) -> list[str]:
    # Statement by statement: executescript would COMMIT a transaction the caller holds.
    return [s for s in re.sub(r"--[^\n]*", "", sql).split(";") if s.strip()]


def _read(name: str, folder: str = "") -> str:
    base = resources.files("lextrack.store")
    if folder:
        base = base.joinpath(folder)
    return base.joinpath(name).read_text(encoding="utf-8")


def add_column(conn: sqlite3.Connection, table: str, column: str, decl: str) -> None:
    """ALTER TABLE … ADD COLUMN where the column is missing (SQL has no "if not exists" for it)."""
    if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def version_of(conn: sqlite3.Connection) -> int | None:
    """The schema version a database records; None when it has no meta table (a new or bare database)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        return None
    return int(row[0]) if row else None


def create(conn: sqlite3.Connection) -> None:
    """The whole schema at its latest version, in the caller's transaction (or one of its own)."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    for statement in _statements(_read("schema.sql")):
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    if own:
        conn.execute("COMMIT")


def upgrade(conn: sqlite3.Connection, have: int) -> list[str]:
    """Apply every migration after `have`, each in its own transaction; return what they said."""
    notes = []
    for m in MIGRATIONS:
        if m.version <= have:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if m.sql:
                for statement in _statements(_read(m.sql, "migrations")):
                    conn.execute(statement)
            note = m.run(conn) if m.run else None
            if m.view:
                conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (VIEW_OUTDATED,))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(m.version),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        notes.append(f"schema {m.version}: {m.what}" + (f" ({note})" if note else ""))
    return notes
