"""The one door from the store to the parser: bytes + path -> Article.

The store never reads an article format itself, except its own files (front matter written by
gitrepo.render), which it reads back exactly.
"""

from __future__ import annotations

import json
import re

from lextrack.codes import slugify
from lextrack.errors import ParseError
from lextrack.model import Article
from lextrack.parser import parse_bytes, parse_text

_ARTICLE_NAME = re.compile(r"^article[ _-]", re.IGNORECASE)
_STORE_NAME = re.compile(r"^(?:[A-Z]{1,3}\*?)?\d[\w* -]*\.md$")  # this store's own files: L227-1.md
_STORE_HEAD = b"---\nid: "
ARTICLE_SUFFIXES = (".md", ".txt", ".xml", ".markdown")


def is_article_path(path: str) -> bool:
    """A file that holds one article (not a section README, not a listing)."""
    name = path.rsplit("/", 1)[-1]  # not PurePosixPath: called for every line of a history's log
    if _STORE_NAME.match(name):
        return True
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
    return bool(_ARTICLE_NAME.match(name)) and suffix in ARTICLE_SUFFIXES


def read_article(data: bytes, path: str, code: str | None = None, hint: str | None = None) -> Article:
    """A blob of a git history: `path` names a file in that history, not on this disk. `hint`: the code of
    the history (its repository's name), for a file whose folders name none."""
    if data.startswith(_STORE_HEAD):
        return read_store_file(data, path)
    return parse_text(data, path=path, code=code, hint=hint)


def read_file(data: bytes, path: str, code: str | None = None) -> Article:
    """A file on disk: the READMEs beside it give its code and section titles, as `lextrack parse` has it.
    `code`: the code of a file that names none (`--code`)."""
    if data.startswith(_STORE_HEAD):
        return read_store_file(data, path)
    return parse_bytes(data, path, code=code)


def read_store_file(data: bytes, path: str) -> Article:
    """A file this store wrote (gitrepo.render): front matter, `# Article NUM`, the text as stored."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text (byte {exc.start})", path) from None
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise ParseError("front matter without its closing ---", path)
    meta = dict(
        line.split(": ", 1) for line in head.splitlines() if ": " in line and not line.startswith(" ")
    )
    code, _, num = meta.get("id", "").partition("/")
    if not code or not num:
        raise ParseError("front matter without an id CODE/NUM", path)
    # the id becomes a path in the git view: only what render() itself writes is taken back
    if slugify(code) != code or _safe_num(num, path) != num:
        raise ParseError(f"front matter id {meta['id'][:80]!r} is not a CODE-SLUG/NUM", path)
    levels = []
    for line in head.splitlines():
        if line.startswith("  - "):
            try:
                level, _, title = str(json.loads(line[4:])).partition(": ")
            except ValueError:
                raise ParseError(f"hierarchy line {line[:60]!r} is not a JSON string", path) from None
            levels.append((level, title))
    body = body.lstrip("\n")
    title, _, rest = body.partition("\n\n")
    if not title.startswith("# Article "):
        raise ParseError("no '# Article' title after the front matter", path)
    return Article(
        code=code,
        num=num,
        text=rest.rstrip("\n"),
        hierarchy=tuple(levels),
        source=path,
        title=title[2:],
        format="lextrack-store",
        state=meta.get("state") or None,
        start=meta.get("start") or None,
        end=meta.get("end", "").strip() or None,
        damaged=_json_string(meta.get("damaged"), path),
    )
def _json_string(value: str | None, path: str) -> str | None:
    if value is None:
        return None
    try:
        got = json.loads(value)
    except ValueError:
        raise ParseError(f"front matter value {value[:60]!r} is not a JSON string", path) from None
    return str(got) if got else None


def _safe_num(num: str, path: str) -> str:
    """The parser's spelling of a number (ParseError for '..', separators, control characters)."""
    from lextrack.nums import normalise_num

    return normalise_num(num, path)
