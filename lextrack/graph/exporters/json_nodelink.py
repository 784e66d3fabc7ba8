"""networkx node-link JSON (what d3 and most graph libraries read), written one element per line as the graph
is read."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from lextrack.graph.exporters.document import write_document
from lextrack.graph.exporters.source import Schema, Source


class _NodeLink:
    def __init__(self) -> None:
        self.first_node = self.first_edge = True

    def head(self, node_keys: Schema, edge_keys: Schema) -> str:
        return '{"directed": true, "multigraph": true, "graph": {}, "nodes": [\n'

    def node(self, node: str, attrs: dict[str, object]) -> str:
        sep = "" if self.first_node else ",\n"
        self.first_node = False
        return sep + json.dumps({**attrs, "id": node}, ensure_ascii=False)

    def middle(self) -> str:
        return '\n], "edges": [\n'

    def edge(self, u: str, v: str, key: str, attrs: dict[str, object], n: int) -> str:
        sep = "" if self.first_edge else ",\n"
        self.first_edge = False
        return sep + json.dumps({**attrs, "source": u, "target": v, "key": key}, ensure_ascii=False)

    def tail(self) -> str:
        return "\n]}\n"


def write(source: Source, path: Path) -> list[Path]:
    return write_document(source, path, _NodeLink())


def read(path: Path) -> nx.MultiDiGraph:
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
