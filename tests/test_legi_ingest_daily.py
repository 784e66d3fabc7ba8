"""Daily LEGI archives applied by `lextrack ingest` on top of a store built from a global archive.

The scenario of tests/test_legi_dump_daily.py, on real files only. Global archive (2007-10-20): D215-16 of the
Code de la consommation as DILA published it before its second version (VIGUEUR, open, one version:
tests/fixtures/legi-dump/article_LEGIARTI000006291810_before_2012-11-11.xml, rebuilt from the real file's own
VERSIONS block), the Code des marchés publics in code_en_vigueur, the other real files. Daily 2014-10-06: the
real D215-16 file (MODIFIE to 2012-11-11, three versions, the last ABROGE on 2014-10-03). Daily 2016-04-02:
the Code des marchés publics moves to code_non_vigueur (its files listed in liste_suppression_legi.dat under
code_en_vigueur, back under code_non_vigueur).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from legi_dump_build import DUMP, fixtures, write_tar

from lextrack.cli import cli

D215_ID = "LEGIARTI000006291810"
D215 = "code-de-la-consommation/D215-16"
CMP = "LEGITEXT000005627819"
GLOBAL = "Freemium_legi_global_20071020-120000.tar.gz"
DAILY_1 = "LEGI_20141006-213000.tar.gz"
DAILY_2 = "LEGI_20160402-213000.tar.gz"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _cmp_files(dossier: str, prefix: str = "") -> list[tuple[str, bytes]]:
    fx = fixtures()
    return [(f.name(dossier, prefix), f.data) for f in (fx[CMP], fx[f"{CMP}:texte_version"])]


def _deletions(stamp: str, names: list[str]) -> tuple[str, bytes]:
    listing = "".join(n.removesuffix(".xml") + "\n" for n in names)
    return (f"{stamp}/liste_suppression_legi.dat", listing.encode("ascii"))


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("legi-daily")
    fx = fixtures()
    before = (DUMP / "article_LEGIARTI000006291810_before_2012-11-11.xml").read_bytes()
    write_tar(root / GLOBAL, [(f.name(), before if f.file_id == D215_ID else f.data) for f in fx.values()])
    updates = root / "updates"
    updates.mkdir()
    write_tar(updates / DAILY_1, [(fx[D215_ID].name(prefix="20141006-213000/"), fx[D215_ID].data)])
    gone = [name for name, _ in _cmp_files("code_en_vigueur")]
    write_tar(
        updates / DAILY_2,
        [_deletions("20160402-213000", gone), *_cmp_files("code_non_vigueur", "20160402-213000/")],
    )
    return root


def ingest(store: Path, *args: str | Path) -> list[dict]:
    r = run("ingest", *map(str, args), "--json", "--store", str(store))
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def history(store: Path, aid: str) -> list[tuple]:
    r = run("history", aid, "--json", "--store", str(store))
    assert r.exit_code == 0, r.output
    return [(v["start"], v["end"], v["state"], v["kind"]) for v in json.loads(r.output)["versions"]]


def index_state(store: Path) -> tuple:
    import sqlite3

    with sqlite3.connect(store / "index.sqlite") as conn:
        rows = conn.execute("SELECT * FROM versions ORDER BY rowid").fetchall()
        refs = conn.execute("SELECT * FROM refs ORDER BY id").fetchall()
        tip = conn.execute("SELECT value FROM meta WHERE key='tip'").fetchone()
    return rows, refs, tip


def test_daily_archives_apply_in_order_on_top_of_the_global_one(dumps: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(store, dumps / GLOBAL)
    assert history(store, D215) == [("2007-10-18", None, "in_force", "text")]
    cites = json.loads(run("cites", D215, "--json", "--store", str(store)).output)["references"]
    assert {r.get("valid_to") for r in cites} == {None}

    first, second = ingest(store, "--legi-updates", dumps / "updates")
    assert (first["stamp"], first["files"], first["deletions"]) == ("20141006-213000", 1, 0)
    # the file changed under its key: what the 2007 file gave is replaced by what the 2014 file gives
    assert (first["added"], first["removed"], first["new_articles"]) == (4, 1, 0)
    assert history(store, D215) == [
        ("2007-10-18", "2012-11-11", "modified", "text"),
        ("2012-11-11", "2014-05-30", "modified", "text"),
        ("2014-05-30", "2014-10-03", "modified", "text"),
        ("2014-10-03", None, "abrogated", "abrogation"),
    ]
    cites = json.loads(run("cites", D215, "--json", "--store", str(store)).output)["references"]
    assert {r.get("valid_to") for r in cites} == {"2012-11-11"}  # the 2007 version's edges end with it
    at = json.loads(run("at", "2013-01-01", D215, "--json", "--store", str(store)).output)
    assert at["status"] == "in_force" and at["version"]["start"] == "2012-11-11"
    # a text moved between folders: deleted under its old keys, back under new ones, nothing lost
    assert (second["stamp"], second["files"], second["deletions"]) == ("20160402-213000", 2, 2)
    assert second["removed_articles"] == [] and second["added"] == second["removed"] == 0
    assert run("verify", "--store", str(store)).exit_code == 0


def test_an_archive_applied_twice_changes_nothing(dumps: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(store, dumps / GLOBAL)
    ingest(store, "--legi-updates", dumps / "updates")
    before = index_state(store)
    again = ingest(store, "--legi-updates", dumps / "updates")
    assert [r["skipped"] for r in again] == ["already applied", "already applied"]
    (one,) = ingest(store, dumps / "updates" / DAILY_1)
    assert one["skipped"] == "archive 20141006-213000 is already applied"
    (base,) = ingest(store, dumps / GLOBAL)
    assert base["skipped"] == "archive 20071020-120000 is already applied"
    assert index_state(store) == before
    text = run("ingest", str(dumps / "updates" / DAILY_1), "--store", str(store)).output
    assert "already applied, nothing to do" in text


def test_an_archive_out_of_order_is_refused_with_the_reason(dumps: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(store, dumps / GLOBAL)
    ingest(store, dumps / "updates" / DAILY_2)
    before = index_state(store)
    late = run("ingest", str(dumps / "updates" / DAILY_1), "--store", str(store))
    assert late.exit_code == 2
    assert "daily archive 20141006-213000 is older than 20160402-213000, already applied: out of order" in (
        late.output
    )
    folder = run("ingest", "--legi-updates", str(dumps / "updates"), "--store", str(store))
    assert folder.exit_code == 2 and "is older than 20160402-213000, already applied" in folder.output
    other = tmp_path / "Freemium_legi_global_20200101-000000.tar.gz"
    other.write_bytes((dumps / GLOBAL).read_bytes())
    refused = run("ingest", str(other), "--store", str(store))
    assert refused.exit_code == 2 and "built from the global archive 20071020-120000" in refused.output
    assert index_state(store) == before


def test_an_article_whose_files_are_all_deleted_leaves_the_index_and_the_git_view(
    dumps: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    ingest(store, dumps / GLOBAL)
    ingest(store, "--legi-updates", dumps / "updates")
    later = tmp_path / "later"
    later.mkdir()
    listing = _deletions("20170103-213000", [fixtures()[D215_ID].name()])
    write_tar(later / "LEGI_20170103-213000.tar.gz", [listing])
    (result,) = ingest(store, "--legi-updates", later)
    assert result["removed_articles"] == [D215] and result["removed"] == 4
    missing = run("history", D215, "--store", str(store))
    assert missing.exit_code == 1 and "no such article" in missing.output
    log = subprocess.run(
        ["git", "--git-dir", str(store / "repo.git"), "log", "--all", "--format=%H", "--",
         "code-de-la-consommation/D215/D215-16.md"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert log == ""
    assert json.loads(run("check", "--json", "--store", str(store)).output)["outside_corpus"]
    for node in (D215, "decret/2007-1480"):  # its edges went with it: the decree that created it too
        gone = run("cites", node, "--store", str(store))
        assert gone.exit_code == 1 and f"{node}: not in the graph" in gone.output
    assert run("verify", "--store", str(store)).exit_code == 0
    assert len(history(store, "code-de-la-securite-sociale/L227-1")) == 5  # the others stay


def test_a_daily_archive_keeps_the_code_filter_of_its_global_archive(dumps: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    (base,) = ingest(store, dumps / GLOBAL, "--code", "code-des-marches-publics", "--code", "C. consom.")
    assert base["new_articles"] == 1
    first, second = ingest(store, "--legi-updates", dumps / "updates")
    assert first["files"] == 1 and second["files"] == 2
    only = tmp_path / "only"
    (base,) = ingest(only, dumps / GLOBAL, "--code", "code-de-la-securite-sociale")
    first, second = ingest(only, "--legi-updates", dumps / "updates")
    assert (first["files"], second["files"], second["deletions"]) == (0, 0, 0)
    assert run("history", D215, "--store", str(only)).exit_code == 1
