"""The amending text a version names: which Créé par / Modifié par / Abrogé par / TRANSFERE / NOTA line."""

from __future__ import annotations

from lextrack.model import Article, LinkKind


def source_label(link) -> str:  # noqa: ANN001
    label = link.label
    for prefix in ("TRANSFERE:", "TRANSFERE :"):
        if label.startswith(prefix):
            label = label[len(prefix) :].strip()
    return label


def amending_label(article: Article, start: str) -> str | None:
    """The Créé par / Modifié par line whose text came into force (or was published) on `start`."""
    for link in article.links:
        if link.kind not in (LinkKind.CREATED_BY, LinkKind.MODIFIED_BY):
            continue
        t = link.target_text
        dates = {link.date, t.in_force_date if t else None, t.jorf_date if t else None}
        if start in dates:
            return link.label
    return None


def ending_label(article: Article, state: str) -> str | None:
    """The Abrogé par / TRANSFERE line that ended the article, for LEGI's ABROGE / TRANSFERE versions."""
    kind = LinkKind.TRANSFERRED_BY if state == "TRANSFERE" else LinkKind.ABROGATED_BY
    link = next((lk for lk in article.links if lk.kind == kind), None)
    return source_label(link) if link else None


def nota_label(nota: str | None) -> str:
    """The amending text a NOTA names ("Loi n° 2020-1576 … - art. 32 (NOTA)"), else the NOTA cut short.

    A NOTA that sets an entry into force says which text decided it; that text, not the NOTA's wording, is
    what a reader of `history` or `log` wants to see as the version's source.
    """
    from lextrack.citations import extract

    text = " ".join((nota or "").split())
    for citation in extract(text):
        if citation.kind == "text" and citation.text is not None:
            named = citation.matched
            start = named.find(citation.text.nature) if citation.text.nature else -1
            label = named[start:] if start > 0 else named
            label = label[:1].upper() + label[1:]
            if citation.text.article:
                label += f" - art. {citation.text.article}"
            return label + " (NOTA)"
    return "NOTA : " + (text[:117] + "…" if len(text) > 118 else text) if text else "NOTA"
