"""Fixtures every test module shares: no git identity anywhere, and one store of the two real bundles.

The store is ingested once per test run, through the CLI as a user would; tests only read it (or re-ingest
what it holds, which changes nothing).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli

ROOT = Path(__file__).resolve().parents[1]
STEEVE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
ETALAB = ROOT / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"


@pytest.fixture(scope="session", autouse=True)
def no_git_identity():
    mp = pytest.MonkeyPatch()
    mp.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        mp.delenv(key, raising=False)
    yield
    mp.undo()


@dataclass(frozen=True)
class IngestedStore:
    root: Path
    steeve_output: str  # what `lextrack ingest --git STEEVE` printed
    etalab_json: list  # what `lextrack ingest --git ETALAB --json` printed


@pytest.fixture(scope="session")
def bundles_store(tmp_path_factory: pytest.TempPathFactory, no_git_identity) -> IngestedStore:
    """steeve's Code de la sécurité sociale history, then etalab's Code de commerce livre II."""
    root = tmp_path_factory.mktemp("bundles") / "store"
    steeve = CliRunner().invoke(cli, ["ingest", "--git", str(STEEVE), "--store", str(root)])
    assert steeve.exit_code == 0, steeve.output
    etalab = CliRunner().invoke(cli, ["ingest", "--git", str(ETALAB), "--json", "--store", str(root)])
    assert etalab.exit_code == 0, etalab.output
    return IngestedStore(root, steeve.output, json.loads(etalab.output))


@pytest.fixture
def table_without(monkeypatch):
    """The code table without some codes, as it was when issue 14 was filed (it lacked the Code des douanes
    de Mayotte): every lookup cache is emptied before and after."""
    import lextrack.codes as codes
    import lextrack.parser.hierarchy as hierarchy

    def clear() -> None:
        for module in (codes, hierarchy):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()

    def remove(*slugs: str) -> None:
        kept = tuple(c for c in codes.all_codes() if c.slug not in slugs)
        monkeypatch.setattr(codes, "all_codes", lambda: kept)
        clear()

    yield remove
    monkeypatch.undo()
    clear()
