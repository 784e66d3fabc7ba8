"""Observations -> index rows -> one all-or-nothing transaction with the git view written beside it.

Order of a write (under the store lock):
1. one SQLite transaction is opened; the observations come in windows (a git history is read a few
   thousand commits at a time, store/history.py): each window is merged into the index's rows, its rows,
   texts and edges are written, in that same transaction. A file the reader cannot read is rejected and the
   ingest goes on; a strict ingest stops there, and the transaction is rolled back: nothing is touched;
2. once every window is in, git fast-import writes the rewritten part of the history (from the earliest day
   any window changed) onto a pending ref, the branch untouched, while the full-text index is updated;
3. the commit ids, the new tip, the ingest, its rejected files and where the source was read up to go into
   the same transaction, which commits: the index is the truth;
4. the branch moves to the new tip with a compare-and-swap update-ref, and the pending ref is dropped.
A crash before 3 leaves the index as before (the pending ref is garbage, cleared next time); a crash
between 3 and 4 leaves an index whose recorded tip is ahead of the branch: `recover` finishes the move
(or rebuilds the view from the index), and `verify` reports it.

The view is written once, at the end, not window by window: a history's later commits often date versions
of much earlier days (steeve's 64 codes: written per window of 2 000 commits, 866 000 file versions would
be written for its 238 000), and the earliest day a window changes is where its rewrite starts.
"""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from lextrack import fulltext
from lextrack.model import Article
from lextrack.store.gitrepo import GitRepo
from lextrack.store.index import Index, text_sha
from lextrack.store.ingest_result import Damage, IngestResult, Rejection
from lextrack.store.memory import give_back
from lextrack.store.merge import Merged, merge
from lextrack.store.observation import Observation
from lextrack.store.refs import RefWriter, held_targets
from lextrack.store.transaction import all_or_nothing
from lextrack.store.view import move_branch, write_view
from lextrack.store.window import Window


def apply(index: Index, repo: GitRepo, observations: list[Observation], what: str) -> IngestResult:
    """One batch of observations (files, a snapshot, a rebuild): one window."""
    return apply_windows(index, repo, [Window(observations)], what)


def apply_windows(
    index: Index,
    repo: GitRepo,
    windows: Iterable[Window],
    what: str,
    *,
    before_commit: Callable[[], bool] | None = None,
    progress: Callable[[str], None] | None = None,
) -> IngestResult:
    """Steps 1-4 of the module docstring (the caller holds the lock).

    `before_commit`: run last in the transaction (a history records where it was read up to); it returns
    whether it wrote anything, so that the transaction commits even when no version changed.
    """
    conn = index.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size=-{CACHE_KB}")  # an ingest's pages stay in memory, not re-read
    rollback_journal = _rollback_journal_if_empty(conn)
    try:
        return _apply_windows(index, repo, windows, what, before_commit, cache, progress or _quiet)
    finally:
        conn.execute(f"PRAGMA cache_size={cache}")
        if rollback_journal:
            conn.execute("PRAGMA journal_mode=WAL")


def _quiet(_: str) -> None:
    pass


def _rollback_journal_if_empty(conn: sqlite3.Connection) -> bool:
    """The first ingest into an empty index writes it with a rollback journal, later ones through the WAL.

    In WAL mode each page of a new 900 MB index (steeve's 64 codes) is written twice, to the WAL then to the
    database when COMMIT checkpoints: 4 s with nothing else to do at the end of the ingest. A rollback journal
    holds only the pages that existed before, none here, and a crash rolls it back as surely. Where a reader
    has the index open the mode cannot change: the ingest goes through the WAL as always.
    """
    if conn.execute("SELECT 1 FROM versions LIMIT 1").fetchone() is not None:
        return False
    try:
        return conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0].lower() == "delete"
    except sqlite3.OperationalError:  # another connection holds the database
        return False


# SQLite's page cache while the windows are written: the inserts of a whole history touch the indexes of
# versions and refs all over; with the default 2 MB, pages are written out and read back again and again
# (100 000 edges inserted into the index of steeve's 64 codes: 3.0 CPU s with 2 MB, 2.7 with 64, 1.6 with
# 256; the whole of that history, three alternating pairs of runs: 56.7 s on average with 128 MB, 55.3 with
# 256, 2.7 CPU s less; 512 gains nothing more).
CACHE_KB = 256 * 1024


def _apply_windows(
    index: Index,
    repo: GitRepo,
    windows: Iterable[Window],
    what: str,
    before_commit: Callable[[], bool] | None,
    cache: int,
    progress: Callable[[str], None],
) -> IngestResult:
    conn = index.conn
    conn.execute("BEGIN IMMEDIATE")
    observed = added = changed = new_articles = redated = commits = 0
    since: str | None = None
    touched: set[str] = set()
    rejected: list[Rejection] = []
    damaged: list[Damage] = []
    warnings: Counter[str] = Counter()
    # rows from here on are this ingest's: moving them is not re-dating what the store held (creations.py)
    first_new = (conn.execute("SELECT MAX(rowid) FROM versions").fetchone()[0] or 0) + 1
    with all_or_nothing(index, repo, "ingest"):
        for w in windows:
            observed += sum(1 for o in w.observations if not o.redate_only)
            commits += w.commits
            if w.commits:
                progress(f"{observed} versions read from {commits} commits")
            rejected += w.rejected
            damaged += w.damaged
            warnings.update(w.warnings)
            m = merge(index, w.observations)
            inserts, updates = m.inserts, m.updates
            if not inserts and not updates:
                continue
            index.add_articles(m.articles)
            index.add_texts(m.texts)
            index.insert_rows(inserts)
            index.update_rows(updates, m.unseen, m.rekeyed)
            added += sum(1 for r in inserts if r.state != "repeat")
            changed += len(updates)
            new_articles += len(m.articles)
            redated += sum(1 for _, _, rowid in m.moved if rowid < first_new)
            if m.days:
                since = min(m.days) if since is None else min(since, *m.days)
            record_refs(index, w.observations, m)
            touched.update(sys.intern(r.article_id) for r in inserts + updates)  # (shared with the reader's)
        wrote = before_commit() if before_commit is not None else False
        _give_back_memory(conn, cache)  # the view is read in order: a small cache does, git needs the memory
        if not touched and not rejected and not wrote:
            conn.execute("ROLLBACK")
            return IngestResult(observed, 0, 0, 0, 0, index.meta("tip"), None, 0, (), tuple(damaged),
                                tuple(warnings.items()))  # fmt: skip

        def derived() -> None:
            if touched:
                fulltext.update(conn, touched)  # the web view's search index
                held_targets(conn, touched)  # edges to R*… or CGI articles, now that the store knows them

        n = 0
        tip = index.meta("tip")
        if since is not None:
            progress(f"{observed} versions read from {commits} commits; writing the git view from {since}")
            tip, n = write_view(index, repo, since, meanwhile=derived)
        else:
            derived()
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        ingest = index.record_ingest(stamp, what, added, changed, tip)
        index.record_rejected(ingest, [(r.commit, r.path, r.reason) for r in rejected])
        conn.execute("COMMIT")
    move_branch(index, repo)
    return IngestResult(
        observed,
        added,
        changed,
        new_articles,
        n,
        tip,
        since,
        redated,
        tuple(rejected),
        tuple(damaged),
        tuple(warnings.items()),
    )


def _give_back_memory(conn: sqlite3.Connection, cache: int) -> None:
    conn.execute(f"PRAGMA cache_size={cache}")
    give_back(conn)


def record_refs(index: Index, observations: list[Observation], m: Merged) -> None:
    """Hand every new version's parsed article to the graph's refs table, in this same transaction.

    From `m`: the texts merge hashed (so that no text is hashed twice); the re-dated rows, whose edges go
    with them; the rows the index had before: edges are stored for those days only, so a new version's are
    not looked for to be replaced; the day owners, when two texts of an article start the same day.
    """
    conn = index.conn
    articles: dict[tuple[str, str | None, str], tuple[Article | None, object]] = {}
    sha_of = {text: sha for sha, text in m.texts.items()}
    for o in observations:
        if o.kind != "text" or o.article is None or o.text is None:
            continue
        key = (o.article_id, o.start, sha_of.get(o.text) or text_sha(o.text))
        held = articles.get(key, (None, None))[0]
        if held is None or len(o.article.links) >= len(held.links):  # the copy that says most wins
            articles[key] = (o.article, o.refs)
    writer = RefWriter(conn)
    for article_id, start, _ in m.moved:
        if not any(x.live and x.start == start for x in index.rows(article_id)):
            writer.drop_version(article_id, start)  # nothing is left at the day a re-dated row left
    used: set[tuple[str, str | None, str]] = set()
    ended: list[tuple[str, str, str | None, str]] = []  # (article, start, end, state), written at once
    for r in m.inserts + m.updates:
        if r.kind != "text":
            continue
        owner = m.owners.get((r.article_id, r.start))
        if owner is not None and r.live and owner != r.seq:
            continue  # a later text took effect the same day: the edges of that day are that text's
        if writer.pending(r.article_id, r.start):  # the statements below touch that version's rows
            writer.flush()
        if r.state == "repeat":  # no longer a version of its own: its edges go
            if r.rowid is not None and not any(
                x.live and x.start == r.start for x in index.rows(r.article_id)
            ):
                writer.drop_version(r.article_id, r.start)
            continue
        key = (r.article_id, r.start, r.text_sha or "")
        article, computed = articles.get(key, (None, None))
        if article is not None:
            used.add(key)
            fresh = r.rowid is None and (r.article_id, r.start) not in m.before
            writer.add(article, r.start, r.end, state=r.state, computed=computed, fresh=fresh)  # type: ignore[arg-type]
        else:  # an older version whose end or state changed: its edges end with it
            ended.append((r.article_id, r.start, r.end, r.state))
    _lend_links(index, articles, used, writer)
    writer.flush()
    writer.end_versions(ended)


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
