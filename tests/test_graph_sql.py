"""The index's answers (lextrack.graph.local, check, stats) against the built networkx graph's, on every
article of the demo store: the bundled corpus ingested as `lextrack ingest` does with no argument.

Whatever the networkx path answers (the graph as lextrack has always built it) the indexed path must answer
too, to the order of rows, on several dates; and the timeline's stretches must give status_on's answer.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.graph import queries
from lextrack.graph.access import NxAccess
from lextrack.graph.build import build_graph
from lextrack.graph.local import IndexGraph
from lextrack.graph.stats import index_stats
from lextrack.store import Store
from lextrack.timeline import status_on, stretches

# The undated files of the corpus start the day they are read: the day after it sees them in force.
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
DATES = (None, "2005-01-01", "2018-01-01", TOMORROW)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "store"
    result = CliRunner().invoke(cli, ["ingest", "--store", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def conn(demo: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{demo / 'index.sqlite'}?mode=ro", uri=True)


@pytest.fixture(scope="module")
def graphs(conn: sqlite3.Connection) -> dict[str | None, nx.MultiDiGraph]:
    return {day: build_graph(conn, date=day) for day in DATES}


def _articles(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]


@pytest.mark.parametrize("day", DATES)
def test_cites_and_cited_by_of_every_article(conn, graphs, day):
    nxg, sql = NxAccess(graphs[day]), IndexGraph(conn, day, meta=True)
    ids = _articles(conn)
    assert len(ids) > 1500
    present = 0
    for aid in ids:
        assert sql.has(aid) == nxg.has(aid), aid
        if not nxg.has(aid):
            continue
        present += 1
        assert sql.data(aid) == nxg.data(aid), aid
        assert queries.cites(sql, aid) == queries.cites(nxg, aid), aid
        assert queries.cited_by(sql, aid) == queries.cited_by(nxg, aid), aid
    assert present > (1500 if day is None else 300)


def test_deeper_walks_and_neighbourhoods(conn, graphs):
    for day in (None, "2018-01-01"):
        nxg, sql = NxAccess(graphs[day]), IndexGraph(conn, day, meta=True)
        for aid in [a for a in _articles(conn) if nxg.has(a)][::15]:
            assert queries.cites(sql, aid, depth=2) == queries.cites(nxg, aid, depth=2), aid
            assert queries.cited_by(sql, aid, depth=3) == queries.cited_by(nxg, aid, depth=3), aid
            assert queries.neighbours(sql, aid, 2) == queries.neighbours(nxg, aid, 2), aid


@pytest.mark.parametrize("day", DATES)
def test_impact_of_every_text(conn, graphs, day):
    nxg, sql = NxAccess(graphs[day]), IndexGraph(conn, day, meta=True)
    texts = sorted(n for n, d in graphs[day].nodes(data=True) if d["kind"] == "text")
    assert len(texts) > 30
    for text in texts:
        assert queries.impact(sql, text) == queries.impact(nxg, text), text
    # what lextrack impact is asked by name: the real transfer decree of R133-19 (corpus/seeds)
    named = "Décret n°2017-864 du 9 mai 2017"
    if nxg.has("decret/2017-864"):
        assert queries.impact(sql, named) == queries.impact(nxg, named)


def test_resolving_what_users_type(conn, graphs):
    nxg, sql = NxAccess(graphs[None]), IndexGraph(conn)
    for spec in ("L227-1", "R133-19", "L. 114-23", "CSS/L227-1", "code-de-la-securite-sociale/L227-1",
                 "1100", "L233-16", "code-rural-et-de-la-peche-maritime/L723-12", "decret/2017-864",
                 "code-de-commerce", "Décret n°2013-597 du 8 juillet 2013"):  # fmt: skip
        try:
            expected = queries.resolve_node(nxg, spec)
        except Exception as exc:  # noqa: BLE001 - the same error, whichever it is
            with pytest.raises(type(exc)):
                queries.resolve_node(sql, spec)
            continue
        assert queries.resolve_node(sql, spec) == expected, spec


@pytest.mark.parametrize("day", (None, "2018-01-01"))
def test_check_of_one_article_or_code_is_the_whole_checks_part(conn, day):
    whole = queries.check(conn, date=day)
    assert whole["broken"] and whole["outside_corpus"]
    citing = {b["citing"] for b in whole["broken"]} | {o["citing"] for o in whole["outside_corpus"]}
    for aid in sorted(citing)[::3]:
        one = queries.check(conn, date=day, article=aid)
        assert one["broken"] == [b for b in whole["broken"] if b["citing"] == aid], aid
        assert one["outside_corpus"] == [o for o in whole["outside_corpus"] if o["citing"] == aid], aid
        assert one["anomalies"] == [a for a in whole["anomalies"] if a["article"] == aid], aid
    for code in ("code-de-commerce", "code-de-la-securite-sociale", "code-civil"):
        part = queries.check(conn, date=day, code=code)
        assert part["broken"] == [b for b in whole["broken"] if b["citing"].startswith(code + "/")]
        assert part["outside_corpus"] == [
            o for o in whole["outside_corpus"] if o["citing"].startswith(code + "/")
        ]


@pytest.mark.parametrize("day", DATES)
def test_stats_from_the_index_are_the_graphs(conn, graphs, day):
    assert index_stats(conn, date=day, top=15) == queries.stats(graphs[day], top=15)


def test_stretches_give_status_on_for_every_article_and_day(demo):
    with Store.open(demo, create=False) as store:
        for aid in store.index.article_ids():
            rows = store.index.rows(aid)
            days = {"0001-01-01", "9999-12-31"} | {r.start for r in rows} | {r.end for r in rows if r.end}
            for d in list(days):
                if "1000" < d < "9000":
                    day = date.fromisoformat(d)
                    days |= {(day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()}
            timeline = stretches(rows)
            for d in days:
                answer = status_on(rows, d)
                [stretch] = [s for s in timeline if s.holds(d)]
                assert (stretch.status, stretch.row) == (answer.status, answer.row), (aid, d)


def _snapshot(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    nodes = {n: dict(d) for n, d in g.nodes(data=True)}
    edges = {(u, v, k): dict(d) for u, v, k, d in g.edges(keys=True, data=True)}
    return nodes, edges


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv", "dot"])
def test_exports_streamed_from_the_index_read_back_as_the_built_graph(conn, graphs, fmt, tmp_path):
    from lextrack.graph.exporters import export, read
    from lextrack.graph.exporters.source import IndexSource

    for day in (None, "2018-01-01"):
        out = tmp_path / (f"{day}" if fmt == "csv" else f"{day}.{fmt}")
        source = IndexSource(conn, day)
        export(source, fmt, out)
        expected = graphs[day]
        assert (source.nodes, source.edges) == (expected.number_of_nodes(), expected.number_of_edges())
        assert _snapshot(read(fmt, out)) == _snapshot(expected), (fmt, day)


def test_code_and_around_exports_are_the_built_graphs_subgraphs(conn, graphs):
    from lextrack.graph.build import neighbourhood, restrict_to_code
    from lextrack.graph.exporters.source import SubgraphSource, around_subgraph, code_subgraph

    def nodes_and_edges(source: SubgraphSource) -> tuple[dict, dict]:
        g = nx.MultiDiGraph()
        for element in source.elements():
            if len(element) == 2:
                g.add_node(element[0], **element[1])
            else:
                g.add_edge(element[0], element[1], key=element[2], **element[3])
        return _snapshot(g)

    for day in (None, "2018-01-01"):
        graph = IndexGraph(conn, day, meta=True)
        for code in ("code-de-commerce", "code-civil", "code-rural-et-de-la-peche-maritime"):
            expected = restrict_to_code(graphs[day], code)
            assert nodes_and_edges(SubgraphSource(graph, code_subgraph(graph, code))) == _snapshot(expected)
        for aid in ("code-de-la-securite-sociale/L227-1", "code-de-commerce/L233-16", "code-civil/1100"):
            if aid not in graphs[day]:
                continue
            for depth in (1, 2):
                keep = around_subgraph(graph, aid, depth)
                expected = neighbourhood(graphs[day], aid, depth)
                assert nodes_and_edges(SubgraphSource(graph, keep)) == _snapshot(expected), (aid, depth)
        inner = restrict_to_code(graphs[day], "code-de-commerce")
        keep = around_subgraph(
            graph, "code-de-commerce/L233-16", 2, within=code_subgraph(graph, "code-de-commerce")
        )
        assert nodes_and_edges(SubgraphSource(graph, keep)) == _snapshot(
            neighbourhood(inner, "code-de-commerce/L233-16", 2)
        )


@pytest.mark.parametrize("day", DATES)
def test_check_reads_only_the_articles_an_anomaly_can_concern(conn, day, monkeypatch):
    """On a day, the store's check reads two rows of each cited article (the one in force and the next) and
    the whole timelines only of those it reports more of; over time, every cited article's. With _suspects
    made to know nothing, every row of every article is read: the answers must not differ."""
    from lextrack.graph import check as check_module

    shortcut = queries.check(conn, date=day)
    monkeypatch.setattr(check_module, "_suspects", lambda conn, moves: None)  # every article's rows read
    assert queries.check(conn, date=day) == shortcut


def test_a_transfer_without_successor_in_a_store(tmp_path):
    # tests/fixtures/legi/article_R133-19_transfere.xml: ETAT TRANSFERE on 2017-05-09, and no link names the
    # article it went to.
    fixtures = Path(__file__).resolve().parent / "fixtures" / "legi"
    with Store.open(tmp_path / "store") as store:
        store.ingest_paths([fixtures])
    conn = sqlite3.connect(f"file:{tmp_path / 'store' / 'index.sqlite'}?mode=ro", uri=True)
    expected = [{"kind": "transfer_without_successor", "article": "code-de-la-securite-sociale/R133-19"}]
    assert queries.check(conn)["anomalies"] == expected
    assert queries.check(conn, article="code-de-la-securite-sociale/R133-19")["anomalies"] == expected
    assert queries.check(conn, code="code-de-la-securite-sociale")["anomalies"] == expected
