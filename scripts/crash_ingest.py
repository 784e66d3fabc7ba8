"""Kill `lextrack ingest` with SIGKILL at chosen points and check that nothing is lost.

    .venv/bin/python scripts/crash_ingest.py              # every named point + 12 timed kills, both bundles
    .venv/bin/python scripts/crash_ingest.py --timed 40   # more timed kills
    .venv/bin/python scripts/crash_ingest.py --under code-de-commerce/partie-legislative/livre-ii/titre-iii

Each run: a base store (the steeve history, Titre 2 of Livre 2 of the Code de la sécurité sociale), copied; an
ingest of the etalab history into the copy is killed (kill -9 of its process group, or of lextrack alone
so that git fast-import finishes on a cut stream); then the store must answer exactly as before the ingest
or exactly as after a complete one (never a mix), `lextrack verify` must pass (after `verify --repair` when
the kill fell between the index commit and the branch move, the one window verify reports), and the
ingest run again must complete and give the same answers, commit ids included, as an ingest never killed.

Named points are reached deterministically by a launcher that wraps one store function to stop there and
wait to be killed; timed kills need no hook at all. tests/test_reliability_crash.py imports this module.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
STEEVE = CORPUS / "git" / "steeve-code-de-la-securite-sociale.bundle"
ETALAB = CORPUS / "git" / "etalab-code-de-commerce-livre-ii.bundle"
BASE_UNDER = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2"

# The launcher: installs a stop at POINT (the Nth time it is reached), then runs the real CLI.
LAUNCHER = r"""
import os, sys, time
point, marker, nth = os.environ["CRASH_POINT"], os.environ["CRASH_MARKER"], int(os.environ["CRASH_NTH"])
seen = [0]

def stop(*_a, **_k):
    seen[0] += 1
    if seen[0] < nth:
        return False
    with open(marker, "w") as f:
        f.write(str(os.getpid()))
    release = os.environ.get("CRASH_RELEASE")  # hold until this file exists, then go on
    deadline = time.monotonic() + float(os.environ.get("CRASH_HOLD", "3600"))
    while time.monotonic() < deadline and not (release and os.path.exists(release)):
        time.sleep(0.01)  # wait for SIGKILL (or for the release, or the end of the hold, then go on)

def before(module, name, attr=None):
    target = getattr(module, attr) if attr else module
    original = getattr(target, name)
    def wrapper(*a, **k):
        stop()
        return original(*a, **k)
    setattr(target, name, wrapper)

from lextrack.store import gitrepo, history, index, ingest
if point == "parse":  # while reading the history: the Nth blob parsed
    before(history, "read_article")
elif point == "fast-import":  # in the middle of the fast-import stream (Nth commit written)
    before(gitrepo, "git_timestamp")
elif point == "git-done":  # fast-import finished, SQLite transaction still open
    before(index.Index, "set_commits")
elif point == "sqlite-done":  # index committed, branch not yet moved
    before(ingest, "move_branch")
elif point == "branch-moved":  # branch moved, pending ref not yet dropped
    original_update_ref = gitrepo.GitRepo.update_ref
    def update_ref(self, name, *a, **k):
        original_update_ref(self, name, *a, **k)
        if name == gitrepo.BRANCH:
            stop()
    gitrepo.GitRepo.update_ref = update_ref
elif point != "none":
    raise SystemExit("unknown point " + point)

from lextrack.cli import main
sys.argv = ["lextrack", *sys.argv[1:]]
main()
"""

CLI = "from lextrack.cli import main; main()"

NAMED = [
    # (point, nth, kill the whole group?) — group=False kills lextrack alone: fast-import gets EOF mid-stream
    ("parse", 40, True),
    ("fast-import", 20, True),
    ("fast-import", 20, False),
    ("git-done", 1, True),
    ("sqlite-done", 1, True),
    ("branch-moved", 1, True),
]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", PYTHONPATH=str(ROOT))
    return e


def lextrack(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env(), cwd=ROOT
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"lextrack {' '.join(args)} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def ingest_args(store: Path, under: str | None) -> list[str]:
    args = ["ingest", "--git", str(ETALAB), "--store", str(store)]
    return args + (["--under", under] if under else [])


def dump(store: Path) -> dict:
    """Everything the store answers: every article's history (commit ids included) and the change log."""
    from lextrack.store import Store, history_dict

    with Store.open(store, create=False) as s:
        out = {aid: [history_dict(v) for v in s.history(aid)] for aid in s.index.article_ids()}
        out["__log__"] = s.log()
        return out


@dataclass
class Kill:
    name: str
    store: Path
    proc: subprocess.Popen
    marker: Path | None
    group: bool
    delay: float | None = None
    outcome: str = ""
    problems: tuple[str, ...] = ()  # what verify reported right after the kill (then repaired)
    started: float = 0.0


def start_kill(work: Path, base: Path, name: str, point: str, nth: int, group: bool, under: str | None,
               delay: float | None = None) -> Kill:  # fmt: skip
    store = work / name
    shutil.copytree(base, store)
    marker = work / f"{name}.marker"
    e = env()
    tmp = work / f"{name}.tmp"  # a killed ingest cannot remove its bundle clone: keep it inside `work`
    tmp.mkdir()
    e.update(CRASH_POINT=point, CRASH_MARKER=str(marker), CRASH_NTH=str(nth), TMPDIR=str(tmp))
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, *ingest_args(store, under)],
        env=e,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: kill -9 reaches git fast-import too
    )
    return Kill(
        name, store, proc, None if delay is not None else marker, group, delay, started=time.monotonic()
    )


def fast_import_running(pid: int) -> bool:
    """Is a `git fast-import` child of `pid` alive (read from /proc, no hook needed)?"""
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid and b"fast-import" in (d / "cmdline").read_bytes():
                return True
        except (OSError, ValueError, IndexError):
            continue
    return False


def wait_and_kill(k: Kill, timeout: float = 60) -> bool:
    """Kill at the point; False when a timed ingest had already finished (then it is no kill point)."""
    started = k.started
    while True:
        if k.proc.poll() is not None:
            err = k.proc.stderr.read().decode() if k.proc.stderr else ""
            if k.marker is None and k.proc.returncode == 0:
                return False
            raise AssertionError(f"{k.name}: ingest ended ({k.proc.returncode}) before its kill point\n{err}")
        if k.delay is not None and time.monotonic() - started >= k.delay:
            break
        if k.marker is not None and k.marker.exists():
            break
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{k.name}: kill point never reached")
        time.sleep(0.01)
    try:
        if k.group:
            os.killpg(k.proc.pid, signal.SIGKILL)
        else:
            os.kill(k.proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    k.proc.wait()
    if k.marker is None and k.proc.returncode == 0:  # a timed ingest that finished just before its kill
        return False
    assert k.proc.returncode == -signal.SIGKILL, (k.name, k.proc.returncode)
    if k.proc.stderr:
        k.proc.stderr.close()
    return True


def verify(store: Path, repair: bool = False, inprocess: bool = False) -> dict:
    if not inprocess:
        args = ["verify", "--json", "--store", str(store)] + (["--repair"] if repair else [])
        proc = lextrack(*args, check=False)
        try:
            return json.loads(proc.stdout)
        except ValueError:
            raise AssertionError(f"lextrack {' '.join(args)} -> {proc.returncode}: {proc.stderr}") from None
    from lextrack.store import Store

    with Store.open(store, create=False) as s:
        problems = s.verify()
        if problems and repair:
            s.recover()
            if s.verify():
                s.rebuild_view()
            problems = s.verify()
        return {"ok": not problems, "problems": problems}


def reingest(store: Path, under: str | None, inprocess: bool = False) -> None:
    if not inprocess:
        lextrack(*ingest_args(store, under))
        return
    from lextrack.store import Store

    with Store.open(store) as s:
        s.ingest_git(ETALAB, under=under)


def check_after_kill(k: Kill, before: dict, after: dict, under: str | None, inprocess: bool = False) -> str:
    """The checks of the module docstring; returns which state the kill left ("before" or "after")."""
    state = dump(k.store)
    if state == before:
        k.outcome = "before"
    elif state == after:
        k.outcome = "after"
    else:
        raise AssertionError(f"{k.name}: the store answers neither the old nor the new state")
    report = verify(k.store, inprocess=inprocess)
    if not report["ok"]:
        k.problems = tuple(report["problems"])
        assert k.outcome == "after" or all("pending ref" in p for p in report["problems"]), (k.name, report)
        assert verify(k.store, repair=True, inprocess=inprocess)["ok"], k.name
        assert dump(k.store) == state, f"{k.name}: repair changed the answers"
    reingest(k.store, under, inprocess)
    assert verify(k.store, inprocess=inprocess)["ok"], k.name
    assert dump(k.store) == after, (
        f"{k.name}: re-running the ingest does not give a never-killed ingest's answers"
    )
    return k.outcome


def prepare(work: Path, under: str | None, inprocess: bool = False) -> tuple[Path, dict, dict, float]:
    """The base store, the answers before and after a complete ingest, and how long that ingest took."""
    base = work / "base"
    if inprocess:
        from lextrack.store import Store

        with Store.open(base) as s:
            s.ingest_git(STEEVE, under=BASE_UNDER)
    else:
        lextrack("ingest", "--git", str(STEEVE), "--under", BASE_UNDER, "--store", str(base))
    ref = work / "reference"
    shutil.copytree(base, ref)
    t = time.perf_counter()
    lextrack(*ingest_args(ref, under))  # a subprocess even in-process: `took` must time what gets killed
    took = time.perf_counter() - t
    before, after = dump(base), dump(ref)
    assert before != after
    return base, before, after, took


def campaign(work: Path, under: str | None, named: list, timed: int, polled: int, inprocess: bool = False,
             parallel: bool = False) -> list[Kill]:  # fmt: skip
    """Named points, then `timed` kills spread over the ingest's duration, then `polled` ones.

    parallel: start every named run at once (each stops at its point until killed), to save time."""
    base, before, after, took = prepare(work, under, inprocess)
    kills: list[Kill] = []
    for point, nth, group in named:
        name = f"{point}-{nth}-{'group' if group else 'alone'}"
        kills.append(start_kill(work, base, name, point, nth, group, under))
        if not parallel:
            wait_and_kill(kills[-1])
    for k in kills if parallel else []:
        wait_and_kill(k)
    for i in range(timed):
        delay = took * (i + 1) / (timed + 1)
        k = start_kill(work, base, f"timed-{i}", "none", 0, True, under, delay=delay)
        if wait_and_kill(k):
            kills.append(k)
    for i in range(polled):
        k = start_kill(work, base, f"polled-{i}", "none", 0, i % 2 == 0, under, delay=10_000)
        deadline = time.monotonic() + 60
        while not fast_import_running(k.proc.pid) and k.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        k.delay = 0
        if wait_and_kill(k):
            kills.append(k)
    for k in kills:
        check_after_kill(k, before, after, under, inprocess)
    return kills


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timed", type=int, default=12, help="kills at evenly spread delays (default 12)")
    ap.add_argument(
        "--polled", type=int, default=4, help="kills as soon as git fast-import is seen (default 4)"
    )
    ap.add_argument("--under", default=None, help="only this folder of the etalab history (faster)")
    ap.add_argument("--timed-only", action="store_true", help="no named points: timed and polled kills only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lextrack-crash-") as tmp:
        t0 = time.perf_counter()
        named = [] if args.timed_only else NAMED
        if not args.timed_only and not args.under:  # points that exist only in the whole history
            named += [("parse", n, True) for n in (1, 200, 600)] + [("fast-import", n, True) for n in (1, 80)]
        kills = campaign(Path(tmp), args.under, named, args.timed, args.polled)
        for k in kills:
            when = f"after {k.delay:.2f}s" if k.delay else ""
            fixed = f"verify --repair fixed: {k.problems[0][:60]}" if k.problems else "verify ok"
            print(f"{k.name:24} {when:12} -> the {k.outcome} state; {fixed}; re-ingest ok")
        print(f"{len(kills)} kill points survived in {time.perf_counter() - t0:.0f}s, 0 lost or mixed states")
    return 0


if __name__ == "__main__":
    sys.exit(main())
