"""GEXF 1.2 in dynamic mode: each node's and edge's validity interval is its start/end, so Gephi's timeline
replays the law's evolution. GEXF reserves an edge's `type` (directed/undirected), so the relation travels as
`relation`; `valid_from`/`valid_to` travel as GEXF start/end."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

_TIME = (("valid_from", "start"), ("valid_to", "end"))


def write(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    g = nx.MultiDiGraph()
    g.graph["mode"] = "dynamic"
    for node, data in graph.nodes(data=True):
        g.add_node(node, **_to_gexf(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = _to_gexf(data)
        attrs["relation"] = attrs.pop("type")
        g.add_edge(u, v, key=key, **attrs)
    nx.write_gexf(g, path)
    return [path]


def read(path: Path) -> nx.MultiDiGraph:
    raw = nx.read_gexf(path)
    g = nx.MultiDiGraph()
    for node, data in raw.nodes(data=True):
        g.add_node(node, **_from_gexf(data))
    for u, v, key, data in raw.edges(keys=True, data=True):
        attrs = _from_gexf(data)
        attrs.pop("id", None)
        attrs["type"] = attrs.pop("relation")
        g.add_edge(u, v, key=key, **attrs)
    return g


def _to_gexf(data: dict) -> dict:
    out = dict(data)
    for ours, theirs in _TIME:
        if ours in out:
            out[theirs] = out.pop(ours)
    return out


def _from_gexf(data: dict) -> dict:
    out = dict(data)
    for ours, theirs in _TIME:
        if theirs in out:
            out[ours] = out.pop(theirs)
    return out
