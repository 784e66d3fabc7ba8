"""Recover the real date of a change from its commit subject.

Real histories cannot store dates before 1970: steeve's history dates those commits 1970-01-01 00:00:01 and
keeps the date only in the subject ("Loi 1803-03-08 Promulguée Le 18 Mars 1803", "Décret 84-459 1984-06-14
Art. 6 Jorf 17 Juin 1984 En Vigueur Le 1er Avril 1984"). The date in force is the best answer, then the
promulgation, then the publication, then the text's own date.
"""

from __future__ import annotations

import re

from lextrack.dates import FRENCH_DATE, ISO_DATE, parse_french_date

# Subjects whose author date is a placeholder: at most this many seconds after the epoch (etalab collapses
# pre-1970 changes onto 1970-01-31 + seconds, steeve onto 1970-01-01 00:00:01).
PLACEHOLDER_MAX = 45 * 86400

_AFTER = {
    "in_force": re.compile(r"\ben\s+vigueur\s+(?:le|du|à\s+compter\s+du)\s+", re.IGNORECASE),
    "promulgated": re.compile(r"\bpromulgu[ée]e?s?\s+le\s+", re.IGNORECASE),
    "jorf": re.compile(r"\bjorf\s+(?:du\s+)?", re.IGNORECASE),
    "edition": re.compile(r"\b[ée]dition\s+du\s+", re.IGNORECASE),
}


def _date_right_after(pattern: re.Pattern[str], subject: str) -> str | None:
    for m in pattern.finditer(subject):
        rest = subject[m.end() :]
        fm = FRENCH_DATE.match(rest)
        if fm:
            return parse_french_date(fm.group(0))
        im = ISO_DATE.match(rest)
        if im:
            return _iso(im)
    return None


def _iso(m: re.Match[str]) -> str | None:
    from datetime import date

    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def date_from_subject(subject: str) -> str | None:
    """The most telling date a subject gives (in force > promulgated > JORF > edition > any), or None."""
    for key in ("in_force", "promulgated", "jorf", "edition"):
        found = _date_right_after(_AFTER[key], subject)
        if found:
            return found
    for m in ISO_DATE.finditer(subject):
        found = _iso(m)
        if found:
            return found
    return parse_french_date(subject)


def is_placeholder(timestamp: int) -> bool:
    """An author date that only stands for "some time before 1970"."""
    return timestamp <= PLACEHOLDER_MAX
