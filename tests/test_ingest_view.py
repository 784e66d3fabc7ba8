"""The git view of a day with an article added and deleted (issue 14): the tip agrees with the index.

On a whole etalab store, `verify` found ten articles of the Code de la santé publique (L100 to L104 among
them) added and deleted within the same collapsed pre-1970 day (etalab dates such changes 1970-01-31 plus
seconds): the index said abrogated, the git view kept the file at its tip. The view gathers one day's changes
by amending text: a deletion by "Suppressions d'origine indéterminée" joined the commit of that text the
day had opened before the addition ("Modifications d'origine indéterminée"), so git deleted the file before
adding it. The history below has that shape, with etalab's subjects and dates and real files (the seeds):
its undated commits take the date of the dated one before them (1946-04-14, the JORF of the Loi 46-682), so
that all four changes fall on one day, which opens with another article's deletion.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from history_builder import Commit, git, write_history

from lextrack.cli import cli
from lextrack.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"
CSS = "code-de-la-securite-sociale"
L227_1 = f"{CSS}/article-L227-1.md"
L633_12 = f"{CSS}/article-L633-12.md"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_an_article_added_and_deleted_the_same_day_is_gone_from_the_tip(tmp_path: Path) -> None:
    l227_1 = (SEEDS / "article-L227-1.markdown-html.txt").read_bytes()
    l633_12 = (SEEDS / "article-L633-12.wrapped-liens.txt").read_bytes()
    repo = write_history(
        tmp_path / "h.git",
        [
            Commit("1970-01-31T00:00:01", "Loi 46-682 1946-04-13 JORF 14 avril 1946", {L227_1: l227_1}),
            Commit("1970-01-31T00:00:02", "Suppressions d'origine indéterminée", {L227_1: None}),
            Commit("1970-01-31T00:00:03", "Modifications d'origine indéterminée", {L633_12: l633_12}),
            Commit("1970-01-31T00:00:04", "Suppressions d'origine indéterminée", {L633_12: None}),
        ],
    )
    store = tmp_path / "store"
    assert run("ingest", "--git", str(repo), "--store", str(store)).exit_code == 0
    with Store.open(store) as s:
        for aid in (f"{CSS}/L227-1", f"{CSS}/L633-12"):
            assert [(v.start, v.state) for v in s.history(aid)][-1] == ("1946-04-14", "abrogated")
    assert git(store / "repo.git", "ls-tree", "-r", "--name-only", "main").decode().split() == []
    r = run("verify", "--json", "--store", str(store))
    assert r.exit_code == 0 and json.loads(r.output)["problems"] == []
