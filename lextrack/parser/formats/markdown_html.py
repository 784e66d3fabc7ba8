"""`# Article X` followed by an HTML (or plain Markdown) body: etalab's codes and three seeds."""

from __future__ import annotations

from lextrack.parser.draft import Draft
from lextrack.parser.formats.plain import atx_title, text_lines
from lextrack.parser.htmlbody import read_body
from lextrack.parser.links import split_liens

NAME = "markdown-html"


def read(text: str, path: str) -> Draft:
    lines = text_lines(text)
    i, title, num = atx_title(lines, path)
    body_lines = lines[i + 1 :]
    body_lines, links = split_liens(body_lines)
    body = "\n".join(body_lines)
    # a "Liens relatifs" block ends the file: the body runs to the end only without one
    blocks, anchors, nota, damage = read_body(
        body, path=path, first_line=i + 2, markdown=True, at_end=not links
    )
    return Draft(
        num_label=num,
        title=title,
        title_line=i + 1,
        blocks=blocks,
        anchors=anchors,
        links=links,
        nota=nota,
        html=body.strip() or None,
        damage=damage,
    )
