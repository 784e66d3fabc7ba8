"""Metadata links survive when the file that carries them repeats a text the store already holds.

R133-19's Légifrance page (the seed) has the same text as the steeve history's last version and as the
dated copy in steeve's versions/ folder, but it alone says "Créé par", "TRANSFERE" and "Nouveaux textes".
"""

import json
from pathlib import Path

from click.testing import CliRunner

from lextrack.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BUNDLE = CORPUS / "git" / "steeve-code-de-la-securite-sociale.bundle"
SEED = CORPUS / "seeds" / "code-de-la-securite-sociale" / "article-R133-19.wrapped-liens.txt"
DATED_COPY = next((CORPUS / "steeve-everything" / "versions").rglob("Article R133-19@2013-07-08_*.md"))


def run(store: Path, *args: str):
    result = CliRunner().invoke(cli, [*args[:1], "--store", str(store), *args[1:]])
    assert "Traceback" not in result.output, result.output
    return result


def test_seed_links_reach_the_graph_after_a_git_history_and_a_dated_copy(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run(store, "ingest", "--git", str(BUNDLE)).exit_code == 0
    assert run(store, "ingest", str(SEED), str(DATED_COPY)).exit_code == 0
    # Ingesting the history again (a linkless copy of the same version) must not erase them.
    assert run(store, "ingest", "--git", str(BUNDLE)).exit_code == 0

    impact = run(store, "impact", "decret/2017-864", "--json")
    assert impact.exit_code == 0, impact.output
    assert "code-de-la-securite-sociale/R133-19" in impact.output
    assert "code-de-la-securite-sociale/R133-2-10" in impact.output

    cites = json.loads(run(store, "cites", "code-de-la-securite-sociale/R133-19", "--json").output)
    pairs = {(e.get("type"), e.get("target")) for e in _edges(cites)}
    assert ("created_by", "decret/2013-597") in pairs
    assert ("transferred_to", "code-de-la-securite-sociale/R133-2-10") in pairs


def _edges(data):
    if isinstance(data, dict):
        for key in ("edges", "references", "cites", "items"):
            if isinstance(data.get(key), list):
                return data[key]
    return data


def test_a_version_dated_by_its_nota_names_the_text_the_nota_cites(tmp_path: Path) -> None:
    # L227-1's seed: "Conformément au V de l'article 32 de la loi n° 2020-1576 du 14 décembre 2020, les
    # présentes dispositions entrent en vigueur le 1er janvier 2021."
    store = tmp_path / "store"
    seed = CORPUS / "seeds" / "code-de-la-securite-sociale" / "article-L227-1.markdown-html.txt"
    assert run(store, "ingest", str(seed)).exit_code == 0
    history = json.loads(run(store, "history", "code-de-la-securite-sociale/L227-1", "--json").output)
    versions = history["versions"] if isinstance(history, dict) else history
    assert [(v["start"], v["source"]) for v in versions] == [
        ("2021-01-01", "Loi n° 2020-1576 du 14 décembre 2020 - art. 32 (NOTA)")
    ]


def test_a_version_dated_by_its_front_matter_names_the_text_that_modified_it(tmp_path: Path) -> None:
    # Code civil 1240 (Tricoteuses): "Date de début: 2016-10-01" and a MODIFIE cible link to the
    # Ordonnance n° 2016-131 du 10 février 2016 — never the path of the file it was read from.
    store = tmp_path / "store"
    article = next((CORPUS / "tricoteuses-code-civil").rglob("article_1240.md"))
    assert run(store, "ingest", str(article)).exit_code == 0
    at = json.loads(run(store, "at", "2017-01-01", "code-civil/1240", "--json").output)
    assert at["status"] == "in_force"
    assert at["version"]["start"] == "2016-10-01"
    assert at["version"]["source"].startswith("Ordonnance n° 2016-131 du 10 février 2016")


def test_exported_version_files_take_their_amending_text_from_the_export_index(tmp_path: Path) -> None:
    # corpus/steeve-everything/versions/index.tsv: L227-1's version of 2009-05-12 comes from the commit
    # "Loi N°2009-526 Du 12 Mai 2009 - Art. 122", committed 2009-05-14: LEGI's start of the version.
    store = tmp_path / "store"
    version = next((CORPUS / "steeve-everything" / "versions").rglob("Article L227-1@2009-05-12_*.md"))
    assert run(store, "ingest", str(version)).exit_code == 0
    at = json.loads(run(store, "at", "2010-01-01", "code-de-la-securite-sociale/L227-1", "--json").output)
    assert at["version"]["start"] == "2009-05-14"
    assert at["version"]["source"] == "Loi N°2009-526 Du 12 Mai 2009 - Art. 122"


def test_ingest_names_sections_as_parse_does(tmp_path: Path) -> None:
    # Code civil 1101 (Tricoteuses): its folders say "sous-titre_ier/chapitre_ier"; the README.md beside it
    # give the titles "Sous-titre Ier : Le contrat" and "Chapitre Ier : Dispositions liminaires".
    import subprocess

    store = tmp_path / "store"
    article = next((CORPUS / "tricoteuses-code-civil").rglob("article_1101.md"))
    assert run(store, "ingest", str(article)).exit_code == 0
    shown = subprocess.run(
        ["git", "--git-dir", str(store / "repo.git"), "show", "main:code-civil/1100-1199/1101.md"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Sous-titre Ier : Le contrat" in shown
    assert "Chapitre Ier : Dispositions liminaires" in shown


def test_an_article_codified_long_before_its_file_version_was_in_force_before_it(tmp_path: Path) -> None:
    # Code civil 1101 (Tricoteuses): "Date de début: 2016-10-01", "CODIFICATION source Loi 1804-02-07".
    store = tmp_path / "store"
    article = next((CORPUS / "tricoteuses-code-civil").rglob("article_1101.md"))
    assert run(store, "ingest", str(article)).exit_code == 0
    at = json.loads(run(store, "at", "2010-01-01", "code-civil/1101", "--json").output)
    assert at["status"] == "in_force"
    assert (at["version"]["start"], at["version"]["end"]) == ("1804-02-07", "2016-10-01")
    assert at["version"]["text"] is None  # the file does not give that text
