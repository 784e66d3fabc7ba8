"""kill -9 of `lextrack ingest` at every stage: the store answers the old or the new state, never a mix.

The machinery is scripts/crash_ingest.py (which runs a longer campaign); here a short one: one real history
(steeve, Titre 2) in the store, an ingest of another (etalab, Livre II Titre V) killed while parsing, in the
middle of the fast-import stream (with and without fast-import itself), after git and before the SQLite
commit, after the SQLite commit and before the branch move, and at a time found by watching for the
fast-import process. Expected states are computed by an ingest never killed, not by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import crash_ingest as C  # noqa: E402

UNDER = "code-de-commerce/partie-legislative/livre-ii/titre-v"  # 49 versions over 51 commits


@pytest.fixture(scope="module")
def campaign(tmp_path_factory) -> list:
    work = tmp_path_factory.mktemp("crash")
    named = [
        ("parse", 10, True),
        ("fast-import", 10, True),
        ("fast-import", 10, False),
        ("git-done", 1, True),
        ("sqlite-done", 1, True),
        ("branch-moved", 1, True),
    ]
    return C.campaign(work, UNDER, named, timed=0, polled=1, inprocess=True, parallel=True)


def outcome(kills: list, name: str):
    return next(k for k in kills if k.name == name)


def test_every_kill_point_was_reached_and_survived(campaign: list) -> None:
    # check_after_kill (run by the campaign) asserted old-or-new state, verify (after --repair where
    # needed), and that re-running the ingest gives the answers of an ingest never killed
    named = {"parse-10-group", "fast-import-10-group", "fast-import-10-alone", "git-done-1-group"}
    named |= {"sqlite-done-1-group", "branch-moved-1-group"}
    assert named <= {k.name for k in campaign}  # (the polled kill counts only if fast-import was caught)
    assert all(k.proc.returncode == -9 for k in campaign)
    assert all(k.outcome in ("before", "after") for k in campaign)


def test_a_kill_before_the_index_commit_leaves_the_old_state(campaign: list) -> None:
    early = ["parse-10-group", "fast-import-10-group", "fast-import-10-alone"]
    early += ["polled-0"] if any(k.name == "polled-0" for k in campaign) else []
    for name in (*early, "git-done-1-group"):
        assert outcome(campaign, name).outcome == "before", name
    # verify passes untouched: even fast-import left alone on a cut stream wrote no pending ref, and a
    # kill once git is written but SQLite not leaves only a pending ref that the old state does not need
    for name in (*early, "git-done-1-group"):
        assert outcome(campaign, name).problems == (), name


def test_a_kill_after_the_index_commit_is_the_new_state_and_verify_says_what_to_finish(
    campaign: list,
) -> None:
    k = outcome(campaign, "sqlite-done-1-group")
    assert k.outcome == "after"
    assert any("branch main" in p and "verify --repair" in p for p in k.problems), k.problems
    assert outcome(campaign, "branch-moved-1-group").outcome == "after"


@pytest.mark.parametrize("lock", ["refs/heads/main.lock", "refs/lextrack/pending.lock", "packed-refs.lock"])
def test_lock_files_of_a_killed_git_do_not_wedge_the_store(tmp_path, lock: str) -> None:
    """kill -9 while git updates a ref leaves `<ref>.lock`: every later update-ref then failed, the next
    ingest committed its index but could not move the branch, and `verify --repair` failed the same way."""
    import shutil

    from lextrack.store import Store

    base = tmp_path / "base"
    with Store.open(base) as s:
        s.ingest_git(C.STEEVE, under=C.BASE_UNDER + "/Chapitre 7")
    for how in ("ingest", "repair"):
        store = tmp_path / how
        shutil.copytree(base, store)
        (store / "repo.git" / lock).parent.mkdir(parents=True, exist_ok=True)
        (store / "repo.git" / lock).write_text("")  # what git leaves when killed holding the ref
        report = C.verify(store, inprocess=True)
        assert not report["ok"] and any(lock in p for p in report["problems"]), report
        if how == "ingest":
            with Store.open(store) as s:
                s.ingest_git(C.ETALAB, under=UNDER)
        else:
            assert C.verify(store, repair=True, inprocess=True)["ok"]
        assert C.verify(store, inprocess=True)["ok"]
        assert not (store / "repo.git" / lock).exists()
