"""`lextrack ingest` of DILA's LEGI dumps: the global archive, the daily ones in order, a folder where one was
extracted, a single LEGI file named by its id.

One archive is one all-or-nothing transaction (as every ingest, store/ingest.py): the archive is first
checked whole for the hostile-input rules (lextrack.legi, `precheck`); then, in one SQLite transaction, its
files replace the files held under their keys and its deletion list removes files (store/legi_files.py), the
articles they touch are derived again from the files left (store/legi_articles.py), the git view is written
from the earliest day that changed, and the archive's stamp is recorded: an archive applied twice changes
nothing, one older than an archive applied is refused with the reason. A daily archive is applied with the
code filter its global archive was ingested with.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lextrack import fulltext
from lextrack.codes import code_slug
from lextrack.errors import UsageError
from lextrack.legi import (
    DumpKind,
    DumpStamp,
    LegiDump,
    check_order,
    daily_archives,
    dump_stamp,
    resolve_codes,
)
from lextrack.legi.layout import DELETION_LIST, is_loose_structure, loose_file_id
from lextrack.store.gitrepo import GitRepo
from lextrack.store.ids import ArticleRef, typed_num
from lextrack.store.index import Index
from lextrack.store.legi_files import DumpFiles, unpack
from lextrack.store.legi_stream import DumpStream
from lextrack.store.refs import held_targets
from lextrack.store.transaction import all_or_nothing
from lextrack.store.view import move_branch, write_view

_LEGI_FILE = re.compile(r"^(LEGI|JORF)(ARTI|SCTA|TEXT)\d{12}\.xml$")


@dataclass(slots=True)
class DumpResult:
    """What one dump ingest did (`lextrack ingest --json` prints it)."""

    source: str
    stamp: str | None  # the archive's stamp; None for a folder or a file whose name has none
    kind: str | None  # global | daily
    skipped: str | None = None  # why nothing was read (already applied)
    files: int = 0  # files read
    unchanged: int = 0  # of those, files the store held already, byte for byte
    deletions: int = 0  # deletion-list lines applied
    problems: list[str] = field(default_factory=list)  # members that could not be read (reading went on)
    added: int = 0  # version rows
    changed: int = 0
    removed: int = 0
    new_articles: int = 0
    removed_articles: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    commits: int = 0
    rewritten_from: str | None = None
    tip: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["renamed"] = [list(p) for p in self.renamed]
        return d

    def summary(self) -> str:
        """One paragraph for people."""
        name = Path(self.source).name
        if self.skipped:
            return f"{name}: {self.skipped}, nothing to do."
        lines = [
            f"{name}: {self.files} file(s) read ({self.unchanged} held already), {self.deletions} deleted; "
            f"versions: {self.added} added, {self.changed} changed, {self.removed} removed; "
            f"{self.new_articles} new articles, {len(self.removed_articles)} removed, {len(self.renamed)} "
            "renumbered; "
            + (
                f"{self.commits} commits written from {self.rewritten_from} (tip {(self.tip or '')[:12]})."
                if self.rewritten_from
                else "the git view is unchanged."
            )
        ]
        lines += [f"  renumbered: {old} -> {new}" for old, new in self.renamed]
        lines += [f"  removed: {aid}" for aid in self.removed_articles]
        lines += [f"  not read: {p}" for p in self.problems]
        return "\n".join(lines)


def is_dump(path: Path) -> bool:
    """Whether `lextrack ingest PATH` reads PATH as a LEGI dump: an archive (.tar.gz, .tar), a folder where
    one was extracted (it holds DILA's `legi/global/` or a deletion list, or is named by a stamp), a LEGI file
    named by its id (`LEGIARTI000006291810.xml`), a folder of such files with sections or texts among them."""
    if path.is_file():
        return path.name.endswith((".tar.gz", ".tgz", ".tar")) or bool(_LEGI_FILE.match(path.name))
    if not path.is_dir():
        return False
    if (path / "legi" / "global").is_dir() or (path / "global").is_dir() or (path / DELETION_LIST).is_file():
        return True
    if _loose_legi_files(path):
        return True
    try:
        dump_stamp(path)
        return True
    except UsageError:
        return False


def _loose_legi_files(folder: Path) -> bool:
    """A folder of LEGI files named by their ids, outside a dump's layout, with sections or texts among them
    (articles alone are article files, as `parse` reads them)."""
    names = [p.name for p in folder.iterdir() if p.suffix == ".xml" and p.is_file()]
    return all(loose_file_id(n) for n in names) and any(is_loose_structure(n) for n in names)


# --- what the store has applied ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Applied:
    base: str | None  # the global archive's stamp
    dailies: tuple[str, ...]
    codes: tuple[str, ...] | None  # the LEGITEXT ids the global archive was limited to
    tnc: bool


def applied(conn: sqlite3.Connection) -> Applied:
    rows = conn.execute("SELECT stamp, kind, codes, tnc FROM legi_archives ORDER BY stamp").fetchall()
    base = next((r for r in rows if r[1] == DumpKind.GLOBAL), None)
    return Applied(
        base=base[0] if base else None,
        dailies=tuple(r[0] for r in rows if r[1] == DumpKind.DAILY),
        codes=tuple(json.loads(base[2])) if base and base[2] else None,
        tnc=bool(base[3]) if base else False,
    )


def _stamp(path: Path) -> DumpStamp | None:
    try:
        return dump_stamp(path)
    except UsageError:
        return None


def _refusal(path: Path, stamp: DumpStamp, done: Applied) -> str | None:
    """None when the archive may apply; "already applied" when it changes nothing; a UsageError otherwise."""
    if stamp.stamp == done.base or stamp.stamp in done.dailies:
        return f"archive {stamp.stamp} is already applied"
    if stamp.kind == DumpKind.GLOBAL:
        if done.base is not None:
            raise UsageError(
                f"{path}: this store was built from the global archive {done.base}; apply the daily archives "
                f"published after it (--legi-updates DIR), or ingest {path.name} into a new store"
            )
        newer = [s for s in done.dailies if s >= stamp.stamp]
        if newer:
            raise UsageError(f"{path}: global archive {stamp.stamp} is older than {max(newer)}, applied")
        return None
    check_order(path, done.dailies, done.base)
    return None


# --- one archive -----------------------------------------------------------------------------------------
def ingest_dump(
    index: Index,
    repo: GitRepo,
    path: Path,
    codes: Iterable[str] | None = None,
    include_tnc: bool = False,
) -> DumpResult:
    """Apply one dump (the caller holds the store lock)."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    conn = index.conn
    stamp = _stamp(path)
    result = DumpResult(str(path), stamp.stamp if stamp else None, stamp.kind.value if stamp else None)
    done = applied(conn)
    if stamp is not None:
        result.skipped = _refusal(path, stamp, done)
        if result.skipped:
            return result
    codes = list(codes) if codes else None
    if codes is None and not include_tnc and stamp is not None and stamp.is_daily:
        codes, include_tnc = (list(done.codes) if done.codes else None), done.tnc  # as its global archive
    wanted = resolve_codes(codes)
    reader = LegiDump(path, codes=codes, include_tnc=include_tnc)  # checked whole before the first record
    conn.execute("BEGIN IMMEDIATE")
    with all_or_nothing(index, repo, "LEGI archive"):
        generation = conn.execute("SELECT coalesce(max(generation), 0) + 1 FROM legi_files").fetchone()[0]
        stream = DumpStream(index, DumpFiles(conn, generation))
        stream.read(iter(reader))
        result.files, result.unchanged = stream.files_read, stream.unchanged
        result.deletions, result.problems = stream.deletions, stream.problems
        derived = stream.deriver.result
        result.added, result.changed, result.removed = derived.inserted, derived.changed, derived.deleted
        result.new_articles = len(derived.new_articles)
        result.removed_articles = derived.removed_articles
        result.renamed = derived.renamed
        result.rewritten_from = derived.since
        result.tip = index.meta("tip")
        if derived.since is not None:
            result.tip, result.commits = write_view(index, repo, derived.since)
        fulltext.update(conn, derived.touched)
        if derived.touched:
            held_targets(conn, derived.touched)  # edges to R*… or CGI articles, now the store knows them
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if stamp is not None:
            conn.execute(
                "INSERT INTO legi_archives (stamp, kind, name, codes, tnc, applied_at, files, deletions)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (stamp.stamp, stamp.kind.value, path.name, json.dumps(sorted(wanted)) if wanted else None,
                 int(include_tnc), now, result.files, result.deletions),
            )  # fmt: skip
        index.record_ingest(now, f"legi {path}", result.added, result.changed, result.tip)
        conn.execute("COMMIT")
    move_branch(index, repo)
    return result


def ingest_updates(
    index: Index,
    repo: GitRepo,
    folder: Path,
    codes: Iterable[str] | None = None,
    include_tnc: bool = False,
) -> list[DumpResult]:
    """Every daily archive of `folder` the store has not applied, oldest first, each in its own transaction.
    One older than an archive applied and not applied itself is refused before anything is read."""
    done = applied(index.conn)
    newest = max((*done.dailies, *([done.base] if done.base else [])), default=None)
    results = []
    todo = []
    for path in daily_archives(folder):
        stamp = dump_stamp(path).stamp
        if stamp in done.dailies or (done.base is not None and stamp <= done.base):
            results.append(DumpResult(str(path), stamp, DumpKind.DAILY.value, skipped="already applied"))
        elif newest is not None and stamp < newest:
            check_order(path, done.dailies, done.base)  # raises, saying why
        else:
            todo.append(path)
    for path in todo:
        results.append(ingest_dump(index, repo, path, codes, include_tnc))
    return results


# --- names -----------------------------------------------------------------------------------------------
def alias_of(index: Index, text: str) -> ArticleRef | None:
    """A former id of an article a later archive renumbered -> the article as it is stored now."""
    raw, at, day = text.strip().partition("@")
    code, _, num = raw.rpartition("/")
    if not code:
        return None
    for alias in (raw, f"{code_slug(code)}/{typed_num(num)}"):
        row = index.conn.execute(
            "SELECT a.article_id FROM legi_aliases l JOIN legi_articles a ON a.article_key = l.article_key"
            " WHERE l.alias=?",
            (alias,),
        ).fetchone()
        if row:
            from lextrack.dates import parse_user_date

            return ArticleRef(row[0], parse_user_date(day, "date after @") if at else None)
    return None


def code_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Each text's name (TITRE of texte/version) by the slug its articles are stored under."""
    out: dict[str, str] = {}
    cur = conn.execute("SELECT data FROM legi_files WHERE kind='texte_version' ORDER BY generation")
    for (data,) in cur:
        d = unpack(data)
        if d.get("slug") and d.get("title"):
            out[d["slug"]] = d["title"]
    return out
