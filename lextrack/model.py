"""The data model every reader, the store and the graph share.

Readers differ, the model does not: every format ends in the same Article. The classes are values:
hashable, cached and shared between processes without defensive copies, so nothing mutates one once
built. Most are frozen; Clause, Article and Citation, built by the thousand per second, are not (nor the
store's Ref, Row and Observation): a frozen dataclass's __init__ sets each field through
object.__setattr__, which was a sixth of parse time (callgrind: 197 M -> 163 M instructions for 500 files);
240 000 Observations take 0.40 CPU s frozen, 0.10 not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from lextrack.vocab import LinkKind

__all__ = ["Article", "Citation", "Clause", "ClauseKind", "LegalText", "Link", "LinkKind", "Version"]


class ClauseKind(StrEnum):
    PARAGRAPHE = "paragraphe"  # I., II., III.-
    ITEM = "item"  # 1°, 2° bis
    LETTRE = "lettre"  # a), b)
    TIRET = "tiret"  # - or – at the start of an alinéa
    ALINEA = "alinea"  # an unnumbered paragraph
    TABLE = "table"  # a table kept whole, rows in Clause.rows


@dataclass(frozen=True, slots=True)
class LegalText:
    """A legal text as a link or a citation names it (loi, décret, code…)."""

    nature: str  # loi, loi organique, ordonnance, décret, arrêté, rapport, code, règlement, directive…
    number: str | None = None  # "2020-1576", "85-1353", "2016/679"
    date: str | None = None  # ISO signature date
    article: str | None = None  # article of that text ("1", "32", "80 à 95")
    jorf_date: str | None = None  # ISO date of the Journal officiel publication
    in_force_date: str | None = None  # "en vigueur le 1er janvier 1997"
    title: str | None = None  # the words after the identifier, or a code's name
    legi_id: str | None = None  # JORFTEXT…/LEGITEXT… when the source gives it

    @property
    def canonical_id(self) -> str:
        """One id per text: `loi/2020-1576`, `decret/2013-597`, `arrete/2008-12-23`."""
        return _text_id(self.nature, self.number, self.date, self.title if self.nature == "code" else None)


@lru_cache(maxsize=4096)
def _text_id(nature: str, number: str | None, date: str | None, code_name: str | None) -> str:
    """Cached: slugify normalises Unicode, and every text citation of every version asks."""
    from lextrack.codes import slugify

    if code_name:
        return slugify(code_name)
    slug = slugify(nature)
    if number:
        return f"{slug}/{number.replace('/', '-')}"
    if date:
        return f"{slug}/{date}"
    return slug


@dataclass(frozen=True, slots=True)
class Link:
    """One metadata relation of an article: a Créé par line, a LEGI LIEN, an HTML anchor."""

    kind: LinkKind
    label: str  # the line as written in the source, whitespace-normalised
    target_article: str | None = None  # canonical id when the target is a code article
    target_text: LegalText | None = None  # when the target is (an article of) a legal text
    markers: tuple[str, ...] = ()  # (V), (VT), (M), (T)… as written
    legi_type: str | None = None  # typelien as LEGI spells it (CITATION, MODIFIE…)
    direction: str | None = None  # LEGI sens: source / cible
    target_legi_id: str | None = None  # LEGIARTI… / JORFTEXT… when given
    state: str | None = None  # target state when the source gives it (VIGUEUR, ABROGE…)
    date: str | None = None  # date of the link when the source gives it
    span: tuple[int, int] | None = None  # for anchors: span in Article.text

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(asdict(self))


@dataclass(slots=True, unsafe_hash=True)
class Clause:
    """One structural unit of an article with the address a citation can point to."""

    kind: ClauseKind
    label: str | None  # "I", "2° bis", "a)", None for an alinéa
    text: str  # this unit's own text (first alinéa of a numbered unit), no children
    pinpoint: str  # "I.2° bis.a)"; alinéas: "al.3" below their parent
    alinea: int  # alinéa number as French drafting counts them (1-based, whole article)
    children: tuple[Clause, ...] = ()
    abrogated: bool = False  # "(Paragraphe abrogé)", "(Abrogé)"
    rows: tuple[tuple[str, ...], ...] = ()  # TABLE: cell texts, row by row
    span: tuple[int, int] | None = None  # span of text in Article.text

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": str(self.kind),
            "label": self.label,
            "pinpoint": self.pinpoint,
            "alinea": self.alinea,
            "text": self.text,
        }
        if self.abrogated:
            d["abrogated"] = True
        if self.rows:
            d["rows"] = [list(r) for r in self.rows]
        if self.children:
            d["children"] = [c.to_dict() for c in self.children]
        return d


@dataclass(slots=True, unsafe_hash=True)
class Citation:
    """A reference found in running text, with its exact span and resolved ids."""

    kind: str  # "article", "range", "text"
    span: tuple[int, int]
    code: str | None = None  # code slug
    num: str | None = None  # normalised: "L133-1-1", "LO111-9", "R*12", "1101"
    from_num: str | None = None  # ranges
    to_num: str | None = None
    pinpoint: str | None = None  # "II", "5°", "1°.b"
    text: LegalText | None = None  # kind "text", or the text an article belongs to
    ids: tuple[str, ...] = ()  # resolved canonical ids
    matched: str = ""  # the matched source text

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(asdict(self))


@dataclass(slots=True, unsafe_hash=True)
class Article:
    """One article as one source file gives it."""

    code: str  # code slug, e.g. "code-de-la-securite-sociale"
    num: str  # "L227-1", "1101", "Annexe-A331-2"
    text: str  # plain text, alinéas separated by "\n\n", tables as tab-separated rows
    clauses: tuple[Clause, ...] = ()
    links: tuple[Link, ...] = ()
    nota: str | None = None
    nota_in_force: str | None = None  # ISO date from "entrent en vigueur le …"
    code_name: str | None = None
    title: str | None = None  # the heading as written ("Article L227-1")
    hierarchy: tuple[tuple[str, str], ...] = ()  # (level, title): ("livre", "Livre II : …")
    state: str | None = None  # LEGI state: VIGUEUR, ABROGE, MODIFIE…
    start: str | None = None  # ISO date
    end: str | None = None  # ISO date, None when open (2999-01-01)
    legi_id: str | None = None
    old_id: str | None = None
    versions: tuple[dict[str, str], ...] = ()  # LEGI VERSIONS: id, num, etat, debut, fin
    source: str | None = None  # file path it was read from
    format: str | None = None  # reader name
    html: str | None = None  # the body markup when the source has one (anchors, tables)
    warnings: tuple[str, ...] = ()  # what the reader had to guess (a code the table does not know…)
    damaged: str | None = None  # why the file was read only in part (cut off mid-character or mid-tag)

    @property
    def id(self) -> str:
        return f"{self.code}/{self.num}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "code_name": self.code_name,
            "num": self.num,
            "title": self.title,
            "hierarchy": [{"level": lvl, "title": t} for lvl, t in self.hierarchy],
            "state": self.state,
            "start": self.start,
            "end": self.end,
            "legi_id": self.legi_id,
            "source": self.source,
            "format": self.format,
            "nota": self.nota,
            "nota_in_force": self.nota_in_force,
            "clauses": [c.to_dict() for c in self.clauses],
            "links": [lk.to_dict() for lk in self.links],
            "text": self.text,
            **({"warnings": list(self.warnings)} if self.warnings else {}),
            **({"damaged": self.damaged} if self.damaged else {}),
        }


@dataclass(frozen=True, slots=True)
class Version:
    """One dated text of one article, as the store keeps it."""

    article_id: str
    start: str  # ISO date the text came into force (its entry into force)
    end: str | None  # ISO date it stopped, None when open
    state: str  # in_force, modified, abrogated, transferred, stillborn (never in force), repeat
    text: str
    source_text: str | None = None  # the amending text
    date_uncertain: bool = False
    commit: str | None = None
    successor: str | None = None
    text_date: str | None = None  # the amending text's own date (signature), when the source gives it
    jorf_date: str | None = None  # its publication in the Journal officiel
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def _drop_empty(d: Any) -> Any:
    """JSON without None, empty tuples or empty dicts, so programs see only what is known."""
    if isinstance(d, dict):
        return {k: _drop_empty(v) for k, v in d.items() if v not in (None, (), [], {}, "")}
    if isinstance(d, list | tuple):
        return [_drop_empty(v) for v in d]
    if isinstance(d, StrEnum):
        return str(d)
    if isinstance(d, date):
        return d.isoformat()
    return d
