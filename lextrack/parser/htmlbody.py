"""HTML (or Markdown with raw HTML) article bodies -> alinéas, tables and anchors.

One streaming pass with the standard library's tokenizer: it is lenient like browsers, fast enough for
thousands of files, and lets us keep the exact offset of every anchor in the whitespace-normalised
alinéa it ends up in (the citation layer relies on those spans).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import NamedTuple

from lextrack.errors import ParseError
from lextrack.parser.draft import Anchor, Block, Row
from lextrack.parser.formats.plain import squash_spaces

# Tags that end an alinéa. Inline tags (i, b, sup, font, span…) only contribute their text.
_BREAKS = frozenset(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote center hr section article header footer".split()
)
_SKIP = frozenset({"script", "style", "head", "title"})
_CELL = frozenset({"td", "th"})
_BOX = re.compile(r"[│┃║|┆┊]")
_BOX_RULE = re.compile(r"^[\s─━═┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬+\-=|│┃║]+$")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_NOTA = re.compile(r"^\s*NOTA\s*:", re.IGNORECASE)
_UNTERMINATED = re.compile(r"<[A-Za-z/][^>]*$")
_CUT_TAG = re.compile(r"<[A-Za-z/!][^>]*\Z")  # a tag the end of the file cuts: "<a href='/code-de"


class Body(NamedTuple):
    blocks: list[Block]
    anchors: list[Anchor]
    nota: str | None
    damage: list[str]  # why only part of the body could be read (a file cut off inside a tag or a table)


class _Text:
    """A string built word by word with runs of whitespace collapsed to one space.

    Anchors open at the next word written, so a span never starts or ends on a space.
    """

    __slots__ = ("parts", "length", "pending_space")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending_space = False

    def add(self, data: str, on_word=None) -> None:
        words = data.split()
        if not words:
            if data:
                self.pending_space = True
            return
        if (self.pending_space or data[0].isspace()) and self.length:
            self.parts.append(" ")
            self.length += 1
        if on_word is not None:
            on_word(self.length)
        joined = " ".join(words)  # the whole run at once: word by word was a fifth of parse time
        self.parts.append(joined)
        self.length += len(joined)
        self.pending_space = data[-1].isspace()

    def value(self) -> str:
        return "".join(self.parts)


class _BodyParser(HTMLParser):
    def __init__(self, *, markdown: bool, path: str, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.markdown = markdown
        self.path = path
        self.first_line = first_line
        self.blocks: list[Block] = []
        self.anchors: list[Anchor] = []
        self.nota_blocks: list[str] = []
        self.in_nota = False
        self.cur = _Text()
        self.cur_anchors: list[list] = []  # [start|None, end|None, href, title, text parts]
        self.open_anchor: list | None = None
        self.skip = 0
        # tables
        self.table_depth = 0
        self.table_line = 0
        self.rows: list[Row] = []
        self.row: list[str] | None = None
        self.cell: _Text | None = None
        # pre
        self.pre: list[str] | None = None

    # -- alinéas ---------------------------------------------------------------------------------
    def flush(self) -> None:
        text = self.cur.value()
        anchors = self.cur_anchors
        self.cur = _Text()
        self.cur_anchors = []
        if self.open_anchor is not None:
            # an anchor spanning an alinéa break keeps only its first part
            self.open_anchor = None
        if not text:
            return
        if not self.in_nota and _NOTA.match(text):
            self.in_nota = True
            text = _NOTA.sub("", text, count=1).strip()
        if self.in_nota:
            if text:
                self.nota_blocks.append(text)
            return
        index = len(self.blocks)
        self.blocks.append(text)
        for start, end, href, title, _parts in anchors:
            if start is None:
                continue
            end = len(text) if end is None else min(end, len(text))
            if end > start:
                self.anchors.append(Anchor(index, start, end, href, title, text[start:end]))

    def _set_anchor_start(self, pos: int) -> None:
        if self.open_anchor is not None and self.open_anchor[0] is None:
            self.open_anchor[0] = pos

    # -- tokenizer callbacks -----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.pre is not None:
            if tag == "br":
                self.pre.append("\n")
            return
        if tag == "table":
            if self.table_depth == 0:
                self.flush()
                self.rows = []
                self.row = None
                self.cell = None
                self.table_line = self.getpos()[0]
            self.table_depth += 1
            return
        if self.table_depth:
            if self.table_depth == 1 and tag == "tr":
                self._end_row()
                self.row = []
            elif self.table_depth == 1 and tag in _CELL:
                self._end_cell()
                if self.row is None:
                    self.row = []
                self.cell = _Text()
            elif tag in _BREAKS and self.cell is not None:
                self.cell.pending_space = True
            return
        if tag == "pre":
            self.flush()
            self.pre = []
            return
        if tag == "a":
            a = dict(attrs)
            self.open_anchor = [None, None, a.get("href"), a.get("title"), []]
            self.cur_anchors.append(self.open_anchor)
            return
        if tag in _BREAKS:
            self.flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "a":
            return  # <a/> holds no text
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.pre is not None:
            if tag == "pre":
                lines = "".join(self.pre)
                self.pre = None
                self._emit_pre(lines)
            return
        if tag == "table":
            if self.table_depth == 0:
                raise ParseError("broken HTML: </table> without <table>", self.path, self._line())
            self.table_depth -= 1
            if self.table_depth == 0:
                self._end_row()
                rows = tuple(r for r in self.rows if any(r))
                self.rows = []
                if rows:
                    width = max(len(r) for r in rows)
                    rows = tuple(r + ("",) * (width - len(r)) for r in rows)
                    if self.in_nota:
                        self.nota_blocks.extend("\t".join(r) for r in rows)
                    else:
                        self.blocks.append(rows)
            return
        if self.table_depth:
            if self.table_depth == 1 and tag in _CELL:
                self._end_cell()
            elif self.table_depth == 1 and tag == "tr":
                self._end_row()
            elif tag in _BREAKS and self.cell is not None:
                self.cell.pending_space = True
            return
        if tag in ("tr", "td", "th"):
            raise ParseError(f"broken HTML: </{tag}> outside a table", self.path, self._line())
        if tag == "a":
            if self.open_anchor is not None:
                self.open_anchor[1] = self.cur.length
                self.open_anchor = None
            return
        if tag in _BREAKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        if self.table_depth:
            if self.cell is None:
                if not data.strip():
                    return
                if self.row is None:
                    self.row = []
                self.cell = _Text()
            self.cell.add(data)
            return
        if self.markdown and "\n" in data and _BLANK_LINE.search(data):
            pieces = _BLANK_LINE.split(data)
            for i, piece in enumerate(pieces):
                if i:
                    self.flush()
                self.cur.add(piece, self._set_anchor_start if self.open_anchor else None)
            return
        self.cur.add(data, self._set_anchor_start if self.open_anchor else None)

    # -- helpers ---------------------------------------------------------------------------------
    def _end_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row = []
            self.row.append(self.cell.value())
            self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.rows.append(tuple(self.row))
            self.row = None

    def _emit_pre(self, raw: str) -> None:
        lines = [ln for ln in raw.splitlines() if ln.strip()]
        if lines and sum(1 for ln in lines if _BOX.search(ln)) >= max(1, len(lines) // 2):
            rows: list[Row] = []
            for ln in lines:
                if _BOX_RULE.match(ln):
                    continue
                cells = tuple(" ".join(c.split()) for c in _BOX.split(ln.strip().strip("│┃║|")))
                if any(cells):
                    rows.append(cells)
            if rows:
                width = max(len(r) for r in rows)
                self.blocks.append(tuple(r + ("",) * (width - len(r)) for r in rows))
            return
        for ln in lines:
            self.cur.add(ln)
            self.flush()

    def _line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def finish(self, at_end: bool = False) -> list[str]:
        """Close the body; at the end of a file cut short (at_end), an open table or <pre> is kept as far as
        it goes and said so, instead of refused."""
        rest = self.rawdata
        self.close()
        damage: list[str] = []
        if _UNTERMINATED.search(rest or ""):
            raise ParseError("broken HTML: a tag is never closed with '>'", self.path, self._line())
        if self.table_depth:
            opened = self.first_line + self.table_line - 1
            if not at_end:
                raise ParseError("broken HTML: <table> is never closed", self.path, opened)
            damage.append(f"the file ends inside a <table> (line {opened}): its rows are read up to the end")
            self.table_depth = 1
            self.handle_endtag("table")
        if self.pre is not None:
            if not at_end:
                raise ParseError("broken HTML: <pre> is never closed", self.path, self._line())
            damage.append("the file ends inside a <pre>: read up to the end")
            self.handle_endtag("pre")
        self.flush()
        return damage


def read_body(
    body: str, *, path: str, first_line: int = 1, markdown: bool = True, at_end: bool = False
) -> Body:
    """Blocks, anchors and NOTA of an HTML or Markdown+HTML body.

    `at_end`: the body runs to the end of its file, so a tag, table or <pre> left open there is where a
    truncated file was cut: what comes before it is read, and Body.damage says what was lost. Elsewhere
    (a LEGI XML CONTENU, whole by construction) the same faults are refused.
    """
    if "<" not in body:
        blocks, nota_blocks = _text_body(html.unescape(body), markdown)
        return Body(blocks, [], "\n\n".join(nota_blocks) or None, [])
    damage: list[str] = []
    if at_end:
        cut = _CUT_TAG.search(body, body.rfind(">") + 1)  # after the last ">": linear, whatever the body
        if cut:
            line = first_line + body.count("\n", 0, cut.start())
            damage.append(f"the file ends inside a tag (line {line}: {cut.group()[:40]!r}): read up to it")
            body = body[: cut.start()]
    parser = _BodyParser(markdown=markdown, path=path, first_line=first_line)
    try:
        parser.feed(body)
        damage += parser.finish(at_end)
    except ParseError:
        raise
    except (AssertionError, ValueError, IndexError) as exc:  # the tokenizer's own complaints
        raise ParseError(f"broken HTML: {exc}", path, parser._line()) from None
    nota = "\n\n".join(parser.nota_blocks) or None
    return Body(parser.blocks, parser.anchors, nota, damage)


def _text_body(data: str, markdown: bool) -> tuple[list[Block], list[str]]:
    """Alinéas and NOTA of a body with no markup (most etalab bodies), as _BodyParser gives them.

    The tokenizer would hand such a body over, unescaped, as one run of text and find nothing to
    complain about; this is _BodyParser.handle_data then flush for that one run, without the parser
    (a third of this module's time went to building it and to _Text).
    """
    blocks: list[Block] = []
    nota: list[str] = []
    pieces = _BLANK_LINE.split(data) if markdown and "\n" in data else (data,)
    for piece in pieces:
        text = squash_spaces(piece)
        if not text:
            continue
        if not nota and text[0] in "nN" and _NOTA.match(text):  # text is stripped: "NOTA" opens it
            nota.append(_NOTA.sub("", text, count=1).strip())
        elif nota:
            nota.append(text)
        else:
            blocks.append(text)
    return blocks, [t for t in nota if t]
