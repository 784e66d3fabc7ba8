"""The git view: the index's rows in date order written as commits (fast-import), and the branch moved.

The view is written from a day on (`since`: the earliest day an ingest changed), streamed: the index's rows
are read day by day, planned into commits, rendered a batch at a time with their texts, and written to
git fast-import's stream, so that a whole history never sits in memory.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from typing import NamedTuple

from lextrack.store.blobs import held_blobs
from lextrack.store.fastimport import share_out
from lextrack.store.gitrepo import Change, GitRepo, PlannedCommit, render
from lextrack.store.index import Index, Row
from lextrack.store.layout import article_path, folder_of
from lextrack.store.memory import give_back
from lextrack.store.pool import workers
from lextrack.timeline import in_order
from lextrack.vocab import END_KINDS, LIVE_SQL

RENDER_BATCH = 5_000  # file versions whose texts are read from the index at once


def plan_commits(days: Iterable[list[Row]], last_kind: dict[str, str]) -> Iterator[PlannedCommit]:
    """The commits of the branch from the rows of each day (live rows, in order), day after day.

    `last_kind`: each article's last live row before the first of those days (created or modified?); it is
    kept up to date. A commit gathers one day's rows of one amending text, unless an article of it was
    changed meanwhile by another commit of that day: the row then opens a commit of its own after that one,
    so that the day's changes to one file stay in order (an article added and deleted the same day, as
    etalab's collapsed pre-1970 commits have it, ends deleted in the view as in the index). Each change names
    the index row it writes; its content is rendered later (`with_contents`).
    """
    for day_rows in days:
        todays: list[PlannedCommit] = []
        # (source, uncertain, dates) -> the open commit of the day, the paths it writes, its place in the day
        open_groups: dict[tuple, tuple[PlannedCommit, set[str], int]] = {}
        last_commit: dict[str, int] = {}  # path -> the day's last commit that changes it
        for r in day_rows:
            before = last_kind.get(r.article_id)
            last_kind[r.article_id] = r.kind
            key = (r.source, r.date_uncertain, r.text_date, r.jorf_date)
            group = open_groups.get(key)
            path = article_path(r.article_id)
            if group is None or path in group[1] or last_commit.get(path, -1) > group[2]:
                commit = PlannedCommit(r.start, r.source, r.date_uncertain, r.text_date, r.jorf_date)
                group = open_groups[key] = (commit, set(), len(todays))
                todays.append(commit)
            commit, paths, place = group
            paths.add(path)
            last_commit[path] = place
            if r.kind == "text":
                (commit.created if before in (None, *END_KINDS) else commit.modified).append(r.article_id)
                commit.changes.append(_Pending(path, r))  # type: ignore[arg-type]
            else:
                (commit.abrogated if r.kind == "abrogation" else commit.transferred).append(r.article_id)
                if r.kind == "transfer":
                    commit.successors[r.article_id] = r.successor
                commit.changes.append(Change(path, None, r.rowid))  # type: ignore[arg-type]
        yield from todays


class _Pending(NamedTuple):
    """A file version planned, its text not read yet."""

    path: str
    row: Row


def with_contents(
    index: Index, commits: Iterable[PlannedCommit], held: dict[int, str] | None = None
) -> Iterator[PlannedCommit]:
    """The commits with each file version rendered, the texts read from the index RENDER_BATCH at a time.

    `held`: rowid -> the blob of the rows whose file the repository holds already (a row changes, and loses
    it, whenever anything its file shows changes): those are named by their blob, not rendered again.
    """
    held = held or {}
    batch: list[PlannedCommit] = []
    size = 0
    for c in commits:
        batch.append(c)
        size += len(c.changes)
        if size >= RENDER_BATCH:
            yield from _render(index, batch, held)
            batch, size = [], 0
    yield from _render(index, batch, held)


def _render(index: Index, batch: list[PlannedCommit], held: dict[int, str]) -> Iterator[PlannedCommit]:
    pending = [ch for c in batch for ch in c.changes if isinstance(ch, _Pending) and ch.row.rowid not in held]
    bodies = index.texts({ch.row.text_sha for ch in pending} - {None})
    for c in batch:
        c.changes = [
            (
                Change(ch.path, None, ch.row.rowid, blob=held[ch.row.rowid])  # type: ignore[index]
                if ch.row.rowid in held
                else Change(ch.path, render(ch.row, bodies.get(ch.row.text_sha or "")), ch.row.rowid)  # type: ignore[arg-type]
            )
            if isinstance(ch, _Pending)
            else ch
            for ch in c.changes
        ]
        yield c


def write_view(
    index: Index,
    repo: GitRepo,
    since: str | None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[str | None, int]:
    """Rewrite the branch from `since` (None = from scratch) onto the pending ref, inside the caller's
    transaction: records commit ids and the new tip in the index. Returns (tip, commits written).

    git fast-import runs while this process runs `meanwhile` (an ingest updates its full-text index there):
    git, another process, then has the other core.
    """
    if since is None:  # from scratch
        kept, since = [], ""
    else:
        kept = [(sha, d) for sha, d in index.branch_commits() if d < since]
    parent = kept[-1][0] if kept else None
    written: list[tuple[str, array[int]]] = []  # (date, rows) of each commit, in order
    held = _held_blobs(index, repo, since) if index.meta("tip") and since else {}

    def planned() -> Iterator[PlannedCommit]:
        last_kind = index.last_kinds(since)
        for c in with_contents(index, plan_commits(index.live_days(since), last_kind), held):
            written.append((c.date, array("q", [ch.rowid for ch in c.changes])))
            yield c

    processes, share = _shares(index, since)
    # Weighing git's work (a large rewrite on several cores) read the versions, which made SQLite write out
    # the pages a first ingest left in its cache (250 MB on steeve's 64 codes): that memory goes back now,
    # not after the view (the main process's peak there: 578 -> 532 MB).
    give_back(index.conn)
    imported = repo.fast_import(parent, planned(), meanwhile=meanwhile, share=share, processes=processes)
    shas, blobs = imported.commits, imported.blobs
    index.set_commits(
        (sha, blobs.get(rowid) or held.get(rowid), rowid)
        for sha, (_, rows) in zip(shas, written, strict=True)
        for rowid in rows
    )
    commits = kept + [(sha, day) for sha, (day, _) in zip(shas, written, strict=True)]
    index.set_branch_commits(commits)
    tip = commits[-1][0] if commits else None
    index.set_meta("tip", tip)
    return tip, len(shas)


def _held_blobs(index: Index, repo: GitRepo, since: str) -> dict[int, str]:
    """rowid -> blob of the rows from `since` whose file an earlier write of the view left in the repository
    (index.blobs), those blobs git confirms it has: a rewrite names them rather than writing them again."""
    held = index.blobs(since)
    have = held_blobs(str(repo.path), set(held.values()))
    return {rowid: blob for rowid, blob in held.items() if blob in have}


def split_min() -> int:
    """Below this many file versions to write, one git process writes the view (a split costs processes
    more): LEXTRACK_SPLIT_MIN, else 20 000."""
    env = os.environ.get("LEXTRACK_SPLIT_MIN", "").strip()
    return int(env) if env.isdigit() else 20_000


def _shares(index: Index, since: str) -> tuple[int, Callable[[str], int] | None]:
    """How many git processes write the view from `since`, and which writes each code's folders: one per core
    for a large rewrite (store/fastimport.py), the codes weighed by what git will do for them."""
    n = workers()
    if n <= 1:
        return 1, None
    weights = git_work(index, since)
    if sum(w for w in weights.values()) < split_min() * BLOB_US:
        return 1, None
    return n, share_out(weights, n)


# What git fast-import spends (measured on steeve's 64 codes: 10.7 CPU s for 238 000 file versions, 24 for
# 2.8 GB of folder trees when the view was flat): per file version, and per entry of a folder tree it writes
# again.
BLOB_US, TREE_ENTRY_US = 45.0, 0.38


def git_work(index: Index, since: str) -> dict[str, float]:
    """Each code's cost to git (µs) in a rewrite from `since`: its file versions, and for each commit that
    touches it (one per day and amending text) its folder of chapters then (the chapters born by that day;
    the chapter folders themselves, a few dozen entries, are left out)."""
    code = "substr(article_id, 1, instr(article_id, '/') - 1)"
    commits: dict[str, list[tuple[str, int]]] = {}
    for c, start, files in index.conn.execute(
        f"SELECT {code}, start, count(*) FROM versions WHERE start >= ? AND {LIVE_SQL} GROUP BY 1, 2, source "
        "ORDER BY 2",
        (since,),
    ):
        commits.setdefault(c, []).append((start, files))
    # The chapters of the codes written again only: an ingest of one new commit reads one code's articles.
    born: dict[str, list[str]] = {}  # code -> the day each of its chapter folders appeared, in order
    for c in commits:
        seen: set[str] = set()
        for aid, first in index.conn.execute(
            "SELECT article_id, min(start) FROM versions WHERE article_id >= ? AND article_id < ? AND "
            f"{LIVE_SQL} GROUP BY article_id ORDER BY 2",
            (f"{c}/", f"{c}0"),  # ('0' follows '/')
        ):
            if (folder := folder_of(aid.partition("/")[2])) not in seen:
                seen.add(folder)
                born.setdefault(c, []).append(first)
    work: dict[str, float] = {}
    for c, days in commits.items():
        firsts, i, total = born.get(c, []), 0, 0.0
        for start, files in days:
            while i < len(firsts) and firsts[i] <= start:
                i += 1
            total += files * BLOB_US + i * TREE_ENTRY_US
        work[c] = total
    return work


def move_branch(index: Index, repo: GitRepo) -> None:
    """Step 5: point the branch at the tip the index records; drop the pending ref."""
    tip = index.meta("tip")
    current = repo.ref("refs/heads/main")
    if tip and current != tip:
        repo.update_ref("refs/heads/main", tip)
    repo.update_ref_quiet_pending()


def days_of(rows: Iterable[Row]) -> Iterator[list[Row]]:
    """Rows in start order cut into days, each day's rows in the order they took effect."""
    for _, day in groupby(rows, key=lambda r: r.start):
        yield in_order(day)
