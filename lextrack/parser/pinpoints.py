"""A citation's pinpoint -> the clauses it names: the way back from what clauses.py builds.

`resolve_pinpoint` accepts the citation extractor's spellings ("1°.b", "al.dernier", "al.2.1°", "2° à 5°");
a label without "#k" names the first run of a list ("le 1° du I" of L227-1 is "I.1°").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lextrack.model import Clause, ClauseKind
from lextrack.vocab import LATIN_ALTERNATION as _LATIN


def find_clause(clauses: Iterable[Clause], pinpoint: str) -> Clause | None:
    """The clause a pinpoint names, or None; the first one when a citation names several."""
    found = resolve_pinpoint(clauses, pinpoint)
    return found[0] if found else None


def resolve_pinpoint(clauses: Iterable[Clause], pinpoint: str) -> tuple[Clause, ...]:
    """The clauses a citation's pinpoint names, in document order; () when the article has none.

    Takes this module's pinpoints and the citation extractor's spellings: "1°.b" (lettre without
    its bracket), "2°bis", "II.", "al.2" counted as drafting counts ("le deuxième alinéa du I" may
    be an item), "al.dernier", "al.avant-dernier", "al.2.1°" ("le 1° du deuxième alinéa": the items
    that alinéa introduces), ranges and lists ("2° à 5°", "al.1 à al.3", "2°, 3° et 4°"), "ph.2"
    (a sentence: its clause). A label without "#k" names the first run.
    """
    tops = tuple(clauses)
    root = Clause(ClauseKind.ALINEA, None, "", "", 0, children=tops)
    current: list[Clause] = [root]
    for segment in _pinpoint_segments(pinpoint):
        found: list[Clause] = []
        for node in current:
            for c in _resolve_segment(node, segment, root):
                if all(c is not f for f in found):
                    found.append(c)
        if not found:
            return ()
        current = found
    if current == [root]:
        return ()
    return tuple(current)


def normalize_pinpoint(pinpoint: str) -> str:
    """Citation-style pinpoint -> this module's spelling: "1°.b" -> "1°.b)", "2°bis" -> "2° bis"."""
    return ".".join(_norm_label(s) for s in _pinpoint_segments(pinpoint))


def _pinpoint_segments(pinpoint: str) -> list[str]:
    """Split on the dots between levels, not on those of "al.3", "ph.2", "tiret.1"."""
    protected = re.sub(r"\b(al|ph|tiret)\.(?=\w)", "\\1\x00", " ".join(pinpoint.split()))
    return [seg.replace("\x00", ".").strip() for seg in protected.split(".") if seg.strip()]


def _norm_label(seg: str) -> str:
    seg = " ".join(seg.split())
    if re.match(r"(al|ph|tiret)\.", seg):
        return seg
    run = re.search(r"\s*#\d+$", seg)
    if run:
        return _norm_label(seg[: run.start()]) + run.group(0).strip()
    seg = re.sub(r"(\d)\s*°\s*", r"\1° ", seg).strip()
    seg = re.sub(rf"^(\d+°)\s*({_LATIN})\b", r"\1 \2", seg)
    if re.fullmatch(rf"[a-z]{{1,2}}(?:\s*(?:{_LATIN}))?", seg):
        seg = re.sub(rf"^([a-z]{{1,2}})\s*({_LATIN})$", r"\1 \2", seg) + ")"
    return seg


def _resolve_segment(node: Clause, segment: str, root: Clause) -> list[Clause]:
    m = re.fullmatch(r"(.+?)\s+à\s+(.+)", segment)
    if m:  # a range of siblings
        first, last = _resolve_one(node, m.group(1), root), _resolve_one(node, m.group(2), root)
        if not first or not last:
            return first + last
        lo, hi = first[0].alinea, last[-1].alinea
        inside = ([] if node is root else [node]) + _walk_under(node)
        if _norm_label(m.group(1)).startswith("al."):  # "al.1 à al.3": each alinéa's own clause
            by_alinea: dict[int, Clause] = {}
            for c in inside:
                if lo <= c.alinea <= hi:
                    by_alinea.setdefault(c.alinea, c)
            return list(by_alinea.values())
        depth = _depth_key(first[0])
        same = [
            c for c in inside if lo <= c.alinea <= hi and c.kind == first[0].kind and _depth_key(c) == depth
        ]
        return same or first + last
    parts = re.split(r"\s*,\s*|\s+(?:et|ou)\s+", segment)
    out: list[Clause] = []
    for part in parts:
        out.extend(_resolve_one(node, part, root))
    return out


def _depth_key(clause: Clause) -> int:
    return len(_pinpoint_segments(clause.pinpoint))


def _walk_under(node: Clause) -> list[Clause]:
    return [c for child in node.children for c in child.walk()]


def _resolve_one(node: Clause, raw: str, root: Clause) -> list[Clause]:
    seg = _norm_label(raw)
    m = re.fullmatch(r"al\.(\d+|dernier|avant-dernier)", seg)
    if m:
        own = [] if node is root else [node]
        inside = own + _walk_under(node)
        numbers = sorted({c.alinea for c in inside})
        if not numbers:
            return []
        if m.group(1) == "dernier":
            target = numbers[-1]
        elif m.group(1) == "avant-dernier":
            target = numbers[-2] if len(numbers) > 1 else 0
        else:
            target = (node.alinea if node is not root else 1) + int(m.group(1)) - 1
        return [c for c in inside if c.alinea == target][:1]
    if seg.startswith("ph."):
        return [] if node is root else [node]  # sentences are not clauses: the clause holds them
    m = re.fullmatch(r"tiret\.(\d+)", seg)
    if m:
        tirets = [c for c in node.children if c.kind is ClauseKind.TIRET]
        n = int(m.group(1))
        return tirets[n - 1 : n] if n >= 1 else []
    exact = [c for c in node.children if c.label and _pinpoint_segments(c.pinpoint)[-1] == seg]
    if exact or node.kind is not ClauseKind.ALINEA or node is root:
        return exact[:1] or [c for c in node.children if c.label == seg][:1]
    # "le 1° du deuxième alinéa": the items an unnumbered alinéa introduces follow it as siblings
    parent = _parent_of(root, node)
    siblings = list(parent.children) if parent else []
    for i, c in enumerate(siblings):
        if c is node:
            for after in siblings[i + 1 :]:
                if after.kind is ClauseKind.ALINEA:
                    break
                if after.label == seg:
                    return [after]
    return []


def _parent_of(root: Clause, target: Clause) -> Clause | None:
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child is target:
                return node
            stack.append(child)
    return None
