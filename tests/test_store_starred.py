"""Texts cite "l'article R. 142-9" where LEGI numbers the article R*142-9, and a CGI annex cites the CGI's
articles bare: the store's edges go to the article it holds (refs.held_targets), as the citation resolver
does when its hook knows the code's articles.

Real files and commits of steeve's history (tests/fixtures/starred/README.md says which).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from history_builder import Commit, write_history

from lextrack.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "starred"
FOLDER = "Code De La Construction Et De L'Habitation/Partie Réglementaire/Livre Ier/Titre IV/Chapitre II"
CCH = "code-de-la-construction-et-de-l-habitation"


def files(day: str, *nums: str, folder: str = FOLDER) -> dict[str, bytes | None]:
    return {f"{folder}/Article {n}.md": (FIXTURES / f"{n}.{day}.md").read_bytes() for n in nums}


OLD = Commit(
    "1979-08-03T00:00:00+02:00",
    "Décret 81-87 1981-01-31 Art. 4 Jorf 3 Février 1981",
    files("1979-08-03", "R*142-9", "R*142-10"),
)
NEW = Commit(
    "2011-06-14T00:00:00+02:00",
    "Décret N°2011-666 Du 14 Juin 2011 - Art. 1",
    files("2011-06-14", "R142-9", "R142-10"),
)


def cited_by(store: Path, article: str) -> list[tuple[str, str | None, str]]:
    r = CliRunner().invoke(cli, ["cited-by", f"{CCH}/{article}", "--json", "--store", str(store)])
    assert r.exit_code == 0, r.output
    edges = json.loads(r.output)["references"]
    return sorted((e["source"], e.get("pinpoint"), e["valid_from"]) for e in edges)


def ingest(repo: Path, store: Path) -> None:
    r = CliRunner().invoke(cli, ["ingest", "--git", str(repo), "--store", str(store)])
    assert r.exit_code == 0, r.output


def test_an_article_cited_without_its_star_is_the_starred_one(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "old.git", [OLD]), store)
    assert cited_by(store, "R*142-9") == [(f"{CCH}/R*142-10", "1 et 2", "1979-08-03")]
    # the decree of 2011 adds R142-9: what cites "R. 142-9" from then on is that article, what cited it
    # before stays R*142-9's (the same history, one commit longer: read from where the first ingest stopped)
    ingest(write_history(tmp_path / "h.git", [OLD, NEW]), store)
    assert cited_by(store, "R*142-9") == [(f"{CCH}/R*142-10", "1 et 2", "1979-08-03")]
    assert cited_by(store, "R142-9") == [(f"{CCH}/R142-10", "2°", "2011-06-14")]


def test_one_ingest_of_both_gives_the_same_edges(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "h.git", [OLD, NEW]), store)
    assert cited_by(store, "R*142-9") == [(f"{CCH}/R*142-10", "1 et 2", "1979-08-03")]
    assert cited_by(store, "R142-9") == [(f"{CCH}/R142-10", "2°", "2011-06-14")]


def test_an_id_typed_without_the_star_finds_the_starred_article(tmp_path: Path) -> None:
    """Users write the number as texts do: "R. 142-9" is R*142-9 while the store has no R142-9."""
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "old.git", [OLD]), store)

    def at(article: str) -> str:
        r = CliRunner().invoke(cli, ["at", "1990-01-01", article, "--json", "--store", str(store)])
        assert r.exit_code == 0, r.output
        return json.loads(r.output)["id"]

    for typed in (f"{CCH}/R142-9", f"{CCH}/r. 142-9", "R142-9", f"{CCH}/R*142-9"):
        assert at(typed) == f"{CCH}/R*142-9", typed
    ingest(write_history(tmp_path / "h.git", [OLD, NEW]), store)
    assert at(f"{CCH}/R142-9") == f"{CCH}/R142-9"  # once it exists, R142-9 is itself
    assert at(f"{CCH}/R*142-9") == f"{CCH}/R*142-9"


def _coj(*nums: str) -> Commit:
    folder = "Code De L'Organisation Judiciaire/Partie Réglementaire Ancienne - Décrets En Conseil D'Etat"
    return Commit(
        "1988-01-13T00:00:00+01:00",
        "Décret N°88-38 Du 13 Janvier 1988 - Art. 6 () Jorf 15 Janvier 1988",
        files("1988-01-13", *nums, folder=f"{folder}/Livre IV"),
    )


def _cited_by_r412_8(store: Path) -> list[tuple[str, str]]:
    coj = "code-de-l-organisation-judiciaire"
    r = CliRunner().invoke(cli, ["cited-by", f"{coj}/R412-8", "--json", "--store", str(store)])
    return [(e["source"], e["valid_from"]) for e in json.loads(r.output)["references"]]


def test_a_star_written_where_the_article_has_none_goes_to_the_article(tmp_path: Path) -> None:
    """R412-7 of the Code de l'organisation judiciaire cites "R.* 412-8", which LEGI numbers R412-8."""
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "h.git", [_coj("R412-7", "R412-8")]), store)
    assert _cited_by_r412_8(store) == [("code-de-l-organisation-judiciaire/R412-7", "1988-01-15")]


def test_a_later_ingest_brings_the_article_a_star_was_written_for(tmp_path: Path) -> None:
    """R412-7 alone first (its edge to "R*412-8" has no article), then R412-8, a commit of that history."""
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "first.git", [_coj("R412-7")]), store)
    coj = "code-de-l-organisation-judiciaire"
    r = CliRunner().invoke(cli, ["cites", f"{coj}/R412-7", "--json", "--store", str(store)])
    assert f"{coj}/R*412-8" in [e["target"] for e in json.loads(r.output)["references"]]
    ingest(write_history(tmp_path / "h.git", [_coj("R412-7"), _coj("R412-8")]), store)
    assert _cited_by_r412_8(store) == [("code-de-l-organisation-judiciaire/R412-7", "1988-01-15")]


ANNEX = Path(__file__).resolve().parent / "fixtures" / "annex-cites-cgi"
CGI = "code-general-des-impots"


def test_an_annex_of_the_cgi_citing_the_cgis_article_bare(tmp_path: Path) -> None:
    """Annexe II, 294 bis names "l'article 787 B du code général des impôts" once, then writes "au b de
    l'article 787 B": the CGI's article (the annex has none numbered so), once the store holds it."""
    cgi, annex = _cgi_and_annex()
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "h.git", [cgi, annex]), store)
    _cites_the_cgis_787_b(store)


def test_an_annex_citing_an_article_of_the_cgi_a_later_ingest_brings(tmp_path: Path) -> None:
    """The annex first, the CGI's article in a second ingest (the same history, one commit longer): the edges
    the first wrote to the annex's "787 B" go to the CGI's then."""
    cgi, annex = _cgi_and_annex()
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "first.git", [annex]), store)
    ingest(write_history(tmp_path / "h.git", [annex, cgi]), store)
    _cites_the_cgis_787_b(store)


def _real(when: str, subject: str, path: str, fixture: str) -> Commit:
    """A commit of steeve's history with one of its files (tests/fixtures/annex-cites-cgi/README.md)."""
    return Commit(when, subject, {path: (ANNEX / fixture).read_bytes()})


def _cgi_and_annex() -> tuple[Commit, Commit]:
    cgi = _real(
        "2008-12-27T00:00:00+01:00",
        "Loi N°2008-1425 Du 27 Décembre 2008 - Art. 152",
        "Code Général Des Impôts, Cgi/Livre Premier/Première Partie/Titre IV/Chapitre Premier/"
        "Article 787 B.md",
        "787 B.2008-12-27.md",
    )
    annex = _real(
        "2009-09-03T00:00:00+02:00",
        "Décret N°2009-1092 Du 3 Septembre 2009 - Art. 1",
        "Code Général Des Impôts, Annexe 2, Cgian2/Article 294 bis.md",
        "294 bis.2009-09-03.md",
    )
    return cgi, annex


def _cites_the_cgis_787_b(store: Path) -> None:
    r = CliRunner().invoke(cli, ["cites", f"{CGI}-annexe-ii/294 bis", "--json", "--store", str(store)])
    assert r.exit_code == 0, r.output
    targets = [e["target"] for e in json.loads(r.output)["references"]]
    # "l'article 787 B" 15 times, "du même article" 3, "cet article" 2: the CGI's, the first named so only
    assert f"{CGI}-annexe-ii/787 B" not in targets
    assert targets.count(f"{CGI}/787 B") >= 15, targets


def test_an_annexs_article_named_as_such_stays_the_annexs(tmp_path: Path) -> None:
    """Code des communes R233-18: "des articles 104, 105, 106 et 110 de l'annexe III du code général des
    impôts". The store holds the CGI's 104 and not the annex's: the edge names the annex, and stays."""
    cgi = _real(
        "2008-07-04T00:00:00+02:00",
        "Modification Directe Incorporée Dans L'Édition Du 4 Juillet 1992",
        "Code Général Des Impôts, Cgi/Assiette Et Liquidation De L'Impot/Impots D'Etat/Impots Directs/"
        "Impot Sur Le Revenu/Article 104.md",
        "104.2008-07-04.md",
    )
    communes = _real(
        "1977-01-27T00:00:00+01:00",
        "Décret 77-91 1977-01-27 Jorf Et Jonc 3 Fevrier 1977 Date D'Entrée En Vigueur 20 Mars 1977",
        "Code Des Communes/Partie Réglementaire/Finances Communales/Recettes/Taxes, Redevances Ou Versements"
        " Autres Que Ceux Prévus Par Le Code Général Des Impôts/Article R233-18.md",
        "R233-18.1977-01-27.md",
    )
    store = tmp_path / "store"
    ingest(write_history(tmp_path / "h.git", [cgi, communes]), store)
    r = CliRunner().invoke(cli, ["cites", "code-des-communes/R233-18", "--json", "--store", str(store)])
    assert r.exit_code == 0, r.output
    targets = [e["target"] for e in json.loads(r.output)["references"]]
    assert targets == [f"{CGI}-annexe-iii/{n}" for n in ("104", "105", "106", "110")], targets
