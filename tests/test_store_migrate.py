"""Stores written by older lextracks open and are upgraded in place, never re-ingested."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.store import Store
from lextrack.store.schema import SCHEMA_VERSION

CSS = "code-de-la-securite-sociale"
NEW = f"{CSS}/L245-5-1 A"
OLD = f"{CSS}/L245-5-1-A"  # how lextrack 0.1 spelled the id of "Article L245-5-1 A"
CITED = "code-general-des-impots/163 bis C"  # cited 40 times by the Code de la sécurité sociale
OLD_CITED = "code-general-des-impots/163-bis-C"  # as 0.1 spelled targets it read from metadata links


def as_schema_1(root: Path) -> None:
    """Put back what a store of schema 1 held: the old spelling of one real id, the refs indexes missing."""
    conn = sqlite3.connect(root / "index.sqlite")
    with conn:
        conn.execute("UPDATE articles SET id=?, num=? WHERE id=?", (OLD, "L245-5-1-A", NEW))
        conn.execute("UPDATE versions SET article_id=? WHERE article_id=?", (OLD, NEW))
        conn.execute(
            "UPDATE ref_versions SET article_id=?, num=? WHERE article_id=?", (OLD, "L245-5-1-A", NEW)
        )
        conn.execute("UPDATE refs SET target=? WHERE target=?", (OLD_CITED, CITED))
        conn.execute("DROP INDEX refs_target")
        conn.execute("DROP INDEX versions_successor")  # schema 16 added it
        conn.execute("CREATE INDEX versions_lookup ON versions (article_id, start)")  # schema 1 had it
        conn.execute("ALTER TABLE versions DROP COLUMN text_date")
        conn.execute("ALTER TABLE versions DROP COLUMN jorf_date")
        conn.execute("ALTER TABLE versions DROP COLUMN blob")
        conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    conn.close()


def test_an_old_store_is_upgraded_on_opening(bundles_store, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(bundles_store.root, root)
    with Store.open(root) as before:
        history = [(v.start, v.end, v.text) for v in before.history(NEW)]
    with sqlite3.connect(root / "index.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM refs WHERE target=?", (CITED,)).fetchone()[0] == 40
    as_schema_1(root)

    with Store.open(root) as store:
        assert store.index.upgraded and "2 article" not in store.index.upgraded[-1]
        assert int(store.index.meta("schema_version")) == SCHEMA_VERSION
        assert [(v.start, v.end, v.text) for v in store.history(NEW)] == history
        assert not store.index.has_article(OLD)
        sql = store.index.conn.execute
        indexes = {row[0] for row in sql("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"refs_target", "refs_edge"} <= indexes and "refs_source" not in indexes
        assert "versions_lookup" not in indexes  # the unique key's index serves (schema 12)
        # schema 16: an article's predecessors (`history`) without reading every version
        plan = sql("EXPLAIN QUERY PLAN SELECT article_id FROM versions WHERE successor=?", (NEW,)).fetchall()
        assert "versions_successor" in str(plan), plan
        plan = sql("EXPLAIN QUERY PLAN SELECT start FROM versions WHERE article_id=? ORDER BY start", (NEW,))
        assert "sqlite_autoindex_versions" in str(plan.fetchall())
        plan = sql("EXPLAIN QUERY PLAN SELECT target FROM refs WHERE source=?", (NEW,)).fetchall()
        assert "refs_edge" in str(plan)  # questions by source alone use the index that replaced refs_source
        assert sql("SELECT count(*) FROM refs WHERE target=?", (CITED,)).fetchone()[0] == 40
        # schema 13: each version keeps its file's blob (the view, written again on opening, gave them)
        blobs = sql("SELECT commit_sha, article_id, blob FROM versions WHERE article_id=?", (NEW,)).fetchall()
        assert blobs and all(b is not None for c, _, b in blobs if c is not None)
        assert sql("SELECT count(*) FROM refs WHERE target=?", (OLD_CITED,)).fetchone()[0] == 0
    # the git view was written again (its paths are ids)
    r = CliRunner().invoke(cli, ["verify", "--store", str(root)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["at", "2010-01-01", "L245-5-1 A", "--store", str(root)])
    assert r.exit_code == 0 and "in force" in r.output, r.output


def test_a_store_newer_than_this_lextrack_is_refused(bundles_store, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(bundles_store.root, root)
    conn = sqlite3.connect(root / "index.sqlite")
    with conn:
        conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.close()
    r = CliRunner().invoke(cli, ["history", "L227-1", "--store", str(root)])
    assert r.exit_code == 2 and f"schema version {SCHEMA_VERSION + 1}" in r.output


def test_the_command_that_upgrades_a_store_says_what_it_did(bundles_store, tmp_path: Path) -> None:
    """The migrations' notes reach the user on stderr, once: the first command after an upgrade says that
    the store's article numbers took LEGI's spelling (L245-5-1-A -> L245-5-1 A); the next one says nothing."""
    root = tmp_path / "store"
    shutil.copytree(bundles_store.root, root)
    as_schema_1(root)
    first = CliRunner().invoke(cli, ["at", "2010-01-01", "L245-5-1 A", "--store", str(root)])
    assert first.exit_code == 0 and "in force" in first.stdout, first.output
    upgrades = [line for line in first.stderr.splitlines() if line.startswith("upgraded the store at")]
    assert [line.split(": ", 1)[1].split(":")[0] for line in upgrades] == [
        f"schema {n}" for n in range(2, SCHEMA_VERSION + 1) if n not in (7,)
    ]
    renumbered = next(line for line in upgrades if "schema 3" in line)
    assert "LEGI's spelling" in renumbered and "1 article" in renumbered, renumbered
    again = CliRunner().invoke(cli, ["at", "2010-01-01", "L245-5-1 A", "--store", str(root)])
    assert again.exit_code == 0 and "upgraded" not in again.stderr
