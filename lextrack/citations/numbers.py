"""Article numbers as a citation writes them ("L. 133-1-1", "L.O. 141", "39 bis A") in LEGI's spelling.

Every number ends in lextrack.nums.canonical_num, the parser's normaliser, so that the id a citation
resolves to and the id of the article it cites are built by the same function.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lextrack.citations import patterns as P
from lextrack.nums import canonical_num

_HYPHENS = re.compile(P.HYPHEN)
_SFX_WORDS = re.compile(rf"(?:{P.LATIN})(?:{P.HYPHEN}\d+)?|[A-Z]{{1,2}}")
_PREFIX = re.compile(r"[A-Z]+\*?")


def normalise_num(m: re.Match[str], inherit_prefix: str = "") -> str:
    """ "L. 133-1-1" -> "L133-1-1", "L.O. 141" -> "LO141", "R.* 12" -> "R*12", "1er" -> "1"."""
    return _normalise_num(m.group("pfx", "star", "digits", "er", "sfx"), inherit_prefix)


@lru_cache(maxsize=8192)
def _normalise_num(groups: tuple[str | None, ...], inherit_prefix: str) -> str:
    # Cached on the groups it reads: the same numbers come back in every version of an article.
    pfx, star, digits, er, sfx = groups
    prefix = re.sub(r"[\s.]", "", pfx) if pfx else inherit_prefix
    if star:
        prefix += "*"
    num = prefix + _HYPHENS.sub("-", digits.replace(" ", ""))
    if er and len(er) > 2:  # "1er-1"
        num += _HYPHENS.sub("-", er[2:])
    if sfx:
        num += " " + " ".join(_SFX_WORDS.findall(sfx))
    # "L.O." is read as prefix "LO" above; canonical_num joins words by single spaces, hyphens inside.
    return canonical_num(num)


def item_prefix(num: str) -> str:
    """The letters before the digits, so "L. 1 à 5" keeps L on both ends."""
    m = _PREFIX.match(num)
    return m.group(0) if m else ""
