"""cites, cited-by, impact, check and stats on the seeds' graph."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from lextrack.errors import NotFoundError, UsageError
from lextrack.graph import queries
from lextrack.graph.build import build_graph
from lextrack.parser import parse_file, parse_text
from lextrack.store.refs import record_article, record_refs

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "code-de-la-securite-sociale"
CSS = "code-de-la-securite-sociale"
R133_19 = f"{CSS}/R133-19"

# No text of the bundled corpus cites R133-19, so `check` gets one citing version from this sentence;
# the article it cites, that article's transfer (2017-05-09) and its successor are the real seed's.
CITING = (
    "# Article R133-21\n\nLes conventions mentionnées à l'article R. 133-19 sont conclues pour quatre ans.\n"
)


def _seed_index() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for path in sorted(SEEDS.glob("*.txt")):
        record_article(conn, parse_file(path))
    return conn


@pytest.fixture(scope="module")
def conn() -> sqlite3.Connection:
    c = _seed_index()
    citing = parse_text(CITING, path=f"{CSS}/article-R133-21.md", code=CSS)
    # in force from R133-19's first known date (steeve history: 2005-08-12), never amended
    record_refs(c, citing, "2005-08-12", None, state="in_force")
    return c


@pytest.fixture(scope="module")
def graph(conn):
    return build_graph(conn)


def test_cites_with_clause_and_depth(graph):
    rows = queries.cites(graph, f"{CSS}/L114-23")
    to_l227 = [r for r in rows if r["target"] == f"{CSS}/L227-1"]
    assert [(r["clause"], r["type"], r["depth"]) for r in to_l227] == [("III", "cites", 1)]
    deeper = queries.cites(graph, "L114-23", depth=2)
    assert any(
        r["source"] == f"{CSS}/L227-1" and r["target"] == f"{CSS}/LO111-9" and r["depth"] == 2 for r in deeper
    )


def test_cited_by(graph):
    rows = queries.cited_by(graph, f"{CSS}/LO111-9")
    assert {(r["source"], r["clause"]) for r in rows} == {
        (f"{CSS}/L114-23", "II"),
        (f"{CSS}/L227-1", "III.al.2"),
    }


def test_resolve_node(graph):
    assert queries.resolve_node(graph, "L. 227-1") == f"{CSS}/L227-1"
    assert queries.resolve_node(graph, "CSS/L227-1") == f"{CSS}/L227-1"  # the code table's abbreviation
    # L633-12's "Créé par: Rapport - art. 4 () JORF 25 avril 1996…", named as the seed writes it
    assert queries.resolve_node(graph, "Rapport - art. 4 () JORF 25 avril 1996") == "rapport/jorf-1996-04-25"
    assert queries.resolve_node(graph, "Décret n°2017-864 du 9 mai 2017") == "decret/2017-864"
    with pytest.raises(NotFoundError):
        queries.resolve_node(graph, "L999-999")


def test_impact_of_the_transfer_decree(graph):
    result = queries.impact(graph, "Décret n°2017-864 du 9 mai 2017")
    assert result["text"] == "decret/2017-864"
    assert [(a["article"], a["relation"], a["successors"]) for a in result["articles"]] == [
        (R133_19, "transferred_by", [f"{CSS}/R133-2-10"])
    ]
    assert [r["source"] for r in result["cited_by"]] == [f"{CSS}/R133-21"]
    created = queries.impact(graph, "decret/2013-597")
    assert [(a["article"], a["relation"]) for a in created["articles"]] == [(R133_19, "created_by")]
    with pytest.raises(NotFoundError):
        queries.impact(graph, "decret/1999-1")


def test_check_after_2017_names_the_successor(conn):
    result = queries.check(conn, date="2018-01-01")
    [broken] = [b for b in result["broken"] if b["cited"] == R133_19]
    assert broken["citing"] == f"{CSS}/R133-21"
    assert broken["problem"] == "transferred"
    assert broken["successors"] == [f"{CSS}/R133-2-10"]


def test_check_before_creation_and_while_in_force(conn):
    [early] = [b for b in queries.check(conn, date="2010-01-01")["broken"] if b["cited"] == R133_19]
    assert early["problem"] == "not_yet_in_force" and early["in_force_from"] == "2013-07-08"
    assert not [b for b in queries.check(conn, date="2015-01-01")["broken"] if b["cited"] == R133_19]


def test_check_over_time_reports_each_stretch(conn):
    found = [(b["problem"], b["on"]) for b in queries.check(conn)["broken"] if b["cited"] == R133_19]
    assert found == [("not_yet_in_force", "2005-08-12"), ("transferred", "2017-05-09")]


def test_check_reports_outside_corpus_not_as_broken(conn):
    result = queries.check(conn, date="2015-01-01")
    outside = {(o["citing"], o["cited"]) for o in result["outside_corpus"]}
    assert (R133_19, f"{CSS}/L752-4") in outside
    assert ("code-de-la-securite-sociale/L114-23", "code-rural-et-de-la-peche-maritime/L723-12") in outside
    assert not any(b["cited"] == f"{CSS}/L752-4" for b in result["broken"])


def test_check_anomalies():
    conn = _seed_index()
    assert queries.check(conn)["anomalies"] == []
    # Two versions of L227-1 overlapping: from the loi n° 2020-1576 (2020-12-14) and from its NOTA date.
    l227 = parse_file(SEEDS / "article-L227-1.markdown-html.txt")
    record_refs(conn, l227, "2020-12-14", None)
    record_refs(conn, l227, "2021-01-01", None)
    # R133-19 transferred without its "Nouveaux textes" line: a dangling transfer.
    r133 = parse_file(SEEDS / "article-R133-19.wrapped-liens.txt")
    r133 = replace(r133, links=tuple(lk for lk in r133.links if lk.kind != "next_text"))
    record_article(conn, r133)
    kinds = {(a["kind"], a["article"]) for a in queries.check(conn)["anomalies"]}
    assert ("overlapping_versions", f"{CSS}/L227-1") in kinds
    assert ("transfer_without_successor", R133_19) in kinds


def test_stats(graph):
    s = queries.stats(graph)
    assert s["nodes"]["article"] == sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "article")
    assert s["edges"]["transferred_to"] == 1
    # Cited by two articles each (read off the seeds): L200-2 and LO111-9 by L114-23 and L227-1,
    # L213-1 and L752-4 by R133-19 and R133-2-10; the fixture R133-21 cites R133-19 alone.
    twice = {r["id"] for r in s["most_cited"] if r["count"] == 2}
    assert twice == {f"{CSS}/L200-2", f"{CSS}/LO111-9", f"{CSS}/L213-1", f"{CSS}/L752-4"}
    assert s["most_cited"][0]["count"] == 2
    assert next(r for r in s["most_cited"] if r["id"] == f"{CSS}/L200-2")["citations"] == 5
    assert {r["id"] for r in s["most_amending"]} >= {"decret/2013-597", "decret/2017-864"}
    assert len(s["pagerank"]) == 20
    assert abs(sum(queries.pagerank(graph).values()) - 1.0) < 1e-6
    assert s["components"]["count"] >= 1


def test_ambiguous_bare_number():
    # L227-1 is an article of both the Code de commerce and the Code de la sécurité sociale.
    conn = sqlite3.connect(":memory:")
    commerce = SEEDS.parents[1] / "etalab-codes/snapshot/codes-en-vigueur/code-de-commerce"
    for path in (commerce / "partie-legislative/livre-ii/titre-ii/chapitre-vii/article-l227-1.md",
                 SEEDS / "article-L227-1.markdown-html.txt"):  # fmt: skip
        record_article(conn, parse_file(path))
    graph = build_graph(conn)
    with pytest.raises(UsageError):
        queries.resolve_node(graph, "L227-1")
    assert queries.resolve_node(graph, "code-de-commerce/L227-1") == "code-de-commerce/L227-1"


def test_check_reports_a_citation_once_whatever_states_it():
    # Code civil 1252 (in force since 2016-10-01) cites 1248 in its text ("l'article 1248") and in its LEGI
    # links (CITATION source); the only version of 1248 in the sample starts 2020-01-01.
    conn = sqlite3.connect(":memory:")
    folder = SEEDS.parents[1] / "tricoteuses-code-civil/snapshot/api/data/livre_iii/titre_iii/sous-titre_ii"
    for name in ("article_1248.md", "article_1252.md"):
        record_article(conn, parse_file(folder / "chapitre_iii" / name))
    broken = [b for b in queries.check(conn, date="2018-01-01")["broken"] if b["cited"] == "code-civil/1248"]
    assert [(b["citing"], b["problem"], b["in_force_from"]) for b in broken] == [
        ("code-civil/1252", "not_yet_in_force", "2020-01-01")
    ]
    assert broken[0]["clause"]
