"""The entry-into-force date a NOTA states ("… entrent en vigueur le 1er janvier 2021")."""

from __future__ import annotations

import re

from lextrack.dates import parse_french_date

_IN_FORCE = re.compile(
    r"\b(?:entre(?:nt)?|entreront|entrera|est entrée|sont entrées|prend(?:ront|ra)? effet)\s+"
    r"(?:en vigueur\s+)?(?:le|à compter du|au|à partir du)\s+(?P<date>(?:1er|premier|\d{1,2})\s+\S+\s+\d{4})",
    re.IGNORECASE,
)


def nota_in_force(nota: str | None) -> str | None:
    if not nota:
        return None
    m = _IN_FORCE.search(nota)
    return parse_french_date(m.group("date")) if m else None
