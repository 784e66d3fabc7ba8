"""Git histories for the ingest tests, written with git fast-import (no git identity needed).

`write_history` writes commits given as (author date, subject, file changes, and a committer date where it
is not the author date); `replay` repeats a real history commit for commit (same dates, subjects and files)
with some files swapped for others, as a real history with a damaged file in it would be.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

IDENTITY = b"R\xc3\xa9publique fran\xc3\xa7aise <gitloi@data.gouv.fr>"


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        e.pop(key, None)
    return e


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "-c", "core.quotePath=false", *args],
        input=data,
        capture_output=True,
        check=True,
        env=env(),
    ).stdout


@dataclass
class Commit:
    when: str  # ISO date-time ("2001-07-11T00:00:00+02:00"; UTC without an offset), or git's raw date
    subject: str
    files: dict[str, bytes | None] = field(default_factory=dict)  # path -> content (None: deleted)
    committed: str | None = None  # the committer date, when it is not the author date (steeve's)


def _raw_date(when: str) -> bytes:
    """git's raw form (seconds and offset): the day git prints is the day in the commit's own offset."""
    if "T" not in when:
        return when.encode()
    moment = datetime.fromisoformat(when if when[-6] in "+-" else when + "+00:00")
    offset = int(moment.utcoffset().total_seconds()) // 60  # type: ignore[union-attr]
    sign = "-" if offset < 0 else "+"
    return b"%d %s%02d%02d" % (int(moment.timestamp()), sign.encode(), abs(offset) // 60, abs(offset) % 60)


def write_history(dest: Path, commits: list[Commit], branch: str = "main") -> Path:
    """A bare repository whose branch holds `commits`, in that order."""
    if not (dest / "HEAD").exists():
        subprocess.run(
            ["git", "init", "-q", "--bare", "--initial-branch", branch, str(dest)], check=True, env=env()
        )
    stream = bytearray()
    for c in commits:
        date = _raw_date(c.when)
        committed = _raw_date(c.committed) if c.committed else date
        msg = c.subject.encode()
        stream += b"commit refs/heads/%s\n" % branch.encode()
        stream += b"author %s %s\ncommitter %s %s\n" % (IDENTITY, date, IDENTITY, committed)
        stream += b"data %d\n%s\n" % (len(msg), msg)
        for path, content in c.files.items():
            quoted = path.encode().replace(b"\\", b"\\\\").replace(b'"', b'\\"')
            if content is None:
                stream += b'D "%s"\n' % quoted
            else:
                stream += b'M 100644 inline "%s"\ndata %d\n%s\n' % (quoted, len(content), content)
        stream += b"\n"
    git(dest, "fast-import", "--quiet", "--date-format=raw", data=bytes(stream))
    return dest


def clone(source: Path, dest: Path) -> Path:
    subprocess.run(["git", "clone", "-q", "--bare", str(source), str(dest)], check=True, env=env())
    return dest


def replay(
    source: Path,
    dest: Path,
    *,
    under: str | None = None,
    swap: dict[tuple[str, str], bytes] | None = None,
) -> list[Commit]:
    """The first-parent history of `source` (a bare repository) under `under`, commit for commit, with
    swap[(subject, path)] as the content of `path` in the commit with that subject; written to `dest`."""
    swap = dict(swap or {})
    args = ["log", "--first-parent", "--reverse", "--no-renames", "--raw", "--no-abbrev", "-z",
            "--date=raw", "--format=%x01%ad%x00%cd%x00%s%x00", "HEAD"]  # fmt: skip
    fields = git(source, *args, *(["--", under] if under else [])).split(b"\0")
    commits: list[Commit] = []
    blobs: list[tuple[Commit, str, str]] = []
    i = 0
    while i < len(fields):
        item = fields[i].lstrip(b"\n")
        if item.startswith(b"\x01"):
            author, committer = item[1:].decode(), fields[i + 1].decode()
            committed = None if committer == author else committer
            commits.append(Commit(author, fields[i + 2].decode(), committed=committed))
            i += 3
        elif item.startswith(b":"):
            meta = item[1:].decode().split()
            path = fields[i + 1].decode()
            if meta[4][0] == "D":
                commits[-1].files[path] = None
            else:
                blobs.append((commits[-1], path, meta[3]))
            i += 2
        else:
            i += 1
    contents = _cat(source, [sha for _, _, sha in blobs])
    for commit, path, sha in blobs:
        commit.files[path] = swap.pop((commit.subject, path), None) or contents[sha]
    assert not swap, f"not in the history: {list(swap)}"
    write_history(dest, commits)
    return commits


def _cat(repo: Path, shas: list[str]) -> dict[str, bytes]:
    out = git(repo, "cat-file", "--batch", data="".join(s + "\n" for s in shas).encode())
    got: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl].split()[2])
        got[sha] = out[nl + 1 : nl + 1 + size]
        pos = nl + 1 + size + 1
    return got


def fixture_commits(folder: Path, path: str) -> list[Commit]:
    """The commits a fixture folder's README lists (| file | commit | author date (raw) | subject |, in commit
    order; "(deleted)" for a deletion), each setting `path` to that file: a real history's excerpt."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    row = re.compile(r"^\| ([^|]+\.md|\(deleted\)) \| [0-9a-f]+ \| ([^|]+) \| ([^|]+) \|$", re.MULTILINE)
    commits = []
    for name, when, subject in row.findall(readme):
        data = None if name == "(deleted)" else (folder / name).read_bytes()
        commits.append(Commit(when.strip(), subject.strip(), {path: data}))
    return commits
