"""Dates as French legal texts write them, LEGI's sentinel dates, and the mapping of old dates onto git.

One place knows the sentinels: 2999-01-01 means "no end", 2222-02-22 "a date not fixed yet".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from lextrack.errors import UsageError

OPEN_END = "2999-01-01"
UNFIXED = "2222-02-22"
SENTINELS = frozenset({OPEN_END, UNFIXED})

MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
}  # fmt: skip

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
FRENCH_DATE = re.compile(
    rf"\b(?P<day>1er|premier|\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\s+(?P<year>\d{{4}})\b", re.IGNORECASE
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_french_date(text: str) -> str | None:
    """The first French date in text ("1er janvier 2021", "8 juillet 2013") as ISO, or None."""
    m = FRENCH_DATE.search(text)
    if not m:
        return None
    day = 1 if m["day"].lower() in ("1er", "premier") else int(m["day"])
    try:
        return date(int(m["year"]), MONTHS[m["month"].lower()], day).isoformat()
    except ValueError:
        return None


def iso_or_none(value: str | None) -> str | None:
    """A LEGI date as ISO; the open-end sentinel becomes None (no end), impossible dates None too."""
    if not value:
        return None
    value = value.strip()
    if value == OPEN_END:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def parse_user_date(value: str, what: str = "date") -> str:
    """A date given on the command line: ISO only, checked, or a UsageError naming the argument."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except (ValueError, AttributeError):
        raise UsageError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)") from None


def add_days(day: str, days: int) -> str:
    """The ISO day `days` after `day` (before, if negative): a bound given inclusive asked exclusive."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


EPOCH = date(1970, 1, 1)


def git_timestamp(iso: str) -> int:
    """Seconds since the epoch for a commit's author date.

    Git and its hosts refuse dates before 1970. Those are mapped onto 1970-01-01 with one second a day
    counted from 1750-01-01 (as Tricoteuses maps days to seconds), which keeps their order below any
    real date; the exact date lives in the commit trailer and the index, which are what lextrack reads.
    """
    d = date.fromisoformat(iso)
    if d > EPOCH:
        return (d - EPOCH).days * 86400
    return max(1, (d - _OLDEST).days + 1)


_OLDEST = date(1750, 1, 1)
