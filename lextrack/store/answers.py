"""The answers of `at` and `history`: their JSON form (`to_dict`) is a contract programs rely on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lextrack.model import Version
from lextrack.store.index import Row
from lextrack.vocab import Status


def version_of_row(row: Row, text: str | None) -> Version:
    return Version(
        article_id=row.article_id,
        start=row.start,
        end=row.end,
        state=row.state,
        text=text or "",
        source_text=row.source,
        date_uncertain=row.date_uncertain,
        commit=row.commit_sha,
        successor=row.successor,
        text_date=row.text_date,
        jorf_date=row.jorf_date,
        extra={"kind": row.kind, "origin": row.origin, "has_text": text is not None},
    )


def version_dict(v: Version) -> dict[str, Any]:
    """The `version` object of `at --json` (exact contract)."""
    return {
        "start": v.start,
        "end": v.end,
        "source": v.source_text,
        "text": v.text if v.extra.get("has_text", True) else None,
        "commit": v.commit,
        "text_date": v.text_date,
    }


def history_dict(v: Version) -> dict[str, Any]:
    d = version_dict(v)
    d.update(
        state=v.state,
        kind=v.extra.get("kind"),
        date_uncertain=v.date_uncertain,
        origin=v.extra.get("origin"),
        successor=v.successor,
        jorf_date=v.jorf_date,
    )
    return d


@dataclass(frozen=True, slots=True)
class AtAnswer:
    """What was in force on a day: `lextrack at --json`."""

    id: str
    date: str
    status: Status
    version: Version | None  # in force; before the first version, that version; in a gap, None
    successor: str | None = None  # transferred: the new id
    # the version to come: its text was signed (or published) by `date` but takes effect later
    # (Légifrance's "version à venir")
    pending: Version | None = None

    def to_dict(self) -> dict[str, Any]:
        p = self.pending
        return {
            "id": self.id,
            "date": self.date,
            "status": str(self.status),
            "version": version_dict(self.version) if self.version else None,
            "successor": self.successor,
            "pending": {"start": p.start, "source": p.source_text, "text_date": p.text_date} if p else None,
        }
