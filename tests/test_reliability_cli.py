"""Every command with bad arguments: one line naming the argument or file and the problem, exit 1 or 2, no
traceback (exit codes: 0 ok, 1 some inputs rejected or nothing found, 2 usage or fatal error).

The store is the real steeve history of Titre 2 (Livre 2, Code de la sécurité sociale).
"""

# ruff: noqa: E501  (the table of cases reads best one case a line)
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.store import Store

ROOT = Path(__file__).resolve().parents[1]
STEEVE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
SEEDS = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"
TITRE_2 = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2"


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("cli-errors")
    store = work / "store"
    mp = pytest.MonkeyPatch()
    mp.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    try:
        with Store.open(store) as s:
            s.ingest_git(STEEVE, under=TITRE_2)
    finally:
        mp.undo()
    bad_dir = work / "bad" / "code-de-la-securite-sociale"
    bad_dir.mkdir(parents=True)
    (bad_dir / "article-L1.md").write_bytes(b"# Article ../../x\n\nTexte.\n")
    (bad_dir / "article-L227-1.md").write_bytes((SEEDS / "article-L227-1.markdown-html.txt").read_bytes())
    binary = work / "article-bin.md"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = work / "empty"
    empty.mkdir()
    not_bundle = work / "not-a-bundle.bundle"
    not_bundle.write_text("hello\n")
    a_file = work / "a-file"
    a_file.write_text("x\n")
    empty_repo = work / "empty-repo"
    subprocess.run(["git", "init", "-q", str(empty_repo)], check=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})
    return {
        "store": store, "bad": work / "bad", "bin": binary, "empty": empty, "not_bundle": not_bundle,
        "file": a_file, "missing": work / "does-not-exist", "work": work, "empty_repo": empty_repo,
    }  # fmt: skip


# (args, expected exit code, words the output must hold); {store} etc. are filled from the fixture
CASES = [
    # parse
    (["parse", "{missing}"], 2, ["does-not-exist"]),
    (["parse", "{bad}"], 2, ["article-L1.md", "unsafe"]),
    (["parse", "--keep-going", "{bad}"], 1, ["article-L1.md"]),
    (["parse", "{bin}"], 2, ["article-bin.md", "UTF-8"]),
    (["parse", "--format", "docx", "{bin}"], 2, ["--format"]),
    (["parse", "--code", "../..", "{bad}/code-de-la-securite-sociale/article-L227-1.md"], None, []),
    # extract
    (["extract", "--jsonl"], None, []),
    # ingest
    (["ingest", "--branch", "main", "--store", "{store}"], 2, ["--branch"]),
    (["ingest", "--git", "{missing}", "--store", "{store}"], 2, ["does-not-exist"]),
    (["ingest", "--git", "{not_bundle}", "--store", "{store}"], 2, ["not-a-bundle.bundle"]),
    (["ingest", "--git", "{steeve}", "--branch", "nope", "--store", "{store}"], 2, ["'nope'", "its branches: main"]),
    (["ingest", "--git", "{empty_repo}", "--store", "{store}"], 2, ["empty-repo", "no commit"]),
    # a mistyped folder: an error with the folders it may have meant, not "nothing new"
    (["ingest", "--git", "{steeve}", "--under", "Code De La Sécurité Socialle", "--store", "{store}"], 2,
     ["'Code De La Sécurité Socialle'", "did you mean 'Code De La Sécurité Sociale'"]),
    (["ingest", "--git", "{steeve}", "--under", "Code De La Sécurité Sociale/Partie Législative/Livre 22", "--store", "{store}"], 2,
     ["did you mean 'Code De La Sécurité Sociale/Partie Législative/Livre 2'"]),
    (["ingest", "--as-of", "31/02/2020", "{bad}", "--store", "{store}"], 2, ["--as-of"]),
    (["ingest", "{missing}", "--store", "{store}"], 2, ["does-not-exist"]),
    (["ingest", "{empty}", "--store", "{store}"], 2, ["no article file", "empty"]),
    (["ingest", "--strict", "{bad}", "--store", "{store}"], 2, ["article-L1.md", "unsafe"]),
    (["ingest", "--strict", "{bin}", "--store", "{store}"], 2, ["article-bin.md"]),
    (["ingest", "{bad}", "--store", "{file}"], 2, ["a-file"]),
    # history
    (["history", "L999-9", "--store", "{store}"], 1, ["L999-9", "no such article"]),
    (["history", "L227-1", "--store", "{missing}"], 2, ["does-not-exist", "no store"]),
    (["history", "L227-1@2010-13-45", "--store", "{store}"], 2, ["2010-13-45"]),
    (["history", "", "--store", "{store}"], 2, ["empty article id"]),
    (["history", "nope/L227-1", "--store", "{store}"], 1, ["nope/L227-1"]),
    # at
    (["at", "not-a-date", "L227-1", "--store", "{store}"], 2, ["not-a-date"]),
    (["at", "2010-01-01", "--store", "{store}"], 2, ["ID@DATE"]),
    (["at", "2010-01-01", "--code", "css", "--store", "{store}"], 2, ["--code", "--out"]),
    (["at", "2010-01-01", "--code", "code-civil", "--out", "{work}/out", "--store", "{store}"], 1, ["code-civil"]),
    (["at", "2010-01-01", "--code", "code-de-la-securite-sociale", "--out", "{file}", "--store", "{store}"], 2, ["a-file"]),
    (["at", "1800-01-01", "L227-1", "--store", "{store}"], None, []),
    # diff
    (["diff", "L227-1", "--from", "2009-01-01", "--store", "{store}"], 2, ["--to"]),
    (["diff", "--code", "code-de-la-securite-sociale", "--store", "{store}"], 2, ["--from", "--to"]),
    (["diff", "L227-1", "--code", "x", "--from", "2009-01-01", "--to", "2012-01-01", "--store", "{store}"], 2, ["not both"]),
    (["diff", "L227-1", "--from", "2009-01-01", "--to", "yesterday-ish", "--store", "{store}"], 2, ["yesterday-ish"]),
    (["diff", "L227-1", "--format", "pdf", "--store", "{store}"], 2, ["--format"]),
    (["diff", "L227-1", "--from", "1700-01-01", "--to", "1701-01-01", "--store", "{store}"], 1, ["L227-1"]),
    # log
    (["log", "--since", "2010-02-30", "--store", "{store}"], 2, ["2010-02-30"]),
    (["log", "--code", "code-civil", "--store", "{store}"], 1, ["code-civil"]),
    (["log", "--code", "../..", "--store", "{store}"], 2, ["../.."]),
    # verify
    (["verify", "--store", "{missing}"], 2, ["does-not-exist"]),
    (["verify", "--store", "{file}"], 2, ["a-file"]),
    # graph
    (["graph", "export", "--format", "xls", "-o", "{work}/g", "--store", "{store}"], 2, ["--format"]),
    (["graph", "export", "--format", "json", "-o", "{missing}/sub/g.json", "--store", "{store}"], 2, ["g.json"]),
    (["graph", "export", "--format", "json", "-o", "{work}/g.json", "--around", "L999-9", "--store", "{store}"], 1, ["L999-9"]),
    (["graph", "export", "--format", "json", "-o", "{work}/g.json", "--depth", "-1", "--store", "{store}"], 2, ["--depth"]),
    (["cites", "L999-9", "--store", "{store}"], 1, ["L999-9"]),
    (["cites", "L227-1", "--date", "2010-99-01", "--store", "{store}"], 2, ["2010-99-01"]),
    (["cites", "L227-1", "--store", "{missing}"], 2, ["does-not-exist"]),
    (["cited-by", "L999-9", "--store", "{store}"], 1, ["L999-9"]),
    (["impact", "Loi n° 1234-5678 du 31 février 2099", "--store", "{store}"], None, []),
    (["check", "--date", "soon", "--store", "{store}"], 2, ["soon"]),
    (["stats", "--top", "0", "--store", "{store}"], 2, ["--top"]),
    (["serve", "--port", "http", "--store", "{store}"], 2, ["--port"]),
    (["serve", "--store", "{missing}"], 2, ["does-not-exist"]),
    (["no-such-command"], 2, ["no-such-command"]),
]  # fmt: skip


def fill(args: list[str], env: dict[str, Path]) -> list[str]:
    values = {k: str(v) for k, v in env.items()} | {"steeve": str(STEEVE)}
    return [a.format(**values) for a in args]


@pytest.mark.parametrize("args,code,words", CASES, ids=[" ".join(c[0][:3]) for c in CASES])
def test_bad_arguments_give_one_clear_line(env, args: list[str], code: int | None, words: list[str]) -> None:
    result = CliRunner().invoke(cli, fill(args, env), catch_exceptions=True)
    out = result.output
    assert "Traceback" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {type(result.exception).__name__}: {result.exception}"
    )
    if code is None:  # odd but legal input: any documented exit code, no traceback
        assert result.exit_code in (0, 1, 2), out
        return
    assert result.exit_code == code, out
    for word in words:
        assert word in out, (word, out)


def test_a_real_process_prints_no_traceback_on_a_broken_store(env, tmp_path: Path) -> None:
    """Outside CliRunner: the installed entry point, stderr read as a user sees it."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "index.sqlite").write_bytes(b"SQLite format 3\x00" + os.urandom(2000))
    exe = ROOT / ".venv" / "bin" / "lextrack"
    for args in (["history", "L227-1"], ["at", "2010-01-01", "L227-1"], ["verify"], ["stats"], ["log"]):
        proc = subprocess.run([str(exe), *args, "--store", str(store)], capture_output=True, text=True)
        assert proc.returncode in (1, 2), (args, proc.returncode, proc.stderr)
        assert "Traceback" not in proc.stderr + proc.stdout, (args, proc.stderr)
        assert str(store) in proc.stderr + proc.stdout, (args, proc.stderr)


def test_an_ingest_that_fails_leaves_no_new_store_behind(env) -> None:
    """A mistyped --git or --under creates no store; a store that was there stays as it was."""
    fresh = env["work"] / "fresh" / "store"
    for args in (["--git", str(env["missing"])], ["--git", str(STEEVE), "--under", "Code Civil"]):
        result = CliRunner().invoke(cli, ["ingest", *args, "--store", str(fresh)])
        assert result.exit_code == 2, result.output
        assert not (env["work"] / "fresh").exists(), result.output
    store = ["--store", str(env["store"])]
    before = CliRunner().invoke(cli, ["log", "--json", *store]).output
    result = CliRunner().invoke(cli, ["ingest", "--git", str(env["missing"]), *store])
    assert result.exit_code == 2 and (env["store"] / "index.sqlite").exists()
    assert CliRunner().invoke(cli, ["log", "--json", *store]).output == before
    result = CliRunner().invoke(cli, ["ingest", "--git", str(STEEVE), "--under", TITRE_2, "--store", str(fresh)])
    assert result.exit_code == 0 and (fresh / "index.sqlite").exists(), result.output
