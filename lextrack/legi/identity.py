"""One article across its LEGIARTI ids: the versions one VERSIONS block lists are one article.

LEGI gives each version of an article its own id (LEGIARTI…) and its own file; every file of an article
repeats the article's whole VERSIONS block. So the block, not the id, is the article:

* its key is the id of its first version (the smallest id of the block; versions are only ever added, with
  new, larger ids, so the key does not change when a daily archive adds a version);
* its canonical id is `<code-slug>/<num>` with the number of its latest version (by start date, then end
  date; a stillborn version, MODIFIE_MORT_NE, never in force, names it only when every version is
  stillborn). Users look an article up by the number it has now, or had last; every file of the block gives
  the same answer, whichever is read first.

A renumbering (a version whose num differs) or a move to another section (a version whose CONTEXTE differs)
is history of the same article: the earlier numbers stay in each version's own `num`.
"""

from __future__ import annotations

from collections.abc import Iterable

from lextrack.dates import OPEN_END
from lextrack.legi.records import VersionRef

STILLBORN = "MODIFIE_MORT_NE"


def by_date(versions: Iterable[VersionRef]) -> tuple[VersionRef, ...]:
    """Oldest first; an open end (None) sorts after every date."""
    return tuple(sorted(versions, key=lambda v: (v.start or "", v.end or OPEN_END, v.legi_id)))


def article_key(versions: Iterable[VersionRef], own_id: str) -> str:
    ids = [v.legi_id for v in versions if v.legi_id]
    return min([*ids, own_id])


def latest_version(versions: Iterable[VersionRef]) -> VersionRef | None:
    """The version whose number names the article."""
    ordered = [v for v in by_date(versions) if v.num]
    living = [v for v in ordered if (v.state or "").upper() != STILLBORN]
    pool = living or ordered
    return pool[-1] if pool else None
