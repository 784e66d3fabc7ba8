"""The git view: the index's rows in date order written as commits (fast-import), and the branch moved."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait

from lextrack.store.gitrepo import Change, GitRepo, PlannedCommit, article_path, render
from lextrack.store.index import Index, Row
from lextrack.vocab import END_KINDS


def plan_commits(rows: Iterable[Row], since: str, bodies: dict[str, str]) -> Iterator[PlannedCommit]:
    """The commits of the branch from `since` on, from the index's rows in date order.

    `bodies`: the text of every version from `since` on, by sha. Each change names the index row it writes.
    """
    last_kind: dict[str, str] = {}
    day: str | None = None
    todays: list[PlannedCommit] = []
    # (source, uncertain) -> the open commit of the day and the paths it writes
    open_groups: dict[tuple, tuple[PlannedCommit, set[str]]] = {}
    for r in rows:
        if not r.live:
            continue
        before = last_kind.get(r.article_id)
        last_kind[r.article_id] = r.kind
        if r.start < since:
            continue
        if r.start != day:
            yield from todays
            day, todays, open_groups = r.start, [], {}
        key = (r.source, r.date_uncertain, r.text_date, r.jorf_date)
        group = open_groups.get(key)
        path = article_path(r.article_id)
        if group is None or path in group[1]:
            # (an article twice the same day by the same text: two commits, in order)
            commit = PlannedCommit(r.start, r.source, r.date_uncertain, r.text_date, r.jorf_date)
            group = open_groups[key] = (commit, set())
            todays.append(group[0])
        commit, paths = group
        paths.add(path)
        if r.kind == "text":
            (commit.created if before in (None, *END_KINDS) else commit.modified).append(r.article_id)
            body = render(r, bodies.get(r.text_sha) if r.text_sha else None)
            commit.changes.append(Change(path, body, r.rowid))  # type: ignore[arg-type]
        else:
            (commit.abrogated if r.kind == "abrogation" else commit.transferred).append(r.article_id)
            if r.kind == "transfer":
                commit.successors[r.article_id] = r.successor
            commit.changes.append(Change(path, None, r.rowid))  # type: ignore[arg-type]
    yield from todays


def write_view(
    index: Index,
    repo: GitRepo,
    since: str | None,
    texts: dict[str, str] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[str | None, int]:
    """Rewrite the branch from `since` (None = from scratch) onto the pending ref, inside the caller's
    transaction: records commit ids and the new tip in the index. Returns (tip, commits written).

    Commits are planned and written to git fast-import by a thread, while this one runs `meanwhile` (an
    ingest records its graph edges there): git, another process, then has the other core. The thread
    touches no SQLite: rows and texts are read here first.
    """
    kept = index.branch_commits()
    if since is not None:
        kept = [(sha, d) for sha, d in kept if d < since]
    parent = kept[-1][0] if kept else None
    rows = index.all_rows()
    bodies = dict(texts or {})
    for r in rows:
        if r.text_sha and r.text_sha not in bodies and r.start >= (since or "") and r.live:
            bodies[r.text_sha] = index.text(r.text_sha)  # type: ignore[assignment]
    plans: list[PlannedCommit] = []

    def plan_and_write() -> list[str]:
        plans.extend(plan_commits(rows, since or "", bodies))
        return repo.fast_import(parent, plans)

    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(plan_and_write)
        try:
            if meanwhile is not None:
                meanwhile()
        except BaseException:
            wait([job])  # no fast-import left running; the caller drops what it wrote
            raise
        shas = job.result()
    pairs: list[tuple[str | None, int]] = []
    for sha, plan in zip(shas, plans, strict=True):
        pairs += [(sha, ch.rowid) for ch in plan.changes]
    index.set_commits(pairs)
    commits = kept + [(sha, p.date) for sha, p in zip(shas, plans, strict=True)]
    index.set_branch_commits(commits)
    tip = commits[-1][0] if commits else None
    index.set_meta("tip", tip)
    return tip, len(shas)


def move_branch(index: Index, repo: GitRepo) -> None:
    """Step 5: point the branch at the tip the index records; drop the pending ref."""
    tip = index.meta("tip")
    current = repo.ref("refs/heads/main")
    if tip and current != tip:
        repo.update_ref("refs/heads/main", tip)
    repo.update_ref_quiet_pending()
