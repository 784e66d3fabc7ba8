"""The store's git repository: a view of the index, written with one `git fast-import` per ingest.

One file per article at `<code-slug>/<chapter>/<num>.md` (store/layout.py; small front matter + text), one
commit per date and amending text, in date order. Author and committer are named in the stream and the
environment is isolated from any user git configuration, so the store works where no git identity exists.
Commit and author dates are the in-force date (pre-1970 dates mapped onto 1970 by
lextrack.dates.git_timestamp) and the exact date is kept in a trailer; with no wall-clock date anywhere,
rebuilding the same index gives the same commit ids.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lextrack.dates import git_timestamp
from lextrack.errors import StoreError

if TYPE_CHECKING:  # GitPython costs ~0.1 s to import: only the commands that read git pay it
    import git

    from lextrack.store.fastimport import Imported
    from lextrack.store.index import Row

BRANCH = "refs/heads/main"
PENDING = "refs/lextrack/pending"
IDENTITY = "lextrack <lextrack@localhost>"
DATE_TRAILER = "Lextrack-Date"
UNCERTAIN_TRAILER = "Lextrack-Date-Uncertain"
TEXT_DATE_TRAILER = "Lextrack-Text-Date"  # the amending text's own date, when it is not the commit's
JORF_DATE_TRAILER = "Lextrack-Jorf-Date"
TRANSFER_TRAILER = "Lextrack-Transfer"  # "old-id -> new-id" ("-> ?" when unknown): a deletion cannot say it
NO_TEXT = "(texte non disponible dans les sources ingérées)"  # a version known by its dates only
UNKNOWN_SOURCE = "Source inconnue"


def git_env() -> dict[str, str]:
    """Git with no user configuration: no global identity, hooks or templates leak into the store."""
    env = dict(os.environ)
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="lextrack",
        GIT_AUTHOR_EMAIL="lextrack@localhost",
        GIT_COMMITTER_NAME="lextrack",
        GIT_COMMITTER_EMAIL="lextrack@localhost",
        GIT_TERMINAL_PROMPT="0",
        # no program named by a repository runs: a store or a history copied from elsewhere could carry
        # hooks (reference-transaction runs on every update-ref), a core.hooksPath, or log.showSignature
        # with a gpg.program (run by `git log` on a signed commit). Config from the environment wins.
        GIT_CONFIG_COUNT="3",
        GIT_CONFIG_KEY_0="core.hooksPath",
        GIT_CONFIG_VALUE_0=os.devnull,
        GIT_CONFIG_KEY_1="log.showSignature",
        GIT_CONFIG_VALUE_1="false",
        GIT_CONFIG_KEY_2="core.fsmonitor",
        GIT_CONFIG_VALUE_2="false",
        LC_ALL="C",
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


# fast-import allocates and frees a tree buffer per commit: with glibc's default malloc settings the heap
# grows and shrinks on each (42 000 brk calls for 1 300 commits), a third of its run time spent in the
# kernel. A 64 MB pad and a high trim threshold keep the heap once grown (ignored where libc is not glibc).
_MALLOC_TUNABLES = "glibc.malloc.top_pad=67108864:glibc.malloc.trim_threshold=268435456"


# zlib's level 1 for the view's objects: fast-import spends a tenth less CPU (5.8 against 6.4 user s for half
# of steeve's 64 codes, three runs each) for a pack 3 % larger (68 against 66 MB). Level 0 would save 4 CPU s
# more on the whole history but double the pack (246 against 137 MB).
PACK_COMPRESSION = "1"


def fast_import_env() -> dict[str, str]:
    env = git_env()
    env["GLIBC_TUNABLES"] = ":".join(filter(None, [env.get("GLIBC_TUNABLES"), _MALLOC_TUNABLES]))
    n = int(env["GIT_CONFIG_COUNT"])
    env[f"GIT_CONFIG_KEY_{n}"], env[f"GIT_CONFIG_VALUE_{n}"] = "pack.compression", PACK_COMPRESSION
    env["GIT_CONFIG_COUNT"] = str(n + 1)
    return env


def run_git(repo: Path | None, *args: str, input: bytes | None = None, check: bool = True) -> str:
    cmd = ["git"]
    if repo is not None:
        cmd += ["--git-dir", str(repo)]
    proc = subprocess.run(cmd + list(args), input=input, capture_output=True, env=git_env())
    if check and proc.returncode != 0:
        raise StoreError(f"git {' '.join(args[:2])} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode("utf-8", errors="replace")


def blob_id(content: str, hash_name: str = "sha1") -> str:
    """The id git gives a file of this content (hash_name: the repository's, sha1 or sha256)."""
    data = content.encode("utf-8")
    return hashlib.new(hash_name, b"blob %d\0" % len(data) + data).hexdigest()


def render(row: Row, body: str | None) -> str:
    """The file of one version: front matter (JSON scalars are valid YAML) then the text.

    It says what the version is on the day it takes effect, nothing a later version changes: no state, and
    as end only the one its source gave (a LEGI DATE_FIN). So a new version leaves the files of the ones
    before it as they are, and an ingest rewrites the view from the new version's day on, not from the day
    of the version it ends. Ends and states are the index's (`lextrack at`, `history`).
    """
    lines = [
        "---",
        f"id: {row.article_id}",
        f"start: {row.start}",
        "end:" + (f" {row.end_hint}" if row.end_hint else ""),
        _source_line(row.source),
    ]
    if row.date_uncertain:
        lines.append("date_uncertain: true")
    if row.damaged:  # the source's file was cut short: the text below stops where it did
        lines.append(f"damaged: {json.dumps(row.damaged, ensure_ascii=False)}")
    hierarchy = _hierarchy_lines(row.hierarchy or "[]")
    if hierarchy:
        lines.append(hierarchy)
    lines.append("---")
    lines.append("")
    lines.append(f"# Article {row.article_id.partition('/')[2]}")
    lines.append("")
    lines.append(body if body is not None else NO_TEXT)
    return "\n".join(lines).rstrip("\n") + "\n"


def shown(row: Row) -> tuple:
    """What the git view shows of a row: its file (render) and its place in the commits (view.plan_commits).
    A row whose end or state alone changed is shown as before: its file and commit stay."""
    return (
        row.article_id, row.kind, row.start, row.seq, row.live, row.text_sha, row.source, row.date_uncertain,
        row.text_date, row.jorf_date, row.successor, row.hierarchy, row.damaged, row.end_hint,
    )  # fmt: skip


def rewrite_days(old: Row | None, new: Row | None) -> list[str]:
    """The days the git view is written again from when the index's row `old` becomes `new` (None: no row):
    the day of each that the view shows (live rows), unless it shows both alike (an end or a state changed).
    Git histories (merge) and LEGI dumps (legi_articles) both decide by it."""
    if old is not None and new is not None and shown(old) == shown(new):
        return []
    return [r.start for r in (old, new) if r is not None and r.live]


class RowChanges(NamedTuple):
    """What an article's rows after a merge change against those it had, for the index and the view."""

    inserts: list[Row]
    updates: list[tuple[Row, Row]]  # (before, after) of each row that changed
    unseen: set[int]  # rowids of the updates the view shows as before (end or state): file and commit stay
    days: list[str]  # the days the view is written again from (rewrite_days)
    rekeyed: set[int]  # rowids of the updates whose (start, seq) changed (Index.update_rows)


def row_changes(before: Mapping[int, Row], after: Iterable[Row], deletes: Iterable[Row] = ()) -> RowChanges:
    """Compare an article's rows `after` (rowid None: new) with those it had (`before`, by rowid), `deletes`
    being those it loses. Git histories (merge) and LEGI dumps (legi_articles) both decide by it."""
    inserts: list[Row] = []
    updates: list[tuple[Row, Row]] = []
    unseen: set[int] = set()
    days: list[str] = []
    rekeyed: set[int] = set()
    for r in deletes:
        days += rewrite_days(r, None)
    for r in after:
        if r.rowid is None:
            inserts.append(r)
            days += rewrite_days(None, r)
        elif r != (was := before[r.rowid]):
            updates.append((was, r))
            if r.start != was.start or r.seq != was.seq:
                rekeyed.add(r.rowid)
            if shown(r) == shown(was):
                unseen.add(r.rowid)
            else:
                days += rewrite_days(was, r)
    return RowChanges(inserts, updates, unseen, days, rekeyed)


# A whole history renders hundreds of thousands of files from a few thousand amending texts and sections.
@lru_cache(maxsize=16384)
def _source_line(source: str | None) -> str:
    return f"source: {json.dumps(source or UNKNOWN_SOURCE, ensure_ascii=False)}"


@lru_cache(maxsize=16384)
def _hierarchy_lines(hierarchy: str) -> str:
    levels = json.loads(hierarchy)
    if not levels:
        return ""
    return "\n".join(
        ["hierarchy:", *(f"  - {json.dumps(f'{lvl}: {title}', ensure_ascii=False)}" for lvl, title in levels)]
    )


@dataclass
class Change:
    path: str
    content: str | None  # None (and no blob) = delete
    rowid: int
    blob: str | None = None  # the file is this blob, which the repository holds already (content is None)


@dataclass
class PlannedCommit:
    date: str
    source: str | None
    uncertain: bool
    text_date: str | None = None
    jorf_date: str | None = None
    created: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    abrogated: list[str] = field(default_factory=list)
    transferred: list[str] = field(default_factory=list)
    successors: dict[str, str | None] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def timestamp(self) -> int:
        return git_timestamp(self.date)

    def message(self) -> str:
        subject = (self.source or UNKNOWN_SOURCE).replace("\n", " ").strip()
        parts = [subject, ""]
        for label, ids in (
            ("Créés", self.created),
            ("Modifiés", self.modified),
            ("Abrogés", self.abrogated),
            ("Transférés", self.transferred),
        ):
            if ids:
                parts.append(f"{label} : " + ", ".join(ids))
        parts.append("")
        parts.append(f"{DATE_TRAILER}: {self.date}")
        if self.text_date:
            parts.append(f"{TEXT_DATE_TRAILER}: {self.text_date}")
        if self.jorf_date:
            parts.append(f"{JORF_DATE_TRAILER}: {self.jorf_date}")
        if self.uncertain:
            parts.append(f"{UNCERTAIN_TRAILER}: yes")
        parts += [f"{TRANSFER_TRAILER}: {old} -> {new or '?'}" for old, new in self.successors.items()]
        return "\n".join(parts) + "\n"


class GitRepo:
    """The bare repository inside a store directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not (path / "HEAD").exists():
            path.mkdir(parents=True, exist_ok=True)  # resolved below: a path never read as a git option
            run_git(None, "init", "--bare", "-q", "--initial-branch=main", str(path.resolve()))
        self._repo: git.Repo | None = None

    @property
    def repo(self) -> git.Repo:
        if self._repo is None:
            import git

            self._repo = git.Repo(str(self.path))
        return self._repo

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()
            self._repo = None

    def ref(self, name: str) -> str | None:
        out = run_git(self.path, "rev-parse", "--verify", "-q", name + "^{commit}", check=False).strip()
        return out or None

    def update_ref(self, name: str, new: str | None, old: str | None = None) -> None:
        if new is None:
            run_git(self.path, "update-ref", "-d", name)
        elif old is None:
            run_git(self.path, "update-ref", name, new)
        else:
            run_git(self.path, "update-ref", name, new, old)

    def stale_locks(self) -> list[Path]:
        """git's *.lock files: a git killed mid-write (kill -9 of an ingest) leaves them, and every later
        ref update then fails. Only lextrack writes this repository, under its store lock: whoever holds
        that lock and sees one knows it is stale."""
        found = [p for p in (self.path / "refs").rglob("*.lock") if p.is_file()]
        found += [p for p in self.path.glob("*.lock") if p.is_file()]  # packed-refs.lock, HEAD.lock…
        return sorted(found)

    def clear_stale_locks(self) -> list[str]:
        """Remove them (the caller holds the store lock); say which."""
        removed = []
        for p in self.stale_locks():
            p.unlink(missing_ok=True)
            removed.append(f"removed {p.relative_to(self.path)}, left by a killed git")
        return removed

    def update_ref_quiet_pending(self) -> None:
        run_git(self.path, "update-ref", "-d", PENDING, check=False)

    def has_commit(self, sha: str) -> bool:
        return self.ref(sha) == sha

    def fast_import(
        self,
        parent: str | None,
        commits: Iterable[PlannedCommit],
        meanwhile: Callable[[], None] | None = None,
        share: Callable[[str], int] | None = None,
        processes: int = 1,
    ) -> Imported:
        """Write commits onto the pending ref; return their ids in order and the blobs of the files written.
        The branch is not touched. (store/fastimport.py: one git process, or `processes` with the codes
        shared out by `share`.)"""
        from lextrack.store.fastimport import import_commits

        self.update_ref(PENDING, None)
        return import_commits(self.path, parent, commits, meanwhile, share, processes)

    # --- reading (GitPython) ------------------------------------------------------------------------
    def file_at(self, commit: str, path: str) -> str | None:
        import git

        try:
            blob = self.repo.commit(commit).tree / path
        except (KeyError, ValueError, git.BadName):
            return None
        return blob.data_stream.read().decode("utf-8")

    def files_at(self, pairs: list[tuple[str, str]]) -> list[str | None]:
        """Contents of many (commit, path) at once through one `git cat-file --batch` (verify reads all)."""
        if not pairs:
            return []
        query = "".join(f"{c}:{p}\n" for c, p in pairs).encode("utf-8")
        proc = subprocess.run(
            ["git", "--git-dir", str(self.path), "cat-file", "--batch", "--buffer"],
            input=query,
            capture_output=True,
            env=git_env(),
        )
        out, pos, result = proc.stdout, 0, []
        for _ in pairs:
            end = out.index(b"\n", pos)
            line = out[pos:end]
            pos = end + 1
            if line.endswith(b" missing") or line.endswith(b" ambiguous"):
                # "<commit>:<path> missing": the path may hold spaces ("82 bis.md"), so only its end is read
                result.append(None)
                continue
            header = line.split()
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                result.append(out[pos : pos + size].decode("utf-8"))
                pos += size + 1
            else:
                if len(header) == 3:  # a tree or a commit at that name: skip its content
                    pos += int(header[2]) + 1
                result.append(None)
        return result

    def tree_files(self, commit: str) -> dict[str, str]:
        """path -> blob sha of every file at a commit."""
        return {b.path: b.hexsha for b in self.repo.commit(commit).tree.traverse() if b.type == "blob"}

    def tree_paths(self, commit: str) -> set[str]:
        """The path of every file at a commit (one `git ls-tree`, for a tree of any size)."""
        out = subprocess.run(
            ["git", "--git-dir", str(self.path), "ls-tree", "-r", "-z", "--name-only", commit],
            capture_output=True,
            env=git_env(),
        ).stdout
        return {p.decode("utf-8", errors="replace") for p in out.split(b"\0") if p}

    def blob(self, sha: str) -> str:
        return self.repo.odb.stream(bytes.fromhex(sha)).read().decode("utf-8")

    def first_parent_chain(self, tip: str) -> list[str]:
        out = run_git(self.path, "rev-list", "--first-parent", "--reverse", tip)
        return out.split()

    def fsck(self) -> list[str]:
        proc = subprocess.run(
            ["git", "--git-dir", str(self.path), "fsck", "--no-progress", "--no-dangling"],
            capture_output=True,
            env=git_env(),
        )
        if proc.returncode == 0:
            return []
        text = (proc.stdout + proc.stderr).decode(errors="replace").strip()
        return [f"git fsck: {line}" for line in text.splitlines() if line.strip()][:20]


def quote_path(path: str) -> bytes:
    """A path as a fast-import stream writes it, between double quotes."""
    return path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").encode("utf-8")
