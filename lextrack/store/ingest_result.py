"""What an ingest did, as `ingest` prints it and `--json` gives it."""

from __future__ import annotations

from dataclasses import dataclass


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
        }
