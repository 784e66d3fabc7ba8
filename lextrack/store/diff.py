"""Word-level diffs: legal amendments replace words inside long sentences, so lines are too coarse."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)


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
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(Op(tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return ops


def render_word(ops: list[Op], context: int | None = None) -> str:
    """Plain `[-old-]{+new+}` markup, as `git diff --word-diff=plain` writes it."""
    out = []
    for o in ops:
        if o.op == "equal":
            out.append(o.old)
        else:
            if o.old:
                out.append(f"[-{o.old}-]")
            if o.new:
                out.append(f"{{+{o.new}+}}")
    return "".join(out)


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
