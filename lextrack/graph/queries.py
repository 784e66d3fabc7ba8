"""Questions asked of the graph: who cites what, what a text did, which references are broken, overall shape.

Every function returns plain dicts and lists (what `--json` prints); the CLI only renders them.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from lextrack.errors import NotFoundError, UsageError
from lextrack.graph.build import (
    ACTING_TYPES,
    ArticleInfo,
    dated_refs,
    load_articles,
    snapshot,
)

_EDGE_FIELDS = ("type", "clause", "pinpoint", "valid_from", "valid_to", "provenance", "label")


def resolve_node(graph: nx.MultiDiGraph, spec: str) -> str:
    """An article id (`code/NUM`, or a bare `NUM` when one code has it), a text id, or a text's name."""
    spec = spec.strip()
    if spec in graph:
        return spec
    if "/" in spec:
        from lextrack.codes import code_slug

        code, _, num = spec.rpartition("/")
        for candidate in (f"{code}/{_norm_num(num)}", f"{code_slug(code)}/{_norm_num(num)}"):
            if candidate in graph:
                return candidate
    else:
        num = _norm_num(spec)
        found = sorted(
            n for n, d in graph.nodes(data=True) if d.get("kind") == "article" and d.get("num") == num
        )
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            in_corpus = [n for n in found if graph.nodes[n].get("in_corpus")]
            if len(in_corpus) == 1:
                return in_corpus[0]
            raise UsageError(f"{spec} is ambiguous: {', '.join(found)} (give the code: CODE/NUM)")
    text_id = text_id_of(spec)
    if text_id and text_id in graph:
        return text_id
    raise NotFoundError(f"{spec}: not in the graph")


def _norm_num(num: str) -> str:
    m = re.match(r"^([A-Za-z]{1,3}\*?)\.?\s*(\d.*)$", num.strip())
    return (m.group(1).upper() + m.group(2)) if m else num.strip()


def text_id_of(spec: str) -> str | None:
    """`decret/2017-864` as given, or the canonical id of a name such as "Décret n°2017-864 du 9 mai 2017"."""
    spec = spec.strip()
    if re.match(r"^[a-z-]+/[\w-]+$", spec):
        return spec
    from lextrack.parser.links import parse_target  # the parser reads names as it reads link labels
    from lextrack.store.edges import text_id

    _, text, _ = parse_target(spec)
    return text_id(text) if text is not None else None


def _edge_row(u: str, v: str, data: dict[str, Any], depth: int) -> dict[str, Any]:
    row: dict[str, Any] = {"source": u, "target": v, "depth": depth}
    row.update({k: data[k] for k in _EDGE_FIELDS if k in data})
    return row


def _walk(graph: nx.MultiDiGraph, start: str, depth: int, outgoing: bool) -> list[dict[str, Any]]:
    """References within `depth` hops; beyond the first hop only article-to-article citations are followed."""
    rows: list[dict[str, Any]] = []
    seen = {start}
    frontier = [start]
    for level in range(1, depth + 1):
        nxt: list[str] = []
        for node in frontier:
            edges = graph.out_edges(node, data=True) if outgoing else graph.in_edges(node, data=True)
            for u, v, data in sorted(edges, key=lambda e: (e[0], e[1], e[2].get("clause") or "")):
                if data["type"] == "part_of":
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


def cites(graph: nx.MultiDiGraph, node: str, depth: int = 1) -> list[dict[str, Any]]:
    return _walk(graph, resolve_node(graph, node), depth, outgoing=True)


def cited_by(graph: nx.MultiDiGraph, node: str, depth: int = 1) -> list[dict[str, Any]]:
    return _walk(graph, resolve_node(graph, node), depth, outgoing=False)


def impact(graph: nx.MultiDiGraph, text: str) -> dict[str, Any]:
    """What a text did to articles (created, modified, abrogated, transferred…) and who cites those."""
    text_id = text_id_of(text) or text
    if text_id not in graph:
        raise NotFoundError(f"{text}: no article of the corpus names {text_id}")
    acted: list[dict[str, Any]] = []
    for u, _, data in sorted(graph.in_edges(text_id, data=True), key=lambda e: (e[0], e[2]["type"])):
        if data["type"] not in ACTING_TYPES:
            continue
        row: dict[str, Any] = {"article": u, "relation": data["type"]}
        row.update({k: data[k] for k in ("valid_from", "pinpoint", "label") if k in data})
        successors = sorted(v for _, v, d in graph.out_edges(u, data=True) if d["type"] == "transferred_to")
        if successors:
            row["successors"] = successors
        acted.append(row)
    touched = {r["article"] for r in acted}
    citing = [
        _edge_row(u, v, d, 1)
        for v in sorted(touched)
        for u, _, d in sorted(graph.in_edges(v, data=True), key=lambda e: (e[0], e[2].get("clause") or ""))
        if d["type"] == "cites"
    ]
    label = graph.nodes[text_id].get("label", text_id)
    return {"text": text_id, "label": label, "articles": acted, "cited_by": citing}


# --- check -------------------------------------------------------------------------------------------------


def check(conn: sqlite3.Connection, *, date: str | None = None) -> dict[str, Any]:
    """Broken references, citations leaving the corpus, and anomalies of the index itself."""
    with snapshot(conn):
        articles = load_articles(conn)
        refs = list(dated_refs(conn, articles))
    successors: dict[str, set[str]] = defaultdict(set)
    cites_refs = []
    transferred_by: set[str] = set()
    for ref in refs:
        if ref.type == "transferred_to":
            successors[ref.source].add(ref.target)
        elif ref.type == "transferred_by":
            transferred_by.add(ref.source)
        elif ref.type == "cites" and ref.source in articles:
            if date is None or ref.holds_on(date):
                cites_refs.append(ref)
    for info in articles.values():
        if info.ended and info.ended[2]:
            successors[info.id].add(info.ended[2])

    broken: dict[tuple[Any, ...], dict[str, Any]] = {}
    outside: dict[tuple[str, str], dict[str, Any]] = {}
    for ref in cites_refs:
        target = articles.get(ref.target)
        if target is None:
            entry = outside.setdefault(
                (ref.source, ref.target), {"citing": ref.source, "cited": ref.target, "clauses": []}
            )
            if ref.clause and ref.clause not in entry["clauses"]:
                entry["clauses"].append(ref.clause)
            continue
        days = [date] if date else _gaps(ref.valid_from, ref.valid_to, target)
        for day in days:
            if target.in_force_on(day):
                continue
            problem = target.state_on(day)
            item: dict[str, Any] = {
                "citing": ref.source,
                "citing_version": {"start": ref.start, "end": ref.end},
                "cited": ref.target,
                "problem": problem,
                "on": day,
            }
            if ref.clause:
                item["clause"] = ref.clause
            if ref.pinpoint:
                item["pinpoint"] = ref.pinpoint
            if problem in ("abrogated", "transferred"):
                stopped = _stopped(target, day)
                if stopped:
                    item["since"] = stopped
            if problem == "transferred":
                item["successors"] = sorted(successors.get(ref.target, ()))
            elif problem == "not_yet_in_force":
                item["in_force_from"] = _next_start(target, day)
            broken.setdefault((ref.source, ref.target, ref.clause, ref.pinpoint, problem, day), item)

    # A metadata or LEGI line names no clause; when the text's own citation is there, it says it all.
    placed = {(b["citing"], b["cited"], b["problem"], b["on"]) for b in broken.values() if "clause" in b}
    for key, b in list(broken.items()):
        if "clause" not in b and (b["citing"], b["cited"], b["problem"], b["on"]) in placed:
            del broken[key]
    anomalies = _anomalies(articles, successors, transferred_by)
    return {
        "date": date,
        "broken": sorted(broken.values(), key=lambda b: (b["citing"], b["cited"], b.get("clause") or "")),
        "outside_corpus": sorted(outside.values(), key=lambda o: (o["citing"], o["cited"])),
        "anomalies": anomalies,
    }


def _gaps(lo: str | None, hi: str | None, target: ArticleInfo) -> list[str]:
    """First day of each stretch of [lo, hi) during which `target` is not in force."""
    spans = sorted(target.spans, key=lambda s: s[0] or "")
    if not spans:
        return [lo] if lo else []
    cur: str | None = lo if lo is not None else (spans[0][0] or "0001-01-01")
    out: list[str] = []
    for start, end, _ in spans:
        if cur is None or (hi is not None and cur >= hi):
            return out
        if end is not None and end <= cur:
            continue
        if start is not None and start > cur:
            if hi is not None and start > hi:
                out.append(cur)
                return out
            out.append(cur)
        cur = end
    if cur is not None and (hi is None or cur < hi):
        out.append(cur)
    return out


def _stopped(target: ArticleInfo, day: str) -> str | None:
    """The day `target` last stopped being in force, on or before `day`."""
    ends = [e for _, e, _ in target.spans if e and e <= day]
    if target.ended and target.ended[0] <= day:
        ends.append(target.ended[0])
    return max(ends) if ends else None


def _next_start(target: ArticleInfo, day: str) -> str | None:
    starts = sorted(s for s, _, _ in target.spans if s and s > day)
    return starts[0] if starts else None


def _anomalies(
    articles: dict[str, ArticleInfo], successors: dict[str, set[str]], transferred_by: set[str]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for aid in sorted(articles):
        info = articles[aid]
        transferred = info.state == "transferred" or aid in transferred_by
        if transferred and not successors.get(aid):
            out.append({"kind": "transfer_without_successor", "article": aid})
        for succ in sorted(successors.get(aid, ())):
            if succ not in articles:
                out.append({"kind": "successor_outside_corpus", "article": aid, "successor": succ})
        spans = sorted(info.spans, key=lambda s: s[0] or "")
        for (s1, e1, _), (s2, e2, _) in zip(spans, spans[1:], strict=False):
            if s2 is not None and (e1 is None or s2 < e1):
                out.append(
                    {"kind": "overlapping_versions", "article": aid,
                     "versions": [{"start": s1, "end": e1}, {"start": s2, "end": e2}]}
                )  # fmt: skip
    return out


# --- stats -------------------------------------------------------------------------------------------------


def stats(graph: nx.MultiDiGraph, top: int = 10) -> dict[str, Any]:
    """Counts, most cited articles, most amending texts, degree distributions, PageRank, components."""
    nodes = Counter(d["kind"] for _, d in graph.nodes(data=True))
    edges = Counter(d["type"] for _, _, d in graph.edges(data=True))
    refs = nx.MultiDiGraph()
    refs.add_nodes_from(graph.nodes)
    refs.add_edges_from((u, v) for u, v, d in graph.edges(data=True) if d["type"] != "part_of")
    cites = [(u, v) for u, v, d in graph.edges(data=True) if d["type"] == "cites"]
    cited = Counter(v for _, v in set(cites))  # by distinct citing articles, not citing clauses
    clauses = Counter(v for _, v in cites)
    amending = Counter(
        v
        for _, v, d in graph.edges(data=True)
        if d["type"] in ACTING_TYPES and graph.nodes[v]["kind"] == "text"
    )
    components = sorted((len(c) for c in nx.weakly_connected_components(refs)), reverse=True)
    return {
        "nodes": dict(sorted(nodes.items())),
        "edges": dict(sorted(edges.items())),
        "most_cited": [{"id": n, "count": c, "citations": clauses[n]} for n, c in _top(cited, top)],
        "most_amending": [
            {"id": n, "label": graph.nodes[n].get("label", n), "count": c} for n, c in _top(amending, top)
        ],  # fmt: skip
        "in_degree": _distribution(d for _, d in refs.in_degree()),
        "out_degree": _distribution(d for _, d in refs.out_degree()),
        "pagerank": [{"id": n, "score": round(s, 6)} for n, s in _top(pagerank(refs), 20)],
        "components": {"count": len(components), "largest": components[:5]},
    }


def _top(counter: dict[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _distribution(degrees) -> dict[str, int]:
    counts = Counter(degrees)
    return {str(k): counts[k] for k in sorted(counts)}


def pagerank(graph: nx.MultiDiGraph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict:
    """Plain power iteration; networkx's own needs scipy, which lextrack does not otherwise need."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    out_deg = dict(graph.out_degree())
    rank = dict.fromkeys(graph, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[v] for v in graph if out_deg[v] == 0) / n
        new = dict.fromkeys(graph, (1.0 - alpha) / n + dangling)
        for u, v in graph.edges():
            new[v] += alpha * rank[u] / out_deg[u]
        if sum(abs(new[v] - rank[v]) for v in graph) < n * tol:
            return new
        rank = new
    return rank


