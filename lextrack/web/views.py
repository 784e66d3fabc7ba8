"""What each page and API answer holds, as plain dicts: the routes only pick a template or return JSON.

Everything here calls the store's and the graph's public functions; nothing writes. Citations are read from
the index around the article or text shown (lextrack.graph.local): no page waits for a graph to be built.
Statuses are lextrack.vocab.Status (the timeline's); templates compare them with the `Status` global.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lextrack.citations import extract_article
from lextrack.codes import find_code
from lextrack.dates import parse_user_date
from lextrack.errors import LextrackError, NotFoundError, UsageError
from lextrack.graph import queries
from lextrack.graph.edges import PART_OF
from lextrack.graph.local import IndexGraph
from lextrack.model import Article
from lextrack.parser.clauses import build_clauses
from lextrack.store import Store, history_dict, resolve_id
from lextrack.store.diff import changed_paragraphs, word_diff
from lextrack.vocab import RowKind, Status
from lextrack.web.render import anchor, article_href, article_html, citation_links, diff_html

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9*.° -]{0,60}$")
_TEXT_NATURE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_TEXT_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,40}$")


def check_date(value: str | None, what: str = "date") -> str | None:
    """An ISO day or None; anything else is a UsageError (a 422 for the client)."""
    if value is None or value == "":
        return None
    if len(value) > 20:
        raise UsageError(f"{what}: not a date (expected YYYY-MM-DD)")
    return parse_user_date(value, what)


def article_id(store: Store, code: str, num: str) -> str:
    """A canonical id from the two path segments, or NotFoundError / UsageError with the reason."""
    if not _SLUG.match(code) or not _NUM.match(num):
        raise UsageError(f"{code}/{num}: not an article id (expected CODE-SLUG/NUM, e.g. "
                         "code-de-la-securite-sociale/L227-1)")  # fmt: skip
    return resolve_id(store.index, f"{code}/{num}").id


def bare_id(store: Store, num: str) -> str:
    if not _NUM.match(num):
        raise UsageError(f"{num}: not an article number")
    return resolve_id(store.index, num).id


def text_node(nature: str, number: str) -> str:
    if not _TEXT_NATURE.match(nature) or not _TEXT_NUMBER.match(number):
        raise UsageError(f"{nature}/{number}: not a text id (expected e.g. loi/2020-1576)")
    return f"{nature}/{number}"


def code_name(slug: str) -> str:
    code = find_code(slug)
    return code.name if code else slug


# --- article ---------------------------------------------------------------------------------------------


def timeline(store: Store, aid: str) -> list[dict[str, Any]]:
    """Every version with its interval; `reachable` when some day had it in force (diffable by date)."""
    out = []
    for v in store.history(aid):
        d = history_dict(v)
        d["reachable"] = d["kind"] == RowKind.TEXT and (v.end is None or v.end > v.start)
        out.append(d)
    return out


def article_view(store: Store, aid: str, day: str) -> dict[str, Any]:
    at = store.at(aid, day)
    code, _, num = aid.rpartition("/")
    version = at["version"]
    # A gap or a day before the first version: the nearest version is still worth reading, marked as such.
    readable = (Status.IN_FORCE, Status.UNKNOWN, Status.NOT_YET_IN_FORCE)
    text = version["text"] if version and at["status"] in readable else None
    body = None
    tree: list[dict[str, Any]] = []
    if text:
        clauses = build_clauses(text.split("\n\n"))
        # clause by clause, as the graph has them: "du même code" carries from one alinéa to the next
        found = extract_article(Article(code=code, num=num, text=text, clauses=clauses))
        links = citation_links([c for _, c in found], store.index.has_article)
        body = article_html(text, clauses, links)
        tree = [_clause_dict(c) for c in clauses]
    successor_chain = follow_transfers(store, aid, day)
    conn = store.index.conn
    graph = IndexGraph(conn)
    outgoing = incoming = []
    if graph.has(aid):
        outgoing = _ref_rows(queries.cites(graph, aid), "target", store, day)
        incoming = _ref_rows(queries.cited_by(graph, aid), "source", store, day)
    broken = queries.check(conn, article=aid)["broken"]
    return {
        "id": aid,
        "code": code,
        "code_name": code_name(code),
        "num": num,
        "date": day,
        "at": at,
        "body": body,
        "clauses": tree,
        "timeline": timeline(store, aid),
        "transfers": successor_chain,
        "predecessors": store.predecessors(aid),
        "cites": outgoing,
        "cited_by": incoming,
        "broken": broken,
    }


def follow_transfers(store: Store, aid: str, day: str) -> list[dict[str, Any]]:
    """R133-19 -> R133-2-10: each hop of a transfer on `day`, stopping at a loop or an unknown id."""
    chain: list[dict[str, Any]] = []
    seen = {aid}
    current = aid
    while len(chain) < 10:
        at = store.at(current, day)
        succ = at.get("successor")
        if at["status"] != Status.TRANSFERRED or not succ:
            break
        known = store.index.has_article(succ)
        chain.append({"from": current, "to": succ, "since": (at["version"] or {}).get("start"),
                      "source": (at["version"] or {}).get("source"), "known": known,
                      "href": article_href(succ) if known else None})  # fmt: skip
        if not known or succ in seen:
            break
        seen.add(succ)
        current = succ
    return chain


def _clause_dict(c: Any) -> dict[str, Any]:
    return {
        "pinpoint": c.pinpoint,
        "anchor": anchor(c.pinpoint),
        "kind": str(c.kind),
        "label": c.label,
        "abrogated": c.abrogated,
        "preview": (c.text[:90] + "…") if len(c.text) > 90 else c.text,
        "children": [_clause_dict(k) for k in c.children],
    }


def _ref_rows(rows: list[dict[str, Any]], side: str, store: Store, day: str) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        other = r[side]
        r = dict(r)
        r["other"] = other
        r["href"] = article_href(other) if store.index.has_article(other) else _text_href(other)
        lo, hi = r.get("valid_from"), r.get("valid_to")
        r["holds"] = (lo is None or lo <= day) and (hi is None or day < hi)
        out.append(r)
    return out


def _text_href(node: str) -> str | None:
    nature, _, number = node.partition("/")
    if _TEXT_NATURE.match(nature) and _TEXT_NUMBER.match(number or ""):
        return f"/texts/{node}"
    return None


def diff_view(store: Store, aid: str, d1: str, d2: str) -> dict[str, Any]:
    d = store.diff(aid, d1, d2)
    ops = word_diff(d["from"]["text"] or "", d["to"]["text"] or "")
    d["html"] = diff_html(ops)
    d["changed_alineas"] = sum(1 for p in changed_paragraphs(ops) if p is not None)
    return d


# --- code, text, search, graph ---------------------------------------------------------------------------


def code_view(store: Store, code: str, day: str, d1: str | None, d2: str | None) -> dict[str, Any]:
    if not _SLUG.match(code):
        raise UsageError(f"{code}: not a code slug (e.g. code-de-la-securite-sociale)")
    ids = store.index.article_ids(code)
    if not ids:
        raise NotFoundError(f"{code}: no article of this code in the store")
    sections: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for aid in ids:
        row = store.index.at(aid, day)
        if row is None or row.kind != RowKind.TEXT:
            continue
        try:
            path = tuple(str(level[1]) for level in json.loads(row.hierarchy or "[]"))
        except (ValueError, TypeError, IndexError):
            path = ()
        sections.setdefault(path, []).append(
            {
                "id": aid,
                "num": aid.rpartition("/")[2],
                "href": article_href(aid),
                "start": row.start,
                "uncertain": row.date_uncertain,
            }  # fmt: skip
        )
    toc = [{"path": list(p), "articles": sorted(a, key=lambda x: _num_key(x["num"]))}
           for p, a in sorted(sections.items())]  # fmt: skip
    changes = None
    if d1 and d2:
        lo, hi = sorted((d1, d2))
        changes = store.changes(code, lo, hi)
    return {"code": code, "code_name": code_name(code), "date": day, "toc": toc,
            "in_force": sum(len(s["articles"]) for s in toc), "articles": len(ids),
            "from": d1, "to": d2, "changes": changes}  # fmt: skip


def _num_key(num: str) -> list[Any]:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", num)]


def text_view(store: Store, text_id: str) -> dict[str, Any]:
    graph = IndexGraph(store.index.conn)
    out = queries.impact(graph, text_id)
    for row in out["articles"]:
        row["href"] = article_href(row["article"]) if store.index.has_article(row["article"]) else None
    for row in out["cited_by"]:
        row["href"] = article_href(row["source"]) if store.index.has_article(row["source"]) else None
    node = out["text"]
    out["citing_text"] = [
        {"article": u, "clause": d.get("clause"), "label": d.get("label"),
         "href": article_href(u) if store.index.has_article(u) else None}
        for u, _, _, d in sorted(graph.in_edges(node), key=lambda e: (e[0], e[3].get("clause") or ""))
        if d["type"] == "cites_text"
    ]  # fmt: skip
    return out


def _text_named(q: str) -> str | None:
    """The id of a legal text the query names (`loi/2020-1576`, `loi n° 2020-1576`), when it is one."""
    if not re.search(r"\d", q):
        return None
    try:
        return queries.text_id_of(q)
    except (LextrackError, ValueError):
        return None


def graph_view(store: Store, aid: str, depth: int) -> dict[str, Any]:
    """Cytoscape.js elements for the neighbourhood of `aid`; every node says where its page is. Edges are
    numbered in (source, target, type) order."""
    if depth not in (1, 2):
        raise UsageError(f"depth: {depth} (expected 1 or 2)")
    graph = IndexGraph(store.index.conn)
    if not graph.has(aid):
        raise NotFoundError(f"{aid}: not in the citation graph")
    ring = queries.neighbours(graph, aid, depth)
    nodes = []
    for n in sorted(ring):
        d = graph.data(n)
        kind = str(d.get("kind", "article"))
        if kind == "text":
            href = _text_href(n)
        else:
            href = article_href(n) if d.get("in_corpus") else None
        in_corpus = bool(d.get("in_corpus", kind != "article"))
        nodes.append({"data": {"id": n, "label": str(d.get("label", n)), "kind": kind, "href": href,
                               "centre": n == aid, "ring": ring[n], "in_corpus": in_corpus}})  # fmt: skip
    pairs = sorted(
        {(u, v, str(d["type"])) for n in ring for u, v, _, d in graph.out_edges(n)
         if d["type"] != PART_OF and v in ring}
    )  # fmt: skip
    edges = [
        {"data": {"id": f"e{i}", "source": u, "target": v, "type": t}} for i, (u, v, t) in enumerate(pairs)
    ]
    return {"id": aid, "depth": depth, "elements": {"nodes": nodes, "edges": edges}}


def search(store: Store, fts: Any, q: str) -> dict[str, Any]:
    """An id goes straight to its page; words go to the full-text index of the texts in force."""
    q = q.strip()[:200]
    out: dict[str, Any] = {"query": q, "redirect": None, "articles": [], "results": []}
    if not q:
        return out
    text = _text_named(q) if not store.index.has_article(q) else None
    if text and _text_href(text):
        graph = IndexGraph(store.index.conn)
        if graph.has(text) and graph.data(text).get("kind") == "text":
            out["redirect"] = f"/texts/{text}"  # loi/2020-1576, "Décret n°2017-864 du 9 mai 2017"
            return out
    if _NUM.match(q) and re.search(r"\d", q) or "/" in q:
        try:
            out["articles"] = [resolve_id(store.index, q.partition("@")[0]).id]
        except UsageError as exc:
            out["articles"] = store.index.ids_with_num(q.split("/")[-1].replace(" ", "")) or []
            out["problem"] = str(exc)
        except NotFoundError:
            out["articles"] = []
        if len(out["articles"]) == 1:
            out["redirect"] = article_href(out["articles"][0])
            return out
    out["results"] = fts.search(store.index.conn, q)
    return out
