"""Reading blobs out of a git repository in bulk: one `git cat-file --batch`, never one process per blob."""

from __future__ import annotations

import subprocess

from lextrack.errors import ParseError, StoreError
from lextrack.parser import MAX_BYTES
from lextrack.store.gitrepo import git_env


def check_size(size: int, path: str) -> None:
    """Refuse a file the parser would refuse, before its bytes are read."""
    if size > MAX_BYTES:
        raise ParseError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB ({size} bytes)", path)


def read_blobs(git_dir: str, shas: list[str]) -> dict[str, bytes]:
    """Blobs by sha with one `git cat-file --batch`: a blob larger than the parser takes is left out (the
    caller's check_size then refuses it by its size, from the object store)."""
    reader = BlobReader(git_dir)
    try:
        return reader.read_many(shas)
    finally:
        reader.close()


def held_blobs(git_dir: str, shas: set[str]) -> set[str]:
    """Which of these blob ids the repository holds (one `git cat-file --batch-check`).

    Only whether each object is there is asked: its type and size would have git resolve every delta chain
    (213 703 blobs of steeve's 64 codes: 0.95 s of git, 0.16 s without). The ids are those git gave the
    view's files (versions.blob), so an object there under one of them is that file."""
    if not shas:
        return set()
    out = _cat_file(git_dir, "--batch-check=%(objectname)", list(shas))
    return {line.decode("ascii") for line in out.split(b"\n") if line and b" " not in line}  # "<id> missing"


def _cat_file(git_dir: str, mode: str, shas: list[str]) -> bytes:
    proc = subprocess.run(
        ["git", "--git-dir", git_dir, "cat-file", mode, "--buffer"],
        input="".join(s + "\n" for s in shas).encode(),
        capture_output=True,
        env=git_env(),
    )
    if proc.returncode != 0:
        raise StoreError(f"{git_dir}: git cat-file failed: {proc.stderr.decode().strip()}")
    return proc.stdout


READ_BATCH = 500  # ids written to git at once (41 bytes each: 20 KB, under a pipe's 64 KB)
# A reader lives as long as a history's ingest: its memory must not grow with the history. By default git
# keeps 96 MB of delta bases and maps the whole pack (each reader of steeve's 64 codes reached 164 MB, 80 of
# them the pack's pages). Bounded: 40 MB, for git CPU 0.95 s instead of 0.68 per 50 000 blobs of that
# history.
_BOUNDED = [
    "-c", "core.deltaBaseCacheLimit=16m",
    "-c", "core.packedGitWindowSize=1m",
    "-c", "core.packedGitLimit=16m",
]  # fmt: skip


class BlobReader:
    """One `git cat-file --batch` kept open: for the odd blob a reader needs one at a time (the old text of a
    deleted file, the other copy of an article), and for a parse worker's files, window after window.

    Kept open rather than started twice for each batch of files (a size check, then the files): about 800
    `git cat-file` processes for steeve's 64 codes, each with its start-up and a cold delta cache (git 2.5 CPU
    s per 50 000 consecutive blobs of that history, 0.95 kept open and bounded)."""

    def __init__(self, git_dir: str) -> None:
        self.git_dir = git_dir
        self._proc: subprocess.Popen | None = None

    def _started(self) -> subprocess.Popen:
        if self._proc is None:
            self._proc = subprocess.Popen(
                ["git", "--git-dir", self.git_dir, *_BOUNDED, "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,  # (git writes there only as it dies)
                env=git_env(),
            )
        return self._proc

    def _failed(self) -> StoreError:
        proc = self._proc
        why = ""
        if proc is not None and proc.poll() is not None and proc.stderr is not None:
            why = ": " + proc.stderr.read().decode(errors="replace").strip()
        return StoreError(f"{self.git_dir}: git cat-file stopped answering{why}")

    def _next(self, proc: subprocess.Popen) -> tuple[bytes | None, int]:
        """The next answer: (bytes, size) of a blob; (None, size) for a blob larger than the parser takes,
        skipped a megabyte at a time, never held (the stream must stay in step); (None, 0) for a missing
        object or one that is no blob."""
        assert proc.stdout is not None
        head = proc.stdout.readline().split()
        if len(head) < 3:  # "<sha> missing"
            if not head:
                raise self._failed()
            return None, 0
        size = int(head[2])
        if size > MAX_BYTES:
            left = size + 1
            while left > 0:
                chunk = proc.stdout.read(min(left, 1 << 20))
                if not chunk:
                    raise self._failed()
                left -= len(chunk)
            return None, size if head[1] == b"blob" else 0
        data = proc.stdout.read(size + 1)[:size]
        return (data, size) if head[1] == b"blob" else (None, 0)

    def _ask(self, proc: subprocess.Popen, lines: str) -> None:
        assert proc.stdin is not None
        try:
            proc.stdin.write(lines.encode())
            proc.stdin.flush()
        except BrokenPipeError:
            proc.wait()
            raise self._failed() from None

    def read(self, sha: str, path: str) -> bytes | None:
        """The blob's bytes (None when the repository lacks it); ParseError when larger than the parser
        takes."""
        proc = self._started()
        self._ask(proc, f"{sha}\n")
        data, size = self._next(proc)
        check_size(size, path)
        return data

    def read_many(self, shas: list[str]) -> dict[str, bytes]:
        """Blobs by sha, a blob larger than the parser takes left out (check_size refuses it from the object
        store). Asked READ_BATCH at a time: a batch's ids fit in the pipe, so writing them never waits on git
        writing answers nobody reads yet."""
        proc = self._started()
        out: dict[str, bytes] = {}
        for i in range(0, len(shas), READ_BATCH):
            part = shas[i : i + READ_BATCH]
            self._ask(proc, "".join(s + "\n" for s in part))
            for sha in part:
                data, _ = self._next(proc)
                if data is not None:
                    out[sha] = data
        return out

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.stdin:
                self._proc.stdin.close()
            self._proc.wait()
            for stream in (self._proc.stdout, self._proc.stderr):
                if stream:
                    stream.close()
            self._proc = None
