"""The edges one article version states (pure): metadata links, HTML anchors, LEGI links, text citations.

Store ingest calls `record_refs(conn, article, start, end)` once per version it writes (same connection, same
transaction); the graph streams `iter_refs(conn)`. One row per edge: its endpoints are already normalised, so
every relation is one edge in one direction whichever side stated it.

LEGI `sens`, settled on real data (tests/test_graph_refs.py):
- corpus/legi-xml/article_LEGIARTI000006291810.xml (D215-16): CREATION sens="source" -> Décret n°2007-1480,
  the decree that created D215-16; CITATION sens="source" -> L215-1, which D215-16's text cites.
- corpus/tricoteuses-code-civil: article 1174 has CITATION source -> 1366, 1367, 1369, which its text cites;
  article 1188 has CITATION cible -> Code de la consommation L212-1, which cites 1188; article 1100 has
  CREE cible -> Ordonnance n° 2016-131, which created it.
So `sens` is the role of the article holding the link in the relation its type names. Noun types (CREATION,
MODIFICATION, ABROGATION…) name the relation from the acted-upon side, participles (CREE, MODIFIE, ABROGE…)
from the actor's side: (CREATION, source) and (CREE, cible) both mean "created by the target", as legi.py
pairs them. lextrack.parser.links reads LIENS the same way.
Some public notes (and corpus/README.md) read CITATION cible as "Cite": the texts above say otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lextrack.model import Article, Citation, Clause, LegalText, Link, LinkKind
from lextrack.vocab import LEGI_LINK_PAIRS as LINK_PAIRS
from lextrack.vocab import is_text_id

# Link kinds without a LEGI type: (edge type, True when the edge points from the target to the article).
_KIND_EDGES: dict[LinkKind, tuple[str, bool]] = {
    LinkKind.CREATED_BY: ("created_by", False),
    LinkKind.MODIFIED_BY: ("modified_by", False),
    LinkKind.ABROGATED_BY: ("abrogated_by", False),
    LinkKind.CODIFIED_BY: ("codified_by", False),
    LinkKind.TRANSFERRED_BY: ("transferred_by", False),
    LinkKind.NEXT_TEXT: ("transferred_to", False),  # Nouveaux textes: this article -> its successor
    LinkKind.PREVIOUS_TEXT: ("transferred_to", True),  # Anciens textes: predecessor -> this article
    LinkKind.CITES: ("cites", False),
    LinkKind.CITED_BY: ("cites", True),
    LinkKind.CONCORDANCE: ("concordance", False),
    LinkKind.RATIFIED_BY: ("ratified_by", False),
    LinkKind.ANNULLED_BY: ("annulled_by", False),
    LinkKind.DISJOINED_BY: ("disjoined_by", False),
    LinkKind.LAPSED_BY: ("lapsed_by", False),
    LinkKind.MOVED_BY: ("moved_by", False),
    LinkKind.ASSOCIATED: ("associated", False),
    LinkKind.MODIFIES: ("modified_by", True),
    LinkKind.CREATES: ("created_by", True),
    LinkKind.ABROGATES: ("abrogated_by", True),
    LinkKind.TRANSFERS: ("transferred_by", True),
}


# LEGI typelien -> (its participle, the edge it makes): the noun names the relation from the acted-upon
# article, the participle from the actor (the parser's pairs; the edge is that of the passive kind).
LEGI_PAIRS: dict[str, tuple[str, str]] = {
    noun: (participle, _KIND_EDGES[passive][0]) for (noun, participle), (passive, _) in LINK_PAIRS.items()
}
LEGI_PAIRS["CONCORDANCE"] = ("CONCORDE", "concordance")  # symmetric: the pair only tells which side holds it


_PARTICIPLES = {participle: (noun, edge) for noun, (participle, edge) in LEGI_PAIRS.items()}


# Edges whose event ends the stating version: they hold from that end on.
ENDING_TYPES = frozenset({"abrogated_by", "transferred_by", "transferred_to", "annulled_by", "lapsed_by"})


# Edges that are the state of a version's text: they hold exactly while the version does.
TEXT_TYPES = frozenset({"cites", "cites_text"})


def legi_edge(typelien: str, sens: str | None) -> tuple[str, bool] | None:
    """(edge type, reversed) for a LEGI typelien/sens; reversed: target -> holder. None if sens unknown."""
    t = typelien.strip().upper()
    s = (sens or "").strip().lower()
    if s not in ("source", "cible"):
        return None
    if t == "CITATION":
        return "cites", s == "cible"
    if t in LEGI_PAIRS:
        return LEGI_PAIRS[t][1], s == "cible"
    if t in _PARTICIPLES:
        return _PARTICIPLES[t][1], s == "source"
    return "associated", s == "cible"


@dataclass(slots=True, unsafe_hash=True)  # not frozen: built by the hundred thousand (model.py says why)
class Ref:
    """One stored edge, with the interval during which it holds."""

    article_id: str
    start: str | None
    end: str | None
    type: str
    source: str
    target: str
    target_kind: str
    pinpoint: str | None = None
    clause: str | None = None
    span: tuple[int, int] | None = None
    provenance: str = "text"
    label: str | None = None
    legi_type: str | None = None
    legi_sens: str | None = None
    event_date: str | None = None
    target_legi_id: str | None = None
    text_nature: str | None = None
    text_number: str | None = None
    text_date: str | None = None
    text_title: str | None = None

    @property
    def other(self) -> str:
        """The endpoint that is not the stating article."""
        return self.target if self.source == self.article_id else self.source

    @property
    def valid_from(self) -> str | None:
        if self.type in ENDING_TYPES:
            return self.event_date or self.end or self.start
        if self.type in TEXT_TYPES:
            return self.start
        return self.event_date or self.start

    @property
    def valid_to(self) -> str | None:
        if self.type in ENDING_TYPES:
            return None
        return self.end

    def holds_on(self, date: str) -> bool:
        lo, hi = self.valid_from, self.valid_to
        return (lo is None or lo <= date) and (hi is None or date < hi)


def ref_row(r: Ref) -> tuple:
    """The `refs` table's columns after `id`, in order, for one edge."""
    return (
        r.article_id, r.start, r.end, r.type, r.source, r.target, r.target_kind, r.pinpoint, r.clause,
        r.span[0] if r.span else None, r.span[1] if r.span else None, r.provenance, r.label,
        r.legi_type, r.legi_sens, r.event_date, r.target_legi_id,
        r.text_nature, r.text_number, r.text_date, r.text_title,
    )  # fmt: skip


def refs_of(article: Article, start: str | None, end: str | None) -> list[Ref]:
    """The edges one version states: metadata links, HTML anchors, LEGI links and text citations."""
    text_refs = [r for r in _citation_refs(article, start, end)]
    link_refs = [r for link in article.links for r in _link_refs(article, link, start, end)]
    # An anchor and the citation found under it are one reference: keep the citation, note both sources.
    merged: list[Ref] = []
    for ref in link_refs:
        if ref.provenance == "anchor" and ref.span:
            twin = next((i for i, t in enumerate(text_refs) if _same_place(t, ref)), None)
            if twin is not None:
                t = text_refs[twin]
                if "anchor" not in t.provenance:
                    text_refs[twin] = _replace(t, provenance=t.provenance + "+anchor")
                continue
        merged.append(ref)
    return _dedupe(text_refs + merged)


def metadata_interval(article: Article) -> tuple[str | None, str | None]:
    """A version interval from the article itself when no store gives one: its own dates, else its links.

    Created by a text -> the text's entry into force (or its date); abrogated or transferred -> that
    text's date.
    """
    start, end = article.start, article.end
    for link in article.links:
        when = link_date(link)
        if start is None and link.kind == LinkKind.CREATED_BY:
            start = when
        if end is None and link.kind in (LinkKind.ABROGATED_BY, LinkKind.TRANSFERRED_BY):
            end = when
    if start and end and end < start:
        start = None
    return start, end


def metadata_state(article: Article) -> str:
    """The state its links imply, in the store's vocabulary, when the source gives none."""
    kinds = {link.kind for link in article.links}
    if LinkKind.TRANSFERRED_BY in kinds or (
        LinkKind.NEXT_TEXT in kinds and LinkKind.ABROGATED_BY not in kinds
    ):
        return "transferred"
    if LinkKind.ABROGATED_BY in kinds:
        return "abrogated"
    return "in_force"


def link_date(link: Link) -> str | None:
    """When a link's text acted: the link's own date, else the text's entry into force, signature, JORF."""
    if link.date:
        return link.date
    t = link.target_text
    if t is None:
        return None
    return t.in_force_date or t.date or t.jorf_date


def _link_refs(article: Article, link: Link, start: str | None, end: str | None) -> Iterator[Ref]:
    mapped = legi_edge(link.legi_type, link.direction) if link.legi_type else None
    provenance = "legi" if mapped else ("anchor" if link.span else "metadata")
    if mapped is None:
        if link.kind not in _KIND_EDGES:
            return
        mapped = _KIND_EDGES[link.kind]
    edge_type, reverse = mapped
    target, kind, text = _link_target(link)
    if target is None or target == article.id:
        return
    if edge_type == "cites" and kind != "article":
        edge_type = "cites_text"
    pinpoint = None
    if text is not None and text.article and kind == "text":
        pinpoint = f"art. {text.article}"
    clause = _clause_at(article.clauses, link.span[0]) if link.span else None
    src, dst = (target, article.id) if reverse else (article.id, target)
    yield Ref(
        article_id=article.id,
        start=start,
        end=end,
        type=edge_type,
        source=src,
        target=dst,
        target_kind=kind,
        pinpoint=pinpoint,
        clause=clause,
        span=link.span,
        provenance=provenance,
        label=link.label or None,
        legi_type=link.legi_type,
        legi_sens=link.direction,
        event_date=link_date(link),
        target_legi_id=link.target_legi_id,
        **_text_fields(text if kind == "text" else None),
    )


def _link_target(link: Link) -> tuple[str | None, str, LegalText | None]:
    if link.target_article:
        return link.target_article, "article", link.target_text
    text = link.target_text
    if text is None:
        return None, "text", None
    if text.nature == "code":
        return text.canonical_id, "code", text
    return text_id(text), "text", text


def text_id(text: LegalText) -> str:
    """LegalText.canonical_id, made specific for texts known only by their JORF date ("Rapport … JORF 25
    avril 1996"), which would otherwise all share one node."""
    ident = text.canonical_id
    if not text.number and not text.date and text.jorf_date:
        return f"{ident}/jorf-{text.jorf_date}"
    return ident


def _citation_refs(article: Article, start: str | None, end: str | None) -> Iterator[Ref]:
    aid = article.id
    for clause, cit in _extract(article):
        yield from _refs_of_citation(aid, clause, cit, start, end)
    if article.nota:  # the NOTA is not in Article.text: its citations carry no span
        from lextrack.citations import extract

        for cit in extract(article.nota, code=article.code, article=article.num):
            yield from _refs_of_citation(aid, "nota", cit, start, end, spanned=False)


def unresolved(cit: Citation) -> bool:
    from lextrack.citations import unresolved

    return unresolved(cit)


def _extract(article: Article) -> Iterable[tuple[str | None, Citation]]:
    from lextrack.citations import extract_article

    return extract_article(article)  # (what the code table knows of numbering: extraction's default hook)


UNRESOLVED = "unresolved"  # the type of the Ref that carries a citation no code could be given


def _refs_of_citation(
    aid: str, clause: str | None, cit: Citation, start: str | None, end: str | None, spanned: bool = True
) -> Iterator[Ref]:
    """The edges of one citation by article aid; spanned: its span is in Article.text (not in the NOTA).

    Refs are built positionally (article_id, start, end, type, source, target, target_kind, pinpoint, clause,
    span, provenance, label, …): this runs for every citation of every ingested version.
    """
    clause = clause or None
    span = (tuple(cit.span) or None) if spanned else None
    label = cit.matched or None
    if unresolved(cit):  # not an edge: refs.RefWriter keeps it apart, for `check` to count
        yield Ref(aid, start, end, UNRESOLVED, aid, cit.num or "", UNRESOLVED, cit.pinpoint, clause, span,
                  "text", label)  # fmt: skip
        return
    if cit.kind in ("article", "range"):
        ids = [i for i in cit.ids if i and i != aid]
        if cit.code or any("/" in i and not is_text_id(i) for i in ids):
            targets = ids if cit.ids else ([f"{cit.code}/{cit.num}"] if cit.code and cit.num else [])
            pinpoint = cit.pinpoint or None
            for target in targets:
                if is_text_id(target) or target == aid:  # "présent article": not an edge
                    continue
                yield Ref(
                    aid, start, end, "cites", aid, target, "article", pinpoint, clause, span, "text", label
                )
            return
    text = cit.text
    if text is None:
        return
    pin = [f"art. {cit.num or text.article}"] if (cit.num or text.article) else []
    if cit.pinpoint:
        pin.insert(0, cit.pinpoint)
    kind = "code" if text.nature == "code" else "text"
    pinpoint = " ".join(pin) or None
    yield Ref(
        aid, start, end, "cites_text", aid, text_id(text), kind, pinpoint, clause, span, "text", label,
        None, None, None, None, text.nature, text.number, text.date, text.title,
    )  # fmt: skip


def _text_fields(text: LegalText | None) -> dict[str, str | None]:
    if text is None:
        return {}
    return {
        "text_nature": text.nature,
        "text_number": text.number,
        "text_date": text.date,
        "text_title": text.title,
    }


def _clause_at(clauses: tuple[Clause, ...], offset: int) -> str | None:
    """Pinpoint of the deepest clause whose span holds `offset`."""
    best: str | None = None
    for top in clauses:
        for clause in top.walk():
            if clause.span and clause.span[0] <= offset < clause.span[1]:
                best = clause.pinpoint
    return best


def _same_place(text_ref: Ref, anchor: Ref) -> bool:
    if text_ref.target != anchor.target or not text_ref.span or not anchor.span:
        return False
    return text_ref.span[0] < anchor.span[1] and anchor.span[0] < text_ref.span[1]


def _replace(ref: Ref, **changes: object) -> Ref:
    from dataclasses import replace

    return replace(ref, **changes)  # type: ignore[arg-type]


def _dedupe(refs: list[Ref]) -> list[Ref]:
    """One row per (type, endpoints, clause, pinpoint, span): a metadata list may repeat a LEGI link."""
    seen: set[tuple[object, ...]] = set()
    out: list[Ref] = []
    for r in refs:
        key = (r.type, r.source, r.target, r.clause, r.pinpoint, r.span, r.provenance)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out
