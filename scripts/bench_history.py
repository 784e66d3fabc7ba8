#!/usr/bin/env python3
"""Ingest one real git history and measure it against the floor of any git-writing design.

    python scripts/bench_history.py /work/shared/corpus-real/git/steeve-everything-64-codes.bundle
    python scripts/bench_history.py REPO --branch main --half --json out.json
    python scripts/bench_history.py corpus/git/steeve-code-de-la-securite-sociale.bundle --commits 100

Prints versions/s, wall and CPU seconds (every process of the ingest: lextrack, its parse workers, git),
peak memory (the largest single process, and the whole tree sampled every 0.1 s), and the ratios to the
floor measured in the same run: `git fast-export BRANCH | git fast-import` of the same history into an empty
repository (for a bundle, from a bare clone of it; the clone is not counted in the floor, and is counted in
the ingest, which is given the bundle as a user gives it). Then a second ingest of the same history (it must
find it read already), and with --half an ingest of the first half of the history into a fresh store, for
the flatness of memory. The machine's load is printed beside the figures: on a shared machine compare the
CPU-seconds ratio rather than wall-clock time. --commits N stops the history at its Nth commit (a short run).
--repeat N ingests N times, each time beside a floor of its own (the machine's speed drifts by 10-15 % within
an hour), and reports the run whose ingest took the median time, with the spread of all of them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXTRACK = [sys.executable, "-m", "lextrack"]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", PYTHONPATH=str(ROOT))
    return e


def git(*args: str, cwd: Path | None = None) -> str:
    proc = subprocess.run(["git", *args], capture_output=True, text=True, check=True, env=env(), cwd=cwd)
    return proc.stdout


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _tree_rss_kb(pid: int) -> dict[int, tuple[str, int, int]]:
    """pid -> (command, resident KB, proportional KB) of `pid` and every process below it (from /proc).

    Resident (RSS) counts a page once per process that maps it: the parse workers share the pages they were
    forked with, every git process maps the same pack files. Proportional (PSS) divides a shared page
    between the processes that map it, so that the sum over the processes counts each page once."""
    parents: dict[int, int] = {}
    info: dict[int, tuple[str, int, int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            parents[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            status = (d / "status").read_text().splitlines()
            rss = next(int(x.split()[1]) for x in status if x.startswith("VmRSS:"))
            argv = (d / "cmdline").read_bytes().split(b"\0")
            words = [w.decode(errors="replace") for w in argv if w and not w.startswith(b"-")]
            name = " ".join(Path(w).name for w in words[:3])
            info[int(d.name)] = (name, rss, 0)
        except (OSError, ValueError, IndexError, StopIteration):
            continue
    tree, todo = set(), [pid]
    while todo:
        p = todo.pop()
        tree.add(p)
        todo += [c for c, pp in parents.items() if pp == p and c not in tree]
    # A child between vfork and exec (Python starting git) runs in its parent's memory, and /proc shows it
    # with the parent's command and resident size: one address space, counted once.
    own = [p for p in tree if p in info and info.get(parents.get(p, -1), ())[:2] != info[p][:2]]
    return {p: (info[p][0], info[p][1], _pss_kb(p)) for p in own}


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        return next(int(x.split()[1]) for x in rollup if x.startswith("Pss:"))
    except (OSError, ValueError, StopIteration):
        return 0


def timed(cmd: list[str], **kw) -> dict:
    """Run `cmd`, with its wall time, CPU seconds (it and every process below it) and peak memory."""
    cpu0, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(), **kw)
    peak = [0, 0, 0]  # all processes' RSS, the largest process's RSS, all processes' PSS
    at_peak: list[tuple[str, int]] = []
    done = threading.Event()

    def sample() -> None:
        while True:
            procs = _tree_rss_kb(proc.pid)
            tree = sum(kb for _, kb, _ in procs.values())
            if tree > peak[0]:
                at_peak[:] = sorted(((n, kb // 1024) for n, kb, _ in procs.values()), key=lambda x: -x[1])
            peak[0], peak[1] = max(peak[0], tree), max([peak[1], *(kb for _, kb, _ in procs.values())])
            peak[2] = max(peak[2], sum(pss for _, _, pss in procs.values()))
            if done.wait(0.1):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - t0
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(children_cpu() - cpu0, 2),
        # sampled every 0.1 s: the largest single process, and all the processes together
        "max_process_rss_mb": round(peak[1] / 1024),
        "tree_rss_peak_mb": round(peak[0] / 1024),
        "tree_pss_peak_mb": round(peak[2] / 1024),  # the same, each shared page counted once
        "at_tree_peak": at_peak,  # (process, MB) when all of them together held the most
        "returncode": proc.returncode,
        "stdout": out.decode(errors="replace"),
        "stderr": err.decode(errors="replace"),
    }


def floor(repo: Path, branch: str, work: Path) -> dict:
    """`git fast-export BRANCH | git fast-import` into an empty repository."""
    target = work / "floor.git"
    git("init", "-q", "--bare", str(target))
    cmd = [
        "bash", "-c",
        f"git --git-dir '{repo}' fast-export '{branch}' | git --git-dir '{target}' fast-import --quiet",
    ]  # fmt: skip
    got = timed(cmd)
    if got["returncode"] != 0:
        raise SystemExit(f"floor failed: {got['stderr']}")
    shutil.rmtree(target, ignore_errors=True)
    return {k: got[k] for k in ("wall_s", "cpu_s", "tree_rss_peak_mb")}


def ingest(source: Path, store: Path, branch: str | None) -> dict:
    cmd = [*LEXTRACK, "ingest", "--git", str(source), "--store", str(store), "--json"]
    cmd += ["--branch", branch] if branch else []
    got = timed(cmd, cwd=ROOT)
    if got["returncode"] not in (0, 1):
        raise SystemExit(f"ingest failed ({got['returncode']}): {got['stderr']}")
    (summary,) = json.loads(got["stdout"])
    got["summary"] = {k: v for k, v in summary.items() if k not in ("rejected", "damaged")}
    got["summary"].update(rejected=len(summary["rejected"]), damaged=len(summary["damaged"]))
    del got["stdout"]
    return got


def run(
    source: Path, branch: str | None, commits: int | None, half: bool, keep: Path | None, repeat: int = 1
) -> dict:
    work = Path(tempfile.mkdtemp(prefix="lextrack-bench-history-"))
    try:
        if source.is_file():  # a bundle: a bare clone for the floor (and for the cut runs)
            t = time.perf_counter()
            repo = work / "clone.git"
            git("clone", "-q", "--bare", str(source.resolve()), str(repo))
            clone_s = round(time.perf_counter() - t, 2)
        else:
            repo, clone_s = Path(git("-C", str(source), "rev-parse", "--absolute-git-dir").strip()), 0.0
        rev = branch or "HEAD"
        chain = git("--git-dir", str(repo), "rev-list", "--first-parent", "--reverse", rev).split()
        given: Path = source
        if commits is not None and commits < len(chain):  # a short run: the history up to its Nth commit
            git("--git-dir", str(repo), "branch", "-f", "bench-cut", chain[commits - 1])
            rev, given, branch, chain = "bench-cut", repo, "bench-cut", chain[:commits]
        result: dict = {
            "source": str(source),
            "commits": len(chain),
            "load_before": os.getloadavg(),
            "cpus": os.cpu_count(),
            "bundle_clone_s": clone_s,
        }
        store = keep or work / "store"
        runs = []
        for _ in range(repeat):  # each ingest beside a floor of its own: the machine's speed drifts
            if store.exists():
                shutil.rmtree(store)
            pair = {"floor": floor(repo, rev, work), "ingest": ingest(given, store, branch)}
            pair["ratio_to_floor"] = {
                "wall": round(pair["ingest"]["wall_s"] / pair["floor"]["wall_s"], 2),
                "cpu": round(pair["ingest"]["cpu_s"] / pair["floor"]["cpu_s"], 2),
            }
            runs.append(pair)
        # the figures are those of the run whose ingest took the median time (the middle one when odd)
        chosen = sorted(runs, key=lambda r: r["ingest"]["wall_s"])[(len(runs) - 1) // 2]
        first = chosen["ingest"]
        versions = first["summary"]["observed"]
        first["versions_per_s"] = round(versions / first["wall_s"], 1) if first["wall_s"] else None
        first["versions_per_cpu_s"] = round(versions / first["cpu_s"], 1) if first["cpu_s"] else None
        result.update(floor=chosen["floor"], ingest=first, ratio_to_floor=chosen["ratio_to_floor"])
        if repeat > 1:
            result["repeats"] = [
                {"ingest_wall_s": r["ingest"]["wall_s"], "ingest_cpu_s": r["ingest"]["cpu_s"],
                 "floor_wall_s": r["floor"]["wall_s"], "ratio_wall": r["ratio_to_floor"]["wall"],
                 "tree_rss_peak_mb": r["ingest"]["tree_rss_peak_mb"]}
                for r in runs
            ]  # fmt: skip
        result["second_ingest"] = ingest(given, store, branch)
        if half:
            git("--git-dir", str(repo), "branch", "-f", "bench-half", chain[len(chain) // 2 - 1])
            halved = ingest(repo, work / "half-store", "bench-half")
            result["half_ingest"] = halved
            result["rss_whole_over_half"] = round(first["tree_rss_peak_mb"] / halved["tree_rss_peak_mb"], 2)
            result["largest_whole_over_half"] = round(
                first["max_process_rss_mb"] / halved["max_process_rss_mb"], 2
            )
            result["pss_whole_over_half"] = round(first["tree_pss_peak_mb"] / halved["tree_pss_peak_mb"], 2)
        result["load_after"] = os.getloadavg()
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(r: dict) -> str:
    i, f, s = r["ingest"], r["floor"], r["second_ingest"]
    lines = [
        f"{r['source']}: {r['commits']} commits, {i['summary']['observed']} versions read "
        f"({i['summary']['rejected']} rejected, {i['summary']['damaged']} damaged)",
        f"load average before {r['load_before'][0]:.2f}, after {r['load_after'][0]:.2f} ({r['cpus']} CPUs)",
        f"ingest: {i['wall_s']} s wall, {i['cpu_s']} CPU s, {i['versions_per_s']} versions/s "
        f"({i['versions_per_cpu_s']} per CPU second); peak RSS {i['max_process_rss_mb']} MB (largest "
        f"process), {i['tree_rss_peak_mb']} MB (all its processes: "
        + ", ".join(f"{name} {mb}" for name, mb in i["at_tree_peak"])
        + f"), {i['tree_pss_peak_mb']} MB (all its processes, shared pages counted once: PSS)",
        f"floor (git fast-export | git fast-import): {f['wall_s']} s wall, {f['cpu_s']} CPU s; "
        f"ingest / floor: {r['ratio_to_floor']['wall']}x wall, {r['ratio_to_floor']['cpu']}x CPU",
        f"second ingest of the same history: {s['wall_s']} s ({s['summary']['observed']} versions read, "
        f"unchanged: {s['summary']['unchanged']})",
    ]
    if "repeats" in r:
        walls = sorted(x["ingest_wall_s"] for x in r["repeats"])
        ratios = sorted(x["ratio_wall"] for x in r["repeats"])
        mid = (len(walls) - 1) // 2
        lines.append(
            f"{len(walls)} runs, each beside its own floor: ingest {walls[0]} / {walls[mid]} / {walls[-1]} s "
            f"wall (least / median / most), ingest / floor {ratios[0]} / {ratios[mid]} / {ratios[-1]}x; the "
            "figures above are the median run's"
        )
    if r["bundle_clone_s"]:
        lines.append(f"(bundle cloned for the floor in {r['bundle_clone_s']} s; the ingest unpacks it too)")
    if "half_ingest" in r:
        h = r["half_ingest"]
        lines.append(
            f"first half of the history: {h['summary']['observed']} versions, peak RSS "
            f"{h['tree_rss_peak_mb']} MB (all processes): whole / half = {r['rss_whole_over_half']}; "
            f"largest process {h['max_process_rss_mb']} MB: whole / half = {r['largest_whole_over_half']}; "
            f"PSS of all processes {h['tree_pss_peak_mb']} MB: whole / half = {r['pss_whole_over_half']}"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", type=Path, help="a git bundle or repository")
    ap.add_argument("--branch", help="branch to read (default: HEAD)")
    ap.add_argument("--commits", type=int, help="only the first N commits of the history (a short run)")
    ap.add_argument("--half", action="store_true", help="also ingest the first half, for memory flatness")
    ap.add_argument("--store", type=Path, help="keep the ingested store here (replaced if it exists)")
    ap.add_argument("--json", type=Path, help="write the results to this file as JSON")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="ingest N times, each beside a floor of its own; report the median run")  # fmt: skip
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat takes a number of runs, 1 or more")
    result = run(args.source, args.branch, args.commits, args.half, args.store, args.repeat)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
