"""The git view's layout: one folder per chapter (store/layout.py), and older flat views rewritten into it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.store import Store
from lextrack.store.gitrepo import GitRepo
from lextrack.store.layout import article_path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ETALAB = CORPUS / "git" / "etalab-code-de-commerce-livre-ii.bundle"


@pytest.mark.parametrize(
    ("article_id", "path"),
    [  # real ids of steeve's 64 codes
        ("code-de-la-sante-publique/L1242-2", "code-de-la-sante-publique/L1242/L1242-2.md"),
        ("code-de-la-securite-sociale/L245-5-1 A", "code-de-la-securite-sociale/L245/L245-5-1 A.md"),
        ("code-de-la-sante-publique/R*6147-50", "code-de-la-sante-publique/R*6147/R*6147-50.md"),
        ("code-de-justice-administrative/LO771-1", "code-de-justice-administrative/LO771/LO771-1.md"),
        ("code-de-procedure-penale/706-73", "code-de-procedure-penale/706/706-73.md"),
        ("code-civil/1101", "code-civil/1100-1199/1101.md"),  # corpus/tricoteuses-code-civil
        ("code-general-des-impots/1043 A", "code-general-des-impots/1000-1099/1043 A.md"),
        ("code-general-des-impots/39 quinquies", "code-general-des-impots/0-99/39 quinquies.md"),
        ("code-de-la-sante-publique/L40", "code-de-la-sante-publique/L0-99/L40.md"),
        ("code-de-la-securite-sociale/Annexe II", "code-de-la-securite-sociale/annexe/Annexe II.md"),
        ("code-de-la-securite-sociale/TABLEAU 77", "code-de-la-securite-sociale/tableau/TABLEAU 77.md"),
        ("code-de-procedure-penale/preliminaire", "code-de-procedure-penale/preliminaire/preliminaire.md"),
    ],
)
def test_each_article_goes_in_its_chapter_or_its_hundred(article_id: str, path: str) -> None:
    assert article_path(article_id) == path


def flat(article_id: str) -> str:
    """The layout of lextrack up to schema 9."""
    code, _, num = article_id.partition("/")
    return f"{code}/{num}.md"


def tip_paths(root: Path) -> set[str]:
    return GitRepo(root / "repo.git").tree_paths("main")


def test_a_flat_view_of_schema_9_is_written_again_in_folders(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "store"
    with monkeypatch.context() as m:  # a store as lextrack wrote it before schema 10
        m.setattr("lextrack.store.view.article_path", flat)
        r = CliRunner().invoke(cli, ["ingest", "--git", str(ETALAB), "--store", str(root)])
        assert r.exit_code == 0, r.output
    with sqlite3.connect(root / "index.sqlite") as conn:
        conn.execute("UPDATE meta SET value='9' WHERE key='schema_version'")
    assert "code-de-commerce/L223-1.md" in tip_paths(root)

    with Store.open(root) as store:
        assert any(note.startswith("schema 10") for note in store.index.upgraded), store.index.upgraded
    paths = tip_paths(root)
    assert "code-de-commerce/L223/L223-1.md" in paths and "code-de-commerce/L223-1.md" not in paths
    assert all(p.count("/") == 2 for p in paths), sorted(paths)[:5]
    r = CliRunner().invoke(cli, ["verify", "--store", str(root)])
    assert r.exit_code == 0 and "git view agree" in r.output, r.output
