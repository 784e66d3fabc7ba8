"""One definition of "in force on a day": from an article's dated rows, its status and version on a day.

`at`, the graph, `check` and the web view all ask this module, so that a day answers the same everywhere.
The rules (docs/timeline.md says why):
- the row in force is the last live row starting on or before the day whose interval holds the day: a text
  answers in_force, an abrogation abrogated, a transfer transferred (with its successor);
- a day after a row's end and before the next row is a gap the sources leave (a LEGI DATE_FIN with no
  version after it): unknown, never abrogated;
- a day before every row: not_yet_in_force when the first row's date is known (not a guess from a snapshot
  or an undated file), unknown otherwise; the answer then carries that first row, the version to come.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from lextrack.dates import UNFIXED
from lextrack.vocab import HIDDEN_STATES, RowKind, Status


class Dated(Protocol):
    """What the timeline reads of a row (the index's Row has it; so can any caller's record)."""

    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> str: ...
    @property
    def end(self) -> str | None: ...
    @property
    def state(self) -> str: ...
    @property
    def date_uncertain(self) -> bool: ...
    @property
    def origin(self) -> str: ...


R = TypeVar("R", bound=Dated)

_STATUS_OF_KIND = {
    RowKind.TEXT: Status.IN_FORCE,
    RowKind.ABROGATION: Status.ABROGATED,
    RowKind.TRANSFER: Status.TRANSFERRED,
}


@dataclass(frozen=True, slots=True)
class Answer(Generic[R]):
    status: Status
    row: R | None  # the row in force; before the first row, that first row; in a gap, None
    pending: R | None = None  # the next live row after the day, when the day is before it (version to come)


def in_order(rows: Iterable[R]) -> list[R]:
    """Rows in the order they took effect: by entry into force; on one day, in the order the source gave them
    (their seq): LEGI's own order, which steeve's commits keep (committer dates, docs/dates.md), so that the
    last version of a day is the one its history's next state starts from."""
    return sorted(rows, key=lambda r: (r.start, getattr(r, "seq", 0)))


def live(row: Dated) -> bool:
    return row.state not in HIDDEN_STATES


def covers(row: Dated, day: str) -> bool:
    return live(row) and row.start <= day and (row.end is None or day < row.end)


def status_on(rows: Sequence[R], day: str) -> Answer[R]:
    """The status on `day` of the article whose rows (any order, hidden ones included) are given."""
    ordered = in_order(r for r in rows if live(r))
    before = [r for r in ordered if r.start <= day]
    after = next((r for r in ordered if r.start > day), None)
    if before:
        last = before[-1]
        if last.end is not None and last.end <= day:
            return Answer(Status.UNKNOWN, None, after)
        return Answer(_STATUS_OF_KIND[RowKind(last.kind)], last, after)
    if after is None:
        return Answer(Status.UNKNOWN, None)
    return Answer(Status.NOT_YET_IN_FORCE if dated(after) else Status.UNKNOWN, after, after)


def dated(row: Dated) -> bool:
    """A start the source gives (not the day a snapshot or an undated file was read)."""
    if row.origin in ("snapshot", "undated"):
        return False
    return not row.date_uncertain or row.start == UNFIXED


def in_force_on(rows: Sequence[R], day: str) -> bool:
    return status_on(rows, day).status == Status.IN_FORCE


@dataclass(frozen=True, slots=True)
class Stretch(Generic[R]):
    """Days [start, end) over which an article's status stays the same (None: since always / still open)."""

    start: str | None
    end: str | None
    status: Status
    row: R | None  # as Answer.row: the row in force, the version to come before the first, None in a gap

    def holds(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def stretches(rows: Sequence[R]) -> list[Stretch[R]]:
    """The whole timeline at once, for callers asking about many days (the graph, `check`): consecutive
    stretches covering every day, each day's status the one status_on gives."""
    ordered = in_order(r for r in rows if live(r))
    if not ordered:
        return [Stretch(None, None, Status.UNKNOWN, None)]
    first = ordered[0]
    out: list[Stretch[R]] = []
    before = Status.NOT_YET_IN_FORCE if dated(first) else Status.UNKNOWN
    _extend(out, Stretch(None, first.start, before, first))
    for i, row in enumerate(ordered):
        nxt = ordered[i + 1].start if i + 1 < len(ordered) else None
        end = row.end if nxt is None or (row.end is not None and row.end < nxt) else nxt
        _extend(out, Stretch(row.start, end, _STATUS_OF_KIND[row.kind], row))  # type: ignore[index]
        if end is not None and (nxt is None or end < nxt):
            _extend(out, Stretch(end, nxt, Status.UNKNOWN, None))
    return out


def _extend(out: list[Stretch[R]], s: Stretch[R]) -> None:
    if s.end is not None and s.end <= (s.start or ""):
        return  # a row ended the day it started, or followed the same day: no day of its own
    out.append(s)
