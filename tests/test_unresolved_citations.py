"""A bare number a code never had is not given to the citing code (issue 16, family 6): the store keeps the
citation apart and `check` counts it. Real sentences of the bundled Code de la sécurité sociale history."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from lextrack.cli import cli

CSS = "code-de-la-securite-sociale"


def test_bare_numbers_the_citing_code_cannot_have_are_left_unresolved(bundles_store) -> None:
    # L241-12: "au titre de l'article 185-2 (1) du même code" after "articles L. 121-2 et L. 222-5 du même
    # code". The Code de la sécurité sociale numbers every article with a letter: 185-2 is not one of its
    # articles. R133-30-4's "de l'article 146 modifié de la loi n° 2001-1275 du 28 décembre 2001" was such a
    # number until "modifié" was read: it is the law's article 146.
    r = CliRunner().invoke(cli, ["check", "--json", "--store", str(bundles_store.root)])
    loose = {(u["citing"], u["num"]) for u in json.loads(r.output)["unresolved"]}
    assert (f"{CSS}/L241-12", "185-2") in loose
    assert (f"{CSS}/R133-30-4", "146") not in loose
    with sqlite3.connect(bundles_store.root / "index.sqlite") as conn:
        wrong = conn.execute(
            "SELECT count(*) FROM refs WHERE target IN (?, ?)", (f"{CSS}/185-2", f"{CSS}/146")
        ).fetchone()[0]
        citing = (f"{CSS}/R133-30-4", "loi/2001-1275")
        law = conn.execute("SELECT pinpoint FROM refs WHERE article_id = ? AND target = ?", citing).fetchall()
    assert wrong == 0
    assert ("art. 146",) in law
    text = CliRunner().invoke(cli, ["check", "--store", str(bundles_store.root), "--all"]).output
    assert "citations of a number no code could be given:" in text and f"{CSS}/L241-12" in text
