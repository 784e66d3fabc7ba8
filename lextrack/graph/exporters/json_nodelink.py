"""networkx node-link JSON: what d3 and most graph libraries read."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx


def write(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    data = nx.node_link_data(graph, edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return [path]


def read(path: Path) -> nx.MultiDiGraph:
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
