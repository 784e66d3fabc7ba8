"""The table of French codes: one place knows each code's name, slug, abbreviations and LEGITEXT id.

data/codes.tsv lists every code LEGI has, in force and abrogated. `aliases` are other names texts use
for the code; `folders` are the names the real git histories give its folder (steeve's "Code Général
Des Impôts, Cgi", etalab's "code-general-des-impots-cgi"): a folder name is looked up among folders
first, so steeve's "Code Minier" (the old code) is not taken for the code texts now call "code minier".
A LEGITEXT id is given only where it is certain (a real file, or a well-known one); empty otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from lextrack.tables import table_rows

# The code of an article whose file and folders name none (`lextrack parse` of a lone file): an explicit
# slug, safe as a folder of the git view, that no code of the table has. `--code` sets the real one.
UNKNOWN_CODE = "unknown-code"


@dataclass(frozen=True, slots=True)
class Code:
    name: str
    slug: str
    legitexts: tuple[str, ...]  # LEGI's ids of the code, the current text first (some have had several)
    abbreviations: tuple[str, ...]
    aliases: tuple[str, ...]
    folders: tuple[str, ...] = ()  # folder names of the real histories (steeve, etalab)
    # how the code numbers its articles: "prefixed" (L227-1, R133-19: every article), "bare" (1240,
    # 1649 quater), "mixed" (Code pénal: 222-1 and R610-1), "" unknown. Counted on steeve's 64-code history.
    numbers: str = ""
    # "paragraph": "l'article 206-5" cites the 5 of article 206 (the CGI and its annexes, whose own numbers
    # take a dash only before 0: "209-0 A"); "" the dash belongs to the number (Code pénal 222-38).
    dash: str = ""

    @property
    def legitext(self) -> str | None:
        return self.legitexts[0] if self.legitexts else None


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """Lowercase ASCII, accents stripped, every run of other characters one '-'."""
    ascii_text = strip_accents(text).lower().replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _key(name: str) -> str:
    """Lookup key that ignores case, accents, apostrophe style and spacing."""
    return slugify(name.replace("’", "'"))


def _keys(name: str) -> tuple[str, ...]:
    """The key, and the key with apostrophes dropped rather than made separators: etalab's slugs glue
    the elided word ("dallocations-familiales", "code-de-la-legion-dhonneur-…")."""
    elided = slugify(name.replace("’", "").replace("'", ""))
    key = _key(name)
    return (key,) if elided == key else (key, elided)


@cache
def all_codes() -> tuple[Code, ...]:
    rows = table_rows("codes.tsv")
    return tuple(
        Code(
            name=r["name"],
            slug=slugify(r["name"]),
            legitexts=tuple(i for i in (r["legitext"] or "").split("|") if i),
            abbreviations=tuple(a for a in (r["abbreviations"] or "").split("|") if a),
            aliases=tuple(a for a in (r["aliases"] or "").split("|") if a),
            folders=tuple(a for a in (r.get("folders") or "").split("|") if a),
            numbers=r.get("numbers") or "",
            dash=r.get("dash") or "",
        )
        for r in rows
    )


@cache
def _index() -> dict[str, Code]:
    index: dict[str, Code] = {}
    for code in all_codes():
        for name in (code.name, code.slug, *code.aliases, *code.abbreviations):
            for key in _keys(name):
                index.setdefault(key, code)
        for legitext in code.legitexts:
            index[legitext.lower()] = code
    for code in all_codes():  # after every name: "Code Minier" names the old code only as a folder
        for name in code.folders:
            for key in _keys(name):
                index.setdefault(key, code)
    return index


@cache
def _folder_index() -> dict[str, Code]:
    """Keys of folder names, then of names, slugs and aliases (not abbreviations: a folder called "cp" is
    not the Code pénal), then LEGITEXT ids."""
    index: dict[str, Code] = {}
    for code in all_codes():
        for name in code.folders:
            for key in _keys(name):
                index.setdefault(key, code)
    for code in all_codes():
        for name in (code.name, code.slug, *code.aliases):
            for key in _keys(name):
                index.setdefault(key, code)
        for legitext in code.legitexts:
            index.setdefault(legitext.lower(), code)
    return index


def find_code_folder(folder: str) -> Code | None:
    """The code a folder is named after ("Code Général Des Impôts, Cgi", "code-de-la-legion-dhonneur-…"),
    or None; the name must be the code's whole name, see parser.hierarchy.code_of_folder for prefixes."""
    return _folder_index().get(slugify(folder.replace("’", "'")))


def find_code(name_or_slug: str) -> Code | None:
    """A code by full name, slug, alias, usual abbreviation or LEGITEXT id; None when unknown."""
    key = name_or_slug.strip().rstrip(".").strip()
    if not key:
        return None
    return _index().get(key.lower()) or _index().get(_key(key))


# Words that tell no code from another: what is left of a name without them is what a loose lookup compares.
_FILLERS = frozenset({"code", "de", "la", "le", "les", "l", "des", "du", "d", "et", "a", "au", "aux", "en"})


def _words(name: str) -> frozenset[str]:
    """The words of a code's name, lowercase and without accents, a plural's final s or x dropped, the
    "(nouveau)" of a table name too (texts never write it)."""
    words = slugify(re.sub(r"\s*\(.*?\)", "", name)).split("-")
    return frozenset(w[:-1] if len(w) > 4 and w[-1] in "sx" else w for w in words if w not in _FILLERS)


@cache
def _word_index() -> tuple[tuple[frozenset[str], Code], ...]:
    return tuple((_words(name), code) for code in all_codes() for name in (code.name, *code.aliases))


def find_code_loosely(name: str, fewest: int = 1) -> Code | None:
    """The code a name written loosely means: "code des procédures civile d'exécution", "code de la
    construction et l'habitation", "code des sports", "code de la voirie". The one code whose name has the
    same words, or else the one whose name holds them all (when the name has at least `fewest` words);
    None when no code or several do ("code général", "code des pensions"), or the name is no more than
    "code"."""
    words = _words(name)
    if not words:
        return None
    for fits in (words.__eq__, words.__le__) if len(words) >= fewest else (words.__eq__,):
        found = {code.slug: code for code_words, code in _word_index() if fits(code_words)}
        if found:
            return next(iter(found.values())) if len(found) == 1 else None
    return None


def code_slug(name_or_slug: str) -> str:
    """The slug of a known code, or the slug of the given name for a code the table does not know."""
    code = find_code(name_or_slug)
    return code.slug if code else slugify(name_or_slug)
