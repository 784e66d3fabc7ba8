"""Code names as citations write them ("code rural", "CGI", "C. civ.") -> slugs of lextrack.codes."""

from __future__ import annotations

import re
from functools import lru_cache

from lextrack.codes import code_slug, find_code, find_code_loosely

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def resolve_code(name: str) -> str:
    """Slug of a code as written in the text; a code the table lacks keeps the slug of its name."""
    clean = _SPACES.sub(" ", name).strip().rstrip(",")
    found = find_code(clean)
    if found is None and clean.lower().endswith(" ancien"):
        found = find_code(clean[: -len(" ancien")])
    if found is None:
        found = find_code_loosely(clean)
    return found.slug if found else code_slug(clean)


def unlisted_code(name: str) -> str:
    """Slug of a code's name the table does not list as written ("code général des personnes publiques
    doivent": such a name may end in words of the sentence). Tried whole, then without its last words
    while two of its own words are left ("code de l'administration communale" is not the Code des
    relations entre le public et l'administration)."""
    words = _SPACES.sub(" ", name).strip().split(" ")
    found = find_code(" ".join(words)) or find_code_loosely(" ".join(words))
    while found is None and len(words) > 2:
        words.pop()
        found = find_code_loosely(" ".join(words), fewest=2)
    return found.slug if found else resolve_code(name)


def context_code(name: str | None) -> str | None:
    """The citing code as a caller gives it (slug or full name); unknown names keep their slug."""
    if not name:
        return None
    return resolve_code(name)


def parent_code(slug: str | None) -> str | None:
    """The code an annex belongs to ("code-general-des-impots-annexe-iii" -> "code-general-des-impots"):
    "du code précité" after "l'annexe III au code général des impôts" means the code."""
    if slug is None or "-annexe-" not in slug:
        return slug
    return slug.split("-annexe-", 1)[0]


# Whose annexes "(1) Annexe III, art. 41 W" means, in the notes of a code (the citing code's family, as
# parent_code gives it): the CGI writes its own annexes so, and the LPF the CGI's. Elsewhere such a note
# names no code we know: its numbers stay the citing code's.
NOTE_ANNEXES = {
    "code-general-des-impots": "code-general-des-impots",
    "livre-des-procedures-fiscales": "code-general-des-impots",
}
# The codes that cite the CGI's articles without naming it, the CGI's own annexes aside.
FISCAL_CODES = frozenset(NOTE_ANNEXES)
ANNEX_NOTE = "annexe-"  # Found.code of such a note: "annexe-iii", whose code the resolver settles
ANNEX_SAME = "annexe-meme-"  # "de l'annexe III au même code", "de l'annexe II et …": the code named before's


def annex_code(code: str, roman: str) -> str:
    """The slug of a code's annex `roman` ("III"): "de l'annexe III au CGI", "(1) Annexe III, art." """
    found = find_code(code)
    return resolve_code(f"{found.name if found else code}, annexe {roman.upper()}")


def named_annex(annex: str, named: str | None) -> str | None:
    """The code of "de l'annexe III au même code" or of an annex named alone (`annex` = ANNEX_SAME + "iii"),
    the code named before being `named`: that code's annex when the table has it, else None (an annex the
    table lacks numbers its own articles, none of which a store holds)."""
    base = parent_code(named)
    if base is None:
        return None
    slug = annex_code(base, annex.removeprefix(ANNEX_SAME))
    return slug if find_code(slug) is not None else None


def note_annex(annex: str, citing: str | None) -> str | None:
    """The code of "Annexe III" (`annex` = "annexe-iii") in a note of the citing code, or None."""
    owner = NOTE_ANNEXES.get(parent_code(citing) or "")
    return annex_code(owner, annex.removeprefix(ANNEX_NOTE)) if owner else None


def numbered_code(slug: str | None, num: str) -> str | None:
    """The code a number without a letter belongs to when its text names a code whose articles all have one:
    the code that bore that name before ("l'article 1142-8 du code rural": the Code rural (ancien), not the
    Code rural et de la pêche maritime, whose alias "Code rural" is)."""
    if slug is None or not num[:1].isdigit():
        return slug
    return _former_code(slug) or slug


@lru_cache(maxsize=256)
def _former_code(slug: str) -> str | None:
    code = find_code(slug)
    if code is None or code.numbers != "prefixed":
        return None
    for name in (code.name, *code.aliases):
        former = find_code(re.sub(r"\s*\(.*?\)", "", name) + " (ancien)")
        if former is not None and former.slug != slug:
            return former.slug
    return None


_PREFIXED = re.compile(r"^\**(?:LO|L|R|D|A)\*?\d")


def numbering(code: str, num: str) -> bool | None:
    """What the code table knows of which articles a code has: none numbered bare ("1649 quater") in a code
    whose articles all carry a letter (the Code de la sécurité sociale's L242-1), none with a letter
    ("L. 815-2") in a code whose articles never carry one (the CGI's 1601), none "206-5" in a code whose dash
    marks a paragraph (the CGI's); else it cannot tell (None).
    The citation resolver then gives such a number to the code of the next group of its list or the code
    the article named last, or leaves it unresolved, rather than to the citing code (the CGI's "article 1649
    quater" cited in the CSS, the CSS's "article L. 815-2 ou … L. 815-3 du code de la sécurité sociale" in
    the CGI)."""
    found = find_code(code)
    if found is None or num.startswith("Annexe"):
        return None
    if found.numbers == "prefixed":
        return False if not _PREFIXED.match(num) else None
    if found.numbers == "bare":
        if _PREFIXED.match(num) or found.dash == "paragraph" and _DASH_PARAGRAPH.fullmatch(num):
            return False  # "206-5" is the 5 of article 206 (dash_paragraph), never an article of the CGI
        return None
    return None


_DASH_PARAGRAPH = re.compile(r"(?P<num>\d+(?: [a-z]+)?(?: [A-Z]{1,3})?)-(?P<par>[1-9]\d*(?:-\d+)*)")


def dash_paragraph(code: str, num: str) -> tuple[str, str] | None:
    """(article, paragraph) of "206-5" in a code whose dash marks a paragraph: the CGI's "article 206-5" is
    the 5 of article 206, "39-1" the 1 of article 39 (its own numbers take a dash before 0 only, "209-0 A").
    """
    m = _DASH_PARAGRAPH.fullmatch(num)
    if m is None or not _dash_is_paragraph(code):
        return None
    return m.group("num"), m.group("par").replace("-", ".")


@lru_cache(maxsize=256)
def _dash_is_paragraph(code: str) -> bool:
    found = find_code(code)
    return found is not None and found.dash == "paragraph"

