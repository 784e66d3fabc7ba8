"""Alinéas -> clause tree, shared by every format reader.

Every reader ends with the same list of blocks (one whitespace-normalised string per alinéa, or a
table as rows of cells), so the structure of an article is worked out once, here.

Structure (French legislative drafting):

- paragraphes: "I.-", "II. (Paragraphe abrogé)", "III. ―" (Roman numerals); "A.-", "B." and "1.", "2."
  also make paragraphes. The style met first in the article is the outermost ("I.-A.-1." nests A under
  I and 1 under A; an annex that starts with "A." puts its "I." under A). A capital letter counts only
  when it follows "A" in sequence, a Roman numeral only from "I" upwards, so "M. le ministre" or
  "O.D. aphake" stay plain text. "N." opens one before a capital, a lettre ("1. a) Les établissements…"),
  "et"/"à" and a number ("3. et 4. (Abrogés)"), or any word when it follows the "N-1." before it.
- items "1°", "2° bis", "1° A", "3°)": under the innermost open paragraphe.
- lettres "a)", "a bis)", "aa)", "a.": under the open item, else the innermost paragraphe.
- a lettre or an item that ends with ":" may introduce a list of its own against that order: "a) En ce
  qui concerne les données de réservation : / 1° Code repère… / 2° …", "f) … les pièces suivantes : /
  1. …", "6° Les acquisitions … : / 1. Que … / 2. Qu'elles …": a "1°" (after a lettre) or a "1." right
  after it opens a list under it ("a).1°", "6°.1"), which goes on while its labels follow each other; the
  unit's next sibling closes it (_Builder._inverted).
- tirets ("-", "–", "—", "•" at the start): under the innermost open unit; they close nothing.
- unnumbered alinéas close the open item (and its lettres) and belong to the innermost paragraphe,
  or to the article when there is none: an alinéa after a list ends the list. One exception: when
  the same list goes on after it ("1° … / Cette convention nationale détermine… / 2° …"), the list
  was not closed, so what stands between two items of one run belongs to the first item
  ("1°.al.2"). An alinéa after the last item that in fact continues it cannot be told apart, so it
  goes up: R133-2-10 ends "2° … / Les conventions mentionnées à l'alinéa précédent … : / a) b) c)",
  where a)–c) detail 2°, but L241-10 III has the same shape with lettres that detail III.
- a table is one TABLE clause under the innermost open unit (like a tiret, it closes nothing).
- "3° a) L'indemnité…" or "I.-A.-Le…" open two units in one alinéa: the outer clause gets the label
  part ("3°"), the inner one the rest ("a) L'indemnité…"); both carry the same alinéa number.

Pinpoints (the address a citation points to), segments joined by ".":

- a numbered unit: its normalised label: "I", "II bis", "A", "1", "2° bis", "1° A", "a)", "a bis)".
  "I.2° bis.a)" is lettre a) of item 2° bis of paragraphe I.
- a list that starts again in the same parent (L227-1: "Elles précisent : 1°…5°", then "Elles
  déterminent également : 1°, 2°") is a new run: the first run keeps plain labels, run k gets "#k"
  on each of its labels ("I.1°#2", "I.2°#2", and below them "I.1°#2.a)"). A run restarts when a label
  repeats one already used in the current run of the same parent.
- an unnumbered alinéa or a table: "al.N", N counted the way a citation counts ("le deuxième alinéa
  du I"): the parent's own first alinéa is 1 and every alinéa inside the parent counts (items
  included); at the top level N is the alinéa number in the article. "I.al.2", "al.3".
- a tiret: "tiret.N", N = its rank among the tirets of its parent: "I.1°.tiret.2".

pinpoints.py goes the other way, from a citation's pinpoint to clauses.

Pinpoints are unique within an article (tests check it). `Clause.alinea` is the alinéa number in the
whole article (each block is one alinéa, a table too); `Clause.span` indexes into
`article_text(blocks)`, and `text == article_text(blocks)[span[0]:span[1]]` for every clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lextrack.model import Clause, ClauseKind
from lextrack.parser.clause_labels import (
    _ACRONYM_RE,
    _ARABIC_RE,
    _ITEM,
    _ITEM_RE,
    _KINDS,
    _LABEL_WINDOW,
    _LATIN_WORDS,
    _LETTRE,
    _LETTRE_RE,
    _OPENS_UNIT_RE,
    _PARA_RE,
    _SEP,
    _TIRET_RE,
    _UNIT_FIRST,
    _digit_next,
    _ends_label,
    _followed_by_word,
    _is_mark,
    _rank_in,
    _roman,
    _skip_space,
    _suffix,
)

Table = tuple[tuple[str, ...], ...]
Block = str | Table


def article_text(blocks: Sequence[Block]) -> str:
    """The article's plain text: alinéas joined by a blank line, a table as tab-separated rows."""
    return _SEP.join([b if isinstance(b, str) else _render(_rows(b)) for b in blocks])


def build_clauses(blocks: Sequence[Block]) -> tuple[Clause, ...]:
    """Top-level clauses of an article; spans index into `article_text(blocks)`."""
    flat = _flat_clauses(blocks)
    if flat is not None:
        return flat
    builder = _Builder()
    offset = 0
    for index, block in enumerate(blocks):
        if isinstance(block, str):
            builder.add_text(block, index + 1, offset)
            offset += len(block)
        else:
            rows = _rows(block)
            text = _render(rows)
            builder.add_table(rows, text, index + 1, offset)
            offset += len(text)
        offset += len(_SEP)
    return builder.clauses()


def _flat_clauses(blocks: Sequence[Block]) -> tuple[Clause, ...] | None:
    """The clauses of an article whose alinéas open no unit (most articles), or None.

    What _Builder would give, without it: no label and no tiret means every alinéa and table is a
    top-level clause numbered by its alinéa. A block that might open a unit sends the article back to
    _Builder, which decides.
    """
    out: list[Clause] = []
    offset = 0
    for index, block in enumerate(blocks, 1):
        if isinstance(block, str):
            if _may_open_unit(block):
                return None
            end = offset + len(block)
            out.append(
                Clause(
                    ClauseKind.ALINEA,
                    None,
                    block,
                    f"al.{index}",
                    index,
                    (),
                    _is_mark(block, 0),
                    (),
                    (offset, end),
                )
            )
        else:
            rows = _rows(block)
            text = _render(rows)
            end = offset + len(text)
            out.append(
                Clause(ClauseKind.TABLE, None, text, f"al.{index}", index, (), False, rows, (offset, end))
            )
        offset = end + len(_SEP)
    return tuple(out)


def _may_open_unit(block: str) -> bool:
    """Whether the block may open with a label or a tiret; False for most alinéas, mostly without a regex.

    Labels and tirets start with a space, a digit, an ASCII letter or a dash. A capital followed by a
    small letter ("Le", "Pour") opens none: after a capital, a label has a dot, a dash, a bracket or a
    Latin suffix ("Abis.-" at the least).
    """
    first = block[:1]
    if "A" <= first <= "Z":
        second = block[1:2]
        if "a" <= second <= "z" and not block.startswith(_LATIN_WORDS, 1):
            return False
    elif first and not (first in _UNIT_FIRST or first.isspace() or first.isdecimal()):
        return False
    return first.isspace() or _OPENS_UNIT_RE.match(block, 0, _LABEL_WINDOW) is not None


# --- internals -------------------------------------------------------------------------------------


def _rows(block: object) -> Table:
    rows: list[tuple[str, ...]] = []
    try:
        for row in block:  # type: ignore[attr-defined]
            if isinstance(row, str):
                rows.append((row,))
            else:
                try:
                    rows.append(tuple(c if isinstance(c, str) else str(c) for c in row))
                except TypeError:
                    rows.append((str(row),))
    except TypeError:
        rows.append((str(block),))
    return tuple(rows)


def _render(rows: Table) -> str:
    return "\n".join("\t".join(row) for row in rows)


@dataclass(slots=True)
class _Label:
    rank_style: str  # "roman", "capital", "arabic", "item", "lettre"
    label: str  # normalised: "I", "2° bis", "a)"
    value: int  # ordinal, for sequence checks
    start: int  # offset in the block where the label begins
    end: int  # offset just after the label, its separator and the spaces after it


class _Node:
    """A unit while the tree is built (units may still move); frozen into a Clause at the end.

    A plain class with slots: a dataclass with default factories cost a fifth of build_clauses.
    """

    __slots__ = (
        "kind",
        "label",
        "alinea",
        "text",
        "span",
        "rank",
        "abrogated",
        "rows",
        "run",
        "children",
        "runs",
    )

    def __init__(
        self,
        kind: ClauseKind,
        label: str | None,
        alinea: int,
        text: str,
        span: tuple[int, int],
        rank: float,  # -1 for the article itself, 99 for units that contain nothing; lists a unit introduces
        # against the usual order rank half a step below it (_Builder._inverted)
        abrogated: bool = False,
        rows: Table = (),
        run: int = 1,  # numbered units: which run of labels of its parent it belongs to
    ) -> None:
        self.kind = kind
        self.label = label
        self.alinea = alinea
        self.text = text
        self.span = span
        self.rank = rank
        self.abrogated = abrogated
        self.rows = rows
        self.run = run
        self.children: list[_Node] = []
        self.runs: dict[float, tuple[int, set[str]]] = {}  # rank -> (run, labels)

    def freeze(self, pinpoint: str) -> Clause:
        return Clause(
            self.kind,
            self.label,
            self.text,
            pinpoint,
            self.alinea,
            _freeze_children(self, pinpoint) if self.children else (),
            self.abrogated,
            self.rows,
            self.span,
        )


def _freeze_children(node: _Node, pinpoint: str) -> tuple[Clause, ...]:
    """Pinpoints are given here, once the tree is final (alinéas may move into an item)."""
    used: set[str] = set()
    tirets = 0
    out = []
    prefix = f"{pinpoint}." if pinpoint else ""
    first = node.alinea - 1 if node.rank >= 0 else 0  # alinéas count from the parent's own
    for child in node.children:
        if child.kind is ClauseKind.TIRET:
            tirets += 1
            base = f"tiret.{tirets}"
        elif child.label is None:
            base = f"al.{child.alinea - first}"
        else:
            base = child.label if child.run == 1 else f"{child.label}#{child.run}"
        seg, k = base, max(child.run, 1)
        while seg in used:  # cannot happen with the schemes above; keeps the uniqueness promise
            k += 1
            seg = f"{child.label or base}#{k}"
        used.add(seg)
        out.append(child.freeze(prefix + seg))
    return tuple(out)


def _fold_between_items(node: _Node) -> bool:
    """What stands between two items of the same run continues the first item; True if any moved.

    "1° Une convention nationale… / Cette convention nationale détermine… / 2° Des conventions…":
    the list goes on after the alinéa, so the alinéa has not closed it; it is the 1°'s second
    alinéa (and lettres it introduces are the 1°'s lettres).
    """
    kids = node.children
    moved = False
    if len(kids) > 2:  # item, something, item at least
        items = [i for i, c in enumerate(kids) if c.kind is ClauseKind.ITEM]
        for a, b in reversed(list(zip(items, items[1:], strict=False))):
            between = kids[a + 1 : b]
            if between and kids[a].run == kids[b].run and all(c.kind in _CONTINUATION for c in between):
                kids[a].children.extend(between)
                del kids[a + 1 : b]
                moved = True
    for child in kids:
        if child.children and _fold_between_items(child):
            moved = True
    return moved


_CONTINUATION = (ClauseKind.ALINEA, ClauseKind.TABLE, ClauseKind.TIRET, ClauseKind.LETTRE)
# Lists a unit may introduce against the usual order (_Builder._inverted): by the kind of the unit, the style
# and first label of each list. Such a list ranks half a step below its unit: the unit's next sibling closes
# it, and what ranks below that (a lettre under a list an item introduced) goes into it.
_INVERTIBLE = {ClauseKind.LETTRE: {"item": "1°", "arabic": "1"}, ClauseKind.ITEM: {"arabic": "1"}}
_INVERTED_STYLES = {style for lists in _INVERTIBLE.values() for style in lists}
_BETWEEN = (ClauseKind.ALINEA, ClauseKind.TABLE, ClauseKind.TIRET)  # what a list goes on after
_LEADING_DIGITS = re.compile(r"\d+")
# What may follow "N." at the start of an alinéa beside a capital (_Builder._arabic_opens): a lettre, or
# "et" / "à" and a number.
_ARABIC_THEN_RE = re.compile(r"\s*(?:[a-z]{1,2}(?:\s?(?:bis|ter|quater))?[).](?=\s)|(?:et|à)\s+\d)")


def _inverted_node(node: _Node) -> bool:
    return node.rank != int(node.rank)


def _last_inverted(unit: _Node) -> _Node | None:
    return next((c for c in reversed(unit.children) if _inverted_node(c)), None)


def _follows(lab: _Label, last: _Node) -> bool:
    """Whether `lab` goes on with the list `last` belongs to: same kind, next number ("2°" after "1°", "1°
    bis" after "1°")."""
    if last.kind is not _KINDS.get(lab.rank_style, ClauseKind.PARAGRAPHE):
        return False
    value = int(_LEADING_DIGITS.match(last.label or "0")[0])  # type: ignore[index]
    return lab.value == value + 1 or (lab.value == value and lab.label != last.label)


def _assign_runs(node: _Node) -> None:
    """Number the runs of labels again once units have moved: a repeated label opens a new run."""
    runs: dict[float, tuple[int, set[str]]] = {}
    for child in node.children:
        if child.label is not None and child.kind is not ClauseKind.TIRET:
            run, seen = runs.get(child.rank, (1, set()))
            if child.label in seen:
                run, seen = run + 1, set()
            seen.add(child.label)
            runs[child.rank] = (run, seen)
            child.run = run
        _assign_runs(child)


class _Builder:
    def __init__(self) -> None:
        self.root = _Node(ClauseKind.ALINEA, None, 0, "", (0, 0), -1)
        self.stack: list[_Node] = [self.root]
        self.styles: list[str] = []  # paragraphe styles in order of first appearance
        self.last: dict[str, tuple[int, str]] = {}  # style -> (value, label) of the last one seen

    def clauses(self) -> tuple[Clause, ...]:
        if _fold_between_items(self.root):
            # _open numbered the runs as units came; only a move can change them
            _assign_runs(self.root)
        return _freeze_children(self.root, "")

    # -- blocks ----------------------------------------------------------------------------------

    def add_table(self, rows: Table, text: str, alinea: int, offset: int) -> None:
        node = _Node(ClauseKind.TABLE, None, alinea, text, (offset, offset + len(text)), 99, rows=rows)
        self.stack[-1].children.append(node)

    def add_text(self, block: str, alinea: int, offset: int) -> None:
        span = (offset, offset + len(block))
        labels = self._labels(block) if _may_open_unit(block) else []
        if not labels:  # an alinéa or a tiret
            tiret = _TIRET_RE.match(block, 0, _LABEL_WINDOW)
            if tiret:
                dash = block.lstrip()[:1]
                abrogated = _is_mark(block.lstrip(), 1)
                node = _Node(ClauseKind.TIRET, dash, alinea, block, span, 99, abrogated)
                self.stack[-1].children.append(node)
                return
            self._close_for_alinea()
            node = _Node(ClauseKind.ALINEA, None, alinea, block, span, 99, _is_mark(block, 0))
            self.stack[-1].children.append(node)
            return
        abrogated = _is_mark(block, labels[-1].end)
        for i, lab in enumerate(labels):
            last = i == len(labels) - 1
            begin = 0 if i == 0 else lab.start
            stop = len(block) if last else len(block[: labels[i + 1].start].rstrip())
            self._open(lab, block[begin:stop], alinea, (offset + begin, offset + stop), last and abrogated)

    # -- structure -------------------------------------------------------------------------------

    def _rank(self, style: str) -> int:
        if style == "item":
            return _ITEM
        if style == "lettre":
            return _LETTRE
        if style not in self.styles:
            self.styles.append(style)
        return self.styles.index(style)

    def _close_for_alinea(self) -> None:
        """An unnumbered alinéa closes the open items and lettres, and goes into the innermost paragraphe:
        a numbered list an item or a lettre introduced ("10° … : / 1. ― Pour les marchandises … / Pour les
        personnes de moins de 15 ans …", CGI annex IV, 50 octies) is made of paragraphes too."""
        stack = self.stack
        while len(stack) > 1 and stack[-1].rank >= _ITEM:
            if _inverted_node(stack[-1]) and stack[-1].kind is ClauseKind.PARAGRAPHE:
                return
            stack.pop()

    def _close(self, rank: float) -> None:
        """Close every open unit of `rank` or deeper."""
        while len(self.stack) > 1 and self.stack[-1].rank >= rank:
            self.stack.pop()

    def _open(self, lab: _Label, text: str, alinea: int, span: tuple[int, int], abrogated: bool) -> None:
        style = lab.rank_style
        rank = self._inverted(lab)
        if rank is None:
            rank = self._rank(style)
        self._close(rank)
        parent = self.stack[-1]
        label = lab.label
        runs = parent.runs.get(rank)
        if runs is None:
            run = 1
            parent.runs[rank] = (run, {label})
        elif label in runs[1]:  # "1°" again after "5°": a new list in the same parent
            run = runs[0] + 1
            parent.runs[rank] = (run, {label})
        else:
            run = runs[0]
            runs[1].add(label)
        node = _Node(
            _KINDS.get(style, ClauseKind.PARAGRAPHE), label, alinea, text, span, rank, abrogated, run=run
        )
        parent.children.append(node)
        self.stack.append(node)
        if style not in ("item", "lettre"):
            self.last[style] = (lab.value, label)

    def _inverted(self, lab: _Label) -> float | None:
        """The rank of a list that a lettre or an item introduces, against the usual order: "a) En ce qui
        concerne les données de réservation : / 1° Code repère du dossier passager ; / 2° …" (R232-14 of the
        Code de la sécurité intérieure) puts 1° and 2° under a), so that "b)" closes them; "6° Les
        acquisitions … : / 1. Que … / 2. Qu'elles …" (A1 of the Code du domaine de l'État) puts 1. and 2.
        under 6°, so that "7°" closes them. None for a label that opens no such list nor goes on with one.

        A list goes on while its labels follow each other ("3°" after "2°"); any other label closes it and
        takes its usual place ("3°" after "a) … : 1° 2°" inside "2°" is the outer list's). Alinéas after a
        list of items close it and its unit, as they close items (numbered paragraphes hold them:
        _close_for_alinea); when the list goes on after them (Article 1651 of the CGI: "c. … : 1° … 6° …",
        four alinéas, "7° …"), its unit takes them back and is open again, and they continue the item
        before them (_fold_between_items).
        """
        if lab.rank_style not in _INVERTED_STYLES:
            return None
        top = self.stack[-1]
        if _inverted_node(top):
            last: _Node | None = top
        elif top.kind in _INVERTIBLE:
            last = _last_inverted(top)
            if last is None:
                opens = lab.label == _INVERTIBLE[top.kind].get(lab.rank_style)
                return top.rank + 0.5 if opens and top.text.rstrip().endswith(":") else None
        else:  # the list closed by alinéas, which its next label reopens
            k = len(top.children)
            while k and top.children[k - 1].kind in _BETWEEN:
                k -= 1
            unit = top.children[k - 1] if 0 < k < len(top.children) else None
            last = _last_inverted(unit) if unit is not None and unit.kind in _INVERTIBLE else None
            if last is None or not _follows(lab, last):
                return None
            unit.children.extend(top.children[k:])  # type: ignore[union-attr]
            del top.children[k:]
            self.stack.append(unit)  # type: ignore[arg-type]
            return last.rank
        return last.rank if last is not None and _follows(lab, last) else None

    # -- labels ----------------------------------------------------------------------------------

    def _labels(self, block: str) -> list[_Label]:
        """The labels opening a block, outermost first ("3° a) …" gives 3° then a))."""
        found: list[_Label] = []
        styles = self.styles
        pos = _skip_space(block, 0)
        while len(found) < 4 and pos < len(block):
            lab = self._label_at(block, pos)
            if lab is None:
                break
            if lab.rank_style not in styles and lab.rank_style not in ("item", "lettre"):
                styles = [*styles, lab.rank_style]
            if found and _rank_in(styles, lab.rank_style) <= _rank_in(styles, found[-1].rank_style):
                break
            found.append(lab)
            pos = _skip_space(block, lab.end)
        return found

    def _label_at(self, block: str, pos: int) -> _Label | None:
        end = pos + _LABEL_WINDOW
        first = _OPENS_UNIT_RE.match(block, pos, end)
        if first is None or first.lastgroup == "tiret":
            return None
        style = first.lastgroup  # the regexes before it do not match here
        if style == "item":
            m = _ITEM_RE.match(block, pos, end)
            cap = f" {m['cap'].strip()}" if m["cap"] else ""
            num = int(m["num"])
            return _Label("item", f"{num}°{_suffix(m['suffix'])}{cap}", num, pos, m.end())
        if style == "lettre":
            m = _LETTRE_RE.match(block, pos, end)
            if _ends_label(block, m.end()):
                num = m["num"] or m["num1"]
                label = num + _suffix(m["suffix"] or m["suffix1"]) + ")"
                return _Label("lettre", label, ord(num[0]) - 96, pos, m.end())
        if style in ("lettre", "arabic"):
            m = _ARABIC_RE.match(block, pos, end)
            if m and _ends_label(block, m.end()) and self._arabic_opens(block, m.end(), int(m["num"])):
                value = int(m["num"])
                if self._in_sequence("arabic", value, bool(m["suffix"])):
                    return _Label("arabic", f"{value}{_suffix(m['suffix'])}", value, pos, m.end())
        m = _PARA_RE.match(block, pos, end)
        if not m or _ACRONYM_RE.match(block, pos, end) or not _ends_label(block, m.end()):
            return None
        if _digit_next(block, m.end()):  # "L. 133-1", "R. 12"
            return None
        num, suffix = m["num"], _suffix(m["suffix"])
        roman = _roman(num)
        letter = ord(num) - 64 if len(num) == 1 else 0
        letter_ok = bool(letter) and self._in_sequence("capital", letter, bool(suffix))
        if roman and self._in_sequence("roman", roman, bool(suffix)):
            if letter_ok and letter > 1 and "capital" in self.last:  # "I" after "H", "V" after "U"
                return _Label("capital", num + suffix, letter, pos, m.end())
            return _Label("roman", num + suffix, roman, pos, m.end())
        if letter_ok:
            return _Label("capital", num + suffix, letter, pos, m.end())
        return None

    def _arabic_opens(self, block: str, end: int, value: int) -> bool:
        """Whether "N." opens a paragraphe by what follows it: a capitalised word (a number in a sentence is
        followed by a small letter), a lettre ("2. a) Si le requérant…", article 648 of the Code de procédure
        civile), "et"/"à" and the next number ("3. et 4. (Abrogés)"), or a small letter right after the
        paragraphe before ("2. pour les contrats…" after "1." in article 17 E of the CGI's annex IV)."""
        if _followed_by_word(block, end) or _ARABIC_THEN_RE.match(block, end) is not None:
            return True
        last = self.last.get("arabic")
        return last is not None and value == last[0] + 1

    def _in_sequence(self, style: str, value: int, has_suffix: bool) -> bool:
        """A numbering counts when it starts at 1 or follows the last one of its style."""
        if value == 1:
            return True
        last = self.last.get(style)
        if last is None:
            return False
        if style == "capital":
            return value == last[0] + 1 or (value == last[0] and has_suffix)
        return value > last[0] or (value == last[0] and has_suffix)
