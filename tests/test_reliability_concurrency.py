"""Two writers and many readers at once: a writer waits or fails clearly, readers see old or new, never a mix.

A real ingest (etalab, Livre II Titre V, in a subprocess) is held inside its SQLite transaction, git already
written, by the launcher of scripts/crash_ingest.py (CRASH_HOLD): while it holds the store, a second ingest
with a short lock wait fails naming the holder, a third with the default wait finishes after it, and readers
(history, at, log, and the graph) keep answering. Expected answers come from two stores built without
interference, one before and one after the ingest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lextrack.errors import NotFoundError
from lextrack.store import Store, history_dict
from lextrack.store.index import snapshot

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import crash_ingest as C  # noqa: E402

UNDER = "code-de-commerce/partie-legislative/livre-ii/titre-v"
L227_1 = "code-de-la-securite-sociale/L227-1"
DAYS = ("2005-01-01", "2010-06-15", "2016-01-01")
INGEST = ("ingest", "--git", str(C.ETALAB), "--under", UNDER)


def answers(store: Store, ids: list[str]) -> dict:
    """What each reader query answers (NotFound included)."""
    out: dict = {}
    for aid in ids:
        try:
            out[("history", aid)] = [history_dict(v) for v in store.history(aid)]
        except NotFoundError:
            out[("history", aid)] = "not found"
        for day in DAYS:
            try:
                out[("at", aid, day)] = store.at(aid, day)
            except NotFoundError:
                out[("at", aid, day)] = "not found"
    out[("log",)] = store.log()
    return out


def graph_stats(store_dir: Path):
    from lextrack.cli.graph_cmds import open_index
    from lextrack.graph import queries
    from lextrack.graph.build import build_graph

    conn = open_index(str(store_dir))
    try:
        return queries.stats(build_graph(conn), top=5)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    work = tmp_path_factory.mktemp("conc")
    base, _before, _after, _took = C.prepare(work, UNDER, inprocess=True)
    with Store.open(work / "reference", create=False) as ref:
        new_ids = [a for a in ref.index.article_ids("code-de-commerce")][:4]
        ids = [L227_1, *new_ids]
        after = answers(ref, ids)
    with Store.open(base, create=False) as b:
        before = answers(b, ids)
    assert before != after and len(new_ids) == 4
    return work, base, ids, before, after


def hold(work: Path, base: Path, name: str, point: str, release: Path) -> C.Kill:
    """An ingest that stops at `point` until `release` exists, then finishes (the lock held all along)."""
    store = work / name
    shutil.copytree(base, store)
    marker = work / f"{name}.marker"
    env = C.env()
    env.update(
        CRASH_POINT=point,
        CRASH_MARKER=str(marker),
        CRASH_NTH="1",
        CRASH_HOLD="60",
        CRASH_RELEASE=str(release),
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", C.LAUNCHER, *C.ingest_args(store, UNDER)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return C.Kill(name, store, proc, marker, True)


def cli(store: Path, *args: str, wait: str | None = None) -> subprocess.Popen:
    env = C.env()
    if wait is not None:
        env["LEXTRACK_LOCK_WAIT"] = wait
    return subprocess.Popen(
        [sys.executable, "-c", C.CLI, *args, "--store", str(store)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_second_ingest_waits_or_fails_clearly_and_readers_go_on(states) -> None:
    work, base, ids, before, after = states
    release = work / "release"
    writer = hold(work, base, "live", "git-done", release)
    impatient = cli(writer.store, *INGEST, wait="0.3")  # the same ingest, started twice more
    patient = cli(writer.store, *INGEST)
    seen = {"before": 0, "after": 0}
    graphs = []
    with Store.open(writer.store, create=False) as reader:
        while writer.proc.poll() is None:
            with snapshot(reader.index.conn):  # the reader's questions, asked of one state of the index
                got = answers(reader, ids)
            assert got in (before, after), "a reader saw a mix of the old and the new state"
            seen["before" if got == before else "after"] += 1
            graphs.append(graph_stats(writer.store))
            if impatient.poll() is not None and patient.poll() is None:
                release.touch()  # the impatient one gave up while the lock was held: let the writer go on
        assert writer.proc.returncode == 0, writer.proc.stderr.read() if writer.proc.stderr else ""
        assert answers(reader, ids) == after
    out, err = impatient.communicate(timeout=60)
    assert impatient.returncode == 2, (out, err)
    assert "another ingest holds the store" in err and "pid" in err and "Traceback" not in err, err
    out, err = patient.communicate(timeout=60)
    assert patient.returncode == 0, err
    assert "nothing new" in out, out  # it waited for the lock, then found the work done
    assert seen["before"] >= 3, seen  # readers kept answering while the writer held the store
    with Store.open(writer.store, create=False) as s:
        assert s.verify() == []
    final = graph_stats(writer.store)
    assert all(g == graphs[0] or g == final for g in graphs), "a graph read mixed two states"


def test_two_ingests_started_together_give_one_store(states) -> None:
    """Both racing for the lock from the start (different inputs): both land, in some order, nothing lost."""
    work, base, _ids, _before, _after = states
    store = work / "race"
    shutil.copytree(base, store)
    seeds = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"
    a = cli(store, *INGEST)
    b = cli(store, "ingest", str(seeds))
    for p in (a, b):
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 and "Traceback" not in err, err
    reference = work / "race-ref"
    shutil.copytree(base, reference)
    with Store.open(reference) as ref:
        ref.ingest_git(C.ETALAB, under=UNDER)
        ref.ingest_paths([seeds])
        want = {aid: [history_dict(v) for v in ref.history(aid)] for aid in ref.index.article_ids()}
    with Store.open(store, create=False) as s:
        assert s.verify() == []
        got = {aid: [history_dict(v) for v in s.history(aid)] for aid in s.index.article_ids()}
    assert got == want


def test_a_reader_holds_no_lock_a_writer_waits_for(states) -> None:
    """A long read (a graph build) does not stop an ingest: readers never take the write lock."""
    work, base, _ids, _before, _after = states
    store = work / "reader-first"
    shutil.copytree(base, store)
    with Store.open(store, create=False) as reader:
        reader.index.conn.execute("BEGIN")  # a read transaction left open, as a slow reader would
        reader.index.conn.execute("SELECT COUNT(*) FROM versions").fetchone()
        started = time.monotonic()
        p = cli(store, *INGEST, wait="5")
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert time.monotonic() - started < 30
        reader.index.conn.execute("COMMIT")
    assert os.path.exists(store / "index.sqlite")


def test_a_graph_build_reads_one_snapshot_even_if_an_ingest_commits_midway(states, monkeypatch) -> None:
    """The graph reads articles, then refs: an ingest committing between the two once gave a graph of
    neither state (164 nodes where the old store has 133 and the new 186). Made deterministic by running
    the whole ingest right after the first read."""
    from lextrack.graph import build

    work, base, _ids, _before, _after = states
    store = work / "graph-midway"
    shutil.copytree(base, store)
    old, new = graph_stats(base), graph_stats(work / "reference")
    assert old != new
    load = build.load_articles

    def load_then_ingest(conn):  # noqa: ANN001, ANN202
        out = load(conn)
        with Store.open(store, create=False) as writer:
            writer.ingest_git(C.ETALAB, under=UNDER)
        return out

    monkeypatch.setattr(build, "load_articles", load_then_ingest)
    assert graph_stats(store) == old  # the snapshot of when the read began
    monkeypatch.undo()
    assert graph_stats(store) == new
