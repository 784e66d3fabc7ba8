"""What a format reader hands over: the raw facts of one file, before code, id and clauses are settled.

Every reader fills a Draft; `assemble` turns any Draft into the same Article, so the rules for the
canonical id, the code and the clause tree live in one place whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lextrack.model import Link

Row = tuple[str, ...]
Table = tuple[Row, ...]
Block = str | Table


@dataclass(slots=True)
class Anchor:
    """An <a href title> of the body: where it sits in its block and what it points to."""

    block: int
    start: int
    end: int
    href: str | None
    title: str | None
    text: str


@dataclass(slots=True)
class Draft:
    num_label: str  # the number as the heading writes it: "L227-1", "Annexe II : Tableau n° 98"
    title: str  # the heading: "Article L227-1"
    title_line: int | None = None
    blocks: list[Block] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    nota: str | None = None
    code_names: list[str] = field(default_factory=list)  # names/ids the file itself gives for its code
    hierarchy: list[tuple[str, str]] = field(default_factory=list)
    state: str | None = None
    start: str | None = None
    end: str | None = None
    legi_id: str | None = None
    old_id: str | None = None
    versions: list[dict[str, str]] = field(default_factory=list)
    html: str | None = None
    damage: list[str] = field(default_factory=list)  # what a file cut short lost (Article.damaged)
