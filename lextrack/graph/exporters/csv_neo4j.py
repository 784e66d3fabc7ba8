"""nodes.csv and edges.csv with the headers `neo4j-admin database import` reads, for corpora too large for
networkx on one machine:

    neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv lextrack

Node kind becomes the :LABEL (Article, Text, Code), edge type the :TYPE (CITES, CREATED_BY…); other attributes
are properties typed in the header (`in_corpus:boolean`); an empty field is an absent property.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from lextrack.graph.exporters.source import Source

_TYPES = {bool: "boolean", int: "int", float: "float"}
_PARSE = {"boolean": lambda s: s == "true", "int": int, "long": int, "float": float, "double": float}


def write(source: Source, path: Path) -> list[Path]:
    """Both files as the graph is read: the columns are the source's declared attributes."""
    path.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = path / "nodes.csv", path / "edges.csv"
    node_cols = {k: t for k, t in source.node_keys.items() if k != "kind"}
    edge_cols = {k: t for k, t in source.edge_keys.items() if k != "type"}
    with (
        nodes_path.open("w", newline="", encoding="utf-8") as nf,
        edges_path.open("w", newline="", encoding="utf-8") as ef,
    ):
        nodes, edges = csv.writer(nf), csv.writer(ef)
        nodes.writerow(["id:ID", ":LABEL", *(_header(c, t) for c, t in node_cols.items())])
        edges.writerow(
            [":START_ID", ":END_ID", ":TYPE", "key", *(_header(c, t) for c, t in edge_cols.items())]
        )
        for element in source.elements():
            if len(element) == 2:
                node, data = element
                nodes.writerow(
                    [node, str(data["kind"]).capitalize(), *(_cell(data.get(c)) for c in node_cols)]
                )
            else:
                u, v, key, data = element
                edges.writerow(
                    [u, v, str(data["type"]).upper(), key, *(_cell(data.get(c)) for c in edge_cols)]
                )
    return [nodes_path, edges_path]


def read(path: Path) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    with (path / "nodes.csv").open(newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        for row in rows:
            attrs = _attrs(header[2:], row[2:])
            g.add_node(row[0], kind=row[1].lower(), **attrs)
    with (path / "edges.csv").open(newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        for row in rows:
            attrs = _attrs(header[4:], row[4:])
            g.add_edge(row[0], row[1], key=row[3], type=row[2].lower(), **attrs)
    return g


def _header(name: str, kind: type) -> str:
    return f"{name}:{_TYPES[kind]}" if kind in _TYPES else name


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _attrs(header: list[str], row: list[str]) -> dict[str, object]:
    attrs: dict[str, object] = {}
    for col, cell in zip(header, row, strict=True):
        if cell == "":
            continue
        name, _, kind = col.partition(":")
        attrs[name] = _PARSE[kind](cell) if kind in _PARSE else cell
    return attrs
