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
an hour), and reports the run whose ingest took the median time, with the spread of all of them. The CPU of
each kind of process (the ingest's own, its parse workers, git by subcommand) is sampled with the memory and
summed; --timeline prints it second by second: where fewer cores than the machine has are busy, the
ingest waits on one process.
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
from typing import NamedTuple

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


class _Proc(NamedTuple):
    name: str  # the command's first words, for the memory report
    rss_kb: int
    pss_kb: int
    cpu_s: float  # user + system so far
    kind: str  # "main" (the command run), "python" (its parse workers), "git SUBCOMMAND"…


_TICK = os.sysconf("SC_CLK_TCK")
_GIT_VALUED = {"--git-dir", "-c", "-C", "--work-tree"}  # git options whose value is the next word


def _kind(argv: list[str]) -> str:
    """What a process is, for the CPU timeline: the program, and for git its subcommand."""
    if not argv:
        return "?"
    prog = Path(argv[0]).name
    if prog != "git":
        return "python" if prog.startswith("python") else prog
    words = iter(argv[1:])
    for w in words:
        if w in _GIT_VALUED:
            next(words, None)
        elif not w.startswith("-"):
            return f"git {w}"
    return "git"


def _tree_rss_kb(pid: int) -> dict[int, _Proc]:
    """pid -> command, resident KB, proportional KB, CPU seconds and kind of `pid` and every process below
    it (from /proc).

    Resident (RSS) counts a page once per process that maps it: the parse workers share the pages they were
    forked with, every git process maps the same pack files. Proportional (PSS) divides a shared page
    between the processes that map it, so that the sum over the processes counts each page once."""
    parents: dict[int, int] = {}
    info: dict[int, tuple[str, int, float, str]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(d.name)] = int(stat[1])
            cpu = (int(stat[11]) + int(stat[12])) / _TICK
            status = (d / "status").read_text().splitlines()
            rss = next(int(x.split()[1]) for x in status if x.startswith("VmRSS:"))
            argv = [w.decode(errors="replace") for w in (d / "cmdline").read_bytes().split(b"\0") if w]
            words = [w for w in argv if not w.startswith("-")]
            name = " ".join(Path(w).name for w in words[:3])
            info[int(d.name)] = (name, rss, cpu, "main" if int(d.name) == pid else _kind(argv))
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
    return {p: _Proc(info[p][0], info[p][1], _pss_kb(p), info[p][2], info[p][3]) for p in own}


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        return next(int(x.split()[1]) for x in rollup if x.startswith("Pss:"))
    except (OSError, ValueError, StopIteration):
        return 0


def timed(cmd: list[str], **kw) -> dict:
    """Run `cmd`, with its wall time, CPU seconds (it and every process below it), peak memory, and the CPU
    each kind of process used in each second (sampled with the memory: a process that ends between two
    samples loses its last tenth of a second)."""
    cpu0, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(), **kw)
    peak = [0, 0, 0]  # all processes' RSS, the largest process's RSS, all processes' PSS
    at_peak: list[tuple[str, int]] = []
    done = threading.Event()
    seen_cpu: dict[int, float] = {}
    timeline: list[dict[str, float]] = []  # second -> kind -> CPU seconds used in it

    def sample() -> None:
        while True:
            procs = _tree_rss_kb(proc.pid)
            tree = sum(p.rss_kb for p in procs.values())
            if tree > peak[0]:
                at_peak[:] = sorted(((p.name, p.rss_kb // 1024) for p in procs.values()), key=lambda x: -x[1])
            peak[0], peak[1] = max(peak[0], tree), max([peak[1], *(p.rss_kb for p in procs.values())])
            peak[2] = max(peak[2], sum(p.pss_kb for p in procs.values()))
            second = int(time.perf_counter() - t0)
            while len(timeline) <= second:
                timeline.append({})
            for pid, p in procs.items():
                used = p.cpu_s - seen_cpu.get(pid, 0.0)  # (every process here started after t0)
                seen_cpu[pid] = p.cpu_s
                if used > 0:
                    timeline[second][p.kind] = timeline[second].get(p.kind, 0.0) + used
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
        "timeline": [{k: round(v, 2) for k, v in sorted(sec.items())} for sec in timeline],
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


def cpu_by_kind(timeline: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for sec in timeline:
        for kind, cpu in sec.items():
            total[kind] = total.get(kind, 0.0) + cpu
    return {k: round(v, 1) for k, v in sorted(total.items(), key=lambda kv: -kv[1])}


def timeline_lines(timeline: list[dict[str, float]]) -> list[str]:
    """One line a second: the cores each kind of process kept busy in it."""
    return [
        f"{t:5d} s  {sum(sec.values()):4.2f}  " + "  ".join(f"{k} {v:.2f}" for k, v in sorted(sec.items()))
        for t, sec in enumerate(timeline)
    ]


def report(r: dict, timeline: bool = False) -> str:
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
    sampled, seconds = cpu_by_kind(i["timeline"]), i["timeline"]
    alone = sum(1 for sec in seconds if sum(sec.values()) <= 1.1)
    lines.insert(
        3,
        "ingest CPU by process (sampled): " + ", ".join(f"{k} {v} s" for k, v in sampled.items())
        + f"; {alone} of its {len(seconds)} seconds kept at most one core busy",
    )
    if timeline:
        lines += ["ingest, second by second: cores busy in all, then by process", *timeline_lines(seconds)]
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
    ap.add_argument("--timeline", action="store_true",
                    help="print the ingest's CPU second by second, by kind of process")  # fmt: skip
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="ingest N times, each beside a floor of its own; report the median run")  # fmt: skip
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat takes a number of runs, 1 or more")
    result = run(args.source, args.branch, args.commits, args.half, args.store, args.repeat)
    print(report(result, args.timeline))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
