"""The dates a commit of a real history gives its versions: entry into force, the text's date, its JORF.

A version starts the day it took effect. steeve's histories date a commit by the amending text's signature
(11 297 of the 11 752 dated subjects of its 64-code history without "En Vigueur Le" carry the signature date
in "Du …" or as ISO) and write the entry into force in the subject when it differs ("… Jorf 25 Mai 2004 En
Vigueur Le 1er Janvier 2006"); a version LEGI knows without its amending text names its own start
("Modification du 1998-07-31 de source inconnue"); etalab dates a commit by the entry into force itself. Both
stand dates before 1970 on a placeholder (1970-01-01 + seconds, 1970-01-31 + seconds) and keep the real date
in the subject only. The rules below are tried in order; the first that finds a start wins (docs/dates.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from lextrack.dates import FRENCH_DATE, ISO_DATE, parse_french_date
from lextrack.tables import table_rows

# Subjects whose author date is a placeholder: at most this many seconds after the epoch (etalab collapses
# pre-1970 changes onto 1970-01-31 + seconds, steeve onto 1970-01-01 00:00:01).
PLACEHOLDER_MAX = 45 * 86400
# The rule names of dates no function of RULES found: none found (the placeholder stands), or a store's own
# history whose trailers give them.
NO_RULE = "placeholder"
TRAILER_RULE = "trailer"
COMMITTER_RULE = "committer_date"

_AFTER = {
    # "En Vigueur Le 1er Janvier 2006", and "Date D'Entrée En Vigueur 20 Mars 1977" (64 subjects of steeve's),
    # "… En Vigueur Art. 13 1er Juin 1983" (the text's article that sets it; 4 subjects)
    "in_force": re.compile(
        r"\ben\s+vigueur\s+(?:art\.\s*\d+\s+(?:modifi\w*\s+)?)?(?:(?:le|du|à\s+compter\s+du)\s+)?",
        re.IGNORECASE,
    ),
    "promulgated": re.compile(r"\bpromulgu[ée]e?s?\s+le\s+", re.IGNORECASE),
    "jorf": re.compile(r"\bjorf\s+(?:du\s+)?", re.IGNORECASE),
    "edition": re.compile(r"\b[ée]dition\s+du\s+", re.IGNORECASE),
    "text": re.compile(r"\bn[°o]\.?\s*[\w./-]+\s+du\s+", re.IGNORECASE),  # "Loi N°2007-291 Du 5 Mars 2007"
}
_UNKNOWN_SOURCE = re.compile(r"^\s*Modification du (\d{4}-\d{2}-\d{2}) de source inconnue", re.IGNORECASE)
# "Décret 84-459 1984-06-14", "Arrêté 1996-03-28 Art. 1": the ISO date after the nature (and number)
_ISO_AFTER_NUMBER = re.compile(
    r"^\s*[^\W\d]+(?:\s+[^\W\d]+)*\s+(?:N°\s*)?(?:\d[\w-]*\s+)?(\d{4}-\d{2}-\d{2})\b"
)


@dataclass(frozen=True, slots=True)
class CommitDates:
    start: str  # entry into force: what every lookup uses
    text_date: str | None  # the amending text's own date (signature)
    jorf_date: str | None  # its publication in the Journal officiel
    rule: str  # which rule found `start` (the name of its function)
    uncertain: bool = False  # the start is a placeholder the source does not replace


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
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def text_date(subject: str) -> str | None:
    """The amending text's own date: "Loi N°2007-291 Du 5 Mars 2007", "Décret 84-459 1984-06-14"."""
    if _UNKNOWN_SOURCE.match(subject):
        return None
    found = _date_right_after(_AFTER["text"], subject)
    if found:
        return found
    m = _ISO_AFTER_NUMBER.match(subject)
    return _iso(re.match(r"(\d{4})-(\d{2})-(\d{2})", m.group(1))) if m else None  # type: ignore[arg-type]


def jorf_date(subject: str) -> str | None:
    return _date_right_after(_AFTER["jorf"], subject)


def edition_date(subject: str) -> str | None:
    """The day of the edition of a code a subject names ("… Incorporée Dans L'Édition Du 4 Juillet 1992")."""
    return _date_right_after(_AFTER["edition"], subject)


# --- the rules, in order -----------------------------------------------------------------------------------


def in_force(subject: str, day: str, placeholder: bool, jorf: str | None = None) -> str | None:
    """ "… Jorf 6 Mars 2007 En Vigueur Le 1er Janvier 2015": the subject says when it took effect."""
    return _date_right_after(_AFTER["in_force"], subject)


def known_entry_into_force(subject: str, day: str, placeholder: bool, jorf: str | None = None) -> str | None:
    """A text whose entry into force the table data/entry_into_force.tsv gives, for a subject that does not
    say it: "Ordonnance N°2000-916 Du 19 Septembre 2000 - Art. 3 (V)", the euros of every code, took effect on
    2002-01-01, not on its publication (LEGI; steeve's subjects of its other articles say so)."""
    number = text_number(subject)
    return _entry_into_force().get(number) if number else None


@cache
def _entry_into_force() -> dict[str, str]:
    return {r["number"]: r["in_force"] for r in table_rows("entry_into_force.tsv")}


def unknown_source(subject: str, day: str, placeholder: bool, jorf: str | None = None) -> str | None:
    """ "Modification du 1998-07-31 de source inconnue": a version LEGI dates without naming its text."""
    m = _UNKNOWN_SOURCE.match(subject)
    return _iso(re.match(r"(\d{4})-(\d{2})-(\d{2})", m.group(1))) if m else None  # type: ignore[arg-type]


def publication(subject: str, day: str, placeholder: bool, jorf: str | None = None) -> str | None:
    """A commit dated by its text's signature took effect when the text was published, unless the subject
    says otherwise (the rules above): steeve writes the signature ("Loi N°2004-1343 Du 9 Décembre 2004 …
    Jorf 10 Décembre 2004", commit 2004-12-09), LEGI the publication (2004-12-10). Measured on the Code de
    commerce, livre II, against etalab's history of the same articles (dated by entry into force): the JORF
    date is the start LEGI gives in 219 of 222 versions of texts published 2001-2006 (docs/dates.md).
    `jorf`: the subject's JORF date, or the one another subject of the history gives the same text."""
    return None if placeholder or text_date(subject) != day else jorf


def commit_date(subject: str, day: str, placeholder: bool, jorf: str | None = None) -> str | None:
    """The commit's own date, when it is one (not a placeholder for "before 1970")."""
    return None if placeholder else day


def recovered(subject: str, day: str, placeholder: bool, jorf: str | None = None) -> str | None:
    """Before 1970: the best date the subject gives (promulgated > JORF > edition > any)."""
    for key in ("promulgated", "jorf", "edition"):
        found = _date_right_after(_AFTER[key], subject)
        if found:
            return found
    for m in ISO_DATE.finditer(subject):
        found = _iso(m)
        if found:
            return found
    return parse_french_date(subject)


# (subject, the commit's date, whether that is a placeholder, the text's JORF date) -> start, or None
RULES: tuple[Callable[[str, str, bool, str | None], str | None], ...] = (
    in_force, unknown_source, known_entry_into_force, publication, commit_date, recovered,
)  # fmt: skip

# A text's number ("2004-1343", "86-1259"), never a piece of an ISO date: "2006-07" of "Conseil D'Etat
# N° 286711 2006-07-13" gave that decision the JORF date of "Arrêté 2006-07-17 … Jorf 18 Juillet 2006", and
# "Décret 86-1259 1986-12-08" named two numbers, so none.
_TEXT_NUMBER = re.compile(r"(?<![\d-])(\d{2,4}-\d{1,5})(?![\d-])")


def text_number(subject: str) -> str | None:
    """The number of the one text a subject names ("2004-1343"); None when it names none or several."""
    found = set(_TEXT_NUMBER.findall(subject))
    return found.pop() if len(found) == 1 else None


def publications(subjects: Iterable[str], before: Mapping[str, str] | None = None) -> dict[str, str]:
    """Text number -> its JORF date, from the subjects of a history that give it (the first that gives it);
    `before`: what the subjects before these gave."""
    out: dict[str, str] = dict(before or {})
    for subject in subjects:
        number, jorf = text_number(subject), jorf_date(subject)
        if number and jorf:
            out.setdefault(number, jorf)
    return out


def commit_dates(
    subject: str,
    day: str,
    placeholder: bool,
    published: Mapping[str, str] | None = None,
    committed: str | None = None,
) -> CommitDates:
    """The dates of the versions a commit shows; `day` is its author date (YYYY-MM-DD); `published`: the
    JORF dates the history's other subjects give (publications()); `committed`: its committer date, None
    when that is a placeholder.

    A committer date other than the author date is LEGI's start of the version (steeve's histories: the
    author date is the text's signature, the committer date LEGI's DATE_DEBUT, and the commits are in its
    order); it comes before what the subject says (docs/dates.md)."""
    number = text_number(subject) if published else None
    jorf = jorf_date(subject) or (published.get(number) if published and number else None)
    if committed is not None and committed != day and plausible(committed):
        return CommitDates(committed, text_date(subject), jorf, COMMITTER_RULE)
    for rule in RULES:
        start = rule(subject, day, placeholder, jorf)
        if start and plausible(start):
            return CommitDates(start, text_date(subject), jorf, rule.__name__)
    return CommitDates(day, text_date(subject), jorf, NO_RULE, uncertain=True)


def date_from_subject(subject: str) -> str | None:
    """The most telling date a subject gives (in force > promulgated > JORF > edition > any), or None."""
    return in_force(subject, "", True) or recovered(subject, "", True)


def plausible(iso: str) -> bool:
    """A date a version can start on: not LEGI's sentinels leaking into a history (a commit dated 2999-01-01),
    not a typing slip of the source ("Modification du 0003-05-19 de source inconnue", steeve's 64 codes)."""
    return "1500" <= iso < "2222"


# The same bound as a day (exported version files give their commits' dates as days): a day before it is a
# placeholder (1970-02-15).
FIRST_REAL_DAY = date.fromordinal(date(1970, 1, 1).toordinal() + PLACEHOLDER_MAX // 86400).isoformat()


def real_time(timestamp: str) -> int | None:
    """A git timestamp (`%at`, `%ct`) that is a date: None when git printed none or it is a placeholder."""
    text = timestamp.strip()
    if not text.lstrip("-").isdigit():
        return None
    return None if is_placeholder(int(text)) else int(text)


def is_placeholder(timestamp: int) -> bool:
    """An author date that only stands for "some time before 1970" (a negative one is a real date before it,
    as git stores some)."""
    return 0 <= timestamp <= PLACEHOLDER_MAX
