"""From stored refs to the graph's edges and nodes, as attribute dicts (pure functions).

Every path that shows the graph goes through these: the NetworkX build, the indexed walks around one
article, and the streaming exports. Attribute values are only str, int, float or bool — never None, lists or
dicts — so every export format carries them unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import groupby
from typing import NamedTuple

from lextrack.graph.articles import ArticleInfo
from lextrack.store.edges import Ref
from lextrack.vocab import Status

NODE_KINDS = ("article", "text", "code")
EDGE_TYPES = (
    "cites", "cites_text", "created_by", "modified_by", "abrogated_by", "codified_by", "transferred_to",
    "transferred_by", "part_of", "concordance", "ratified_by", "annulled_by", "disjoined_by", "lapsed_by",
    "moved_by", "associated",
)  # fmt: skip
# Relations a legal text has with the articles it acts on (impact).
ACTING_TYPES = ("created_by", "modified_by", "abrogated_by", "transferred_by", "codified_by")
PART_OF = "part_of"

Edge = tuple[str, str, str, dict[str, object]]  # (source, target, key, attributes)

# Every attribute a node or an edge of the index's graph may carry, with its type (exports declare them).
NODE_KEYS: dict[str, type] = {
    "kind": str, "label": str, "code": str, "num": str, "in_corpus": bool, "state": str, "valid_from": str,
    "valid_to": str, "hierarchy": str, "title": str, "legi_id": str, "successor": str, "nature": str,
    "number": str, "date": str,
}  # fmt: skip
EDGE_KEYS: dict[str, type] = {
    "type": str, "provenance": str, "stated_by": str, "valid_from": str, "valid_to": str, "pinpoint": str,
    "clause": str, "span": str, "label": str, "legi_type": str, "legi_sens": str, "event_date": str,
}  # fmt: skip


def edge_key(ref: Ref) -> tuple[str, str, str]:
    return ref.source, ref.target, ref.type


def undated_as_unknown(ref: Ref, articles: dict[str, ArticleInfo]) -> Ref:
    """An edge stated by a version dated only by the day its file was read starts unknown."""
    info = articles.get(ref.article_id)
    if info is not None and ref.start is not None and ref.start in info.undated:
        return replace(ref, start=None)
    return ref


def shown(ref: Ref, articles: dict[str, ArticleInfo], date: str | None) -> bool:
    """On `date`, an edge holds and both ends that are articles of the corpus are in force."""
    if date is None:
        return True
    if not ref.holds_on(date):
        return False
    return all(
        (info := articles.get(end)) is None or info.in_force_on(date) for end in (ref.source, ref.target)
    )


def merged(refs: Iterable[Ref]) -> Iterator[Edge]:
    """The edges of refs ordered by (source, target, type): each group's rows merged into its edges, with
    keys `type`, `type#2`… in the order the graph has always given them."""
    for (u, v, etype), rows in groupby(refs, key=edge_key):
        for n, attrs in enumerate(edge_attrs(u, list(rows))):
            yield u, v, (etype if n == 0 else f"{etype}#{n + 1}"), attrs


def edge_attrs(u: str, group: list[Ref]) -> list[dict[str, object]]:
    """One edge per (clause, pinpoint) and interval run; the side an edge leaves from wins over its echo."""
    places, extra = _places(u, group)
    out: list[dict[str, object]] = []
    for (clause, pinpoint), runs in places:
        for run in runs:
            first = run[0]
            provenance = sorted({p for r in run for p in r.provenance.split("+")} | set(extra))
            attrs: dict[str, object] = {"type": first.type, "provenance": "+".join(provenance),
                                        "stated_by": first.article_id}  # fmt: skip
            lo = [r.valid_from for r in run]
            hi = [r.valid_to for r in run]
            put(
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


class EdgeRow(NamedTuple):
    """What edge_count reads of a ref (a Ref has the same attributes): light enough to read the whole
    refs table into (stats)."""

    article_id: str
    clause: str | None
    pinpoint: str | None
    provenance: str
    valid_from: str | None
    valid_to: str | None


def edge_count(u: str, group: Sequence[Ref | EdgeRow]) -> int:
    """How many edges edge_attrs makes of a group, without making them (stats)."""
    if len(group) == 1:
        return 1
    return sum(len(runs) for _, runs in _places(u, group)[0])  # type: ignore[arg-type]


Place = tuple[str | None, str | None]  # (citing clause, pinpoint)


def _places(u: str, group: list[Ref]) -> tuple[list[tuple[Place, list[list[Ref]]]], list[str]]:
    """The group's refs by place, each place's refs in interval runs; and the provenances that metadata
    lines naming no clause add to every edge."""
    own = [r for r in group if r.article_id == u]
    refs = own or group
    by_place: dict[Place, list[Ref]] = defaultdict(list)
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
    ordered = sorted(by_place.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or ""))
    return [(place, _coalesce(rs)) for place, rs in ordered], extra


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


# --- nodes -------------------------------------------------------------------------------------------------


def article_node(info: ArticleInfo, date: str | None) -> dict[str, object]:
    """An article of the corpus; on `date` (when it is in force then) with the interval of that version."""
    attrs: dict[str, object] = {
        "kind": "article",
        "label": info.num,
        "code": info.code,
        "num": info.num,
        "in_corpus": True,
    }
    if date:
        row = info.answer(date).row
        attrs["state"] = Status.IN_FORCE.value
        valid = (row.known_start, row.end) if row is not None else (None, None)
    else:
        attrs["state"] = info.state.value
        valid = (info.first, info.last)
    put(attrs, valid_from=valid[0], valid_to=valid[1], hierarchy=info.hierarchy, title=info.title,
        legi_id=info.legi_id, successor=info.successor)  # fmt: skip
    return attrs


def other_node(node: str, ref: Ref) -> dict[str, object]:
    """A node outside the corpus's articles (a text, a code, an article the store lacks), from the first
    edge that names it."""
    kind = ref.target_kind if node == ref.other else "article"
    if kind == "article":
        code, _, num = node.rpartition("/")
        return {"kind": "article", "label": num, "code": code, "num": num, "in_corpus": False,
                "state": Status.UNKNOWN.value}  # fmt: skip
    if kind == "code":
        return code_node(node)
    attrs: dict[str, object] = {"kind": "text", "label": text_label(node, ref)}
    put(attrs, nature=ref.text_nature, number=ref.text_number, date=ref.text_date, title=ref.text_title)
    return attrs


def code_node(slug: str) -> dict[str, object]:
    return {"kind": "code", "label": code_name(slug)}


def part_of(node: str, attrs: dict[str, object]) -> Edge | None:
    """An article's edge to its code, over the article's own interval."""
    code = attrs.get("code")
    if attrs.get("kind") != "article" or not code:
        return None
    edge: dict[str, object] = {"type": PART_OF, "provenance": "metadata", "stated_by": node}
    for k in ("valid_from", "valid_to"):
        if k in attrs:
            edge[k] = attrs[k]
    return node, str(code), PART_OF, edge


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


def code_name(slug: str) -> str:
    from lextrack.codes import find_code

    code = find_code(slug)
    return code.name if code else slug


def put(attrs: dict[str, object], **values: object) -> None:
    """Set the values that say something: None and '' are absent attributes."""
    for k, v in values.items():
        if v is not None and v != "":
            attrs[k] = v
