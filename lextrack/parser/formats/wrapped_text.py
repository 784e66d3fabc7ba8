"""`# Article X` followed by text hard-wrapped at ~120 columns and a "Liens relatifs à cet article" block."""

from __future__ import annotations

from lextrack.parser.draft import Draft
from lextrack.parser.formats.plain import atx_title, plain_blocks, text_lines
from lextrack.parser.links import split_liens

NAME = "wrapped-text"


def read(text: str, path: str) -> Draft:
    lines = text_lines(text)
    i, title, num = atx_title(lines, path)
    body = lines[i + 1 :]
    body, links = split_liens(body)
    blocks, nota = plain_blocks(body)
    return Draft(num_label=num, title=title, title_line=i + 1, blocks=blocks, links=links, nota=nota)
