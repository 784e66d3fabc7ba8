"""Article files in any of the five real formats -> Article.

    from lextrack.parser import parse_file, parse_text, iter_article_files, parse_paths, FORMATS, ParseReport

Every failure on bad input is a lextrack.errors.ParseError naming the file (and the line when known).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from lextrack.errors import ParseError
from lextrack.model import Article
from lextrack.parser.detect import FORMATS, detect
from lextrack.parser.hierarchy import code_from_path, readme_code, with_readme_titles
from lextrack.parser.walk import ParseReport, iter_article_files, parse_paths

MAX_BYTES = 5 * 1024 * 1024

__all__ = [
    "FORMATS", "ParseReport", "iter_article_files", "parse_bytes", "parse_file", "parse_paths", "parse_text",
]  # fmt: skip


def _reader(fmt: str):
    return _readers()[fmt]


@cache
def _assemble():
    """Imported on first use (the CLI starts faster), once: importing per file cost 2% of parse time."""
    from lextrack.parser.assemble import assemble

    return assemble


@cache
def _readers() -> dict:
    """Imported on first use (lxml for legi-xml), once: importing per file cost 4% of parse time."""
    from lextrack.parser.formats import legi_xml, markdown_html, setext, tricoteuses, wrapped_text

    return {
        "markdown-html": markdown_html.read,
        "wrapped-text": wrapped_text.read,
        "setext": setext.read,
        "tricoteuses": tricoteuses.read,
        "legi-xml": legi_xml.read,
    }


def _decode(data: bytes, path: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(
            f"not UTF-8 text: undecodable byte 0x{data[exc.start]:02x} at offset {exc.start}", path, line
        ) from None
    return text.removeprefix("\ufeff")


def parse_text(
    text: str | bytes, *, path: str = "<input>", format: str | None = None, code: str | None = None
) -> Article:
    """One article from the text (or bytes) of one file; `path` names it in errors and gives code/sections."""
    return _parse_text(text, path=str(path), format=format, code=code)


def _parse_text(text: str | bytes, *, path: str, format: str | None, code: str | None, hint=None) -> Article:
    if format is not None and format not in FORMATS:
        raise ParseError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})", path)
    if isinstance(text, str):
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError:
            raise ParseError("invalid Unicode (lone surrogate) in the text", path) from None
    else:
        size = len(text)
    if size > MAX_BYTES:
        raise ParseError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB ({size} bytes)", path)
    raw = text
    if isinstance(text, bytes):
        text = _decode(text, path)
    elif text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise ParseError("empty file", path)
    nul = text.find("\x00")
    if nul >= 0:
        raise ParseError("binary data (NUL byte) in a text file", path, text.count("\n", 0, nul) + 1)
    fmt = format or detect(text, path)
    if fmt == "legi-xml":
        draft = _reader(fmt)(raw if isinstance(raw, bytes) else text, path)
    else:
        draft = _reader(fmt)(text, path)
    return _assemble()(draft, path=path, fmt=fmt, code=code, hint=hint)


def parse_file(path: str | Path, *, format: str | None = None, code: str | None = None) -> Article:
    """Read one file (5 MB at most) and parse it; the section READMEs beside it name its sections."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB ({size} bytes)", str(p))
        if not p.is_file():
            raise ParseError("not a regular file", str(p))
        data = p.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}", str(p)) from None
    return parse_bytes(data, p, format=format, code=code)


def parse_bytes(
    data: bytes, path: str | Path, *, format: str | None = None, code: str | None = None
) -> Article:
    """Parse the bytes of a file that lies at `path` on disk: the section READMEs beside it count.

    parse_text never looks at the disk (a path from a git history may name nothing here); this does, so
    every reader of files on disk (parse, ingest) gets the same code and section titles.
    """
    p = str(path)
    hint = None if code or code_from_path(p) else readme_code(p)
    article = _parse_text(data, path=p, format=format, code=code, hint=hint)
    if article.format != "legi-xml":
        titled = with_readme_titles(p, list(article.hierarchy))
        if tuple(titled) != article.hierarchy:
            article = replace(article, hierarchy=tuple(titled))
    return article
