"""An article a history adds under a decision or an edition of its code: its first version, of unknown date,
before any change.

A court's decision annuls or declares, and an edition of a code gathers its texts; neither writes an article's
first text. steeve's history adds each code with the first version of every article, in one commit whose
subject may be such a source, dated long after:
- the legislative part of the Code de commerce (1 711 files), by "Conseil D'Etat N° 286711 2006-07-13", while
  LEGI has those articles in force since 2000-09-21. Against etalab's history of Livre II, dated by LEGI, the
  file that commit adds is LEGI's first version for all 362 of its articles that change later, 251 of them
  before 2006-07-13. Dated by the decision, the first text came back in 2006 after the changes made to it
  (L246-2 answered with its text of 2000, not that of the Loi 2005-842, in force since 2005-07-27);
- the Code général des impôts and its four annexes (3 899 files), by "Modification Directe Incorporée Dans
  L'Édition Du 4 Juillet 1992" dated 2008-07-04. Annexe I, 161 is added saying "degré", which the Décret
  79-200 of 1979 made "titre alcoométrique volumique", and the Décret 2000-739 abrogated it: dated 2008, its
  first text was in force again from 2008 on.

So such a first version is flagged uncertain (`at` says "unknown" before its day, with the text the article
probably had), and a later change of its article dated before it moves it to that change's day, without the
dates of the source its subject names (it is not that source's text): the change wins the day, as the order
the source gave decides between texts of unknown date. Only a file that adds an article the history's tree
does not hold counts (not a move, not a second copy), and only under these subjects: a first file added
under "Modification du … de source inconnue" is the version of that date, whatever comes after it in commit
order (steeve's Code de la sécurité sociale, L241-11: added as its version of 1988, then given its version
of 1984). The first versions a history has added so are remembered with the source (table `source_created`):
a later ingest of the same history moves them too, and the store is the one a single ingest gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lextrack.store.observation import Observation

# Subjects that name no text writing an article, only a decision or an edition of the code: "Conseil D'Etat N°
# 286711 2006-07-13", "Conseil D'Etat, Décision N° 346339 …", "Décision N°2014-449 Qpc …", "Modification
# Directe Incorporée Dans L'Édition Du 4 Juillet 1992", "Article Incorporé Dans L'Édition Du 2 Septembre 1994"
_NO_TEXT = re.compile(
    r"^\s*(?:d[ée]cision|conseil d['’]\s*[ée]tat|conseil constitutionnel|cour de cassation)\b"
    r"|\bincorpor[ée]+s?\s+dans\s+l['’]\s*[ée]dition\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Creation:
    start: str  # as stored
    source: str | None  # its commit's subject: the stored row is found by it
    seq: int


class Creations:
    """The first versions a history added under a decision or an edition, as read so far."""

    def __init__(self, known: dict[str, Creation] | None = None, dirty: set[str] | None = None) -> None:
        self.known = known if known is not None else {}
        self.dirty = dirty if dirty is not None else set()  # articles whose entry the store must write
        self._in_window: dict[str, int] = {}  # article -> index of its first version in the window's list

    def new_window(self) -> None:
        self._in_window = {}

    def seen(self, aid: str) -> bool:
        return aid in self.known

    def add(self, obs: Observation, observations: list[Observation], index: int) -> None:
        """`obs`, at `observations[index]`, is the article's first version in this history."""
        if not (obs.source and _NO_TEXT.search(obs.source)):
            return
        observations[index] = replace(obs, uncertain=True)
        self.known[obs.article_id] = Creation(obs.start, obs.source, obs.seq)
        self.dirty.add(obs.article_id)
        self._in_window[obs.article_id] = index

    def changed(self, aid: str, start: str, observations: list[Observation]) -> None:
        """A later change of `aid` takes effect on `start`: its first version, if dated after, moves there."""
        first = self.known.get(aid)
        if first is None or start >= first.start:
            return
        i = self._in_window.get(aid)
        if i is not None:  # not stored yet: dated again where it stands
            observations[i] = replace(
                observations[i], start=start, uncertain=True, text_date=None, jorf_date=None
            )
        else:  # stored by an earlier window or ingest: merge.redate moves its row
            code, _, num = aid.partition("/")
            observations.append(
                Observation(
                    aid, code, num, "text", start, source=first.source, uncertain=True, origin="git",
                    seq=first.seq, legacy_start=first.start, redate_only=True,
                )
            )  # fmt: skip
        self.known[aid] = replace(first, start=start)
        self.dirty.add(aid)
