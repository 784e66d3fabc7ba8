"""`check`: citations whose cited article was not in force while they held, citations leaving the corpus,
and anomalies of the index itself — for the whole store, one code, or one article.

Statuses are the timeline's (lextrack.timeline): a cited article abrogated, transferred, not yet in force,
or unknown (a gap the sources leave, a day before a file read without a date). Everything is read by
indexed SQL on `refs` and `versions`; no graph is built.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from lextrack.errors import NotFoundError
from lextrack.graph.articles import (
    UNDATED,
    ArticleInfo,
    corpus_ids,
    has_store_tables,
    load_articles,
    rows_around,
)
from lextrack.graph.local import date_filter
from lextrack.store.index import snapshot
from lextrack.timeline import Stretch, status_on
from lextrack.vocab import LIVE_SQL, RowKind, Status

_PROBLEM_SINCE = (Status.ABROGATED, Status.TRANSFERRED)


def check(
    conn: sqlite3.Connection,
    *,
    date: str | None = None,
    code: str | None = None,
    article: str | None = None,
) -> dict[str, Any]:
    """Broken references, citations leaving the corpus, and anomalies; `code` (a slug) or `article` (an id)
    keeps what those articles cite and their own anomalies."""
    with snapshot(conn):
        scope = _scope(conn, code, article)
        if code is not None and not scope:
            raise NotFoundError(f"{code}: no article of this code in the store")
        cites = list(_cites(conn, date, code, article))
        ends = {c.source for c in cites} | {c.target for c in cites}
        moves = _transfer_refs(conn, None if scope is None else scope | ends)
        suspects = _suspects(conn, moves)  # the only articles an anomaly can concern (None: all of them)
        own_wanted = scope if suspects is None else (suspects if scope is None else scope & suspects)
        on_date: dict[str, Stretch[Any]] = {}  # each cited article's stretch on `date`, found once
        if date is not None and suspects is not None:
            # On a day, a cited article's status needs two of its rows, read by the index; its whole
            # timeline only when the report says more (since when not yet in force, to which successors).
            corpus = corpus_ids(conn, ends)
            targets = {c.target for c in cites} & corpus
            around = rows_around(conn, targets, date)
            for aid, rows in around.items():
                answer = status_on(rows, date)
                since = answer.row.start if answer.row is not None else None  # the row in force's start
                on_date[aid] = Stretch(since, None, answer.status, answer.row)
            told_more = (Status.NOT_YET_IN_FORCE, Status.TRANSFERRED)
            whole = (targets - around.keys()) | {a for a, s in on_date.items() if s.status in told_more}
            articles = load_articles(conn, whole | (own_wanted or set()), meta=False)
            for aid in whole:
                on_date.pop(aid, None)  # known only from refs, or reported with more: from its timeline
        else:
            wanted = None if own_wanted is None else ends | own_wanted
            articles = load_articles(conn, wanted, meta=False)
            corpus = set(articles)
        mine = articles.keys() if scope is None else scope & articles.keys()
        own = sorted(mine if suspects is None else mine & suspects)
        moved: dict[str, set[str]] = defaultdict(set)
        transferred_by: set[str] = set()
        for etype, source, target in moves:
            if etype == "transferred_to":
                moved[source].add(target)
            else:
                transferred_by.add(source)

        def successors(aid: str) -> set[str]:
            info = articles.get(aid)
            return moved.get(aid, set()) | (info.successors() if info is not None else set())

        named = {s for aid in own for s in successors(aid)} - corpus
        if named:  # is a successor an article of the corpus? (its rows are not needed)
            corpus |= corpus_ids(conn, named)

    broken: dict[tuple[Any, ...], dict[str, Any]] = {}
    outside: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cites:
        if c.source not in corpus:
            continue
        if date is None and c.undated(articles):
            c = c._replace(start=None)  # over time: a version of unknown start is checked from the cited
            # article's first row on (on a day, _cites kept those whose own start is that day or before)
        if c.target not in corpus:
            entry = outside.setdefault(
                (c.source, c.target), {"citing": c.source, "cited": c.target, "clauses": []}
            )
            if c.clause and c.clause not in entry["clauses"]:
                entry["clauses"].append(c.clause)
            continue
        if date:
            on = on_date.get(c.target)
            if on is None:
                on = on_date[c.target] = articles[c.target].stretch_on(date)
            found = [(date, on)]
        else:
            found = _stretches_out_of_force(c.start, c.end, articles[c.target])
        for day, stretch in found:
            if stretch.status == Status.IN_FORCE:
                continue
            problem = stretch.status
            item: dict[str, Any] = {
                "citing": c.source,
                "citing_version": {"start": c.start, "end": c.end},
                "cited": c.target,
                "problem": problem,
                "on": day,
            }
            if c.clause:
                item["clause"] = c.clause
            if c.pinpoint:
                item["pinpoint"] = c.pinpoint
            if problem in _PROBLEM_SINCE and stretch.start:
                item["since"] = stretch.start
            if problem == Status.TRANSFERRED:
                item["successors"] = sorted(successors(c.target))
            elif problem == Status.NOT_YET_IN_FORCE:
                item["in_force_from"] = _next_start(articles[c.target], day)
            broken.setdefault((c.source, c.target, c.clause, c.pinpoint, problem, day), item)

    # A metadata or LEGI line names no clause; when the text's own citation is there, it says it all.
    placed = {(b["citing"], b["cited"], b["problem"], b["on"]) for b in broken.values() if "clause" in b}
    for key, b in list(broken.items()):
        if "clause" not in b and (b["citing"], b["cited"], b["problem"], b["on"]) in placed:
            del broken[key]
    return {
        "date": date,
        "broken": sorted(broken.values(), key=lambda b: (b["citing"], b["cited"], b.get("clause") or "")),
        "outside_corpus": sorted(outside.values(), key=lambda o: (o["citing"], o["cited"])),
        "anomalies": _anomalies(own, articles, corpus, successors, transferred_by),
        "unresolved": unresolved(conn, date=date, code=code, article=article),
    }


def unresolved(
    conn: sqlite3.Connection, *, date: str | None = None, code: str | None = None, article: str | None = None
) -> list[dict[str, Any]]:
    """Citations of a bare number no code could be given (the store keeps them apart from the edges): the
    citing article and clause, the number as written; on `date`, those of the versions then in force."""
    if not _table(conn, "unresolved"):  # an index of another lextrack
        return []
    sql, args = "SELECT article_id, clause, num, label, start FROM unresolved", []
    where = []
    if date is not None:
        where.append("(start IS NULL OR start <= ?) AND (end IS NULL OR end > ?)")
        args += [date, date]
    if article is not None:
        where.append("article_id = ?")
        args.append(article)
    elif code is not None:
        where.append("article_id LIKE ? ESCAPE '\\'")
        args.append(code.replace("_", "\\_").replace("%", "\\%") + "/%")
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = conn.execute(sql + " ORDER BY article_id, start, clause", args)
    return [
        {"citing": aid, "clause": clause, "num": num, "label": label, "since": start}
        for aid, clause, num, label, start in rows
    ]


def _table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone()
    return found is not None


class _Cite(NamedTuple):
    """One citation row as `check` reads it (cites edges hold exactly while the citing version does)."""

    article_id: str
    start: str | None
    end: str | None
    source: str
    target: str
    pinpoint: str | None
    clause: str | None

    def undated(self, articles: dict[str, ArticleInfo]) -> bool:
        info = articles.get(self.article_id)
        return info is not None and self.start is not None and self.start in info.undated


def _scope(conn: sqlite3.Connection, code: str | None, article: str | None) -> set[str] | None:
    if article is not None:
        return {article}
    if code is None:
        return None
    ids: set[str] = set()
    if has_store_tables(conn):
        ids |= {r[0] for r in conn.execute("SELECT id FROM articles WHERE code = ?", (code,))}
    if _has(conn, "ref_versions"):
        ids |= {r[0] for r in conn.execute("SELECT article_id FROM ref_versions WHERE code = ?", (code,))}
    return ids


def _cites(
    conn: sqlite3.Connection, date: str | None, code: str | None, article: str | None
) -> Iterator[_Cite]:
    """Citation rows in the graph's order (source, target, id), of the articles in scope."""
    if not _has(conn, "refs"):
        return
    where, args = "type = 'cites'", []
    if article is not None:
        where += " AND source = ?"
        args.append(article)
    elif code is not None:
        where += " AND source >= ? AND source < ?"  # a code's article ids sort between these
        args += [code + "/", code + "0"]
    extra, more = date_filter(date)
    if date is not None:  # on a day, a citation holds while its version does, with the version's own start
        extra += " AND (start IS NULL OR start <= ?)"
        more = (*more, date)
    sql = (
        f"SELECT article_id, start, end, source, target, pinpoint, clause FROM refs WHERE {where}{extra}"
        " ORDER BY source, target, id"
    )
    yield from map(_Cite._make, conn.execute(sql, (*args, *more)))


def _suspects(conn: sqlite3.Connection, moves: list[tuple[str, str, str]]) -> set[str] | None:
    """In a store: the articles with a transfer row, a transfer edge (`moves`: those of every article asked
    about), or two text rows that may overlap — a superset of those _anomalies can report, found in SQL so
    that the others' rows need not be read."""
    if not has_store_tables(conn) or "kind" not in _columns(conn, "versions"):
        return None
    transfers = f"SELECT article_id FROM versions WHERE kind = 'transfer' AND {LIVE_SQL}"
    out = {r[0] for r in conn.execute(transfers)}
    overlap = (
        f"SELECT DISTINCT a.article_id FROM versions a WHERE a.kind = 'text' AND a.{LIVE_SQL} AND EXISTS ("
        f"SELECT 1 FROM versions b WHERE b.article_id = a.article_id AND b.kind = 'text' AND b.{LIVE_SQL}"
        " AND b.rowid != a.rowid AND b.start >= a.start AND (a.end IS NULL OR b.start < a.end))"
    )
    out |= {r[0] for r in conn.execute(overlap)}
    out |= {source for _, source, _ in moves}  # the transfers of every article asked about
    if _has(conn, "ref_versions"):  # articles only refs know: their rows are read as before
        sql = "SELECT DISTINCT article_id FROM ref_versions WHERE article_id NOT IN (SELECT id FROM articles)"
        out |= {r[0] for r in conn.execute(sql)}
    return out


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _transfer_refs(conn: sqlite3.Connection, ids: set[str] | None) -> list[tuple[str, str, str]]:
    if not _has(conn, "refs"):
        return []
    sql = "SELECT type, source, target FROM refs WHERE type IN ('transferred_to', 'transferred_by')"
    if ids is None:
        return list(conn.execute(sql))
    out: list[tuple[str, str, str]] = []
    ordered = sorted(ids)
    for i in range(0, len(ordered), 900):
        chunk = ordered[i : i + 900]
        out += conn.execute(sql + f" AND source IN ({','.join('?' * len(chunk))})", chunk)
    return out


def _stretches_out_of_force(
    lo: str | None, hi: str | None, target: ArticleInfo
) -> list[tuple[str, Stretch[Any]]]:
    """(first day, stretch) of each run of days in [lo, hi) with one status other than in force.

    A citation whose version has no known start is checked from the cited article's first row on.
    """
    first = next((r.start for r in sorted(target.rows, key=lambda r: r.start)), None)
    cur = lo if lo is not None else (first or None)
    out: list[tuple[str, Stretch[Any]]] = []
    last: Status | None = None
    for s in target.stretches:
        if s.end is not None and cur is not None and s.end <= cur:
            continue
        if hi is not None and s.start is not None and s.start >= hi:
            break
        day = cur if s.start is None or (cur is not None and s.start < cur) else s.start
        if s.status != Status.IN_FORCE and s.status != last and day is not None:
            out.append((day, s))
        last = s.status
    return out


def _next_start(target: ArticleInfo, day: str) -> str | None:
    starts = [
        r.start for r in target.rows if r.kind == RowKind.TEXT and r.origin != UNDATED and r.start > day
    ]
    return min(starts) if starts else None


def _anomalies(
    own: list[str],
    articles: dict[str, ArticleInfo],
    corpus: set[str],
    successors: Callable[[str], set[str]],
    transferred_by: set[str],
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for aid in own:
        info = articles[aid]
        transferred = info.state == Status.TRANSFERRED or aid in transferred_by
        if transferred and not successors(aid):
            out.append({"kind": "transfer_without_successor", "article": aid})
        for succ in sorted(successors(aid)):
            if succ not in corpus:
                out.append({"kind": "successor_outside_corpus", "article": aid, "successor": succ})
        texts = sorted((r for r in info.rows if r.kind == RowKind.TEXT), key=lambda r: r.start)
        for r1, r2 in zip(texts, texts[1:], strict=False):
            if r2.start and (r1.end is None or r2.start < r1.end):
                out.append(
                    {"kind": "overlapping_versions", "article": aid,
                     "versions": [{"start": r1.start or None, "end": r1.end},
                                  {"start": r2.start, "end": r2.end}]}
                )  # fmt: skip
    return out


def _has(conn: sqlite3.Connection, table: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"
    return conn.execute(sql, (table,)).fetchone() is not None
