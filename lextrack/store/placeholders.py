"""Versions dated only by a placeholder wait for their article's next change, read in commit order.

A version whose date is only a placeholder (before 1970, the subject naming no date) happened before the next
change of its article in commit order, whatever date that change has: Code civil 1763, added at etalab's
"1970-01-31 07:09:14" and deleted by the Loi 46-682 of 1946, was not in force in 1970. Read in windows, and
across ingests, the next change may come much later: such versions are held until it does (or the history
ends, when they keep their date). A version an earlier ingest stored, and that a later change re-dates, is
given again with `legacy_start` set to the date it was stored with: merge.redate moves that row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from lextrack.store.observation import Observation


@dataclass
class Held:
    obs: Observation  # as read (its start after the floor rule, before this one)
    emitted: str | None = None  # the start a finished ingest stored it with (None: not stored yet)
    blob: str | None = None  # its file, to read it again when an earlier ingest stored it
    path: str | None = None
    text_sha: str | None = None  # its text's hash, when an earlier ingest stored it (the index has the text)


def waits(o: Observation) -> bool:
    return o.uncertain and o.origin == "git"


class Placeholders:
    """`take` each observation in commit order; it returns what can be given to the merge now.

    `complete` gives back the text and parsed file of a version an earlier ingest stored (only its dates
    and its text's hash are kept between ingests), when a change re-dates it.
    """

    def __init__(
        self, held: list[Held] | None = None, complete: Callable[[Held], Observation] | None = None
    ) -> None:
        self.held: dict[str, list[Held]] = {}
        self.complete = complete or (lambda h: h.obs)
        for h in held or []:
            self.held.setdefault(h.obs.article_id, []).append(h)

    def take(self, o: Observation, blob: str | None = None, path: str | None = None) -> list[Observation]:
        if waits(o):
            self.held.setdefault(o.article_id, []).append(Held(o, None, blob, path))
            return []
        chain = self.held.pop(o.article_id, None)
        return [*self._resolve(chain, o.start), o] if chain else [o]

    def flush(self) -> list[Observation]:
        """The end of what this ingest reads: every held version with the date it has now. They stay held
        (as stored) for a later ingest of the same history, whose changes may date them again."""
        out: list[Observation] = []
        for chain in self.held.values():
            out += self._resolve(chain, None, keep=True)
        return out

    def stored(self) -> list[Held]:
        return [h for chain in self.held.values() for h in chain]

    def _resolve(self, chain: list[Held], later: str | None, keep: bool = False) -> list[Observation]:
        """The chain's versions dated: each before the next change of its article (`later`, then each
        other). keep: they stay held, as stored with these dates."""
        out: list[Observation] = []
        for h in reversed(chain):
            start = h.obs.start if later is None or later >= h.obs.start else later
            later = start
            if h.emitted is None:
                out.append(replace(h.obs, start=start))
            elif h.emitted != start:
                out.append(replace(self.complete(h), start=start, legacy_start=h.emitted))
            if keep:
                h.emitted = start
        out.reverse()
        return out
