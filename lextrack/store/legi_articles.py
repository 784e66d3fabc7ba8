"""An article's versions from the dump files the store holds for it, derived again when one of them changes.

The rule (docs/legi-dumps.md): the files of one VERSIONS block are one article (its `article_key`). Its
versions are the VERSIONS block of its latest file (the latest ingest that wrote one, then the latest
version); each version's text, amending text and the hierarchy its file's CONTEXTE gives come from that
version's own file when the store holds it. A version listed by a section (section_ta) takes that
section's titles as its hierarchy. The article is stored under the canonical id of its latest file: when a
later archive renumbers it, its rows move to the new id and the old id stays as an alias. Two articles
LEGI numbers alike (a number given again after an abrogation) share the id, as they share it in every git
history: their versions are derived together.

Rows derived from dump files have the origin DUMP_ORIGIN; rows of other sources (git histories, article
files) under the same id are kept and merged with them as any ingest merges.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from lextrack.parser.hierarchy import level_of
from lextrack.store.gitrepo import rewrite_days, row_changes
from lextrack.store.index import Index, Row, select_in
from lextrack.store.legi_files import DUMP_ORIGIN, unpack, work_of
from lextrack.store.merge import canonical, merge_article
from lextrack.store.observation import Observation
from lextrack.store.refs import RefWriter


@dataclass(frozen=True, slots=True)
class HeldFile:
    key: str
    legi_id: str
    generation: int
    data: dict

    @property
    def rank(self) -> tuple[int, str, str]:
        return (self.generation, self.data.get("start") or "", self.legi_id)


@dataclass(slots=True)
class Derived:
    """What deriving changed: rows, articles, and the earliest day the git view must be written from."""

    inserted: int = 0
    changed: int = 0
    deleted: int = 0
    new_articles: list[str] = field(default_factory=list)
    removed_articles: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (former id, id)
    touched: set[str] = field(default_factory=set)  # article ids whose rows were looked at
    since: str | None = None

    def days(self, starts: list[str]) -> None:
        """The view is written again from these days too (gitrepo.rewrite_days)."""
        if starts:
            self.since = min(starts) if self.since is None else min(self.since, *starts)


# What a version takes from its own file rather than from its latest sibling's VERSIONS block: its text, the
# CONTEXTE it was in, and its amending text (the LIENS of a version's file name the text that made it).
_OWN_FIELDS = ("text_sha", "hierarchy", "source", "text_date", "jorf_date", "uncertain")


def _content(r: Row) -> tuple:
    """What makes a derived row the same version again (rowid, seq, end and state are recomputed)."""
    return (
        r.kind, r.start, r.text_sha, r.state == "stillborn", r.source, r.successor, r.hierarchy, r.end_hint,
        r.text_date, r.jorf_date, r.date_uncertain,
    )  # fmt: skip


class ArticleDeriver:
    """Derives the rows of the articles a dump ingest touched, in the caller's transaction."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.conn: sqlite3.Connection = index.conn
        self.writer = RefWriter(self.conn)
        self.result = Derived()

    # --- identity --------------------------------------------------------------------------------------
    def derive(self, article_keys: Iterable[str]) -> Derived:
        """Derive these articles now; `result` adds up over every call."""
        ids: set[str] = set()
        for key in sorted(set(article_keys)):
            ids |= self._place(key)
        for aid in sorted(ids):
            self._derive_id(aid)
        self.writer.flush()
        return self.result

    def _files(self, key: str) -> list[HeldFile]:
        cur = self.conn.execute(
            "SELECT key, legi_id, generation, data FROM legi_files WHERE article_key=? AND kind='article'",
            (key,),
        )
        return [HeldFile(k, i, g, unpack(d)) for k, i, g, d in cur]

    def _place(self, key: str) -> set[str]:
        """Store the article `key` under the id of its latest file (or nowhere: no file left); returns the
        ids whose rows change (the former and the new one)."""
        row = self.conn.execute("SELECT article_id FROM legi_articles WHERE article_key=?", (key,)).fetchone()
        old = row[0] if row else None
        files = self._files(key)
        new = max(files, key=lambda f: f.rank).data["id"] if files else None
        if new is None:
            self.conn.execute("DELETE FROM legi_articles WHERE article_key=?", (key,))
            self.conn.execute("DELETE FROM legi_aliases WHERE article_key=?", (key,))
        elif new != old:
            self.conn.execute("INSERT OR REPLACE INTO legi_articles VALUES (?, ?)", (key, new))
            self.conn.execute("DELETE FROM legi_aliases WHERE alias=?", (new,))
            if old is not None:
                self.conn.execute("INSERT OR REPLACE INTO legi_aliases VALUES (?, ?)", (old, key))
                self.result.renamed.append((old, new))
        return {i for i in (old, new) if i}

    # --- versions --------------------------------------------------------------------------------------
    def _derive_id(self, aid: str) -> None:
        keys = [r[0] for r in self.conn.execute(
            "SELECT article_key FROM legi_articles WHERE article_id=? ORDER BY article_key", (aid,)
        )]  # fmt: skip
        items: list[dict] = []
        for key in keys:
            items += self._observations(self._files(key))
        observations = self._with_texts(aid, items)
        existing = self.index.rows(aid)
        others = [r for r in existing if r.origin != DUMP_ORIGIN]
        mine = [r for r in existing if r.origin == DUMP_ORIGIN]
        self.result.touched.add(aid)
        if not observations and not others:
            if existing or self.index.has_article(aid):
                self._remove_article(aid, existing)
            return
        if not self.index.has_article(aid):
            code, _, num = aid.partition("/")
            self.index.add_articles([(aid, code, num)])
            self.result.new_articles.append(aid)
        merged = merge_article(others, observations, {}) if observations else canonical(others)
        final, deletes = _reuse(merged, mine)
        changes = row_changes({r.rowid: r for r in existing}, final, deletes)  # type: ignore[misc]
        inserts, updates = changes.inserts, [r for _, r in changes.updates]
        self._write(deletes, updates, inserts, changes.unseen, changes.rekeyed)
        self.result.days(changes.days)
        self._edges(aid, final, inserts, updates, deletes, items)

    def _observations(self, files: list[HeldFile]) -> list[dict]:
        """The latest file's versions, each with its own file's text and CONTEXTE when held (see module)."""
        if not files:
            return []
        latest = max(files, key=lambda f: f.rank)
        own: dict[str, tuple[HeldFile, dict]] = {}
        for f in sorted(files, key=lambda f: f.rank):
            for o in f.data["observations"]:
                if o["legi_id"] == f.legi_id and o["kind"] == "text" and o.get("text_sha"):
                    own[f.legi_id] = (f, o)
        out: list[dict] = []
        covered: set[str] = set()
        for o in latest.data["observations"]:
            lid = o["legi_id"]
            if o["kind"] == "text" and lid in own:
                f, mine = own[lid]
                o = {**o, **{k: mine[k] for k in _OWN_FIELDS}, "file": f.key}
                covered.add(lid)
            out.append(o)
        for lid, (f, mine) in own.items():  # a file its latest sibling does not list: its own version
            if lid not in covered:
                out.append({**mine, "file": f.key})
                out += [o for o in f.data["observations"] if o["kind"] != "text" and o["legi_id"] == lid]
        for o in out:
            if o["kind"] == "text" and o["legi_id"]:
                placed = section_hierarchy(self.conn, o["legi_id"], o["start"])
                if placed is not None:
                    o["hierarchy"] = placed
        return out

    def _with_texts(self, aid: str, items: list[dict]) -> list[Observation]:
        shas = sorted({o["text_sha"] for o in items if o.get("text_sha")})
        bodies = _texts(self.conn, shas)
        code, _, num = aid.partition("/")
        out = []
        for o in items:
            out.append(
                Observation(
                    article_id=aid,
                    code=code,
                    num=num,
                    kind=o["kind"],
                    start=o["start"],
                    text=bodies.get(o["text_sha"]) if o.get("text_sha") else None,
                    source=o["source"],
                    uncertain=o["uncertain"],
                    origin=DUMP_ORIGIN,
                    seq=o["seq"],
                    end=o["end"],
                    state=o["state"],
                    successor=o["successor"],
                    hierarchy=o["hierarchy"],
                    text_date=o["text_date"],
                    jorf_date=o["jorf_date"],
                )
            )
        return out

    def _write(
        self,
        deletes: list[Row],
        updates: list[Row],
        inserts: list[Row],
        unseen: Collection[int],
        rekeyed: Collection[int],
    ) -> None:
        if deletes:
            self.conn.executemany("DELETE FROM versions WHERE rowid=?", [(r.rowid,) for r in deletes])
        self.index.update_rows(updates, unseen, rekeyed)
        self.index.insert_rows(inserts)
        self.result.deleted += len(deletes)
        self.result.changed += len(updates)
        self.result.inserted += sum(1 for r in inserts if r.state != "repeat")

    def _remove_article(self, aid: str, rows: list[Row]) -> None:
        """Every file of the article is gone and no other source holds it: it leaves the index."""
        self._write(rows, [], [], (), ())
        for r in rows:
            self.result.days(rewrite_days(r, None))
        self.writer.flush()
        for table in ("refs", "ref_versions", "unresolved"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id=?", (aid,))
        self.conn.execute("DELETE FROM articles WHERE id=?", (aid,))
        renumbered = self.conn.execute("SELECT 1 FROM legi_aliases WHERE alias=?", (aid,)).fetchone()
        if renumbered is None:  # a former id lives on as an alias: the article was renumbered, not removed
            self.result.removed_articles.append(aid)

    # --- edges -----------------------------------------------------------------------------------------
    def _edges(
        self,
        aid: str,
        final: list[Row],
        inserts: list[Row],
        updates: list[Row],
        deletes: list[Row],
        items: list[dict],
    ) -> None:
        """Edges of each version whose file this ingest read (all of its LIENS and citations, replaced); the
        others' end and state follow their rows; a version gone takes its edges with it."""
        files = {(o["start"], o.get("text_sha")): o["file"] for o in items if o.get("file")}
        changed = {id(r) for r in inserts + updates}
        live_starts = {r.start for r in final if r.live}
        w = self.writer
        for r in final:
            if r.kind != "text":
                continue
            if w.pending(aid, r.start):
                w.flush()
            if not r.live:
                if id(r) in changed and r.start not in live_starts:
                    w.drop_version(aid, r.start)
                continue
            held = files.get((r.start, r.text_sha))
            work = work_of(self.conn, held) if held else None
            if work is not None:
                stub, refs = work
                own = f"{stub.code}/{stub.num}"
                levels = tuple((lvl, title) for lvl, title in json.loads(r.hierarchy))
                rows = [_renamed(x, own, aid) for x in refs] if own != aid else refs
                w.add(stub.article(aid, levels), r.start, r.end, state=r.state, computed=rows)
            elif id(r) in changed:
                w.end_version(aid, r.start, r.end, r.state)
        for r in deletes:
            if r.kind == "text" and r.start not in live_starts:
                if w.pending(aid, r.start):
                    w.flush()
                w.drop_version(aid, r.start)


def section_hierarchy(conn: sqlite3.Connection, legi_id: str, start: str) -> str | None:
    """The titles above an article version (LEGIARTI id) as the section listing it says: the section's
    CONTEXTE, then its own title, as `[[level, title], …]` JSON; from the listing whose dates hold the
    version's start, else the latest one. None when no section the store holds lists it."""
    rows = conn.execute(
        "SELECT p.start, p.end, f.data FROM legi_placements p JOIN legi_files f ON f.key = p.section_key"
        " WHERE p.article_legi_id=?",
        (legi_id,),
    ).fetchall()
    if not rows:
        return None
    holding = [r for r in rows if (r[0] or "") <= start and (r[1] is None or start < r[1])]
    chosen = max(holding or rows, key=lambda r: (r[0] or "", r[2]))
    section = unpack(chosen[2])
    titles = [t for t in (*section.get("context", ()), section.get("title")) if t]
    return json.dumps([[level_of(t) or "division", t] for t in titles], ensure_ascii=False)


def _reuse(merged: list[Row], mine: list[Row]) -> tuple[list[Row], list[Row]]:
    """Derived rows that say what a stored derived row says take its place (its rowid and commit); the
    stored ones left over are deleted."""
    pool: dict[tuple, list[Row]] = defaultdict(list)
    for r in mine:
        pool[_content(r)].append(r)
    final = []
    for r in merged:
        if r.rowid is None and r.origin == DUMP_ORIGIN:
            twins = pool.get(_content(r))
            if twins:
                old = twins.pop(0)
                r = replace(r, rowid=old.rowid, commit_sha=old.commit_sha)
        final.append(r)
    return final, [r for rows in pool.values() for r in rows]


def _renamed(row: tuple, old: str, new: str) -> tuple:
    """An edge row computed under the id a file gave (its own VERSIONS block) moved to the article's id."""
    values = list(row)
    values[0] = new
    for i in (4, 5):  # source, target
        if values[i] == old:
            values[i] = new
    return tuple(values)


def _texts(conn: sqlite3.Connection, shas: list[str]) -> dict[str, str]:
    return dict(select_in(conn, "SELECT sha, body FROM texts WHERE sha IN ({})", shas))
