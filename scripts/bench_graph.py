#!/usr/bin/env python3
"""Graph build time and peak memory, and export time per format (a script, not a timed test).

    python scripts/bench_graph.py                      # a store made here from the bundled corpus
    python scripts/bench_graph.py --store DIR          # an existing store (e.g. a scaled corpus's)
    python scripts/bench_graph.py --scale 25           # the same corpus repeated 25 times (~100k versions)
    python scripts/bench_graph.py --json results.json  # also write the figures as JSON

Each build runs in a fresh child process, so its peak RSS is the build's own (Python, networkx, the graph),
not the ingest's or an earlier run's. Exports are timed in one more child, one format after the other.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sqlite3
import sys
import tempfile
import time
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


def _exports(index: str, outdir: str, out: mp.Queue) -> None:
    from lextrack.graph.build import build_graph
    from lextrack.graph.exporters import export

    g = build_graph(sqlite3.connect(f"file:{index}?mode=ro", uri=True))
    rows = []
    for fmt in FORMATS:
        target = Path(outdir) / ("csv" if fmt == "csv" else f"graph.{fmt}")
        t0 = time.perf_counter()
        files = export(g, fmt, target)
        rows.append(
            {
                "format": fmt,
                "seconds": round(time.perf_counter() - t0, 3),
                "mb": round(sum(f.stat().st_size for f in files) / 1e6, 2),
            }
        )
    out.put(rows)


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="An existing store directory (default: build one)")
    parser.add_argument("--date", default="2015-01-01", help="Also time the graph as of this day")
    parser.add_argument("--scale", type=int, default=1, help="Repeat the corpus this many times")
    parser.add_argument("--json", type=Path, help="Write the results here as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lextrack-bench-graph-") as tmp:
        results: dict = {}
        if args.store:
            store = args.store
        else:
            store = Path(tmp) / "store"
            results["ingest_seconds"] = round(make_store(store), 2)
        index = store / "index.sqlite"
        if args.scale > 1:
            scaled = Path(tmp) / "scaled.sqlite"
            scale_index(index, scaled, args.scale)
            index = scaled
            results["scale"] = args.scale
        results["index"] = _count(index)
        results["build"] = [_in_child(_build, str(index), None), _in_child(_build, str(index), args.date)]
        results["export"] = _in_child(_exports, str(index), tmp)

    idx = results["index"]
    print(f"index: {idx['versions']} version rows, {idx['refs']} reference rows")
    for b in results["build"]:
        what = f"as of {b['date']}" if b["date"] else "temporal"
        print(
            f"build ({what}): {b['seconds']:.2f} s, peak RSS {b['peak_rss_mb']:.0f} MB "
            f"(interpreter and imports: {b['rss_before_build_mb']:.0f} MB), "
            f"{b['nodes']} nodes, {b['edges']} edges"
        )
    for e in results["export"]:
        print(f"export {e['format']:<8} {e['seconds']:7.2f} s  {e['mb']:8.2f} MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
