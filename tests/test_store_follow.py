"""`at --follow` on hostile histories: a transfer cycle, a successor the store does not hold."""

import json
import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from lextrack.cli import cli

CIVIL = Path(__file__).resolve().parents[1] / "corpus" / "tricoteuses-code-civil"
IDENTITY = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip


def history_with_transfers(root: Path, trailer: str, nums: tuple[str, ...]) -> Path:
    """Real Code civil articles added on 2016-10-01, deleted on 2020-01-01 by a commit naming transfers."""
    repo = root / "hist"
    (repo / "code_civil").mkdir(parents=True)
    env = {**os.environ, **IDENTITY}

    def git(*args: str, date: str | None = None) -> None:
        extra = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        subprocess.run(["git", "-C", str(repo), *args], check=True, env={**env, **extra}, capture_output=True)

    git("init", "-q", "-b", "main")
    for num in nums:
        shutil.copy(next(CIVIL.rglob(f"article_{num}.md")), repo / "code_civil" / f"article_{num}.md")
    git("add", ".")
    git("commit", "-q", "-m", "Ordonnance n° 2016-131 du 10 février 2016", date="2016-10-01T00:00:00Z")
    git("rm", "-q", *[f"code_civil/article_{n}.md" for n in nums])
    git("commit", "-q", "-m", f"Transfert\n\n{trailer}", date="2020-01-01T00:00:00Z")
    return repo


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output and not isinstance(result.exception, RecursionError)
    return result


def test_a_transfer_cycle_is_followed_once_not_forever(tmp_path: Path) -> None:
    trailer = "Lextrack-Transfer: code-civil/1101 -> code-civil/1102, code-civil/1102 -> code-civil/1101"
    repo = history_with_transfers(tmp_path, trailer, ("1101", "1102"))
    store = str(tmp_path / "store")
    assert run("ingest", "--git", str(repo), "--store", store).exit_code == 0
    r = run("at", "code-civil/1101@2021-01-01", "--follow", "--json", "--store", store)
    assert r.exit_code == 0, r.output
    answer = json.loads(r.output)
    assert answer["status"] == "transferred" and answer["successor"] == "code-civil/1102"


def test_follow_to_a_successor_outside_the_store_says_so(tmp_path: Path) -> None:
    trailer = "Lextrack-Transfer: code-civil/1101 -> code-civil/1103"
    repo = history_with_transfers(tmp_path, trailer, ("1101",))
    store = str(tmp_path / "store")
    assert run("ingest", "--git", str(repo), "--store", store).exit_code == 0
    r = run("at", "code-civil/1101@2021-01-01", "--follow", "--store", store)
    assert r.exit_code == 0, r.output
    assert "transferred on 2020-01-01 to code-civil/1103" in r.output
    assert "whose version" not in r.output


def test_ids_are_accepted_as_the_parser_spells_numbers(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    article = next(CIVIL.rglob("article_1101.md"))
    assert run("ingest", str(article), "--store", store).exit_code == 0
    for spelled in ("code-civil/art. 1101", "article 1101", "Code civil/1101", "1101"):
        r = run("at", f"{spelled}@2020-01-01", "--json", "--store", store)
        assert r.exit_code == 0, (spelled, r.output)
        assert json.loads(r.output)["id"] == "code-civil/1101"
