"""The answers of `at` and `history`: their JSON form is a contract."""

from __future__ import annotations

from typing import Any

from lextrack.model import Version
from lextrack.store.index import Row


def _version(row: Row, text: str | None) -> Version:
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
    }


def history_dict(v: Version) -> dict[str, Any]:
    d = version_dict(v)
    d.update(
        state=v.state,
        kind=v.extra.get("kind"),
        date_uncertain=v.date_uncertain,
        origin=v.extra.get("origin"),
        successor=v.successor,
    )
    return d
