"""Questions asked of the graph: who cites what, what a text did, what lies around a node.

Each takes a GraphAccess (lextrack.graph.access): a built MultiDiGraph, or lextrack.graph.local.IndexGraph,
which answers from indexed SQL without building anything. Every function returns plain dicts and lists
(what `--json` prints); the CLI only renders them. `check` and `stats` live in their own modules and are
re-exported here.
"""

from __future__ import annotations

import re
from typing import Any

from lextrack.errors import NotFoundError, UsageError
from lextrack.graph.access import GraphAccess, access
from lextrack.graph.check import check
from lextrack.graph.edges import ACTING_TYPES, PART_OF, Edge
from lextrack.graph.stats import pagerank, stats
from lextrack.store.ids import typed_num

__all__ = ["check", "cited_by", "cites", "impact", "neighbours", "pagerank", "resolve_node", "stats",
           "text_id_of"]  # fmt: skip

Graph = Any  # a networkx MultiDiGraph or a GraphAccess
_EDGE_FIELDS = ("type", "clause", "pinpoint", "valid_from", "valid_to", "provenance", "label")


def resolve_node(graph: Graph, spec: str) -> str:
    """An article id (`code/NUM`, or a bare `NUM` when one code has it), a text id, or a text's name."""
    g = access(graph)
    spec = spec.strip()
    if g.has(spec):
        return spec
    if "/" in spec:
        from lextrack.codes import code_slug

        code, _, num = spec.rpartition("/")
        for candidate in (f"{code}/{typed_num(num)}", f"{code_slug(code)}/{typed_num(num)}"):
            if g.has(candidate):
                return candidate
    else:
        found = g.articles_numbered(typed_num(spec))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            in_corpus = [n for n in found if g.data(n).get("in_corpus")]
            if len(in_corpus) == 1:
                return in_corpus[0]
            raise UsageError(f"{spec} is ambiguous: {', '.join(found)} (give the code: CODE/NUM)")
    text_id = text_id_of(spec)
    if text_id and g.has(text_id):
        return text_id
    raise NotFoundError(f"{spec}: not in the graph")


def text_id_of(spec: str) -> str | None:
    """`decret/2017-864` as given, or the canonical id of a name such as "Décret n°2017-864 du 9 mai 2017"."""
    spec = spec.strip()
    if re.match(r"^[a-z-]+/[\w -]+$", spec):  # "decision/2013-685 DC" too
        return spec
    from lextrack.parser.links import parse_target
    from lextrack.store.edges import text_id

    _, text, _ = parse_target(spec)
    return text_id(text) if text is not None else None


def _edge_row(u: str, v: str, data: dict[str, Any], depth: int) -> dict[str, Any]:
    row: dict[str, Any] = {"source": u, "target": v, "depth": depth}
    row.update({k: data[k] for k in _EDGE_FIELDS if k in data})
    return row


def _by_place(edge: Edge) -> tuple[str, str, str]:
    return edge[0], edge[1], str(edge[3].get("clause") or "")


def _walk(g: GraphAccess, start: str, depth: int, outgoing: bool) -> list[dict[str, Any]]:
    """References within `depth` hops; beyond the first hop only article-to-article citations are followed."""
    rows: list[dict[str, Any]] = []
    seen = {start}
    frontier = [start]
    for level in range(1, depth + 1):
        nxt: list[str] = []
        for node in frontier:
            edges = g.out_edges(node) if outgoing else g.in_edges(node)
            for u, v, _, data in sorted(edges, key=_by_place):
                if data["type"] == PART_OF:
                    continue
                if level > 1 and data["type"] != "cites":
                    continue
                rows.append(_edge_row(u, v, data, level))
                other = v if outgoing else u
                if data["type"] == "cites" and other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return rows


def cites(graph: Graph, node: str, depth: int = 1) -> list[dict[str, Any]]:
    g = access(graph)
    return _walk(g, resolve_node(g, node), depth, outgoing=True)


def cited_by(graph: Graph, node: str, depth: int = 1) -> list[dict[str, Any]]:
    g = access(graph)
    return _walk(g, resolve_node(g, node), depth, outgoing=False)


def impact(graph: Graph, text: str) -> dict[str, Any]:
    """What a text did to articles (created, modified, abrogated, transferred…) and who cites those."""
    g = access(graph)
    text_id = text_id_of(text) or text
    if not g.has(text_id):
        raise NotFoundError(f"{text}: no article of the corpus names {text_id}")
    acted: list[dict[str, Any]] = []
    for u, _, _, data in sorted(g.in_edges(text_id), key=lambda e: (e[0], e[3]["type"])):
        if data["type"] not in ACTING_TYPES:
            continue
        row: dict[str, Any] = {"article": u, "relation": data["type"]}
        row.update({k: data[k] for k in ("valid_from", "pinpoint", "label") if k in data})
        successors = sorted(v for _, v, _, d in g.out_edges(u) if d["type"] == "transferred_to")
        if successors:
            row["successors"] = successors
        acted.append(row)
    touched = {r["article"] for r in acted}
    citing = [
        _edge_row(u, v, d, 1)
        for v in sorted(touched)
        for u, _, _, d in sorted(g.in_edges(v), key=lambda e: (e[0], e[3].get("clause") or ""))
        if d["type"] == "cites"
    ]
    label = g.data(text_id).get("label", text_id)
    return {"text": text_id, "label": label, "articles": acted, "cited_by": citing}


def neighbours(graph: Graph, node: str, depth: int, within: set[str] | None = None) -> dict[str, int]:
    """Nodes within `depth` references of `node`, whatever the direction, with their distance (a code node
    links every article of its code: it is no path); `within`: only through these nodes."""
    g = access(graph)
    if not g.has(node) or (within is not None and node not in within):
        raise NotFoundError(f"{node}: not in the graph")
    ring = {node: 0}
    frontier = [node]
    for level in range(1, depth + 1):
        nxt = []
        for n in frontier:
            ends = [v for _, v, _, d in g.out_edges(n) if d["type"] != PART_OF]
            ends += [u for u, _, _, d in g.in_edges(n) if d["type"] != PART_OF]
            for m in ends:
                if m not in ring and (within is None or m in within):
                    ring[m] = level
                    nxt.append(m)
        frontier = nxt
    return ring
