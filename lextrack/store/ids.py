"""Article ids as users write them -> the store's ids: `code/NUM`, a unique bare `NUM`, `ID@DATE`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lextrack.codes import code_slug
from lextrack.dates import parse_user_date
from lextrack.errors import NotFoundError, ParseError, UsageError
from lextrack.store.index import Index


def default_store_dir() -> Path:
    return Path(os.environ.get("LEXTRACK_STORE") or ".lextrack")


_NUM_SPACES = re.compile(r"^([A-Za-z]{1,3}\*?)\.?\s*(\d)")


def normalize_num(num: str) -> str:
    """ "L. 227-1", "l227-1" -> "L227-1": how article numbers are written in the index."""
    num = num.strip()
    m = _NUM_SPACES.match(num)
    if m:
        num = m.group(1).upper() + num[m.end(1) :].lstrip(". ")
    return num


def _spellings(num: str) -> list[str]:
    """Ways a user's number may be stored: "L. 227-1" -> L227-1; "art. 1101" and "1101 bis" as parsed."""
    from lextrack.nums import normalise_num

    out = [normalize_num(num)]
    try:
        out.append(normalise_num(num, "<argument>"))
    except ParseError:
        pass
    return list(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    date: str | None


def resolve_id(index: Index, text: str) -> ArticleRef:
    """`code/NUM`, a unique bare `NUM`, either followed by `@YYYY-MM-DD`."""
    raw, at, day = text.strip().partition("@")
    date = parse_user_date(day, "date after @") if at else None
    if not raw:
        raise UsageError("empty article id")
    if "/" in raw:
        code, _, num = raw.rpartition("/")
        for aid in (*(f"{code_slug(code)}/{n}" for n in _spellings(num)), raw):
            if index.has_article(aid):
                return ArticleRef(aid, date)
        raise NotFoundError(f"{raw}: no such article in the store")
    found = next((ids for n in _spellings(raw) if (ids := index.ids_with_num(n))), [])
    if not found:
        raise NotFoundError(f"{raw}: no such article in the store")
    if len(found) > 1:
        raise UsageError(f"{raw} is ambiguous: " + ", ".join(found) + " (give the code: CODE/NUM)")
    return ArticleRef(found[0], date)
