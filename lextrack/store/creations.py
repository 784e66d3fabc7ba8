"""An article's first file in a history, dated after a later change of the article: its first version.

steeve's history adds each code with the first version of every article, in one commit whose subject and
date may belong to another source, dated long after; the changes the history makes to those articles then
come before their first version:
- the legislative part of the Code de commerce (1 711 files), by "Conseil D'Etat N° 286711 2006-07-13", while
  LEGI has those articles in force since 2000-09-21. Against etalab's history of Livre II, dated by LEGI, the
  file that commit adds is LEGI's first version for all 362 of its articles that change later, 251 of them
  before 2006-07-13. Dated by the decision, the first text came back in 2006 after the changes made to it
  (L246-2 answered with its text of 2000, not that of the Loi 2005-842, in force since 2005-07-27);
- the Code général des impôts and its four annexes (3 899 files), by "Modification Directe Incorporée Dans
  L'Édition Du 4 Juillet 1992" dated 2008-07-04. Annexe I, 161 is added saying "degré", which the Décret
  79-200 of 1979 made "titre alcoométrique volumique", and the Décret 2000-739 abrogated it: dated 2008, its
  first text was in force again from 2008 on;
- the Code de l'urbanisme (572 files), by "Décret 73-1022 1973-11-08 Art. 3 Jorf 13 Novembre 1973" on a
  commit of 1981-03-09, which dates a version whose subject gives no entry into force (the publication rule
  takes only a commit dated on its text's signature). L123-6's text of 1973 was in force again from 1981 to
  1983, after the change of 1977 that had replaced it.

A court's decision annuls or declares and an edition of a code gathers texts: neither writes an article's
first text, and such a first version is flagged uncertain (`at` says "unknown" before its day, with the text
the article probably had). Where data/codifications.tsv gives the day its part of the code took effect as a
code (`codified`), it starts that day instead (the Code de commerce's legislative part, 2000-09-21).

A first version dated by its commit alone, whose subject names a text, keeps that date unless a later change
of its article comes before it. Then the first version moves: to its text's own
date (its publication, else its signature) when that is not after the change, else to the change's day,
flagged uncertain and without its text's dates, where the change wins the day (the order the source gave
decides between texts of unknown date).

Only a file that adds an article the history's tree does not hold counts (not a move, not a second copy),
and only a first version so dated: one added under "Modification du … de source inconnue" is the version of
that date, whatever comes after it in commit order (steeve's Code de la sécurité sociale, L241-11: added as
its version of 1988, then given its version of 1984). The first versions a history has added so are
remembered with the source (table `source_created`): a later ingest of the same history moves them too, and
the store is the one a single ingest gives.

The same commit of the CGI also changes 53 files added before, under that edition, back to an older text
(Annexe I, 39: "degré" again after the Décret 79-200). A change an edition holds took effect by the edition's
day, so a commit dated after it does not date it: such a version is flagged uncertain and moves as a first
version does (`edited`), to the day of a later change that comes before it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache

from lextrack.codes import slugify
from lextrack.store.observation import Observation
from lextrack.tables import table_rows

# Subjects that name no text writing an article, only a decision or an edition of the code: "Conseil D'Etat N°
# 286711 2006-07-13", "Conseil D'Etat, Décision N° 346339 …", "Décision N°2014-449 Qpc …", "Modification
# Directe Incorporée Dans L'Édition Du 4 Juillet 1992", "Article Incorporé Dans L'Édition Du 2 Septembre 1994"
_NO_TEXT = re.compile(
    r"^\s*(?:d[ée]cision|conseil d['’]\s*[ée]tat|conseil constitutionnel|cour de cassation)\b"
    r"|\bincorpor[ée]+s?\s+dans\s+l['’]\s*[ée]dition\b",
    re.IGNORECASE,
)


def codified(obs: Observation) -> str | None:
    """The day the part of its code that holds `obs` took effect as a code, where data/codifications.tsv gives
    it: the Code de commerce's legislative part, 2000-09-21. steeve adds that part under a decision of 2006;
    each article it so adds was in force since then (LEGI, for all 643 of Livre II)."""
    parts = _codifications().get(obs.code)
    if not parts:
        return None
    top = next((slugify(title) for level, title in json.loads(obs.hierarchy) if level == "partie"), None)
    return parts.get(top) if top else None


@cache
def _codifications() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in table_rows("codifications.tsv"):
        out.setdefault(r["code"], {})[r["part"]] = r["in_force"]
    return out


@dataclass(frozen=True, slots=True)
class Creation:
    start: str  # as stored
    source: str | None  # its commit's subject: the stored row is found by it
    seq: int
    fallback: str | None = None  # its text's own date (publication, else signature), if the subject names one
    text_date: str | None = None
    jorf_date: str | None = None


class Creations:
    """The first versions a history added under a decision, an edition or only its commit's date, and the
    changes it made under an edition on a commit dated after it (one per article, the last), so far."""

    def __init__(self, known: dict[str, Creation] | None = None, dirty: set[str] | None = None) -> None:
        self.known = known if known is not None else {}
        self.dirty = dirty if dirty is not None else set()  # articles whose entry the store must write
        self._in_window: dict[str, int] = {}  # article -> index of its first version in the window's list

    def new_window(self) -> None:
        self._in_window = {}

    def seen(self, aid: str) -> bool:
        return aid in self.known

    def add(self, obs: Observation, observations: list[Observation], index: int, by_commit: bool) -> None:
        """`obs`, at `observations[index]`, is the article's first version in this history; `by_commit`: its
        start is its commit's date (its subject gave none that the rules take)."""
        if obs.source and _NO_TEXT.search(obs.source):
            day = codified(obs)
            if day is not None and day < obs.start:  # in the code since its codification, by LEGI's dates
                obs = replace(obs, start=day, text_date=None, jorf_date=None)
            observations[index] = replace(obs, uncertain=True)
            fallback = None
        elif by_commit:
            fallback = obs.jorf_date or obs.text_date
        else:
            return
        creation = Creation(obs.start, obs.source, obs.seq, fallback, obs.text_date, obs.jorf_date)
        self._remember(obs, index, creation)

    def edited(self, obs: Observation, observations: list[Observation], index: int) -> None:
        """`obs`, at `observations[index]`, changes an article under an edition of its code, on a commit dated
        after that edition: a change the edition holds took effect by the edition's day, so that date is not
        its own. Flagged uncertain, it moves as a first version does when a later change comes before it."""
        observations[index] = replace(obs, uncertain=True)
        self._remember(obs, index, Creation(obs.start, obs.source, obs.seq))

    def _remember(self, obs: Observation, index: int, creation: Creation) -> None:
        """`obs`, at `index` of this window's observations, is the version of its article that may move."""
        self.known[obs.article_id] = creation
        self.dirty.add(obs.article_id)
        self._in_window[obs.article_id] = index

    def changed(self, aid: str, start: str, observations: list[Observation]) -> None:
        """A later change of `aid` takes effect on `start`: its first version, if dated after, moves: to its
        text's own date when that comes first, else to `start`, uncertain."""
        first = self.known.get(aid)
        if first is None or start >= first.start:
            return
        if first.fallback is not None and first.fallback <= start:
            day, uncertain, text_date, jorf_date = first.fallback, False, first.text_date, first.jorf_date
        else:
            day, uncertain, text_date, jorf_date = start, True, None, None
        i = self._in_window.get(aid)
        if i is not None:  # not stored yet: dated again where it stands
            observations[i] = replace(
                observations[i], start=day, uncertain=uncertain, text_date=text_date, jorf_date=jorf_date
            )
        else:  # stored by an earlier window or ingest: merge.redate moves its row
            code, _, num = aid.partition("/")
            observations.append(
                Observation(
                    aid, code, num, "text", day, source=first.source, uncertain=uncertain, origin="git",
                    seq=first.seq, text_date=text_date, jorf_date=jorf_date, legacy_start=first.start,
                    redate_only=True,
                )
            )  # fmt: skip
        self.known[aid] = replace(first, start=day)
        self.dirty.add(aid)
