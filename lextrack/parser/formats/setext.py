"""`Article X` underlined with dashes, text wrapped at 80 columns, HTML entities left in (steeve's codes)."""

from __future__ import annotations

import re

from lextrack.errors import ParseError
from lextrack.parser.draft import Draft
from lextrack.parser.formats.plain import article_heading, first_line, plain_blocks, squash_spaces, text_lines
from lextrack.parser.links import split_liens

NAME = "setext"
UNDERLINE = re.compile(r"^\s*(?:-{2,}|={2,})\s*$")


def read(text: str, path: str) -> Draft:
    lines = text_lines(text)
    i = first_line(lines)
    if i is None:
        raise ParseError("empty file", path)
    if i + 1 >= len(lines) or not UNDERLINE.match(lines[i + 1]):
        raise ParseError("no article title (expected 'Article …' underlined with '----')", path, i + 1)
    title = squash_spaces(lines[i])
    num = article_heading(title, path, i + 1)
    body = lines[i + 2 :]
    body, links = split_liens(body)
    blocks, nota = plain_blocks(body)
    return Draft(num_label=num, title=title, title_line=i + 1, blocks=blocks, links=links, nota=nota)
