"""Dates as the subjects of real histories write them, read here independently of lextrack's own code, so
that tests check lextrack against the subjects rather than against itself."""

from __future__ import annotations

import re

_IN_FORCE = re.compile(r"En Vigueur Le (1er|\d{1,2}) (\w+) (\d{4})", re.IGNORECASE)
_UNKNOWN_SOURCE = re.compile(r"^Modification du (\d{4}-\d{2}-\d{2}) de source inconnue")
_MONTHS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
           "novembre", "decembre"]  # fmt: skip


def in_force_date(subject: str | None) -> str | None:
    """The day a commit's subject says its versions took effect, if it says one."""
    m = _UNKNOWN_SOURCE.match(subject or "")
    if m:
        return m.group(1)
    m = _IN_FORCE.search(subject or "")
    if not m:
        return None
    month = _MONTHS.index(m.group(2).lower().replace("é", "e").replace("û", "u")) + 1
    return f"{m.group(3)}-{month:02d}-{1 if m.group(1) == '1er' else int(m.group(1)):02d}"
