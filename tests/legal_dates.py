"""Dates as the subjects of real histories write them, read here independently of lextrack's own code, so
that tests check lextrack against the subjects rather than against itself."""

from __future__ import annotations

import re
import unicodedata

_IN_FORCE = re.compile(
    r"En Vigueur (?:Art\. \d+ (?:Modifie )?)?(?:Le )?(1er|\d{1,2}) (\w+) (\d{4})", re.IGNORECASE
)
_UNKNOWN_SOURCE = re.compile(r"^Modification du (\d{4}-\d{2}-\d{2}) de source inconnue", re.IGNORECASE)
_MONTHS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
           "novembre", "decembre"]  # fmt: skip


_DU = re.compile(r"\bN°\s*(\d{2,4}-\d{1,5}) Du (1er|\d{1,2}) (\w+) (\d{4})", re.IGNORECASE)
_ISO_TEXT = re.compile(r"^\w+ (?:(\d{2,4}-\d{1,5}) )?(\d{4}-\d{2}-\d{2})\b")  # "Arrêté 1998-01-02 Art. 1"
_JORF = re.compile(r"\bJorf (1er|\d{1,2}) (\w+) (\d{4})", re.IGNORECASE)


def _iso(day: str, month: str, year: str) -> str | None:
    plain = "".join(c for c in unicodedata.normalize("NFKD", month.lower()) if not unicodedata.combining(c))
    if plain not in _MONTHS:  # a misspelt month ("Aôut" is "aout" once its accent goes, "Juilet" is not)
        return None
    return f"{year}-{_MONTHS.index(plain) + 1:02d}-{1 if day == '1er' else int(day):02d}"


def signed(subject: str) -> tuple[str | None, str] | None:
    """(text number, its date) for "Loi N°2004-1343 Du 9 Décembre 2004…" or "Loi 2003-706 2003-08-01…"."""
    m = _DU.search(subject)
    day = _iso(*m.group(2, 3, 4)) if m else None
    if m and day:
        return m.group(1), day
    m = _ISO_TEXT.match(subject)
    return (m.group(1), m.group(2)) if m else None


def published(subject: str) -> str | None:
    m = _JORF.search(subject)
    return _iso(*m.group(1, 2, 3)) if m else None


def journal(subjects: list[str]) -> dict[str, str]:
    """Text number -> its JORF date, from the subjects that give both."""
    out: dict[str, str] = {}
    for subject in subjects:
        text, jorf = signed(subject), published(subject)
        if text and text[0] and jorf:
            out.setdefault(text[0], jorf)
    return out


def took_effect(subject: str, commit_day: str, known: dict[str, str], committed: str | None = None) -> str:
    """When a commit's versions took effect: its committer date when the history gives one apart from the
    author date (steeve's: LEGI's start of the version, the author date being the text's signature); else
    the day its subject names; else, for a commit dated by its text's signature, the text's publication (in
    the subject, or `known` from another subject); else the commit's own date."""
    if committed and committed != commit_day:
        return committed
    named = in_force_date(subject)
    if named:
        return named
    text = signed(subject)
    if text and text[1] == commit_day:
        jorf = published(subject) or (known.get(text[0]) if text[0] else None)
        if jorf:
            return jorf
    return commit_day


def in_force_date(subject: str | None) -> str | None:
    """The day a commit's subject says its versions took effect, if it says one."""
    m = _UNKNOWN_SOURCE.match(subject or "")
    if m:
        return m.group(1)
    m = _IN_FORCE.search(subject or "")
    if not m:
        return None
    return _iso(*m.group(1, 2, 3))


def committer_day(timestamp: str, day: str) -> str | None:
    """A commit's committer date (`git log --format=%ct` and `%cd --date=short`), None when it only stands for
    "before 1970" (steeve writes such commits 1970-01-01 00:00:01)."""
    return day if int(timestamp) > 45 * 86400 else None
