"""Hard-wrapped plain text: paragraphs are separated by blank lines, lines inside are re-joined."""

from __future__ import annotations

import html
import re

from lextrack.errors import ParseError
from lextrack.parser.draft import Block

_NOTA = re.compile(r"^\s*NOTA\s*:", re.IGNORECASE)


_last_split: tuple[str, list[str]] = ("", [])


def text_lines(text: str) -> list[str]:
    """`text.splitlines()`, split once for detect and then the reader of the same text; do not modify it.

    detect and the reader each split the whole file; the last text split is kept (one entry, by
    identity), so the second split of a parse is free.
    """
    global _last_split
    last = _last_split
    if last[0] is text:
        return last[1]
    lines = text.splitlines()
    _last_split = (text, lines)
    return lines


def squash_spaces(text: str) -> str:
    """`" ".join(text.split())`, without splitting text that is already so (most of it).

    Splitting makes one string per word: half the time of a reader went there. A stripped text with no
    double space and only printable characters has no whitespace but single ' ' (every other
    whitespace character is unprintable), so splitting and joining would give it back unchanged.
    """
    text = text.strip()
    if "  " not in text and text.isprintable():
        return text
    return " ".join(text.split())


def paragraphs(lines: list[str]) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if line and not line.isspace():
            current.append(line)
        elif current:
            out.append(squash_spaces(" ".join(current)))
            current = []
    if current:
        out.append(squash_spaces(" ".join(current)))
    return out


def plain_blocks(lines: list[str]) -> tuple[list[Block], str | None]:
    """Alinéas (entities decoded, whitespace normalised) and the NOTA that ends the text, if any."""
    blocks: list[Block] = []
    nota: list[str] = []
    for para in paragraphs(lines):
        # a paragraph is already whitespace-normalised: only entities can change it
        text = " ".join(html.unescape(para).split()) if "&" in para else para
        if not text:
            continue
        if nota or (text[0] in "nN" and _NOTA.match(text)):  # text is stripped: "NOTA" opens it
            text = _NOTA.sub("", text, count=1).strip() if not nota else text
            if text:
                nota.append(text)
            elif not nota:
                nota.append("")
            continue
        blocks.append(text)
    nota_text = "\n\n".join(t for t in nota if t) or None
    return blocks, nota_text


_ATX = re.compile(r"^#\s+(?P<title>.*?)\s*#*\s*$")
_ARTICLE = re.compile(r"^(?:article|art\.)\s+(?P<num>\S.*)$", re.IGNORECASE)


def first_line(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if line.strip():
            return i
    return None


def article_heading(title: str, path: str, line: int) -> str:
    """The number part of "Article L227-1", or a ParseError when the heading is not an article's."""
    m = _ARTICLE.match(squash_spaces(title))
    if not m:
        raise ParseError(f"no article title (found {title.strip()[:60]!r}, expected 'Article …')", path, line)
    return m.group("num")


def atx_title(lines: list[str], path: str) -> tuple[int, str, str]:
    """(index of the title line, heading, number) of a "# Article X" file."""
    i = first_line(lines)
    if i is None:
        raise ParseError("empty file", path)
    m = _ATX.match(lines[i].strip())
    if not m:
        raise ParseError("no article title (expected '# Article …' on the first line)", path, i + 1)
    title = squash_spaces(m.group("title"))
    return i, title, article_heading(title, path, i + 1)
