"""A disk that fills up in the middle of an ingest: one line naming the store and the problem, exit code 2,
the store as it was (a new store is not left behind), never a traceback.

The disk is made to fill up with the file-size limit (RLIMIT_FSIZE) of the ingest's process and of the git
processes it starts: a write past the limit fails as a write to a full disk does (SQLite reports "disk I/O
error" or "database or disk is full", git "No space left on device" or "File too large"). The histories are
the real ones of corpus/git: etalab's Code de commerce livre II in the store, steeve's Code de la sécurité
sociale ingested on top of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from history_builder import clone

ROOT = Path(__file__).resolve().parents[1]
ETALAB = ROOT / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"
STEEVE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"

resource = pytest.importorskip("resource")  # (POSIX only)
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="file-size limits as Linux applies them")


def lextrack(*args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    def limited() -> None:
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(
        [sys.executable, "-m", "lextrack", *args],
        capture_output=True, text=True, env=env, preexec_fn=limited if limit else None,
    )  # fmt: skip


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("disk-full")
    steeve = clone(STEEVE, work / "steeve.git")  # a repository: no bundle to unpack under the limit
    store = work / "store"
    assert lextrack("ingest", "--git", str(ETALAB), "--store", str(store)).returncode == 0
    return {"work": work, "steeve": steeve, "store": store}


def test_a_full_disk_stops_the_ingest_and_changes_nothing(work) -> None:
    store = work["store"]
    before = lextrack("log", "--json", "--store", str(store)).stdout
    # room for the files as they are, not for what the new history adds to them
    room = max(p.stat().st_size for p in store.rglob("*") if p.is_file()) + 100_000
    r = lextrack("ingest", "--git", str(work["steeve"]), "--store", str(store), limit=room)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith(f"error: {store}") and "nothing of this ingest was kept" in line, line
    assert lextrack("log", "--json", "--store", str(store)).stdout == before
    verify = lextrack("verify", "--json", "--store", str(store))
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"], verify.stdout
    # with room again, the same ingest goes in
    assert lextrack("ingest", "--git", str(work["steeve"]), "--store", str(store)).returncode == 0
    assert lextrack("log", "--json", "--store", str(store)).stdout != before


def test_a_new_store_on_a_full_disk_is_not_left_behind(work) -> None:
    new = work["work"] / "new" / "store"
    r = lextrack("ingest", "--git", str(work["steeve"]), "--store", str(new), limit=1_000_000)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"error: {new}"), r.stderr
    assert not (work["work"] / "new").exists()
