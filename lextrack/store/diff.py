"""Word-level diffs: legal amendments replace words inside long sentences, so lines are too coarse."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|\w[\w’'-]*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Op:
    op: str  # equal, delete, insert, replace
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "old": self.old, "new": self.new}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Op]:
    """Operations turning old into new, word by word (whitespace kept so texts rebuild exactly)."""
    # Alinéas first, words only inside the alinéas that changed: an amendment touches a few alinéas of a
    # long article, and a word-level match over the whole text costs far more for the same answer.
    pa, pb = _ALINEAS.split(old), _ALINEAS.split(new)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes():
        a, b = "".join(pa[i1:i2]), "".join(pb[j1:j2])
        if tag == "equal":
            ops.append(Op("equal", a, b))
        else:
            ops += _words(a, b)
    return _coalesce([o for o in ops if o.old or o.new])


_ALINEAS = re.compile(r"(?<=\n\n)")


def _words(old: str, new: str) -> list[Op]:
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [Op(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _coalesce(ops: list[Op]) -> list[Op]:
    """Join changes separated only by a space into one replacement.

    A reader wants "[-à la commission mentionnée-]{+aux commissions parlementaires mentionnées+}", not the
    same edit shredded word by word; an alinéa break still separates two changes.
    """
    out: list[Op] = []
    for o in ops:
        if (
            o.op != "equal"
            and len(out) >= 2
            and out[-1].op == "equal"
            and out[-1].old.isspace()
            and "\n\n" not in out[-1].old
            and out[-2].op != "equal"
        ):
            gap, prev = out.pop(), out.pop()
            o = Op("replace", prev.old + gap.old + o.old, prev.new + gap.new + o.new)
        out.append(o)
    return out


def changed_paragraphs(ops: list[Op]) -> list[list[Op] | None]:
    """Ops cut at alinéa breaks, keeping only alinéas that changed; None marks skipped alinéas."""
    paragraphs: list[list[Op]] = [[]]
    for o in ops:
        if o.op != "equal" or "\n\n" not in o.old:
            paragraphs[-1].append(o)
            continue
        pieces = o.old.split("\n\n")
        for i, piece in enumerate(pieces):
            if i:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Op("equal", piece, piece))
    out: list[list[Op] | None] = []
    for para in paragraphs:
        if any(o.op != "equal" for o in para):
            out.append(para)
        elif out and out[-1] is not None or not out:
            out.append(None)
    return out


def render_word(ops: list[Op], whole: bool = False) -> str:
    """Plain `[-old-]{+new+}` markup as `git diff --word-diff=plain` writes it, changed alinéas only."""
    paras = [ops] if whole else changed_paragraphs(ops)
    out = []
    for para in paras:
        if para is None:
            out.append("[…]")
            continue
        text = []
        for o in para:
            if o.op == "equal":
                text.append(o.old)
            else:
                if o.old:
                    text.append(f"[-{o.old}-]")
                if o.new:
                    text.append(f"{{+{o.new}+}}")
        out.append("".join(text))
    return "\n\n".join(out)


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
