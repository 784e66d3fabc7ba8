"""The version store on the real bundled histories; expectations come from git itself, not from lextrack."""

from __future__ import annotations

import gc
import os
import subprocess
from pathlib import Path

import pytest
from legal_dates import committer_day, journal, took_effect

from lextrack.errors import NotFoundError, ParseError, StoreError, UsageError
from lextrack.parser import parse_text
from lextrack.store import ArticleRef, Store
from lextrack.store.gitrepo import BRANCH

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
STEEVE = CORPUS / "git" / "steeve-code-de-la-securite-sociale.bundle"
ETALAB = CORPUS / "git" / "etalab-code-de-commerce-livre-ii.bundle"
SEEDS = CORPUS / "seeds" / "code-de-la-securite-sociale"
LEGI = CORPUS / "legi-xml" / "article_LEGIARTI000006291810.xml"
CSS = "code-de-la-securite-sociale"
L227_1 = f"{CSS}/L227-1"
TITRE_2 = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2"  # L227-1 and a few dozen more
L227_1_PATH = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2/Chapitre 7/Article L227-1.md"

# Read by hand from the subjects of the commits steeve dated 1970-01-01 00:00:01.
SUBJECT_DATES = {
    "Loi 1803-03-08 Promulguée Le 18 Mars 1803": "1803-03-18",
    "Décret 84-459 1984-06-14 Art. 6 Jorf 17 Juin 1984 En Vigueur Le 1er Avril 1984": "1984-04-01",
    "Modification Directe Incorporée Dans L'Édition Du 4 Juillet 1992": "1992-07-04",
}


def isolated_env() -> dict[str, str]:
    """No global or system git configuration, hence no identity: the store must name its own."""
    env = dict(os.environ)
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        env.pop(key, None)
    return env


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "core.quotePath=false", *args],
        capture_output=True,
        check=True,
        env=isolated_env(),
    ).stdout.decode("utf-8")


@pytest.fixture(scope="session")
def clones(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("clones")
    out = {}
    for name, bundle in (("steeve", STEEVE), ("etalab", ETALAB)):
        subprocess.run(["git", "clone", "-q", str(bundle), str(base / name)], check=True, env=isolated_env())
        out[name] = base / name
    return out


@pytest.fixture(scope="session")
def store(bundles_store) -> Store:
    return Store.open(bundles_store.root)


def expected_from_git(clone: Path, path: str, day: str) -> tuple[str, str, str, set[str]] | None:
    """(status letter, start date, commit) of the latest change of `path` not after `day`, from git log, and
    the commits that took effect that same day (LEGI starts several versions of an article on one day: which
    stands is the later text's, docs/timeline.md)."""
    known = journal(git(clone, "log", "--format=%s").splitlines())
    log = git(
        clone, "log", "--first-parent", "--format=>%H|%ad|%ct|%cd|%s", "--date=short", "--name-status", "--",
        path,
    )  # fmt: skip
    best = None
    for chunk in log.split(">")[1:]:
        head, *rest = [ln for ln in chunk.splitlines() if ln.strip()]
        sha, date, ct, cd, subject = head.split("|", 4)
        committed = committer_day(ct, cd)
        if date.startswith("1970-01-0") and committed is None:
            date = SUBJECT_DATES[subject]
        date = took_effect(subject, date, known, committed)  # LEGI's start, or the day the subject says
        status = rest[0].split("\t")[0][0]
        # newest first in git log: on equal dates the first seen is the last applied
        if date <= day and (best is None or date > best[1]):
            best = (status, date, sha, {sha})
        elif best is not None and date == best[1]:
            best[3].add(sha)
    return best


def most_changed(clone: Path, n: int) -> list[str]:
    log = git(clone, "log", "--format=", "--name-only")
    counts: dict[str, int] = {}
    for line in log.splitlines():
        if line.rsplit("/", 1)[-1].lower().startswith("article"):
            counts[line] = counts.get(line, 0) + 1
    return sorted(counts, key=lambda p: (-counts[p], p))[:n]


DATES = [
    "1990-01-01",
    "1997-06-01",
    "2001-03-01",
    "2004-01-01",
    "2006-07-01",
    "2008-12-17",
    "2010-01-01",
    "2013-07-01",
    "2015-03-01",
    "2016-12-31",
    "2019-01-01",
]


@pytest.mark.parametrize("name", ["steeve", "etalab"])
def test_at_answers_what_git_log_says(store: Store, clones: dict[str, Path], name: str) -> None:
    clone = clones[name]
    checked = 0
    for path in most_changed(clone, 12):
        added = git(clone, "log", "--diff-filter=A", "--format=%H", "--", path).split()[-1]
        article = parse_text(git(clone, "show", f"{added}:{path}"), path=path).id
        blob_at: dict[str, str | None] = {}
        for day in DATES:
            exp = expected_from_git(clone, path, day)
            if exp is None:
                continue
            status, start, sha, tied = exp
            got = store.at(article, day)
            assert got["version"]["start"] == start, (path, day, got["version"])
            if len(tied) > 1:  # one of that day's texts (and none of an earlier day: the start says so)
                texts = {_text_at(clone, c, path, blob_at) for c in tied}
                assert got["status"] == "abrogated" or got["version"]["text"] in texts, (path, day)
            elif status == "D":
                assert got["status"] == "abrogated", (path, day)
            else:
                assert got["status"] == "in_force"
                assert got["version"]["text"] == _text_at(clone, sha, path, blob_at), (path, day)
            checked += 1
    assert checked > 50


def _committed(iso: str) -> str | None:
    """An export's committer date (index.tsv), None when it stands for "before 1970"."""
    return iso[:10] if iso[:10] > "1970-02-14" else None


def _text_at(clone: Path, sha: str, path: str, seen: dict[str, str | None]) -> str | None:
    if sha not in seen:
        try:
            seen[sha] = parse_text(git(clone, "show", f"{sha}:{path}"), path=path).text
        except subprocess.CalledProcessError:  # a deletion
            seen[sha] = None
    return seen[sha]


def test_l227_1_has_its_13_versions_in_date_order(store: Store, clones: dict[str, Path]) -> None:
    known = journal(git(clones["steeve"], "log", "--format=%s").splitlines())
    log = git(clones["steeve"], "log", "--format=%ad|%ct|%cd|%s", "--date=short", "--", L227_1_PATH)
    log = log.splitlines()
    rows = [line.split("|", 3) for line in log]
    dates = [took_effect(subject, day, known, committer_day(ct, cd)) for day, ct, cd, subject in rows]
    versions = store.history(L227_1)
    assert len(versions) == len(dates) == 13
    assert [v.start for v in versions] == sorted(dates)
    for a, b in zip(versions, versions[1:], strict=False):
        assert a.end == b.start  # chained, never overlapping
    assert versions[-1].end is None and versions[-1].state == "in_force"


def test_out_of_order_commits_are_ordered_by_date(store: Store) -> None:
    def source(day: str) -> str:
        return store.at(L227_1, day)["version"]["source"]

    # steeve commits "Modification du 1998-07-31" (author date 2005-06-30) after the 1999 and 2001 laws: it
    # took effect on 1998-07-31, between the arrêté of 1996 and the law of 1999
    assert source("1998-08-01") == "Modification du 1998-07-31 de source inconnue"
    assert source("2000-06-01").startswith("Loi N°99-1140")
    assert source("2005-07-01") == "Modification du 2004-12-21 de source inconnue"
    # three commits dated 2008-12-17: two are LEGI's versions of 2003-12-19 and 2006-12-22 (their committer
    # dates, which their subjects say too); the law of 2008 took effect on 2008-12-19 (its committer date: the
    # day after its publication)
    assert source("2004-01-01") == "Modification du 2003-12-19 de source inconnue"
    assert source("2007-01-01") == "Modification du 2006-12-22 de source inconnue"
    assert source("2008-12-18").startswith("Loi N°2007-1786")
    assert source("2008-12-19").startswith("Loi N°2008-1330")


def test_a_placeholder_author_date_with_legis_start_as_committer_date(store: Store) -> None:
    """steeve's commit "Loi 1803-03-08 Promulguée Le 18 Mars 1803" is dated 1970-01-01 00:00:01 (before 1970)
    as author and 1994-03-01 as committer: LEGI's start of its versions (the nouveau code pénal's entry into
    force; L244-14 is one of its penalties), not the 1803 of its subject."""
    first = store.history(f"{CSS}/L244-14")[0]
    assert (first.start, first.date_uncertain) == ("1994-03-01", False)
    assert store.at(f"{CSS}/L244-14", "1994-02-28")["status"] == "not_yet_in_force"


def test_pre_1970_subject_dates_are_recovered(tmp_path: Path) -> None:
    """The same commit with both its dates before 1970 (as a history that gives no committer date of its
    own writes it): the subject's day, kept exact in the git view's trailer."""
    from history_builder import Commit, write_history

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--bare", str(STEEVE), str(clone)], check=True, env=isolated_env())
    path = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 4/Chapitre 4/Article L244-14.md"
    (sha,) = git(clone, "log", "--diff-filter=A", "--format=%H", "--", path).split()
    data = subprocess.run(
        ["git", "--git-dir", str(clone), "show", f"{sha}:{path}"], capture_output=True, check=True
    ).stdout
    subject = "Loi 1803-03-08 Promulguée Le 18 Mars 1803"
    repo = write_history(tmp_path / "h.git", [Commit("1970-01-01T00:00:01+00:00", subject, {path: data})])
    s = Store.open(tmp_path / "st")
    s.ingest_git(repo)
    first = s.history(f"{CSS}/L244-14")[0]
    assert (first.start, first.date_uncertain) == ("1803-03-18", False)
    assert s.at(f"{CSS}/L244-14", "1803-03-17")["status"] == "not_yet_in_force"
    assert s.at(f"{CSS}/L244-14", "1803-03-18")["status"] == "in_force"
    # the git view keeps the exact date in a trailer, the author date is mapped into 1970
    commit = s.repo.repo.commit(first.commit)
    assert "Lextrack-Date: 1803-03-18" in commit.message
    assert commit.authored_date < 86400 and commit.author.name == "lextrack"


def test_unrecoverable_pre_1970_date_is_flagged_uncertain(tmp_path: Path) -> None:
    # etalab collapses pre-1970 changes onto 1970-01-31 + seconds, with a subject that gives no date
    src = tmp_path / "src"
    src.mkdir()
    git(src, "init", "-q")
    target = src / "code-de-la-securite-sociale" / "article-L633-12.md"
    target.parent.mkdir()
    target.write_bytes((SEEDS / "article-L633-12.wrapped-liens.txt").read_bytes())
    git(src, "add", ".")
    env = {"GIT_AUTHOR_DATE": "1970-01-31T00:00:05Z", "GIT_COMMITTER_DATE": "1970-01-31T00:00:05Z"}
    subprocess.run(
        [
            "git",
            "-C",
            str(src),
            "-c",
            "user.name=x",
            "-c",
            "user.email=x@y",
            "commit",
            "-q",
            "-m",
            "Modifications d'origine indéterminée",
        ],
        check=True,
        env={**isolated_env(), **env},
    )
    s = Store.open(tmp_path / "st")
    s.ingest_git(src)
    (v,) = s.history(f"{CSS}/L633-12")
    assert v.date_uncertain is True and v.start == "1970-01-31"
    assert s.verify() == []


def test_deleted_article_is_abrogated_after_its_deletion(store: Store, clones: dict[str, Path]) -> None:
    aid = "code-de-commerce/L223-38"
    path = "code-de-commerce/partie-legislative/livre-ii/titre-ii/chapitre-iii/article-l223-38.md"
    log = git(clones["etalab"], "log", "--format=%ad|%s", "--date=short", "--diff-filter=D", "--", path)
    day, subject = log.strip().split("|", 1)
    assert (day, subject) == ("2005-09-09", "Ordonnance n°2005-1126 du 8 septembre 2005")
    before = store.at(aid, "2005-09-08")
    after = store.at(aid, "2005-09-09")
    assert before["status"] == "in_force" and before["version"]["end"] == day
    assert after["status"] == "abrogated"
    assert after["version"]["start"] == day and after["version"]["source"] == subject
    assert store.history(aid)[-2].state == "modified"  # the text closed; the last row says how it ended
    # the file is gone from the git view at that commit
    assert store.repo.file_at(after["version"]["commit"], "code-de-commerce/L223/L223-38.md") is None


def test_a_moved_article_is_not_abrogated(store: Store) -> None:
    # etalab 2014-08-03: the ordonnance adds L228-36 in a sous-section with the same text as its 2001
    # version, then the old path is deleted: same article, same text, so no new version and no abrogation
    got = store.at("code-de-commerce/L228-36", "2015-01-01")
    assert got["status"] == "in_force"
    assert (got["version"]["start"], got["version"]["end"]) == ("2001-07-18", None)
    # steeve keeps L212-4 at two paths; deleting one copy in 2002 leaves the article in force
    assert store.at(f"{CSS}/L212-4", "2003-01-01")["status"] == "in_force"


def test_verify_passes_then_sees_a_damaged_index(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "st")
    s.ingest_git(STEEVE, under=TITRE_2)
    assert s.verify() == []
    s.index.conn.execute(
        "UPDATE versions SET end='2010-01-01' WHERE article_id=? AND start='2005-08-03'", (L227_1,)
    )
    problems = s.verify()
    assert any("L227-1" in p and "2005-08-03" in p for p in problems), problems
    # a text edited behind lextrack's back no longer matches its hash nor the file in git
    s.index.conn.execute(
        "UPDATE texts SET body = body || ' (modifié)' WHERE sha = (SELECT text_sha FROM versions WHERE "
        "article_id=? AND start='2011-12-23')",
        (L227_1,),
    )
    problems = s.verify()
    assert any("does not match its content" in p for p in problems), problems
    assert any("L227-1 version from 2011-12-23" in p and "differs from the index" in p for p in problems)


def test_ingest_twice_adds_nothing(store: Store) -> None:
    before = (store.index.count_versions(), store.repo.ref(BRANCH))
    again = store.ingest_git(STEEVE)
    assert (again.added, again.changed) == (0, 0)
    assert (store.index.count_versions(), store.repo.ref(BRANCH)) == before


def test_retroactive_versions_rewrite_the_branch_like_a_fresh_ingest(tmp_path: Path, clones, store) -> None:
    clone = clones["steeve"]
    # a branch stopping before steeve's late commits that carry earlier dates (e.g. 2005-06-30 for 1998)
    middle = git(clone, "rev-list", "--first-parent", "--reverse", "HEAD").split()[150]
    git(clone, "branch", "-f", "early", middle)
    s = Store.open(tmp_path / "st")
    first = s.ingest_git(clone, branch="early", under=TITRE_2)
    second = s.ingest_git(clone, under=TITRE_2)
    assert second.rewritten_from < s.index.branch_commits()[-1][1]  # rewritten from a date before the old tip
    assert first.tip != second.tip and s.verify() == []
    fresh = Store.open(tmp_path / "fresh")
    fresh.ingest_git(clone, under=TITRE_2)
    assert s.repo.ref(BRANCH) == fresh.repo.ref(BRANCH)  # same index -> same derived history


def test_bad_file_leaves_the_store_unchanged(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "st")
    s.ingest_paths([SEEDS])
    before = (s.index.count_versions(), s.repo.ref(BRANCH), s.index.meta("tip"))
    bad = tmp_path / "in" / CSS
    bad.mkdir(parents=True)
    (bad / "article-L114-23.md").write_bytes((SEEDS / "article-L114-23.markdown-html.txt").read_bytes())
    (bad / "article-L227-2.md").write_bytes(b"# Article L227-2\n\n\xff\xfe broken bytes\n")
    with pytest.raises(ParseError) as err:
        s.ingest_paths([bad.parent], strict=True)
    assert "article-L227-2.md" in str(err.value)
    assert (s.index.count_versions(), s.repo.ref(BRANCH), s.index.meta("tip")) == before
    assert s.verify() == []
    assert gc.isenabled()  # ingest pauses the collector; a failed one must not leave it off (web server)


def test_transfer_ends_r133_19_and_points_to_r133_2_10(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "st")
    s.ingest_paths([SEEDS])
    rows = s.history(f"{CSS}/R133-19")
    assert [(v.start, v.state) for v in rows] == [
        ("2013-07-08", "modified"),  # the text, closed by
        ("2017-05-09", "transferred"),  # the transfer
    ]
    assert rows[0].end == "2017-05-09"
    got = s.at(f"{CSS}/R133-19", "2018-01-01")
    assert got["status"] == "transferred" and got["successor"] == f"{CSS}/R133-2-10"
    assert got["version"]["source"].startswith("Décret n°2017-864")
    followed = s.at(f"{CSS}/R133-19", "2018-01-01", follow=True)
    assert followed["version"]["text"] == s.at(f"{CSS}/R133-2-10", "2018-01-01")["version"]["text"]
    assert s.predecessors(f"{CSS}/R133-2-10") == [f"{CSS}/R133-19"]
    # R133-2-10's file gives no date: it starts with the transfer that created it
    assert [v.start for v in s.history(f"{CSS}/R133-2-10")] == ["2017-05-09"]
    # L633-12: created by the rapport in force 1997-01-01, abrogated by ordonnance 2005-1528 of 2005-12-08
    l633 = s.at(f"{CSS}/L633-12", "2006-01-01")
    assert l633["status"] == "abrogated" and l633["version"]["start"] == "2005-12-08"
    assert s.at(f"{CSS}/L633-12", "1996-12-31")["status"] == "not_yet_in_force"


def test_legi_versions_are_chained_by_dates(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "st")
    s.ingest_paths([LEGI])
    aid = "code-de-la-consommation/D215-16"
    rows = [(v.start, v.end, v.state, v.extra["kind"]) for v in s.history(aid)]
    assert rows == [
        ("2007-10-18", "2012-11-11", "modified", "text"),
        ("2012-11-11", "2014-05-30", "modified", "text"),
        ("2014-05-30", "2014-10-03", "modified", "text"),  # LEGI's ABROGE version: closed by the abrogation
        ("2014-10-03", None, "abrogated", "abrogation"),
    ]
    assert s.at(aid, "2010-01-01")["version"]["text"].startswith(
        parse_text(LEGI.read_bytes(), path=str(LEGI)).text
    )
    assert s.at(aid, "2013-01-01")["version"]["text"] is None  # known by its dates only
    assert s.at(aid, "2015-01-01")["status"] == "abrogated"
    assert s.at(aid, "2007-10-17")["status"] == "not_yet_in_force"
    assert s.ingest_paths([LEGI]).added == 0
    assert s.verify() == []


def test_ids_resolve_bare_numbers_and_refuse_ambiguity(store: Store) -> None:
    assert store.resolve("R133-19").id == f"{CSS}/R133-19"
    assert store.resolve("l. 227-1@2010-01-01".replace("l.", "code-de-la-securite-sociale/L")) == ArticleRef(
        L227_1, "2010-01-01"
    )
    # both bundles have an article L227-1: the bare number names two articles
    with pytest.raises(UsageError, match="ambiguous") as err:
        store.resolve("L227-1")
    assert "code-de-commerce/L227-1" in str(err.value) and L227_1 in str(err.value)
    with pytest.raises(UsageError, match="not a date"):
        store.resolve("L227-1@2010-13-01")
    with pytest.raises(NotFoundError):
        store.resolve("L999-999")


def test_a_second_writer_waits_then_fails_clearly(tmp_path: Path, monkeypatch) -> None:
    from lextrack.store import lock

    s = Store.open(tmp_path / "st")
    monkeypatch.setattr(lock, "DEFAULT_WAIT", 0.2)
    with lock.store_lock(s.root):
        with pytest.raises(StoreError, match="another ingest holds the store"):
            s.ingest_paths([LEGI])
    assert s.index.count_versions() == 0


def test_crash_between_index_commit_and_branch_move_is_repaired(tmp_path: Path, monkeypatch) -> None:
    from lextrack.store import ingest

    s = Store.open(tmp_path / "st")
    s.ingest_paths([SEEDS])
    old_tip = s.repo.ref(BRANCH)

    def crash(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "move_branch", crash)
    with pytest.raises(KeyboardInterrupt):
        s.ingest_paths([LEGI])
    monkeypatch.undo()
    assert s.repo.ref(BRANCH) == old_tip  # the branch did not move, the index did commit
    assert any("branch main" in p for p in s.verify())
    assert s.recover()
    assert s.verify() == [] and s.repo.ref(BRANCH) == s.index.meta("tip") != old_tip


STEEVE_FILES = CORPUS / "steeve-everything"
CHAPTER_7 = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2/Chapitre 7"


def _snapshot(root: Path, files: dict[str, Path]) -> Path:
    folder = root / CHAPTER_7
    folder.mkdir(parents=True)
    for name, src in files.items():
        (folder / name).write_bytes(src.read_bytes())
    return root


def test_snapshots_add_only_changes_and_close_disappeared_articles(tmp_path: Path) -> None:
    versions = STEEVE_FILES / "versions" / CHAPTER_7
    snap = STEEVE_FILES / "snapshot" / CHAPTER_7
    first = _snapshot(tmp_path / "2010", {
        "Article L227-1.md": versions / "Article L227-1@2009-05-12_9ebff653.md",
        "Article L227-2.md": snap / "Article L227-2.md",
        "Article L227-3.md": snap / "Article L227-3.md",
    })  # fmt: skip
    second = _snapshot(tmp_path / "2012", {
        "Article L227-1.md": versions / "Article L227-1@2011-12-21_73a89879.md",
        "Article L227-2.md": snap / "Article L227-2.md",
    })  # fmt: skip
    s = Store.open(tmp_path / "st")
    assert s.ingest_paths([first], as_of="2010-01-01").added == 3
    result = s.ingest_paths([second], as_of="2012-06-01")
    assert result.added == 2  # L227-1's new text, L227-3 closed; L227-2 unchanged
    assert [v.start for v in s.history(L227_1)] == ["2010-01-01", "2012-06-01"]
    assert [v.start for v in s.history(f"{CSS}/L227-2")] == ["2010-01-01"]
    closed = s.at(f"{CSS}/L227-3", "2013-01-01")
    assert closed["status"] == "abrogated" and closed["version"]["start"] == "2012-06-01"
    assert s.history(f"{CSS}/L227-3")[-1].date_uncertain
    # before the first snapshot the store cannot know
    assert s.at(L227_1, "2009-12-31")["status"] == "unknown"
    assert s.ingest_paths([second], as_of="2012-06-01").added == 0
    assert s.verify() == []


def test_legi_stillborn_version_is_kept_but_never_in_force(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "st")
    s.ingest_paths([ROOT / "tests" / "fixtures" / "legi"])
    rows = {v.start: v for v in s.history(L227_1)}
    # VERSIONS out of date order in the file; chained by dates here
    assert list(rows) == ["1996-03-28", "2008-12-17", "2009-05-12", "2011-12-21", "2021-01-01"]
    assert rows["2008-12-17"].state == "stillborn"
    assert s.at(L227_1, "2008-12-17")["status"] == "unknown"  # 1999-12-29 .. 2009-05-12: not in this file
    assert s.at(L227_1, "1997-01-01")["version"]["end"] == "1999-12-29"
    assert s.at(L227_1, "2010-01-01")["version"]["start"] == "2009-05-12"
    assert s.at(L227_1, "2021-01-01")["version"]["text"]
    gone = s.at(f"{CSS}/L633-12", "2006-01-01")
    assert gone["status"] == "abrogated" and gone["version"]["source"].startswith("Ordonnance n°2005-1528")
    assert s.at(f"{CSS}/R133-19", "2017-05-09")["status"] == "transferred"
    assert s.verify() == []


def test_ingest_records_each_versions_references_for_the_graph(store: Store) -> None:
    def cited(start: str) -> set[str]:
        rows = store.index.conn.execute(
            "SELECT target FROM refs WHERE article_id=? AND start=? AND type='cites'", (L227_1, start)
        )
        return {t for (t,) in rows}

    # the 2009 text of L227-1 III cites "l'article L. 228-1"; loi 2011-1906 removed that sentence
    assert f"{CSS}/L228-1" in cited("2009-05-14")
    assert f"{CSS}/L228-1" not in cited("2011-12-23")
    (end,) = store.index.conn.execute(
        "SELECT end FROM ref_versions WHERE article_id=? AND start='2009-05-14'", (L227_1,)
    ).fetchone()
    assert end == "2011-12-23"


KILL_SCRIPT = """
import os, sys
from lextrack.store import Store, ingest, gitrepo
where = sys.argv[2]
if where == "after-fast-import":
    original = gitrepo.GitRepo.fast_import
    def fast_import(self, *a, **k):
        original(self, *a, **k)
        os.kill(os.getpid(), 9)
    gitrepo.GitRepo.fast_import = fast_import
else:
    ingest.move_branch = lambda *a, **k: os.kill(os.getpid(), 9)
Store.open(sys.argv[1]).ingest_paths([sys.argv[3]])
"""


@pytest.mark.parametrize("where", ["after-fast-import", "after-index-commit"])
def test_kill_9_half_way_leaves_a_store_that_recovers(tmp_path: Path, where: str) -> None:
    import sys

    s = Store.open(tmp_path / "st")
    s.ingest_paths([SEEDS])
    before = (s.index.count_versions(), s.repo.ref(BRANCH))
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(s.root), where, str(LEGI)], env=isolated_env()
    )
    assert proc.returncode == -9
    s = Store.open(tmp_path / "st")
    assert s.repo.ref(BRANCH) == before[1]  # the branch never moved
    if where == "after-fast-import":
        assert s.index.count_versions() == before[0]  # the index transaction never committed
        assert s.verify() == []  # the old state is whole: the pending ref left is no problem
    else:
        assert s.index.count_versions() > before[0]  # the index did: the branch lags and verify says so
        assert s.verify() != []
    s.recover()
    assert s.verify() == []
    assert s.ingest_paths([LEGI]).added == (4 if where == "after-fast-import" else 0)
    assert s.verify() == []


@pytest.fixture(scope="session")
def steeve_observations() -> dict[str, list]:
    from lextrack.store.history import git_history

    by_article: dict[str, list] = {}
    for o in git_history(STEEVE):
        by_article.setdefault(o.article_id, []).append(o)
    return by_article


@pytest.mark.parametrize("num", ["L227-1", "L212-4", "L241-10", "L244-14", "R133-16", "R133-24"])
def test_ingesting_in_any_order_and_pieces_gives_the_same_history(steeve_observations, num: str) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lextrack.store.merge import merge_article

    obs = steeve_observations[f"{CSS}/{num}"]

    def history(rows):
        return [(r.kind, r.start, r.end, r.state, r.text_sha, r.source) for r in rows]

    whole = history(merge_article([], obs, {}))

    @settings(max_examples=40, deadline=None, database=None)
    @given(st.permutations(obs), st.lists(st.integers(0, len(obs)), max_size=4))
    def pieces(order, cuts) -> None:
        rows: list = []
        bounds = [0, *sorted(cuts), len(order)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            rows = merge_article(rows, order[a:b], {})
        assert history(rows) == whole

    pieces()


def test_dated_version_files_and_an_undated_copy(tmp_path: Path) -> None:
    import csv

    s = Store.open(tmp_path / "st")
    # versions/ (files named ID@DATE_commit) and snapshot/ (undated) of L227-1's chapter
    s.ingest_paths([STEEVE_FILES / "versions" / CHAPTER_7, STEEVE_FILES / "snapshot" / CHAPTER_7])
    with open(STEEVE_FILES / "versions" / "index.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["article_path"] == L227_1_PATH]
    known = journal(
        [r["subject"] for r in csv.DictReader(open(STEEVE_FILES / "versions" / "index.tsv"), delimiter="\t")]
    )
    starts = sorted(
        took_effect(r["subject"], r["author_date"][:10], known, _committed(r["committer_date"])) for r in rows
    )
    assert [v.start for v in s.history(L227_1)] == starts
    # snapshot/ holds L227-1 as of the export, undated: the text of its last dated version, no new version
    assert s.at(L227_1, "2030-01-01")["version"]["start"] == "2011-12-23"
    # L227-2 exists only in the undated snapshot: dated by the ingest and flagged
    (only,) = s.history(f"{CSS}/L227-2")
    assert only.date_uncertain and only.source_text.startswith("Date de l'ingestion")


def test_a_store_repository_ingests_back_into_the_same_history(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a")
    a.ingest_git(STEEVE, under="Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 4")
    b = Store.open(tmp_path / "b")
    b.ingest_git(a.repo.path)  # trailers give the exact dates, even before 1970

    def history(s: Store) -> dict:
        return {
            aid: [(v.start, v.end, v.state, v.text, v.source_text, v.date_uncertain) for v in s.history(aid)]
            for aid in s.index.article_ids()
        }

    assert history(a) == history(b) and len(history(a)) > 50
    assert b.history(f"{CSS}/L244-14")[0].start == "1994-03-01"


def test_parallel_ingest_of_steeves_history_equals_a_serial_one(tmp_path: Path, monkeypatch) -> None:
    # steeve's history keeps some articles in two folders (L212-4): when the copy with the latest text goes,
    # the article is again what the other copy says, and that version's edges keep their citing clauses
    # ("al.1", "al.2") in a parallel ingest too (one once lost them in that case only).
    def refs(workers: str, where: Path) -> list[tuple]:
        monkeypatch.setenv("LEXTRACK_WORKERS", workers)
        monkeypatch.setenv("LEXTRACK_PARALLEL_MIN", "0")
        with Store.open(where) as store:
            store.ingest_git(STEEVE)
            return store.index.conn.execute("SELECT * FROM refs ORDER BY id").fetchall()

    serial, parallel = refs("1", tmp_path / "serial"), refs("2", tmp_path / "parallel")
    # (the Loi 2002-73 of 2002-01-17, "En Vigueur Le 1er Janvier 2002")
    left_behind = [r for r in serial if r[1] == f"{CSS}/L212-4" and r[2] == "2002-01-01"]
    assert left_behind and all(r[9] for r in left_behind)  # column 9: the citing clause
    assert parallel == serial


def test_files_at_reads_a_missing_path_with_a_space_as_missing(store: Store) -> None:
    """git answers "<commit>:<path> missing": with a space in the number ("82 bis") that is four words."""
    tip = store.repo.ref(BRANCH)
    present = f"{CSS}/L245/L245-5-1 A.md"
    got = store.repo.files_at([(tip, "code-du-travail-maritime/0-99/82 bis.md"), (tip, present)])  # type: ignore[list-item]
    assert got[0] is None and got[1] is not None and "# Article L245-5-1 A" in got[1]


def test_on_one_day_the_version_the_history_gives_last_stands(store: Store, clones: dict[str, Path]) -> None:
    """Three commits start versions of L241-2 on 2015-01-01 (their committer dates): "Loi N°2014-892 Du 8
    Août 2014", "Loi N°2014-1654 Du 29 Décembre 2014", then "Loi N°2012-1509 … Art. 7 (V)", whose text is
    the first one's again and the file's at the history's last commit. That text stands, not the later
    law's by its own date."""
    clone = clones["steeve"]
    path = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 4/Chapitre 1er/Article L241-2.md"
    log = git(clone, "log", "--format=%cd|%s", "--date=short", "--", path).splitlines()
    day = [line.split("|", 1) for line in log[:3]]
    assert {d for d, _ in day} == {"2015-01-01"} and day[0][1].startswith("Loi N°2012-1509")
    tip = parse_text(git(clone, "show", f"HEAD:{path}"), path=path)
    got = store.at(f"{CSS}/L241-2", "2015-03-01")["version"]
    assert got["start"] == "2015-01-01" and got["text"] == tip.text
