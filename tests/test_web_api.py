"""The web app through FastAPI's test client, on a store ingested from the bundled corpus.

Expected values come from the corpus files themselves (read by hand):
- corpus/git/steeve-code-de-la-securite-sociale.bundle: L227-1 was changed by "Loi N°2009-526 Du 12 Mai 2009 -
  Art. 122" in force 2009-05-14, then by "Loi N°2011-1906 Du 21 Décembre 2011 - Art. 116" in force 2011-12-23
  (the commits' committer dates, LEGI's; their author dates are the laws' signatures); that 2011 text
  names "la Caisse nationale d'assurance vieillesse des travailleurs salariés".
- corpus/seeds/.../article-L227-1.markdown-html.txt: the text in force from 2021-01-01 (NOTA: loi
  n° 2020-1576, art. 32, V) drops "des travailleurs salariés" and adds "la Caisse nationale de
  solidarité pour l'autonomie".
- corpus/seeds/.../article-R133-19.wrapped-liens.txt: "TRANSFERE: Décret n°2017-864 du 9 mai 2017 - art. 1",
  new text "R133-2-10"; the bundle has R133-19's 2013-07-08 version (Décret N°2013-597).
- corpus/seeds/.../article-L114-23.markdown-html.txt: its III cites "articles L. 227-1".
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

fastapi = pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from lextrack.cli import cli  # noqa: E402
from lextrack.store import Store  # noqa: E402
from lextrack.web import create_app  # noqa: E402
from lextrack.web.data import connect_ro  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
SEEDS = ROOT / "corpus" / "seeds"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile-web"
CSS = "code-de-la-securite-sociale"
L227 = f"{CSS}/L227-1"

_STORES: dict[str, Path] = {}


def corpus_store(factory: pytest.TempPathFactory) -> Path:
    """One store per test session for both web test files: the CSS bundle, then the seed files."""
    if "corpus" not in _STORES:
        root = factory.mktemp("web-store")
        with Store.open(root) as store:
            store.ingest_git(BUNDLE)
            store.ingest_paths([SEEDS])
        _STORES["corpus"] = root
    return _STORES["corpus"]


def hostile_store(factory: pytest.TempPathFactory) -> Path:
    """R133-19 with a <script> and an <img onerror> in its text (tests/fixtures/hostile-web)."""
    if "hostile" not in _STORES:
        root = factory.mktemp("web-hostile")
        with Store.open(root) as store:
            store.ingest_paths([HOSTILE])
        _STORES["hostile"] = root
    return _STORES["hostile"]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(store_dir: Path) -> TestClient:
    return TestClient(create_app(store_dir))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- articles ---------------------------------------------------------------------------------------------


def test_article_in_force_on_a_date(client: TestClient) -> None:
    r = client.get(f"/api/articles/{L227}", params={"date": "2010-01-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "in_force"
    assert body["version"]["start"] == "2009-05-14"
    assert body["version"]["end"] == "2011-12-23"
    assert "2009-526" in body["version"]["source"]
    assert "vieillesse des travailleurs salariés" in body["version"]["text"]


def test_the_version_to_come_is_shown_between_signature_and_entry_into_force(client: TestClient) -> None:
    """L227-1: the arrêté of 1996-03-28 took effect on 1997-01-01 (Légifrance's "version à venir")."""
    body = client.get(f"/api/articles/{L227}", params={"date": "1996-06-01"}).json()
    assert body["status"] == "not_yet_in_force"
    assert (body["pending"]["start"], body["pending"]["text_date"]) == ("1997-01-01", "1996-03-28")
    html = client.get(f"/articles/{L227}", params={"date": "1996-06-01"}).text
    assert "Version à venir" in html and "1997-01-01" in html
    assert "Version à venir" not in client.get(f"/articles/{L227}", params={"date": "2010-01-01"}).text


def test_history_lists_the_timeline(client: TestClient) -> None:
    versions = client.get(f"/api/articles/{L227}/history").json()["versions"]
    starts = [v["start"] for v in versions]
    assert {"2009-05-14", "2011-12-23", "2021-01-01"} <= set(starts)
    assert starts == sorted(starts)
    v2011 = next(v for v in versions if v["start"] == "2011-12-23")
    assert v2011["source"].startswith("Loi N°2011-1906")
    assert v2011["end"] == "2021-01-01"
    assert all("date_uncertain" in v and "state" in v for v in versions)


def test_article_page_shows_text_clauses_and_links(client: TestClient) -> None:
    html = client.get(f"/articles/{L227}", params={"date": "2021-06-01"}).text
    assert "Caisse nationale de solidarité pour l'autonomie" in unescape(html)
    # pinpoint anchors on the clause tree: 2° bis of I is addressable
    assert 'id="I.2°-bis"' in html and 'href="#I.2°-bis"' in html
    # the text's citation of L. 200-2 is a link to that article's page
    assert re.search(r'<a class="cite" href="/articles/code-de-la-securite-sociale/L200-2"', html)
    # incoming: L114-23 cites L227-1
    assert 'href="/articles/code-de-la-securite-sociale/L114-23"' in html


def test_bare_number_and_search_go_to_the_article(client: TestClient) -> None:
    r = client.get(f"/articles/{CSS}/l227-1?date=2010-01-01", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == f"/articles/{L227}?date=2010-01-01"
    r = client.get("/articles/L227-1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/articles/{L227}"
    r = client.get("/search", params={"q": "L. 227-1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/articles/{L227}"
    for q in ("loi/2020-1576", "loi n° 2020-1576", "Décret n°2017-864 du 9 mai 2017"):
        r = client.get("/search", params={"q": q}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/texts/"), q
    found = client.get("/api/search", params={"q": "Décret n°2017-864"}).json()
    assert found["redirect"] == "/texts/decret/2017-864"


def test_uncertain_dates_are_marked(client: TestClient) -> None:
    # article-L114-23.markdown-html.txt gives no date at all: its only version starts on an uncertain day
    versions = client.get(f"/api/articles/{CSS}/L114-23/history").json()["versions"]
    assert [v["date_uncertain"] for v in versions] == [True]
    assert 'class="uncertain"' in client.get(f"/articles/{CSS}/L114-23").text
    html = client.get(f"/articles/{L227}").text
    assert 'class="uncertain"' not in html[html.index('id="timeline"') :]  # the bundle dates every commit


def test_bare_number_in_the_api(client: TestClient) -> None:
    r = client.get("/api/articles/R133-19", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/api/articles/{CSS}/R133-19"


def test_transfer_is_followed(client: TestClient) -> None:
    body = client.get(f"/api/articles/{CSS}/R133-19", params={"date": "2020-01-01"}).json()
    assert body["status"] == "transferred"
    assert body["transfers"][0]["to"] == f"{CSS}/R133-2-10"
    assert body["transfers"][0]["since"] == "2017-05-09"
    html = client.get(f"/articles/{CSS}/R133-19", params={"date": "2020-01-01"}).text
    assert 'class="successor" href="/articles/code-de-la-securite-sociale/R133-2-10' in html


def test_diff_between_two_dates(client: TestClient) -> None:
    r = client.get("/api/diff", params={"id": L227, "from": "2011-12-23", "to": "2021-01-01"})
    assert r.status_code == 200
    ops = r.json()["ops"]
    deleted = " ".join(o["old"] for o in ops if o["op"] in ("delete", "replace"))
    inserted = " ".join(o["new"] for o in ops if o["op"] in ("insert", "replace"))
    assert "travailleurs salariés" in deleted
    assert "solidarité pour l'autonomie" in inserted
    html = client.get(f"/articles/{L227}", params={"from": "2011-12-23", "to": "2021-01-01"}).text
    dels = re.findall(r"<del>(.*?)</del>", html, re.S)
    ins = re.findall(r"<ins>(.*?)</ins>", html, re.S)
    assert any("travailleurs salariés" in d for d in dels)
    assert any("solidarité pour l'autonomie" in unescape(i) for i in ins)


def test_broken_references_of_the_article(client: TestClient, store_dir: Path) -> None:
    from lextrack.graph import queries

    # its 1994 text cites "les articles L. 225-6, L. 251-1, L. 251-6 et L. 251-8"; Loi 2000-1257 abrogated
    # L251-1 and L251-8 from 2001-01-01, Loi 2003-775 L251-6 from 2003-08-22
    citing = f"{CSS}/L224-13"
    conn = connect_ro(store_dir / "index.sqlite")
    expected = {b["cited"] for b in queries.check(conn)["broken"] if b["citing"] == citing}
    conn.close()
    assert {f"{CSS}/L251-1", f"{CSS}/L251-6", f"{CSS}/L251-8"} <= expected
    html = client.get(f"/articles/{citing}").text
    section = html[html.index('id="broken"') :]
    for cited in expected:
        assert cited in section


# --- code, text, search, graph ----------------------------------------------------------------------------


def test_code_toc_and_changes(client: TestClient) -> None:
    body = client.get(f"/api/codes/{CSS}", params={"date": "2010-01-01"}).json()
    ids = {a["id"] for s in body["toc"] for a in s["articles"]}
    assert L227 in ids
    body = client.get(f"/api/codes/{CSS}", params={"from": "2011-12-01", "to": "2011-12-31"}).json()
    law = "Loi N°2011-1906 Du 21 Décembre 2011 - Art. 116"
    entry = next(c for c in body["changes"] if c["source"] == law)
    assert entry["date"] == "2011-12-23" and L227 in entry["modified"]
    assert "Changements" in client.get(f"/codes/{CSS}").text


def test_text_page_impact(client: TestClient) -> None:
    body = client.get("/api/texts/decret/2017-864").json()
    row = next(a for a in body["articles"] if a["article"] == f"{CSS}/R133-19")
    assert row["relation"] == "transferred_by" and row["successors"] == [f"{CSS}/R133-2-10"]
    body = client.get("/api/texts/loi/2020-1576").json()
    assert L227 in {r["article"] for r in body["citing_text"]}
    assert client.get("/texts/loi/2020-1576").status_code == 200


def test_search_words_ignore_accents(client: TestClient) -> None:
    for q in ("solidarité pour l'autonomie", "solidarite autonomie"):
        body = client.get("/api/search", params={"q": q}).json()
        assert L227 in [r["id"] for r in body["results"]], q
    html = client.get("/search", params={"q": "solidarite autonomie"}).text
    assert "<mark>" in html


def test_graph_neighbourhood(client: TestClient) -> None:
    one = client.get("/api/graph", params={"id": L227, "depth": 1}).json()["elements"]
    two = client.get("/api/graph", params={"id": L227, "depth": 2}).json()["elements"]
    ids = {n["data"]["id"] for n in one["nodes"]}
    assert f"{CSS}/L114-23" in ids
    assert len(two["nodes"]) > len(one["nodes"])
    for n in one["nodes"]:
        href = n["data"]["href"]
        assert href is None or href.startswith(("/articles/", "/texts/"))
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in one["edges"])
    page = client.get(f"/articles/{L227}/graph").text
    assert '<script src="/static/cytoscape.min.js">' in page
    assert client.get("/static/cytoscape.min.js").status_code == 200


# --- safety -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        (f"/api/articles/{L227}?date=2020-13-01", 422, "not a date"),
        (f"/api/articles/{L227}?date=yesterday", 422, "not a date"),
        (f"/api/articles/{CSS}/L999-99", 404, "no such article"),
        (f"/api/articles/{CSS}/L227-1%3Cscript%3E", 422, "not an article id"),
        ("/api/articles/..%2F..%2Fetc/passwd", 404, "no such page"),
        ("/api/articles/..%2F..", 422, "not an article id"),
        ("/api/graph?id=code-de-la-securite-sociale/L227-1&depth=3", 422, "depth"),
        ("/api/diff?id=code-de-la-securite-sociale/L227-1&from=2010-01-01", 422, "to"),
        ("/api/texts/loi/1999-99999", 404, "no article of the corpus names"),
        ("/static/../index.sqlite", 404, "no such page"),
        ("/docs", 404, "no such page"),
    ],
)
def test_bad_requests_say_why(client: TestClient, url: str, status: int, words: str) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    detail = r.json()["detail"] if url.startswith("/api/") else r.text  # pages answer with an HTML page
    assert words in detail


def test_bad_date_on_a_page_is_a_422_page(client: TestClient) -> None:
    r = client.get(f"/articles/{L227}", params={"date": "31/12/2020"})
    assert r.status_code == 422
    assert "not a date" in r.text and "<!doctype html>" in r.text


def test_openapi_describes_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/articles/{code}/{num}", "/api/articles/{code}/{num}/history", "/api/diff",
              "/api/graph", "/api/search"):  # fmt: skip
        assert p in paths


def test_security_headers(client: TestClient) -> None:
    r = client.get(f"/articles/{L227}")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_the_app_never_writes_the_store(client: TestClient, store_dir: Path) -> None:
    index = store_dir / "index.sqlite"
    before = _digest(index)
    urls = (f"/articles/{L227}", f"/codes/{CSS}", "/search?q=convention", f"/api/articles/{L227}/history")
    for url in urls:
        assert client.get(url).status_code == 200
    assert _digest(index) == before
    conn = connect_ro(index)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM versions")
    conn.close()


def test_hostile_article_text_is_escaped(tmp_path_factory: pytest.TempPathFactory) -> None:
    client = TestClient(create_app(hostile_store(tmp_path_factory)))
    html = client.get(f"/articles/{CSS}/R133-19", params={"date": "2015-01-01"}).text
    assert "&lt;script&gt;" in html  # shown as the text it is
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert re.search(r"<[^>]*\sonerror\s*=", html, re.I) is None
    snippet = client.get("/search", params={"q": "pwned"}).text  # the FTS snippet path
    assert "<script" not in snippet.lower() and "<img" not in snippet.lower()


# --- CLI --------------------------------------------------------------------------------------------------


def test_serve_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["serve", "--help"])
    assert out.exit_code == 0 and "--port" in out.output and "127.0.0.1" in out.output
    out = runner.invoke(cli, ["serve", "--store", str(tmp_path / "none")])
    assert out.exit_code == 2
    assert "no store here" in out.output
