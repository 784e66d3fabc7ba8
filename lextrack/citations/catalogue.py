"""Which articles exist: an `exists` hook for the resolver, built from (code, num) pairs.

The resolver only asks about codes and numbers it meets in the text. A Catalogue answers None for a code it
does not cover, so a store or a list that lacks a code leaves that code's citations as they would be
without a hook, rather than marking them all unresolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lextrack.nums import canonical_num


class Catalogue:
    """Known articles by code; callable as an Exists hook: catalogue(code, num) -> bool | None."""

    __slots__ = ("_nums",)

    def __init__(self, pairs: Iterable[tuple[str, str]] = (), codes: Iterable[str] = ()) -> None:
        self._nums: dict[str, set[str]] = {code: set() for code in codes}
        for code, num in pairs:
            self._nums.setdefault(code, set()).add(canonical_num(num))

    def __call__(self, code: str, num: str) -> bool | None:
        nums = self._nums.get(code)
        return None if nums is None else num in nums

    def codes(self) -> list[str]:
        return sorted(self._nums)

    def __len__(self) -> int:
        return sum(len(v) for v in self._nums.values())

    @classmethod
    def from_tsv(cls, path: str | Path) -> Catalogue:
        """Lines "code-slug<TAB>num"; "#" starts a comment. A code listed with an empty num is covered even
        when none of its articles is listed."""
        pairs: list[tuple[str, str]] = []
        codes: list[str] = []
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            code, _, num = line.partition("\t")
            codes.append(code.strip())
            if num.strip():
                pairs.append((code.strip(), num.strip()))
        return cls(pairs, codes)
