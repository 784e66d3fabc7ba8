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

from datetime import UTC, datetime

from lextrack import fulltext
from lextrack.model import Article
from lextrack.store.gitrepo import GitRepo
from lextrack.store.index import Index, Row, text_sha
from lextrack.store.ingest_result import IngestResult
from lextrack.store.merge import merge
from lextrack.store.observation import Observation
from lextrack.store.refs import RefWriter
from lextrack.store.view import move_branch, write_view


def apply(index: Index, repo: GitRepo, observations: list[Observation], what: str) -> IngestResult:
    """Steps 2-5 of the module docstring (the caller holds the lock and has read every input)."""
    conn = index.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        inserts, updates, texts, articles, moved_from = merge(index, observations)
        if not inserts and not updates:
            conn.execute("ROLLBACK")
            return IngestResult(len(observations), 0, 0, 0, 0, index.meta("tip"), None, 0)
        index.add_articles(articles)
        index.add_texts(texts)
        index.insert_rows(inserts)
        index.update_rows(updates)
        live = [r.start for r in inserts + updates if r.live or r.state == "repeat"] + moved_from
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
        len(moved_from),
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
    writer = RefWriter(conn)
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
                writer.drop_version(r.article_id, r.start)
            continue
        key = (r.article_id, r.start, r.text_sha or "")
        article, computed = articles.get(key, (None, None))
        if article is not None:
            used.add(key)
            writer.add(article, r.start, r.end, state=r.state, computed=computed)  # type: ignore[arg-type]
        else:  # an older version whose end or state changed: its edges end with it
            writer.end_version(r.article_id, r.start, r.end, r.state)
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


