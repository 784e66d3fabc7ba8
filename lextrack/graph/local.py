"""The graph around a few nodes, read from the index on demand: no graph is built.

`cites`, `cited-by`, `impact`, the web's article page and `/api/graph` ask about one node and its
neighbours; each step here is an indexed query on `refs` (by source, by target) and on `versions` (the
timelines of the articles met), so the answer costs what the neighbourhood holds, not what the store holds.
Nodes and edges are those lextrack.graph.build would give for the same index and date (a test compares
both on every article of the demo store).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lextrack.graph.articles import ArticleInfo, has_store_tables, load_articles
from lextrack.graph.edges import (
    Edge,
    article_node,
    code_node,
    merged,
    other_node,
    part_of,
    shown,
    undated_as_unknown,
)
from lextrack.store.edges import ENDING_TYPES, Ref
from lextrack.vocab import is_text_id

REF_COLUMNS = (
    "id, article_id, start, end, type, source, target, target_kind, pinpoint, clause, span_start, span_end,"
    " provenance, label, legi_type, legi_sens, event_date, target_legi_id, text_nature, text_number,"
    " text_date, text_title"
)
_ENDING = ", ".join(f"'{t}'" for t in sorted(ENDING_TYPES))


def ref_of(row: tuple) -> tuple[int, Ref]:
    """A `refs` row selected with REF_COLUMNS -> (id, Ref)."""
    return row[0], Ref(
        *row[1:10],
        span=(row[10], row[11]) if row[10] is not None else None,
        provenance=row[12],
        label=row[13],
        legi_type=row[14],
        legi_sens=row[15],
        event_date=row[16],
        target_legi_id=row[17],
        text_nature=row[18],
        text_number=row[19],
        text_date=row[20],
        text_title=row[21],
    )


def date_filter(date: str | None) -> tuple[str, tuple[str, ...]]:
    """The part of Ref.holds_on SQL can decide before a row is read: a version that ended by `date`
    states nothing that day (unless its edge is the event that ended it). Starts are decided in Python,
    where a start that is only the day a file was read counts as unknown."""
    if date is None:
        return "", ()
    return f" AND (end IS NULL OR end > ? OR type IN ({_ENDING}))", (date,)


def refs_in_graph_order(conn: sqlite3.Connection, date: str | None = None) -> Iterator[Ref]:
    """Every ref in the order the graph is built in (source, target, type, id), the rows that cannot hold
    on `date` left in SQL (the refs(source, target, type) index streams them without a sort)."""
    if not _has(conn, "refs"):
        return
    extra, args = date_filter(date)
    sql = f"SELECT {REF_COLUMNS} FROM refs WHERE 1{extra} ORDER BY source, target, type, id"
    for row in conn.execute(sql, args):
        yield ref_of(row)[1]


@dataclass(frozen=True, slots=True)
class _Stated:
    key: tuple[str, str, str, int]  # (source, target, type, id): the order the graph is built in
    ref: Ref


class IndexGraph:
    """A GraphAccess over the index: temporal without `date`, as it stood on `date` with it.

    meta: article nodes carry hierarchy, title and LEGI id (exports want them; questions do not).
    """

    def __init__(self, conn: sqlite3.Connection, date: str | None = None, *, meta: bool = False) -> None:
        self.conn = conn
        self.date = date
        self.meta = meta
        self._info: dict[str, ArticleInfo | None] = {}
        self._out: dict[str, list[_Stated]] = {}
        self._in: dict[str, list[_Stated]] = {}
        self._has_refs = _has(conn, "refs")
        self._store = has_store_tables(conn)

    # --- articles ------------------------------------------------------------------------------------------
    def infos(self, ids: Iterable[str]) -> dict[str, ArticleInfo]:
        """The corpus articles among `ids` (read once, in batches)."""
        ids = set(ids)
        missing = [i for i in ids if i not in self._info]
        if missing:
            found = load_articles(self.conn, missing, meta=self.meta)
            for i in missing:
                self._info[i] = found.get(i)
        return {i: info for i in ids if (info := self._info[i]) is not None}

    def info(self, aid: str) -> ArticleInfo | None:
        return self.infos([aid]).get(aid)

    def present(self, info: ArticleInfo) -> bool:
        return self.date is None or info.in_force_on(self.date)

    # --- refs --------------------------------------------------------------------------------------------
    def _stated(self, column: str, node: str) -> list[_Stated]:
        """The shown refs whose `column` (source or target) is `node`, in the graph's order."""
        cache = self._out if column == "source" else self._in
        if node in cache:
            return cache[node]
        if not self._has_refs:
            cache[node] = []
            return []
        other = "target" if column == "source" else "source"
        extra, args = date_filter(self.date)
        cur = self.conn.execute(
            f"SELECT {REF_COLUMNS} FROM refs WHERE {column} = ?{extra} ORDER BY {other}, type, id",
            (node, *args),
        )
        rows = [ref_of(r) for r in cur]
        cache[node] = self._shown(rows)
        return cache[node]

    def _shown(self, rows: list[tuple[int, Ref]]) -> list[_Stated]:
        articles = self.infos({end for _, r in rows for end in (r.source, r.target)})
        out = []
        for rid, ref in rows:
            ref = undated_as_unknown(ref, articles)
            if shown(ref, articles, self.date):
                out.append(_Stated((ref.source, ref.target, ref.type, rid), ref))
        return out

    def first_ref(self, node: str) -> Ref | None:
        """The first shown ref naming `node`, in the graph's order: the one that named it in the build."""
        found = [s[0] for s in (self._stated("source", node), self._stated("target", node)) if s]
        return min(found, key=lambda s: s.key).ref if found else None

    # --- GraphAccess ---------------------------------------------------------------------------------------
    def has(self, node: str) -> bool:
        info = self.info(node)
        if info is not None:
            return self.present(info)
        return self.first_ref(node) is not None or self._is_code_node(node)

    def data(self, node: str) -> dict[str, object]:
        info = self.info(node)
        if info is not None:
            return article_node(info, self.date)
        ref = self.first_ref(node)
        return other_node(node, ref) if ref is not None else code_node(node)

    def out_edges(self, node: str) -> list[Edge]:
        edges = list(merged(s.ref for s in self._stated("source", node)))
        edge = part_of(node, self.data(node)) if self.has(node) else None
        return edges + [edge] if edge else edges

    def in_edges(self, node: str) -> list[Edge]:
        return list(merged(s.ref for s in self._stated("target", node)))

    def articles_numbered(self, num: str) -> list[str]:
        corpus = [
            aid for aid, info in sorted(self.infos(self._ids_with_num(num)).items()) if self.present(info)
        ]
        if len(corpus) == 1:
            return corpus  # whatever the store does not hold, the one article of the corpus wins
        others = self._cited_with_num(num)
        return sorted(set(corpus) | {n for n in others if n not in self._info or self._info[n] is None})

    # --- helpers -----------------------------------------------------------------------------------------
    def _ids_with_num(self, num: str) -> list[str]:
        ids: set[str] = set()
        if self._store:
            ids |= {r[0] for r in self.conn.execute("SELECT id FROM articles WHERE num = ?", (num,))}
        if _has(self.conn, "ref_versions"):
            ids |= {
                r[0] for r in self.conn.execute("SELECT article_id FROM ref_versions WHERE num = ?", (num,))
            }
        return sorted(ids)

    def _cited_with_num(self, num: str) -> set[str]:
        """Articles outside the corpus numbered `num` that a shown edge names (a scan: only when the corpus
        has no single article of that number)."""
        if not self._has_refs:
            return set()
        out: set[str] = set()
        for column in ("target", "source"):
            cur = self.conn.execute(
                f"SELECT DISTINCT {column} FROM refs WHERE {column} LIKE ?", (f"%/{num}",)
            )
            for (node,) in cur:
                if node.rpartition("/")[2] != num or is_text_id(node) or self.info(node) is not None:
                    continue
                ref = self.first_ref(node)
                if ref is not None and other_node(node, ref)["kind"] == "article":
                    out.add(node)
        return out

    def corpus_of_code(self, slug: str) -> list[str]:
        """The corpus's articles of a code, in force or not."""
        ids: set[str] = set()
        if self._store:
            ids |= {r[0] for r in self.conn.execute("SELECT id FROM articles WHERE code = ?", (slug,))}
        if _has(self.conn, "ref_versions"):
            sql = "SELECT article_id FROM ref_versions WHERE code = ?"
            ids |= {r[0] for r in self.conn.execute(sql, (slug,))}
        return sorted(ids)

    def named_in_code(self, slug: str) -> list[str]:
        """Ids an edge names that sort as a code's article ids do (`slug/…`): articles the store may lack."""
        if not self._has_refs or not slug:
            return []
        lo, hi = slug + "/", slug + "0"  # ids of the code's articles sort between these
        ids: set[str] = set()
        for column in ("target", "source"):
            sql = f"SELECT DISTINCT {column} FROM refs WHERE {column} >= ? AND {column} < ?"
            ids |= {r[0] for r in self.conn.execute(sql, (lo, hi))}
        return sorted(ids)

    def _is_code_node(self, slug: str) -> bool:
        """Every article node brings its code's node: one of the corpus in force, or one an edge names."""
        if "/" in slug or not slug:
            return False
        if any(self.present(i) for i in self.infos(self.corpus_of_code(slug)).values()):
            return True
        for node in self.named_in_code(slug):
            ref = self.first_ref(node)
            if ref is not None and other_node(node, ref).get("code") == slug:
                return True
        return False


def _has(conn: sqlite3.Connection, table: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"
    return conn.execute(sql, (table,)).fetchone() is not None
