"""A window: observations read together (a few thousand commits of a history, or a batch of files), with
what the reader reports about them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lextrack.store.ingest_result import Damage, Rejection
from lextrack.store.observation import Observation


@dataclass
class Window:
    observations: list[Observation]
    commits: int = 0  # commits of a history it covers
    rejected: list[Rejection] = field(default_factory=list)
    damaged: list[Damage] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)  # each distinct warning, with how many files
