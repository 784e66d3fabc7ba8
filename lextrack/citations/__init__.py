"""Find citations in French legal text and resolve them to canonical ids.

extract(text, code=..., article=...)   -> list[Citation]        (spans in text)
extract_article(article)               -> [(citing clause pinpoint, Citation)]  (spans in article.text)
to_json(citation)                      -> the dict `lextrack extract --json/--jsonl` prints
"""

from __future__ import annotations

from typing import Any

from lextrack.citations.find import clause_candidates, literal_hits, scan
from lextrack.citations.resolve import Context, context_code
from lextrack.model import Article, Citation

__all__ = ["extract", "extract_article", "to_json"]


def extract(text: str, *, code: str | None = None, article: str | None = None) -> list[Citation]:
    """Every citation in text; code (slug or name) and article give "présent code/article" a meaning."""
    return scan(text, Context(code=context_code(code), article=article or None))


def extract_article(article: Article) -> list[tuple[str | None, Citation]]:
    """Citations of a parsed article, clause by clause, so the graph can say which clause cites what.

    "du même code" reaches back across clauses, so one context is carried through the article.
    """
    out: list[tuple[str | None, Citation]] = []
    hits = literal_hits(article.text)
    if not hits[0]:  # no trigger word anywhere: nothing cites
        return out
    ctx = Context(code=context_code(article.code) or article.code, article=article.num)
    clauses = [c for top in article.clauses for c in top.walk()]
    if not clauses:
        return [(None, c) for c in scan(article.text, ctx, clause_candidates(hits, 0, len(article.text)))]
    search_from = 0
    for clause in clauses:
        offset = _offset(article.text, clause.text, clause.span, search_from)
        if offset is None:
            continue
        search_from = offset
        candidates = clause_candidates(hits, offset, offset + len(clause.text))
        if candidates:
            ctx.clause = clause.pinpoint
            ctx.offset = offset
            out.extend((clause.pinpoint, cit) for cit in scan(clause.text, ctx, candidates))
    return out


def _offset(full: str, part: str, span: tuple[int, int] | None, search_from: int) -> int | None:
    if not part:
        return None
    if span is not None and full[span[0] : span[0] + len(part)] == part:
        return span[0]
    found = full.find(part, search_from)
    if found < 0:
        found = full.find(part)
    return found if found >= 0 else None


def to_json(cit: Citation, *, spans: bool = False) -> dict[str, Any]:
    """The CLI contract: kind, code, num | from/to, pinpoint, and for texts nature/number/date/article."""
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
    if spans:
        d["span"] = list(cit.span)
        d["matched"] = cit.matched
        d["ids"] = list(cit.ids)
    return {k: v for k, v in d.items() if v not in (None, "", [], ())}
