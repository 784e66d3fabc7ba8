"""`lextrack verify`: does the index hold together, and does the git view say what the index says?"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lextrack.store.gitrepo import BRANCH, PENDING, article_path, render, run_git
from lextrack.store.index import text_sha

if TYPE_CHECKING:
    from lextrack.store import Store

MAX_REPORTED = 50


def verify(store: Store) -> list[str]:
    """Every problem found, one line each; an empty list means the store is sound."""
    problems: list[str] = []
    index, repo = store.index, store.repo
    rows = index.all_rows()
    by_article: dict[str, list] = {}
    for r in rows:
        by_article.setdefault(r.article_id, []).append(r)

    # 1. the index on its own
    known = set(index.article_ids())
    for aid, rs in by_article.items():
        if aid not in known:
            problems.append(f"index: {aid} has versions but no article row")
        live = [r for r in rs if r.live]
        for a, b in zip(live, live[1:], strict=False):
            if a.end is None or a.end > b.start or (a.end < b.start and a.end != a.end_hint):
                problems.append(f"index: {aid} version from {a.start} ends {a.end}, next starts {b.start}")
        for r in live:
            if r.end is not None and r.end < r.start:
                problems.append(f"index: {aid} version from {r.start} ends before it starts ({r.end})")
    for sha, body in index.conn.execute("SELECT sha, body FROM texts"):
        if text_sha(body) != sha:
            problems.append(f"index: text {sha[:12]} does not match its content")
    missing = index.conn.execute(
        "SELECT COUNT(*) FROM versions WHERE text_sha IS NOT NULL AND text_sha NOT IN (SELECT sha FROM texts)"
    ).fetchone()[0]
    if missing:
        problems.append(f"index: {missing} versions point at a missing text")

    # 2. the branch against the index
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
    if tip and repo.has_commit(tip):
        chain = repo.first_parent_chain(tip)
        recorded = [sha for sha, _ in index.branch_commits()]
        if chain != recorded:
            problems.append(f"git: the branch has {len(chain)} commits, the index records {len(recorded)}")
        in_chain = set(chain)
        have = {(r.commit_sha, article_path(r.article_id)) for r in rows if r.live and r.commit_sha}
        lost = sorted(branch_changes(repo, tip) - have)
        for sha, path in lost[:10]:
            problems.append(
                f"index: commit {sha[:12]} changes {path} but the index has no version for it "
                "(rows lost? `lextrack verify --repair` rebuilds the index from the git view)"
            )
        checked = []
        for r in rows:
            if not r.live:
                continue
            if not r.commit_sha or r.commit_sha not in in_chain:
                problems.append(f"git: {r.article_id} version from {r.start} has no commit on the branch")
                continue
            checked.append(r)
        contents = repo.files_at([(r.commit_sha, article_path(r.article_id)) for r in checked])
        texts = dict(index.conn.execute("SELECT sha, body FROM texts"))
        for r, content in zip(checked, contents, strict=True):
            where = f"{r.article_id} version from {r.start}"
            if r.kind == "text":
                want = render(r, texts.get(r.text_sha or ""))
                if content != want:
                    problems.append(f"git: {where}: file at {r.commit_sha[:12]} differs from the index")
            elif content is not None:
                problems.append(f"git: {where}: {r.kind} but the file is still there at {r.commit_sha[:12]}")
            if len(problems) > MAX_REPORTED:
                break
        files = set(repo.tree_files(tip))
        expected = {
            article_path(aid)
            for aid, rs in by_article.items()
            if [r for r in rs if r.live] and [r for r in rs if r.live][-1].kind == "text"
        }
        for path in sorted(files - expected)[:10]:
            problems.append(f"git: {path} is at the tip but not in force at the end of the index")
        for path in sorted(expected - files)[:10]:
            problems.append(f"git: {path} is missing at the tip")
    elif tip:
        problems.append(f"git: the index's tip {tip[:12]} is not in the repository")
    problems += repo.fsck()
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
