"""DILA's LEGI dumps, read as they are published: the global archive, the daily ones, or a folder of either.

    from lextrack.legi import read_dump, LegiDump, check_dump, dump_stamp, daily_archives, plan_updates

See docs/legi-dumps.md for the layout, the records, the identity rule and the hostile-input rules.
"""

from lextrack.legi.guard import DEFAULT_LIMITS, ArchiveRefused, Limits
from lextrack.legi.layout import Location, MemberKind, classify, member_path
from lextrack.legi.names import (
    DumpKind,
    DumpStamp,
    UpdatePlan,
    check_order,
    daily_archives,
    dump_stamp,
    plan_updates,
)
from lextrack.legi.reader import DumpStats, LegiDump, check_dump, read_dump, resolve_codes
from lextrack.legi.records import (
    ArticleRecord,
    CodeRef,
    ContextLevel,
    DeletionRecord,
    DumpRecord,
    LegiLink,
    Member,
    ProblemRecord,
    SectionChild,
    SectionRecord,
    TextStructRecord,
    TextVersionRecord,
    VersionRef,
    full_article,
)

__all__ = [
    "DEFAULT_LIMITS", "ArchiveRefused", "ArticleRecord", "CodeRef", "ContextLevel", "DeletionRecord",
    "DumpKind", "DumpRecord", "DumpStamp", "DumpStats", "LegiDump", "LegiLink", "Limits", "Location",
    "Member", "MemberKind", "ProblemRecord", "SectionChild", "SectionRecord", "TextStructRecord",
    "TextVersionRecord", "UpdatePlan", "VersionRef", "check_dump", "check_order", "classify",
    "daily_archives", "dump_stamp", "full_article", "member_path", "plan_updates", "read_dump",
    "resolve_codes",
]  # fmt: skip
