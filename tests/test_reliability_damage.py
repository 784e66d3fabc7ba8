"""A damaged or older index: `lextrack verify` names the problem, `verify --repair` reads the index back from
the git view, and the store then answers exactly as before the damage (commit ids included).

The store: the real steeve history of Titre 2 (Livre 2, Code de la sécurité sociale). Each damage is done to
a copy of it with sqlite3 or by hand, as a disk, a crash or an older lextrack would leave it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.store import Store, history_dict

ROOT = Path(__file__).resolve().parents[1]
STEEVE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
TITRE_2 = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2"
L227_1 = "code-de-la-securite-sociale/L227-1"


def dump(store: Path) -> dict:
    with Store.open(store, create=False) as s:
        out = {aid: [history_dict(v) for v in s.history(aid)] for aid in s.index.article_ids()}
        out["__log__"] = s.log()
        out["__at__"] = s.at(L227_1, "2010-06-15")
        return out


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("damage") / "store"
    mp = pytest.MonkeyPatch()
    mp.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    try:
        with Store.open(root) as s:
            s.ingest_git(STEEVE, under=TITRE_2)
    finally:
        mp.undo()
    return root, dump(root)


def sql(store: Path, statement: str) -> None:
    conn = sqlite3.connect(store / "index.sqlite")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(statement)
    conn.commit()
    conn.close()


def damage(store: Path, how: str) -> None:
    index = store / "index.sqlite"
    if how == "missing":
        for p in store.glob("index.sqlite*"):
            p.unlink()
    elif how == "not-sqlite":
        index.write_bytes(os.urandom(4096))
    elif how == "truncated":
        os.truncate(index, index.stat().st_size // 2)
    elif how == "older-schema":
        sql(store, "UPDATE meta SET value='0' WHERE key='schema_version'")
    elif how == "lost-versions":
        sql(
            store,
            "DELETE FROM versions WHERE rowid IN "
            f"(SELECT rowid FROM versions WHERE article_id='{L227_1}' LIMIT 3)",
        )
    elif how == "lost-texts":
        sql(
            store,
            "DELETE FROM texts WHERE sha IN (SELECT text_sha FROM versions WHERE article_id='"
            + L227_1
            + "' LIMIT 2)",
        )
    elif how == "lost-tip":
        sql(store, "DELETE FROM meta WHERE key='tip'")
    elif how == "lost-article":
        sql(store, f"DELETE FROM articles WHERE id='{L227_1}'")
    else:
        raise AssertionError(how)


EXPECTED_PROBLEM = {
    "missing": "index.sqlite is missing",
    "not-sqlite": "not a database",
    "truncated": "malformed",
    "older-schema": "schema version 0",
    "lost-versions": "has no version for it",
    "lost-texts": "missing text",
    "lost-article": "no article row",
    "lost-tip": "records no tip",
}


def verify(store: Path, *extra: str) -> tuple[int, dict]:
    r = CliRunner().invoke(cli, ["verify", "--json", "--store", str(store), *extra], catch_exceptions=False)
    return r.exit_code, json.loads(r.output)


@pytest.mark.parametrize("how", list(EXPECTED_PROBLEM))
def test_verify_names_the_damage_and_repair_loses_nothing(pristine, tmp_path: Path, how: str) -> None:
    root, before = pristine
    store = tmp_path / "store"
    shutil.copytree(root, store)
    damage(store, how)
    code, report = verify(store)
    assert code == 1 and not report["ok"], report
    assert any(EXPECTED_PROBLEM[how] in p for p in report["problems"]), report["problems"]
    code, report = verify(store, "--repair")
    assert code == 0 and report["ok"], report
    assert any("rebuilt the index from the git view" in r for r in report["repaired"]), report
    assert dump(store) == before  # every version back, same commits, same answers
    assert verify(store) == (0, {**report, "repaired": []})
    if how not in ("missing", "lost-versions", "lost-texts", "lost-article"):
        kept = list(store.glob("index.sqlite.damaged-*"))
        assert kept, "the damaged index is kept, not deleted"


def test_repair_never_rewrites_the_git_view_from_a_damaged_index(pristine, tmp_path: Path) -> None:
    """Texts lost from the index are still in the git view: --repair once rebuilt the view from the index
    and so deleted the last copy of those texts from the branch."""
    root, before = pristine
    store = tmp_path / "store"
    shutil.copytree(root, store)
    damage(store, "lost-texts")
    verify(store, "--repair")
    with Store.open(store, create=False) as s:
        texts = [v.text for v in s.history(L227_1)]
    assert "(texte non disponible" not in " ".join(texts)
    assert dump(store) == before


def test_a_store_without_git_view_says_so(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["verify", "--store", str(tmp_path / "nothing")])
    assert r.exit_code == 2 and "no store here" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("how", ["missing", "lost-tip"])
def test_an_ingest_into_a_lost_index_is_refused_instead_of_dropping_the_branch(
    pristine, tmp_path: Path, how: str
) -> None:
    """With index.sqlite gone (or its tip), an ingest used to start a new index and rewrite the branch
    from it: every earlier version left the branch. It is refused now, naming the repair."""
    root, before = pristine
    store = tmp_path / "store"
    shutil.copytree(root, store)
    damage(store, how)
    seeds = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"
    r = CliRunner().invoke(cli, ["ingest", str(seeds), "--store", str(store)])
    assert r.exit_code == 2 and "verify --repair" in r.output, r.output
    assert verify(store, "--repair")[0] == 0
    assert dump(store) == before
