#!/usr/bin/env python3
"""The citation graph's costs on a store (a script, not a timed test).

    python scripts/bench_graph.py                      # a store made here from the bundled corpus
    python scripts/bench_graph.py --store DIR          # an existing store (e.g. a scaled corpus's)
    python scripts/bench_graph.py --scale 25           # the same corpus repeated 25 times (~100k versions)
    python scripts/bench_graph.py --store DIR --queries 30 --no-build   # what users ask, through the CLI
    python scripts/bench_graph.py --json results.json  # also write the figures as JSON

Build: the whole networkx graph (what the whole-graph paths used to build), in a fresh child process so its
peak RSS is its own. Exports: each format streamed from the index by the CLI (`lextrack graph export`), each
in a process of its own, its peak RSS read with wait4. Queries (--queries N): latency p50/p99 of `cites`,
`cited-by` and `impact` through the CLI on N articles and texts drawn at random (seeded), `check --code` on
up to N codes, `check --date` of the whole store, `stats`, `lextrack serve` until it answers and its first
article page (the most cited article).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMATS = ("graphml", "gexf", "json", "csv", "dot")


def make_store(root: Path) -> float:
    """Ingest the bundled corpus (both git histories, snapshots, LEGI XML, Tricoteuses, seeds)."""
    from lextrack.store import Store

    corpus = ROOT / "corpus"
    t0 = time.perf_counter()
    with Store.open(root) as store:
        for bundle in sorted((corpus / "git").glob("*.bundle")):
            store.ingest_git(bundle)
        store.ingest_paths(
            [
                corpus / "etalab-codes" / "snapshot",
                corpus / "steeve-everything" / "snapshot",
                corpus / "tricoteuses-code-civil" / "snapshot",
                corpus / "legi-xml",
                corpus / "seeds",
            ]
        )
    return time.perf_counter() - t0


def scale_index(src: Path, dst: Path, factor: int) -> None:
    """A copy of the index with every code's articles, versions and references repeated `factor` times
    under renamed codes (texts stay shared): the graph's size grows, its shape stays the real one's."""
    import shutil

    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst)
    art = "CASE WHEN {c} LIKE 'code-%/%' THEN 's{k}-' || {c} ELSE {c} END"
    for k in range(1, factor):
        cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
        sel = ", ".join(f"'s{k}-' || {c}" if c in ("id", "code") else c for c in cols)
        conn.execute(
            f"INSERT INTO articles({', '.join(cols)}) SELECT {sel} FROM articles WHERE id NOT LIKE 's%-%'"
        )
        cols = [r[1] for r in conn.execute("PRAGMA table_info(versions)") if r[1] != "rowid"]
        sel = ", ".join(f"'s{k}-' || article_id" if c == "article_id" else c for c in cols)
        conn.execute(f"INSERT INTO versions({', '.join(cols)}) SELECT {sel} FROM versions"
                     f" WHERE article_id NOT LIKE 's%-%'")  # fmt: skip
        cols = [r[1] for r in conn.execute("PRAGMA table_info(refs)") if r[1] != "id"]
        sel = ", ".join(art.format(c=c, k=k) if c in ("article_id", "source", "target") else c for c in cols)
        conn.execute(
            f"INSERT INTO refs({', '.join(cols)}) SELECT {sel} FROM refs WHERE article_id NOT LIKE 's%-%'"
        )
        cols = [r[1] for r in conn.execute("PRAGMA table_info(ref_versions)")]
        sel = ", ".join(f"'s{k}-' || {c}" if c in ("article_id", "code") else c for c in cols)
        conn.execute(
            f"INSERT INTO ref_versions({', '.join(cols)}) SELECT {sel} FROM ref_versions"
            " WHERE article_id NOT LIKE 's%-%'"
        )
    conn.commit()
    conn.close()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _build(index: str, date: str | None, out: mp.Queue) -> None:
    from lextrack.graph.build import build_graph

    conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    base = _peak_rss_mb()
    t0 = time.perf_counter()
    g = build_graph(conn, date=date)
    seconds = time.perf_counter() - t0
    out.put(
        {
            "date": date,
            "seconds": round(seconds, 3),
            "peak_rss_mb": round(_peak_rss_mb(), 1),
            "rss_before_build_mb": round(base, 1),
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
        }
    )


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("lextrack")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "lextrack.cli"]


def run_cli(*args: str) -> dict:
    """One `lextrack` command in a process of its own: wall seconds, its own peak RSS (wait4), exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*_cli(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": time.perf_counter() - t0,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "exit": proc.returncode,
    }


def bench_exports(store: Path, outdir: Path) -> list[dict]:
    rows = []
    for fmt in FORMATS:
        target = outdir / ("csv" if fmt == "csv" else f"graph.{fmt}")
        run = run_cli("graph", "export", "--format", fmt, "-o", str(target), "--store", str(store))
        files = [target / "nodes.csv", target / "edges.csv"] if fmt == "csv" else [target]
        rows.append(
            {
                "format": fmt,
                "seconds": round(run["seconds"], 3),
                "cpu_seconds": run["cpu_seconds"],
                "peak_rss_mb": run["peak_rss_mb"],
                "mb": round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 2),
            }
        )
        for f in files:
            f.unlink(missing_ok=True)
    return rows


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def _latency(runs: list[dict]) -> dict:
    """Wall-clock percentiles, and CPU ones: on a machine others load, CPU time is the figure that holds."""
    if not runs:
        return {"runs": 0}
    ms = [r["seconds"] * 1000 for r in runs]
    cpu = [r["cpu_seconds"] * 1000 for r in runs]
    return {
        "runs": len(ms),
        "p50_ms": round(_pct(ms, 50), 1),
        "p99_ms": round(_pct(ms, 99), 1),
        "cpu_p50_ms": round(_pct(cpu, 50), 1),
        "cpu_p99_ms": round(_pct(cpu, 99), 1),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "failed": sum(1 for r in runs if r["exit"] not in (0, 1)),
    }


def _samples(index: Path, n: int, seed: int) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    rng = random.Random(seed)
    articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    acting = "AND type IN ('created_by', 'modified_by', 'abrogated_by', 'transferred_by', 'codified_by')"
    texts: list[str] = []
    for only in (acting, ""):  # texts that acted on articles; in a history without metadata, cited ones
        sql = f"SELECT DISTINCT target FROM refs WHERE target_kind = 'text' {only} ORDER BY target"
        texts = texts or [r[0] for r in conn.execute(sql)]
    codes = [r[0] for r in conn.execute("SELECT DISTINCT code FROM articles ORDER BY code")]
    (top,) = conn.execute(
        "SELECT target FROM refs WHERE type = 'cites' AND target IN (SELECT id FROM articles)"
        " GROUP BY target ORDER BY count(*) DESC, target LIMIT 1"
    ).fetchone() or (articles[0],)
    last = conn.execute("SELECT max(start) FROM versions WHERE start < '2999'").fetchone()[0]
    conn.close()
    return {
        "articles": rng.sample(articles, min(n, len(articles))),
        "texts": rng.sample(texts, min(n, len(texts))),
        "codes": rng.sample(codes, min(n, len(codes))),
        "most_cited": [top],
        "date": [last],
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_serve(store: Path, article: str, timeout: float = 120) -> dict:
    """`lextrack serve` from launch until it answers, then its first article page (a process we start and
    stop ourselves)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*_cli(), "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/static/app.css", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                    return {"start_s": None, "first_article_page_s": None}
                time.sleep(0.02)
        start = time.perf_counter() - t0
        t1 = time.perf_counter()
        url = base + "/articles/" + urllib.parse.quote(article, safe="/*")
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
        page = time.perf_counter() - t1
        t2 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
        again = time.perf_counter() - t2
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {
        "start_s": round(start, 3),
        "first_article_page_s": round(page, 3),
        "next_article_page_s": round(again, 3),
        "article": article,
    }


def bench_queries(store: Path, n: int, seed: int = 6) -> dict:
    sample = _samples(store / "index.sqlite", n, seed)
    at = ["--store", str(store), "--json"]
    out = {
        "cites": _latency([run_cli("cites", a, *at) for a in sample["articles"]]),
        "cited_by": _latency([run_cli("cited-by", a, *at) for a in sample["articles"]]),
        "impact": _latency([run_cli("impact", t, *at) for t in sample["texts"]]),
        "check_code": _latency([run_cli("check", "--code", c, *at) for c in sample["codes"]]),
        "check_date": _latency([run_cli("check", "--date", sample["date"][0], *at) for _ in range(3)]),
        "stats": _latency([run_cli("stats", *at) for _ in range(3)]),
        "serve": bench_serve(store, sample["most_cited"][0]),
    }
    out["check_date"]["date"] = sample["date"][0]
    return out


def _in_child(target, *args):  # noqa: ANN001, ANN202
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def _count(index: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    counts = {}
    for table in ("versions", "refs"):
        try:
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except sqlite3.Error:
            counts[table] = 0
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--store", type=Path, help="An existing store directory (default: build one)")
    parser.add_argument("--date", default="2015-01-01", help="Also time the graph as of this day")
    parser.add_argument("--scale", type=int, default=1, help="Repeat the corpus this many times")
    parser.add_argument("--queries", type=int, default=0, help="CLI runs per question (0: none)")
    parser.add_argument("--no-build", action="store_true", help="Do not build the networkx graph")
    parser.add_argument("--json", type=Path, help="Write the results here as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lextrack-bench-graph-") as tmp:
        results: dict = {}
        if args.store:
            store = args.store
        else:
            store = Path(tmp) / "store"
            results["ingest_seconds"] = round(make_store(store), 2)
        if args.scale > 1:
            scaled = Path(tmp) / "scaled"
            scaled.mkdir()
            scale_index(store / "index.sqlite", scaled / "index.sqlite", args.scale)
            store = scaled
            results["scale"] = args.scale
        index = store / "index.sqlite"
        results["index"] = _count(index)
        if not args.no_build:
            results["build"] = [_in_child(_build, str(index), None), _in_child(_build, str(index), args.date)]
        results["export"] = bench_exports(store, Path(tmp))
        if args.queries:
            results["queries"] = bench_queries(store, args.queries)

    idx = results["index"]
    print(f"index: {idx['versions']} version rows, {idx['refs']} reference rows")
    for b in results.get("build", []):
        what = f"as of {b['date']}" if b["date"] else "temporal"
        print(
            f"build ({what}): {b['seconds']:.2f} s, peak RSS {b['peak_rss_mb']:.0f} MB "
            f"(interpreter and imports: {b['rss_before_build_mb']:.0f} MB), "
            f"{b['nodes']} nodes, {b['edges']} edges"
        )
    for e in results["export"]:
        mb, rss = e["mb"], e["peak_rss_mb"]
        print(f"export {e['format']:<8} {e['seconds']:7.2f} s  {mb:8.2f} MB  peak RSS {rss:.0f} MB")
    for name, q in results.get("queries", {}).items():
        print(f"{name:<10} {q}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
