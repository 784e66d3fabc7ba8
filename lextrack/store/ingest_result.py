"""What an ingest did, as `ingest` prints it and `--json` gives it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file the ingest could not read: recorded in the index (table `rejected`), and the ingest went on."""

    path: str
    reason: str
    commit: str | None = None  # the history's commit that holds it; None for a file on disk

    def to_dict(self) -> dict:
        return {"commit": self.commit, "path": self.path, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Damage:
    """A version stored from a file cut short: its text up to the cut, and why (versions.damaged)."""

    article_id: str
    start: str
    path: str
    reason: str
    commit: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.article_id,
            "start": self.start,
            "commit": self.commit,
            "path": self.path,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class IngestResult:
    observed: int
    added: int
    changed: int  # rows updated: re-dated, re-chained, their text found
    articles: int
    commits: int
    tip: str | None
    rewritten_from: str | None
    redated: int = 0  # versions the source now dates otherwise (entry into force)
    rejected: tuple[Rejection, ...] = ()
    damaged: tuple[Damage, ...] = ()
    warnings: tuple[tuple[str, int], ...] = ()  # each distinct warning once, with how many files had it
    # a git history: the commit it was read up to, the one this ingest started from (None: from its start),
    # how many of its commits were read, and whether it was skipped (already read up to that commit)
    source_tip: str | None = None
    resumed_from: str | None = None
    commits_read: int = 0
    unchanged: bool = False

    def to_dict(self) -> dict:
        return {
            "observed": self.observed,
            "added": self.added,
            "changed": self.changed,
            "articles": self.articles,
            "commits": self.commits,
            "tip": self.tip,
            "rewritten_from": self.rewritten_from,
            "redated": self.redated,
            "rejected": [r.to_dict() for r in self.rejected],
            "damaged": [d.to_dict() for d in self.damaged],
            "warnings": [{"warning": w, "files": n} for w, n in self.warnings],
            "source_tip": self.source_tip,
            "resumed_from": self.resumed_from,
            "commits_read": self.commits_read,
            "unchanged": self.unchanged,
        }
