"""Observations -> index rows -> one all-or-nothing transaction with the git view written beside it.

Order of a write (under the store lock):
1. every input is read and parsed first: a bad file stops here and nothing is touched;
2. one SQLite transaction inserts the new rows and rechains intervals;
3. git fast-import writes the rewritten part of the history onto a pending ref (the branch is untouched);
4. the commit ids and the new tip go into the same transaction, which commits: the index is the truth;
5. the branch moves to the new tip with a compare-and-swap update-ref, and the pending ref is dropped.
A crash before 4 leaves the index as before (the pending ref is garbage, cleared next time); a crash
between 4 and 5 leaves an index whose recorded tip is ahead of the branch: `recover` finishes the move
(or rebuilds the view from the index), and `verify` reports it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from lextrack import fulltext
from lextrack.model import Article
from lextrack.store.gitrepo import Change, GitRepo, PlannedCommit, article_path, render
from lextrack.store.index import END_KINDS, Index, Row, rechain, text_sha
from lextrack.store.sources import Observation

if TYPE_CHECKING:
    from lextrack.store.refs import RefWriter


@dataclass(frozen=True, slots=True)
class IngestResult:
    observed: int
    added: int
    changed: int
    articles: int
    commits: int
    tip: str | None
    rewritten_from: str | None

    def to_dict(self) -> dict:
        return {
            "observed": self.observed,
            "added": self.added,
            "changed": self.changed,
            "articles": self.articles,
            "commits": self.commits,
            "tip": self.tip,
            "rewritten_from": self.rewritten_from,
        }


def _row_from(o: Observation, sha: str | None, seq: int) -> Row:
    return Row(
        article_id=o.article_id,
        kind=o.kind,
        start=o.start,
        end=o.end,
        end_hint=o.end,
        state=o.state
        or ("in_force" if o.kind == "text" else "abrogated" if o.kind == "abrogation" else "transferred"),
        text_sha=sha,
        source=o.source,
        date_uncertain=o.uncertain,
        origin=o.origin,
        successor=o.successor,
        seq=seq,
        hierarchy=o.hierarchy,
    )


def merge_article(existing: list[Row], obs: list[Observation], texts: dict[str, str]) -> list[Row]:
    """The article's rows after taking `obs` in; unchanged rows come back identical.

    Every distinct observation is kept as a row; `canonical` then marks as "repeat" the rows that say
    nothing new (the same text as the version before: a moved file, an unchanged snapshot; or gone twice).
    Deciding that over all rows, not while reading, makes the history the same whatever order and
    pieces the inputs arrive in.
    """
    rows = list(existing)
    for o in sorted(obs, key=lambda o: (o.start, o.seq)):
        sha = None
        if o.text is not None:
            sha = text_sha(o.text)
            texts[sha] = o.text
        if o.state == "stillborn":
            if not any(r.state == "stillborn" and r.start == o.start for r in rows):
                rows.append(_row_from(o, sha, _free_seq(rows, o.start, o.seq)))
            continue
        same = [
            i
            for i, r in enumerate(rows)
            if r.state != "stillborn" and r.start == o.start and r.kind == o.kind
        ]
        if o.kind != "text":
            if same:
                continue
        elif sha is None:
            if same:
                continue
        elif any(rows[i].text_sha == sha for i in same):
            continue
        else:
            blank = [i for i in same if rows[i].text_sha is None]
            if blank:  # a LEGI version known by its dates only, now with its text
                rows[blank[0]] = replace(rows[blank[0]], text_sha=sha, hierarchy=o.hierarchy)
                continue
        rows.append(_row_from(o, sha, _free_seq(rows, o.start, o.seq)))
    return canonical(rows)


_END_STATE = {"abrogation": "abrogated", "transfer": "transferred"}


def canonical(rows: list[Row]) -> list[Row]:
    """Mark repeats (a row saying what the live row before it says; an undated copy of a dated version),
    then chain the remaining versions' intervals."""
    out = [r for r in rows if r.state == "stillborn"]
    dated = {r.text_sha for r in rows if r.kind == "text" and r.origin != "undated" and r.text_sha}
    prev: Row | None = None
    for r in sorted((r for r in rows if r.state != "stillborn"), key=lambda r: (r.start, r.seq)):
        repeat = prev is not None and (
            (r.kind == prev.kind == "text" and r.text_sha is not None and r.text_sha == prev.text_sha)
            or (r.kind in END_KINDS and prev.kind in END_KINDS)
        )
        # an undated file whose text is a version the store has dated: that version, not a new one
        repeat = repeat or (r.origin == "undated" and r.text_sha in dated)
        if repeat:
            out.append(r if r.state == "repeat" and r.end is None else replace(r, state="repeat", end=None))
            continue
        if r.state == "repeat":
            r = replace(r, state=_END_STATE.get(r.kind, "in_force"))
        out.append(r)
        prev = r
    return rechain(out)


def _free_seq(rows: list[Row], start: str, seq: int) -> int:
    taken = {r.seq for r in rows if r.start == start}
    if seq not in taken:
        return seq
    return max(taken | {seq}) + 1


def merge(
    index: Index, observations: list[Observation]
) -> tuple[list[Row], list[Row], dict[str, str], list[tuple[str, str, str]]]:
    """New rows, changed rows, new texts and new articles: what the transaction will write."""
    by_article: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_article[o.article_id].append(o)
    inserts: list[Row] = []
    updates: list[Row] = []
    texts: dict[str, str] = {}
    articles: list[tuple[str, str, str]] = []
    for aid, obs in by_article.items():
        existing = index.rows(aid)
        if not existing and not index.has_article(aid):
            articles.append((aid, obs[0].code, obs[0].num))
        old = {r.rowid: r for r in existing}
        merged = merge_article(existing, obs, texts)
        for r in merged:
            if r.rowid is None:
                inserts.append(r)
            elif r != old[r.rowid]:
                updates.append(r)
    return inserts, updates, texts, articles


def plan_commits(rows: Iterable[Row], since: str, bodies: dict[str, str]) -> Iterator[PlannedCommit]:
    """The commits of the branch from `since` on, from the index's rows in date order.

    `bodies`: the text of every version from `since` on, by sha. Each change names the index row it writes.
    """
    last_kind: dict[str, str] = {}
    day: str | None = None
    todays: list[PlannedCommit] = []
    # (source, uncertain) -> the open commit of the day and the paths it writes
    open_groups: dict[tuple[str | None, bool], tuple[PlannedCommit, set[str]]] = {}
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
        key = (r.source, r.date_uncertain)
        group = open_groups.get(key)
        path = article_path(r.article_id)
        if group is None or path in group[1]:
            # (an article twice the same day by the same text: two commits, in order)
            group = open_groups[key] = (PlannedCommit(r.start, r.source, r.date_uncertain), set())
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


def apply(index: Index, repo: GitRepo, observations: list[Observation], what: str) -> IngestResult:
    """Steps 2-5 of the module docstring (the caller holds the lock and has read every input)."""
    conn = index.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        inserts, updates, texts, articles = merge(index, observations)
        if not inserts and not updates:
            conn.execute("ROLLBACK")
            return IngestResult(len(observations), 0, 0, 0, 0, index.meta("tip"), None)
        index.add_articles(articles)
        index.add_texts(texts)
        index.insert_rows(inserts)
        index.update_rows(updates)
        live = [r.start for r in inserts + updates if r.live or r.state == "repeat"]
        since = min(live) if live else None

        def edges() -> None:
            record_refs(index, observations, inserts, updates, texts)

        if since is None:
            edges()
            tip, n = index.meta("tip"), 0
        else:
            tip, n = write_view(index, repo, since, texts, meanwhile=edges)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        index.record_ingest(stamp, what, len(inserts), len(updates), tip)
        fulltext.update(conn, {r.article_id for r in inserts + updates})  # the web view's search index
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        repo.update_ref_quiet_pending()
        raise
    move_branch(index, repo)
    return IngestResult(
        len(observations),
        sum(1 for r in inserts if r.state != "repeat"),
        len(updates),
        len(articles),
        n,
        tip,
        since,
    )


def record_refs(
    index: Index,
    observations: list[Observation],
    inserts: list[Row],
    updates: list[Row],
    texts: dict[str, str] | None = None,
) -> None:
    """Hand every new version's parsed article to the graph's refs table, in this same transaction.

    `texts`: what merge hashed (sha -> text), so that no text is hashed twice.
    """
    try:
        from lextrack.store import refs
    except ImportError:  # pragma: no cover - the graph is optional
        return
    conn = index.conn
    articles: dict[tuple[str, str | None, str], tuple[Article | None, object]] = {}
    sha_of = {text: sha for sha, text in (texts or {}).items()}
    for o in observations:
        if o.kind != "text" or o.article is None or o.text is None:
            continue
        key = (o.article_id, o.start, sha_of.get(o.text) or text_sha(o.text))
        held = articles.get(key, (None, None))[0]
        if held is None or len(o.article.links) >= len(held.links):  # the copy that says most wins
            articles[key] = (o.article, o.refs)
    writer = refs.RefWriter(conn)
    used: set[tuple[str, str | None, str]] = set()
    for r in inserts + updates:
        if r.kind != "text":
            continue
        if writer.pending(r.article_id, r.start):  # the statements below touch that version's rows
            writer.flush()
        if r.state == "repeat":  # no longer a version of its own: its edges go
            if r.rowid is not None and not any(
                x.live and x.start == r.start for x in index.rows(r.article_id)
            ):
                conn.execute("DELETE FROM refs WHERE article_id=? AND start=?", (r.article_id, r.start))
                conn.execute(
                    "DELETE FROM ref_versions WHERE article_id=? AND start=?", (r.article_id, r.start)
                )
            continue
        key = (r.article_id, r.start, r.text_sha or "")
        article, computed = articles.get(key, (None, None))
        if article is not None:
            used.add(key)
            writer.add(article, r.start, r.end, state=r.state, computed=computed)  # type: ignore[arg-type]
        else:  # an older version whose end or state changed: its edges end with it
            conn.execute(
                "UPDATE refs SET end=? WHERE article_id=? AND start=?", (r.end, r.article_id, r.start)
            )
            conn.execute(
                "UPDATE ref_versions SET end=?, state=? WHERE article_id=? AND start=?",
                (r.end, r.state, r.article_id, r.start),
            )
    _lend_links(index, articles, used, writer)
    writer.flush()


def _lend_links(
    index: Index,
    articles: dict[tuple[str, str | None, str], tuple[Article | None, object]],
    used: set[tuple[str, str | None, str]],
    writer: RefWriter,
) -> None:
    """A text the store already holds may still carry what its version lacked: metadata links.

    R133-19's seed file repeats the git history's text but alone says "Créé par", "TRANSFERE" and
    "Nouveaux textes"; its edges are recorded on the version with that text so the graph keeps them.
    """
    for (article_id, start, sha), (article, computed) in articles.items():
        if article is None or not article.links or (article_id, start, sha) in used:
            continue
        same = [x for x in index.rows(article_id) if x.live and x.text_sha == sha]
        if not same:
            continue
        host = next((x for x in same if x.start == start), max(same, key=lambda x: x.start))
        writer.add(article, host.start, host.end, state=host.state, computed=computed)  # type: ignore[arg-type]


def move_branch(index: Index, repo: GitRepo) -> None:
    """Step 5: point the branch at the tip the index records; drop the pending ref."""
    tip = index.meta("tip")
    current = repo.ref("refs/heads/main")
    if tip and current != tip:
        repo.update_ref("refs/heads/main", tip)
    repo.update_ref_quiet_pending()
