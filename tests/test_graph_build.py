"""The seeds' graph: the edges issue 5 names, checked against the real files, and the graph on a date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import networkx as nx
import pytest

from lextrack.errors import NotFoundError
from lextrack.graph.build import build_graph, load_articles
from lextrack.parser import parse_file
from lextrack.store.refs import record_article

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "code-de-la-securite-sociale"
CSS = "code-de-la-securite-sociale"


@pytest.fixture(scope="module")
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    for path in sorted(SEEDS.glob("*.txt")):
        record_article(c, parse_file(path))
    return c


@pytest.fixture(scope="module")
def graph(conn) -> nx.MultiDiGraph:
    return build_graph(conn)


def _edges(g, u, v, etype):
    return [d for _, w, d in g.out_edges(u, data=True) if w == v and d["type"] == etype]


def test_r133_19_transferred_to_r133_2_10_in_2017(graph):
    # "TRANSFERE: Décret n°2017-864 du 9 mai 2017" and "Nouveaux textes: … art. R133-2-10".
    [edge] = _edges(graph, f"{CSS}/R133-19", f"{CSS}/R133-2-10", "transferred_to")
    assert edge["valid_from"].startswith("2017")
    assert "valid_to" not in edge


def test_l114_23_cites_l227_1_from_iii(graph):
    [edge] = _edges(graph, f"{CSS}/L114-23", f"{CSS}/L227-1", "cites")
    assert edge["clause"] == "III"
    assert set(edge["provenance"].split("+")) == {"anchor", "text"}


def test_l227_1_cites_lo111_9(graph):
    # "transmis aux commissions parlementaires mentionnées à l'article LO. 111-9." (III, second alinéa)
    [edge] = _edges(graph, f"{CSS}/L227-1", f"{CSS}/LO111-9", "cites")
    assert edge["clause"].startswith("III")


def test_l114_23_cites_across_codes(graph):
    [edge] = _edges(graph, f"{CSS}/L114-23", "code-rural-et-de-la-peche-maritime/L723-12", "cites")
    assert edge["clause"] == "III"
    node = graph.nodes["code-rural-et-de-la-peche-maritime/L723-12"]
    assert node["in_corpus"] is False and node["code"] == "code-rural-et-de-la-peche-maritime"


def test_text_and_code_nodes(graph):
    assert graph.nodes["decret/2013-597"]["kind"] == "text"
    assert graph.nodes["decret/2013-597"]["number"] == "2013-597"
    assert graph.nodes["decret/2013-597"]["date"] == "2013-07-08"
    assert graph.nodes[CSS]["kind"] == "code"
    assert graph.nodes[CSS]["label"] == "Code de la sécurité sociale"
    assert _edges(graph, f"{CSS}/L227-1", CSS, "part_of")
    assert _edges(graph, f"{CSS}/L633-12", "ordonnance/2005-1528", "abrogated_by")
    assert _edges(graph, f"{CSS}/L633-12", "decret/85-1353", "codified_by")
    assert _edges(graph, f"{CSS}/R133-19", "decret/2013-597", "created_by")
    assert _edges(graph, f"{CSS}/R133-19", "decret/2017-864", "transferred_by")


def test_article_nodes_carry_dates_and_state(graph):
    r = graph.nodes[f"{CSS}/R133-19"]
    assert (r["valid_from"], r["valid_to"], r["state"]) == ("2013-07-08", "2017-05-09", "transferred")
    l633 = graph.nodes[f"{CSS}/L633-12"]
    assert (l633["valid_from"], l633["valid_to"], l633["state"]) == ("1997-01-01", "2005-12-08", "abrogated")


def test_each_relation_is_one_edge(graph):
    # R133-19's "Cite" list repeats what its text cites: one edge per citing clause, not one more.
    to_l133_6 = _edges(graph, f"{CSS}/R133-19", f"{CSS}/L133-6", "cites")
    assert len(to_l133_6) == 1
    assert set(to_l133_6[0]["provenance"].split("+")) == {"metadata", "text"}


def test_graph_on_a_date(conn):
    before = build_graph(conn, date="2015-06-01")
    assert f"{CSS}/R133-19" in before
    assert _edges(before, f"{CSS}/R133-19", f"{CSS}/L752-4", "cites")
    assert not _edges(before, f"{CSS}/R133-19", f"{CSS}/R133-2-10", "transferred_to")
    assert f"{CSS}/L633-12" not in before  # abrogated on 2005-12-08
    after = build_graph(conn, date="2018-01-01")
    assert f"{CSS}/R133-19" not in after
    assert not any(u == f"{CSS}/R133-19" for u, _ in after.edges())
    assert f"{CSS}/L227-1" in after  # no dates known: taken as in force
    in_2000 = build_graph(conn, date="2000-01-01")
    assert in_2000.nodes[f"{CSS}/L633-12"]["state"] == "in_force"


def test_code_and_around_filters(conn):
    rural = build_graph(conn, code="code-rural-et-de-la-peche-maritime")
    assert f"{CSS}/L114-23" in rural and f"{CSS}/R133-19" not in rural
    around = build_graph(conn, around=f"{CSS}/L227-1", depth=1)
    assert set(around) >= {f"{CSS}/L227-1", f"{CSS}/L114-23", f"{CSS}/LO111-9"}
    assert f"{CSS}/R133-19" not in around
    # Two steps away through references only: the code node links every article but is no path.
    two = build_graph(conn, around=f"{CSS}/L227-1", depth=2)
    assert f"{CSS}/L711-1" in two and CSS in two  # L227-1 <- L114-23 -> L711-1
    assert f"{CSS}/R133-19" not in two
    with pytest.raises(NotFoundError):
        build_graph(conn, around=f"{CSS}/L999-9")


def test_store_versions_are_the_truth_for_dates():
    # With the store's tables present, dates and successors come from them, not from metadata.
    c = sqlite3.connect(":memory:")
    c.executescript(
        "CREATE TABLE articles(id TEXT PRIMARY KEY, code TEXT, num TEXT, hierarchy TEXT);"
        "CREATE TABLE versions(article_id TEXT, kind TEXT, start TEXT, end TEXT, state TEXT, successor TEXT);"
    )
    # Dates: the steeve history of R133-19 (2005-08-12, 2013-07-08) and the seed's TRANSFERE (2017-05-09).
    hierarchy = '[["chapitre", "Chapitre 3 bis"]]'
    c.execute("INSERT INTO articles VALUES (?,?,?,?)", (f"{CSS}/R133-19", CSS, "R133-19", hierarchy))
    c.executemany(
        "INSERT INTO versions VALUES (?,?,?,?,?,?)",
        [
            (f"{CSS}/R133-19", "text", "2005-08-12", "2013-07-08", "modified", None),
            (f"{CSS}/R133-19", "text", "2013-07-08", "2017-05-09", "modified", None),
            (f"{CSS}/R133-19", "transfer", "2017-05-09", None, "transferred", f"{CSS}/R133-2-10"),
        ],
    )
    info = load_articles(c)[f"{CSS}/R133-19"]
    assert (info.first, info.last, info.state) == ("2005-08-12", "2017-05-09", "transferred")
    assert info.successor == f"{CSS}/R133-2-10"
    g = build_graph(c)
    assert g.nodes[f"{CSS}/R133-19"]["successor"] == f"{CSS}/R133-2-10"
    assert g.nodes[f"{CSS}/R133-19"]["hierarchy"] == "Chapitre 3 bis"


def test_refs_in_any_order_make_the_same_graph(conn, graph):
    from lextrack.graph.build import graph_from
    from lextrack.store.refs import iter_refs

    shuffled = graph_from(load_articles(conn), reversed(list(iter_refs(conn))))
    assert sorted(shuffled.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True))


def test_a_link_both_articles_state_is_one_edge():
    # Code civil 1112-1 lists CITATION source -> 1130 (its text: "articles 1130 et suivants"); 1130 lists the
    # same link from its side, CITATION cible -> 1112-1. One relation, one edge, from the citing article.
    folder = SEEDS.parents[1] / "tricoteuses-code-civil/snapshot/api/data/livre_iii/titre_iii/sous-titre_ier"
    c = sqlite3.connect(":memory:")
    for path in ("chapitre_ii/section_1/sous-section_1/article_1112-1.md",
                 "chapitre_ii/section_2/sous-section_1/paragraphe_2/article_1130.md"):  # fmt: skip
        record_article(c, parse_file(folder / path))
    g = build_graph(c)
    assert _edges(g, "code-civil/1130", "code-civil/1112-1", "cites") == []
    [edge] = _edges(g, "code-civil/1112-1", "code-civil/1130", "cites")
    assert edge["stated_by"] == "code-civil/1112-1"
    assert set(edge["provenance"].split("+")) == {"legi", "text"}
