"""Incremental ingest (issue 14): a history remembers the commit it was read up to; an ingest of a longer
history reads only the commits after it, and gives the store one ingest of the whole history gives, commit
ids of the git view included; an unchanged history is not read at all (a bundle is not even unpacked).

The history is steeve's real Code de la sécurité sociale (corpus/git/steeve-code-de-la-securite-sociale
.bundle, 336 commits, out of date order). Read with git: L212-4 sits at two paths from commit 21 on, and
commit 117 deletes one of them (the article is then what the other says); many deletions after commit 100
remove files added before it. Those need the reader's state at the cut.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from history_builder import Commit, clone, fixture_commits, git, write_history

import lextrack.store.history as history
import lextrack.store.view as view
from lextrack.cli import cli
from lextrack.parser import parse_file
from lextrack.store import Store, history_dict
from lextrack.store.layout import article_path

ROOT = Path(__file__).resolve().parents[1]
STEEVE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
ETALAB = ROOT / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"
SEEDS = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"
CSS = "code-de-la-securite-sociale"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def dump(root: Path) -> dict:
    """Everything an ingest writes, but row ids: versions (commit ids included), texts, articles, edges,
    the full-text index, the branch; and the git view's tip."""
    conn = sqlite3.connect(root / "index.sqlite")
    cols = [r[1] for r in conn.execute("PRAGMA table_info(versions)") if r[1] != "rowid"]
    out = {
        "versions": sorted(conn.execute(f"SELECT {', '.join(cols)} FROM versions"), key=repr),
        "texts": sorted(conn.execute("SELECT * FROM texts")),
        "articles": sorted(conn.execute("SELECT * FROM articles")),
        "refs": sorted(conn.execute("SELECT * FROM refs"), key=lambda r: repr(r[1:])),
        "ref_versions": sorted(conn.execute("SELECT * FROM ref_versions"), key=repr),
        "unresolved": sorted(conn.execute("SELECT * FROM unresolved"), key=repr),
        "search": sorted(conn.execute("SELECT id, num, body FROM search_docs")),
        "meta": dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('tip', 'branch_commits')")),
    }
    out["refs"] = [r[1:] for r in out["refs"]]  # (the edge's own id is a counter)
    conn.close()
    out["branch"] = git(root / "repo.git", "rev-parse", "main").decode().strip()
    return out


@pytest.fixture(scope="module")
def steeve(tmp_path_factory) -> Path:
    return clone(STEEVE, tmp_path_factory.mktemp("steeve") / "steeve.git")


@pytest.fixture(scope="module")
def whole(steeve, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("whole") / "store"
    r = run("ingest", "--git", str(steeve), "--store", str(root), "--json")
    assert r.exit_code == 0
    return {**dump(root), "observed": json.loads(r.output)[0]["observed"]}


def chain(repo: Path) -> list[str]:
    return git(repo, "rev-list", "--first-parent", "--reverse", "main").decode().split()


@pytest.mark.parametrize("cut", [100, 250])
def test_a_history_read_in_two_ingests_gives_the_store_of_one(steeve, whole, tmp_path, cut: int) -> None:
    commits = chain(steeve)
    git(steeve, "branch", "-f", f"cut-{cut}", commits[cut - 1])
    store = tmp_path / "store"
    args = ("ingest", "--git", str(steeve), "--store", str(store), "--json")
    first = json.loads(run(*args, "--branch", f"cut-{cut}").output)[0]
    assert (first["commits_read"], first["resumed_from"]) == (cut, None)
    assert first["source_tip"] == commits[cut - 1]
    second = json.loads(run(*args).output)[0]
    # the second ingest read only the commits after the cut
    assert (second["commits_read"], second["resumed_from"]) == (len(commits) - cut, commits[cut - 1])
    changes = git(steeve, "log", "--first-parent", "--raw", "--format=", f"{commits[cut - 1]}..main")
    assert 0 < second["observed"] <= sum(1 for line in changes.splitlines() if line.startswith(b":"))
    assert first["observed"] + second["observed"] == whole["observed"]
    assert {**dump(store), "observed": whole["observed"]} == whole
    assert run("verify", "--store", str(store)).exit_code == 0


def test_l212_4_keeps_its_other_copy_across_the_cut(steeve, tmp_path) -> None:
    commits = chain(steeve)
    git(steeve, "branch", "-f", "before-117", commits[115])  # the two copies exist, neither is deleted yet
    store = tmp_path / "store"
    run("ingest", "--git", str(steeve), "--branch", "before-117", "--store", str(store))
    run("ingest", "--git", str(steeve), "--store", str(store))
    with Store.open(store) as s:
        assert s.at(f"{CSS}/L212-4", "2003-01-01")["status"] == "in_force"


def test_an_unchanged_history_is_not_read_again_wherever_it_lies(steeve, tmp_path, monkeypatch) -> None:
    store = tmp_path / "store"
    assert run("ingest", "--git", str(STEEVE), "--store", str(store)).exit_code == 0
    copy = tmp_path / "elsewhere" / "copy.bundle"
    copy.parent.mkdir()
    shutil.copy(STEEVE, copy)

    def never(*_a, **_k):
        raise AssertionError("the history was opened")

    monkeypatch.setattr(history, "opened_git_dir", never)
    for given in (STEEVE, copy):  # the same content: known by its tip commit, not its path
        t = time.perf_counter()
        r = run("ingest", "--git", str(given), "--store", str(store), "--json")
        assert r.exit_code == 0 and json.loads(r.output)[0]["unchanged"] is True
        assert time.perf_counter() - t < 2
    assert "nothing new" in run("ingest", "--git", str(copy), "--store", str(store)).output
    # the same repository, as a repository: its branch's tip is read, nothing else
    r = run("ingest", "--git", str(steeve), "--store", str(store), "--json")
    assert json.loads(r.output)[0]["unchanged"] is True
    monkeypatch.undo()
    # another history at the same path is another source: read
    shutil.copy(ETALAB, copy)
    r = run("ingest", "--git", str(copy), "--store", str(store), "--json")
    assert json.loads(r.output)[0]["added"] > 1000


def test_windows_and_processes_do_not_change_the_store(steeve, whole, tmp_path, monkeypatch) -> None:
    # small windows of commits, the log read 25 commits at a time, parsed by a pool, the git view written
    # by three git processes
    monkeypatch.setattr(history, "LOG_CHUNK", 25)
    monkeypatch.setenv("LEXTRACK_WINDOW", "40")
    monkeypatch.setenv("LEXTRACK_PARALLEL_MIN", "0")
    monkeypatch.setenv("LEXTRACK_WORKERS", "3")
    monkeypatch.setenv("LEXTRACK_SPLIT_MIN", "0")
    store = tmp_path / "store"
    assert run("ingest", "--git", str(steeve), "--store", str(store)).exit_code == 0
    assert {**dump(store), "observed": whole["observed"]} == whole


def _cut_store(steeve: Path, tmp_path: Path, cut: int) -> Path:
    """A store of the history's first `cut` commits."""
    git(steeve, "branch", "-f", f"cut-{cut}", chain(steeve)[cut - 1])
    store = tmp_path / "store"
    assert run("ingest", "--git", str(steeve), "--branch", f"cut-{cut}", "--store", str(store)).exit_code == 0
    return store


def test_a_rewrite_of_the_view_renders_only_the_versions_that_changed(steeve, whole, tmp_path, monkeypatch):
    store = _cut_store(steeve, tmp_path, 250)
    rendered: list[str] = []
    real = view.render
    monkeypatch.setattr(view, "render", lambda row, body: rendered.append(row.article_id) or real(row, body))
    second = json.loads(run("ingest", "--git", str(steeve), "--store", str(store), "--json").output)[0]
    conn = sqlite3.connect(store / "index.sqlite")
    rewritten = conn.execute(
        "SELECT count(*) FROM versions WHERE kind = 'text' AND start >= ? AND state NOT IN ('repeat', "
        "'stillborn')",
        (second["rewritten_from"],),
    ).fetchone()[0]
    # every file version from the earliest day changed is in the new commits, but only the new or changed
    # ones were rendered: the others are named by the blob the repository holds (dated by LEGI's starts, the
    # committer dates, steeve's commits come in date order: the rewrite starts at the first new version)
    assert second["commits"] > 0 and 0 < len(rendered) <= second["added"] + second["changed"]
    assert len(rendered) <= rewritten
    # each version's blob is its file in the commit that shows it, as one ingest of the whole history says
    for commit, aid, blob in conn.execute(
        "SELECT commit_sha, article_id, blob FROM versions WHERE kind = 'text' AND commit_sha IS NOT NULL"
    ):
        assert blob == git(store / "repo.git", "rev-parse", f"{commit}:{article_path(aid)}").decode().strip()
    conn.close()
    assert {**dump(store), "observed": whole["observed"]} == whole


def test_a_blob_the_repository_lacks_is_written_again(steeve, whole, tmp_path) -> None:
    store = _cut_store(steeve, tmp_path, 250)
    conn = sqlite3.connect(store / "index.sqlite")  # an index out of step with its repository
    missing = "0123456789abcdef" * 2 + "01234567"
    conn.execute("UPDATE versions SET blob = ? WHERE blob IS NOT NULL", (missing,))
    conn.commit()
    conn.close()
    r = run("ingest", "--git", str(steeve), "--store", str(store), "--json")
    assert r.exit_code == 0 and dump(store)["branch"] == whole["branch"]
    since = json.loads(r.output)[0]["rewritten_from"]
    # the view is right; verify still reports the false blobs of the versions the rewrite did not reach
    report = run("verify", "--store", str(store)).output
    problems = [line for line in report.splitlines() if " version from " in line]
    assert problems and all(f"records blob {missing[:12]}" in line for line in problems)
    assert all(line.split(" version from ")[1][:10] < since for line in problems)


def test_verify_checks_the_blob_each_version_records(steeve, tmp_path) -> None:
    store = _cut_store(steeve, tmp_path, 100)
    assert run("verify", "--store", str(store)).exit_code == 0
    conn = sqlite3.connect(store / "index.sqlite")  # two versions' blobs swapped: each names the other's file
    (a, blob_a), (b, blob_b) = conn.execute(
        "SELECT rowid, blob FROM versions WHERE blob IS NOT NULL ORDER BY rowid LIMIT 2"
    ).fetchall()
    conn.executemany("UPDATE versions SET blob = ? WHERE rowid = ?", [(blob_b, a), (blob_a, b)])
    conn.commit()
    conn.close()
    r = run("verify", "--store", str(store))
    assert r.exit_code != 0 and r.output.count(f"records blob {blob_b[:12]}") == 1
    assert f"records blob {blob_a[:12]}" in r.output


# etalab dates pre-1970 changes 1970-01-31 plus seconds; a commit whose subject names no date leaves its
# versions undated until their article's next change (store/placeholders.py). Code civil 1763 (issue 13):
# added by such a commit, deleted by "Loi 46-682 1946-04-13 JORF 14 avril 1946". L633-12's seed file
# stands for the article's text (the Code civil's is not in corpus/).
UNDATED = Commit("1970-01-31T07:09:14", "Modifications d'origine indéterminée")
DELETED = Commit("1970-01-31T21:34:06", "Loi 46-682 1946-04-13 JORF 14 avril 1946")


def test_a_version_undated_at_the_end_of_one_ingest_is_dated_by_the_next(tmp_path) -> None:
    path = f"{CSS}/article-L633-12.md"
    UNDATED.files = {path: (SEEDS / "article-L633-12.wrapped-liens.txt").read_bytes()}
    DELETED.files = {path: None}
    repo = write_history(tmp_path / "h.git", [UNDATED, DELETED])
    first = chain(repo)[0]
    subprocess.run(["git", "--git-dir", str(repo), "branch", "first", first], check=True, capture_output=True)
    split = tmp_path / "split"
    run("ingest", "--git", str(repo), "--branch", "first", "--store", str(split))
    with Store.open(split) as s:
        (v,) = s.history(f"{CSS}/L633-12")
        assert (v.start, v.date_uncertain) == ("1970-01-31", True)  # nothing later says otherwise yet
    r = json.loads(run("ingest", "--git", str(repo), "--store", str(split), "--json").output)[0]
    assert r["commits_read"] == 1 and r["redated"] == 1
    once = tmp_path / "once"
    run("ingest", "--git", str(repo), "--store", str(once))
    with Store.open(split) as s:
        assert [(v.start, v.state) for v in s.history(f"{CSS}/L633-12")] == [
            ("1946-04-14", "superseded"),
            ("1946-04-14", "abrogated"),
        ]
    assert dump(split) == dump(once)


CE_286711 = ROOT / "tests" / "fixtures" / "steeve-ce-286711"
L246_2 = "Code De Commerce/Partie Législative/Livre II/Titre IV/Chapitre VI/Article L246-2.md"
LEGI_L246_2 = ROOT / "corpus/etalab-codes/versions/codes-en-vigueur/code-de-commerce/partie-legislative"


def _words(text: str | None) -> str:
    return re.sub(r"\W+", " ", text or "").strip().lower()


def split_gives_one(repo: Path, tmp_path: Path, once: Path, cut: int, redated: int) -> None:
    """The history read in two ingests, the first ending on its commit `cut`, gives the store of one ingest;
    the second reads the two commits after the cut and moves `redated` versions the first had stored."""
    git(repo, "branch", "first", chain(repo)[cut])
    split = tmp_path / "split"
    assert run("ingest", "--git", str(repo), "--branch", "first", "--store", str(split)).exit_code == 0
    r = json.loads(run("ingest", "--git", str(repo), "--store", str(split), "--json").output)[0]
    assert r["commits_read"] == 2 and r["redated"] == redated
    assert dump(split) == dump(once)


def repair_keeps_history(store: Path, aid: str) -> None:
    """The index read back from the git view (whose trailers give exact dates): the same history."""
    with Store.open(store) as s:
        before = [history_dict(v) for v in s.history(aid)]
    for f in store.glob("index.sqlite*"):
        f.unlink()
    assert run("verify", "--repair", "--store", str(store)).exit_code == 0
    with Store.open(store) as s:
        assert [history_dict(v) for v in s.history(aid)] == before


def test_an_article_added_by_a_decision_is_its_first_version_before_its_changes(tmp_path) -> None:
    """steeve adds the Code de commerce's articles by "Conseil D'Etat N° 286711 2006-07-13", then changes
    L246-2 by laws of 2003 and 2005. LEGI (etalab's history) has the added text in force from 2000-09-21, then
    the texts of 2003-08-05 and 2005-07-27. Dated by the decision, the text of 2000 came back in 2006; the
    legislative part's codification (2000-09-21, data/codifications.tsv) dates it, flagged uncertain."""
    commits = fixture_commits(CE_286711, L246_2)
    assert len(commits) == 3
    repo = write_history(tmp_path / "h.git", commits)
    legi = {d: _words(parse_file(next(LEGI_L246_2.glob(f"livre-ii/*/*/article-l246-2@{d}_*.md"))).text)
            for d in ("2000-09-21", "2003-08-05", "2005-07-27")}  # fmt: skip
    once = tmp_path / "once"
    assert run("ingest", "--git", str(repo), "--store", str(once)).exit_code == 0
    with Store.open(once) as s:
        now = s.at("code-de-commerce/L246-2", "2008-01-01")
        assert now["status"] == "in_force" and _words(now["version"]["text"]) == legi["2005-07-27"]
        before = s.at("code-de-commerce/L246-2", "2001-06-01")  # in force since the codification
        assert before["status"] == "in_force" and _words(before["version"]["text"]) == legi["2000-09-21"]
        assert before["version"]["start"] == "2000-09-21"
        first = s.history("code-de-commerce/L246-2")[0]
        assert first.start == "2000-09-21" and first.date_uncertain
        assert s.at("code-de-commerce/L246-2", "2000-01-01")["status"] == "unknown"  # (a day not dated)
        assert _words(s.at("code-de-commerce/L246-2", "2004-01-01")["version"]["text"]) == legi["2003-08-05"]
    split_gives_one(repo, tmp_path, once, cut=0, redated=0)  # the first ingest ending on the decision
    repair_keeps_history(once, "code-de-commerce/L246-2")


CGI_1992 = ROOT / "tests" / "fixtures" / "steeve-cgi-1992"


def test_an_article_added_under_an_edition_of_its_code_is_not_in_force_again_after_its_abrogation(tmp_path):
    """steeve adds the Code général des impôts by "Modification Directe Incorporée Dans L'Édition Du 4 Juillet
    1992", dated 2008-07-04; annexe I, 161 is then changed by a decree of 1979 and abrogated by one of 2000.
    Dated 2008, its first text ("degré") was in force again from 2008 on."""
    commits = fixture_commits(CGI_1992, "Code Général Des Impôts Annexe 1, Cgian1/Article 161.md")
    assert len(commits) == 3
    repo = write_history(tmp_path / "h.git", commits)
    assert run("ingest", "--git", str(repo), "--store", str(tmp_path / "st")).exit_code == 0
    aid = "code-general-des-impots-annexe-i/161"
    with Store.open(tmp_path / "st") as s:
        assert s.at(aid, "2010-01-01")["status"] == "abrogated"
        in_1990 = s.at(aid, "1990-01-01")
        assert in_1990["status"] == "in_force"
        assert "titre alcoométrique volumique" in in_1990["version"]["text"]
        before = s.at(aid, "1975-01-01")  # the text of the edition, from a day the history does not give
        assert before["status"] == "unknown" and "degré" in before["version"]["text"]


CGI_1992_CHANGE = ROOT / "tests" / "fixtures" / "steeve-cgi-1992-change"


def test_a_change_an_edition_holds_dated_after_that_edition_does_not_outlive_the_later_changes(tmp_path):
    """Annexe I, 39: the Décret 79-200 writes "titre alcoométrique volumique"; the commit of 2008-07-04
    under "Modification Directe Incorporée Dans L'Édition Du 4 Juillet 1992" gives back "degré"; the Décret
    93-310 (in force 1993-01-01) and the Décret 2000-739 change it after that, in commit order. Dated 2008,
    the text of the edition was in force from 2008 on, in place of the decree of 2000's."""
    path = "Code Général Des Impôts Annexe 1, Cgian1/Article 39.md"
    commits = fixture_commits(CGI_1992_CHANGE, path)
    assert len(commits) == 4
    repo = write_history(tmp_path / "h.git", commits)
    texts = {c.subject[:12]: _words(parse_file(CGI_1992_CHANGE / n).text)
             for c, n in zip(commits, ("39@d8bf93ac5d.md", "39@a0bc053398.md", "39@6bbf81b7f9.md",
                                       "39@00d44cd1dd.md"), strict=True)}  # fmt: skip
    aid = "code-general-des-impots-annexe-i/39"
    once = tmp_path / "once"
    assert run("ingest", "--git", str(repo), "--store", str(once)).exit_code == 0
    with Store.open(once) as s:
        now = s.at(aid, "2010-01-01")
        assert now["status"] == "in_force" and _words(now["version"]["text"]) == texts["Décret 2000-"]
        assert "service des douanes" in now["version"]["text"]
        assert _words(s.at(aid, "1995-01-01")["version"]["text"]) == texts["Décret N°93-"]
        assert _words(s.at(aid, "1985-01-01")["version"]["text"]) == texts["Décret 79-20"]
        edition = [v for v in s.history(aid) if "Édition" in (v.source_text or "")]
        assert len(edition) == 1 and edition[0].date_uncertain and edition[0].start == "1993-01-01"
    split_gives_one(repo, tmp_path, once, cut=1, redated=1)  # the first ingest ending on the edition's commit
    repair_keeps_history(once, aid)


EURO_2000_916 = ROOT / "tests" / "fixtures" / "steeve-euro-2000-916"


def test_the_euros_of_the_ordonnance_2000_916_take_effect_on_2002_01_01(tmp_path) -> None:
    """L241-4: steeve dates "Ordonnance N°2000-916 Du 19 Septembre 2000 - Art. 3 (V)" (the fine in euros) by
    its signature, before the Loi 2001-420 of 2001-05-16, whose text (in francs) was then in force to this
    day. LEGI (etalab's history) has the ordonnance's version from 2002-01-01."""
    path = "Code De Commerce/Partie Législative/Livre II/Titre IV/Chapitre Ier/Article L241-4.md"
    repo = write_history(tmp_path / "h.git", fixture_commits(EURO_2000_916, path))
    legi = {d: _words(parse_file(EURO_2000_916 / f"etalab-article-l241-4@{d}.md").text)
            for d in ("2001-05-16", "2002-01-01")}  # fmt: skip
    assert run("ingest", "--git", str(repo), "--store", str(tmp_path / "st")).exit_code == 0
    with Store.open(tmp_path / "st") as s:
        expected = {"2001-06-01": "2001-05-16", "2003-01-01": "2002-01-01", "2012-01-01": "2002-01-01"}
        for day, legi_start in expected.items():
            got = s.at("code-de-commerce/L241-4", day)
            assert got["status"] == "in_force" and _words(got["version"]["text"]) == legi[legi_start], day
        assert s.at("code-de-commerce/L241-4", "2003-01-01")["version"]["start"] == "2002-01-01"
        assert "9000 euros" in s.at("code-de-commerce/L241-4", "2012-01-01")["version"]["text"]


URBANISME_1973 = ROOT / "tests" / "fixtures" / "steeve-urbanisme-1973"


def test_an_article_added_on_a_later_commit_than_its_text_takes_its_texts_date(tmp_path) -> None:
    """steeve adds the Code de l'urbanisme by a commit of 1981 under "Décret 73-1022 1973-11-08 Art. 3 Jorf 13
    Novembre 1973"; L123-6 is then changed in 1977 and by the Loi 83-8. Dated by its commit, its text of 1973
    was in force again from 1981 to 1983; its text's publication dates it before the change."""
    path = "Code De L'Urbanisme/Partie Législative/Livre I/Titre II/Chapitre III/Article L123-6.md"
    repo = write_history(tmp_path / "h.git", fixture_commits(URBANISME_1973, path))
    assert run("ingest", "--git", str(repo), "--store", str(tmp_path / "st")).exit_code == 0
    aid = "code-de-l-urbanisme/L123-6"
    with Store.open(tmp_path / "st") as s:
        first = s.at(aid, "1975-01-01")
        assert first["status"] == "in_force" and first["version"]["start"] == "1973-11-13"
        assert "périmètres fixés" in first["version"]["text"]
        for day in ("1980-01-01", "1982-01-01"):
            assert s.at(aid, day)["version"]["text"].startswith("Dans les zones d'aménagement concerté")


SNAPSHOT = ROOT / "corpus" / "steeve-everything" / "snapshot"


def test_a_publication_learnt_after_the_cut_dates_the_versions_read_before_it(tmp_path: Path) -> None:
    """Two real subjects of steeve's 64-code history (commits 5 587 and 7 593): the first names the text
    without its JORF date, the second gives it. Read in one ingest, the first commit's version starts on the
    publication (1999-03-21, not the commit's 1999-03-19); read in two, cut between them, the second ingest
    dates it again: the same store, commit ids of the git view included."""
    files = [f"Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 1/Chapitre 5/Article L215-{n}.md"
             for n in ("4", "6", "5-1")]  # fmt: skip
    law, day = "Loi N°99-209 Du 19 Mars 1999", "1999-03-19T12:00:00"
    content = [(SNAPSHOT / f).read_bytes() for f in files]
    earlier = "Loi 94-1040 1994-12-02 Jorf 6 Décembre 1994"
    before = Commit("1994-12-06T12:00:00", earlier, {files[2]: content[2]})
    first = [  # the law modifies one article and abrogates another (two commits, as histories split them)
        Commit(day, f"{law} - Art. 159 (V)", {files[0]: content[0]}),
        Commit(day, f"{law} - Art. 159 (V)", {files[2]: None}),
    ]
    second = Commit(day, f"{law} - Art. 1 (V) Jorf 21 Mars 1999", {files[1]: content[1]})
    early = write_history(tmp_path / "early.git", [before, *first])
    whole = write_history(tmp_path / "whole.git", [before, *first, second])
    aid = f"{CSS}/L215-4"

    assert run("ingest", "--git", str(early), "--store", str(tmp_path / "two")).exit_code == 0
    with Store.open(tmp_path / "two") as store:
        assert store.history(aid)[0].start == "1999-03-19"  # nothing says when the law was published yet
    r = run("ingest", "--git", str(whole), "--store", str(tmp_path / "two"))
    assert r.exit_code == 0 and "after" in r.output, r.output  # read from the cut on
    assert run("ingest", "--git", str(whole), "--store", str(tmp_path / "one")).exit_code == 0
    with Store.open(tmp_path / "one") as store:
        version = store.history(aid)[0]
        assert (version.start, version.jorf_date) == ("1999-03-21", "1999-03-21")
        abrogated = store.history(f"{CSS}/L215-5-1")
        assert [(v.start, v.end) for v in abrogated][:1] == [("1994-12-06", "1999-03-21")]
    assert dump(tmp_path / "two") == dump(tmp_path / "one")


def test_a_new_version_rewrites_the_view_from_its_own_day(steeve, whole, tmp_path) -> None:
    # The history's last commit changes one article. The version it ends keeps its file (the view's files
    # say no state, no end but the source's), so the view is written again from the new version's day
    # only, not from the day the version it ends took effect.
    store = _cut_store(steeve, tmp_path, len(chain(steeve)) - 1)
    conn = sqlite3.connect(store / "index.sqlite")
    last = conn.execute("SELECT max(rowid) FROM versions").fetchone()[0]
    rows = "SELECT rowid, start, end, state, commit_sha, blob FROM versions"
    before = {r[0]: r[1:] for r in conn.execute(rows)}
    conn.close()
    second = json.loads(run("ingest", "--git", str(steeve), "--store", str(store), "--json").output)[0]
    conn = sqlite3.connect(store / "index.sqlite")
    after = {r[0]: r[1:] for r in conn.execute(rows)}
    conn.close()
    new_days = {start for rowid, (start, *_rest) in after.items() if rowid > last}
    assert second["added"] > 0 and second["rewritten_from"] == min(new_days)
    ended = [rowid for rowid, old in before.items() if after[rowid][1:3] != old[1:3]]
    assert ended and all(before[rowid][0] < second["rewritten_from"] for rowid in ended)
    # what the version ended shows in the view stays: its commit, its file
    assert all(after[rowid][3:] == before[rowid][3:] for rowid in ended)
    assert {**dump(store), "observed": whole["observed"]} == whole
    assert run("verify", "--store", str(store)).exit_code == 0
