"""What a source says of one article: an observation, keyed by article id, never by path."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from lextrack.model import Article


@dataclass(slots=True, unsafe_hash=True)  # not frozen: one per version read (model.py says why)
class Observation:
    article_id: str
    code: str
    num: str
    kind: str  # text, abrogation, transfer
    start: str
    text: str | None = None
    source: str | None = None
    uncertain: bool = False
    origin: str = "file"
    seq: int = 0
    end: str | None = None  # explicit end (LEGI DATE_FIN) when no successor is known
    state: str | None = None  # "stillborn" for MODIFIE_MORT_NE
    successor: str | None = None
    hierarchy: str = "[]"
    text_date: str | None = None  # the amending text's own date (signature)
    jorf_date: str | None = None  # its publication in the Journal officiel
    # the start lextrack 0.1 gave this version (it dated git versions by their commit): a row with it is this
    # version, dated again when the source says it took effect another day
    legacy_start: str | None = None
    damaged: str | None = None  # why the file was read only in part (Article.damaged)
    redate_only: bool = False  # a stored version seen again only to move it to new dates (merge.redate)
    article: Article | None = field(default=None, compare=False, repr=False)  # the parsed file, for refs
    refs: list | None = field(default=None, compare=False, repr=False)  # refs.ref_row tuples, by a worker


def hierarchy_json(article: Article) -> str:
    return _hierarchy_json(article.hierarchy)


@lru_cache(maxsize=1 << 16)
def _hierarchy_json(hierarchy: tuple[tuple[str, str], ...]) -> str:
    # The articles of one chapter share its hierarchy: steeve's 64 codes have 238 000 versions and 6 750
    # hierarchies; one string each (the rows keep it) instead of one json.dumps per version.
    return json.dumps([list(h) for h in hierarchy], ensure_ascii=False)
