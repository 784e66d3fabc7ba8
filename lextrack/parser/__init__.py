"""Article files in any of the five real formats -> Article.

    from lextrack.parser import parse_file, parse_text, iter_article_files, parse_paths, FORMATS, ParseReport

Every failure on bad input is a lextrack.errors.ParseError naming the file (and the line when known). A file
cut short (in the middle of a UTF-8 character or of a tag, as a few of etalab's are) is not a failure: what
comes before the cut is read and Article.damaged says what was lost. What the parser had to guess (a code
the table does not know, or none at all) is in Article.warnings.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from lextrack.codes import find_code
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


def _decode(data: bytes, path: str, damage: list[str]) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if exc.reason != "unexpected end of data" or exc.end != len(data):
            raise ParseError(
                f"not UTF-8 text: undecodable byte 0x{data[exc.start]:02x} at offset {exc.start}", path, line
            ) from None
        # the last character is incomplete: the file was cut in the middle of it
        text = data[: exc.start].decode("utf-8")
        damage.append(
            f"cut off in the middle of a UTF-8 character (line {line}, byte {exc.start} of {len(data)}): "
            "read up to it"
        )
    return text.removeprefix("\ufeff")


def _cut_replacement(text: str, damage: list[str]) -> str:
    """A file that ends with U+FFFD was cut in the middle of a character by whatever wrote it (etalab: "…
    aux élections compl" and U+FFFD, then the end of the file): read up to it."""
    end = text.rstrip()
    if not end.endswith("\ufffd"):
        return text
    kept = end.rstrip("\ufffd")
    damage.append(
        f"cut off in the middle of a character (line {kept.count(chr(10)) + 1}: the file ends with U+FFFD): "
        "read up to it"
    )
    return kept


def parse_text(
    text: str | bytes,
    *,
    path: str = "<input>",
    format: str | None = None,
    code: str | None = None,
    hint: str | None = None,
) -> Article:
    """One article from the text (or bytes) of one file; `path` names it in errors and gives code/sections.

    The path is taken as one in a history (a git tree): never looked up on disk, and its top folder names
    the code when nothing else does. `hint`: a code (the history's, by its repository's name) for a file
    whose folders name none: weaker than what the file and its folders say, unlike `code`."""
    known = find_code(hint) if hint else None
    return _parse_text(text, path=str(path), format=format, code=code, hint=known, history=True)


def _parse_text(
    text: str | bytes, *, path: str, format: str | None, code: str | None, hint=None, history: bool = False
) -> Article:
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
    damage: list[str] = []
    if isinstance(text, bytes):
        text = _decode(text, path, damage)
    elif text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise ParseError("empty file", path)
    nul = text.find("\x00")
    if nul >= 0:
        raise ParseError("binary data (NUL byte) in a text file", path, text.count("\n", 0, nul) + 1)
    fmt = format or detect(text, path)
    if fmt == "legi-xml":  # lxml reads the bytes (their declared encoding); a cut XML file is malformed
        draft = _reader(fmt)(raw if isinstance(raw, bytes) else text, path)
    else:
        if "\ufffd" in text[-16:]:
            text = _cut_replacement(text, damage)
        draft = _reader(fmt)(text, path)
    if damage:
        draft.damage[:0] = damage
    return _assemble()(draft, path=path, fmt=fmt, code=code, hint=hint, history=history)


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
