"""kill -9 of an ingest whose git view is written by several git processes (store/fastimport.py: one per share
of the codes, then one for the commits): the store answers the old state or the new one, never a mix, and
the ingest run again gives the answers of one never killed (scripts/crash_ingest.py checks all of it). The
history: etalab's Code de commerce, livre II, titre V, into a store of steeve's Titre 2; the split is forced
on this small view (LEXTRACK_SPLIT_MIN=0, two processes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import crash_ingest as C  # noqa: E402

UNDER = "code-de-commerce/partie-legislative/livre-ii/titre-v"


def test_kills_while_the_shares_write_leave_the_old_state_or_the_new(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LEXTRACK_SPLIT_MIN", "0")
    monkeypatch.setenv("LEXTRACK_WORKERS", "2")
    named = [("fast-import", 5, False), ("fast-import", 30, True), ("git-done", 1, True)]
    kills = C.campaign(tmp_path, UNDER, named, timed=0, polled=1, inprocess=True, parallel=True)
    outcomes = {k.name: (k.outcome, k.problems) for k in kills}
    # killed while the shares' gits read their streams: nothing written that the store would see
    assert outcomes["fast-import-5-alone"] == ("before", ())
    assert outcomes["fast-import-30-group"] == ("before", ())
    assert outcomes["git-done-1-group"] == ("before", ())
    if "polled-0" in outcomes:
        assert outcomes["polled-0"][0] in ("before", "after")


@pytest.fixture(autouse=True)
def _no_scratch_refs_left(tmp_path):
    yield
    for store in tmp_path.iterdir():
        refs = store / "repo.git" / "refs" / "lextrack" / "scratch"
        assert not refs.exists() or not any(refs.iterdir()), f"{store}: scratch refs left"
