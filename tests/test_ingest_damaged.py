"""Damaged input never aborts a history (issue 14): a file cut short gives a version flagged damaged, a file
that cannot be read is rejected and recorded, and the ingest goes on.

The history is etalab's real Code de commerce livre II, titre IV (corpus/git/etalab-code-de-commerce-livre-ii
.bundle: 25 commits), replayed commit for commit, with two of L244-1's files swapped for real files cut
short (tests/fixtures/damaged, whose README says where each is cut): at "LOI n°2011-525 du 17 mai 2011"
(2011-05-19) L244-1 is the file cut in the middle of a character, its writer having put U+FFFD there (as
etalab's nine cut files are); at "LOI n°2012-387 du 22 mars 2012" (2012-03-24) it is the file cut in its
title, which nothing can read. Expectations: the same history replayed without the swaps, and git itself.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from history_builder import IDENTITY, clone, git, replay

from lextrack.cli import cli
from lextrack.store import Store

ROOT = Path(__file__).resolve().parents[1]
ETALAB = ROOT / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"
DAMAGED = ROOT / "tests" / "fixtures" / "damaged"
TITRE_IV = "code-de-commerce/partie-legislative/livre-ii/titre-iv"
L244_1_PATH = f"{TITRE_IV}/chapitre-iv/article-l244-1.md"
L244_1 = "code-de-commerce/L244-1"
CUT = DAMAGED / "read" / "code-de-commerce" / "article-l244-1.cut-ends-with-fffd.md"
UNREADABLE = DAMAGED / "rejected" / "code-de-commerce" / "article-l244-1.cut-in-the-title.md"
LAW_2011 = "LOI n°2011-525 du 17 mai 2011"
LAW_2012 = "LOI n°2012-387 du 22 mars 2012"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def histories(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("damaged-history")
    source = clone(ETALAB, work / "etalab.git")
    replay(source, work / "intact.git", under=TITRE_IV)
    swap = {(LAW_2011, L244_1_PATH): CUT.read_bytes(), (LAW_2012, L244_1_PATH): UNREADABLE.read_bytes()}
    replay(source, work / "damaged.git", under=TITRE_IV, swap=swap)
    return {"intact": work / "intact.git", "damaged": work / "damaged.git", "work": work}


@pytest.fixture(scope="module")
def ingested(histories) -> tuple[Path, object]:
    store = histories["work"] / "store"
    r = run("ingest", "--git", str(histories["damaged"]), "--store", str(store), "--json")
    return store, r


def commit_of(repo: Path, subject: str) -> str:
    for line in git(repo, "log", "--format=%H %s", "main").decode().splitlines():
        sha, _, s = line.partition(" ")
        if s == subject:
            return sha
    raise AssertionError(subject)


def test_a_history_with_a_cut_file_and_an_unreadable_one_goes_in(histories, ingested) -> None:
    store, r = ingested
    assert r.exit_code == 1, r.output  # something was rejected
    (summary,) = json.loads(r.output)
    assert summary["rejected"] == [
        {
            "commit": commit_of(histories["damaged"], LAW_2012),
            "path": L244_1_PATH,
            "reason": "line 1: no article title (found 'Arti', expected 'Article …')",
        }
    ]
    assert summary["damaged"] == [
        {
            "id": L244_1,
            "start": "2011-05-19",
            "commit": commit_of(histories["damaged"], LAW_2011),
            "path": L244_1_PATH,
            "reason": "cut off in the middle of a character (line 7: the file ends with U+FFFD): "
            "read up to it",
        }
    ]
    # the index records the rejected file with its ingest, commit and reason
    conn = sqlite3.connect(store / "index.sqlite")
    (row,) = conn.execute("SELECT ingest, commit_sha, path, reason FROM rejected").fetchall()
    assert row[0] == conn.execute("SELECT max(rowid) FROM ingests").fetchone()[0]
    assert row[1:] == (summary["rejected"][0]["commit"], L244_1_PATH, summary["rejected"][0]["reason"])


def test_every_other_version_is_what_the_intact_history_gives(histories, ingested, tmp_path) -> None:
    store, _ = ingested
    intact = tmp_path / "intact-store"
    assert run("ingest", "--git", str(histories["intact"]), "--store", str(intact)).exit_code == 0

    def histories_of(root: Path) -> dict:
        with Store.open(root) as s:
            ids = s.index.article_ids()
            return {a: [(v.start, v.end, v.state, v.text) for v in s.history(a)] for a in ids}

    damaged, whole = histories_of(store), histories_of(intact)
    assert damaged.keys() == whole.keys() and len(damaged) > 40
    others = {a: h for a, h in damaged.items() if a != L244_1}
    assert others == {a: h for a, h in whole.items() if a != L244_1}
    # L244-1: its 2000 version as git has it, the 2011 one up to the cut, no 2012 one (rejected)
    first, cut = damaged[L244_1]
    assert first == whole[L244_1][0]
    assert cut[:3] == ("2011-05-19", None, "in_force")
    # the text of the cut file, which stops in "sociétés" (its README: the first 440 bytes, then U+FFFD)
    assert cut[3].endswith("s'appliquent aux commissaires aux comptes des soci")
    assert [v[0] for v in whole[L244_1]] == ["2000-09-21", "2011-05-19", "2012-03-24"]


def test_history_at_and_verify_show_the_damaged_version(ingested) -> None:
    store, _ = ingested
    out = run("history", L244_1, "--store", str(store)).output
    assert "in_force !" in out and "! = damaged: the file of the version from 2011-05-19 is cut short" in out
    versions = json.loads(run("history", L244_1, "--json", "--store", str(store)).output)["versions"]
    assert [v.get("damaged") is not None for v in versions] == [False, True]
    at = json.loads(run("at", "2011-06-01", L244_1, "--json", "--store", str(store)).output)
    assert at["version"]["damaged"].startswith("cut off in the middle of a character")
    text = run("at", "2011-06-01", L244_1, "--store", str(store)).output
    assert "damaged: the file of this version is cut short" in text
    before = json.loads(run("at", "2005-01-01", L244_1, "--json", "--store", str(store)).output)
    assert "damaged" not in before["version"]
    r = run("verify", "--store", str(store))
    assert r.exit_code == 0 and "ok:" in r.output and "1 versions are damaged" in r.output, r.output
    report = json.loads(run("verify", "--json", "--store", str(store)).output)
    assert report["ok"] and [d["start"] for d in report["damaged"]] == ["2011-05-19"]


def test_the_git_view_says_it_and_an_index_rebuilt_from_it_keeps_it(ingested, tmp_path) -> None:
    store, _ = ingested
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    with Store.open(copy) as s:
        (version,) = [v for v in s.history(L244_1) if v.start == "2011-05-19"]
        view = s.repo.file_at(version.commit, "code-de-commerce/L244/L244-1.md")
    assert 'damaged: "cut off in the middle of a character (line 7' in view
    for name in ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm"):
        (copy / name).unlink(missing_ok=True)
    assert run("verify", "--repair", "--store", str(copy)).exit_code == 0
    with Store.open(copy) as s:
        assert [v.extra["damaged"] is not None for v in s.history(L244_1)] == [False, True]


def test_strict_stops_at_the_unreadable_file_and_changes_nothing(histories, tmp_path) -> None:
    store = tmp_path / "store"
    before = run("ingest", "--git", str(histories["intact"]), "--under", f"{TITRE_IV}/chapitre-ier",
                 "--store", str(store))  # fmt: skip
    assert before.exit_code == 0
    with Store.open(store) as s:
        state = (s.index.count_versions(), s.repo.ref("refs/heads/main"))
    r = run("ingest", "--strict", "--git", str(histories["damaged"]), "--store", str(store))
    assert r.exit_code == 2 and L244_1_PATH in r.output and "commit" in r.output, r.output
    assert "no article title" in r.output
    with Store.open(store) as s:
        assert (s.index.count_versions(), s.repo.ref("refs/heads/main")) == state
        assert s.index.conn.execute("SELECT count(*) FROM rejected").fetchone()[0] == 0
    # without --strict, the same history then goes in (the unreadable file rejected)
    assert run("ingest", "--git", str(histories["damaged"]), "--store", str(store)).exit_code == 1


def test_the_web_page_marks_the_damaged_version(ingested) -> None:
    pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
    from fastapi.testclient import TestClient

    from lextrack.web import create_app

    store, _ = ingested
    client = TestClient(create_app(store))
    page = client.get("/articles/code-de-commerce/L244-1", params={"date": "2011-06-01"}).text
    assert 'id="damaged"' in page and "Texte incomplet" in page and "fichier tronqué" in page
    before = client.get("/articles/code-de-commerce/L244-1", params={"date": "2005-01-01"}).text
    assert 'id="damaged"' not in before and "fichier tronqué" in before  # (the timeline still marks it)


def test_files_on_disk_the_same_way(tmp_path) -> None:
    folder = tmp_path / "in" / "code-de-commerce"
    folder.mkdir(parents=True)
    shutil.copy(CUT, folder / "article-l244-1.md")
    shutil.copy(UNREADABLE, folder / "article-l244-2.md")
    store = tmp_path / "store"
    r = run("ingest", str(tmp_path / "in"), "--store", str(store))
    assert r.exit_code == 1 and "1 versions rejected, 1 damaged" in r.output, r.output
    assert f"rejected: {folder / 'article-l244-2.md'}: line 1: no article title" in r.output
    with Store.open(store) as s:
        (v,) = s.history(L244_1)
        assert v.extra["damaged"].startswith("cut off in the middle of a character")


def test_a_link_or_a_submodule_at_an_article_path_is_rejected_by_name(tmp_path) -> None:
    """What a history holds at an article's path may be no file at all: a symbolic link or a submodule
    (git modes 120000 and 160000) is rejected as such, the file it replaces is gone, removing it changes
    nothing."""
    repo = clone(ETALAB, tmp_path / "etalab.git")
    tip = git(repo, "rev-parse", "main").decode().strip()
    chapter = f"{TITRE_IV}/chapitre-iv"
    subject = b"Ordonnance n\xc2\xb0 2020-1142 du 16 septembre 2020"
    head = b"commit refs/heads/main\nauthor %s 1609459200 +0000\ncommitter %s 1609459200 +0000\ndata %d\n%s\n"
    stream = head % (IDENTITY, IDENTITY, len(subject), subject)
    stream += b"from %s\n" % tip.encode()
    stream += b'M 120000 inline "%s/article-l244-2.md"\ndata 17\narticle-l244-1.md\n' % chapter.encode()
    stream += b'M 160000 %s "%s/article-l244-3.md"\n\n' % (tip.encode(), chapter.encode())
    stream += head % (IDENTITY, IDENTITY, len(subject), subject)
    stream += b'D "%s/article-l244-2.md"\nD "%s/article-l244-3.md"\n\n' % (chapter.encode(), chapter.encode())
    git(repo, "fast-import", "--quiet", "--date-format=raw", data=stream)
    linked = git(repo, "rev-parse", "main~1").decode().strip()

    store = tmp_path / "store"
    r = run("ingest", "--git", str(repo), "--under", TITRE_IV, "--json", "--store", str(store))
    assert r.exit_code == 1, r.output
    (summary,) = json.loads(r.output)
    assert [(x["commit"], x["path"], x["reason"]) for x in summary["rejected"]] == [
        (linked, f"{chapter}/article-l244-2.md", "a symbolic link, not an article file"),
        (linked, f"{chapter}/article-l244-3.md", "a submodule, not an article file"),
    ]
    for num in ("L244-2", "L244-3"):
        out = run("history", f"code-de-commerce/{num}", "--json", "--store", str(store)).output
        versions = json.loads(out)
        assert versions["versions"][-1]["start"] == "2021-01-01", versions
        assert versions["versions"][-1]["kind"] == "abrogation", versions
    at = json.loads(run("at", "2021-06-01", L244_1, "--json", "--store", str(store)).output)
    assert at["status"] == "in_force"
    assert run("verify", "--store", str(store)).exit_code == 0


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_larger_than_the_parser_takes_is_rejected_and_every_file_after_it_read(
    histories, tmp_path, monkeypatch, workers
) -> None:
    """L244-1's file at the 2011 law swapped for its own text 12 000 times over (5.6 MB): git gives it to the
    readers (the workers' in a parallel ingest), which skip it without holding it; the files they read after
    it in the same batch are the history's own."""
    monkeypatch.setenv("LEXTRACK_WORKERS", workers)
    monkeypatch.setenv("LEXTRACK_PARALLEL_MIN", "0")
    source = clone(ETALAB, tmp_path / "etalab.git")
    big = tmp_path / "big.git"
    original = git(source, "show", f"main:{L244_1_PATH}")
    huge = original * 12_000
    replay(source, big, under=TITRE_IV, swap={(LAW_2011, L244_1_PATH): huge})
    store = tmp_path / "store"
    r = run("ingest", "--git", str(big), "--store", str(store), "--json")
    assert r.exit_code == 1, r.output
    (summary,) = json.loads(r.output)
    assert summary["rejected"] == [
        {
            "commit": commit_of(big, LAW_2011),
            "path": L244_1_PATH,
            "reason": f"file larger than 5 MB ({len(huge)} bytes)",
        }
    ]
    intact = tmp_path / "intact-store"
    assert run("ingest", "--git", str(histories["intact"]), "--store", str(intact)).exit_code == 0

    def versions(root: Path) -> dict:
        with Store.open(root) as s:
            return {a: [(v.start, v.state, v.text) for v in s.history(a)] for a in s.index.article_ids()}

    got, whole = versions(store), versions(intact)
    assert {a: h for a, h in got.items() if a != L244_1} == {a: h for a, h in whole.items() if a != L244_1}
    assert [v[0] for v in got[L244_1]] == ["2000-09-21", "2012-03-24"]
    assert run("verify", "--store", str(store)).exit_code == 0
