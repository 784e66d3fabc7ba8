"""GraphML for Gephi, Cytoscape and yEd. Edge keys become GraphML edge ids."""

from __future__ import annotations

from pathlib import Path

import networkx as nx


def write(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    nx.write_graphml(graph, path, named_key_ids=True)
    return [path]


def read(path: Path) -> nx.MultiDiGraph:
    return nx.MultiDiGraph(nx.read_graphml(path, force_multigraph=True))
