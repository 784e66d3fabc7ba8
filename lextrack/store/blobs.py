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
    sizes = _cat_file(git_dir, "--batch-check", shas)
    shas = [s for s, line in zip(shas, sizes.splitlines(), strict=True) if _small(line, MAX_BYTES)]
    if not shas:
        return {}
    out = _cat_file(git_dir, "--batch", shas)
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        nl = out.index(b"\n", pos)
        head = out[pos:nl].split()
        if len(head) < 3 or head[1] != b"blob":  # "<sha> missing"
            pos = nl + 1
            continue
        size = int(head[2])
        blobs[sha] = out[nl + 1 : nl + 1 + size]
        pos = nl + 1 + size + 1
    return blobs


def _small(check_line: bytes, limit: int) -> bool:
    head = check_line.split()
    return len(head) == 3 and head[1] == b"blob" and int(head[2]) <= limit


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
