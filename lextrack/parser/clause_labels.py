"""The labels of French drafting an alinéa can start with ("I.-", "2° bis", "a)", "-"), as regexes and
small tests: what clauses.py reads a block's structure with."""

from __future__ import annotations

import re
from functools import cache

from lextrack.model import ClauseKind
from lextrack.vocab import LATIN_ALTERNATION, LATIN_SUFFIXES

_SEP = "\n\n"

_DASHES = "-–—―‐‑"

_LATIN = LATIN_ALTERNATION  # "bis" to "septvicies", longest first

_LATIN_RE = rf"(?:\s*(?:{_LATIN})\b)"

# Roman numeral (only I, V, X: L, C, D, M would read initials and abbreviations) or capital letter,
# an optional Latin suffix ("II bis.-", "II. bis."), then "." (optionally followed by a dash), a dash
# or ")".
_PARA_RE = re.compile(
    rf"(?P<num>[IVX]{{1,6}}|[A-Z])(?:\s*\.)?(?P<suffix>{_LATIN_RE}?)"
    rf"\s*(?:\.\s*[{_DASHES}]?|[{_DASHES}]|\))\s*"
)

# "1." / "12. -": an Arabic-numbered paragraphe (Code général des impôts style); not "1.5" nor "1.1.".
_ARABIC_RE = re.compile(rf"(?P<num>\d{{1,2}})(?P<suffix>{_LATIN_RE}?)\s*\.(?![\d.])\s*(?:[{_DASHES}]\s*)?")

# "1°", "2° bis", "1° A" (a capital suffix only before a separator or a capitalised word, so that
# "1° A l'expiration" and "1° DE LA" stay text), "3°)", "1°-", "1° –".
_ITEM_RE = re.compile(
    rf"(?P<num>\d{{1,3}})\s*°\s*(?P<suffix>{_LATIN_RE}?)"
    rf"(?P<cap>\s*[A-Z]{{1,2}}(?=\s*[{_DASHES}:)]|\s+[A-ZÀ-Ý][a-zà-ÿ'’]|$))?"
    rf"\s*\)?\s*(?:[{_DASHES}](?!\d)\s*)?"
)

# "a)", "a bis)", "aa)", "iii)"; "a." for a single letter only (else "cf." would be a lettre).
_LETTRE_RE = re.compile(
    rf"(?:(?P<num>[a-z]{{1,2}}|[ivx]{{3,5}})(?P<suffix>{_LATIN_RE}?)\s*\)|(?P<num1>[a-z])(?P<suffix1>{_LATIN_RE}?)\.(?=\s|$))"
    rf"\s*(?:[{_DASHES}](?!\d)\s*)?"
)

_TIRET_RE = re.compile(r"\s*[-–—―•‐‑](?:\s+\S|[^\d\s.,\-–—―‐‑])")

# The four label regexes then the tiret's at once, in the order _label_at tries them: `lastgroup` names
# the first that matches, so the many alinéas that open with neither cost one call and a labelled one
# skips the styles it is not.
_OPENS_UNIT_RE = re.compile(
    "|".join(
        f"(?P<{style}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', r.pattern)})"
        for style, r in (
            ("item", _ITEM_RE),
            ("lettre", _LETTRE_RE),
            ("arabic", _ARABIC_RE),
            ("para", _PARA_RE),
            ("tiret", _TIRET_RE),
        )
    )
)

_LATIN_WORDS = LATIN_SUFFIXES

_UNIT_FIRST = frozenset(f"abcdefghijklmnopqrstuvwxyz{_DASHES}•")

_ACRONYM_RE = re.compile(r"[A-Z]\.\s?[A-Z]\.")  # "O.D.", "U.R.S.S.A.F.": not a division

_MARK_WORDS = (
    r"(?:(?:paragraphes?|alinéas?|sous-paragraphes?|dispositions?|items?|points?|articles?)\s+)?"
    r"(?:abrogée?s?|supprimée?s?|disjointe?s?|périmée?s?)"
)

# What is left of a unit once its label is cut, when the unit is only an abrogation mark:
# "(Paragraphe abrogé)", "Abrogé.", "(Abrogé par …)", "abrogé ;", ", 3° et 4° (supprimés) ;", "Abrogé (1) ;".
# Written so that no two quantifiers can share characters (fuzzed input must not backtrack for ever).
_MARK_LABEL = r"(?:\d+\s*°|[IVX]+\.?|[a-z]\))(?:\s+(?:" + _LATIN + r")\b)?"

_MARK_RE = re.compile(
    rf"(?:(?:[\s,]+|\s*(?:,\s*)?(?:et|à)\s+){_MARK_LABEL})*"
    r"[\s:.;,\-–—―]*"
    rf"(?:[(\[]\s*{_MARK_WORDS}(?:\s+par\s+[^()\[\]]*|\s*)[)\]]|{_MARK_WORDS})"
    r"(?:\s*\(\d+\))?(?:\s*[.;])?\s*$",
    re.IGNORECASE,
)

_MARK_MAX = 200  # a longer remainder is text, not a mark

# The characters a mark can start with besides spaces: separators, "et", "à", a bracket, the first letters
# of the words (with what re.IGNORECASE takes for them: "İ", "ı", "ſ"); checked against _MARK_RE on the BMP.
_MARK_FIRST = frozenset(",:.;-–—―([eEàÀpPaAsSſdDiIİı")

_LABEL_WINDOW = 64  # labels sit in the first characters: regexes look no further (bounded work)

_ROMAN = {"I": 1, "V": 5, "X": 10}

_ROMAN_RE = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")

_KINDS = {"item": ClauseKind.ITEM, "lettre": ClauseKind.LETTRE}  # any other style: a paragraphe

# Structural ranks: paragraphe styles take 0..2 in order of first appearance, then items and lettres.
_ITEM, _LETTRE = 3, 4


def _rank_in(styles: list[str], style: str) -> int:
    if style == "item":
        return _ITEM
    if style == "lettre":
        return _LETTRE
    return styles.index(style) if style in styles else len(styles)


def _is_mark(block: str, start: int) -> bool:
    if len(block) - start > _MARK_MAX:
        return False
    first = block[start : start + 1]
    if not (first in _MARK_FIRST or first.isspace()):  # most alinéas: no regex
        return False
    return bool(_MARK_RE.match(block, start))


def _suffix(raw: str | None) -> str:
    return f" {raw.strip().lower()}" if raw and raw.strip() else ""


@cache
def _roman(num: str) -> int:
    if not _ROMAN_RE.fullmatch(num):
        return 0
    total = 0
    for i, ch in enumerate(num):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(num) and _ROMAN[num[i + 1]] > v else v
    return total


def _ends_label(block: str, end: int) -> bool:
    """A label is followed by a space, punctuation, an opening bracket or nothing — not by a letter."""
    if end >= len(block):
        return True
    prev, nxt = block[end - 1], block[end]
    return prev.isspace() or prev in _DASHES + ").:" or not nxt.isalnum()


def _followed_by_word(block: str, end: int) -> bool:
    i = _skip_space(block, end)
    if i >= len(block):
        return True
    first = block[i]
    return first.isupper() or first in '(«"' or first in _DASHES


_NUMBERED = re.compile(rf"\d{{1,2}}\s*°|\d{{1,2}}\.(?:\s|[{_DASHES}])")  # "2° …", "1. …", "IV.-1.-Pour…"


def _digit_next(block: str, end: int) -> bool:
    i = _skip_space(block, end)
    return i < len(block) and block[i].isdigit() and not _NUMBERED.match(block, i)


def _skip_space(block: str, pos: int) -> int:
    while pos < len(block) and block[pos].isspace():
        pos += 1
    return pos
