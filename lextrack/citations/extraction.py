"""The public entry points: find (lextrack.citations.find), then resolve (lextrack.citations.resolve).

extract(text, code=, article=, exists=)   one text, with a fresh context
extract_article(article, exists=)        a parsed article, clause by clause, one context through it
Alineas(exists=).extract(text, code, article)   consecutive alinéas of one article, given one by one
"""

from __future__ import annotations

from typing import Any

from lextrack.citations.codes import numbering
from lextrack.citations.find import clause_candidates, literal_hits, scan
from lextrack.citations.found import Found
from lextrack.citations.resolve import Exists, Resolver
from lextrack.model import Article, Citation


def extract(
    text: str, *, code: str | None = None, article: str | None = None, exists: Exists | None = numbering
) -> list[Citation]:
    """Every citation in text; code (slug or name) and article give "présent code/article" a meaning.

    exists(code slug, num) -> bool | None says which articles a code has (see Resolver). By default, what the
    code table knows (citations.codes.numbering), as the graph's edges are extracted: "l'article 226-27" in
    the Code de la santé publique, whose articles all have a letter, is not that code's. None: no hook.
    """
    return Resolver(code, article, exists).resolve(scan(text))


def extract_article(article: Article, exists: Exists | None = numbering) -> list[tuple[str | None, Citation]]:
    """Citations of a parsed article, clause by clause, so the graph can say which clause cites what.

    "du même code" reaches back across clauses: the clauses are scanned one by one, then resolved in order
    with one context.
    """
    hits = literal_hits(article.text)
    if not hits[0]:  # no trigger word anywhere: nothing cites
        return []
    resolver = Resolver(article.code, article.num, exists)
    if resolver.code is None:
        resolver.code = article.code or None
    clauses = [c for top in article.clauses for c in top.walk()]
    if not clauses:
        found = scan(article.text, clause_candidates(hits, 0, len(article.text)))
        return [(None, c) for c in resolver.resolve(found)]
    found: list[Found] = []
    search_from = 0
    for clause in clauses:
        offset = _offset(article.text, clause.text, clause.span, search_from)
        if offset is None:
            continue
        search_from = offset
        candidates = clause_candidates(hits, offset, offset + len(clause.text))
        if candidates:
            found.extend(scan(clause.text, candidates, offset=offset, clause=clause.pinpoint))
    out: list[tuple[str | None, Citation]] = []
    for f in found:
        cit = resolver.one(f)
        if cit is not None:
            out.append((f.clause, cit))
    return out


class Alineas:
    """The alinéas of one article given one at a time (`lextrack extract --jsonl`): context carries from one
    to the next while code and article stay the same; another article, or none, starts afresh."""

    __slots__ = ("exists", "_key", "_resolver")

    def __init__(self, exists: Exists | None = numbering) -> None:
        self.exists = exists
        self._key: tuple[str | None, str | None] | None = None
        self._resolver: Resolver | None = None

    def extract(self, text: str, code: str | None = None, article: str | None = None) -> list[Citation]:
        key = (code, article)
        if self._resolver is None or article is None or key != self._key:
            self._resolver = Resolver(code, article, self.exists)
            self._key = key
        else:
            self._resolver.new_text()
        return self._resolver.resolve(scan(text))

    def reset(self) -> None:
        """The next line starts afresh, whatever its article (a line that was no alinéa came between)."""
        self._resolver = None
        self._key = None


def _offset(full: str, part: str, span: tuple[int, int] | None, search_from: int) -> int | None:
    if not part:
        return None
    if span is not None and full[span[0] : span[0] + len(part)] == part:
        return span[0]
    found = full.find(part, search_from)
    if found < 0:
        found = full.find(part)
    return found if found >= 0 else None


def unresolved(cit: Citation) -> bool:
    """An article cited by a bare number no code could be given (see Resolver): it makes no edge."""
    return cit.kind != "text" and not cit.code


def to_json(cit: Citation, *, spans: bool = False) -> dict[str, Any]:
    """The CLI contract: kind, code, num | from/to, pinpoint, unresolved; texts: nature/number/date/article.

    "unresolved": true marks an article cited by a bare number that no code could be given: no context
    code, or (with an exists hook) neither the citing code nor the code named last has it.
    """
    d: dict[str, Any] = {"kind": cit.kind}
    if cit.kind == "text" and cit.text is not None:
        d.update(nature=cit.text.nature, number=cit.text.number, date=cit.text.date, article=cit.text.article)
    else:
        d["code"] = cit.code
        if cit.kind == "range":
            d["from"] = cit.from_num
            d["to"] = cit.to_num
        else:
            d["num"] = cit.num
    d["pinpoint"] = cit.pinpoint
    if unresolved(cit):
        d["unresolved"] = True
    if spans:
        d["span"] = list(cit.span)
        d["matched"] = cit.matched
        d["ids"] = list(cit.ids)
    return {k: v for k, v in d.items() if v not in (None, "", [], ())}
