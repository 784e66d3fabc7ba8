"""Git histories (repositories or bundles) -> observations, window by window of commits.

One streamed `git log --raw` gives the commits in order; they are cut into windows of whole commits (about
LEXTRACK_WINDOW file changes each). A pool of processes parses the next window while the caller merges and
writes the one before, so that neither the log, nor the parsed files, nor the observations of a whole history
are ever held at once. What the reader carries from one window to the next is small, and it is what a later
ingest of the same history starts from (store/sources.py): which article each path holds (a later deletion
or move is read against it), how many commits were read, the date of the last dated commit, and the versions
whose placeholder date waits for their article's next change (store/placeholders.py).

A file the parser cannot read is rejected (recorded with its commit and the reason) and the history goes on;
`strict` stops at it instead (ParseError naming the file and the commit). A file cut short is read up to the
cut and its version flagged damaged.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import chain
from pathlib import Path
from typing import Any

from lextrack.errors import ParseError, StoreError
from lextrack.model import Article
from lextrack.parser.hierarchy import code_of_folder
from lextrack.store.articles import is_article_path, read_article
from lextrack.store.blobs import BlobReader, check_size
from lextrack.store.creations import Creations
from lextrack.store.files import own_dates, own_end
from lextrack.store.gitrepo import (
    DATE_TRAILER,
    JORF_DATE_TRAILER,
    NO_TEXT,
    TEXT_DATE_TRAILER,
    TRANSFER_TRAILER,
    UNCERTAIN_TRAILER,
    git_env,
)
from lextrack.store.ingest_result import Damage, Rejection
from lextrack.store.observation import Observation, hierarchy_json
from lextrack.store.placeholders import Held, Placeholders
from lextrack.store.pool import Parsed, ParsePool, parallel_threshold, workers
from lextrack.store.sources import ReaderState
from lextrack.store.subject_dates import (
    TRAILER_RULE,
    CommitDates,
    commit_date,
    commit_dates,
    date_from_subject,
    edition_date,
    is_placeholder,
    jorf_date,
    publications,
    real_time,
    text_number,
)
from lextrack.store.window import Window

_SEP = "\x1e"
_FORMAT = (
    f"{_SEP}%H%x1f%at%x1f%ad%x1f%s%x1f%(trailers:key={DATE_TRAILER},valueonly,separator=%x2c)"
    f"%x1f%(trailers:key={UNCERTAIN_TRAILER},valueonly,separator=%x2c)"
    f"%x1f%(trailers:key={TRANSFER_TRAILER},valueonly,separator=%x2c)"
    f"%x1f%(trailers:key={TEXT_DATE_TRAILER},valueonly,separator=%x2c)"
    f"%x1f%(trailers:key={JORF_DATE_TRAILER},valueonly,separator=%x2c)"
    "%x1f%ct%x1f%cd"  # the committer date: LEGI's start of the version in steeve's histories (_committed)
)


AHEAD = 2  # windows handed to the parsers before the caller has written the one they follow
LOG_CHUNK = 500  # commits a `git log` is asked for at once


def window_size() -> int:
    """File changes per window (whole commits): LEXTRACK_WINDOW, else 5 000. (Steeve's 64 codes: peak RSS
    540 MB for the main process, 630 with 10 000, in about the same time.)"""
    env = os.environ.get("LEXTRACK_WINDOW", "").strip()
    return int(env) if env.isdigit() and int(env) > 0 else 5_000


# --- opening a history ---------------------------------------------------------------------------------


def history_tip(source: Path, branch: str | None) -> str | None:
    """The commit a history's branch is at, read without unpacking a bundle (its header lists its refs);
    None when that cannot be told cheaply (the caller then opens the history)."""
    if not source.exists():
        return None
    rev = branch or "HEAD"
    if source.is_file():
        proc = subprocess.run(
            ["git", "bundle", "list-heads", str(source.resolve())], capture_output=True, env=git_env()
        )
        if proc.returncode != 0:
            return None
        lines = proc.stdout.decode(errors="replace").splitlines()
        heads = {name: sha for sha, _, name in (line.partition(" ") for line in lines)}
        for name in (rev, f"refs/heads/{rev}", f"refs/tags/{rev}"):
            if name in heads:
                return heads[name]
        return None
    proc = subprocess.run(
        ["git", "-C", str(source.resolve()), "rev-parse", "--verify", "-q", rev + "^{commit}"],
        capture_output=True,
        env=_here_only(source),
    )
    return proc.stdout.decode().strip() or None if proc.returncode == 0 else None


@contextmanager
def opened_git_dir(source: Path) -> Iterator[str]:
    """The git directory to read a repository or a bundle from (a bundle is unpacked into a temporary bare
    repository, removed afterwards)."""
    if not source.exists():
        raise StoreError(f"{source}: no such repository or bundle")
    if source.is_file():
        tmp = Path(tempfile.mkdtemp(prefix="lextrack-bundle-"))
        try:
            yield _unbundled(source, tmp / "repo.git")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    proc = subprocess.run(
        ["git", "-C", str(source.resolve()), "rev-parse", "--absolute-git-dir"],
        capture_output=True,
        env=_here_only(source),
    )
    if proc.returncode != 0:
        raise StoreError(f"{source}: not a git repository")
    yield proc.stdout.decode().strip()


def _unbundled(source: Path, repo: Path) -> str:
    """The bundle's objects and refs in a new bare repository, HEAD on the branch the bundle's HEAD names.

    `git bundle unbundle` rather than `git clone`: the same index-pack without clone's walk of every object
    to check that the history is connected (3.8 -> 2.9 s for steeve's 64 codes, nothing else running).
    """
    git_dir = str(repo)
    try:
        fmt = _object_format(source)  # a repository of the bundle's hash function (SHA-1 or SHA-256)
    except OSError as exc:
        raise StoreError(f"{source}: cannot be read ({exc.strerror})") from None
    init = subprocess.run(
        ["git", "init", "-q", "--bare", *([f"--object-format={fmt}"] if fmt else []), git_dir],
        capture_output=True,
        env=git_env(),
    )
    if init.returncode != 0:
        raise StoreError(f"{source}: cannot unpack it ({init.stderr.decode().strip()})")
    proc = _git(git_dir, "bundle", "unbundle", str(source.resolve()))
    heads = [line.split(" ", 1) for line in proc.stdout.decode().splitlines() if " " in line]
    if proc.returncode != 0 or not heads:
        why = proc.stderr.decode().strip() or "no references"
        raise StoreError(f"{source}: not a git bundle ({why})")
    refs = {name: sha for sha, name in heads if name.startswith("refs/")}
    script = "".join(f"update {name} {sha}\n" for name, sha in refs.items()).encode()
    if subprocess.run(["git", "--git-dir", git_dir, "update-ref", "--stdin"], input=script,
                      capture_output=True, env=git_env()).returncode != 0:  # fmt: skip
        raise StoreError(f"{source}: its references cannot be written ({', '.join(refs)})")
    head = next((sha for sha, name in heads if name == "HEAD"), None)
    branches = [name for name, sha in refs.items() if name.startswith("refs/heads/") and head in (None, sha)]
    if branches:
        _git(git_dir, "symbolic-ref", "HEAD", branches[0])
    elif head is not None:  # the bundle's HEAD is on no branch of it
        _git(git_dir, "update-ref", "--no-deref", "HEAD", head)
    return git_dir


def _object_format(bundle: Path) -> str | None:
    """The hash function a v3 bundle's header names (`@object-format=sha256`); None: SHA-1, git's default."""
    with open(bundle, "rb") as f:
        if not f.readline().startswith(b"# v3 git bundle"):
            return None
        for line in iter(f.readline, b""):
            if not line.startswith(b"@"):
                return None
            key, _, value = line[1:].strip().partition(b"=")
            if key == b"object-format":
                return value.decode("ascii", errors="replace")
    return None


def _here_only(source: Path) -> dict[str, str]:
    """git looking for a repository at `source` itself, never in a folder above it (`corpus/` inside a
    checkout is not the checkout's history)."""
    return {**git_env(), "GIT_CEILING_DIRECTORIES": str(source.resolve().parent)}


def _git(git_dir: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "--git-dir", git_dir, *args], capture_output=True, env=git_env())


def resolve_tip(git_dir: str, branch: str | None, source: Path) -> str:
    rev = branch or "HEAD"
    proc = _git(git_dir, "rev-parse", "--verify", "-q", rev + "^{commit}")
    if proc.returncode != 0:
        refs = _git(git_dir, "for-each-ref", "--format=%(refname:short)", "refs/heads").stdout.decode()
        heads = refs.split()
        if not heads:
            raise StoreError(f"{source}: no commit (an empty repository)")
        listed = ", ".join(heads[:10]) + (", …" if len(heads) > 10 else "")
        raise StoreError(f"{source}: no branch {rev!r} (its branches: {listed})")
    return proc.stdout.decode().strip()


def check_folder(git_dir: str, tip: str, folder: str, source: Path) -> None:
    """`--under` names a folder some commit of the history touches: a mistyped one would read nothing and
    report that nothing was new."""
    if _git(git_dir, "log", "-1", "--format=%H", tip, "--", folder).stdout.strip():
        return
    parent, _, name = folder.rpartition("/")
    listing = _git(git_dir, "ls-tree", "-z", "--name-only", f"{tip}:{parent}" if parent else tip).stdout
    names = [n for n in listing.decode("utf-8", errors="replace").split("\0") if n]
    near = [f"{parent}/{n}" if parent else n for n in difflib.get_close_matches(name, names, n=3, cutoff=0.6)]
    hint = f" (did you mean {' or '.join(repr(n) for n in near)}?)" if near else ""
    raise StoreError(f"{source}: no file under {folder!r} in its history up to {tip[:12]}{hint}")


def shallow_warning(git_dir: str, source: Path) -> tuple[tuple[str, int], ...]:
    """A shallow clone's first commit holds every article as it stood that day, not since when: said once,
    with how many article files that commit holds (the index dates them by that commit)."""
    if _git(git_dir, "rev-parse", "--is-shallow-repository").stdout.strip() != b"true":
        return ()
    boundary = (Path(git_dir) / "shallow").read_text().split()
    files = 0
    for sha in boundary:
        listing = _git(git_dir, "ls-tree", "-r", "--name-only", "-z", sha).stdout.decode(errors="replace")
        files += sum(1 for path in listing.split("\0") if path and is_article_path(path))
    message = (
        f"{source} is a shallow clone: its first commit gives the articles as they stood on its day, "
        "not the day each took effect (`git fetch --unshallow` there gives the whole history)"
    )
    return ((message, files),)


def root_commit(git_dir: str, tip: str) -> str:
    """The first commit of the tip's first-parent chain: what a history is known by."""
    out = _git(git_dir, "rev-list", "--first-parent", "--max-parents=0", tip).stdout.decode().split()
    return out[-1] if out else tip


def first_parent_chain(git_dir: str, tip: str) -> set[str]:
    return set(_git(git_dir, "rev-list", "--first-parent", tip).stdout.decode().split())


# --- reading -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Commit:
    sha: str
    seq: int
    head: list[str]  # %H, %at, %ad, %s, then the trailers
    changes: list[tuple[str, str, str, str]]  # (status letter, old blob, new blob, path) of article files


class HistoryReader:
    """Reads one history from `state` on (a new state reads it from its first commit)."""

    def __init__(
        self,
        git_dir: str,
        state: ReaderState | None = None,
        *,
        code: str | None = None,
        hint: str | None = None,
        strict: bool = False,
        text_of: Callable[[str], str | None] | None = None,
    ) -> None:
        self.git_dir = git_dir
        self.state = state or ReaderState()
        self.code = code
        self.hint = hint  # the code the repository is named after, for files whose folders name none
        self.strict = strict
        self.text_of = text_of or (lambda sha: None)
        # the paths of each article: one (a string), or more (a set: steeve keeps some in two folders)
        self.id_paths: dict[str, str | set[str]] = {}
        for path, (_blob, aid) in self.state.paths.items():
            self._add_path(aid, path)
        self.placeholders = Placeholders(self.state.held, complete=self._complete)
        self.creations = Creations(self.state.created, self.state.created_dirty)
        self._blobs = BlobReader(git_dir)
        self._window = Window([])
        self.published: dict[str, str] = {}  # text number -> its JORF date (subject_dates.publications)
        self.committed_dates = True  # whether the history's committer dates are LEGI's (legi_committer_dates)

    def _add_path(self, aid: str, path: str) -> None:
        held = self.id_paths.get(aid)
        if held is None or held == path:
            self.id_paths[aid] = path
        elif isinstance(held, str):
            self.id_paths[aid] = {held, path}
        else:
            held.add(path)

    def _drop_path(self, aid: str, path: str) -> None:
        held = self.id_paths.get(aid)
        if held == path:
            del self.id_paths[aid]
        elif isinstance(held, set):
            held.discard(path)
            if len(held) == 1:
                self.id_paths[aid] = held.pop()
            elif not held:
                del self.id_paths[aid]

    # --- the log ---------------------------------------------------------------------------------------
    def windows(self, tip: str, since: str | None = None, under: str | None = None) -> Iterator[Window]:
        """The windows of commits from `since` (excluded; None: the first commit) to `tip`; the last one
        also holds the placeholder-dated versions nothing later re-dated."""
        path = ["--", under.strip("/")] if under else []
        revs = _git(self.git_dir, "rev-list", "--first-parent", "--reverse",
                    f"{since}..{tip}" if since else tip, *path)  # fmt: skip
        if revs.returncode != 0:
            raise StoreError(f"{self.git_dir}: git rev-list failed: {revs.stderr.decode().strip()}")
        # the JORF dates the history's subjects give, all of them (those an earlier ingest read too)
        fmt = "--format=%H%x1f%at%x1f%ct%x1f%s"
        log = _git(self.git_dir, "log", "--first-parent", "--reverse", fmt, tip, *path)
        lines = log.stdout.decode("utf-8", errors="replace").splitlines()
        fields = [line.split("\x1f", 3) for line in lines]
        subjects = [[sha, subject] for sha, _, _, subject in fields]
        self.committed_dates = legi_committer_dates([(at, ct) for _, at, ct, _ in fields])
        read = subjects[: len(subjects) - len(revs.stdout.split())] if since else []  # (revs follow them)
        before = publications(subject for _, subject in read)
        self.published = publications((subject for _, subject in subjects[len(read) :]), before)
        try:
            if since:
                redone = self._republished(read, before, path)
                if redone.observations:
                    yield redone
            yield from self._read(self._log(revs.stdout.decode().split(), path))
        finally:
            self._blobs.close()
        self.state.held = self.placeholders.stored()

    def _republished(self, read: list[list[str]], before: dict[str, str], path: list[str]) -> Window:
        """The versions of commits an earlier ingest read whose text's JORF date only the subjects read since
        give ("Loi N°99-209 Du 19 Mars 1999 - Art. 159 (V)", then "… Art. 1 (V) Jorf 21 Mars 1999"): observed
        again with the dates one read of the whole history gives them, the start they were stored with as
        `legacy_start`, so that merge.redate moves them (and only that: `redate_only`). `read`: (sha, subject)
        of each commit read before, in order; `before`: the publications they give."""
        window = self._window = Window([])
        new = {n for n, day in self.published.items() if before.get(n) != day}
        seqs = {
            sha: seq
            for seq, (sha, subject) in enumerate(read)
            if text_number(subject) in new and not jorf_date(subject)
        }
        if not seqs:
            return window
        for c in self._commits(self._log(list(seqs), path)):
            sha, ts, day, subject, trailer_date = c.head[:5]
            if trailer_date.strip() or is_placeholder(int(ts)):
                continue  # a store's own dates are exact; placeholders are dated otherwise
            committed = self._committed(c.head)
            was = commit_dates(subject, day, False, before, committed)
            now = commit_dates(subject, day, False, self.published, committed)
            if was.uncertain or now.uncertain or (was.start, was.jorf_date) == (now.start, now.jorf_date):
                continue
            dates = {"text_date": now.text_date, "jorf_date": now.jorf_date, "legacy_start": was.start}
            for status, old_blob, blob, file in c.changes:
                if status in NOT_A_FILE:
                    continue
                got = self._article(old_blob if status == "D" else blob, file, {})
                art = got.article
                if art is None or art.format == "lextrack-store" or _own_start(art):
                    continue
                if status == "D":  # an abrogation where the store has one (a moved file's is not redated)
                    obs = Observation(sys.intern(art.id), art.code, art.num, "abrogation", now.start,
                                      source=subject, origin="git", seq=seqs[sha], redate_only=True,
                                      **dates)  # fmt: skip
                else:
                    seq = seqs[sha]
                    obs = _file_observation(art, got, now.start, subject, seq, redate_only=True, **dates)
                window.observations.append(obs)
        return window

    def _log(self, commits: list[str], path: list[str]) -> Iterator[bytes]:
        """`git log --raw` of `commits`, in that order, LOG_CHUNK at a time: one git log of a whole history
        holds what it read of it (200 MB for steeve's 64 codes), one of a chunk a chunk's worth."""
        args = [
            "-c", "core.quotePath=false", "log", "--no-walk=unsorted", "--stdin", "--first-parent",
            "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev", "--date=format:%Y-%m-%d",
            f"--format={_FORMAT}", *path,
        ]  # fmt: skip
        for i in range(0, len(commits), LOG_CHUNK):
            with tempfile.TemporaryFile() as err:
                proc = subprocess.Popen(
                    ["git", "--git-dir", self.git_dir, *args],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=git_env(),
                )  # fmt: skip
                assert proc.stdin is not None and proc.stdout is not None
                try:
                    proc.stdin.write("".join(c + "\n" for c in commits[i : i + LOG_CHUNK]).encode())
                    proc.stdin.close()
                    yield from proc.stdout
                    if proc.wait() != 0:
                        err.seek(0)
                        raise StoreError(f"{self.git_dir}: git log failed: {err.read().decode().strip()}")
                finally:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
                    proc.stdout.close()

    def _commits(self, lines: Iterator[bytes]) -> Iterator[_Commit]:
        cur: _Commit | None = None
        seq = self.state.commits
        for raw in lines:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            if line.startswith(_SEP):
                if cur is not None:
                    yield cur
                head = line[1:].split("\x1f")
                if not head[1]:  # a date before 1970 git stored but does not print: read from the commit
                    head[1], head[2] = self._raw_author_date(head[0])
                cur = _Commit(head[0], seq, head, [])
                seq += 1
            elif cur is not None and line.startswith(":") and "\t" in line:
                meta, _, path = line.partition("\t")
                path = unquote_git_path(path)
                if is_article_path(path):
                    path = sys.intern(path)  # one string per path in the reader's state, however many changes
                    was, now, old, new, status = meta[1:].split()
                    if was in NOT_A_FILE or now in NOT_A_FILE:  # (a link or a submodule: never an article)
                        cur.changes += _not_a_file(was, now, old, new, path)
                    else:
                        cur.changes.append((status[0], old, new, path))
        if cur is not None:
            yield cur

    def _raw_author_date(self, sha: str) -> tuple[str, str]:
        """(seconds, day) of a commit's author date as its header writes it ("author … -315619200 +0100"),
        for the dates before 1970 that `git log` leaves empty; a header nothing can be read from gives
        the epoch, which stands for "some time before 1970" (dated by its subject, or after the last date)."""
        raw = _git(self.git_dir, "cat-file", "commit", sha).stdout.decode("utf-8", errors="replace")
        author = next((line for line in raw.splitlines() if line.startswith("author ")), "")
        try:
            seconds, zone = author.rsplit(" ", 2)[1:]
            offset = (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60)
            day = datetime(1970, 1, 1) + timedelta(seconds=int(seconds) + offset)
        except (ValueError, IndexError, OverflowError):
            return "0", "1970-01-01"
        return seconds, day.date().isoformat()

    def _read(self, log: Iterator[bytes]) -> Iterator[Window]:
        groups = _grouped(self._commits(log), window_size())
        first = next(groups, None)
        if first is None:
            yield self._finish(Window([]))
            return
        second = next(groups, None)
        files = _files(first)
        if workers() <= 1 or (second is None and len(files) < parallel_threshold()):
            for group in chain([first], [second] if second else [], groups):
                yield self._observe(group, self._parse_here(_files(group)))
            yield self._finish(Window([]))
            return
        pool = ParsePool(self.git_dir, self.code, self.hint)
        try:
            inflight = deque([(first, pool.submit(files))])
            for group in chain([second] if second else [], groups):
                inflight.append((group, pool.submit(_files(group))))  # parsed while the caller writes
                if len(inflight) > AHEAD:
                    done, submitted = inflight.popleft()
                    yield self._observe(done, pool.collect(submitted))
            while inflight:
                done, submitted = inflight.popleft()
                yield self._observe(done, pool.collect(submitted))
        finally:
            pool.close()
        yield self._finish(Window([]))

    def _finish(self, window: Window) -> Window:
        self._window = window
        for o in self.placeholders.flush():
            window.observations.append(o)
        return window

    # --- parsing -------------------------------------------------------------------------------------
    def _parse_here(self, files: list[tuple[str, str]]) -> dict[tuple[str, str], Parsed]:
        """A window parsed in this process (a small history): the articles keep their clause tree, and
        their edges are extracted when they are written."""
        blobs = self._blobs.read_many([b for b, _ in files])
        out: dict[tuple[str, str], Parsed] = {}
        for blob, path in files:
            data = blobs.get(blob)
            if data is None:  # larger than the parser takes, or missing: refused with its reason below
                continue
            out[(blob, path.rsplit("/", 1)[0])] = self._parse(data, path)
        return out

    def _parse(self, data: bytes, path: str) -> Parsed:
        try:
            check_size(len(data), path)
            return Parsed(read_article(data, path, self.code, self.hint))
        except ParseError as exc:
            return Parsed(None, None, exc)

    def _article(self, blob: str, path: str, parsed: dict[tuple[str, str], Parsed]) -> Parsed:
        """The file `blob` at `path`: from the window's parsed files, else read here (an old blob that only
        a deletion names, the other copy of an article)."""
        key = (blob, path.rsplit("/", 1)[0])
        got = parsed.get(key)
        if got is None:
            try:
                data = self._blobs.read(blob, path)
                got = self._parse(data, path) if data is not None else Parsed(None, None, _missing(path))
            except ParseError as exc:
                got = Parsed(None, None, exc)
            if got.article is not None:
                self._window.warnings.update(got.article.warnings)
            parsed[key] = got
        return got

    def _complete(self, h: Held) -> Observation:
        """A version an earlier ingest stored, dated again: its text from the index, its file read again (for
        its edges)."""
        text = self.text_of(h.text_sha) if h.text_sha else None
        article = None
        if h.blob and h.path:
            got = self._article(h.blob, h.path, {})
            article = got.article
        return replace(h.obs, text=text if text is not None else h.obs.text, article=article)

    # --- observations ----------------------------------------------------------------------------------
    def _observe(self, commits: list[_Commit], parsed: dict[tuple[str, str], Parsed]) -> Window:
        window = self._window = Window([], len(commits))
        self.creations.new_window()
        for p in parsed.values():
            if p.article is not None and p.article.warnings:
                window.warnings.update(p.article.warnings)
        for c in commits:
            self._commit(c, parsed, window)
        self.state.commits = commits[-1].seq + 1
        return window

    def _committed(self, head: list[str]) -> str | None:
        """The commit's committer date (YYYY-MM-DD) where it is LEGI's start: not a placeholder, in a history
        whose committer dates are LEGI's (legi_committer_dates)."""
        ts, day = head[-2:]
        return day if self.committed_dates and real_time(ts) is not None else None

    def _reject(self, window: Window, sha: str, path: str, exc: ParseError) -> None:
        if self.strict:
            raise ParseError(f"{exc.problem} (commit {sha[:10]})", path, exc.line) from None
        where = f"line {exc.line}: " if exc.line is not None else ""
        window.rejected.append(Rejection(path, where + exc.problem, sha))

    def _commit(self, c: _Commit, parsed: dict[tuple[str, str], Parsed], window: Window) -> None:
        sha, ts, day, subject, trailer_date, trailer_uncertain, trailer_transfers, *more = c.head
        state = self.state
        successors = {
            old.strip(): None if new.strip() in ("", "?") else new.strip()
            for old, sep, new in (t.partition("->") for t in trailer_transfers.split(","))
            if sep
        }
        placeholder = is_placeholder(int(ts))
        # lextrack 0.1 dated every version by its commit (by its subject before 1970): see merge.redate
        legacy = (date_from_subject(subject) or day) if placeholder else day
        if trailer_date.strip():  # a store's own history: its trailers are exact
            dates = CommitDates(
                trailer_date.strip().split(",")[0], _first(more, 0), _first(more, 1), TRAILER_RULE,
                bool(trailer_uncertain.strip()),
            )  # fmt: skip
            legacy = None
        else:
            dates = commit_dates(subject, day, placeholder, self.published, self._committed(c.head))
            if dates.uncertain and state.floor is not None and state.floor < dates.start:
                # before 1970 and undated: after the last dated change (commit order is date order there)
                dates = replace(dates, start=state.floor)
        if not dates.uncertain:
            state.floor = dates.start
        day, uncertain = dates.start, dates.uncertain
        when = {"text_date": dates.text_date, "jorf_date": dates.jorf_date, "legacy_start": legacy}
        present: dict[str, tuple[Observation, str, str]] = {}
        ended: list[Observation] = []  # articles whose files say they ended (LEGI's state and end)
        firsts: set[str] = set()  # articles whose first version in this history this commit adds
        gone: dict[str, Observation] = {}
        for status, old, new, path in c.changes:
            if status in NOT_A_FILE:
                what = NOT_A_FILE[status]
                self._reject(window, sha, path, ParseError(f"{what}, not an article file", path))
                continue
            if status == "D":
                held = state.paths.pop(path, None)
                if held is not None:
                    art_id = held[1]
                else:  # a path this reader never held (its file was rejected): read what it deletes
                    got = self._article(old, path, parsed)
                    if got.article is None:
                        self._reject(window, sha, path, got.error or _missing(path))
                        continue
                    art_id = got.article.id
                if state.dirty is not None:
                    state.dirty.add(path)
                self._drop_path(art_id, path)
                code, _, num = art_id.partition("/")
                if not uncertain:
                    self.creations.changed(art_id, day, window.observations)
                gone[art_id] = Observation(
                    art_id, code, num, "transfer" if art_id in successors else "abrogation", day,
                    source=subject, uncertain=uncertain, origin="git", seq=c.seq,
                    successor=successors.get(art_id), **when,
                )  # fmt: skip
                continue
            got = self._article(new, path, parsed)
            art = got.article
            if art is None:
                self._reject(window, sha, path, got.error or _missing(path))
                continue
            aid = sys.intern(art.id)  # one string per article in the reader's state, however many versions
            first = aid not in self.id_paths and aid not in gone and not self.creations.seen(aid)
            before = state.paths.get(path)
            if before is not None and before[1] != aid:  # the file now holds another article
                self._drop_path(before[1], path)
            state.paths[path] = (new, aid)
            if state.dirty is not None:  # (a new state saves every path)
                state.dirty.add(path)
            self._add_path(aid, path)
            own = _own_start(art)  # a file that says when it took effect (LEGI's dates) is dated by them
            start, unsure = (own, False) if own else (day, uncertain)
            if art.damaged:
                window.damaged.append(Damage(aid, start, path, art.damaged, sha))
            obs = _file_observation(art, got, start, subject, c.seq, uncertain=unsure, **when)
            if not (own or unsure or dates.rule == TRAILER_RULE):  # (a store's own history: exact dates)
                if first:
                    firsts.add(aid)
                else:
                    self.creations.changed(aid, start, window.observations)
            present[aid] = (obs, new, path)
            if own and (end := own_end(art)) is not None:
                kind, until = end
                ended.append(
                    Observation(
                        aid, art.code, art.num, kind, until, source=art.state, origin="git", seq=c.seq
                    )
                )
        out = window.observations
        # A file moved to another folder is a delete and an add of the same id: not an abrogation; nor
        # is deleting one of two copies: the article is then what the remaining copy says.
        for art_id, obs in gone.items():
            if art_id in present:
                continue
            held = self.id_paths.get(art_id)
            others = [held] if isinstance(held, str) else sorted(held or ())
            if others:
                blob = state.paths[others[0]][0]
                got = self._article(blob, others[0], parsed)
                if got.article is not None:
                    art = got.article
                    obs = replace(
                        obs, kind="text", text=art.text, hierarchy=hierarchy_json(art), article=art,
                        refs=got.edges, damaged=art.damaged,
                    )  # fmt: skip
                    out += self.placeholders.take(obs, blob, others[0])
                    continue
            out += self.placeholders.take(obs)
        by_commit = dates.rule == commit_date.__name__
        # a change an edition of the code holds, on a commit dated after that edition (creations.edited)
        late_edition = by_commit and (edition := edition_date(subject)) is not None and edition < day
        for obs, blob, path in present.values():
            out += self.placeholders.take(obs, blob, path)
            if not (out and out[-1] is obs):
                continue
            if obs.article_id in firsts:
                self.creations.add(obs, out, len(out) - 1, by_commit=by_commit)
            elif late_edition and obs.start == day and not obs.uncertain:
                self.creations.edited(obs, out, len(out) - 1)
        out += ended


def _own_start(art: Article) -> str | None:
    """The day a history's file says its version took effect (a Tricoteuses front matter, LEGI XML), as a
    file on disk is dated (store/files.py); a file this store wrote is dated by its commit's trailers."""
    if art.format == "lextrack-store":
        return None
    own = own_dates(art, None, "")
    return own.start if own else None


def _file_observation(
    art: Article, got: Parsed, start: str, subject: str, seq: int, **fields: Any
) -> Observation:
    """The version a commit's file shows (fields: uncertain, the text's dates, legacy_start, redate_only)."""
    own = art.format == "lextrack-store"  # a file this store wrote: its front matter is exact
    return Observation(
        sys.intern(art.id), art.code, art.num, "text", start,
        # a store's own file keeps the end its source gave (a LEGI DATE_FIN before a gap)
        end=art.end if own else None,
        text=None if own and art.text == NO_TEXT else art.text,
        source=subject, origin="git", seq=seq, hierarchy=hierarchy_json(art), article=art, refs=got.edges,
        damaged=art.damaged, **fields,
    )  # fmt: skip


def _grouped(commits: Iterator[_Commit], size: int) -> Iterator[list[_Commit]]:
    """Whole commits, about `size` file changes (and at most `size` commits) a group."""
    group: list[_Commit] = []
    changes = 0
    for c in commits:
        group.append(c)
        changes += len(c.changes)
        if changes >= size or len(group) >= size:
            yield group
            group, changes = [], 0
    if group:
        yield group


def _files(commits: list[_Commit]) -> list[tuple[str, str]]:
    """(blob, path) of each distinct (blob, folder) the commits add or change: what the parser is given (the
    folder names the code and the sections)."""
    seen: dict[tuple[str, str], str] = {}
    for c in commits:
        for status, _old, new, path in c.changes:
            if status != "D" and status not in NOT_A_FILE:
                seen.setdefault((new, path.rsplit("/", 1)[0]), path)
    return [(blob, path) for (blob, _), path in seen.items()]


# git's modes of a tree entry that is not a file: what a history's article path may hold by mistake
NOT_A_FILE = {"120000": "a symbolic link", "160000": "a submodule"}


def _not_a_file(was: str, now: str, old: str, new: str, path: str) -> list[tuple[str, str, str, str]]:
    """The changes a history reader sees where a link or a submodule is added, replaced or removed: the
    file it replaces is deleted, the entry itself is rejected (its mode as status); removing one changes
    nothing (it was never read)."""
    changes = []
    if was not in NOT_A_FILE and set(old) != {"0"}:  # a file became a link: the file is gone
        changes.append(("D", old, "0" * len(old), path))
    if now in NOT_A_FILE:
        changes.append((now, old, new, path))
    elif set(new) != {"0"}:  # a link became a file
        changes.append(("A", old, new, path))
    return changes


def _missing(path: str) -> ParseError:
    return ParseError("the history does not hold this file's content", path)


def legi_committer_dates(dates: list[tuple[str, str]]) -> bool:
    """Whether a history's committer dates can be LEGI's starts, from its (author, committer) timestamps: not
    when half of its commits or more share one committer day, nor when its committer dates span less than
    half the years its author dates do. A history rewritten by `git rebase`, or written by a tool as it runs,
    is committed in minutes or days; LEGI's busiest day, a 1 January, holds 141 of steeve's 14 745 commits,
    whose committer dates span 1970-2015 as their author dates do."""
    authored = [t for t in (real_time(a) for a, _ in dates) if t is not None]
    committed = [t for t in (real_time(c) for _, c in dates) if t is not None]
    if len(committed) < 20:
        return True
    if max(Counter(t // 86400 for t in committed).values()) * 2 >= len(committed):
        return False
    return _span(authored) < 2 * 365 * 86400 or _span(committed) * 2 >= _span(authored)


def _span(timestamps: list[int]) -> int:
    """The seconds between the 5th and the 95th percentiles: a few dates LEGI writes 2999-01-01 (steeve's
    author dates of 3 commits) do not make a span of centuries."""
    if not timestamps:
        return 0
    ordered = sorted(timestamps)
    cut = len(ordered) // 20
    return ordered[-1 - cut] - ordered[cut]


def _first(values: list[str], i: int) -> str | None:
    return values[i].strip().split(",")[0] or None if i < len(values) else None


def git_history(
    source: Path, branch: str | None = None, under: str | None = None, code: str | None = None
) -> list[Observation]:
    """Every article change of a whole history, in commit order (all windows at once: small histories and
    tests; an ingest takes the windows one by one)."""
    with opened_git_dir(Path(source)) as git_dir:
        tip = resolve_tip(git_dir, branch, Path(source))
        reader = HistoryReader(git_dir, code=code, hint=code_of_source(Path(source)), strict=True)
        return [o for w in reader.windows(tip, under=under) for o in w.observations]


def code_of_source(source: Path) -> str | None:
    """The code a repository or bundle is named after ("code_civil", "code-civil.git", "….bundle"), as
    Tricoteuses names its repositories, whose files sit at the top with no folder naming their code."""
    name = source.resolve().name if source.name in ("", ".", "..") else source.name
    if name == ".git":
        name = source.resolve().parent.name
    for suffix in (".git", ".bundle"):
        name = name.removesuffix(suffix)
    code = code_of_folder(name)
    return code.slug if code else None


def unquote_git_path(path: str) -> str:
    """A path as `git log --raw` prints it, C-quoted when it holds bytes it does not print as is."""
    if len(path) >= 2 and path[0] == '"' and path[-1] == '"':
        raw = path[1:-1].encode("latin-1", errors="backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", errors="replace")
    return path
