"""Which format a file is in: one cheap test per format, tried from the most to the least specific."""

from __future__ import annotations

import re

from lextrack.errors import ParseError
from lextrack.parser.formats.plain import text_lines
from lextrack.parser.formats.setext import UNDERLINE
from lextrack.parser.links import LIENS_TITLE

FORMATS = ("markdown-html", "wrapped-text", "setext", "tricoteuses", "legi-xml")

_XML_START = re.compile(r"^\s*<(?:\?xml|!DOCTYPE|!ENTITY|ARTICLE\b)", re.IGNORECASE)
_FRONT = re.compile(r"^\s*---[ \t]*\r?\n")
_H1 = re.compile(r"^\s*(?:<!--.*?-->\s*)*<h1\b", re.IGNORECASE | re.DOTALL)
_ATX = re.compile(r"^#\s+\S")
_HTML_TAG = re.compile(r"</?(?:p|br|a|table|tr|td|div|i|b|em|strong|sup|font|pre|span|ul|li)\b[^>]*>", re.I)


def _is_wrapped(body: list[str]) -> bool:
    """Some paragraph runs over several lines, each cut near one width: the text was hard-wrapped.

    etalab's files sometimes break a sentence at arbitrary places with no width; they stay Markdown.
    """
    wrapped = False
    run: list[str] = []
    for line in [*body, ""]:
        if line.strip():
            run.append(line)
            continue
        if len(run) > 1:
            if not all(50 <= len(x.rstrip()) <= 130 for x in run[:-1]):
                return False
            wrapped = True
        run = []
    return wrapped


def detect(text: str, path: str = "<input>") -> str:
    head = text[:4096]
    if _XML_START.match(head):
        return "legi-xml"
    if _FRONT.match(head) or _H1.match(head):
        return "tricoteuses"
    lines = text_lines(text)
    first = next((i for i, line in enumerate(lines[:200]) if line.strip()), None)
    if first is None:
        raise ParseError("empty file", path)
    if _ATX.match(lines[first].strip()):
        body = lines[first + 1 :]
        if "<" in text and _HTML_TAG.search("\n".join(body)):
            return "markdown-html"  # its reader also reads a "Liens relatifs" block
        if any(LIENS_TITLE.match(line) for line in body) or _is_wrapped(body):
            return "wrapped-text"
        return "markdown-html"
    if first + 1 < len(lines) and UNDERLINE.match(lines[first + 1]):
        return "setext"
    raise ParseError(
        "unknown format: expected '# Article …', 'Article …' underlined with '----', front matter '---' or "
        "LEGI XML <ARTICLE>; pass --format to force one of " + ", ".join(FORMATS),
        path,
        first + 1,
    )
