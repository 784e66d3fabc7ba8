"""From the SQLite index to a networkx MultiDiGraph: the whole temporal graph, or the graph on a day.

Article nodes and their dates come from the store's `versions`/`articles` tables when they exist (the
truth for dates), else from `ref_versions` (what record_refs saw). Edges stream from `refs`. Attribute
values are only str, int, float or bool — never None, lists or dicts — so every export format carries
them unchanged.

Node kinds: article, text, code. Node attributes: kind, label, valid_from, valid_to (absent = open/unknown);
articles add code, num, state, in_corpus, hierarchy, title, legi_id; texts add nature, number, date, title.
Edge attributes: type, valid_from, valid_to, provenance, stated_by, and when known pinpoint, clause, span,
label, legi_type, legi_sens, event_date.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import groupby

import networkx as nx

from lextrack.store.edges import Ref
from lextrack.store.refs import iter_ref_versions, iter_refs

NODE_KINDS = ("article", "text", "code")
EDGE_TYPES = (
    "cites", "cites_text", "created_by", "modified_by", "abrogated_by", "codified_by", "transferred_to",
    "transferred_by", "part_of", "concordance", "ratified_by", "annulled_by", "disjoined_by", "lapsed_by",
    "moved_by", "associated",
)  # fmt: skip
# Relations a legal text has with the articles it acts on (impact).
ACTING_TYPES = ("created_by", "modified_by", "abrogated_by", "transferred_by", "codified_by")


@dataclass
class ArticleInfo:
    """What the index knows of one article: its live intervals and how it ended."""

    id: str
    code: str
    num: str
    hierarchy: str | None = None
    title: str | None = None
    legi_id: str | None = None
    spans: list[tuple[str | None, str | None, str]] = field(default_factory=list)  # (start, end, state)
    ended: tuple[str, str, str | None] | None = None  # (date, abrogated|transferred, successor)
    undated: set[str] = field(default_factory=set)  # starts that are only the day a file was read

    @property
    def first(self) -> str | None:
        starts = [s for s, _, _ in self.spans]
        return None if not starts or None in starts else min(s for s in starts if s)

    @property
    def last(self) -> str | None:
        ends = [e for _, e, _ in self.spans]
        if not ends or None in ends:
            return self.ended[0] if self.ended else None
        return max(e for e in ends if e)

    @property
    def state(self) -> str:
        if self.ended:
            return self.ended[1]
        if not self.spans:
            return "unknown"
        return self.spans[-1][2]

    def in_force_on(self, day: str) -> bool:
        return any((s is None or s <= day) and (e is None or day < e) for s, e, _ in self.spans)

    def state_on(self, day: str) -> str:
        """in_force, not_yet_in_force, or how it ended (abrogated / transferred)."""
        if self.in_force_on(day):
            return "in_force"
        first = self.first
        if first and day < first:
            return "not_yet_in_force"
        if self.ended:
            return self.ended[1]
        if self.spans and self.spans[-1][2] in ("abrogated", "transferred"):
            return self.spans[-1][2]
        return "abrogated"


def load_articles(conn: sqlite3.Connection) -> dict[str, ArticleInfo]:
    """Every article of the corpus with its intervals: the store's index first, then refs' versions."""
    articles: dict[str, ArticleInfo] = {}
    if _columns(conn, "versions") and _columns(conn, "articles"):
        _load_store(conn, articles)
    seen_in_store = set(articles)
    for article_id, start, end, code, num, state, hierarchy, title, legi_id in iter_ref_versions(conn):
        info = articles.get(article_id)
        if info is None:
            info = articles[article_id] = ArticleInfo(article_id, code, num)
        info.hierarchy = info.hierarchy or hierarchy
        info.title = info.title or title
        info.legi_id = info.legi_id or legi_id
        if article_id in seen_in_store or state in ("stillborn", "repeat"):
            continue
        if state in ("abrogated", "transferred") and end:
            info.ended = (end, state, None)
            state = "modified"
        info.spans.append((start, end, state or "in_force"))
    for info in articles.values():
        info.spans.sort(key=lambda s: s[0] or "")
    return articles


def _load_store(conn: sqlite3.Connection, articles: dict[str, ArticleInfo]) -> None:
    cols = _columns(conn, "articles")
    hier = "hierarchy" if "hierarchy" in cols else "NULL"
    for aid, code, num, hierarchy in conn.execute(f"SELECT id, code, num, {hier} FROM articles"):
        articles[aid] = ArticleInfo(aid, code, num, hierarchy=_hierarchy_text(hierarchy))
    vcols = _columns(conn, "versions")
    kind = "kind" if "kind" in vcols else "'text'"
    successor = "successor" if "successor" in vcols else "NULL"
    origin = "origin" if "origin" in vcols else "NULL"
    for aid, k, start, end, state, succ, orig in conn.execute(
        f"SELECT article_id, {kind}, start, end, state, {successor}, {origin} FROM versions"
        " ORDER BY article_id, start"
    ):
        info = articles.get(aid)
        if info is None:
            code, _, num = aid.rpartition("/")
            info = articles[aid] = ArticleInfo(aid, code, num)
        if state in ("stillborn", "repeat"):  # never in force / a row that says nothing new
            continue
        if k in ("abrogation", "transfer"):
            info.ended = (start, "transferred" if k == "transfer" else "abrogated", succ)
        elif orig == "undated":  # an undated file is dated the day it was read: in force, since unknown
            info.undated.add(start)
            info.spans.append((None, end, state))
        else:
            info.spans.append((start, end, state))


def _hierarchy_text(value: str | None) -> str | None:
    if not value:
        return None
    try:
        levels = json.loads(value)
    except ValueError:
        return value
    if isinstance(levels, list):
        titles = [lv[1] if isinstance(lv, list | tuple) and len(lv) > 1 else str(lv) for lv in levels]
        return " > ".join(titles) or None
    return str(levels)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction, one snapshot: an ingest committing between two reads is not half seen."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


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
    """The refs, with the store's undated starts read as unknown, holding on `date` when given."""
    for ref in iter_refs(conn, by_edge=True):
        info = articles.get(ref.article_id)
        if info is not None and ref.start in info.undated:
            ref = replace(ref, start=None)
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
    present = {aid for aid, info in articles.items() if date is None or info.in_force_on(date)}
    for aid in sorted(present):
        _add_article(g, articles[aid], date)

    def shown(ref: Ref) -> bool:
        return not any(end in articles and end not in present for end in (ref.source, ref.target))

    stream = (r for r in refs if shown(r))
    if not by_edge:
        stream = iter(sorted(stream, key=_edge_key))
    for (u, v, etype), rows in groupby(stream, key=_edge_key):
        group = list(rows)
        for node, ref in ((u, group[0]), (v, group[0])):
            if node not in g:
                _add_other_node(g, node, ref)
        for n, attrs in enumerate(_edge_attrs(u, group)):
            key = etype if n == 0 else f"{etype}#{n + 1}"
            g.add_edge(u, v, key=key, **attrs)

    for node, data in list(g.nodes(data=True)):
        if data["kind"] != "article":
            continue
        code = data.get("code")
        if not code:
            continue
        if code not in g:
            g.add_node(code, kind="code", label=_code_name(code))
        attrs = {"type": "part_of", "provenance": "metadata", "stated_by": node}
        for k in ("valid_from", "valid_to"):
            if k in data:
                attrs[k] = data[k]
        g.add_edge(node, code, key="part_of", **attrs)
    return g


def _edge_key(ref: Ref) -> tuple[str, str, str]:
    return ref.source, ref.target, ref.type


def _add_article(g: nx.MultiDiGraph, info: ArticleInfo, date: str | None) -> None:
    attrs: dict[str, object] = {
        "kind": "article",
        "label": info.num,
        "code": info.code,
        "num": info.num,
        "in_corpus": True,
        "state": info.state_on(date) if date else info.state,
    }
    if date:
        span = next(s for s in info.spans if (s[0] is None or s[0] <= date) and (s[1] is None or date < s[1]))
        valid = (span[0], span[1])
    else:
        valid = (info.first, info.last)
    _set(attrs, valid_from=valid[0], valid_to=valid[1], hierarchy=info.hierarchy, title=info.title,
         legi_id=info.legi_id)  # fmt: skip
    if info.ended and info.ended[2]:
        attrs["successor"] = info.ended[2]
    g.add_node(info.id, **attrs)


def _add_other_node(g: nx.MultiDiGraph, node: str, ref: Ref) -> None:
    kind = ref.target_kind if node == ref.other else "article"
    if kind == "article":
        code, _, num = node.rpartition("/")
        g.add_node(node, kind="article", label=num, code=code, num=num, in_corpus=False, state="unknown")
    elif kind == "code":
        g.add_node(node, kind="code", label=_code_name(node))
    else:
        attrs: dict[str, object] = {"kind": "text", "label": text_label(node, ref)}
        _set(attrs, nature=ref.text_nature, number=ref.text_number, date=ref.text_date, title=ref.text_title)
        g.add_node(node, **attrs)


def text_label(node: str, ref: Ref | None = None) -> str:
    """A text's label ("Décret n°2017-864 du 2017-05-09") from what a ref knows, or its id."""
    if ref is None or not ref.text_nature:
        return node
    label = ref.text_nature[:1].upper() + ref.text_nature[1:]
    if ref.text_number:
        label += f" n°{ref.text_number}"
    if ref.text_date:
        label += f" du {ref.text_date}"
    return label


def _code_name(slug: str) -> str:
    from lextrack.codes import find_code

    code = find_code(slug)
    return code.name if code else slug


def _edge_attrs(u: str, group: list[Ref]) -> list[dict[str, object]]:
    """One edge per (clause, pinpoint) and interval run; the side an edge leaves from wins over its echo."""
    own = [r for r in group if r.article_id == u]
    refs = own or group
    by_place: dict[tuple[str | None, str | None], list[Ref]] = defaultdict(list)
    bare: list[Ref] = []
    for r in refs:  # a metadata line names no clause: it confirms the citations found in the text
        if r.provenance in ("metadata", "legi") and r.clause is None:
            bare.append(r)
        else:
            by_place[(r.clause, r.pinpoint)].append(r)
    extra = sorted({p for r in bare for p in r.provenance.split("+")})
    if not by_place:
        for r in bare:
            by_place[(None, r.pinpoint)].append(r)
        extra = []
    out: list[dict[str, object]] = []
    for (clause, pinpoint), rs in sorted(by_place.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        for run in _coalesce(rs):
            first = run[0]
            provenance = sorted({p for r in run for p in r.provenance.split("+")} | set(extra))
            attrs: dict[str, object] = {"type": first.type, "provenance": "+".join(provenance),
                                        "stated_by": first.article_id}  # fmt: skip
            lo = [r.valid_from for r in run]
            hi = [r.valid_to for r in run]
            _set(
                attrs,
                valid_from=None if None in lo else min(lo),  # type: ignore[type-var]
                valid_to=None if None in hi else max(hi),  # type: ignore[type-var]
                pinpoint=pinpoint,
                clause=clause,
                span=f"{first.span[0]}-{first.span[1]}" if first.span else None,
                label=first.label,
                legi_type=first.legi_type,
                legi_sens=first.legi_sens,
                event_date=first.event_date,
            )
            out.append(attrs)
    return out


def _coalesce(refs: list[Ref]) -> list[list[Ref]]:
    """Runs of refs whose intervals touch or overlap: ten versions citing the same article make one edge."""
    ordered = sorted(refs, key=lambda r: r.valid_from or "")
    runs: list[list[Ref]] = []
    end: str | None = ""
    for r in ordered:
        if runs and (end is None or (r.valid_from or "") <= end):
            runs[-1].append(r)
            if end is not None:
                end = None if r.valid_to is None else max(end, r.valid_to)
        else:
            runs.append([r])
            end = r.valid_to
    return runs


def _set(attrs: dict[str, object], **values: object) -> None:
    for k, v in values.items():
        if v is not None and v != "":
            attrs[k] = v


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
    refs = nx.subgraph_view(g, filter_edge=lambda u, v, k: k != "part_of").to_undirected(as_view=True)
    keep = set(nx.single_source_shortest_path_length(refs, node, cutoff=depth))
    keep |= {g.nodes[n]["code"] for n in list(keep) if g.nodes[n].get("code") in g}
    return g.subgraph(keep).copy()
