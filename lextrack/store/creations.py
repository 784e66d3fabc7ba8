"""An article added to a history by a court's decision: its first version, of unknown date, before any change.

A decision annuls or declares; it does not write an article's first text. steeve's history adds the
legislative part of the Code de commerce (1 711 files) by a commit whose subject is "Conseil D'Etat N° 286711
2006-07-13", while LEGI has those articles in force since 2000-09-21: against etalab's history of Livre II,
dated by LEGI, the file that commit adds is LEGI's first version for all 362 of its articles that change
later, and 251 of them change before 2006-07-13. Dated by that subject, the first version came after the
changes made to it: `at` answered with the 2000 text from 2006 on (L246-2 had the text of 2000, not that of
the Loi 2005-842, in force since 2005-07-27), and "not yet in force" before.

So such a first version is flagged uncertain (`at` says "unknown" before it, with the text it probably had),
and a later change of its article dated before it moves it to that change's day, without the dates of the
decision (it is not the decision's text): the change wins the day, as the order the source gave decides
between texts of unknown date. Only the article's first appearance in the history counts. The rule is not
taken further: a first file added under "Modification du … de source inconnue" is the version of that
date, whatever changes come after it in commit order (steeve's Code de la sécurité sociale, L241-11: added
as the version of 1988, then given its version of 1984). The first versions a history has added so are
remembered with the source (table `source_created`): a later ingest of the same history moves them too, and
the store is the one a single ingest gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lextrack.store.observation import Observation

# steeve's subjects for decisions: "Conseil D'Etat N° 286711 2006-07-13", "Conseil D'Etat, Décision N°
# 346339 …", "Décision Conseil D'Etat N° 329100 2010-02-10", "Décision N°2014-449 Qpc Du 6 Février 2015 …"
_DECISION = re.compile(
    r"^\s*(?:d[ée]cision|conseil d['’]\s*[ée]tat|conseil constitutionnel|cour de cassation)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Creation:
    start: str  # as stored
    source: str | None  # its commit's subject: the stored row is found by it
    seq: int


class Creations:
    """The first versions a history's commits named for a decision added, as read so far."""

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
        if not (obs.source and _DECISION.match(obs.source)):
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
