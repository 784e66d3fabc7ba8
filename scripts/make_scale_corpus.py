#!/usr/bin/env python3
"""A git history of N article versions made from the real histories of corpus/git (for benchmarks).

    python scripts/make_scale_corpus.py --versions 100000 --out /tmp/scale

The bundled histories (etalab's Code de commerce livre II, steeve's Code de la sécurité sociale) are replayed
as many times as N needs. Copy 0 is the real history as is; copy k >= 1 is re-rooted under another code of
lextrack's table (its folder, in each source's own spelling), its article numbers renumbered (the first number
+ 1000 k: L227-1 -> L3227-1 in copy 3) in file names, titles and the texts' own citations, and the source
code's name in the texts replaced by the new code's, so that a citation which pointed inside the real code
points inside its copy. Every dated commit of a copy is shifted by the same number of days (a real history's
intervals, order and same-day groups are kept), clamped to the range of real dates of the sources; pre-1970
placeholder commits keep their placeholder date, whose real date is in the subject. The copies are
interleaved by date into one branch `main`, written with one `git fast-import` (a bare repository at --out),
cut after exactly N article file changes. Text, citation density and change patterns are therefore the
real ones.
"""

from __future__ import annotations

import argparse
import heapq
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.codes import all_codes  # noqa: E402
from lextrack.store.articles import is_article_path  # noqa: E402
from lextrack.store.history import unquote_git_path  # noqa: E402
from lextrack.store.subject_dates import PLACEHOLDER_MAX  # noqa: E402

DAY = 86400
SOURCES = {  # bundle stem -> (the code's slug, how its root folder is spelt)
    "etalab-code-de-commerce-livre-ii": ("code-de-commerce", "slug"),
    "steeve-code-de-la-securite-sociale": ("code-de-la-securite-sociale", "title"),
}
_GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
    "PATH": "/usr/bin:/bin:/usr/local/bin",
    "LC_ALL": "C",
}


@dataclass(slots=True)
class Change:
    status: str  # "M" (added or modified) or "D"
    path: str
    blob: str  # new blob for M, old for D


@dataclass(slots=True)
class Commit:
    ts: int
    author: str
    subject: str
    changes: list[Change]


@dataclass(slots=True)
class Source:
    name: str
    code: str
    spelling: str
    root: str  # the first path component of every file
    commits: list[Commit]
    blobs: dict[str, bytes]
    nums: frozenset[str]  # article numbers of the history (for renumbering the texts' citations)
    dated: tuple[int, int]  # first and last non-placeholder author date


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    proc = subprocess.run(
        ["git", "--git-dir", str(git_dir), "-c", "core.quotePath=false", *args],
        input=data,
        capture_output=True,
        env=_GIT_ENV,
    )
    if proc.returncode != 0:
        raise SystemExit(f"git {args[0]} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


_NUM_IN_NAME = re.compile(r"(?i)article[ _-]((?:lo|[lrda])?\*?)(\d+)((?:-\d+)*(?:\s?[a-z]+)?)")


def _num_of(path: str) -> str | None:
    m = _NUM_IN_NAME.search(path.rsplit("/", 1)[-1])
    return (m.group(1).upper() + m.group(2) + m.group(3).split(".")[0]).upper() if m else None


def read_source(bundle: Path, tmp: Path) -> Source:
    """Every commit of the bundle's main branch and every blob its article changes name."""
    code, spelling = SOURCES[bundle.stem]
    git_dir = tmp / (bundle.stem + ".git")
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(git_dir)], check=True, env=_GIT_ENV)
    log = _git(
        git_dir,
        "log",
        "main",
        "--reverse",
        "--topo-order",
        "--first-parent",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--format=\x1e%at\x1f%an <%ae>\x1f%s",
    ).decode("utf-8", errors="replace")
    commits: list[Commit] = []
    wanted: set[str] = set()
    for chunk in log.split("\x1e")[1:]:
        head, _, raw = chunk.partition("\n")
        ts, author, subject = head.split("\x1f")
        changes = []
        for line in raw.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            _m1, _m2, old, new, status = meta[1:].split()
            if status[0] == "D":
                changes.append(Change("D", unquote_git_path(path), old))
            else:
                changes.append(Change("M", unquote_git_path(path), new))
                wanted.add(new)
        commits.append(Commit(int(ts), author, subject, changes))
    blobs = _cat_blobs(git_dir, sorted(wanted))
    paths = {c.path for cm in commits for c in cm.changes}
    nums = frozenset(n for n in map(_num_of, paths) if n)
    dated = [c.ts for c in commits if c.ts > PLACEHOLDER_MAX]
    root = next(iter(paths)).split("/", 1)[0]
    return Source(bundle.stem, code, spelling, root, commits, blobs, nums, (min(dated), max(dated)))


def _cat_blobs(git_dir: Path, shas: list[str]) -> dict[str, bytes]:
    out = _git(git_dir, "cat-file", "--batch", data="".join(s + "\n" for s in shas).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl].split()[2])
        blobs[sha] = out[nl + 1 : nl + 1 + size]
        pos = nl + 1 + size + 1
    return blobs


def _title_case(name: str) -> str:
    """steeve's folder spelling: 'Code De La Sécurité Sociale'."""
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


# --- one copy ------------------------------------------------------------------------------------------


_CITED_NUM = re.compile(r"(?<![\w.-])((?:LO|L|R|D|A)\.?\s?\*?)(\d+)((?:-\d+)+)(?![\w-])")


class Copy:
    """How copy k of a source rewrites paths, texts and dates."""

    def __init__(
        self,
        src: Source,
        k: int,
        target_name: str,
        target_slug: str,
        shift_days: int,
        dated: tuple[int, int] | None = None,
    ) -> None:
        self.src, self.k = src, k
        self.dated = dated or src.dated
        self.offset = 1000 * k
        src_name = next(c.name for c in all_codes() if c.slug == src.code)
        if k == 0:
            self.root = src.root
        elif src.spelling == "slug":
            self.root = target_slug
        else:
            self.root = _title_case(target_name)
        # "code de commerce" / "Code de la sécurité sociale" as the texts write it -> the copy's code
        self.name_rx = re.compile(re.escape(src_name), re.IGNORECASE)
        self.target_name = target_name[:1].lower() + target_name[1:]
        self.shift = shift_days * DAY
        self.cache: dict[str, bytes] = {}

    def path(self, path: str) -> str:
        if self.k == 0:
            return path
        _, _, rest = path.partition("/")
        head, _, name = rest.rpartition("/")
        name = _NUM_IN_NAME.sub(
            lambda m: m.group(0)[: m.start(2) - m.start(0)] + str(int(m.group(2)) + self.offset) + m.group(3),
            name,
            count=1,
        )
        return f"{self.root}/{head}/{name}" if head else f"{self.root}/{name}"

    def _cited(self, m: re.Match[str]) -> str:
        prefix = m.group(1).replace(".", "").replace(" ", "").replace("*", "").upper()
        if prefix + m.group(2) + m.group(3) not in self.src.nums:
            return m.group(0)
        return m.group(1) + str(int(m.group(2)) + self.offset) + m.group(3)

    def blob(self, sha: str) -> bytes:
        data = self.cache.get(sha)
        if data is None:
            data = self.src.blobs[sha]
            if self.k:
                text = data.decode("utf-8", errors="replace")
                text = _CITED_NUM.sub(self._cited, text)  # titles, citations, numbers in the text
                text = self.name_rx.sub(self.target_name, text)
                data = text.encode("utf-8")
            self.cache[sha] = data
        return data

    def ts(self, ts: int) -> int:
        if ts <= PLACEHOLDER_MAX or self.k == 0:
            return ts
        lo, hi = self.dated
        return min(max(ts + self.shift, lo), hi)


def copies(sources: list[Source], seed: int) -> Iterator[Copy]:
    """Copy 0 of every source, then further copies under codes the sources are not, round robin."""
    rng = random.Random(seed)
    lo, hi = min(s.dated[0] for s in sources), max(s.dated[1] for s in sources)
    own = {s.code for s in sources}
    targets = [c for c in all_codes() if c.slug not in own | {"code-civil"} and c.slug.startswith("code-")]
    k = 0
    while True:
        for i, src in enumerate(sources):
            if k == 0:
                yield Copy(src, 0, "", src.code, 0)
                continue
            target = targets[((k - 1) * len(sources) + i) % len(targets)]
            span_days = (src.dated[1] - src.dated[0]) // DAY
            shift = rng.randint(-span_days // 10, span_days // 10)
            yield Copy(src, k, target.name, target.slug, shift, (lo, hi))
        k += 1


# --- writing ---------------------------------------------------------------------------------------------


def _fi_path(path: str) -> bytes:
    """A path as fast-import reads it (C-style quoted when it needs to be)."""
    if any(ch in path for ch in '"\\\n') or path.startswith('"'):
        path = '"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return path.encode("utf-8")


def plan(sources: list[Source], versions: int, seed: int) -> list[tuple[int, int, Copy, Commit]]:
    """Enough copies for N article changes, their commits interleaved by (shifted) date, cut after N."""
    chosen: list[list[tuple[int, int, Copy, Commit]]] = []
    total = 0
    order = 0
    for cp in copies(sources, seed):
        if total >= versions:
            break
        seq = []
        for cm in cp.src.commits:
            seq.append((cp.ts(cm.ts), order, cp, cm))
            order += 1
            total += sum(1 for ch in cm.changes if is_article_path(ch.path))
        chosen.append(seq)
    # merge keeps each copy's own order (steeve's history is not in date order, nor is the copy)
    merged = list(heapq.merge(*chosen, key=lambda t: (t[0], t[1])))
    out = []
    n = 0
    for ts, order, cp, cm in merged:
        if n >= versions:
            break
        kept: list[Change] = []
        for ch in cm.changes:  # the last commit is cut so that exactly N versions are written
            if is_article_path(ch.path):
                if n >= versions:
                    break
                n += 1
            kept.append(ch)
        out.append(
            (
                ts,
                order,
                cp,
                cm if len(kept) == len(cm.changes) else Commit(cm.ts, cm.author, cm.subject, kept),
            )
        )
    return out


def write(out_dir: Path, commits: list[tuple[int, int, Copy, Commit]]) -> tuple[int, int]:
    """One fast-import of the whole history onto refs/heads/main of a new bare repository."""
    if out_dir.exists() and any(out_dir.iterdir()):
        raise SystemExit(f"{out_dir}: exists and is not empty")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(out_dir)], check=True, env=_GIT_ENV)
    proc = subprocess.Popen(
        ["git", "--git-dir", str(out_dir), "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE,
        env=_GIT_ENV,
    )
    assert proc.stdin is not None
    w = proc.stdin.write
    marks: dict[tuple[int, str], int] = {}
    files = 0
    for ts, _, cp, cm in commits:
        for ch in cm.changes:
            if ch.status == "M" and (id(cp), ch.blob) not in marks:
                data = cp.blob(ch.blob)
                marks[(id(cp), ch.blob)] = mark = len(marks) + 1
                w(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
        msg = cm.subject.encode("utf-8")
        head = b"commit refs/heads/main\nauthor %s %d +0000\ncommitter %s %d +0000\ndata %d\n" % (
            cm.author.encode("utf-8"), ts, cm.author.encode("utf-8"), ts, len(msg)
        )  # fmt: skip
        w(head + msg + b"\n")
        for ch in cm.changes:
            path = _fi_path(cp.path(ch.path))
            if ch.status == "D":
                w(b"D " + path + b"\n")
            else:
                w(b"M 100644 :%d " % marks[(id(cp), ch.blob)] + path + b"\n")
            files += is_article_path(ch.path)
        w(b"\n")
    w(b"done\n")
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    return len(commits), files


def make(versions: int, out_dir: Path, seed: int = 6) -> dict:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lextrack-scale-") as tmp:
        sources = [read_source(b, Path(tmp)) for b in sorted((ROOT / "corpus" / "git").glob("*.bundle"))]
    planned = plan(sources, versions, seed)
    commits, files = write(out_dir, planned)
    codes = len({(cp.root) for _, _, cp, _ in planned})
    return {
        "commits": commits,
        "article_changes": files,
        "copies": len({id(cp) for _, _, cp, _ in planned}),
        "roots": codes,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--versions", type=int, default=100_000, help="article file changes to write")
    ap.add_argument("--out", type=Path, required=True, help="a new bare git repository")
    ap.add_argument("--seed", type=int, default=6, help="date shifts are drawn from this seed")
    args = ap.parse_args()
    if args.versions < 1:
        raise SystemExit("--versions must be at least 1")
    r = make(args.versions, args.out, args.seed)
    print(
        f"{args.out}: {r['article_changes']} article versions in {r['commits']} commits, "
        f"{r['copies']} copies under {r['roots']} code folders, {r['seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
