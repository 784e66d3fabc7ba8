"""Article ids as users write them -> the store's ids: `code/NUM`, a unique bare `NUM`, `ID@DATE`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lextrack.codes import code_slug
from lextrack.dates import parse_user_date
from lextrack.errors import NotFoundError, UsageError
from lextrack.nums import canonical_num, starred
from lextrack.store.index import Index


def default_store_dir() -> Path:
    return Path(os.environ.get("LEXTRACK_STORE") or ".lextrack")


# users type prefixes in lower case ("l. 227-1"); texts, and so the normaliser, write them in capitals
_TYPED_PREFIX = re.compile(r"^\s*(lo|l|r|d|a)(?=\s*\.?\s*\*?\s*\d)", re.IGNORECASE)


def typed_num(num: str) -> str:
    return canonical_num(_TYPED_PREFIX.sub(lambda m: m.group(1).upper(), num))


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    date: str | None


def resolve_id(index: Index, text: str) -> ArticleRef:
    """`code/NUM`, a unique bare `NUM`, either followed by `@YYYY-MM-DD`.

    The number goes through the parser's normaliser, case aside: "L. 227-1", "l227-1" and "L227‑1" all find
    L227-1, "19-quater" and "19 quater" the same article. A number LEGI stars and texts do not ("R. 421-39-1"
    for R*421-39-1) finds the starred article when the store has no other.
    """
    raw, at, day = text.strip().partition("@")
    date = parse_user_date(day, "date after @") if at else None
    if not raw:
        raise UsageError("empty article id")
    if "/" in raw:
        code, _, num = raw.rpartition("/")
        found = (
            index.ids_with_num(typed_num(num), code_slug(code))
            or index.ids_with_num(num, code)
            or _starred_ids(index, num, code_slug(code))
        )
        if len(found) == 1:
            return ArticleRef(found[0], date)
        raise NotFoundError(f"{raw}: no such article in the store")
    found = index.ids_with_num(typed_num(raw)) or _starred_ids(index, raw)
    if not found:
        raise NotFoundError(f"{raw}: no such article in the store")
    if len(found) > 1:
        raise UsageError(f"{raw} is ambiguous: " + ", ".join(found) + " (give the code: CODE/NUM)")
    return ArticleRef(found[0], date)


def _starred_ids(index: Index, num: str, code: str | None = None) -> list[str]:
    """ "R421-39-1" as texts write R*421-39-1: the starred article's id, if the store has it."""
    star = starred(typed_num(num))
    return index.ids_with_num(star, code) if star is not None else []
