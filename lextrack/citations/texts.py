"""Legal texts as a citation names them: nature (from lextrack.vocab), number, date, article.

Pure functions of what the scanner matched; cached, since a few texts are cited again and again.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lextrack.citations import patterns as P
from lextrack.citations.named import NAMED_TEXTS
from lextrack.dates import parse_french_date
from lextrack.model import LegalText
from lextrack.vocab import nature_of

_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(P.HYPHEN)
# EU acts are numbered with a slash: "règlement n° 2137-85" is 2137/85.
_SLASHED = ("règlement", "directive")
_TAIL_GROUPS = ("eu", "eu2", "fr", "date", "date2", "iso0", "iso", "eu_tag", "fr_year")
# Since 1945, a French text's number starts with its year ("ordonnance n° 45-174"); the texts that write
# only the number within the year ("l'ordonnance n° 174 du 2 février 1945") mean that one.
_YEAR_NUMBERS_FROM = 1945


def legal_text(m: re.Match[str], nature_word: str | None = None) -> LegalText | None:
    """A LegalText from a TEXT_RE or TEXT_TAIL_RE match, or None when it names no identifier ("la loi").

    nature_word: for a TEXT_TAIL_RE match (the next text of a list), the nature its list started with.
    """
    word = nature_word if nature_word is not None else m.group("nature")
    return _legal_text(word, m.group(*_TAIL_GROUPS))


@lru_cache(maxsize=4096)
def _legal_text(word: str, groups: tuple[str | None, ...]) -> LegalText | None:
    eu, eu2, fr, written_date, written_date2, iso0, iso, eu_tag, fr_year = groups
    nature = nature_name(word)
    number = None
    if eu or eu2:
        number = _SPACES.sub("", eu or eu2 or "")
    elif fr:
        number = _HYPHENS.sub("-", _SPACES.sub(" ", fr)).replace(".", "-")
        if nature in _SLASHED:
            number = number.replace("-", "/")
    written = written_date or written_date2
    date = parse_french_date(written) if written else (iso0 or iso)
    if fr_year and date and int(date[:4]) >= _YEAR_NUMBERS_FROM and nature not in _SLASHED:
        number = f"{date[2:4]}-{fr_year}"
    if number is None and date is None:
        return None
    if nature in _SLASHED and number is None and not (eu_tag and date):
        return None  # "le règlement du 12 mars 2004" may be anyone's; "le règlement (UE) du 26 juin 2013" not
    return LegalText(nature=nature, number=number, date=date)


@lru_cache(maxsize=256)
def nature_name(word: str) -> str:
    """ "Décret" -> "décret", "L." -> "loi", "arrêté ministériel" -> "arrêté", "règlements" -> "règlement"."""
    clean = _SPACES.sub(" ", word.strip().lower())
    found = nature_of(clean)
    if found is None and clean.startswith("arr"):  # "arrêté interministériel"
        found = nature_of("arrêté")
    return found.name if found is not None else clean


@lru_cache(maxsize=64)
def _named(key: str) -> LegalText | None:
    for row in NAMED_TEXTS:
        if _key(row.name) == key:
            return LegalText(nature=row.nature, number=row.number, date=row.date)
    return None


def _key(name: str) -> str:
    from lextrack.codes import strip_accents

    return " ".join(strip_accents(name).lower().replace("’", "'").replace("' ", "'").split())


def named_text(m: re.Match[str]) -> LegalText | None:
    """The text a NAMED_TEXT_RE match names: a named one, or a convention/treaty/accord by its date."""
    if m.group("named"):
        return _named(_key(m.group("named")))
    date = parse_french_date(m.group("ddate") or m.group("ddate2"))
    if date is None:
        return None
    return LegalText(nature=nature_name(m.group("dnat")), date=date)


def with_article(text: LegalText, article: str | None) -> LegalText:
    if text.article == article:
        return text
    return LegalText(nature=text.nature, number=text.number, date=text.date, article=article)
