"""`lextrack ingest DIR` takes the files `lextrack parse DIR` reads: one walk (parser.iter_article_files)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.parser import iter_article_files

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "code-de-la-securite-sociale"
# The seed files as the project's shared seeds folder names them (same bytes): no "article" in the name,
# no code folder. `ingest` of that folder used to find "no article file".
SHARED_NAMES = {
    "article-R133-2-10.markdown-html.txt": "000_5f15d2674a161764.txt",
    "article-R133-19.wrapped-liens.txt": "001_3af2dc6677f86551.txt",
    "article-L633-12.wrapped-liens.txt": "002_883378ed849181dc.txt",
    "article-L227-1.markdown-html.txt": "003_6ddd546707a89364.txt",
    "article-L114-23.markdown-html.txt": "004_6a54b08c21b208c6.txt",
}


def _seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name, shared in SHARED_NAMES.items():
        shutil.copy(SEEDS / name, folder / shared)
    (folder / "README.md").write_text("# Seeds\n", encoding="utf-8")  # never an article
    (folder / "index.tsv").write_text("file\tid\n", encoding="utf-8")  # not an article file's extension
    return folder


def test_ingest_reads_the_files_parse_reads(tmp_path):
    folder = _seeds(tmp_path)
    assert [p.name for p in iter_article_files([folder])] == sorted(SHARED_NAMES.values())
    runner = CliRunner()
    parsed = runner.invoke(cli, ["parse", "--json", str(folder)])
    assert parsed.exit_code == 0, parsed.output
    ids = sorted(json.loads(line)["id"] for line in parsed.stdout.splitlines())
    assert len(ids) == 5
    # one seed names no code (its links are not to code articles): "unknown-code", as parse says
    assert "unknown-code/L633-12" in ids and "code-de-la-securite-sociale/L227-1" in ids
    summary = runner.invoke(cli, ["parse", str(folder)])
    assert summary.exit_code == 0 and "5 article(s), 0 rejected, 0 damaged" in summary.output
    # one warning per distinct message, with the number of files it was given
    guessed = "'code-de-la-securite-sociale' taken from its links to code articles (4 files)"
    assert summary.output.count("warning: ") == 2 and guessed in summary.output
    store = tmp_path / "store"
    ingested = runner.invoke(cli, ["ingest", str(folder), "--store", str(store), "--json"])
    assert ingested.exit_code == 0, ingested.output
    assert json.loads(ingested.stdout)[0]["articles"] == 5
    for article_id in ids:
        history = runner.invoke(cli, ["history", article_id, "--store", str(store), "--json"])
        assert history.exit_code == 0, history.output
        assert json.loads(history.stdout)["id"] == article_id


def test_a_missing_path_is_a_usage_error_for_both(tmp_path):
    runner = CliRunner()
    for args in (
        ["parse", str(tmp_path / "nope")],
        ["ingest", str(tmp_path / "nope"), "--store", str(tmp_path)],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and "nope: no such file or directory" in result.output
