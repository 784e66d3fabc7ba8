#!/usr/bin/env python3
"""Reading speed and memory of lextrack.legi on LEGI archives this script builds from real files.

    python scripts/bench_legi.py                        # archives of 20 000 and 100 000 files
    python scripts/bench_legi.py --files 2000 --files 8000 --out /tmp/legi.json

The archives hold the real LEGI files of tests/fixtures (tests/fixtures/legi-dump/layout.tsv: four articles,
three sections, a text's structure and version, a TNC text) copied many times under distinct ids, at DILA's
paths, in GNU tar format, gzip level 6; articles are weighted four to one, so that about three files in four
are articles, as in a real global archive. Each size is read in a fresh child process, which reports:

* bare: tarfile alone (`r|gz`, every member's bytes read with extractfile), the plain way to iterate it;
* stream: tarfile as the reader drives it (`r|` over gzip.GzipFile, seek and read): its own floor;
* check: the first pass (hostile-input rules, no XML parsed);
* read: the records (hardened XML parse, metadata, identity), without the first pass; `read / bare` is the
  ratio to the floor, measured in the same run;
* read+check: read_dump as the store calls it (both passes);
* article(): the full article (clause tree, links, NOTA) through lextrack's LEGI reader, on a sample;
* peak RSS of the child: it must not grow with the archive (nothing is kept once yielded);
* ingest: `lextrack ingest` of the same archive into a new store (the store side: every article parsed in full
  in worker processes, its versions derived, edges, the git view), in a fresh child of its own: versions and
  article files per second of wall-clock time and per CPU second of every process (workers and git included),
  its peak RSS and the store's size on disk; then a daily archive on top (DAILY_FILES copies of D215-16
  republished with their later versions, as DILA did on 2014-10-06), timed.

D215-16's copies in the archive are its file as DILA published it before 2012-11-11 (one version: see
tests/fixtures/legi-dump/README.md); the daily archive brings the real file (three versions).

Rates are files per second of wall-clock time (the machine's other work included) and of the child's CPU time.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import platform
import re
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.codes import all_codes  # noqa: E402
from lextrack.legi import ArticleRecord, LegiDump, MemberKind, check_dump, member_path  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
LAYOUT = FIXTURES / "legi-dump" / "layout.tsv"
TARGET_FILES_PER_S = 5000
ARTICLE_WEIGHT = 4
ARTICLES_PER_CODE = 3000
D215_16 = FIXTURES / "legi-dump" / "article_LEGIARTI000006291810.xml"
D215_16_BEFORE = FIXTURES / "legi-dump" / "article_LEGIARTI000006291810_before_2012-11-11.xml"
DAILY = "LEGI_20240102-120000.tar.gz"  # beside each archive: what the ingest then applies on top
DAILY_FILES = 200


def _fixtures() -> list[tuple[MemberKind, str, str, bytes]]:
    with LAYOUT.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        (MemberKind(r["kind"]), r["dossier"], r["text_cid"], (FIXTURES / r["file"]).read_bytes())
        for r in rows
    ]


def build(path: Path, files: int) -> dict[str, int]:
    """An archive of exactly `files` members: the real files again and again, each copy under a new id.

    Each copy of an article is made another article (`distinct`): its own id and the ids of its VERSIONS block
    are new, and its number gets the copy's number (D215-16 -> D215-16-123), so that an ingest sees as many
    articles as the archive holds article files, each with its versions; copies are filed under the codes of
    lextrack's table in turn, ARTICLES_PER_CODE each (their folder's LEGITEXT names the code), so that a code
    holds about as many articles as a real one (the git view writes a code's folder as one tree)."""
    fixtures = _fixtures()
    codes = [c.legitext for c in all_codes() if c.legitext]
    cycle = [fx for i in range(ARTICLE_WEIGHT) for fx in fixtures if i == 0 or fx[0] == MemberKind.ARTICLE]
    kinds: dict[str, int] = {}
    d215: list[tuple[str, str, int]] = []
    with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT, compresslevel=6) as tar:
        for n in range(files):
            kind, dossier, cid, data = cycle[n % len(cycle)]
            prefix = {"article": "LEGIARTI", "section_ta": "LEGISCTA"}.get(kind.value, "LEGITEXT")
            file_id = f"{prefix}{900_000_000_000 + n:012d}"
            text_cid = file_id if prefix == "LEGITEXT" else cid
            if kind == MemberKind.ARTICLE:
                text_cid = codes[(kinds.get("article", 0) // ARTICLES_PER_CODE) % len(codes)]
                if data == D215_16.read_bytes():  # as DILA published it then; the daily brings the real one
                    d215.append((member_path(kind, dossier, text_cid, file_id), file_id, n))
                    data = D215_16_BEFORE.read_bytes()
                data = distinct(data, file_id, n)
            info = tarfile.TarInfo(member_path(kind, dossier, text_cid, file_id))
            info.size, info.mtime = len(data), 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
            tar.members.clear()  # tarfile keeps every header it wrote
            kinds[kind.value] = kinds.get(kind.value, 0) + 1
    _daily(path.parent / DAILY, d215[:: max(1, len(d215) // DAILY_FILES)][:DAILY_FILES])
    return kinds


def _daily(path: Path, copies: list[tuple[str, str, int]]) -> None:
    """A daily archive republishing some D215-16 copies as DILA did on 2014-10-06: now MODIFIE to 2012-11-11,
    with two later versions (the real file), under the same keys."""
    stamp = DAILY.removeprefix("LEGI_").removesuffix(".tar.gz")
    with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT) as tar:
        for name, file_id, n in copies:
            data = distinct(D215_16.read_bytes(), file_id, n)
            info = tarfile.TarInfo(f"{stamp}/{name}")
            info.size, info.mtime = len(data), 1_700_000_000
            tar.addfile(info, io.BytesIO(data))


_OWN_ID = re.compile(rb"<ID>(LEGIARTI\d{12})</ID>")
_OWN_NUM = re.compile(rb"<NUM>([^<]+)</NUM>")
_VERSION_ID = re.compile(rb'<LIEN_ART [^>]*id="(LEGIARTI\d{12})"')


def distinct(data: bytes, file_id: str, n: int) -> bytes:
    """The article file under `file_id`, its other versions under new ids, its number made the copy's own."""
    own = _OWN_ID.search(data)
    num = _OWN_NUM.search(data)
    assert own is not None and num is not None
    ids = {own.group(1): file_id.encode()}
    for k, old in enumerate(dict.fromkeys(_VERSION_ID.findall(data))):
        ids.setdefault(old, f"LEGIARTI{800_000_000_000 + n * 16 + k:012d}".encode())
    for old, new in ids.items():
        data = data.replace(b'"' + old + b'"', b'"' + new + b'"')
        data = data.replace(b">" + old + b"<", b">" + new + b"<")
    number = num.group(1).strip()
    renumbered = number + b"-" + str(n).encode()
    return data.replace(b">" + number + b"<", b">" + renumbered + b"<").replace(
        b'num="' + number + b'"', b'num="' + renumbered + b'"'
    )


def _timed(fn) -> tuple[int, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    count = fn()
    return count, time.perf_counter() - wall, time.process_time() - cpu


def _rate(count: int, wall: float, cpu: float) -> dict[str, float]:
    return {"files": count, "wall_s": round(wall, 3), "per_s": round(count / wall, 1),
            "per_cpu_s": round(count / cpu, 1) if cpu else 0.0}  # fmt: skip


def child(archive: Path, sample: int) -> dict:
    """Every measure on one archive, in this (fresh) process."""

    def bare() -> int:
        n = 0
        with tarfile.open(archive, "r|gz") as tar:
            for info in tar:
                if info.isreg():
                    tar.extractfile(info).read()
                    n += 1
                tar.members.clear()  # as the reader does: tarfile would keep every header
        return n

    def stream() -> int:
        n = 0
        with gzip.GzipFile(archive, "rb") as gz, tarfile.open(fileobj=gz, mode="r|") as tar:
            while (info := tar.next()) is not None:
                tar.members.clear()
                if info.isreg():
                    tar.fileobj.seek(info.offset_data)
                    tar.fileobj.read(info.size)
                    n += 1
        return n

    def check() -> int:
        return check_dump(archive).members

    def read(precheck: bool) -> int:
        return sum(1 for _ in LegiDump(archive, include_tnc=True, precheck=precheck))

    def articles() -> int:
        n = 0
        for rec in LegiDump(archive, include_tnc=True, precheck=False):
            if isinstance(rec, ArticleRecord):
                rec.article()
                n += 1
                if n >= sample:
                    break
        return n

    out = {
        "bare": _rate(*_timed(bare)),
        "stream": _rate(*_timed(stream)),
        "check": _rate(*_timed(check)),
        "read": _rate(*_timed(lambda: read(False))),
        "read+check": _rate(*_timed(lambda: read(True))),
        "article()": _rate(*_timed(articles)),
    }
    out["read_vs_bare"] = round(out["read"]["per_s"] / out["bare"]["per_s"], 3)
    out["read_vs_stream"] = round(out["read"]["per_s"] / out["stream"]["per_s"], 3)
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def child_ingest(archive: Path) -> dict:
    """`lextrack ingest ARCHIVE` into a new store, in this (fresh) process. The peak RSS is also read just
    before the git view is written (its writer holds every row and text it writes: that part is not the
    dump's reading, whose memory must not grow with the archive)."""
    import lextrack.store.dumps as dumps
    from lextrack.store import Store

    before_view: list[float] = []
    write_view = dumps.write_view

    def measured(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - a pass-through
        before_view.append(_peak_rss_mb())
        return write_view(*args, **kwargs)

    dumps.write_view = measured

    with tempfile.TemporaryDirectory(prefix="bench-legi-store-") as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, cpu = time.perf_counter(), time.process_time()
        with Store.open(Path(tmp) / "store") as store:
            (result,) = store.ingest_legi(archive, include_tnc=True)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            store.index.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the size of the store, not its log
            size = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
            daily_wall = time.perf_counter()
            (daily,) = store.ingest_legi(archive.parent / DAILY, include_tnc=True)
            daily_wall = time.perf_counter() - daily_wall
    return {
        "files": result.files, "article_files": result.new_articles, "versions": result.added,
        "commits": result.commits, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
        "versions_per_s": round(result.added / wall, 1), "versions_per_cpu_s": round(result.added / cpu, 1),
        "files_per_s": round(result.files / wall, 1),
        "article_files_per_s": round(result.new_articles / wall, 1),
        "peak_rss_mb": _peak_rss_mb(), "peak_rss_before_view_mb": before_view[0] if before_view else None,
        "store_mb": round(size / 1e6, 1), "problems": len(result.problems),
        "daily": {"files": daily.files, "added": daily.added, "changed": daily.changed,
                  "removed": daily.removed, "commits": daily.commits, "rewritten_from": daily.rewritten_from,
                  "wall_s": round(daily_wall, 2)},
    }  # fmt: skip


def _peak_rss_mb() -> float:
    """This process's high-water mark since it started. Not ru_maxrss: Linux carries that across fork and
    exec, so a child would report its parent's peak (the parent built the archive)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--files", type=int, action="append", help="archive sizes (repeatable; default 20000, 100000)"
    )
    ap.add_argument("--sample", type=int, default=2000, help="articles parsed in full for article()")
    ap.add_argument("--work", type=Path, help="where the archives go (default: a temporary folder)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "legi.json")
    ap.add_argument("--ingest-max", type=int, help="ingest only archives of at most this many files")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-ingest", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.sample)))
        return 0
    if args.child_ingest:
        print(json.dumps(child_ingest(args.child_ingest)))
        return 0
    sizes = sorted(args.files or [20_000, 100_000])
    with tempfile.TemporaryDirectory(prefix="bench-legi-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        machine = {"python": platform.python_version(), "cpus": _cpus(), "load_before": _load()}
        results: dict = {"machine": machine, "sizes": {}}
        for files in sizes:
            archive = work / f"Freemium_legi_global_bench-{files}.tar.gz"
            t0 = time.perf_counter()
            kinds = build(archive, files)
            built = time.perf_counter() - t0
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(archive), "--sample", str(args.sample)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            res = json.loads(proc.stdout)
            if args.ingest_max is None or files <= args.ingest_max:
                proc = subprocess.run(
                    [sys.executable, __file__, "--child-ingest", str(archive)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                res["ingest"] = json.loads(proc.stdout)
            res["archive"] = {"files": files, "kinds": kinds, "bytes": archive.stat().st_size,
                              "build_s": round(built, 2)}  # fmt: skip
            results["sizes"][str(files)] = res
            if not args.work:
                archive.unlink()
                (archive.parent / DAILY).unlink()
    results["machine"]["load_after"] = _load()
    small, large = (results["sizes"][str(s)] for s in (sizes[0], sizes[-1]))
    results["rss_growth_mb"] = round(large["peak_rss_mb"] - small["peak_rss_mb"], 1)
    results["target_files_per_s"] = TARGET_FILES_PER_S
    results["meets_target"] = all(r["read"]["per_s"] >= TARGET_FILES_PER_S for r in results["sizes"].values())
    results["meets_target_cpu"] = all(
        r["read"]["per_cpu_s"] >= TARGET_FILES_PER_S for r in results["sizes"].values()
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _print(results)
    print(f"results: {args.out}")
    return 0


def _load() -> float | None:
    """The 1-minute load average: on a shared machine, wall-clock rates fall as it rises above the CPUs."""
    import os

    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _print(results: dict) -> None:
    head = f"{'files':>8} {'measure':<11} {'files/s':>9} {'files/cpu-s':>12} {'wall s':>8}"
    print(head)
    for files, res in results["sizes"].items():
        for name in ("bare", "stream", "check", "read", "read+check", "article()"):
            r = res[name]
            print(f"{files:>8} {name:<11} {r['per_s']:>9.0f} {r['per_cpu_s']:>12.0f} {r['wall_s']:>8.2f}")
        print(
            f"{files:>8} read / bare {res['read_vs_bare']:>9.2f}   "
            f"read / stream {res['read_vs_stream']:.2f}   peak RSS {res['peak_rss_mb']:.1f} MB"
        )
    for files, res in results["sizes"].items():
        if "ingest" in res:
            i = res["ingest"]
            print(
                f"{files:>8} ingest      {i['versions_per_s']:>9.0f} versions/s, "
                f"{i['versions_per_cpu_s']:.0f} per CPU second of all processes; "
                f"{i['article_files_per_s']:.0f} article files/s; {i['versions']} versions of "
                f"{i['article_files']} articles in {i['wall_s']:.1f} s; peak RSS {i['peak_rss_mb']:.1f} MB "
                f"({i['peak_rss_before_view_mb']} MB before the git view); store {i['store_mb']:.1f} MB"
            )
            dd = i["daily"]
            print(
                f"{files:>8} daily       {dd['files']} changed files on top: {dd['wall_s']:.1f} s, "
                f"{dd['added']} versions added, {dd['changed']} changed, {dd['removed']} removed, "
                f"{dd['commits']} commits written again from {dd['rewritten_from']}"
            )
    print(f"peak RSS growth from the smallest to the largest archive: {results['rss_growth_mb']} MB")
    wall = "met" if results["meets_target"] else "NOT met"
    cpu = "met" if results["meets_target_cpu"] else "NOT met"
    m = results["machine"]
    print(
        f"target {results['target_files_per_s']} files/s (read, every size): {wall} in wall-clock time, "
        f"{cpu} per CPU second (load average {m['load_before']} -> {m['load_after']} on {m['cpus']} CPUs)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
