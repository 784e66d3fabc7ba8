"""The table of French codes: one place knows each code's name, slug, abbreviations and LEGITEXT id."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Code:
    name: str
    slug: str
    legitext: str | None
    abbreviations: tuple[str, ...]
    aliases: tuple[str, ...]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """Lowercase ASCII, accents stripped, every run of other characters one '-'."""
    ascii_text = strip_accents(text).lower().replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _key(name: str) -> str:
    """Lookup key that ignores case, accents, apostrophe style and spacing."""
    return slugify(name.replace("’", "'"))


@cache
def all_codes() -> tuple[Code, ...]:
    table = resources.files("lextrack").joinpath("data/codes.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(table.splitlines(), delimiter="\t")
    return tuple(
        Code(
            name=r["name"],
            slug=slugify(r["name"]),
            legitext=r["legitext"] or None,
            abbreviations=tuple(a for a in (r["abbreviations"] or "").split("|") if a),
            aliases=tuple(a for a in (r["aliases"] or "").split("|") if a),
        )
        for r in rows
    )


@cache
def _index() -> dict[str, Code]:
    index: dict[str, Code] = {}
    for code in all_codes():
        for name in (code.name, code.slug, *code.aliases, *code.abbreviations):
            index.setdefault(_key(name), code)
        if code.legitext:
            index[code.legitext.lower()] = code
    return index


def find_code(name_or_slug: str) -> Code | None:
    """A code by full name, slug, alias, usual abbreviation or LEGITEXT id; None when unknown."""
    key = name_or_slug.strip().rstrip(".").strip()
    if not key:
        return None
    return _index().get(key.lower()) or _index().get(_key(key))


def code_slug(name_or_slug: str) -> str:
    """The slug of a known code, or the slug of the given name for a code the table does not know."""
    code = find_code(name_or_slug)
    return code.slug if code else slugify(name_or_slug)
