"""DILA's archive names: which archive is the global one, which are daily, and in what order they apply.

DILA publishes `Freemium_legi_global_<yyyymmdd>-<hhmmss>.tar.gz` (everything) and, each working day,
`LEGI_<yyyymmdd>-<hhmmss>.tar.gz` (what changed). The stamp in the name is the only order there is:
updates apply in stamp order, each after the global archive they follow. A folder where an archive was
extracted is named like the archive (without `.tar.gz`) or by its bare stamp (a daily archive's members
start with `<yyyymmdd>-<hhmmss>/`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from lextrack.errors import UsageError

_NAME = re.compile(
    r"^(?:(?P<global>Freemium_legi_global_)|(?P<daily>LEGI_))?(?P<stamp>\d{8}-\d{6})(?:\.tar\.gz|\.tgz|\.tar)?$"
)


class DumpKind(StrEnum):
    GLOBAL = "global"
    DAILY = "daily"


@dataclass(frozen=True, slots=True, order=True)
class DumpStamp:
    """Sorts by time, the global archive of an instant before a daily one of the same instant."""

    when: datetime
    kind: DumpKind
    stamp: str  # "20240102-212418", as the name writes it

    @property
    def is_daily(self) -> bool:
        return self.kind == DumpKind.DAILY


def dump_stamp(path: str | Path) -> DumpStamp:
    """The stamp of an archive (or of a folder it was extracted to), or a UsageError naming the file."""
    name = Path(path).name
    m = _NAME.match(name)
    if not m:
        raise UsageError(
            f"{path}: not a LEGI archive name (expected Freemium_legi_global_YYYYMMDD-HHMMSS.tar.gz or "
            "LEGI_YYYYMMDD-HHMMSS.tar.gz)"
        )
    try:
        when = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        raise UsageError(f"{path}: {m['stamp']!r} is not a date and time") from None
    kind = DumpKind.GLOBAL if m["global"] else DumpKind.DAILY
    return DumpStamp(when=when, kind=kind, stamp=m["stamp"])


def daily_archives(folder: str | Path) -> list[Path]:
    """The daily archives of a folder (`LEGI_*.tar.gz`, or folders they were extracted to), oldest first.

    Names that are not archives are ignored; two archives with one stamp are refused (which applies first
    would be a guess).
    """
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder")
    found: dict[str, Path] = {}
    for entry in sorted(root.iterdir()):
        try:
            stamp = dump_stamp(entry)
        except UsageError:
            continue
        if not stamp.is_daily:
            continue
        if stamp.stamp in found:
            raise UsageError(
                f"{root}: two daily archives stamped {stamp.stamp}: {found[stamp.stamp].name}, {entry.name}"
            )
        found[stamp.stamp] = entry
    return [found[s] for s in sorted(found)]


@dataclass(frozen=True, slots=True)
class UpdatePlan:
    to_apply: tuple[Path, ...]  # oldest first
    already_applied: tuple[Path, ...]


def plan_updates(folder: str | Path, applied: Iterable[str], base: str | None) -> UpdatePlan:
    """Which daily archives of `folder` a store still needs, given the stamps it has applied and the stamp of
    the global archive it was built from (None: no global archive; every daily applies).

    An archive older than the newest one applied, and not applied itself, cannot be applied any more: its
    changes would land under later ones. That is refused with the reason, before anything is read.
    """
    done = set(applied)
    newest = max(done | ({base} if base else set()), default=None)
    todo: list[Path] = []
    skipped: list[Path] = []
    for path in daily_archives(folder):
        stamp = dump_stamp(path).stamp
        if stamp in done or (base is not None and stamp <= base):
            skipped.append(path)
        elif newest is not None and stamp < newest:
            raise UsageError(
                f"{path}: daily archive {stamp} is older than {newest}, already applied; applying it now "
                "would put its changes over later ones (rebuild from a global archive older than it)"
            )
        else:
            todo.append(path)
    return UpdatePlan(tuple(todo), tuple(skipped))


def check_order(path: str | Path, applied: Iterable[str], base: str | None) -> DumpStamp:
    """The stamp of one daily archive if it may apply now; a UsageError saying why not otherwise."""
    stamp = dump_stamp(path)
    if not stamp.is_daily:
        raise UsageError(f"{path}: a global archive, not a daily update")
    done = set(applied)
    if stamp.stamp in done:
        raise UsageError(f"{path}: daily archive {stamp.stamp} is already applied")
    if base is not None and stamp.stamp <= base:
        raise UsageError(f"{path}: daily archive {stamp.stamp} is older than the global archive {base}")
    newer = [s for s in done if s > stamp.stamp]
    if newer:
        raise UsageError(
            f"{path}: daily archive {stamp.stamp} is older than {max(newer)}, already applied: out of order"
        )
    return stamp
