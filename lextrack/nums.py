"""Article numbers as ids: one spelling per article, safe to use as a file name in the store."""

from __future__ import annotations

import re
from functools import lru_cache

from lextrack.codes import strip_accents
from lextrack.errors import ParseError
from lextrack.vocab import LATIN_SUFFIXES

MAX_NUM = 120
_UNSAFE = re.compile(r"\.\.|[/\\\x00-\x1f\x7f]")
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:article|art\.)\s+", re.IGNORECASE)
# "L. 227-1", "LO. 111-9", "R.* 12" -> no dot, no space between the letters and the number
_LETTER_DOT = re.compile(r"\b(LO|L|R|D|A)\s*\.\s*(?=\*?\s*\d)")
_OF_ARTICLE = re.compile(r"\bà\s+l['’]\s*(?:article|art\.?)\s*", re.IGNORECASE)
_NUMERO = re.compile(r"\bn[°º]\s*", re.IGNORECASE)
# Words of a number: runs of letters, digits and '*', hyphen-joined groups kept whole ("L227-1", "quater-0")
_TOKEN = re.compile(r"[\w*]+(?:-[\w*]+)*")
_DASH = re.compile("[\u2010\u2011\u2012\u2013\u2212]")  # hyphen, non-breaking hyphen, figure/en dash, minus
# "R* 12", "L 227-1": a prefix and its digits are one word
_CAPITAL_AFTER_HYPHEN = re.compile(r"(?<=\d)-([A-Z]{1,3})(?![\w*-])")
_LATIN = frozenset(LATIN_SUFFIXES)
_PREFIX_GAP = re.compile(r"^(LO|L|R|D|A)\s*(\*?)\s*(?=\d)")


def normalise_num(label: str, path: str | None = None, line: int | None = None) -> str:
    """The one spelling of an article number, LEGI's: words joined by single spaces, hyphens inside.

    "L. 227-1" -> "L227-1"; "Article 19 quater" -> "19 quater"; "Annexe à l'article A931-10-10" ->
    "Annexe A931-10-10"; "Annexe II Tableau n° 10 bis" -> "Annexe II Tableau 10 bis"; "R.* 12" -> "R*12".
    The parser (titles), the citation resolver (numbers in text) and the store (ids given by users) all
    call it, so that an article's id and the id of a citation of it are the same string. A label that could
    walk out of a folder (``..``, ``/``, ``\\``, control characters) is refused rather than cleaned.
    """
    if _UNSAFE.search(label):
        raise ParseError(f"article number {label.strip()[:60]!r} is unsafe (path separator, '..' or control "
                         "character)", path, line)  # fmt: skip
    num = canonical_num(label)
    if not num:
        raise ParseError("no article number in the title", path, line)
    if len(num) > MAX_NUM:
        raise ParseError(f"article number longer than {MAX_NUM} characters", path, line)
    if _RESERVED.match(num):
        # no French article is numbered so; as a file of the store it could not be checked out on Windows
        raise ParseError(f"article number {num!r} is a reserved device name on Windows", path, line)
    return num


@lru_cache(maxsize=16384)
def canonical_num(label: str) -> str:
    """normalise_num without its checks ('' when no number): cached, every citation of every version asks."""
    s = _PREFIX.sub("", label.strip())
    # each pattern needs a character most numbers lack ("L227-1"): test for it before running it
    if "." in s:
        s = _LETTER_DOT.sub(r"\1", s)
    if "à" in s or "À" in s:
        s = _OF_ARTICLE.sub(" ", s)
    if "°" in s or "º" in s:
        s = _NUMERO.sub(" ", s)
    if not s.isascii():
        s = strip_accents(_DASH.sub("-", s))
    s = _PREFIX_GAP.sub(r"\1\2", s.lstrip())
    if "-" in s:  # "R415-6-F" as "R415-6 F": a capital suffix is a word of its own, as texts cite it
        s = _CAPITAL_AFTER_HYPHEN.sub(r" \1", s)
    words = _TOKEN.findall(s)
    # steeve's titles capitalise every word ("L577 Bis"): a Latin suffix is written in lower case
    return " ".join(w.lower() if w.lower() in _LATIN else w for w in words)


_HREF_NUM = re.compile(r"^(lo|[lrda])(\*?\d)", re.IGNORECASE)


def num_from_slug(stem: str) -> str:
    """ "l711-1" (a file name of an etalab path) -> "L711-1"."""
    stem = re.sub(r"^article[-_]", "", stem)
    m = _HREF_NUM.match(stem)
    if m:
        return m.group(1).upper() + stem[m.end(1) :]
    return stem


def starred(num: str) -> str | None:
    """ "R165-32" -> "R*165-32", "D12" -> "D*12": how LEGI numbers an article that texts cite without its star
    (a décret en Conseil des ministres); None for numbers LEGI never stars."""
    if len(num) > 1 and num[0] in "RD" and num[1].isdigit():
        return f"{num[0]}*{num[1:]}"
    return None
