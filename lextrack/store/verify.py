"""`lextrack verify`: does the index hold together, and does the git view say what the index says?

Read article by article and a batch of files at a time, so that a store of the whole of French law is
verified without holding its texts or its files in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lextrack.store.gitrepo import BRANCH, PENDING, blob_id, render, run_git
from lextrack.store.index import Row, text_sha
from lextrack.store.layout import article_path

if TYPE_CHECKING:
    from lextrack.store import Store

MAX_REPORTED = 50
FILE_BATCH = 2_000  # files read from git (and texts from the index) at once
_HASHES = {40: "sha1", 64: "sha256"}  # an object id's length -> its repository's hash


def verify(store: Store) -> list[str]:
    """Every problem found, one line each; an empty list means the store is sound."""
    problems: list[str] = []
    index, repo = store.index, store.repo

    for sha, body in index.conn.execute("SELECT sha, body FROM texts"):
        if text_sha(body) != sha:
            problems.append(f"index: text {sha[:12]} does not match its content")
    missing = index.conn.execute(
        "SELECT COUNT(*) FROM versions WHERE text_sha IS NOT NULL AND text_sha NOT IN (SELECT sha FROM texts)"
    ).fetchone()[0]
    if missing:
        problems.append(f"index: {missing} versions point at a missing text")

    # the branch against the index
    tip, branch = index.meta("tip"), repo.ref(BRANCH)
    if tip is None and branch is not None:
        problems.append(
            "index: records no tip while the git view holds a branch (index lost or replaced? "
            "`lextrack verify --repair` rebuilds it from the git view)"
        )
    elif tip != branch:
        problems.append(
            f"git: branch main is at {branch or 'nothing'}, the index expects {tip or 'nothing'} "
            "(an interrupted ingest? run `lextrack verify --repair`)"
        )
    for lock in repo.stale_locks()[:5]:
        problems.append(
            f"git: {lock.relative_to(repo.path)} is left (a git process was killed; the next ingest or "
            "`lextrack verify --repair` removes it)"
        )
    if repo.ref(PENDING) and tip != branch:
        # Alone, a pending ref is what an ingest killed before its SQLite commit leaves: the store holds
        # the old state whole and the next ingest overwrites it. Only beside a branch that disagrees with
        # the index does it say that an ingest has to be finished.
        problems.append("git: a pending ref from an unfinished ingest is left (`lextrack verify --repair`)")
    view = tip is not None and repo.has_commit(tip)
    if tip and not view:
        problems.append(f"git: the index's tip {tip[:12]} is not in the repository")
    in_chain: set[str] = set()
    changes: set[tuple[str, str]] = set()  # (commit, path) the branch changes that no live row claimed yet
    if view:
        chain = repo.first_parent_chain(tip)  # type: ignore[arg-type]
        recorded = [sha for sha, _ in index.branch_commits()]
        if chain != recorded:
            problems.append(f"git: the branch has {len(chain)} commits, the index records {len(recorded)}")
        in_chain = set(chain)
        changes = branch_changes(repo, tip)  # type: ignore[arg-type]

    # the index article by article, and each live row's file in the view
    known = set(index.article_ids())
    expected: set[str] = set()  # paths of the articles in force at the end of the index
    batch: list[Row] = []
    for aid, rows in index.rows_by_article():
        if aid not in known:
            problems.append(f"index: {aid} has versions but no article row")
        live = [r for r in rows if r.live]
        for a, b in zip(live, live[1:], strict=False):
            if a.end is None or a.end > b.start or (a.end < b.start and a.end != a.end_hint):
                problems.append(f"index: {aid} version from {a.start} ends {a.end}, next starts {b.start}")
        for r in live:
            if r.end is not None and r.end < r.start:
                problems.append(f"index: {aid} version from {r.start} ends before it starts ({r.end})")
        if live and live[-1].kind == "text":
            expected.add(article_path(aid))
        if not view:
            continue
        for r in live:
            if r.commit_sha:
                changes.discard((r.commit_sha, article_path(aid)))
            if not r.commit_sha or r.commit_sha not in in_chain:
                problems.append(f"git: {aid} version from {r.start} has no commit on the branch")
            elif len(problems) <= MAX_REPORTED:
                batch.append(r)
                if len(batch) >= FILE_BATCH:
                    problems += _files_differ(store, batch)
                    batch = []
    if view:
        problems += _files_differ(store, batch)
        for sha, path in sorted(changes)[:10]:
            problems.append(
                f"index: commit {sha[:12]} changes {path} but the index has no version for it "
                "(rows lost? `lextrack verify --repair` rebuilds the index from the git view)"
            )
        files = repo.tree_paths(tip)  # type: ignore[arg-type]
        for path in sorted(files - expected)[:10]:
            problems.append(f"git: {path} is at the tip but not in force at the end of the index")
        for path in sorted(expected - files)[:10]:
            problems.append(f"git: {path} is missing at the tip")
    problems += repo.fsck()
    return problems


def _files_differ(store: Store, rows: list[Row]) -> list[str]:
    """Each row's file at its commit, against the file the index says it is (and the blob it records: a
    rewrite of the view names it)."""
    contents = store.repo.files_at([(r.commit_sha, article_path(r.article_id)) for r in rows])  # type: ignore[misc]
    texts = store.index.texts({r.text_sha for r in rows if r.text_sha})
    blobs = store.index.blobs_of([r.rowid for r in rows if r.rowid is not None])
    problems = []
    for r, content in zip(rows, contents, strict=True):
        where, at = f"{r.article_id} version from {r.start}", (r.commit_sha or "")[:12]
        if r.kind == "text":
            if content != render(r, texts.get(r.text_sha or "")):
                problems.append(f"git: {where}: file at {at} differs from the index")
            elif (blob := blobs.get(r.rowid)) and blob != blob_id(content, _HASHES.get(len(blob), "sha1")):
                problems.append(f"index: {where}: records blob {blob[:12]}, its file at {at} is another")
        elif content is not None:
            problems.append(f"git: {where}: {r.kind} but the file is still there at {at}")
    return problems


def branch_changes(repo, tip: str) -> set[tuple[str, str]]:  # noqa: ANN001 - a GitRepo
    """(commit, path) of every file each commit of the branch adds, changes or deletes: one per live row."""
    out = run_git(
        repo.path, "-c", "core.quotePath=false", "log", "--first-parent", "--root", "--no-renames", "--raw",
        "--no-abbrev", "--format=%x1e%H", tip,
    )  # fmt: skip
    changes = set()
    for chunk in out.split("\x1e")[1:]:
        sha, _, raw = chunk.partition("\n")
        for line in raw.splitlines():
            if line.startswith(":") and "\t" in line:
                changes.add((sha.strip(), line.split("\t", 1)[1]))
    return changes
