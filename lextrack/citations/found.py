"""What the scanner hands the resolver: citations as written, nothing resolved yet.

A Found says where a citation is, the numbers as LEGI spells them, the pinpoint, and what the words after
the numbers say about where they belong (a Qual): a code named, "du présent code", "du même code", a
legal text, "de la même loi"… The resolver (lextrack.citations.resolve) turns each into a Citation with
the context of the article so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from lextrack.model import LegalText


class Qual(IntEnum):
    """Where the numbers of a citation belong, as the text says it."""

    NONE = 0  # bare numbers: the citing code, checked against what exists when the caller can tell
    PRESENT = 1  # "du présent code"
    SAME = 2  # "du même code", "dudit code", "de ce code", "précité": the code named last
    CODE = 3  # a code named: Found.code
    TEXT = 4  # a legal text named: Found.text
    SAME_TEXT = 5  # "de la même loi", "dudit décret", "du traité": the last text of Found.nature
    NEW = 6  # an article being created or renumbered: the code of its sentence
    PRECITED = 7  # "l'article L. 17 susmentionné": the code that number was cited with before, else as SAME


class Kind(IntEnum):
    ARTICLE = 0  # one number
    RANGE = 1  # "L. 1 à L. 5", "1130 et suivants"
    TEXT = 2  # a legal text cited on its own ("la loi n° 2020-1576 du 14 décembre 2020")
    SELF = 3  # "du présent article", "au présent 2°": the citing article
    SAME_ARTICLE = 4  # "du même article", "dudit article": the article cited last
    PRECITED = 5  # "l'article précité": the article cited last
    CODE_NAMED = 6  # "du livre II de la deuxième partie du code du travail": a code named, no article cited


@dataclass(slots=True)
class Found:
    kind: Kind
    start: int  # span in the text handed to the scanner, shifted by its offset
    end: int
    matched: str
    num: str | None = None  # LEGI spelling (lextrack.nums.canonical_num)
    to: str | None = None  # a range's last number; None with suivants
    suivants: bool = False
    pin: str | None = None  # normalised pinpoint ("I.2°", "al.1", "§2")
    qual: Qual = Qual.NONE
    code: str | None = None  # Qual.CODE: the code's slug; Qual.NONE: the code of the next group, a hint
    text: LegalText | None = None  # Qual.TEXT and Kind.TEXT: the text (with its article for Kind.TEXT)
    nature: str | None = None  # Qual.SAME_TEXT: which kind of text was named before
    clause: str | None = None  # pinpoint of the citing clause
    sentence: int = 0  # Qual.NEW: where the citation's sentence starts
    relative: str | None = None  # Kind.SELF: "2°" of "au présent 2°", placed under the citing clause
    head: bool = False  # '" Art. L. 233-7-1.-…' opens the alinéa: an article reproduced in the citing one
