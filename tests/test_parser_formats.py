"""Each real format read through the public API; expectations checked by hand against the files."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from lextrack.errors import ParseError
from lextrack.model import ClauseKind, LinkKind
from lextrack.parser import FORMATS, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
ETALAB = CORPUS / "etalab-codes" / "snapshot" / "codes-en-vigueur"
STEEVE = CORPUS / "steeve-everything" / "snapshot" / "Code De La Sécurité Sociale"
TRICO = CORPUS / "tricoteuses-code-civil" / "snapshot" / "api" / "data" / "livre_iii" / "titre_iii"
LEGI = ROOT / "tests" / "fixtures" / "legi"


def test_formats_tuple_is_the_public_contract():
    assert FORMATS == ("markdown-html", "wrapped-text", "setext", "tricoteuses", "legi-xml")


def test_setext_steeve_l227_1():
    a = parse_file(STEEVE / "Partie Législative/Livre 2/Titre 2/Chapitre 7/Article L227-1.md")
    assert a.format == "setext"
    assert a.id == "code-de-la-securite-sociale/L227-1"
    assert a.hierarchy == (
        ("partie", "Partie Législative"),
        ("livre", "Livre 2"),
        ("titre", "Titre 2"),
        ("chapitre", "Chapitre 7"),
    )
    # lines wrapped at 80 are re-joined into their alinéa
    assert (
        "l'autorité compétente de l'Etat conclut respectivement avec la Caisse nationale de l'assurance"
        in a.text
    )
    assert [c.label for c in a.clauses] == ["I", "II", "III"]
    assert a.clauses[1].abrogated


def test_setext_entities_are_decoded():
    path = STEEVE / "Partie Législative/Livre 2/Titre 4/Chapitre 5/Article L245-2.md"
    assert "R &lt; 6,5 %" in path.read_text(encoding="utf-8")
    a = parse_file(path)
    assert "R < 6,5 %" in a.text.split("\n\n")
    assert "&lt;" not in a.text


def test_setext_number_with_a_letter_suffix():
    a = parse_file(STEEVE / "Partie Législative/Livre 2/Titre 4/Chapitre 5/Article L245-5-1 A.md")
    assert a.title == "Article L245-5-1 A"
    assert a.num == "L245-5-1 A"


def test_etalab_markdown_hierarchy_from_section_readmes():
    a = parse_file(
        ETALAB / "code-de-commerce/partie-legislative/livre-ii/titre-ii/chapitre-vii/article-l227-1.md"
    )
    assert a.id == "code-de-commerce/L227-1"
    assert a.format == "markdown-html"
    assert a.hierarchy == (
        ("partie", "Partie legislative"),  # no README in that folder: from the folder name
        ("livre", "LIVRE II : Des sociétés commerciales et des groupements d'intérêt économique."),
        ("titre", "TITRE II : Dispositions particulières aux diverses sociétés commerciales."),
        ("chapitre", "Chapitre VII : Des sociétés par actions simplifiées."),
    )
    assert a.text.startswith("Une société par actions simplifiée peut être instituée par une ou plusieurs")
    assert len(a.text.split("\n\n")) == 5


def test_parse_text_takes_hierarchy_and_code_from_a_blob_path():
    blob = "code-de-commerce/partie-legislative/livre-ii/titre-ii/chapitre-vii/article-l227-1.md"
    text = (ETALAB / blob).read_text(encoding="utf-8")
    a = parse_text(text, path=blob)
    assert a.id == "code-de-commerce/L227-1"
    assert [lvl for lvl, _ in a.hierarchy] == ["partie", "livre", "titre", "chapitre"]
    assert a.hierarchy[1] == ("livre", "Livre II")


def test_etalab_raw_html_table_stays_one_clause_with_rows():
    a = parse_file(ETALAB / "code-de-la-securite-sociale/annexes/article-annexe-a-l-article-a931-10-10.md")
    assert a.id == "code-de-la-securite-sociale/Annexe A931-10-10"
    assert a.title == "Article Annexe à l'article A931-10-10"
    tables = [c for c in a.clauses if c.kind == ClauseKind.TABLE]
    assert len(tables) == 2
    assert tables[0].rows[:3] == (("X", "Lx"), ("0", "100 000"), ("1", "99 129"))
    assert a.text.startswith("Table TD 88-90 (en cas de décès)\n\nX\tLx\n0\t100 000\n")


@pytest.mark.parametrize(
    ("file", "num"),
    [
        ("article-annexe-ii-tableau-no-71-bis.md", "Annexe II Tableau 71 bis"),
        ("article-annexe-ii-tableau-no-1.md", "Annexe II Tableau 1"),
    ],
)
def test_annex_numbers_become_safe_ids(file, num):
    a = parse_file(ETALAB / "code-de-la-securite-sociale/annexes/annexe-ii" / file)
    assert a.num == num


def test_tricoteuses_front_matter_links_and_code_civil():
    a = parse_file(TRICO / "sous-titre_ier/chapitre_ier/article_1101.md")
    assert a.format == "tricoteuses"
    assert a.id == "code-civil/1101"
    assert (a.state, a.start, a.end, a.legi_id) == ("VIGUEUR", "2016-10-01", None, "LEGIARTI000032040787")
    assert a.text == (
        "Le contrat est un accord de volontés entre deux ou plusieurs personnes destiné à créer, modifier, "
        "transmettre ou éteindre des obligations."
    )
    assert a.hierarchy[1:] == (
        ("titre", "Titre III : Des sources d'obligations"),
        ("sous-titre", "Sous-titre Ier : Le contrat"),
        ("chapitre", "Chapitre Ier : Dispositions liminaires"),
    )
    kinds = [(lk.kind, lk.legi_type) for lk in a.links]
    # the ordonnance's "MODIFIE source" (listed among articles referring here) and the article's own
    # "MODIFIE cible" are one relation: modified by the Ordonnance n° 2016-131, kept once
    assert kinds.count((LinkKind.MODIFIED_BY, "MODIFIE")) == 1
    assert kinds.count((LinkKind.CITED_BY, "CITATION")) == 4
    assert (LinkKind.CODIFIED_BY, "CODIFICATION") in kinds
    modified = next(lk for lk in a.links if lk.kind == LinkKind.MODIFIED_BY)
    assert modified.target_legi_id == "LEGIARTI000032006591"
    assert modified.date == "2016-02-10"
    t = modified.target_text
    assert (t.nature, t.number, t.date, t.article) == ("ordonnance", "2016-131", "2016-02-10", "2")
    codified = next(lk for lk in a.links if lk.kind == LinkKind.CODIFIED_BY)
    assert (codified.target_text.nature, codified.target_text.date) == ("loi", "1804-02-07")
    decree = next(lk for lk in a.links if lk.target_legi_id == "LEGIARTI000044048421")
    assert decree.state == "VIGUEUR"
    assert (decree.target_text.number, decree.target_text.article) == ("2020-1352", "5")


def test_tricoteuses_citation_direction_matches_the_text():
    # 1174's text cites articles 1366, 1367 and 1369: those are CITATION source, i.e. "Cite"
    a = parse_file(TRICO / "sous-titre_ier/chapitre_ii/section_3/sous-section_2/article_1174.md")
    cited = {lk.target_text.article for lk in a.links if lk.kind == LinkKind.CITES and lk.target_text}
    assert {"1366", "1367", "1369"} <= cited
    assert {lk.target_article for lk in a.links if lk.kind == LinkKind.CITES} >= {"code-civil/1366"}
    citing = [lk for lk in a.links if lk.kind == LinkKind.CITED_BY]
    assert [lk.target_text.number for lk in citing] == ["71-941"]


def test_legi_xml_real_dila_file():
    a = parse_file(CORPUS / "legi-xml" / "article_LEGIARTI000006291810.xml")
    assert a.id == "code-de-la-consommation/D215-16"
    assert (a.state, a.start, a.end) == ("MODIFIE", "2007-10-18", "2012-11-11")
    assert a.old_id == "AZAXXXXXXXX3X215D16AXXAA"
    assert [v["etat"] for v in a.versions] == ["MODIFIE", "MODIFIE", "ABROGE"]
    assert a.hierarchy[0] == ("partie", "Partie réglementaire")
    assert a.hierarchy[-1] == ("section", "Section 2 : Recherche et constatation.")
    assert len(a.text.split("\n\n")) == 5
    assert [c.label for top in a.clauses for c in top.walk() if c.kind == ClauseKind.LETTRE] == ["a)", "b)"]
    kinds = [(lk.kind, lk.legi_type, lk.direction) for lk in a.links]
    assert kinds == [
        (LinkKind.CITES, "CITATION", "source"),
        (LinkKind.CODIFIED_BY, "CODIFICATION", "source"),
        (LinkKind.CREATED_BY, "CREATION", "source"),
        (LinkKind.CITES, "CITATION", "source"),
    ]
    decree, _, created, code_link = a.links
    assert (decree.target_text.number, decree.target_text.article) == ("62-1587", "80 à 95")
    assert created.target_text.canonical_id == "decret/2007-1480"
    assert created.target_text.jorf_date == "2007-10-18"
    assert code_link.target_article == "code-de-la-consommation/L215-1"
    assert code_link.markers == ("M",)
    assert a.nota is None


def test_legi_fixture_nota_and_versions_out_of_order():
    a = parse_file(LEGI / "article_L227-1_nota_versions.xml")
    assert a.id == "code-de-la-securite-sociale/L227-1"
    assert a.nota_in_force == "2021-01-01"
    assert a.nota.startswith("Conformément au V de l'article 32")
    # VERSIONS come out in date order whatever the file's order; the stillborn version is kept
    assert [v["debut"] for v in a.versions] == [
        "1996-03-28",
        "2008-12-17",
        "2009-05-12",
        "2011-12-21",
        "2021-01-01",
    ]
    assert a.versions[1]["etat"] == "MODIFIE_MORT_NE"
    assert [c.label for c in a.clauses] == ["I", "II", "III"]
    # same text as the Markdown seed it was built from
    md = parse_file(CORPUS / "seeds/code-de-la-securite-sociale/article-L227-1.markdown-html.txt")
    assert a.text == md.text
    assert [lk.kind for lk in a.links].count(LinkKind.MODIFIED_BY) == 3


def test_legi_fixture_transferred_article():
    a = parse_file(LEGI / "article_R133-19_transfere.xml")
    assert (a.state, a.start, a.end) == ("TRANSFERE", "2013-07-08", "2017-05-09")
    moved = [lk for lk in a.links if lk.kind == LinkKind.TRANSFERRED_BY]
    assert [(lk.target_text.number, lk.target_text.article) for lk in moved] == [("2017-864", "1")]
    created = [lk for lk in a.links if lk.kind == LinkKind.CREATED_BY]
    assert created[0].target_text.canonical_id == "decret/2013-597"
    seed = parse_file(CORPUS / "seeds/code-de-la-securite-sociale/article-R133-19.wrapped-liens.txt")
    assert a.text == seed.text


def test_legi_fixture_abrogated_article():
    a = parse_file(LEGI / "article_L633-12_abroge.xml")
    assert a.state == "ABROGE"
    (abrogated,) = [lk for lk in a.links if lk.kind == LinkKind.ABROGATED_BY]
    assert (abrogated.legi_type, abrogated.direction) == ("ABROGE", "cible")
    assert abrogated.target_text.canonical_id == "ordonnance/2005-1528"
    assert abrogated.target_text.jorf_date == "2005-12-09"


def test_format_override_and_detection_agree_on_the_seeds():
    path = CORPUS / "seeds/code-de-la-securite-sociale/article-L633-12.wrapped-liens.txt"
    detected = parse_file(path)
    forced = parse_file(path, format="markdown-html")
    assert detected.format == "wrapped-text" and forced.format == "markdown-html"
    assert forced.text == detected.text
    assert [lk.kind for lk in forced.links] == [lk.kind for lk in detected.links]


def test_pre_table_drawn_with_box_characters():
    # the first rows of the real table of Annexe à l'article A931-10-10, drawn like Légifrance's <pre> tables
    text = (
        "# Article Annexe à l'article A931-10-10\n\nTable TD 88-90 (en cas de décès)\n\n<pre>\n"
        "┌─────┬─────────┐\n│ X   │ Lx      │\n├─────┼─────────┤\n│ 0   │ 100 000 │\n│ 1   │ 99 129  │\n"
        "└─────┴─────────┘\n</pre>\n"
    )
    a = parse_text(text, code="code-de-la-securite-sociale")
    (table,) = [c for c in a.clauses if c.kind == ClauseKind.TABLE]
    assert table.rows == (("X", "Lx"), ("0", "100 000"), ("1", "99 129"))
    assert a.text == "Table TD 88-90 (en cas de décès)\n\nX\tLx\n0\t100 000\n1\t99 129"


def test_tricoteuses_data_dir_anywhere_gets_its_code_from_a_readme_above(tmp_path):
    data = tmp_path / "api" / "data"
    target = data / "livre_iii" / "titre_iii" / "chapitre_ier"
    shutil.copytree(TRICO / "sous-titre_ier" / "chapitre_ier", target)
    article = data / "livre_iii" / "titre_iii" / "chapitre_ier" / "article_1101.md"
    # with nothing naming the code: read all the same, under "unknown-code", with a warning
    bare = parse_file(article)
    assert bare.id == "unknown-code/1101" and "no code" in bare.warnings[0]
    (data / "README.md").write_text("---\n---\n\n<h1>Code civil</h1>\n", encoding="utf-8")
    assert parse_file(article).id == "code-civil/1101" and parse_file(article).warnings == ()
    # a clone named after the code, as Tricoteuses names its repositories, is enough too
    clone = tmp_path / "code_civil"
    shutil.copytree(TRICO / "sous-titre_ier" / "chapitre_ier", clone / "livre_iii" / "chapitre_ier")
    assert parse_file(clone / "livre_iii" / "chapitre_ier" / "article_1101.md").code == "code-civil"


def test_tricoteuses_page_without_front_matter_and_with_a_code_field():
    real = (TRICO / "sous-titre_ier/chapitre_ier/article_1101.md").read_text(encoding="utf-8")
    body = real[real.index("<h1>") :]
    bare = parse_text(body, code="Code civil")
    assert (bare.format, bare.id, bare.state) == ("tricoteuses", "code-civil/1101", None)
    assert bare.text == parse_file(TRICO / "sous-titre_ier/chapitre_ier/article_1101.md").text
    with_code = real.replace("État: VIGUEUR", "Code: Code civil\nÉtat: VIGUEUR", 1)
    assert parse_text(with_code).id == "code-civil/1101"
    with pytest.raises(ParseError, match="front matter not closed"):
        parse_text("---\nÉtat: VIGUEUR\n<h1>Article 1101</h1>\n", code="code-civil")


def test_what_cites_an_article_does_not_name_its_code():
    """A Tricoteuses file names no code and lies in no code folder: the code most of its links point to is
    a guess, and the articles that cite it ("faisant référence à l'article") are mostly in other codes:
    articles 1103 and 1240 of the Code civil, cited from the Code des postes et des communications
    électroniques and the Code de commerce, stay in the Code civil, by what they cite."""
    for rel in ("sous-titre_ier/chapitre_ier/article_1103.md", "sous-titre_ii/chapitre_ier/article_1240.md"):
        data = (TRICO / rel).read_bytes()
        cited_by = [lk for lk in parse_text(data, path=rel).links if lk.kind == LinkKind.CITED_BY]
        assert any(not (lk.target_article or "").startswith("code-civil/") for lk in cited_by)
        a = parse_text(data, path=rel.rsplit("/", 1)[1])
        assert a.code == "code-civil" and any("taken from its links" in w for w in a.warnings), a.warnings


def test_a_decomposed_path_gives_the_same_sections():
    """A history committed from macOS may spell its folders decomposed (NFD): "Partie Législative" is the
    same section title either way, so the same article's versions do not differ by it."""
    rel = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Article L200-1.md"
    data = (CORPUS / "steeve-everything" / "snapshot" / rel).read_bytes()
    composed = parse_text(data, path=rel)
    decomposed = parse_text(data, path=unicodedata.normalize("NFD", rel))
    assert unicodedata.normalize("NFD", rel) != rel
    assert (decomposed.id, decomposed.hierarchy) == (composed.id, composed.hierarchy)
    assert composed.hierarchy[0] == ("partie", "Partie Législative")
