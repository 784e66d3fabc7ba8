"""Edges as record_refs stores them, and the LEGI `sens` direction settled on real files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lextrack.parser import parse_file
from lextrack.store.edges import legi_edge, metadata_interval, refs_of
from lextrack.store.refs import iter_refs, record_article, record_refs

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = CORPUS / "seeds" / "code-de-la-securite-sociale"
CIVIL = CORPUS / "tricoteuses-code-civil" / "snapshot" / "api" / "data" / "livre_iii" / "titre_iii"
CSS = "code-de-la-securite-sociale"


def _edges(article) -> set[tuple[str, str, str]]:
    return {(r.type, r.source, r.target) for r in refs_of(article, article.start, article.end)}


def test_creation_source_means_created_by_the_target():
    # D215-16's own LEGI file: CREATION sens="source" -> Décret n°2007-1480 du 16 octobre 2007, which
    # created it (its first version starts 2007-10-18, the decree's JORF date).
    a = parse_file(CORPUS / "legi-xml" / "article_LEGIARTI000006291810.xml")
    edges = _edges(a)
    assert ("created_by", "code-de-la-consommation/D215-16", "decret/2007-1480") in edges
    assert not any(t == "created_by" and s == "decret/2007-1480" for t, s, _ in edges)


def test_citation_source_means_the_holder_cites_the_target():
    # D215-16's text says "l'article L. 215-1"; its LIEN CITATION sens="source" points at L215-1.
    a = parse_file(CORPUS / "legi-xml" / "article_LEGIARTI000006291810.xml")
    assert "L. 215-1" in a.text
    legi = [r for r in refs_of(a, a.start, a.end) if r.provenance == "legi" and r.type == "cites"]
    assert [(r.source, r.target) for r in legi] == [
        ("code-de-la-consommation/D215-16", "code-de-la-consommation/L215-1")
    ]


def test_tricoteuses_citation_cible_is_cited_by():
    # Code civil 1188 lists CITATION cible -> Code de la consommation L212-1: L212-1 cites 1188, not the
    # reverse (1188's text cites no article; 1174's text cites 1366, 1367, 1369, listed as CITATION source).
    a1188 = parse_file(CIVIL / "sous-titre_ier" / "chapitre_iii" / "article_1188.md")
    assert ("cites", "code-de-la-consommation/L212-1", "code-civil/1188") in _edges(a1188)
    a1174 = parse_file(
        CIVIL / "sous-titre_ier" / "chapitre_ii" / "section_3" / "sous-section_2" / "article_1174.md"
    )
    cited = {t for ty, s, t in _edges(a1174) if ty == "cites" and s == "code-civil/1174"}
    assert {"code-civil/1366", "code-civil/1367", "code-civil/1369"} <= cited


def test_tricoteuses_cree_cible_is_created_by():
    a = parse_file(CIVIL / "article_1100.md")
    assert ("created_by", "code-civil/1100", "ordonnance/2016-131") in _edges(a)


@pytest.mark.parametrize(
    ("typelien", "sens", "expected"),
    [
        ("CREATION", "source", ("created_by", False)),
        ("CREE", "cible", ("created_by", False)),
        ("CREE", "source", ("created_by", True)),
        ("CREATION", "cible", ("created_by", True)),
        ("ABROGATION", "source", ("abrogated_by", False)),
        ("ABROGE", "cible", ("abrogated_by", False)),
        ("MODIFIE", "source", ("modified_by", True)),
        ("TRANSFERE", "cible", ("transferred_by", False)),
        ("CITATION", "source", ("cites", False)),
        ("CITATION", "cible", ("cites", True)),
        ("PERIME", "cible", ("lapsed_by", False)),
        ("TRANSFERE", None, None),
    ],
)
def test_each_pair_is_one_relation_in_one_direction(typelien, sens, expected):
    assert legi_edge(typelien, sens) == expected


def test_both_sides_of_a_pair_give_the_same_edge():
    # The noun from one side and the participle from the other side name one relation.
    for noun, participle in (("CREATION", "CREE"), ("MODIFICATION", "MODIFIE"), ("DEPLACEMENT", "DEPLACE")):
        assert legi_edge(noun, "source") == legi_edge(participle, "cible")
        assert legi_edge(noun, "cible") == legi_edge(participle, "source")


def test_r133_19_metadata_edges_and_interval():
    a = parse_file(SEEDS / "article-R133-19.wrapped-liens.txt")
    # Créé par Décret n°2013-597 du 8 juillet 2013; TRANSFERE: Décret n°2017-864 du 9 mai 2017.
    assert metadata_interval(a) == ("2013-07-08", "2017-05-09")
    edges = _edges(a)
    r = f"{CSS}/R133-19"
    assert ("created_by", r, "decret/2013-597") in edges
    assert ("transferred_by", r, "decret/2017-864") in edges
    assert ("transferred_to", r, f"{CSS}/R133-2-10") in edges
    assert ("cites", r, f"{CSS}/L752-4") in edges


def test_l633_12_codified_created_abrogated():
    a = parse_file(SEEDS / "article-L633-12.wrapped-liens.txt")
    edges = _edges(a)
    art = f"{CSS}/L633-12"
    assert ("codified_by", art, "decret/85-1353") in edges
    assert ("abrogated_by", art, "ordonnance/2005-1528") in edges
    # "Rapport - art. 4 () JORF 25 avril 1996 en vigueur le 1er janvier 1997": known by its JORF date only.
    assert ("created_by", art, "rapport/jorf-1996-04-25") in edges
    assert metadata_interval(a) == ("1997-01-01", "2005-12-08")


def test_anchor_and_text_citation_are_one_ref():
    a = parse_file(SEEDS / "article-L114-23.markdown-html.txt")
    refs = [r for r in refs_of(a, None, None) if r.target == f"{CSS}/L227-1"]
    assert len(refs) == 1
    assert refs[0].clause == "III"
    assert set(refs[0].provenance.split("+")) == {"text", "anchor"}


def test_nota_citation_is_recorded_with_its_clause():
    # L227-1's NOTA: "Conformément au V de l'article 32 de la loi n° 2020-1576 du 14 décembre 2020".
    a = parse_file(SEEDS / "article-L227-1.markdown-html.txt")
    nota = [r for r in refs_of(a, None, None) if r.clause == "nota"]
    assert [(r.type, r.target) for r in nota] == [("cites_text", "loi/2020-1576")]
    assert "art. 32" in nota[0].pinpoint


def test_record_refs_is_idempotent_and_filters_by_date():
    conn = sqlite3.connect(":memory:")
    a = parse_file(SEEDS / "article-R133-19.wrapped-liens.txt")
    n = record_article(conn, a)
    assert record_article(conn, a) == n
    assert len(list(iter_refs(conn))) == n
    # In 2015 R133-19 cites L752-4 and was not yet transferred; in 2018 only the transfer holds.
    on_2015 = {(r.type, r.target) for r in iter_refs(conn, date="2015-01-01")}
    assert ("cites", f"{CSS}/L752-4") in on_2015
    assert not any(t.startswith("transferred") for t, _ in on_2015)
    on_2018 = {(r.type, r.target) for r in iter_refs(conn, date="2018-01-01")}
    assert ("transferred_to", f"{CSS}/R133-2-10") in on_2018
    assert not any(t == "cites" for t, _ in on_2018)


def test_two_versions_keep_their_own_rows():
    conn = sqlite3.connect(":memory:")
    a = parse_file(SEEDS / "article-L227-1.markdown-html.txt")
    record_refs(conn, a, "2021-01-01", None)
    record_refs(conn, a, "2019-01-01", "2021-01-01")
    starts = {r.start for r in iter_refs(conn)}
    assert starts == {"2019-01-01", "2021-01-01"}


def test_recording_stays_inside_the_callers_transaction():
    # Store ingest writes a version and its edges in one transaction: a failure must take both back.
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    record_article(conn, parse_file(SEEDS / "article-R133-19.wrapped-liens.txt"))
    assert conn.in_transaction
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='refs'").fetchone() == (0,)
