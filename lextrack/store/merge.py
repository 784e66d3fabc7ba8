"""Observations of one article merged with the rows the index holds: the same history whatever order and
pieces the inputs arrive in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple

from lextrack.store.gitrepo import row_changes
from lextrack.store.index import Index, Row, rechain, text_sha
from lextrack.store.observation import Observation
from lextrack.timeline import in_order
from lextrack.vocab import END_KINDS, KIND_STATE, RowKind


def _row_from(o: Observation, sha: str | None, seq: int) -> Row:
    return Row(
        article_id=o.article_id,
        kind=o.kind,
        start=o.start,
        end=o.end,
        end_hint=o.end,
        state=o.state or KIND_STATE[RowKind(o.kind)],
        text_sha=sha,
        source=o.source,
        date_uncertain=o.uncertain,
        origin=o.origin,
        successor=o.successor,
        seq=seq,
        hierarchy=o.hierarchy,
        text_date=o.text_date,
        jorf_date=o.jorf_date,
        damaged=o.damaged,
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
        if redate(rows, o, sha) or o.redate_only:
            continue
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
        elif (k := next((i for i in same if rows[i].text_sha == sha), None)) is not None:
            # the same text again that day, after another row (another text, an abrogation): it stands (the
            # source's order)
            last = max(r.seq for r in rows if r.state != "stillborn" and r.start == o.start)
            if rows[k].seq != last and o.seq > last:
                rows[k] = replace(rows[k], seq=_free_seq(rows, o.start, o.seq))
            continue
        else:
            blank = [i for i in same if rows[i].text_sha is None]
            if blank:  # a LEGI version known by its dates only, now with its text
                rows[blank[0]] = replace(
                    rows[blank[0]], text_sha=sha, hierarchy=o.hierarchy, damaged=o.damaged
                )
                continue
        rows.append(_row_from(o, sha, _free_seq(rows, o.start, o.seq)))
    return canonical(rows)


def canonical(rows: list[Row]) -> list[Row]:
    """Mark repeats (a row saying what the live row before it says; an undated copy of a dated version; a
    version dated by its text's signature that another source dates later), then chain the remaining
    versions' intervals."""
    out = [r for r in rows if r.state == "stillborn"]
    dated = {r.text_sha for r in rows if r.kind == "text" and r.origin != "undated" and r.text_sha}
    ordered = in_order(r for r in rows if r.state != "stillborn")
    yields = _dated_later(ordered)  # dated by a signature, the same version dated later by another source
    prev: Row | None = None
    for r in ordered:
        repeat = prev is not None and (
            (r.kind == prev.kind == "text" and r.text_sha is not None and r.text_sha == prev.text_sha)
            or (r.kind in END_KINDS and prev.kind in END_KINDS)
        )
        # an undated file whose text is a version the store has dated: that version, not a new one
        repeat = repeat or (r.origin == "undated" and r.text_sha in dated) or id(r) in yields
        if repeat:
            out.append(r if r.state == "repeat" and r.end is None else replace(r, state="repeat", end=None))
            continue
        if r.state == "repeat":
            r = replace(r, state=KIND_STATE[RowKind(r.kind)])
        out.append(r)
        prev = r
    return rechain(out)


def _dated_later(ordered: list[Row]) -> set[int]:
    """The versions dated by their amending text's signature alone that another source dates later by its
    entry into force, with the same text and the same amending text: that version, on the later day.

    A file's "Modifié par Décret n°2013-597 du 8 juillet 2013 - art. 1", with no "en vigueur le", can only
    date R133-19's version by the decree's signature (2013-07-08); steeve's commit of that decree gives the
    same text on LEGI's start, 2013-07-10. Rows between them of another text, or an end, leave both alone.
    LEGI's own dates never yield. Returns the ids of the rows that yield (they become repeats).
    """
    out: set[int] = set()
    for i, r in enumerate(ordered):
        if r.kind != "text" or r.text_sha is None or r.start != r.text_date or r.origin == "legi":
            continue
        for s in ordered[i + 1 :]:
            if s.kind != "text" or s.text_sha != r.text_sha:
                break
            if s.text_date == r.text_date and s.start > r.start:
                out.add(id(r))
                break
    return out


def redate(rows: list[Row], o: Observation, sha: str | None) -> bool:
    """Take in an observation of a version the store holds under other dates: re-date that row.

    lextrack 0.1 dated every version of a git history by its commit; the same commit now gives the day the
    version took effect and its text's dates. The row it wrote then (same kind, amending text and text, at
    the commit's date) is that version: it moves, rather than a second copy being added beside it.
    """
    if o.legacy_start is None:
        return False
    for i, r in enumerate(rows):
        if (
            r.rowid is not None
            and r.start == o.legacy_start
            and (r.kind, r.source, r.origin) == (o.kind, o.source, o.origin)
            and r.state != "stillborn"
            and (sha is None or r.text_sha == sha)
        ):
            if (r.start, r.text_date, r.jorf_date) == (o.start, o.text_date, o.jorf_date):
                return False  # as the store has it: the usual path decides
            rows[i] = replace(
                r,
                start=o.start,
                seq=_free_seq([x for x in rows if x is not r], o.start, o.seq),
                text_date=o.text_date,
                jorf_date=o.jorf_date,
                date_uncertain=o.uncertain,
            )
            return True
    return False


def _free_seq(rows: list[Row], start: str, seq: int) -> int:
    taken = {r.seq for r in rows if r.start == start}
    if seq not in taken:
        return seq
    return max(taken | {seq}) + 1


Key = tuple[str, str]  # (article, start)


class Merged(NamedTuple):
    """What a window's transaction writes (the git view is rewritten from the earliest day any of it
    touches), and what the refs need to know of the rows."""

    inserts: list[Row]
    updates: list[Row]
    texts: dict[str, str]  # sha -> text, new or not
    articles: list[tuple[str, str, str]]  # (id, code, num) of the articles new to the index
    moved: list[tuple[str, str, int]]  # (article, former start, rowid) of re-dated rows
    before: set[Key]  # (article, start) of the rows these articles had before: where edges may be stored
    owners: dict[Key, int]  # (article, day) -> seq of the text whose edges the day keeps, where two start
    unseen: set[int]  # rowids of the updates the git view does not show (end or state): file and commit stay
    days: list[str]  # the days the git view is written again from (gitrepo.rewrite_days)
    rekeyed: set[int]  # rowids of the updates whose (start, seq) changed (Index.update_rows)


def merge(index: Index, observations: list[Observation]) -> Merged:
    by_article: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_article[o.article_id].append(o)
    inserts: list[Row] = []
    updates: list[Row] = []
    texts: dict[str, str] = {}
    articles: list[tuple[str, str, str]] = []
    moved: list[tuple[str, str, int]] = []
    owners: dict[Key, int] = {}
    unseen: set[int] = set()
    rekeyed: set[int] = set()
    days: list[str] = []
    ids = list(by_article)
    held = index.rows_of(ids)
    known = index.known_articles([aid for aid in ids if aid not in held])
    before = {(r.article_id, r.start) for rows in held.values() for r in rows}
    for aid, obs in by_article.items():
        existing = held.get(aid, [])
        if not existing and aid not in known:
            articles.append((aid, obs[0].code, obs[0].num))
        merged = merge_article(existing, obs, texts)
        owners.update(_owners(aid, merged))
        changes = row_changes({r.rowid: r for r in existing}, merged)  # type: ignore[misc]
        inserts += changes.inserts
        updates += [r for _, r in changes.updates]
        unseen |= changes.unseen
        rekeyed |= changes.rekeyed
        days += changes.days
        moved += [
            (aid, was.start, was.rowid) for was, r in changes.updates if r.start != was.start  # type: ignore[misc]
        ]
    return Merged(inserts, updates, texts, articles, moved, before, owners, unseen, days, rekeyed)


def _owners(aid: str, rows: list[Row]) -> Iterator[tuple[Key, int]]:
    """(article, day) -> the row whose edges the refs table keeps, for each day two live texts of the article
    start: the one that took effect last (refs are kept by article and day). From all the article's rows
    in order, so that rows written in different windows give the answer one ingest gives."""
    if len(rows) < 2:  # most articles of a window
        return
    days = [r.start for r in rows if r.kind == "text" and r.live]
    if len(days) == len(set(days)):
        return
    shared = {d for d in days if days.count(d) > 1}
    for r in rows:  # in the order they took effect: the last of a day wins
        if r.kind == "text" and r.live and r.start in shared:
            yield (aid, r.start), r.seq
