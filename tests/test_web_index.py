"""The web view reads the store's own indexes: its full-text index (kept by each ingest) and the citation
graph walked around the article shown. No page builds the whole graph; a store made before the full-text index
existed still searches.

Expected words come from corpus/seeds/code-de-la-securite-sociale/article-L227-1.markdown-html.txt (the text
in force from 2021-01-01 names "la Caisse nationale de solidarité pour l'autonomie") and
article-R133-19.wrapped-liens.txt ("l'interlocuteur social unique").
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

fastapi = pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from test_web_api import CSS, L227, corpus_store  # noqa: E402

from lextrack import fulltext  # noqa: E402
from lextrack.store import Store  # noqa: E402
from lextrack.web import create_app  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "code-de-la-securite-sociale"


def test_no_page_builds_the_graph(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    import lextrack.graph.build as build

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a page built the whole graph")

    monkeypatch.setattr(build, "build_graph", refuse)
    monkeypatch.setattr(build, "graph_from", refuse)
    client = TestClient(create_app(corpus_store(tmp_path_factory)))
    for url in ("/", f"/articles/{L227}", f"/articles/{L227}/graph", f"/api/graph?id={L227}&depth=2",
                "/texts/loi/2020-1576", "/api/texts/decret/2017-864", "/search?q=solidarite",
                "/search?q=loi/2020-1576", f"/codes/{CSS}"):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_the_search_index_is_the_stores_and_each_ingest_keeps_it(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store.open(root) as store:
        store.ingest_paths([SEEDS / "article-R133-19.wrapped-liens.txt"])
        conn = store.index.conn
        assert fulltext.exists(conn)
        assert [r["id"] for r in fulltext.search(conn, "interlocuteur social unique")] == []  # transferred
        assert fulltext.search(conn, "solidarite autonomie") == []
        store.ingest_paths([SEEDS / "article-L227-1.markdown-html.txt"])
        assert [r["id"] for r in fulltext.search(conn, "solidarite autonomie")] == [L227]
    client = TestClient(create_app(root))
    found = client.get("/api/search", params={"q": "solidarité"}).json()["results"]
    assert [r["id"] for r in found] == [L227]


def test_a_day_later_the_articles_whose_status_changed_are_read_again(tmp_path: Path) -> None:
    # L227-1's seed version starts 2021-01-01 (its NOTA): indexed as of 2020-06-01 it is not yet in force.
    root = tmp_path / "store"
    with Store.open(root) as store:
        store.ingest_paths([SEEDS / "article-L227-1.markdown-html.txt"])
        conn = store.index.conn
        conn.execute("BEGIN")
        fulltext.update(conn, (), day="2020-06-01")
        conn.execute("COMMIT")
        conn.execute("DELETE FROM search_docs")  # whatever the index held, only the change is read again
        conn.execute("BEGIN")
        assert fulltext.update(conn, (), day="2021-06-01") == 1
        conn.execute("COMMIT")
        assert [r["id"] for r in fulltext.search(conn, "solidarite autonomie")] == [L227]


def test_a_store_without_the_index_searches_from_memory(tmp_path_factory: pytest.TempPathFactory) -> None:
    old = tmp_path_factory.mktemp("old") / "store"
    shutil.copytree(corpus_store(tmp_path_factory), old)
    conn = sqlite3.connect(old / "index.sqlite")
    conn.execute(f"DROP TABLE {fulltext.TABLE}")
    conn.execute("DELETE FROM meta WHERE key = ?", (fulltext.DAY_KEY,))
    conn.commit()
    conn.close()
    client = TestClient(create_app(old))
    found = client.get("/api/search", params={"q": "solidarite autonomie"}).json()["results"]
    assert L227 in [r["id"] for r in found]
    assert "articles en vigueur" in client.get("/").text


def test_a_store_upgraded_but_not_ingested_since_searches_from_memory(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The schema upgrade creates the table; only the next ingest fills it.
    old = tmp_path_factory.mktemp("upgraded") / "store"
    shutil.copytree(corpus_store(tmp_path_factory), old)
    conn = sqlite3.connect(old / "index.sqlite")
    conn.execute(f"DELETE FROM {fulltext.TABLE}")
    conn.execute("DELETE FROM meta WHERE key = ?", (fulltext.DAY_KEY,))
    conn.commit()
    conn.close()
    client = TestClient(create_app(old))
    found = client.get("/api/search", params={"q": "solidarite autonomie"}).json()["results"]
    assert L227 in [r["id"] for r in found]
