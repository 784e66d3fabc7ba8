"""Reading a LEGI dump: an archive, a folder where one was extracted, or a single file -> typed records.

    for record in read_dump("LEGI_20240102-212418.tar.gz", codes=["code-civil"]):
        ...

Records come in archive order, one per file, except deletions: a daily archive's deletion list is held (it
is small) and its records come last, after every file of the archive. Nothing is kept once yielded: memory
does not grow with the archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lextrack.codes import find_code
from lextrack.errors import ParseError, UsageError
from lextrack.legi.guard import DEFAULT_LIMITS, ArchiveRefused, Limits
from lextrack.legi.kinds import KIND_OF_ROOT, READERS, read_deletions
from lextrack.legi.layout import Location, MemberKind, classify, loose_file_id
from lextrack.legi.names import DumpStamp, dump_stamp
from lextrack.legi.records import DeletionRecord, DumpRecord, Member, ProblemRecord
from lextrack.legi.source import RawMember, SourceStats, iter_members
from lextrack.parser.safe_xml import parse_xml


@dataclass(slots=True)
class DumpStats:
    """What one reading met: records yielded by kind, files left aside and why, bytes read."""

    records: Counter[str] = field(default_factory=Counter)  # by MemberKind value, plus "problem"
    skipped_tnc: int = 0  # files of non-code texts (include_tnc=False)
    skipped_codes: int = 0  # files of codes not asked for (codes=…)
    other: int = 0  # files that are none of the dump's kinds
    source: SourceStats = field(default_factory=SourceStats)


def resolve_codes(codes: Iterable[str] | None) -> frozenset[str] | None:
    """`--code` values -> the LEGITEXT ids they name; a UsageError for a code lextrack cannot place."""
    if codes is None:
        return None
    wanted: set[str] = set()
    for name in codes:
        code = find_code(name)
        if code is None:
            raise UsageError(f"--code {name!r}: not a code lextrack knows (lextrack/data/codes.tsv)")
        if not code.legitext:
            raise UsageError(f"--code {name!r}: {code.name} has no LEGITEXT id in lextrack/data/codes.tsv")
        wanted.update(code.legitexts)
    return frozenset(wanted)


class LegiDump:
    """One reading of a dump. Iterate it for records; `stats` fills as it goes, `stamp` is the name's.

    `precheck` (the default) reads the whole archive once for the hostile-input rules before the first record
    is yielded, so a refused archive (ArchiveRefused) has given nothing to write; the second pass costs
    about one bare tar iteration. `strict` raises a member's ParseError instead of yielding a ProblemRecord.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        codes: Iterable[str] | None = None,
        include_tnc: bool = False,
        strict: bool = False,
        precheck: bool = True,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise UsageError(f"{self.path}: no such file or folder")
        self.codes = resolve_codes(codes)
        self.include_tnc = include_tnc
        self.strict = strict
        self.precheck = precheck
        self.limits = limits
        self.stats = DumpStats()
        try:
            self.stamp: DumpStamp | None = dump_stamp(self.path)
        except UsageError:
            self.stamp = None

    def _keep(self, where: Location) -> bool:
        if where.dossier is not None and not where.is_code and not self.include_tnc:
            self.stats.skipped_tnc += 1
            return False
        if self.codes is not None and where.text_cid is not None and where.text_cid not in self.codes:
            self.stats.skipped_codes += 1
            return False
        return True

    def __iter__(self) -> Iterator[DumpRecord]:
        self.stats = DumpStats()  # each reading counts its own
        if self.precheck:
            check_dump(self.path, self.limits)
        source = str(self.path)
        places: dict[str, Location] = {}

        def want(name: str) -> bool:
            where = classify(name)
            if where.kind == MemberKind.OTHER and loose_file_id(name) is None:
                self.stats.other += 1
                return False
            if not self._keep(where):
                return False
            places[name] = where
            return True

        deletions: list[RawMember] = []
        # after a first pass, a member's content was checked already: parse_xml still refuses declarations
        members = iter_members(self.path, want, self.limits, self.stats.source, contents=not self.precheck)
        for raw in members:
            where = places.pop(raw.name, None) or classify(raw.name)  # a single file is not asked `want`
            if where.kind == MemberKind.DELETIONS:
                deletions.append(raw)
                continue
            record = self._record(raw, where, source)
            self.stats.records[_kind_name(record)] += 1
            yield record
        for raw in deletions:
            yield from self._deletions(raw, source)

    def _record(self, raw: RawMember, where: Location, source: str) -> DumpRecord:
        member = Member(source=source, name=raw.name, location=where, mtime=raw.mtime)
        try:
            if where.kind == MemberKind.OTHER:  # a file read alone, outside a dump's layout
                where = _sniff(raw, source)
                member = Member(source=source, name=raw.name, location=where, mtime=raw.mtime)
            return READERS[where.kind](raw.data, member)
        except ArchiveRefused:
            raise
        except ParseError as exc:
            if self.strict:
                raise
            return ProblemRecord(member=member, error=exc)

    def _deletions(self, raw: RawMember, source: str) -> Iterator[DumpRecord]:
        member = Member(source=source, name=raw.name, location=classify(raw.name), mtime=raw.mtime)
        try:
            lines = list(read_deletions(raw.data, member))
        except ParseError as exc:
            if self.strict:
                raise
            self.stats.records["problem"] += 1
            yield ProblemRecord(member=member, error=exc)
            return
        for item in lines:
            if isinstance(item, DeletionRecord):
                if not self._keep(item.location):
                    continue
                self.stats.records[MemberKind.DELETIONS.value] += 1
                yield item
            else:
                error = ParseError(item[1], member.path, item[0])
                if self.strict:
                    raise error
                self.stats.records["problem"] += 1
                yield ProblemRecord(member=member, error=error)


def _kind_name(record: DumpRecord) -> str:
    if isinstance(record, ProblemRecord):
        return "problem"
    return record.member.location.kind.value


def _sniff(raw: RawMember, source: str) -> Location:
    """A file outside a dump's layout (`LEGIARTI000006291810.xml` alone): its kind from its root element."""
    root = parse_xml(raw.data, source)
    kind = KIND_OF_ROOT.get(root.tag)
    if kind is None:
        raise ParseError(f"not a LEGI file: root element <{root.tag}>", source, root.sourceline)
    return Location(kind=kind, file_id=loose_file_id(raw.name))


def read_dump(
    path: str | Path,
    codes: Iterable[str] | None = None,
    include_tnc: bool = False,
    *,
    strict: bool = False,
    precheck: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[DumpRecord]:
    """The records of a dump (see LegiDump)."""
    return iter(
        LegiDump(path, codes=codes, include_tnc=include_tnc, strict=strict, precheck=precheck, limits=limits)
    )


def check_dump(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> SourceStats:
    """Read every member once for the hostile-input rules, parse nothing: ArchiveRefused or the counts."""
    stats = SourceStats()
    for _ in iter_members(Path(path), lambda _name: False, limits, stats, check_all=True):
        pass
    return stats
