"""From the SQLite index to a networkx MultiDiGraph: the whole temporal graph, or the graph on a day.

The whole-graph paths (stats' PageRank, exports to NetworkX formats, tests) build it; questions about one
article never do (lextrack.graph.local walks the index instead). Articles and their statuses come from
lextrack.graph.articles (the timeline's), edges from `refs` merged by lextrack.graph.edges.

Node kinds: article, text, code. Node attributes: kind, label, valid_from, valid_to (absent = open/unknown);
articles add code, num, state, in_corpus, hierarchy, title, legi_id; texts add nature, number, date, title.
Edge attributes: type, valid_from, valid_to, provenance, stated_by, and when known pinpoint, clause, span,
label, legi_type, legi_sens, event_date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

import networkx as nx

from lextrack.graph.articles import ArticleInfo, load_articles
from lextrack.graph.edges import (
    ACTING_TYPES,
    EDGE_TYPES,
    NODE_KINDS,
    PART_OF,
    Edge,
    article_node,
    code_node,
    edge_key,
    merged,
    other_node,
    part_of,
    shown,
    text_label,
    undated_as_unknown,
)
from lextrack.graph.local import refs_in_graph_order
from lextrack.store.edges import Ref
from lextrack.store.index import snapshot

__all__ = [
    "ACTING_TYPES", "EDGE_TYPES", "NODE_KINDS", "ArticleInfo", "build_graph", "dated_refs", "elements",
    "graph_from", "load_articles", "neighbourhood", "restrict_to_code", "snapshot", "text_label",
]  # fmt: skip


def build_graph(
    conn: sqlite3.Connection,
    *,
    date: str | None = None,
    code: str | None = None,
    around: str | None = None,
    depth: int = 1,
) -> nx.MultiDiGraph:
    """The citation graph of the index: temporal without `date`, as it stood on `date` with it."""
    with snapshot(conn):
        articles = load_articles(conn)
        graph = graph_from(articles, dated_refs(conn, articles, date=date), date=date, by_edge=True)
    if code:
        graph = restrict_to_code(graph, code)
    if around:
        graph = neighbourhood(graph, around, depth)
    return graph


def dated_refs(
    conn: sqlite3.Connection, articles: dict[str, ArticleInfo], *, date: str | None = None
) -> Iterator[Ref]:
    """The refs in (source, target, type) order, the store's undated starts read as unknown, holding on
    `date` when given."""
    for ref in refs_in_graph_order(conn, date):
        ref = undated_as_unknown(ref, articles)
        if date is None or ref.holds_on(date):
            yield ref


def graph_from(
    articles: dict[str, ArticleInfo],
    refs: Iterable[Ref],
    *,
    date: str | None = None,
    by_edge: bool = False,
) -> nx.MultiDiGraph:
    """by_edge: `refs` come ordered by (source, target, type), as dated_refs gives them, so each edge's rows
    are merged and dropped in turn instead of all being held at once."""
    g = nx.MultiDiGraph()
    for element in elements(articles, refs, date=date, by_edge=by_edge):
        if len(element) == 2:
            g.add_node(element[0], **element[1])
        else:
            u, v, key, attrs = element
            g.add_edge(u, v, key=key, **attrs)
    return g


Element = tuple[str, dict[str, object]] | Edge  # a node (id, attributes) or an edge (u, v, key, attributes)


def elements(
    articles: dict[str, ArticleInfo],
    refs: Iterable[Ref],
    *,
    date: str | None = None,
    by_edge: bool = False,
) -> Iterator[Element]:
    """The graph's nodes and edges in the order it is built in: the corpus's articles (in force on `date`)
    by id, then each edge as its refs come, a node the first time an edge names it, then every article's
    edge to its code. The networkx graph and the streaming exports both read this."""
    seen: set[str] = set()
    articles_seen: list[tuple[str, dict[str, object]]] = []
    for aid in sorted(articles):
        info = articles[aid]
        if date is None or info.in_force_on(date):
            attrs = article_node(info, date)
            seen.add(aid)
            articles_seen.append((aid, attrs))
            yield aid, attrs
    stream: Iterable[Ref] = (r for r in refs if shown(r, articles, date))
    if not by_edge:
        stream = sorted(stream, key=edge_key)
    first: dict[tuple[str, str, str], Ref] = {}

    def remember(rs: Iterable[Ref]) -> Iterator[Ref]:
        for r in rs:  # the first ref of each edge names the nodes the graph does not have yet
            first.setdefault(edge_key(r), r)
            yield r

    for u, v, key, attrs in merged(remember(stream)):
        ref = first.pop((u, v, str(attrs["type"])), None)
        if ref is not None:
            for node in (u, v):
                if node not in seen:
                    data = other_node(node, ref)
                    seen.add(node)
                    if data["kind"] == "article":
                        articles_seen.append((node, data))
                    yield node, data
        yield u, v, key, attrs
    for node, data in articles_seen:
        edge = part_of(node, data)
        if edge is None:
            continue
        if edge[1] not in seen:
            seen.add(edge[1])
            yield edge[1], code_node(edge[1])
        yield edge


def restrict_to_code(g: nx.MultiDiGraph, code: str) -> nx.MultiDiGraph:
    """The articles of one code (by name, abbreviation or slug), its code node, and their neighbours."""
    from lextrack.codes import code_slug

    code = code_slug(code)
    core = {n for n, d in g.nodes(data=True) if d.get("code") == code and d["kind"] == "article"}
    if not core:
        from lextrack.errors import NotFoundError

        raise NotFoundError(f"{code}: no article of this code in the graph")
    if code in g:
        core.add(code)
    keep = set(core)
    for u, v in g.edges():
        if u in core or v in core:
            keep.update((u, v))
    return g.subgraph(keep).copy()


def neighbourhood(g: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """Nodes within `depth` links of `node`, whatever the direction."""
    from lextrack.errors import NotFoundError

    if node not in g:
        raise NotFoundError(f"{node}: not in the graph")
    # Through a code node every article is two steps from every other: walk the references only.
    refs = nx.subgraph_view(g, filter_edge=lambda u, v, k: k != PART_OF).to_undirected(as_view=True)
    keep = set(nx.single_source_shortest_path_length(refs, node, cutoff=depth))
    keep |= {g.nodes[n]["code"] for n in list(keep) if g.nodes[n].get("code") in g}
    return g.subgraph(keep).copy()
