"""Every export format reads back with the same nodes, edge keys and attributes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from lextrack.graph.build import build_graph
from lextrack.graph.exporters import FORMATS, export, read
from lextrack.parser import parse_file
from lextrack.store.refs import record_article

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "code-de-la-securite-sociale"
LEGI = Path(__file__).resolve().parents[1] / "corpus" / "legi-xml" / "article_LEGIARTI000006291810.xml"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    conn = sqlite3.connect(":memory:")
    # Tricoteuses files bring LEGI links (type, sens, dates) and text titles with quotes and apostrophes.
    civil = LEGI.parents[1] / "tricoteuses-code-civil/snapshot/api/data/livre_iii"
    extra = [
        civil / "titre_iii/article_1100.md",
        civil / "titre_iii/sous-titre_ier/chapitre_iii/article_1188.md",
    ]
    for path in sorted(SEEDS.glob("*.txt")) + [LEGI, *extra]:
        record_article(conn, parse_file(path))
    return build_graph(conn)


def _snapshot(g: nx.MultiDiGraph):
    nodes = {n: dict(d) for n, d in g.nodes(data=True)}
    edges = {(u, v, k): dict(d) for u, v, k, d in g.edges(keys=True, data=True)}
    return nodes, edges


def test_graph_attributes_are_scalars(graph):
    # GraphML cannot hold None, lists or dicts; the graph never makes them.
    values = [v for _, d in graph.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in graph.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, str | int | float | bool) for v in values)
    assert all(v != "" for v in values)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip(graph, fmt, tmp_path):
    out = tmp_path / ("graph" if fmt == "csv" else f"graph.{fmt}")
    files = export(graph, fmt, out)
    assert all(f.exists() and f.stat().st_size > 0 for f in files)
    back = read(fmt, out)
    nodes, edges = _snapshot(graph)
    nodes2, edges2 = _snapshot(back)
    assert nodes2 == nodes
    assert edges2 == edges


def test_csv_has_neo4j_import_headers(graph, tmp_path):
    export(graph, "csv", tmp_path)
    node_header = (tmp_path / "nodes.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    edge_header = (tmp_path / "edges.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert node_header[:2] == ["id:ID", ":LABEL"]
    assert "in_corpus:boolean" in node_header
    assert edge_header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    rows = (tmp_path / "edges.csv").read_text(encoding="utf-8")
    assert "code-de-la-securite-sociale/R133-19,code-de-la-securite-sociale/R133-2-10,TRANSFERRED_TO" in rows


def test_gexf_is_dynamic_with_intervals(graph, tmp_path):
    export(graph, "gexf", tmp_path / "g.gexf")
    root = etree.parse(str(tmp_path / "g.gexf")).getroot()
    ns = {"g": root.nsmap[None]}
    g = root.find("g:graph", ns)
    assert g.get("mode") == "dynamic" and g.get("timeformat") == "date"
    r133 = root.find(".//g:node[@id='code-de-la-securite-sociale/R133-19']", ns)
    assert (r133.get("start"), r133.get("end")) == ("2013-07-08", "2017-05-09")
    transfer = [
        e for e in root.iterfind(".//g:edge", ns)
        if e.get("source") == "code-de-la-securite-sociale/R133-19"
        and e.get("target") == "code-de-la-securite-sociale/R133-2-10"
    ]  # fmt: skip
    assert len(transfer) == 1 and transfer[0].get("start") == "2017-05-09" and transfer[0].get("end") is None


def test_graphml_opens_with_plain_networkx(graph, tmp_path):
    export(graph, "graphml", tmp_path / "g.graphml")
    plain = nx.read_graphml(tmp_path / "g.graphml")
    assert plain.nodes["code-de-la-securite-sociale/L227-1"]["in_corpus"] is True


def test_dot_escapes_quotes_and_backslashes(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node('a"b\\c', kind="text", label='Loi "quoted" \\ n°1\nsecond line')
    g.add_node("x", kind="code", label="x", weight=2, score=0.5, ok=False)
    g.add_edge('a"b\\c', "x", key="cites", type="cites", label="l'article 1er")
    export(g, "dot", tmp_path / "g.dot")
    back = read("dot", tmp_path / "g.dot")
    assert _snapshot(back) == _snapshot(g)
