"""`stats`: counts by node kind and edge type, most cited articles, most amending texts, degree
distributions, PageRank and weakly connected components.

`index_stats` reads the index once, edge group by edge group, and keeps only integers per node (degrees,
predecessors for PageRank, a union-find for components): no graph with attributes is built. `stats` gives
the same figures from a built networkx graph (tests compare the two on the demo store).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate
from operator import sub
from typing import Any

from lextrack.graph.articles import article_codes, load_articles, undated_starts
from lextrack.graph.edges import ACTING_TYPES, PART_OF, EdgeRow, edge_count, other_node
from lextrack.graph.local import date_filter
from lextrack.store.edges import ENDING_TYPES, TEXT_TYPES, Ref
from lextrack.store.index import snapshot


class IdGraph:
    """Nodes as integers, edges as counts: what the figures of `stats` need of a graph, and no more."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.kind: list[str] = []
        self.out_deg: list[int] = []
        self.in_deg: list[int] = []
        self.preds: list[list[int]] = []  # with one entry per edge: multi-edges weigh as many
        self.parent: list[int] = []  # union-find over the reference edges

    def add(self, node: str, kind: str) -> int:
        i = self.index.get(node)
        if i is None:
            i = self.index[node] = len(self.kind)
            self.kind.append(kind)
            self.out_deg.append(0)
            self.in_deg.append(0)
            self.preds.append([])
            self.parent.append(i)
        return i

    def link(self, u: int, v: int, count: int) -> None:
        self.out_deg[u] += count
        self.in_deg[v] += count
        self.preds[v].extend([u] * count)
        ru, rv = self._root(u), self._root(v)
        if ru != rv:
            self.parent[max(ru, rv)] = min(ru, rv)

    def _root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def components(self) -> list[int]:
        sizes = Counter(self._root(i) for i in range(len(self.kind)))
        return sorted(sizes.values(), reverse=True)

    def pagerank(self, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
        """Plain power iteration over nodes in id order (so that any two readers of the same graph agree to
        the last bit); networkx's own needs scipy, which lextrack does not otherwise need."""
        names = sorted(self.index)
        order = [self.index[n] for n in names]
        pos = {old: new for new, old in enumerate(order)}
        n = len(names)
        if n == 0:
            return {}
        out_deg = [self.out_deg[i] for i in order]
        # Each node's predecessors, flattened: one C-level pass per iteration gathers every edge's share,
        # and a running sum gives each node its total as the difference of two prefix sums.
        flat = [pos[u] for i in order for u in sorted(self.preds[i], key=pos.__getitem__)]
        ends = list(accumulate(len(self.preds[i]) for i in order))
        starts = [0, *ends[:-1]]
        dangling_nodes = [i for i in range(n) if out_deg[i] == 0]
        inv = [1.0 / d if d else 0.0 for d in out_deg]
        rank = [1.0 / n] * n
        for _ in range(max_iter):
            dangling = alpha * sum(rank[i] for i in dangling_nodes) / n
            base = (1.0 - alpha) / n + dangling
            share = [r * w for r, w in zip(rank, inv, strict=True)]
            pre = list(accumulate(map(share.__getitem__, flat), initial=0.0))
            new = [base + alpha * (pre[b] - pre[a]) for a, b in zip(starts, ends, strict=True)]
            done = sum(map(abs, map(sub, new, rank))) < n * tol
            rank = new
            if done:
                break
        return dict(zip(names, rank, strict=True))


def figures(g: IdGraph, edges: Counter[str], cited: Counter[str], clauses: Counter[str],
            amending: Counter[str], labels: dict[str, str], top: int) -> dict[str, Any]:  # fmt: skip
    components = g.components()
    return {
        "nodes": dict(sorted(Counter(g.kind).items())),
        "edges": dict(sorted(edges.items())),
        "most_cited": [{"id": n, "count": c, "citations": clauses[n]} for n, c in _top(cited, top)],
        "most_amending": [{"id": n, "label": labels.get(n, n), "count": c} for n, c in _top(amending, top)],
        "in_degree": _distribution(g.in_deg),
        "out_degree": _distribution(g.out_deg),
        "pagerank": [{"id": n, "score": round(s, 6)} for n, s in _top(g.pagerank(), 20)],
        "components": {"count": len(components), "largest": components[:5]},
    }


_READ = (
    "SELECT source, target, type, article_id, start, end, event_date, clause, pinpoint, provenance,"
    " target_kind, text_nature, text_number, text_date FROM refs WHERE 1{extra}"
    " ORDER BY source, target, type, id"
)


def index_stats(conn: sqlite3.Connection, *, date: str | None = None, top: int = 10) -> dict[str, Any]:
    """The figures of the graph on `date` (temporal without it), read edge group by edge group."""
    g = IdGraph()
    edges: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    clauses: Counter[str] = Counter()
    amending: Counter[str] = Counter()
    labels: dict[str, str] = {}
    codes: dict[str, str] = {}

    def flush(key: tuple[str, str, str], group: list[EdgeRow], first: tuple) -> None:
        u, v, etype = key
        for node in key[:2]:
            if node not in g.index:
                ref = Ref(first[3], first[4], first[5], etype, u, v, first[10], text_nature=first[11],
                          text_number=first[12], text_date=first[13])  # fmt: skip
                attrs = other_node(node, ref)
                g.add(node, str(attrs["kind"]))
                if attrs["kind"] == "article":
                    codes[node] = str(attrs["code"])
                elif attrs["kind"] == "text":
                    labels[node] = str(attrs["label"])
        count = edge_count(u, group)
        edges[etype] += count
        vi = g.index[v]
        g.link(g.index[u], vi, count)
        if etype == "cites":
            cited[v] += 1  # by distinct citing articles, not citing clauses
            clauses[v] += count
        elif etype in ACTING_TYPES and g.kind[vi] == "text":
            amending[v] += count

    with snapshot(conn):
        absent: set[str] = set()
        if date is None:  # every article is in the temporal graph: no timeline to read
            for aid, code in sorted(article_codes(conn).items()):
                g.add(aid, "article")
                codes[aid] = code
        else:
            articles = load_articles(conn, meta=False)
            for aid in sorted(articles):
                info = articles[aid]
                if info.in_force_on(date):
                    g.add(aid, "article")
                    codes[aid] = info.code
                else:
                    absent.add(aid)
        undated = undated_starts(conn)
        extra, args = date_filter(date)
        key: tuple[str, str, str] | None = None
        group: list[EdgeRow] = []
        first: tuple = ()
        for row in conn.execute(_READ.format(extra=extra), args) if _has(conn, "refs") else ():
            source, target, etype, aid, start, end, event = row[:7]
            if start is not None and start in undated.get(aid, ()):
                start = None  # a version dated only by the day its file was read starts unknown
            if etype in ENDING_TYPES:
                lo, hi = event or end or start, None
            else:
                lo, hi = (start if etype in TEXT_TYPES else event or start), end
            if date is not None and (
                (lo is not None and lo > date) or (hi is not None and date >= hi)
                or source in absent or target in absent
            ):  # fmt: skip
                continue
            if (source, target, etype) != key:
                if group:
                    flush(key, group, first)  # type: ignore[arg-type]
                key, group, first = (source, target, etype), [], row
            group.append(EdgeRow(aid, row[7], row[8], row[9], lo, hi))
        if group:
            flush(key, group, first)  # type: ignore[arg-type]
    for code in codes.values():
        if code:
            g.add(code, "code")
            edges[PART_OF] += 1
    return figures(g, edges, cited, clauses, amending, labels, top)


def stats(graph: Any, top: int = 10) -> dict[str, Any]:
    """The same figures from a built networkx graph."""
    g = IdGraph()
    for node, data in graph.nodes(data=True):
        g.add(node, data["kind"])
    edges = Counter(d["type"] for _, _, d in graph.edges(data=True))
    cites = [(u, v) for u, v, d in graph.edges(data=True) if d["type"] == "cites"]
    for u, v, d in graph.edges(data=True):
        if d["type"] != PART_OF:
            g.link(g.index[u], g.index[v], 1)
    cited = Counter(v for _, v in set(cites))
    clauses = Counter(v for _, v in cites)
    amending = Counter(
        v
        for _, v, d in graph.edges(data=True)
        if d["type"] in ACTING_TYPES and graph.nodes[v]["kind"] == "text"
    )
    labels = {n: d.get("label", n) for n, d in graph.nodes(data=True) if d["kind"] == "text"}
    return figures(g, edges, cited, clauses, amending, labels, top)


def pagerank(graph: Any, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """PageRank of a networkx graph's nodes over all its edges."""
    g = IdGraph()
    for node in graph.nodes:
        g.add(node, "")
    for u, v in graph.edges():
        g.link(g.index[u], g.index[v], 1)
    return g.pagerank(alpha, tol, max_iter)


def _has(conn: sqlite3.Connection, table: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"
    return conn.execute(sql, (table,)).fetchone() is not None


def _top(counter: dict[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _distribution(degrees: Iterable[int]) -> dict[str, int]:
    counts = Counter(degrees)
    return {str(k): counts[k] for k in sorted(counts)}
