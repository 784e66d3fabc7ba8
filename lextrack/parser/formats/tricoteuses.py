"""Tricoteuses' Markdown: front matter (État, dates, LEGIARTI id), `<h1>Article X</h1>`, a `<br />` body
and a `<details>` "Références" block with the article's LEGI links."""

from __future__ import annotations

import re

from lextrack.dates import iso_or_none
from lextrack.errors import ParseError
from lextrack.parser.draft import Draft
from lextrack.parser.formats.plain import article_heading
from lextrack.parser.htmlbody import read_body
from lextrack.parser.links import parse_tricoteuses_refs

NAME = "tricoteuses"
FRONT = re.compile(r"^\s*---[ \t]*\r?\n(?P<fm>.*?)\r?\n---[ \t]*(?:\r?\n|$)", re.S)
_FRONT_OPEN = re.compile(r"^\s*---[ \t]*\r?\n")
_FIELD = re.compile(r"^(?P<k>[^:\n]+?)\s*:\s*(?P<v>.*?)\s*$")
_H1 = re.compile(r"<h1>(?P<t>.*?)</h1>", re.S | re.I)
_DETAILS = re.compile(r"<details\b", re.I)
_TAGS = re.compile(r"<[^>]*>")


def front_matter(text: str, path: str) -> tuple[dict[str, str], int]:
    """Fields of the front matter (keys lower-cased, accents kept) and the offset where the body starts."""
    m = FRONT.match(text)
    if not m:
        if _FRONT_OPEN.match(text):
            raise ParseError("front matter not closed with '---'", path, 1)
        return {}, 0  # an HTML page with just <h1>Article …</h1>
    fields: dict[str, str] = {}
    for line in m.group("fm").splitlines():
        f = _FIELD.match(line)
        if f:
            fields[f.group("k").strip().lower()] = f.group("v").strip().strip("'\"")
    return fields, m.end()


def read(text: str, path: str) -> Draft:
    fields, offset = front_matter(text, path)
    rest = text[offset:]
    h1 = _H1.search(rest)
    if not h1:
        raise ParseError(
            "no article title (expected '<h1>Article …</h1>')", path, text.count("\n", 0, offset) + 1
        )
    title_line = text.count("\n", 0, offset + h1.start()) + 1
    title = " ".join(_TAGS.sub("", h1.group("t")).split())
    num = article_heading(title, path, title_line)
    after = rest[h1.end() :]
    d = _DETAILS.search(after)
    body, details = (after[: d.start()], after[d.start() :]) if d else (after, "")
    blocks, anchors, nota, damage = read_body(
        body, path=path, first_line=title_line, markdown=True, at_end=not details
    )
    end = fields.get("date de fin")
    code_names = [fields[k] for k in ("code", "texte", "titre du texte") if fields.get(k)]
    return Draft(
        num_label=num,
        title=title,
        title_line=title_line,
        blocks=blocks,
        anchors=anchors,
        links=parse_tricoteuses_refs(details) if details else [],
        nota=nota,
        code_names=code_names,
        state=fields.get("état") or fields.get("etat") or None,
        start=iso_or_none(fields.get("date de début") or fields.get("date de debut")),
        end=iso_or_none(end),
        legi_id=fields.get("identifiant") or None,
        old_id=fields.get("ancien identifiant") or None,
        html=body.strip() or None,
        damage=damage,
    )
