"""Normalise what the scanner read and resolve it to canonical ids.

Kept apart from the scanner so the graph can resolve citations it builds by other means
(anchors, LEGI links) with the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lextrack.citations import patterns as P
from lextrack.codes import code_slug, find_code
from lextrack.dates import parse_french_date
from lextrack.model import LegalText

_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(P.HYPHEN)
_NATURES = {
    "loi": "loi", "loi organique": "loi organique", "ordonnance": "ordonnance", "décret": "décret",
    "décret-loi": "décret-loi", "décret loi": "décret-loi", "arrêté": "arrêté", "règlement": "règlement",
    "directive": "directive", "décision": "décision",
}  # fmt: skip


@dataclass(slots=True)
class Context:
    """What a citation needs from around it: the citing code/article/clause and what was named last."""

    code: str | None = None  # slug of the citing article's code
    article: str | None = None  # num of the citing article
    clause: str | None = None  # pinpoint of the citing clause ("II.2°")
    last_code: str | None = None  # the code "du même code" means
    last_article: tuple[str | None, str] | None = None  # (code, num) for "du même article"
    last_texts: dict[str, LegalText] = field(default_factory=dict)  # by nature, and "*" for any


@lru_cache(maxsize=4096)
def resolve_code(name: str) -> str:
    """Slug of a code as written in the text ("code rural", "CGI", "C. civ.")."""
    clean = _SPACES.sub(" ", name).strip().rstrip(",")
    found = find_code(clean)
    if found is None and clean.lower().endswith(" ancien"):
        found = find_code(clean[: -len(" ancien")])
    return found.slug if found else code_slug(clean)


def context_code(name: str | None) -> str | None:
    """The --code argument: a slug or full name; unknown names keep their slug."""
    if not name:
        return None
    return resolve_code(name)


def normalise_num(m: re.Match[str], inherit_prefix: str = "") -> str:
    """ "L. 133-1-1" → "L133-1-1", "L.O. 141" → "LO141", "R.* 12" → "R*12", "39 bis A" → "39 bis A"."""
    pfx = m.group("pfx")
    prefix = re.sub(r"[\s.]", "", pfx) if pfx else inherit_prefix
    if m.group("star"):
        prefix += "*"
    num = prefix + _HYPHENS.sub("-", m.group("digits"))
    latin = m.group("latin")
    if latin:
        num += " " + " ".join(latin.lower().split())
    letter = m.group("letter")
    if letter:
        num += " " + letter.strip()
    return num


def item_prefix(num: str) -> str:
    """The letters before the digits, so "L. 1 à 5" keeps L on both ends."""
    m = re.match(r"[A-Z]+\*?", num)
    return m.group(0) if m else ""


def legal_text(m: re.Match[str], article: str | None = None) -> LegalText | None:
    """A LegalText from a TEXT_RE match, or None when it names no identifier (bare "la loi")."""
    nature = _NATURES.get(_SPACES.sub(" ", m.group("nature").lower()))
    if nature is None:
        nature = "arrêté" if m.group("nature").lower().startswith("arr") else m.group("nature").lower()
    number = None
    if m.group("eu"):
        number = re.sub(r"\s+", "", m.group("eu"))
    elif m.group("fr"):
        number = _SPACES.sub(" ", m.group("fr"))
    date = parse_french_date(m.group("date")) if m.group("date") else None
    if number is None and date is None:
        return None
    if nature in ("règlement", "directive") and number is None:
        return None
    return LegalText(nature=nature, number=number, date=date, article=article)


def with_article(text: LegalText, article: str | None) -> LegalText:
    return LegalText(nature=text.nature, number=text.number, date=text.date, article=article)


def article_ids(code: str | None, *nums: str | None) -> tuple[str, ...]:
    if not code:
        return ()
    return tuple(f"{code}/{n}" for n in nums if n)


# --- pinpoints -------------------------------------------------------------------------------------

_ORD_WORD = re.compile(rf"^(?P<ord>{P.ORD_ALT})\s+(?P<what>alinéa|phrase)s?$")
_ALINEA_N = re.compile(r"^alinéa\s+(\d+)$")


def _pin_elem(raw: str) -> str:
    raw = _SPACES.sub(" ", raw.strip())
    m = _ORD_WORD.match(raw)
    if m:
        n = P.ORDINALS[m.group("ord")]
        word = "al" if m.group("what") == "alinéa" else "ph"
        label = {-1: "dernier", -2: "avant-dernier"}.get(n, str(n))
        return f"{word}.{label}"
    m = _ALINEA_N.match(raw)
    if m:
        return f"al.{m.group(1)}"
    if re.match(r"^\d+o\b", raw):
        raw = raw.replace("o", "°", 1)
    return raw.rstrip(")").strip()


def pinpoint(chain: str) -> str:
    """ "b du 1°" → "1°.b"; "1° du deuxième alinéa" → "al.2.1°"; "2° à 5°" stays a range."""
    levels = P.PIN_JOIN_RE.split(chain.strip())
    out = []
    for level in reversed(levels):
        parts = []
        last = 0
        for em in P.PIN_ELEM_RE.finditer(level):
            sep = level[last : em.start()].strip(" ,")
            if parts and sep:
                parts.append(" " + sep + " ")
            elif parts:
                parts.append(", ")
            parts.append(_pin_elem(em.group(0)))
            last = em.end()
        out.append("".join(parts))
    return ".".join(out)


def _pin_type(label: str) -> str:
    label = label.rstrip(")")
    if label.startswith("al."):
        return "al"
    if "°" in label:
        return "item"
    if re.match(r"^[IVX]+\b", label):
        return "roman"
    if re.match(r"^[A-Z]\b", label):
        return "capital"
    return "letter"


def relative_pinpoint(label: str, clause: str | None) -> str:
    """ "au présent 2°" written inside clause "II.2°.a)" means "II.2°": keep the path down to it."""
    label = _pin_elem(label)
    if not clause:
        return label
    comps = [c.rstrip(")") for c in clause.split(".")]
    # "al.3" is one component in the clause path, not two.
    merged: list[str] = []
    for c in comps:
        if merged and merged[-1] == "al":
            merged[-1] = f"al.{c}"
        else:
            merged.append(c)
    want = _pin_type(label)
    for i in range(len(merged) - 1, -1, -1):
        if _pin_type(merged[i]) == want:
            return ".".join([*merged[:i], label])
    return label
