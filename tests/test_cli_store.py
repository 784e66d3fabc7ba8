"""The store commands through the CLI on the real bundles; expected values read by hand from `git log`."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.parser import parse_text

ROOT = Path(__file__).resolve().parents[1]
STEEVE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
ETALAB = ROOT / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"
LEGI = ROOT / "corpus" / "legi-xml" / "article_LEGIARTI000006291810.xml"
CSS = "code-de-la-securite-sociale"


@pytest.fixture(scope="module")
def store_dir(bundles_store) -> Path:
    return bundles_store.root


def test_ingest_says_what_it_read(bundles_store) -> None:
    assert "1349 versions read" in bundles_store.steeve_output
    assert bundles_store.etalab_json[0]["added"] > 1000


def invoke(store: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--store", str(store)], catch_exceptions=False)


def test_reingest_says_nothing_new(store_dir: Path) -> None:
    r = invoke(store_dir, "ingest", "--git", str(STEEVE))
    assert r.exit_code == 0
    assert "nothing new" in r.output


def test_history_of_l227_1(store_dir: Path) -> None:
    r = invoke(store_dir, "history", f"{CSS}/L227-1", "--json")
    data = json.loads(r.output)
    versions = data["versions"]
    assert len(versions) == 13
    # `git log --date=short` on the bundle: first commit 1996-03-28 (arrêté "En Vigueur Le 1er Janvier 1997"),
    # last 2011-12-21 (loi 2011-1906), committed 2011-12-23: LEGI's start of the version (docs/dates.md)
    assert versions[0]["start"] == "1997-01-01" and versions[0]["text_date"] == "1996-03-28"
    assert versions[0]["source"].startswith("Arrêté 1996-03-28")
    assert versions[-1]["start"] == "2011-12-23" and versions[-1]["end"] is None
    assert versions[-1]["source"] == "Loi N°2011-1906 Du 21 Décembre 2011 - Art. 116"
    text = invoke(store_dir, "history", f"{CSS}/L227-1").output
    assert "13 versions" in text and "2009-05-14" in text


def test_at_json_contract(store_dir: Path) -> None:
    r = invoke(store_dir, "at", "2010-01-01", f"{CSS}/L227-1", "--json")
    assert r.exit_code == 0
    a = json.loads(r.output)
    assert set(a) == {"id", "date", "status", "version", "successor", "pending"}
    assert set(a["version"]) == {"start", "end", "source", "text", "commit", "text_date"}
    assert a["pending"] is None and a["version"]["text_date"] == "2009-05-12"
    assert (a["id"], a["date"], a["status"], a["successor"]) == (
        f"{CSS}/L227-1",
        "2010-01-01",
        "in_force",
        None,
    )
    assert (a["version"]["start"], a["version"]["end"]) == ("2009-05-14", "2011-12-23")
    assert a["version"]["source"] == "Loi N°2009-526 Du 12 Mai 2009 - Art. 122"
    assert "2° bis Les objectifs d'amélioration de la productivité" in a["version"]["text"]
    assert len(a["version"]["commit"]) == 40
    same = json.loads(invoke(store_dir, "at", f"{CSS}/L227-1@2010-01-01", "--json").output)
    assert same == a


def test_at_before_creation_and_after_abrogation(store_dir: Path) -> None:
    early = json.loads(invoke(store_dir, "at", "1990-01-01", f"{CSS}/L227-1", "--json").output)
    assert early["status"] == "not_yet_in_force" and early["version"]["start"] == "1997-01-01"
    assert early["pending"] is None  # in 1990 the arrêté of 1996 was not signed yet
    # signed 1996-03-28, in force 1997-01-01: in between, the version to come is named
    signed = json.loads(invoke(store_dir, "at", "1996-06-01", f"{CSS}/L227-1", "--json").output)
    assert signed["status"] == "not_yet_in_force"
    assert (signed["pending"]["start"], signed["pending"]["text_date"]) == ("1997-01-01", "1996-03-28")
    text = invoke(store_dir, "at", "1996-06-01", f"{CSS}/L227-1").output
    assert "to come: a version in force from 1997-01-01" in text
    # steeve: R133-24 deleted by "Décret N°2014-1690 Du 30 Décembre 2014 - Art. 1", signed 2014-12-30 (the
    # author date), in force 2015-01-01 (the committer date, LEGI's)
    gone = json.loads(invoke(store_dir, "at", "2015-01-01", "R133-24", "--json").output)
    assert gone["status"] == "abrogated"
    assert gone["version"]["start"] == "2015-01-01"
    assert gone["version"]["source"] == "Décret N°2014-1690 Du 30 Décembre 2014 - Art. 1"
    assert "abrogated since 2015-01-01" in invoke(store_dir, "at", "2015-01-01", "R133-24").output
    before = json.loads(invoke(store_dir, "at", "2014-12-31", "R133-24", "--json").output)
    assert before["status"] == "in_force"


def test_ambiguous_bad_date_and_unknown_ids_are_clear_errors(store_dir: Path) -> None:
    r = invoke(store_dir, "at", "2010-01-01", "L227-1")
    assert r.exit_code == 2
    assert "ambiguous" in r.output and "code-de-commerce/L227-1" in r.output and f"{CSS}/L227-1" in r.output
    r = invoke(store_dir, "at", "2010-02-30", f"{CSS}/L227-1")
    assert r.exit_code == 2 and "not a date" in r.output
    r = invoke(store_dir, "history", "R999-1")
    assert r.exit_code == 1 and "no such article" in r.output
    r = invoke(store_dir, "diff", f"{CSS}/L227-1", "--from", "2010", "--to", "2012-01-01")
    assert r.exit_code == 2 and "--from" in r.output


def test_word_diff_shows_the_removed_sentence(store_dir: Path) -> None:
    # loi 2011-1906 (2011-12-21) removed the sentence on the conseils de surveillance from III
    r = invoke(store_dir, "diff", f"{CSS}/L227-1", "--from", "2011-01-01", "--to", "2012-01-01")
    assert r.exit_code == 0
    assert re.search(
        r"\[-[^\]]*Elles sont communiquées aux conseils de surveillance"
        r" mentionnés à l'article L\. 228-1[^\]]*-\]",
        r.output,
    )
    u = invoke(
        store_dir,
        "diff",
        f"{CSS}/L227-1",
        "--from",
        "2011-01-01",
        "--to",
        "2012-01-01",
        "--format",
        "unified",
    )
    assert "\n-III.-Les conventions" in u.output and "\n+III. - Les conventions" in u.output
    j = json.loads(
        invoke(store_dir, "diff", f"{CSS}/L227-1@2011-01-01", "--to", "2012-01-01", "--format", "json").output
    )
    assert (j["from"]["start"], j["to"]["start"]) == ("2009-05-14", "2011-12-23")
    removed = "".join(o["old"] for o in j["ops"] if o["op"] in ("delete", "replace"))
    assert "conseils de surveillance" in removed


def test_code_diff_and_log(store_dir: Path) -> None:
    r = invoke(store_dir, "diff", "--code", CSS, "--from", "2014-12-31", "--to", "2015-01-01", "--json")
    changes = json.loads(r.output)["changes"]
    (entry,) = [c for c in changes if c["source"] == "Décret N°2014-1690 Du 30 Décembre 2014 - Art. 1"]
    assert f"{CSS}/R133-24" in entry["abrogated"] and f"{CSS}/R133-29-1" in entry["abrogated"]
    log = json.loads(invoke(store_dir, "log", "--code", CSS, "--since", "2014-01-01", "--json").output)
    dates = [e["date"] for e in log]
    assert dates == sorted(dates) and dates[0] >= "2014-01-01"
    whole = json.loads(invoke(store_dir, "log", "--code", CSS, "--json").output)
    assert any(f"{CSS}/L227-1" in e["modified"] for e in whole)
    # --since reads the days from then on only, and still knows an article changed then existed before
    assert log == [e for e in whole if e["date"] >= "2014-01-01"]
    assert any(e["modified"] for e in log)


def test_whole_code_at_a_date(store_dir: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(STEEVE), str(clone)], check=True)
    tip = subprocess.run(["git", "-C", str(clone), "ls-files", "-z"], capture_output=True, check=True).stdout
    nums = set()
    for path in tip.decode().split("\0"):
        if "/Article " in path:
            nums.add(parse_text((clone / path).read_bytes(), path=path).num)
    out = tmp_path / "out"
    r = invoke(store_dir, "at", "2030-01-01", "--code", CSS, "--out", str(out))
    assert r.exit_code == 0, r.output
    written = {p.stem for p in out.glob("*.md")}
    # R133-16: steeve deletes it in a commit signed 2008-03-07 and modifies it in one dated 2008-03-13; the
    # deletion took effect on 2009-04-01 (its committer date), after the modification: gone, as at the tip
    assert written == nums
    assert "id: code-de-la-securite-sociale/L227-1" in (out / "L227-1.md").read_text()


def test_verify_and_repair(tmp_path: Path) -> None:
    d = tmp_path / "st"
    assert invoke(d, "ingest", str(LEGI)).exit_code == 0
    r = invoke(d, "verify")
    assert r.exit_code == 0 and "ok:" in r.output
    # a crash after the index commit, before the branch moved: the branch lags behind the index
    subprocess.run(
        ["git", "--git-dir", str(d / "repo.git"), "update-ref", "-d", "refs/heads/main"], check=True
    )
    r = invoke(d, "verify")
    assert r.exit_code == 1 and "branch main" in r.output
    r = invoke(d, "verify", "--repair")
    assert r.exit_code == 0 and "repaired" in r.output
    assert invoke(d, "verify").exit_code == 0


def test_ingest_under_a_folder_and_clear_errors(tmp_path: Path) -> None:
    d = tmp_path / "st"
    r = invoke(
        d, "ingest", "--git", str(ETALAB), "--under", "code-de-commerce/partie-legislative/livre-ii/titre-ier"
    )
    assert r.exit_code == 0, r.output
    ids = json.loads(invoke(d, "log", "--json").output)
    touched = {i for e in ids for k in ("created", "modified", "abrogated", "transferred") for i in e[k]}
    # titre Ier of livre II holds articles L210-1 to L210-9 in etalab's tree
    assert touched and all(i.startswith("code-de-commerce/L210-") for i in touched)
    # the same folder spelled otherwise is the same history read: nothing new
    folder = "./code-de-commerce/partie-legislative/livre-ii/titre-ier/"
    r = invoke(d, "ingest", "--git", str(ETALAB), "--under", folder)
    assert r.exit_code == 0 and r.output.startswith("nothing new: the store already has this"), r.output
    r = invoke(d, "ingest", "--git", str(ETALAB), "--branch", "no-such-branch")
    assert r.exit_code == 2 and "no branch 'no-such-branch'" in r.output
    r = invoke(d, "ingest", "--git", str(tmp_path / "missing.bundle"))
    assert r.exit_code == 2 and "no such repository or bundle" in r.output
    cut = tmp_path / "cut.bundle"  # a bundle cut short: its header names the refs, its pack is not whole
    cut.write_bytes(ETALAB.read_bytes()[: ETALAB.stat().st_size // 2])
    before = invoke(d, "log", "--json").output
    r = invoke(d, "ingest", "--git", str(cut))
    assert r.exit_code == 2 and f"{cut}: not a git bundle" in r.output, r.output
    assert invoke(d, "log", "--json").output == before
    r = invoke(d, "ingest", "--git", str(LEGI))
    assert r.exit_code == 2 and "not a git bundle" in r.output and "v2 or v3 bundle" in r.output, r.output
    r = invoke(d, "ingest", str(LEGI), "--as-of", "2014-31-01")
    assert r.exit_code == 2 and "--as-of" in r.output


def test_the_git_view_is_rebuilt_from_the_index_alone(tmp_path: Path) -> None:
    import shutil

    d = tmp_path / "st"
    assert invoke(d, "ingest", str(ROOT / "corpus" / "seeds"), str(LEGI)).exit_code == 0
    tip = subprocess.run(
        ["git", "--git-dir", str(d / "repo.git"), "rev-parse", "main"], capture_output=True, text=True
    ).stdout.strip()
    shutil.rmtree(d / "repo.git")
    r = invoke(d, "verify")
    assert r.exit_code == 1 and "not in the repository" in r.output
    r = invoke(d, "verify", "--repair")
    assert r.exit_code == 0, r.output
    again = subprocess.run(
        ["git", "--git-dir", str(d / "repo.git"), "rev-parse", "main"], capture_output=True, text=True
    ).stdout.strip()
    assert again == tip  # no wall-clock date anywhere: the same index gives the same commits


def test_ingest_without_arguments_takes_the_bundled_corpus(tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "git").mkdir(parents=True)
    (corpus / "git" / ETALAB.name).symlink_to(ETALAB)
    (corpus / "legi-xml").mkdir()
    (corpus / "legi-xml" / LEGI.name).write_bytes(LEGI.read_bytes())
    monkeypatch.setenv("LEXTRACK_CORPUS", str(corpus))
    r = invoke(tmp_path / "st", "ingest", "--json")
    assert r.exit_code == 0, r.output
    first, second = json.loads(r.output)
    assert first["added"] > 1000 and second["added"] == 4  # the bundle, then D215-16's LEGI versions
    assert invoke(tmp_path / "st", "history", "D215-16").exit_code == 0


def test_a_sha256_bundle_goes_in_like_its_sha1_twin(store_dir: Path, tmp_path: Path) -> None:
    """The steeve bundle's history moved into a SHA-256 repository and bundled again (a v3 bundle,
    `@object-format=sha256`): unpacked into a repository of its own hash, it gives the same versions."""
    src, twin, bundle = tmp_path / "src.git", tmp_path / "twin.git", tmp_path / "sha256.bundle"
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str, **kw) -> None:
        subprocess.run(["git", *args], check=True, capture_output=True, env=env, **kw)

    git("clone", "-q", "--bare", str(STEEVE), str(src))
    git("init", "-q", "--bare", "--object-format=sha256", str(twin))
    stream = subprocess.run(["git", "--git-dir", str(src), "fast-export", "main"], check=True,
                            capture_output=True, env=env).stdout  # fmt: skip
    git("--git-dir", str(twin), "fast-import", "--quiet", input=stream)
    git("--git-dir", str(twin), "symbolic-ref", "HEAD", "refs/heads/main")
    git("--git-dir", str(twin), "bundle", "create", "-q", str(bundle), "--all")
    assert b"@object-format=sha256" in bundle.read_bytes()[:200]

    r = invoke(tmp_path / "st", "ingest", "--git", str(bundle))
    assert r.exit_code == 0 and "1349 versions read" in r.output, r.output
    aid = "code-de-la-securite-sociale/L242-1"

    def versions(store: Path) -> list[dict]:
        out = json.loads(invoke(store, "history", aid, "--json").output)["versions"]
        return [{k: v for k, v in version.items() if k != "commit"} for version in out]

    assert len(versions(tmp_path / "st")) == 24
    assert versions(tmp_path / "st") == versions(store_dir)


def test_ingest_says_how_far_it_is_on_stderr_when_asked(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["ingest", "--git", str(STEEVE), "--progress", "--store", str(tmp_path / "a")])
    assert r.exit_code == 0, r.output
    summary = re.search(r"(\d+) versions read from (\d+) commits: .* written from (\S+) ", r.stdout)
    assert summary is not None, r.stdout
    versions, commits, since = summary.groups()
    assert commits == "336"  # git rev-list --count on the bundle's branch
    steps = r.stderr.splitlines()
    assert steps[-1] == f"{versions} versions read from {commits} commits; writing the git view from {since}…"
    counts = [int(m.group(1)) for m in map(re.compile(r"\d+ versions read from (\d+) commits").match, steps)]
    assert counts == sorted(counts) and counts[-1] == int(commits)  # one line a window, as the commits go
    assert "…" not in r.stdout  # the summary stays where it was
    quiet = runner.invoke(cli, ["ingest", "--git", str(ETALAB), "--store", str(tmp_path / "b")])
    assert quiet.exit_code == 0 and "versions read" in quiet.stdout
    assert quiet.stderr == ""  # stderr is no terminal here: nothing unless asked


def test_a_shallow_clone_says_its_first_commit_is_not_where_its_articles_began(tmp_path: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
    full = tmp_path / "full.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(STEEVE), str(full)], check=True, env=env)
    shallow = tmp_path / "shallow"
    clone = ["git", "clone", "-q", "--depth", "5", f"file://{full}", str(shallow)]
    subprocess.run(clone, check=True, env=env)
    boundary = (shallow / ".git" / "shallow").read_text().split()
    ls_tree = ["git", "-C", str(shallow), "ls-tree", "-r", "--name-only", "-z", boundary[0]]
    tree = subprocess.run(ls_tree, capture_output=True, text=True, check=True, env=env).stdout.split("\0")
    articles = [p for p in tree if p.rsplit("/", 1)[-1].startswith("Article ")]
    r = invoke(tmp_path / "store", "ingest", "--git", str(shallow), "--json")
    (summary,) = json.loads(r.output)
    shallow_warnings = [w for w in summary["warnings"] if "shallow clone" in w["warning"]]
    assert [w["files"] for w in shallow_warnings] == [len(articles)] and articles, summary["warnings"]
    r = invoke(tmp_path / "store-full", "ingest", "--git", str(full), "--json")
    assert not any("shallow" in w["warning"] for w in json.loads(r.output)[0]["warnings"])
