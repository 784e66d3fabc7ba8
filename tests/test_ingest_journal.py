"""The first ingest into an empty index goes through a rollback journal (store/ingest.py): still all or
nothing, and the index is left in WAL mode for the readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lextrack.store import Store
from lextrack.store import ingest as ingest_module

ETALAB = Path(__file__).resolve().parent.parent / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"


def journal_mode(root: Path) -> str:
    with sqlite3.connect(root / "index.sqlite") as conn:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]


def test_a_first_ingest_cut_short_leaves_the_index_empty_then_goes_in(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "store"

    def crash(*_a, **_k):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(ingest_module, "write_view", crash)
        with Store.open(root, create=True) as s, pytest.raises(KeyboardInterrupt):
            s.ingest_git(ETALAB)
    with Store.open(root) as s:
        assert s.index.conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 0
        assert s.repo.ref("refs/heads/main") is None
        s.ingest_git(ETALAB)
        assert s.verify() == []
        assert s.index.conn.execute("SELECT count(*) FROM versions").fetchone()[0] > 100
    assert journal_mode(root) == "wal"
    assert not (root / "index.sqlite-journal").exists()


def test_a_reader_open_on_the_empty_index_keeps_the_wal(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store.open(root, create=True) as s:
        reader = sqlite3.connect(root / "index.sqlite")
        reader.execute("SELECT count(*) FROM versions").fetchone()
        s.ingest_git(ETALAB)
        assert reader.execute("SELECT count(*) FROM versions").fetchone()[0] > 100
        reader.close()
        assert s.verify() == []
    assert journal_mode(root) == "wal"
