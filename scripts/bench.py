#!/usr/bin/env python3
"""Throughput and latency of lextrack at scale, against the naive route, in one run (a script, not a test).

    python scripts/bench.py                     # N = 100 000, and N = 10 000 for the growth factors
    python scripts/bench.py --versions 10000 --small 0
    python scripts/bench.py --keep bench/work   # keep the generated histories and stores

For each size the history comes from scripts/make_scale_corpus.py (real texts, re-rooted copies). Figures:
ingest end to end (parse, citations, store, index, git view) in versions/s and, in the same run, the naive
route on a sample of the same history (GitPython: write the file, one index.add + one index.commit per
version; no parsing at all); parse rate of lextrack's parser against bare lxml.html on the same files;
citation extraction against the one-regex-per-pattern baseline (scripts/bench_citations.py); `at` latency
in-process over 10 000 random (article, date) pairs and through the CLI; `diff` of the article with most
versions; graph build time and peak RSS, export time per format (scripts/bench_graph.py, fresh child
processes). Writes bench/results.json and prints a table. Timings are wall-clock, on whatever else the
machine is running at the time.

    python scripts/bench.py --whole-store /tmp/store64 [--whole-bundle BUNDLE] [--query-runs 30]

The whole-corpus figures (issue 15): the graph's questions through the CLI (`cites`, `cited-by`,
`impact`, `check --code`, `check --date` of the whole store, `stats`), each export's time and peak RSS,
`lextrack serve`'s start and first article page, on the store of a whole real history (ingested from
--whole-bundle, by default the 64-code bundle of ../shared/corpus-real/git, when --whole-store holds none)
next to the same on the 10 000-version store of scripts/make_scale_corpus.py, with the ratios. Latencies are
given as wall-clock and CPU percentiles: CPU time is what holds on a machine others load. Writes
bench/results-whole.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_citations  # noqa: E402
import bench_graph  # noqa: E402
import make_scale_corpus  # noqa: E402

WHOLE_BUNDLE = ROOT.parent / "shared" / "corpus-real" / "git" / "steeve-everything-64-codes.bundle"
WHOLE_TARGETS = {  # issue 15, on a whole-history store
    "cites_p99_ms": 300,
    "cited_by_p99_ms": 300,
    "impact_p99_ms": 300,
    "stats_s": 5,
    "check_date_s": 3,
    "export_peak_rss_mb": 1024,
    "serve_start_s": 3,
    "first_article_page_s": 1,
    "cites_growth": 2,
}
TARGETS = {
    "ingest_versions_per_s": 3000,
    "ingest_vs_naive": 35,
    "parse_vs_lxml": 0.3,
    "at_p99_ms": 2.0,
    "cli_at_p99_ms": 300,
    "graph_build_s_100k": 20,
    "graph_peak_rss_mb_100k": 2048,
}


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


# --- ingest ----------------------------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bench_ingest(history: Path, store: Path) -> dict:
    from lextrack.store import Store

    cpu0 = _cpu()
    t0 = time.perf_counter()
    with Store.open(store) as s:
        r = s.ingest_git(history)
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    return {
        "seconds": round(seconds, 2),
        # CPU of this process, the parsing workers and git: what the run costs whatever else the machine does
        "cpu_seconds": round(cpu, 2),
        "versions_per_cpu_s": round(r.observed / cpu, 1),
        "observed": r.observed,
        "versions": r.added,
        "articles": r.articles,
        "commits": r.commits,
        "versions_per_s": round(r.observed / seconds, 1),
    }


def _versions(history: Path, limit: int) -> list[tuple[str, bytes, str]]:
    """The first `limit` article changes (path, bytes, subject) of a history, in commit order."""
    from lextrack.store.articles import is_article_path

    log = subprocess.run(
        ["git", "--git-dir", str(history), "-c", "core.quotePath=false", "log", "main", "--reverse",
         "--raw", "--no-abbrev", "--no-renames", "--format=\x1e%s"],
        capture_output=True, check=True,
    ).stdout.decode("utf-8", errors="replace")  # fmt: skip
    wanted: list[tuple[str, str, str]] = []
    for chunk in log.split("\x1e")[1:]:
        subject, _, raw = chunk.partition("\n")
        for line in raw.splitlines():
            meta, _, path = line.partition("\t")
            fields = meta.split()
            if line.startswith(":") and fields[4][0] != "D" and is_article_path(path):
                wanted.append((path, fields[3], subject))
        if len(wanted) >= limit:
            break
    wanted = wanted[:limit]
    blobs = make_scale_corpus._cat_blobs(history, sorted({b for _, b, _ in wanted}))
    return [(p, blobs[b], s) for p, b, s in wanted]


def bench_naive(history: Path, work: Path, sample: int) -> dict:
    """What a first attempt does: a git working tree, one add and one commit per version, via GitPython."""
    import git

    versions = _versions(history, sample)
    repo = git.Repo.init(work / "naive")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "naive").set_value("user", "email", "naive@localhost")
    t0 = time.perf_counter()
    for path, data, subject in versions:
        target = work / "naive" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        repo.index.add([path])
        repo.index.commit(subject)
    seconds = time.perf_counter() - t0
    repo.close()
    return {
        "sample": len(versions),
        "seconds": round(seconds, 2),
        "versions_per_s": round(len(versions) / seconds, 1),
    }


# --- parse and citations -----------------------------------------------------------------------------------


def bench_parse(history: Path, sample: int, repeat: int = 3) -> dict:
    """lextrack's parser against lxml.html.fromstring on the same distinct files (the floor)."""
    import lxml.html

    from lextrack.store.articles import read_article

    files = list({(p, d) for p, d, _ in _versions(history, sample)})
    files.sort()
    mb = sum(len(d) for _, d in files) / 1e6
    read_article(files[0][1], files[0][0])  # imports and caches outside the timing
    t_lx = t_floor = float("inf")
    for _ in range(repeat):  # interleaved, best of each: both sides see the same machine
        t0 = time.perf_counter()
        for path, data in files:
            read_article(data, path)
        t_lx = min(t_lx, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _, data in files:
            lxml.html.fromstring(data)
        t_floor = min(t_floor, time.perf_counter() - t0)
    return {
        "files": len(files),
        "mb": round(mb, 2),
        "articles_per_s": round(len(files) / t_lx, 1),
        "mb_per_s": round(mb / t_lx, 2),
        "lxml_articles_per_s": round(len(files) / t_floor, 1),
        "lxml_mb_per_s": round(mb / t_floor, 2),
        "ratio_vs_lxml": round(t_floor / t_lx, 3),
        "repeat": repeat,
    }


def bench_citations_corpus(corpus: Path, repeat: int) -> dict:
    texts = bench_citations.corpus_texts(corpus)
    mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    bench_citations.run_lextrack(texts[:50])
    t_lx, n_lx = bench_citations.best_of(bench_citations.run_lextrack, texts, repeat)
    t_nv, n_nv = bench_citations.best_of(bench_citations.run_naive, texts, repeat)
    return {
        "files": len(texts),
        "mb": round(mb, 2),
        "mb_per_s": round(mb / t_lx, 2),
        "citations": n_lx,
        "naive_mb_per_s": round(mb / t_nv, 2),
        "naive_matches": n_nv,
        "ratio_vs_naive": round(t_nv / t_lx, 3),
    }


# --- queries ---------------------------------------------------------------------------------------------


def _pairs(store: Path, n: int, seed: int) -> list[tuple[str, str]]:
    import sqlite3

    conn = sqlite3.connect(f"file:{store / 'index.sqlite'}?mode=ro", uri=True)
    ids = [r[0] for r in conn.execute("SELECT DISTINCT article_id FROM versions ORDER BY article_id")]
    lo, hi = conn.execute("SELECT min(start), max(start) FROM versions WHERE start >= '1971'").fetchone()
    conn.close()
    rng = random.Random(seed)
    y0, y1 = int(lo[:4]), int(hi[:4])
    return [
        (rng.choice(ids), f"{rng.randint(y0, y1):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        for _ in range(n)
    ]


def bench_at(store: Path, n: int, cli_runs: int, seed: int = 6) -> dict:
    from lextrack.store import Store

    pairs = _pairs(store, n, seed)
    times = []
    with Store.open(store, create=False) as s:
        s.at(*pairs[0])
        for aid, day in pairs:
            t0 = time.perf_counter()
            s.at(aid, day)
            times.append((time.perf_counter() - t0) * 1000)
    exe = Path(sys.executable).with_name("lextrack")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "lextrack.cli"]
    cli = []
    for aid, day in pairs[:cli_runs]:
        t0 = time.perf_counter()
        subprocess.run([*cmd, "at", f"{aid}@{day}", "--json", "--store", str(store)], capture_output=True)
        cli.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    subprocess.run([*cmd, "--help"], capture_output=True, check=True)
    help_ms = (time.perf_counter() - t0) * 1000
    return {
        "pairs": len(times),
        "p50_ms": round(_pct(times, 50), 3),
        "p99_ms": round(_pct(times, 99), 3),
        "cli_runs": len(cli),
        "cli_p50_ms": round(_pct(cli, 50), 1) if cli else None,
        "cli_p99_ms": round(_pct(cli, 99), 1) if cli else None,
        "cli_help_ms": round(help_ms, 1),
    }


def bench_diff(store: Path, repeat: int = 20) -> dict:
    import sqlite3

    from lextrack.store import Store

    conn = sqlite3.connect(f"file:{store / 'index.sqlite'}?mode=ro", uri=True)
    aid, n = conn.execute(
        "SELECT article_id, count(*) c FROM versions WHERE kind='text' AND state!='repeat'"
        " GROUP BY article_id ORDER BY c DESC, article_id LIMIT 1"
    ).fetchone()
    starts = [r[0] for r in conn.execute(
        "SELECT start FROM versions WHERE article_id=? AND kind='text' AND state!='repeat' ORDER BY start",
        (aid,),
    )]  # fmt: skip
    conn.close()
    pairs = list(zip(starts, starts[1:], strict=False)) + [(starts[0], starts[-1])]
    times = []
    with Store.open(store, create=False) as s:
        s.diff(aid, *pairs[0])
        for _ in range(repeat):
            for a, b in pairs:
                t0 = time.perf_counter()
                s.diff(aid, a, b)
                times.append((time.perf_counter() - t0) * 1000)
    return {
        "article": aid,
        "versions": n,
        "diffs": len(times),
        "p50_ms": round(_pct(times, 50), 3),
        "p99_ms": round(_pct(times, 99), 3),
    }


def bench_graph_store(store: Path, tmp: Path) -> dict:
    """scripts/bench_graph.py in a process of its own: a child forked from this process (grown by the
    ingest) would report this process's RSS as its peak (Linux keeps ru_maxrss across fork and exec)."""
    out = tmp / "graph.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_graph.py"), "--store", str(store), "--json", str(out)],
        capture_output=True,
        check=True,
    )
    res = json.loads(out.read_text(encoding="utf-8"))
    return {"build": res["build"][0], "build_as_of": res["build"][1], "export": res["export"]}


# --- one size, all sizes ---------------------------------------------------------------------------------


def run_size(n: int, work: Path, args: argparse.Namespace) -> dict:
    history = work / f"history-{n}"
    store = work / f"store-{n}"
    for p in (history, store):
        shutil.rmtree(p, ignore_errors=True)
    res: dict = {"versions_asked": n}
    made = make_scale_corpus.make(n, history, seed=args.seed)
    res["corpus"] = made
    print(
        f"[{n}] corpus: {made['article_changes']} versions, {made['commits']} commits ({made['seconds']} s)"
    )
    res["ingest"] = bench_ingest(history, store)
    res["ingest"]["bench_process_peak_rss_mb"] = round(_peak_rss_mb(), 1)
    print(f"[{n}] ingest: {res['ingest']['seconds']} s")
    naive_dir = Path(tempfile.mkdtemp(prefix="naive-", dir=work))
    res["naive"] = bench_naive(history, naive_dir, args.naive_sample)
    shutil.rmtree(naive_dir, ignore_errors=True)
    res["ingest"]["vs_naive"] = round(res["ingest"]["versions_per_s"] / res["naive"]["versions_per_s"], 1)
    res["parse"] = bench_parse(history, args.parse_sample)
    res["at"] = bench_at(store, args.at_pairs, args.cli_runs)
    res["diff"] = bench_diff(store)
    gdir = Path(tempfile.mkdtemp(prefix="graph-", dir=work))
    res["graph"] = bench_graph_store(store, gdir)
    shutil.rmtree(gdir, ignore_errors=True)
    print(f"[{n}] queries and graph done")
    return res


_GROWTH = {
    "ingest seconds": ("ingest", "seconds"),
    "ingest versions/s": ("ingest", "versions_per_s"),
    "at p50 ms": ("at", "p50_ms"),
    "at p99 ms": ("at", "p99_ms"),
    "cli at p50 ms": ("at", "cli_p50_ms"),
    "diff p50 ms": ("diff", "p50_ms"),
    "graph build s": ("graph", "build", "seconds"),
    "graph peak RSS MB": ("graph", "build", "peak_rss_mb"),
}


def _get(d: dict, path: tuple[str, ...]) -> float | None:
    for k in path:
        d = d.get(k) if isinstance(d, dict) else None  # type: ignore[assignment]
    return d  # type: ignore[return-value]


def growth(small: dict, big: dict) -> dict:
    out = {"versions_ratio": round(big["ingest"]["observed"] / small["ingest"]["observed"], 2)}
    for name, path in _GROWTH.items():
        a, b = _get(small, path), _get(big, path)
        out[name] = round(b / a, 2) if a and b is not None else None
    return out


def verdicts(big: dict) -> dict:
    g = big["graph"]["build"]
    full = big["versions_asked"] >= 100_000
    out = {
        "ingest_versions_per_s": big["ingest"]["versions_per_s"] >= TARGETS["ingest_versions_per_s"],
        "ingest_vs_naive": big["ingest"]["vs_naive"] >= TARGETS["ingest_vs_naive"],
        "parse_vs_lxml": big["parse"]["ratio_vs_lxml"] >= TARGETS["parse_vs_lxml"],
        "at_p99_ms": big["at"]["p99_ms"] <= TARGETS["at_p99_ms"],
        "cli_at_p99_ms": (big["at"]["cli_p99_ms"] or 0) <= TARGETS["cli_at_p99_ms"],
    }
    if full:
        out["graph_build_s_100k"] = g["seconds"] <= TARGETS["graph_build_s_100k"]
        out["graph_peak_rss_mb_100k"] = g["peak_rss_mb"] < TARGETS["graph_peak_rss_mb_100k"]
    return out


def table(results: dict) -> str:
    sizes = results["sizes"]
    keys = list(sizes)
    rows: list[tuple[str, ...]] = [("figure", *[f"N={k}" for k in keys], "target")]

    def row(label: str, fmt: str, path: tuple[str, ...], target: str = "") -> None:
        vals = []
        for k in keys:
            v = _get(sizes[k], path)
            vals.append("-" if v is None else format(v, fmt))
        rows.append((label, *vals, target))

    row("ingest versions/s (end to end)", ".0f", ("ingest", "versions_per_s"), ">= 3000")
    row("ingest seconds", ".1f", ("ingest", "seconds"))
    row("ingest CPU seconds (all processes)", ".1f", ("ingest", "cpu_seconds"))
    row("ingest versions per CPU second", ".0f", ("ingest", "versions_per_cpu_s"))
    row("peak RSS of the ingesting process MB", ".0f", ("ingest", "bench_process_peak_rss_mb"))
    row("naive GitPython versions/s (sample)", ".1f", ("naive", "versions_per_s"))
    row("ingest / naive", ".1f", ("ingest", "vs_naive"), ">= 35x")
    row("parse articles/s", ".0f", ("parse", "articles_per_s"))
    row("parse MB/s", ".2f", ("parse", "mb_per_s"))
    row("bare lxml.html MB/s", ".2f", ("parse", "lxml_mb_per_s"))
    row("parse / lxml", ".3f", ("parse", "ratio_vs_lxml"), ">= 0.3")
    row("at p50 ms (in-process)", ".3f", ("at", "p50_ms"))
    row("at p99 ms (in-process)", ".3f", ("at", "p99_ms"), "<= 2")
    row("at CLI p50 ms", ".0f", ("at", "cli_p50_ms"))
    row("at CLI p99 ms", ".0f", ("at", "cli_p99_ms"), "<= 300")
    row("lextrack --help ms", ".0f", ("at", "cli_help_ms"))
    row("diff p50 ms (most versions)", ".3f", ("diff", "p50_ms"))
    row("diff p99 ms", ".3f", ("diff", "p99_ms"))
    row("graph build s", ".2f", ("graph", "build", "seconds"), "<= 20 (100k)")
    row("graph peak RSS MB", ".0f", ("graph", "build", "peak_rss_mb"), "< 2048 (100k)")
    for i, fmt in enumerate(bench_graph.FORMATS):
        row(f"export {fmt} s", ".2f", ("graph", "export", str(i), "seconds"))
    c = results["citations"]
    rows.append(("citations MB/s (all of corpus/)", f"{c['mb_per_s']:.2f}", *[""] * (len(keys) - 1), ""))
    rows.append(("naive one-regex MB/s", f"{c['naive_mb_per_s']:.2f}", *[""] * (len(keys) - 1), ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if "growth" in results:
        lines.append("")
        lines.append(f"growth from N={keys[0]} to N={keys[-1]}:")
        lines += [f"  {k}: {v}" for k, v in results["growth"].items()]
    lines.append("")
    lines.append(
        "targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in results["targets"].items())
    )
    return "\n".join(lines)


def _fix_exports(res: dict) -> None:
    """bench_graph returns exports as a list: index them by position for _get."""
    res["graph"]["export"] = {str(i): e for i, e in enumerate(res["graph"]["export"])}


# --- the whole corpus against 10 000 versions ------------------------------------------------------------


def _graph_figures(store: Path, runs: int, tmp: Path) -> dict:
    out = tmp / f"graph-{store.name}.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_graph.py"), "--store", str(store), "--no-build",
         "--queries", str(runs), "--json", str(out)],
        capture_output=True, check=True,
    )  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8"))


# (label, path in bench_graph's results, format, whole-store target key)
_WHOLE_ROWS: list[tuple[str, tuple[str, ...], str, str | None]] = [
    ("cites p50 ms", ("queries", "cites", "p50_ms"), ".0f", None),
    ("cites p99 ms", ("queries", "cites", "p99_ms"), ".0f", "cites_p99_ms"),
    ("cites CPU p50 ms", ("queries", "cites", "cpu_p50_ms"), ".0f", None),
    ("cites CPU p99 ms", ("queries", "cites", "cpu_p99_ms"), ".0f", None),
    ("cited-by p50 ms", ("queries", "cited_by", "p50_ms"), ".0f", None),
    ("cited-by p99 ms", ("queries", "cited_by", "p99_ms"), ".0f", "cited_by_p99_ms"),
    ("cited-by CPU p99 ms", ("queries", "cited_by", "cpu_p99_ms"), ".0f", None),
    ("impact p50 ms", ("queries", "impact", "p50_ms"), ".0f", None),
    ("impact p99 ms", ("queries", "impact", "p99_ms"), ".0f", "impact_p99_ms"),
    ("impact CPU p99 ms", ("queries", "impact", "cpu_p99_ms"), ".0f", None),
    ("check --code p50 ms", ("queries", "check_code", "p50_ms"), ".0f", None),
    ("check --code p99 ms", ("queries", "check_code", "p99_ms"), ".0f", None),
    ("check --code CPU p99 ms", ("queries", "check_code", "cpu_p99_ms"), ".0f", None),
    ("check --date (whole) p50 ms", ("queries", "check_date", "p50_ms"), ".0f", None),
    ("check --date CPU p50 ms", ("queries", "check_date", "cpu_p50_ms"), ".0f", None),
    ("check --date peak RSS MB", ("queries", "check_date", "peak_rss_mb"), ".0f", None),
    ("stats p50 ms", ("queries", "stats", "p50_ms"), ".0f", None),
    ("stats CPU p50 ms", ("queries", "stats", "cpu_p50_ms"), ".0f", None),
    ("stats peak RSS MB", ("queries", "stats", "peak_rss_mb"), ".0f", None),
    ("serve: start s", ("queries", "serve", "start_s"), ".2f", "serve_start_s"),
    (
        "serve: first article page s",
        ("queries", "serve", "first_article_page_s"),
        ".2f",
        "first_article_page_s",
    ),
    ("serve: next article page s", ("queries", "serve", "next_article_page_s"), ".2f", None),
]


def whole_table(res: dict) -> str:
    small, whole = res["10000"], res["whole"]
    rows = [("figure", "10 000 versions", "whole corpus", "ratio", "target (whole)")]

    def add(label: str, path: tuple[str, ...], fmt: str, target: str | None) -> None:
        a, b = _get(small, path), _get(whole, path)
        ratio = f"{b / a:.2f}" if a and b is not None else "-"
        goal = "" if target is None else f"<= {WHOLE_TARGETS[target]}"
        rows.append(
            (label, "-" if a is None else format(a, fmt), "-" if b is None else format(b, fmt), ratio, goal)
        )

    for label, path, fmt, target in _WHOLE_ROWS:
        add(label, path, fmt, target)
    for i, e in enumerate(whole["export"]):
        kinds = (("s", "seconds", ".1f", None), ("peak RSS MB", "peak_rss_mb", ".0f", "export_peak_rss_mb"))
        for what, key, fmt, target in kinds:
            a, b = small["export"][i][key], e[key]
            goal = "" if target is None else f"<= {WHOLE_TARGETS[target]}"
            rows.append(
                (f"export {e['format']} {what}", format(a, fmt), format(b, fmt), f"{b / a:.2f}", goal)
            )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    idx = whole["index"], small["index"]
    lines.append(
        f"\nstores: whole {idx[0]['versions']} version rows, {idx[0]['refs']} reference rows; "
        f"10 000-version {idx[1]['versions']} version rows, {idx[1]['refs']} reference rows"
    )
    lines.append(
        "targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in res["targets"].items())
    )
    return "\n".join(lines)


def whole_verdicts(small: dict, whole: dict) -> dict:
    q, t = whole["queries"], WHOLE_TARGETS
    serve = q["serve"]
    return {
        "cites_p99_ms": q["cites"]["p99_ms"] <= t["cites_p99_ms"],
        "cited_by_p99_ms": q["cited_by"]["p99_ms"] <= t["cited_by_p99_ms"],
        "impact_p99_ms": q["impact"]["p99_ms"] <= t["impact_p99_ms"],
        "stats_s": q["stats"]["p50_ms"] <= 1000 * t["stats_s"],
        "check_date_s": q["check_date"]["p50_ms"] <= 1000 * t["check_date_s"],
        "export_peak_rss_mb": max(e["peak_rss_mb"] for e in whole["export"]) <= t["export_peak_rss_mb"],
        "serve_start_s": (serve["start_s"] or 1e9) <= t["serve_start_s"],
        "first_article_page_s": (serve["first_article_page_s"] or 1e9) <= t["first_article_page_s"],
        "cites_growth": q["cites"]["p50_ms"] < t["cites_growth"] * small["queries"]["cites"]["p50_ms"],
    }


def run_whole(args: argparse.Namespace) -> int:
    from lextrack.store import Store

    work = args.keep or Path(tempfile.mkdtemp(prefix="lextrack-bench-whole-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "load_average_at_start": list(os.getloadavg())}}  # fmt: skip
    try:
        whole = args.whole_store
        if not (whole / "index.sqlite").exists():
            t0 = time.perf_counter()
            with Store.open(whole) as s:
                s.ingest_git(args.whole_bundle)
            results["whole_ingest_seconds"] = round(time.perf_counter() - t0, 1)
        small = work / "store-10000"
        if not (small / "index.sqlite").exists():
            history = work / "history-10000"
            shutil.rmtree(history, ignore_errors=True)
            make_scale_corpus.make(10_000, history, seed=args.seed)
            results["small_ingest"] = bench_ingest(history, small)
        for name, store in (("10000", small), ("whole", whole)):
            results[name] = _graph_figures(store, args.query_runs, work)
            print(f"[{name}] graph figures done")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    results["targets"] = whole_verdicts(results["10000"], results["whole"])
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    out = args.out.with_name("results-whole.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(whole_table(results))
    print(f"\nwritten: {out}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--versions", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000, help="also run this size for growth (0: no)")
    ap.add_argument("--naive-sample", type=int, default=300, help="versions the naive route commits")
    ap.add_argument("--parse-sample", type=int, default=3000, help="versions the parse bench reads")
    ap.add_argument("--at-pairs", type=int, default=10_000)
    ap.add_argument("--cli-runs", type=int, default=30)
    ap.add_argument("--citation-repeat", type=int, default=3)
    ap.add_argument(
        "--citation-corpus", type=Path, default=ROOT / "corpus", help="files for the citation bench"
    )
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    ap.add_argument("--keep", type=Path, help="work here and keep the histories and stores")
    ap.add_argument("--whole-store", type=Path, help="only the whole-corpus graph figures, on this store")
    ap.add_argument("--whole-bundle", type=Path, default=WHOLE_BUNDLE, help="ingested into an empty store")
    ap.add_argument("--query-runs", type=int, default=30, help="CLI runs per question (whole-corpus figures)")
    args = ap.parse_args()
    if args.whole_store:
        return run_whole(args)

    sizes = [args.small, args.versions] if 0 < args.small < args.versions else [args.versions]
    work = args.keep or Path(tempfile.mkdtemp(prefix="lextrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": list(os.getloadavg()),
        },
        "sizes": {},
    }
    try:
        for n in sizes:
            res = run_size(n, work, args)
            _fix_exports(res)
            results["sizes"][str(n)] = res
        results["citations"] = bench_citations_corpus(args.citation_corpus, args.citation_repeat)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    keys = list(results["sizes"])
    if len(keys) == 2:
        results["growth"] = growth(results["sizes"][keys[0]], results["sizes"][keys[1]])
    results["targets"] = verdicts(results["sizes"][keys[-1]])
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
