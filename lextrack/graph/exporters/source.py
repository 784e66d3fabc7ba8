"""What an export writes: a graph's nodes and edges as one stream, and the attributes they may carry.

Writers read `elements()` once, in order, and write each as it comes, so an export never holds the document:
`IndexSource` streams the whole graph from the index (lextrack.graph.build.elements), `SubgraphSource` the
nodes kept by a --code or --around filter (read around them, lextrack.graph.local), `NxSource` a graph already
built. Each counts what it gave (the CLI's summary).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, Protocol

from lextrack.graph.articles import load_articles
from lextrack.graph.build import Element, dated_refs, elements
from lextrack.graph.edges import EDGE_KEYS, NODE_KEYS, PART_OF
from lextrack.graph.local import IndexGraph
from lextrack.store.index import snapshot

Schema = dict[str, type]


class Source(Protocol):
    node_keys: Schema
    edge_keys: Schema
    nodes: int
    edges: int

    def elements(self) -> Iterator[Element]: ...


class _Counted:
    node_keys: Schema = NODE_KEYS
    edge_keys: Schema = EDGE_KEYS

    def __init__(self) -> None:
        self.nodes = self.edges = 0

    def _count(self, stream: Iterator[Element]) -> Iterator[Element]:
        for element in stream:
            if len(element) == 2:
                self.nodes += 1
            else:
                self.edges += 1
            yield element


class IndexSource(_Counted):
    """The whole graph of the index (as it stood on `date`), streamed in the order it is built in."""

    def __init__(self, conn: sqlite3.Connection, date: str | None = None) -> None:
        super().__init__()
        self.conn, self.date = conn, date

    def elements(self) -> Iterator[Element]:
        with snapshot(self.conn):
            articles = load_articles(self.conn)
            refs = dated_refs(self.conn, articles, date=self.date)
            yield from self._count(elements(articles, refs, date=self.date, by_edge=True))


class SubgraphSource(_Counted):
    """The nodes `keep` of the index's graph and every edge between two of them."""

    def __init__(self, graph: IndexGraph, keep: set[str]) -> None:
        super().__init__()
        self.graph, self.keep = graph, keep

    def elements(self) -> Iterator[Element]:
        def stream() -> Iterator[Element]:
            for node in sorted(self.keep):
                yield node, self.graph.data(node)
            for node in sorted(self.keep):
                for edge in self.graph.out_edges(node):
                    if edge[1] in self.keep:
                        yield edge

        with snapshot(self.graph.conn):
            yield from self._count(stream())


class NxSource(_Counted):
    """A graph already built (tests, any caller's networkx graph): its attributes as it has them."""

    def __init__(self, graph: Any) -> None:
        super().__init__()
        self.graph = graph
        self.node_keys = _schema(d for _, d in graph.nodes(data=True))
        self.edge_keys = _schema(d for _, _, d in graph.edges(data=True))

    def elements(self) -> Iterator[Element]:
        def stream() -> Iterator[Element]:
            yield from self.graph.nodes(data=True)
            yield from self.graph.edges(keys=True, data=True)

        return self._count(stream())


def _schema(datas: Iterator[dict[str, object]]) -> Schema:
    keys: Schema = {}
    for data in datas:
        for k, v in data.items():
            keys.setdefault(k, type(v))
    return keys


def code_subgraph(graph: IndexGraph, code: str) -> set[str]:
    """A code's article nodes (of the corpus in force, or that an edge names), its code node, and every node
    one edge away from them (restrict_to_code's nodes, read around the code)."""
    from lextrack.errors import NotFoundError

    ids = set(graph.corpus_of_code(code)) | set(graph.named_in_code(code))
    core = {n for n in ids if graph.has(n) and graph.data(n).get("kind") == "article"}
    core = {n for n in core if graph.data(n).get("code") == code}
    if not core:
        raise NotFoundError(f"{code}: no article of this code in the graph")
    if graph.has(code):
        core.add(code)
    keep = set(core)
    for node in core:
        keep |= {v for _, v, _, _ in graph.out_edges(node)}
        keep |= {u for u, _, _, _ in graph.in_edges(node)}
    return keep


def around_subgraph(graph: IndexGraph, node: str, depth: int, within: set[str] | None = None) -> set[str]:
    """Nodes within `depth` references of `node` and the code nodes of the articles among them."""
    from lextrack.graph.queries import neighbours

    ring = neighbours(graph, node, depth, within=within)
    codes = {str(c) for n in ring if (c := graph.data(n).get("code")) and graph.has(str(c))}
    keep = set(ring) | codes
    return keep if within is None else keep & within


__all__ = ["IndexSource", "NxSource", "PART_OF", "Source", "SubgraphSource", "around_subgraph",
           "code_subgraph"]  # fmt: skip
