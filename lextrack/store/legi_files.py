"""The files of a LEGI dump as the store holds them: one row per file key, what each file gave.

A file of a later archive replaces the file held under its key; a deletion-list line removes it. Each change
names the articles (by `article_key`) whose versions must be derived again (lextrack/store/legi_articles.py).
An article file is parsed in full (clause tree, links: the costly part) by `parse_article`, in worker
processes for a large archive; what it gives is kept as JSON (its observations, texts by hash), so that a
later archive can derive the article again without the files it does not hold.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from lextrack.legi import ArticleRecord, CodeRef, SectionRecord, TextStructRecord, TextVersionRecord
from lextrack.legi.identity import STILLBORN
from lextrack.legi.records import full_article
from lextrack.model import Article, Link
from lextrack.store.edges import ref_row, refs_of
from lextrack.store.files import file_observations
from lextrack.store.index import select_in, text_sha

DUMP_ORIGIN = "legi-dump"  # a version row derived from a dump's files: derived again when they change
_OBS_FIELDS = (
    "kind", "start", "end", "source", "uncertain", "seq", "state", "successor", "hierarchy", "text_date",
    "jorf_date",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """What a worker needs to parse one article file: the record's plain fields (cheap to pickle)."""

    key: str
    data: bytes
    path: str
    code: tuple[str, str | None, str | None]  # CodeRef fields
    canonical_num: str
    legi_id: str
    versions: tuple[tuple[str, str | None, str | None, str | None], ...]  # (id, state, start, end)
    today: str

    @classmethod
    def of(cls, record: ArticleRecord, today: str) -> ArticleJob:
        return cls(
            key=file_key(record),
            data=record.data,
            path=record.member.path,
            code=(record.code.slug, record.code.name, record.code.text_cid),
            canonical_num=record.canonical_num,
            legi_id=record.legi_id,
            versions=tuple((v.legi_id, v.state, v.start, v.end) for v in record.versions),
            today=today,
        )


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """A worker's answer: the file's observations (texts in full), its edges, what the refs writer needs of
    the article (`Stub`), or the reader's error."""

    key: str
    observations: list[dict]
    refs: list[tuple]
    stub: Stub | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Stub:
    """What the refs writer reads of an article besides its edges (a fraction of the article to pickle)."""

    code: str
    num: str
    title: str | None
    state: str | None
    legi_id: str | None
    first_link: Link | None  # the refs writer asks only whether the article has links

    def article(self, aid: str, hierarchy: tuple[tuple[str, str], ...]) -> Article:
        code, _, num = aid.partition("/")
        links = (self.first_link,) if self.first_link is not None else ()
        return Article(code=code, num=num, text="", links=links, title=self.title, hierarchy=hierarchy,
                       state=self.state, legi_id=self.legi_id)  # fmt: skip


def file_key(record: ArticleRecord | SectionRecord | TextStructRecord | TextVersionRecord) -> str:
    """The file's key in the dump; a file read alone, outside a dump's layout, is keyed by its id."""
    return record.member.key or record.legi_id


def parse_article(job: ArticleJob) -> ParsedArticle:
    """Parse one article file and derive what the store needs from it (run in a worker for big archives)."""
    from lextrack.errors import ParseError

    try:
        article = full_article(job.data, job.path, CodeRef(*job.code), job.canonical_num)
    except ParseError as exc:
        return ParsedArticle(job.key, [], [], None, str(exc))
    observations = []
    for o in file_observations(article, job.today):
        item = {name: getattr(o, name) for name in _OBS_FIELDS}
        item["text"] = o.text
        item["legi_id"] = _version_of(o.kind, o.start, o.state, o.text is not None, job)
        observations.append(item)
    stub = Stub(article.code, article.num, article.title, article.state, article.legi_id,
                article.links[0] if article.links else None)  # fmt: skip
    refs = [ref_row(r) for r in refs_of(article, None, None)]
    return ParsedArticle(job.key, observations, refs, stub)


def parse_articles(jobs: list[ArticleJob]) -> list[ParsedArticle]:
    return [parse_article(j) for j in jobs]


def _version_of(kind: str, start: str, state: str | None, has_text: bool, job: ArticleJob) -> str | None:
    """The LEGIARTI id an observation stands for: a text by its start (the file's own version has its text),
    an ending by the version it ends."""
    if kind != "text":
        ended = [v for v in job.versions if v[3] == start]
        return ended[-1][0] if ended else None
    if has_text:
        return job.legi_id
    stillborn = state == "stillborn"
    same = [v for v in job.versions if v[2] == start]
    same = [v for v in same if ((v[1] or "").upper() == STILLBORN) == stillborn] or same
    return same[0][0] if same else None


def sha_of(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


class DumpFiles:
    """The legi_files table and its companions, in the caller's transaction.

    Each method returns the article keys whose versions the change touches. `generation` numbers this
    ingest: an article's latest file (by generation, then date) gives its VERSIONS block.
    """

    def __init__(self, conn: sqlite3.Connection, generation: int) -> None:
        self.conn = conn
        self.generation = generation
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS dump_work (key TEXT PRIMARY KEY, article BLOB NOT NULL)"
        )
        conn.execute("DELETE FROM temp.dump_work")

    def forget_work(self) -> None:
        """What this ingest kept of the files it parsed, once their articles are derived."""
        self.conn.execute("DELETE FROM temp.dump_work")

    def held_sha(self, key: str) -> str | None:
        row = self.conn.execute("SELECT sha FROM legi_files WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _old_article_key(self, key: str) -> set[str]:
        row = self.conn.execute("SELECT article_key FROM legi_files WHERE key=?", (key,)).fetchone()
        return {row[0]} if row and row[0] else set()

    def put_article(self, record: ArticleRecord, parsed: ParsedArticle, sha: str) -> tuple[set[str], dict]:
        """Hold an article file; returns the touched article keys and the texts it brings (sha -> body)."""
        key = parsed.key
        touched = self._old_article_key(key) | {record.article_key}
        texts: dict[str, str] = {}
        observations = []
        for o in parsed.observations:
            o = dict(o)
            body = o.pop("text")
            if body is not None:
                o["text_sha"] = text_sha(body)
                texts[o["text_sha"]] = body
            observations.append(o)
        data = {
            "id": record.canonical_id,
            "code": record.code.slug,
            "num": record.canonical_num,
            "own_num": record.num,
            "start": record.start,
            "observations": observations,
        }
        self._put(key, "article", record.legi_id, record.code.text_cid, record.article_key, sha, pack(data))
        self.conn.execute("DELETE FROM legi_versions WHERE file_key=?", (key,))
        ids = {v.legi_id for v in record.versions if v.legi_id} | {record.legi_id}
        self.conn.executemany("INSERT OR IGNORE INTO legi_versions VALUES (?, ?)", [(i, key) for i in ids])
        self.conn.execute(
            "INSERT OR REPLACE INTO temp.dump_work VALUES (?, ?)",
            (key, pickle.dumps((parsed.stub, parsed.refs), protocol=pickle.HIGHEST_PROTOCOL)),
        )
        return touched, texts

    def put_section(self, record: SectionRecord) -> set[str] | None:
        """Hold a section file; the article keys whose hierarchy it touches, None when it is held already."""
        key = file_key(record)
        data = {
            "title": record.title,
            "context": [c.title for c in record.context],
            "code": record.code.slug,
            "children": [[c.kind, c.legi_id, c.start, c.end] for c in record.children],
        }
        sha = sha_of(_json(data).encode("utf-8"))
        if self.held_sha(key) == sha:
            return None
        before = self._listed(key)
        self._put(key, "section_ta", record.legi_id, record.code.text_cid, None, sha, pack(data))
        self.conn.execute("DELETE FROM legi_placements WHERE section_key=?", (key,))
        placed = [(c.legi_id, key, c.start, c.end) for c in record.children if c.kind == "article"]
        self.conn.executemany("INSERT OR REPLACE INTO legi_placements VALUES (?, ?, ?, ?)", placed)
        return self.article_keys(before | {p[0] for p in placed})

    def put_text(self, record: TextStructRecord | TextVersionRecord) -> bool:
        """Hold a text's file (its name, nature, dates); False when it is held already."""
        code = record.code
        if isinstance(record, TextVersionRecord):
            data = {
                "slug": code.slug if code else None, "title": record.title, "full_title": record.full_title,
                "nature": record.nature, "state": record.state, "start": record.start, "end": record.end,
            }  # fmt: skip
            kind = "texte_version"
        else:
            data = {"slug": code.slug if code else None, "nature": record.nature, "cid": record.cid}
            kind = "texte_struct"
        key = file_key(record)
        sha = sha_of(_json(data).encode("utf-8"))
        if self.held_sha(key) == sha:
            return False
        self._put(key, kind, record.legi_id, record.cid, None, sha, pack(data))
        return True

    def delete(self, key: str) -> set[str]:
        """A deletion-list line: the file held under `key` goes (nothing held: nothing to do)."""
        row = self.conn.execute("SELECT kind, article_key FROM legi_files WHERE key=?", (key,)).fetchone()
        if row is None:
            return set()
        kind, article_key = row
        touched: set[str] = set()
        if kind == "article":
            touched.add(article_key)
            self.conn.execute("DELETE FROM legi_versions WHERE file_key=?", (key,))
            self.conn.execute("DELETE FROM temp.dump_work WHERE key=?", (key,))
        elif kind == "section_ta":
            listed = self._listed(key)
            self.conn.execute("DELETE FROM legi_placements WHERE section_key=?", (key,))
            touched = self.article_keys(listed)
        self.conn.execute("DELETE FROM legi_files WHERE key=?", (key,))
        return touched

    def _put(
        self,
        key: str,
        kind: str,
        legi_id: str,
        cid: str | None,
        article_key: str | None,
        sha: str,
        data: bytes,
    ) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO legi_files (key, kind, legi_id, text_cid, article_key, sha, generation,"
            " data) VALUES (?,?,?,?,?,?,?,?)",
            (key, kind, legi_id, cid, article_key, sha, self.generation, data),
        )

    def _listed(self, section_key: str) -> set[str]:
        sql = "SELECT article_legi_id FROM legi_placements WHERE section_key=?"
        cur = self.conn.execute(sql, (section_key,))
        return {r[0] for r in cur}

    def article_keys(self, legi_ids: Iterable[str]) -> set[str]:
        """The articles (by key) whose files list these version ids."""
        sql = (
            "SELECT DISTINCT f.article_key FROM legi_versions v JOIN legi_files f ON f.key = v.file_key"
            " WHERE v.legi_id IN ({})"
        )
        return {r[0] for r in select_in(self.conn, sql, legi_ids) if r[0]}


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def pack(data: dict) -> bytes:
    """What a file gave, as legi_files.data holds it: JSON, compressed (a fifth of the size: the keys of
    every observation repeat)."""
    return zlib.compress(_json(data).encode("utf-8"), 6)


def unpack(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob))


def work_of(conn: sqlite3.Connection, key: str) -> tuple[Stub, list[tuple]] | None:
    """What the refs writer needs of a file parsed by this ingest (see Stub) and its edges, or None."""
    row = conn.execute("SELECT article FROM temp.dump_work WHERE key=?", (key,)).fetchone()
    if row is None:
        return None
    stub, refs = pickle.loads(row[0])  # written by this process, in this transaction
    return stub, refs
