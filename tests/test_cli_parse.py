"""`lextrack parse` through click's runner, on real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from lextrack.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"


def run(*args: str):
    return CliRunner().invoke(cli, ["parse", *args])


def test_one_file_shows_the_article():
    result = run(str(SEEDS / "article-R133-19.wrapped-liens.txt"))
    assert result.exit_code == 0, result.output
    assert "code-de-la-securite-sociale/R133-19" in result.output
    assert "transferred_by" in result.output and "decret/2017-864" in result.output
    assert "2° Des conventions de gestion régionales" in result.output


def test_json_is_one_object_per_article():
    result = run("--json", str(SEEDS))
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.output.splitlines()]
    assert sorted(o["id"] for o in objs) == [
        "code-de-la-securite-sociale/L114-23",
        "code-de-la-securite-sociale/L227-1",
        "code-de-la-securite-sociale/L633-12",
        "code-de-la-securite-sociale/R133-19",
        "code-de-la-securite-sociale/R133-2-10",
    ]
    l227 = next(o for o in objs if o["num"] == "L227-1")
    assert l227["nota_in_force"] == "2021-01-01"
    assert [c["label"] for c in l227["clauses"]] == ["I", "II", "III"]
    assert {"id", "code", "num", "hierarchy", "clauses", "links", "nota", "text"} <= set(l227)


def test_summary_of_a_directory():
    result = run(str(SEEDS))
    assert result.exit_code == 0, result.output
    assert "code-de-la-securite-sociale" in result.output
    assert "5 file(s) read" in result.output and "0 rejected" in result.output


def test_bad_file_stops_with_exit_2_and_the_message(tmp_path):
    shutil.copy(SEEDS / "article-L227-1.markdown-html.txt", tmp_path / "a.txt")
    (tmp_path / "b.md").write_bytes(b"# Article L1\n\n\xff\xfe\n")
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert "b.md:3: not UTF-8" in result.output
    assert "Traceback" not in result.output


def test_keep_going_reports_every_rejected_file_and_exits_1(tmp_path):
    shutil.copy(SEEDS / "article-L227-1.markdown-html.txt", tmp_path / "a.txt")
    (tmp_path / "b.md").write_text("", encoding="utf-8")
    (tmp_path / "c.md").write_text("# Article ../x\n\ntext\n", encoding="utf-8")
    result = run("--keep-going", "--code", "CSS", str(tmp_path))
    assert result.exit_code == 1
    assert "b.md: empty file" in result.output
    assert "c.md: line 1: article number" in result.output
    assert "2 file(s) rejected" in result.output
    assert "1 article(s)" in result.output


def test_code_option_and_format_option(tmp_path):
    text = (SEEDS / "article-L633-12.wrapped-liens.txt").read_text(encoding="utf-8")
    (tmp_path / "x.txt").write_text(text.split("**Liens")[0], encoding="utf-8")
    # no code anywhere: printed all the same, with a warning, under the code "unknown-code"
    bare = run(str(tmp_path / "x.txt"))
    assert bare.exit_code == 0, bare.output
    assert "unknown-code/L633-12" in bare.output and "warning: no code" in bare.output
    result = run(
        "--json",
        "--code",
        "code de la sécurité sociale",
        "--format",
        "markdown-html",
        str(tmp_path / "x.txt"),
    )
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    assert obj["id"] == "code-de-la-securite-sociale/L633-12" and obj["format"] == "markdown-html"


def test_missing_path_and_bad_format():
    result = run("/nonexistent/lextrack")
    assert result.exit_code == 2 and "no such file or directory" in result.output
    assert run("--format", "pdf", str(SEEDS)).exit_code == 2


def test_default_input_is_the_bundled_corpus(monkeypatch):
    monkeypatch.setenv("LEXTRACK_CORPUS", str(SEEDS))
    result = run()
    assert result.exit_code == 0, result.output
    assert "5 file(s) read" in result.output
