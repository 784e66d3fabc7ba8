"""git fast-import streams for the git view: written to temporary files, then read by one git process, or by
one per core with the codes shared out between them.

git rewrites the folder trees a commit touches: a chapter's folder and its code's folder of chapters
(store/layout.py), about 9 million tree entries on the 64 codes of steeve's history (85 million when the view
was one flat folder per code). A code's folder trees depend only on that code's files, so a large rewrite is
split: each of N git processes writes the file versions and folder trees of its share of the codes, on a
scratch branch that `ls` asks, after each commit, for the tree of each code it changed; a last git process
then writes the commits themselves, whose root trees name those folder trees (`M 040000 <tree> <code>`). Same
objects, same commit ids as one process writes; the scratch commits are left unreferenced (a few bytes each).
"""

from __future__ import annotations

import os
import queue
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, NamedTuple

from lextrack.errors import StoreError
from lextrack.store.gitrepo import IDENTITY, PENDING, PlannedCommit, fast_import_env, quote_path

STREAM_BATCH = 20_000  # file versions ordered by path together in a stream
# The streams are written a file version at a time: with the default 8 KB buffer that is a system call every
# few versions (330 MB for steeve's 64 codes: 0.42 CPU s of writes alone, 0.14 with 1 MB).
STREAM_BUFFER = 1 << 20
SCRATCH = "refs/lextrack/scratch"

Write = Callable[[bytes], object]


class Imported(NamedTuple):
    """What a fast-import wrote: its commits' ids in order, and rowid -> blob of each file version it wrote
    (the index keeps them: a later rewrite names those blobs instead of writing the files again)."""

    commits: list[str]
    blobs: dict[int, str]


def import_commits(
    git_dir: Path,
    parent: str | None,
    commits: Iterable[PlannedCommit],
    meanwhile: Callable[[], None] | None = None,
    share: Callable[[str], int] | None = None,
    processes: int = 1,
) -> Imported:
    """Write `commits` onto the pending ref (the branch is not touched); return their ids in order, and the
    blobs of the file versions written (a change that names a blob the repository holds is not written).

    Each stream is written whole to a temporary file first, STREAM_BATCH file versions at a time: a batch's
    file versions go first, ordered by path, then its commits name them by mark (git deltifies a blob against
    the blob before it in the stream, which is then the same article's previous version rather than another
    article's: a quarter less git CPU, a quarter smaller pack). git then reads the files while this process
    runs `meanwhile`. `share` gives each code the git process (0 … processes-1) that writes its folders.
    """
    if processes <= 1 or share is None:
        return _single(git_dir, parent, commits, meanwhile)
    return _split(git_dir, parent, commits, meanwhile, share, processes)


def _stream_file(git_dir: Path) -> IO[bytes]:
    return tempfile.TemporaryFile(dir=git_dir, prefix="lextrack-stream-", buffering=STREAM_BUFFER)


# --- one process ---------------------------------------------------------------------------------------


def _single(
    git_dir: Path, parent: str | None, commits: Iterable[PlannedCommit], meanwhile: Callable[[], None] | None
) -> Imported:
    with _stream_file(git_dir) as stream:
        w = stream.write
        _head(w, PENDING, parent)
        marks: list[int] = []  # each commit's mark, in order
        blob_marks: list[tuple[int, int]] = []  # (mark, rowid) of each file version written
        batch: list[PlannedCommit] = []
        size = 0
        for c in commits:
            batch.append(c)
            size += len(c.changes)
            if size >= STREAM_BATCH:
                _write_batch(w, batch, marks, PENDING, blob_marks=blob_marks)
                batch, size = [], 0
        _write_batch(w, batch, marks, PENDING, blob_marks=blob_marks)
        w(b"done\n")
        marks_file = _marks_file(git_dir)
        _wait([_Git(git_dir, stream, marks_file)], meanwhile)
        shas = _read_marks(marks_file)
        return Imported([shas[m] for m in marks], {rowid: shas[m] for m, rowid in blob_marks})


def _head(w: Write, ref: str, parent: str | None) -> None:
    # `feature done`: a stream cut short makes fast-import write nothing, where it would otherwise take EOF
    # as the end and leave a partial ref behind
    w(f"feature done\nreset {ref}\n".encode())
    if parent:
        w(f"from {parent}\n\n".encode())


def _write_batch(
    w: Write,
    commits: list[PlannedCommit],
    marks: list[int],
    ref: str,
    *,
    message: bool = True,
    ls: Callable[[int, PlannedCommit], list[str]] | None = None,
    blob_marks: list[tuple[int, int]] | None = None,
) -> None:
    """A batch of commits into the stream: their file versions by path, then the commits (marks go on from
    the last one written). `ls`: after each commit, the folders whose trees git is to tell. `blob_marks`
    gets (mark, rowid) of each file version written."""
    if not commits:
        return
    mark = (marks[-1] if marks else 0) + 1
    files = [
        (ch.path, i, k)
        for i, c in enumerate(commits)
        for k, ch in enumerate(c.changes)
        if ch.content is not None
    ]
    files.sort(key=lambda f: f[0])  # stable: a file's versions stay in date order
    blob_mark: dict[tuple[int, int], int] = {}
    for _path, i, k in files:
        change = commits[i].changes[k]
        data = change.content.encode("utf-8")  # type: ignore[union-attr]
        w(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
        blob_mark[(i, k)] = mark
        if blob_marks is not None:
            blob_marks.append((mark, change.rowid))
        mark += 1
    for i, c in enumerate(commits):
        ts = c.timestamp()
        msg = c.message().encode("utf-8") if message else b""
        w(f"commit {ref}\nmark :{mark}\n".encode())
        w(f"author {IDENTITY} {ts} +0000\ncommitter {IDENTITY} {ts} +0000\n".encode())
        w(b"data %d\n%s\n" % (len(msg), msg))
        for k, ch in enumerate(c.changes):
            if ch.blob is not None:  # a blob the repository holds: named, not written again
                w(b'M 100644 %s "%s"\n' % (ch.blob.encode("ascii"), quote_path(ch.path)))
            elif ch.content is None:
                w(b'D "%s"\n' % quote_path(ch.path))
            else:
                w(b'M 100644 :%d "%s"\n' % (blob_mark[(i, k)], quote_path(ch.path)))
        w(b"\n")
        for folder in ls(i, c) if ls else ():
            w(b'ls :%d "%s"\n' % (mark, quote_path(folder)))
        marks.append(mark)
        mark += 1


class _Git:
    """A git fast-import reading a stream file; what it says on stderr kept in a file of its own."""

    def __init__(
        self, git_dir: Path, stream: IO[bytes], marks: Path | None, out: IO[bytes] | None = None
    ) -> None:
        stream.flush()
        stream.seek(0)
        cmd = ["git", "--git-dir", str(git_dir), "fast-import", "--quiet", "--force"]
        if marks is not None:
            cmd.append(f"--export-marks={marks}")
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            cmd, stdin=stream, stdout=out or subprocess.DEVNULL, stderr=self.err, env=fast_import_env()
        )

    def failure(self) -> str:
        self.err.seek(0)
        return self.err.read().decode(errors="replace").strip()


def _wait(gits: list[_Git], meanwhile: Callable[[], None] | None) -> None:
    """Run `meanwhile` while git works, then wait for every git; a failure stops them all."""
    try:
        try:
            if meanwhile is not None:
                meanwhile()
            codes = [g.proc.wait() for g in gits]
        except BaseException:  # Ctrl-C or a failure meanwhile: no fast-import left running
            for g in gits:
                g.proc.kill()
                g.proc.wait()
            raise
        for g, code in zip(gits, codes, strict=True):
            if code != 0:
                raise StoreError(f"git fast-import failed: {g.failure()}")
    finally:
        for g in gits:
            g.err.close()


def _marks_file(git_dir: Path, suffix: str = "") -> Path:
    return git_dir / f"lextrack-marks-{os.getpid()}{suffix}"


def _read_marks(marks_file: Path) -> dict[int, str]:
    """mark -> object id, as git exported them; the file goes."""
    shas: dict[int, str] = {}
    if marks_file.exists():
        with open(marks_file, encoding="ascii") as f:
            for line in f:
                mark, sha = line.split()
                shas[int(mark[1:])] = sha
        marks_file.unlink()
    return shas


# --- one process per share of the codes, then the commits ------------------------------------------------


class _Share:
    """One git process's part: the file versions and folder trees of some codes, on a scratch branch.

    Its git runs from the start. This process writes the stream to a file, never waiting for git, and a
    thread hands git what is written as git takes it: once everything is rendered, this process goes on to
    other work (the full-text index) while git catches up.
    """

    def __init__(self, git_dir: Path, n: int, parent: str | None) -> None:
        self.ref = f"{SCRATCH}/{n}"
        self.stream = _stream_file(git_dir)
        self.answers = tempfile.TemporaryFile(dir=git_dir, prefix="lextrack-ls-")
        self.err = tempfile.TemporaryFile()
        self.marks_file = _marks_file(git_dir, f"-{n}")  # its file versions' blobs, for the index
        cmd = ["git", "--git-dir", str(git_dir), "fast-import", "--quiet", "--force"]
        self.proc = subprocess.Popen(
            [*cmd, f"--export-marks={self.marks_file}"],
            stdin=subprocess.PIPE,
            stdout=self.answers,
            stderr=self.err,
            env=fast_import_env(),
        )
        self.written: queue.Queue[int | None] = queue.Queue()  # how far the stream file is written
        self.feeder = threading.Thread(target=self._feed, daemon=True)
        self.feeder.start()
        self.batch: list[PlannedCommit] = []
        self.folders: list[list[str]] = []  # per commit of the batch: the folders to ask for
        self.asked: list[tuple[int, str]] = []  # (commit number, folder) of each `ls`, in order
        self.numbers: list[int] = []  # per commit of the batch: its number in the whole view
        self.size = 0
        self.marks: list[int] = []
        self.blob_marks: list[tuple[int, int]] = []  # (mark, rowid) of each file version written
        _head(self.stream.write, self.ref, parent)
        self._posted()

    def _posted(self) -> None:
        self.stream.flush()
        self.written.put(self.stream.tell())

    def _feed(self) -> None:
        stdin, fd, pos = self.proc.stdin, self.stream.fileno(), 0
        assert stdin is not None
        try:
            while (end := self.written.get()) is not None:
                while pos < end:
                    chunk = os.pread(fd, min(1 << 20, end - pos), pos)
                    stdin.write(chunk)
                    pos += len(chunk)
            stdin.close()
        except (BrokenPipeError, ValueError, OSError):  # git died (or was killed): nothing more is needed
            pass

    def add(self, number: int, commit: PlannedCommit, folders: list[str]) -> None:
        self.batch.append(commit)
        self.folders.append(folders)
        self.numbers.append(number)
        self.size += len(commit.changes)
        if self.size >= STREAM_BATCH // 4:  # (git gets to work on the first batch at once)
            self.flush()

    def flush(self) -> None:
        def ls(i: int, _c: PlannedCommit) -> list[str]:
            self.asked += [(self.numbers[i], f) for f in self.folders[i]]
            return self.folders[i]

        w = self.stream.write
        _write_batch(w, self.batch, self.marks, self.ref, message=False, ls=ls, blob_marks=self.blob_marks)
        self._posted()
        self.batch, self.folders, self.numbers, self.size = [], [], [], 0

    def finish(self) -> None:
        """The last batch and the stream's end: git finishes on its own."""
        self.flush()
        self.stream.write(b"done\n")
        self._posted()
        self.written.put(None)

    def wait(self) -> None:
        self.feeder.join()
        if self.proc.wait() != 0:
            self.err.seek(0)
            raise StoreError(f"git fast-import failed: {self.err.read().decode(errors='replace').strip()}")

    def stop(self) -> None:
        """A failure or Ctrl-C: no git left running, no thread left waiting."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.written.put(None)
        self.feeder.join()

    def blobs(self) -> dict[int, str]:
        """rowid -> blob of each file version this git wrote (once it is done)."""
        shas = _read_marks(self.marks_file)
        return {rowid: shas[mark] for mark, rowid in self.blob_marks}

    def trees(self) -> dict[tuple[int, str], str | None]:
        """(commit number, folder) -> the folder's tree after that commit (None: no file left in it)."""
        self.answers.seek(0)
        lines = self.answers.read().decode("utf-8", errors="replace").splitlines()
        if len(lines) != len(self.asked):
            raise StoreError(f"git fast-import answered {len(lines)} of {len(self.asked)} questions")
        out: dict[tuple[int, str], str | None] = {}
        for key, line in zip(self.asked, lines, strict=True):
            head = line.split("\t", 1)[0].split()
            out[key] = head[2] if head[0] == "040000" and head[1] == "tree" else None
        return out

    def close(self) -> None:
        self.marks_file.unlink(missing_ok=True)
        self.stream.close()
        self.answers.close()
        self.err.close()


def _split(
    git_dir: Path,
    parent: str | None,
    commits: Iterable[PlannedCommit],
    meanwhile: Callable[[], None] | None,
    share: Callable[[str], int],
    processes: int,
) -> Imported:
    _drop_scratch(git_dir)
    shares = [_Share(git_dir, n, parent) for n in range(processes)]
    heads: list[tuple[int, bytes, list[str]]] = []  # each commit's time, message and folders
    done = False
    try:
        for number, c in enumerate(commits):
            parts: dict[int, tuple[list, set[str]]] = {}
            for ch in c.changes:
                folder = ch.path.partition("/")[0]
                changes, folders = parts.setdefault(share(folder), ([], set()))
                changes.append(ch)
                folders.add(folder)
            for n, (changes, folders) in sorted(parts.items()):
                part = PlannedCommit(c.date, c.source, c.uncertain, c.text_date, c.jorf_date, changes=changes)
                shares[n].add(number, part, sorted(folders))
            folders = sorted(f for _, folders in parts.values() for f in folders)
            heads.append((c.timestamp(), c.message().encode("utf-8"), folders))
        for s in shares:
            s.finish()
        if meanwhile is not None:
            meanwhile()
        for s in shares:
            s.wait()
        done = True
        trees: dict[tuple[int, str], str | None] = {}
        blobs: dict[int, str] = {}
        for s in shares:
            trees.update(s.trees())
            blobs.update(s.blobs())
        with _stream_file(git_dir) as stream:
            w = stream.write
            _head(w, PENDING, parent)
            marks = []
            for number, (ts, msg, folders) in enumerate(heads):
                w(f"commit {PENDING}\nmark :{number + 1}\n".encode())
                w(f"author {IDENTITY} {ts} +0000\ncommitter {IDENTITY} {ts} +0000\n".encode())
                w(b"data %d\n%s\n" % (len(msg), msg))
                for folder in folders:
                    tree = trees[(number, folder)]
                    if tree is None:
                        w(b'D "%s"\n' % quote_path(folder))
                    else:
                        w(b'M 040000 %s "%s"\n' % (tree.encode(), quote_path(folder)))
                w(b"\n")
                marks.append(number + 1)
            w(b"done\n")
            marks_file = _marks_file(git_dir)
            _wait([_Git(git_dir, stream, marks_file)], None)
            shas = _read_marks(marks_file)
            return Imported([shas[m] for m in marks], blobs)
    finally:
        for s in shares:
            if not done:
                s.stop()
            s.close()
        _drop_scratch(git_dir)


def _drop_scratch(git_dir: Path) -> None:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "for-each-ref", "--format=%(refname)", SCRATCH],
        capture_output=True,
        env=fast_import_env(),
    ).stdout.decode()
    for ref in out.split():
        subprocess.run(["git", "--git-dir", str(git_dir), "update-ref", "-d", ref], env=fast_import_env())


def share_out(weights: dict[str, int], processes: int) -> Callable[[str], int]:
    """Codes shared out between `processes` git processes, the heaviest first to the least loaded; a code
    not weighed goes by its name's hash."""
    loads = [0] * processes
    given: dict[str, int] = {}
    for code, weight in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        n = loads.index(min(loads))
        given[code] = n
        loads[n] += weight
    return lambda code: given[code] if code in given else sum(code.encode()) % processes
