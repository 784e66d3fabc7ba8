"""Issue 16's six families on real sentences of the 64-code bundle (expectations read off by hand), and
the public API that carries context: Alineas, Catalogue, the exists hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lextrack.citations import Alineas, Catalogue, extract, extract_article, to_json
from lextrack.model import Article

ROOT = Path(__file__).resolve().parents[1]
CMF = "code-monetaire-et-financier"
COMM = "code-de-commerce"
CGI = "code-general-des-impots"
CSP = "code-de-la-sante-publique"
CP = "code-penal"


def cites(text: str, code: str | None, article: str | None = None, exists=None) -> list[dict]:
    return [to_json(c) for c in extract(text, code=code, article=article, exists=exists)]


def reg(number: str, date: str | None = None, article: str | None = None, pin: str | None = None) -> dict:
    d = {
        "kind": "text",
        "nature": "règlement",
        "number": number,
        "date": date,
        "article": article,
        "pinpoint": pin,
    }
    return {k: v for k, v in d.items() if v}


# --- 1. EU texts in lists and with their own articles ------------------------------------------------------


def test_eu_list_of_regulations_each_cited():
    # Code des transports L3313-3.
    text = (
        "Il est interdit à tout conducteur routier de prendre à bord d'un véhicule le repos "
        "hebdomadaire normal "
        "défini au h de l'article 4 du règlement (CE) n° 561/2006 du Parlement européen et du "
        "Conseil, du 15 mars "
        "2006, relatif à l'harmonisation de certaines dispositions de la législation sociale dans le "
        "domaine des "
        "transports par route modifiant les règlements (CEE) n° 3821/85 et (CEE) n° 2135/98 du Conseil et "
        "abrogeant le règlement (CEE) n° 3820/85 du Conseil."
    )
    assert cites(text, "code-des-transports") == [
        reg("561/2006", "2006-03-15", "4", "h"),
        reg("3821/85"),
        reg("2135/98"),
        reg("3820/85"),
    ]


def test_eu_articles_with_paragraphs_after_the_number_share_their_regulation():
    # Code des transports L4271-2, II.
    text = (
        "les manquements à l'article 4, paragraphe 2, et à l'article 7 du règlement (UE) n° 1177/2010 du "
        "Parlement européen et du Conseil, du 24 novembre 2010, précité"
    )
    assert cites(text, "code-des-transports") == [
        reg("1177/2010", "2010-11-24", "4", "§2"),
        reg("1177/2010", "2010-11-24", "7"),
    ]


def test_old_wording_and_acts_known_by_tag_and_date():
    # Code de l'urbanisme R*300-9 and Code monétaire et financier L511-41-1 A.
    assert cites(
        "conforme au modèle fixé par le règlement communautaire n° 1564 / 2005 du 7 septembre 2005.",
        "code-de-l-urbanisme",
    ) == [reg("1564/2005", "2005-09-07")]
    assert cites(
        "calculé conformément au paragraphe 3 de l'article 92 du règlement (UE) du 26 juin 2013 cité au I.",
        CMF,
    ) == [reg(None, "2013-06-26", "92", "§3")]


# --- 2. context across the alinéas of one article ----------------------------------------------------------


def test_meme_code_reaches_back_to_an_earlier_alinea():
    # Code de la défense L2339-11-4: 1° names the code pénal, 2° says "du même code".
    alineas = Alineas()
    first = alineas.extract(
        "1° L'amende, suivant les modalités prévues par l'article 131-38 du code pénal ;",
        "code-de-la-defense",
        "L2339-11-4",
    )
    second = alineas.extract(
        "2° Les peines mentionnées aux 2°, 4°, 5°, 8° et 9° de l'article 131-39 du même code.",
        "code-de-la-defense",
        "L2339-11-4",
    )
    assert [to_json(c) for c in first] == [{"kind": "article", "code": CP, "num": "131-38"}]
    assert [to_json(c) for c in second] == [
        {"kind": "article", "code": CP, "num": "131-39", "pinpoint": "2°, 4°, 5°, 8° et 9°"}
    ]
    # Another article starts afresh: "du même code" alone is the citing code's, and the Code de la défense,
    # whose articles all have a letter, has no 131-39 (what the code table knows): unresolved, not the CP.
    other = alineas.extract("aux articles 131-39 du même code", "code-de-la-defense", "L2339-11-5")
    assert other[0].code is None
    assert Alineas(None).extract("aux articles 131-39 du même code", "code-de-la-defense")[0].code == (
        "code-de-la-defense"
    )


def test_meme_article_across_alineas_and_a_line_without_article_starts_afresh():
    # Code de procédure pénale 230-22.
    alineas = Alineas()
    alineas.extract(
        "mentionnées au 1° de l'article 230-20 sont effacées", "code-de-procedure-penale", "230-22"
    )
    again = alineas.extract(
        "mentionnées au 2° du même article sont effacées", "code-de-procedure-penale", "230-22"
    )
    assert [to_json(c) for c in again] == [
        {"kind": "article", "code": "code-de-procedure-penale", "num": "230-20", "pinpoint": "2°"}
    ]
    assert alineas.extract("mentionnées au 2° du même article", "code-de-procedure-penale", None) == []


def test_extract_article_carries_context_across_clauses():
    # Code de la construction et de l'habitation L111-5: "dudit code" in the second alinéa.
    text = (
        "Conformément aux articles L1111-2 à L1111-4, L1311-1 et L1311-2 du code de la santé "
        "publique, dans chaque "
        "département un règlement sanitaire est établi.\n\nConformément aux articles L1331-1 à "
        "L1331-7 dudit code, "
        "les immeubles d'habitation doivent être obligatoirement raccordés aux égouts."
    )
    article = Article(code="code-de-la-construction-et-de-l-habitation", num="L111-5", text=text)
    found = [to_json(c) for _, c in extract_article(article)]
    assert found[-1] == {"kind": "range", "code": CSP, "from": "L1331-1", "to": "L1331-7"}


# --- 3. amending text: renumbered and new articles ---------------------------------------------------------


def test_renumbered_articles_belong_to_the_citing_code_whatever_exists():
    # Code de l'aviation civile R242-1 (bundle history, 83b9f1bb35): R241-4 to R241-6 no longer exist.
    aviation = "code-de-l-aviation-civile"
    catalogue = Catalogue([(aviation, "R242-1"), (aviation, "R242-3")], [aviation])
    text = (
        "(1) (Décret n° 80-909 du 17 novembre 1980, art. 7-IX.) Les articles R. 241-4 à R. 241-6 "
        "deviennent les "
        "articles R. 242-1 à R. 242-3, insérés dans le chapitre II."
    )
    assert cites(text, aviation, exists=catalogue) == [
        {
            "kind": "text",
            "nature": "décret",
            "number": "80-909",
            "date": "1980-11-17",
            "article": "7",
            "pinpoint": "IX",
        },
        {"kind": "range", "code": aviation, "from": "R241-4", "to": "R241-6"},
        {"kind": "range", "code": aviation, "from": "R242-1", "to": "R242-3"},
    ]


def test_editorial_note_naming_the_new_number():
    # Code de la santé publique L642-1 (partie législative ancienne, bundle history 9c36ecfbc5).
    text = "visées à l'article 1768 [*nouvel article 1817*] du Code général des impôts, les infractions"
    assert cites(text, CSP) == [
        {"kind": "article", "code": CGI, "num": "1768"},
        {"kind": "article", "code": CGI, "num": "1817"},
    ]


def test_replacement_words_belong_to_the_amended_code():
    # Code général des collectivités territoriales D2573-8, 2°: the new reference is the CGCT's.
    cgct = "code-general-des-collectivites-territoriales"
    catalogue = Catalogue([(CGI, "204-0 bis"), (cgct, "L1621-1")], [CGI, cgct])
    text = (
        "2° Au dernier alinéa, les mots : \" à l'article 204-0 bis du code général des impôts ” sont "
        "remplacés par "
        "les mots : \" à l'article L. 1621-1 ” ;"
    )
    assert cites(text, cgct, "D2573-8", exists=catalogue) == [
        {"kind": "article", "code": CGI, "num": "204-0 bis"},
        {"kind": "article", "code": cgct, "num": "L1621-1"},
    ]


# --- 4. numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dash", ["\u2011", "\u2010", "\u2013"])
def test_unicode_hyphens_inside_text_numbers(dash: str):
    # Code de justice administrative R811-10-1, 10°, with the hyphen Légifrance prints.
    text = f"en application de l'article 9 de la loi n° 2000{dash}614 du 5 juillet 2000 relative à l'accueil"
    assert cites(text, "code-de-justice-administrative") == [
        {"kind": "text", "nature": "loi", "number": "2000-614", "date": "2000-07-05", "article": "9"}
    ]


def test_capital_suffix_before_a_full_stop():
    # CGI 1599 ter L and 150-0 D.
    assert [
        c["num"]
        for c in cites(
            "les mesures d'application des articles 1599 ter E, 1599 ter F et 1599 ter H à 1599 ter J.", CGI
        )
        if c["kind"] == "article"
    ] == ["1599 ter E", "1599 ter F"]
    assert cites(
        "Elle répond à la définition prévue au e du 2° du I de l'article 199 terdecies-0 A. Cette condition",
        CGI,
    ) == [{"kind": "article", "code": CGI, "num": "199 terdecies-0 A", "pinpoint": "I.2°.e"}]
    # CGI annexe II 1 C: the capital, then a sentence.
    cgi2 = "code-general-des-impots-annexe-ii"
    assert cites("l'état mentionné au sixième alinéa de l'article 1 B. Elle y indique, en outre,", cgi2) == [
        {"kind": "article", "code": cgi2, "num": "1 B", "pinpoint": "al.6"}
    ]


# --- 5. the Constitution and the treaties ------------------------------------------------------------------


def test_constitution_and_treaties_are_texts_with_their_article():
    cgct = "code-general-des-collectivites-territoriales"
    # CGCT LO1113-1, Code des marchés publics 180, CESEDA L513-2.
    assert cites("sur le fondement du quatrième alinéa de l'article 72 de la Constitution,", cgct) == [
        {"kind": "text", "nature": "constitution", "date": "1958-10-04", "article": "72", "pinpoint": "al.4"}
    ]
    assert cites("au sens de l'article 346 du traité sur le fonctionnement de l'Union européenne,", cgct) == [
        {"kind": "text", "nature": "traité", "number": "TFUE", "article": "346"}
    ]
    assert cites(
        "aux stipulations de l'article 3 de la Convention européenne de sauvegarde des droits de l'homme "
        "et des libertés fondamentales du 4 novembre 1950.",
        cgct,
    ) == [{"kind": "text", "nature": "convention", "number": "CEDH", "article": "3"}]


def test_the_treaty_of_an_eu_act_title_is_the_one_in_force_when_it_was_adopted():
    # CGI 199 ter B: "articles 87 et 88 du traité" in a 2008 regulation's title is the EC treaty.
    text = (
        "au règlement (CE) n° 800/2008 de la Commission, du 6 août 2008, déclarant certaines "
        "catégories d'aide "
        "compatibles avec le marché commun en application des articles 87 et 88 du traité"
    )
    got = cites(text, CGI)
    assert [(c.get("number"), c.get("article")) for c in got] == [
        ("800/2008", None),
        ("TCE", "87"),
        ("TCE", "88"),
    ]


def test_conventions_signed_on_a_date():
    # Code de la défense R3125-1.
    text = (
        "au registre d'immatriculation prévu à l'article 17 de la convention relative à l'aviation civile "
        "internationale signée à Chicago le 7 décembre 1944."
    )
    assert cites(text, "code-de-la-defense") == [
        {"kind": "text", "nature": "convention", "date": "1944-12-07", "article": "17"}
    ]


# --- 6. resolution that checks what exists -----------------------------------------------------------------


def test_bare_number_goes_to_the_code_named_last_that_has_it():
    # Code de la route L231-1: the code pénal's articles reproduced.
    route = "code-de-la-route"
    catalogue = Catalogue([(CP, "434-10"), (CP, "221-6"), (CP, "222-19")], [route, CP])
    alineas = Alineas(catalogue)
    alineas.extract(
        "fixées par les articles 434-10 et 434-45 du code pénal ci-après reproduits :", route, "L231-1"
    )
    got = alineas.extract("Lorsqu'il y a lieu à l'application des articles 221-6 et 222-19,", route, "L231-1")
    assert [to_json(c) for c in got] == [
        {"kind": "article", "code": CP, "num": "221-6"},
        {"kind": "article", "code": CP, "num": "222-19"},
    ]


def test_bare_number_no_code_has_is_unresolved():
    # Code monétaire et financier L451-2, V 2° (the code de commerce's L233-7 reproduced), read on its own.
    catalogue = Catalogue([(COMM, "L233-3")], [CMF, COMM])
    text = (
        "2° Lorsque la personne mentionnée au I est contrôlée, au sens de l'article L. 233-3, par une entité"
    )
    assert cites(text, CMF, "L451-2", exists=catalogue) == [
        {"kind": "article", "num": "L233-3", "unresolved": True}
    ]
    # Without a hook: the citing code, as before.
    assert cites(text, CMF, "L451-2") == [{"kind": "article", "code": CMF, "num": "L233-3"}]
    # A hook that does not know the citing code leaves it alone.
    assert cites(text, CMF, "L451-2", exists=Catalogue([], [COMM]))[0]["code"] == CMF


def test_a_reproduced_article_owns_its_present_article():
    # Code monétaire et financier L451-2 reproduces the code de commerce's L233-7-1.
    catalogue = Catalogue([(COMM, "L233-7"), (COMM, "L233-7-1")], [CMF, COMM])
    alineas = Alineas(catalogue)
    alineas.extract(
        "Les règles sont fixées par les articles L. 233-7 à L. 233-14 du code de commerce, reproduits "
        "ci-après :",
        CMF,
        "L451-2",
    )
    alineas.extract(
        "\" Art. L. 233-7-1.-Lorsque les actions de la société ont cessé d'être admises,", CMF, "L451-2"
    )
    got = alineas.extract(
        "Le VII de l'article L. 233-7 est également applicable à la personne mentionnée au premier "
        'alinéa du présent article. "',
        CMF,
        "L451-2",
    )
    assert [to_json(c) for c in got] == [
        {"kind": "article", "code": COMM, "num": "L233-7", "pinpoint": "VII"},
        {"kind": "article", "code": COMM, "num": "L233-7-1", "pinpoint": "al.1"},
    ]


def test_catalogue_gives_the_starred_spelling():
    # Code des communes R*165-35 cites "R. 165-32", which LEGI numbers R*165-32.
    communes = "code-des-communes"
    catalogue = Catalogue([(communes, "R*165-32")], [communes])
    (c,) = extract(
        "dans les cas prévus au 1°, 2° et 5° de l'article R. 165-32.", code=communes, exists=catalogue
    )
    assert (c.num, c.ids) == ("R*165-32", ("code-des-communes/R*165-32",))


def test_catalogue_from_tsv(tmp_path: Path):
    path = tmp_path / "cat.tsv"
    path.write_text("# comment\ncode-penal\t\ncode-civil\t1240\n", encoding="utf-8")
    cat = Catalogue.from_tsv(path)
    assert (cat("code-civil", "1240"), cat("code-penal", "121-2"), cat("code-rural", "L1")) == (
        True,
        False,
        None,
    )


# --- the dev set --------------------------------------------------------------------------------------------


def test_dev_set_has_every_family_and_codes_outside_the_corpus():
    rows = [
        json.loads(line) for line in (ROOT / "tests" / "data" / "citations_dev.jsonl").open(encoding="utf-8")
    ]
    assert len(rows) >= 400
    corpus_codes = {
        "code-de-la-securite-sociale",
        "code-de-commerce",
        "code-civil",
        "code-de-la-consommation",
    }
    assert sum(r["context_code"] not in corpus_codes for r in rows) * 2 >= len(rows)
    families = {}
    for r in rows:
        families[r["family"]] = families.get(r["family"], 0) + 1
    for family in ("eu_texts", "alinea_context", "amending", "numbers", "constitution_treaties", "exists"):
        assert families.get(family, 0) >= 15, family


def test_texts_known_by_their_date_listed():
    # CGCT, annexe XI-I.
    assert cites("(*) Dotations au titre des lois du 7 janvier 1983 et du 23 juillet 1987.", None) == [
        {"kind": "text", "nature": "loi", "date": "1983-01-07"},
        {"kind": "text", "nature": "loi", "date": "1987-07-23"},
    ]


# --- Notes that name the code before "art." ---------------------------------------------------------------


def test_a_note_names_the_cgi_annex_or_the_code_before_art():
    """The CGI's notes cite its annexes, the LPF and other codes as "(1) Annexe III, art. 41 W" (CGI 163
    quinquies B, 81): the code written before "art." is the numbers' code, not the citing one."""
    a3, lpf = f"{CGI}-annexe-iii", "livre-des-procedures-fiscales"
    text = (
        "(1) Annexe III, art. 41 W à 41 X. Voir également Annexe III, art. 39 quater, 39 quinquies,"
        " 41 sexdecies G, 280 A et livre des procédures fiscales, art. R 87-1."
    )
    assert cites(text, CGI, "163 quinquies B") == [
        {"kind": "range", "code": a3, "from": "41 W", "to": "41 X"},
        {"kind": "article", "code": a3, "num": "39 quater"},
        {"kind": "article", "code": a3, "num": "39 quinquies"},
        {"kind": "article", "code": a3, "num": "41 sexdecies G"},
        {"kind": "article", "code": a3, "num": "280 A"},
        {"kind": "article", "code": lpf, "num": "R87-1"},
    ]
    assert cites("(6) Code du travail, art. L122-14-13.", CGI, "81") == [
        {"kind": "article", "code": "code-du-travail", "num": "L122-14-13"}
    ]
    # "Annexe III" is the CGI's in the notes of the CGI, its annexes and the LPF only: read as a note of the
    # Code de commerce, the same words name no annex we know, and the numbers stay the citing code's.
    assert cites("(1) Annexe IV, art. 93 J à 93 L.", f"{CGI}-annexe-iii", "304") == [
        {"kind": "range", "code": f"{CGI}-annexe-iv", "from": "93 J", "to": "93 L"}
    ]
    assert cites("(1) Annexe IV, art. 93 J à 93 L.", COMM)[0]["code"] == COMM


def test_a_list_of_paragraphs_after_a_comma_is_a_list_not_a_nesting():
    """CSS R752-21: "au titre des 2° et 3° du I, du II et du III de l'article L. 752-3-1"."""
    text = (
        "L'employeur doit être en mesure de produire, auprès de l'organisme chargé du recouvrement, tout"
        " document justifiant l'activité exercée par le ou les salariés ouvrant droit à l'exonération au"
        " titre des 2° et 3° du I, du II et du III de l'article L. 752-3-1 et à l'exonération au titre du I"
        " de l'article L. 752-3-2."
    )
    css = "code-de-la-securite-sociale"
    assert cites(text, css, "R752-21") == [
        {"kind": "article", "code": css, "num": "L752-3-1", "pinpoint": "I.2° et 3°, II et III"},
        {"kind": "article", "code": css, "num": "L752-3-2", "pinpoint": "I"},
    ]


def test_a_cgi_annex_cites_the_cgi_bare():
    """CGI Annexe II, 396 B: "au 1 de l'article 1912" (an article of the CGI, which the annex lacks)."""
    annex = f"{CGI}-annexe-ii"
    text = (
        "Le comptable chargé du recouvrement mentionné au 1 de l'article 1912 est le comptable compétent de"
        " la direction générale des finances publiques."
    )
    catalogue = Catalogue([(CGI, "1912"), (annex, "396 B")], [CGI, annex])
    assert cites(text, annex, "396 B", exists=catalogue) == [
        {"kind": "article", "code": CGI, "num": "1912", "pinpoint": "1"}
    ]
    # Without a hook the citing code (the annex) is kept, as for any bare number.
    assert cites(text, annex, "396 B")[0]["code"] == annex


def test_article_in_capitals_is_a_citation():
    """Annex titles: "ANNEXE À L'ARTICLE R. 313-1-1 DU CODE DE LA CONSOMMATION" (CMF R313-1), "… VISÉS PAR
    L'ARTICLE 706-26 DU CODE DE PROCÉDURE PÉNALE" (CPP D47-2): ET, DU after a number are no suffix."""
    assert cites("ANNEXE À L'ARTICLE R. 313-1-1 DU CODE DE LA CONSOMMATION", CMF, "R313-1") == [
        {"kind": "article", "code": "code-de-la-consommation", "num": "R313-1-1"}
    ]
    cpp = "code-de-procedure-penale"
    text = "POUR JUGER LES CRIMES VISÉS PAR L'ARTICLE 706-26 DU CODE DE PROCÉDURE PÉNALE"
    assert cites(text, cpp, "D47-2") == [{"kind": "article", "code": cpp, "num": "706-26"}]


def test_the_cgi_writes_a_paragraph_after_a_dash():
    """CGI 1090 C and Annexe II, 327 L: "1090 A-II-b" is 1090 A's II.b (not article 1090), "324 T-I" 324 T's
    I; "1090 B, premier alinéa" is 1090 B's first alinéa (not an article 1)."""
    text = (
        "II Si le bénéficiaire de l'aide judiciaire est condamné aux dépens, le recouvrement ne porte que sur"
        " les droits et pénalités visés aux articles 1090 A-II-b et 1090 B, premier alinéa (1)."
    )
    assert cites(text, CGI, "1090 C") == [
        {"kind": "article", "code": CGI, "num": "1090 A", "pinpoint": "II.b"},
        {"kind": "article", "code": CGI, "num": "1090 B", "pinpoint": "al.1"},
    ]
    a3 = f"{CGI}-annexe-iii"
    text = (
        "Les équivalences superficielles prévues par les articles 324 T-I et 324 U-II de l'annexe III au code"
        " général des impôts sont complétées comme suit"
    )
    assert cites(text, f"{CGI}-annexe-ii", "327 L") == [
        {"kind": "article", "code": a3, "num": "324 T", "pinpoint": "I"},
        {"kind": "article", "code": a3, "num": "324 U", "pinpoint": "II"},
    ]


def test_a_code_named_in_passing_is_the_same_code_after_it():
    """CSP R1432-124 and Code du sport L122-11: a code named by one of its divisions, not by an article, is
    what "du même code" and "de ses articles" then mean."""
    text = (
        "La validité des accords collectifs de travail prévus par le livre II de la deuxième partie du code"
        " du travail est subordonnée à leur signature par des organisations syndicales dans les conditions"
        " prévues à l'article L. 2232-12 du même code, en se référant aux résultats des élections du comité"
        " d'agence."
    )
    travail = {"kind": "article", "code": "code-du-travail", "num": "L2232-12"}
    assert cites(text, CSP, "R1432-124") == [travail]
    cgct = "code-general-des-collectivites-territoriales"
    text = (
        "Les sociétés sportives ne peuvent bénéficier des aides prévues par les dispositions du titre Ier du"
        " livre V de la première partie du code général des collectivités territoriales ainsi que par les"
        " articles L. 2251-3 et L. 3231-3 du même code."
    )
    assert cites(text, "code-du-sport", "L122-11") == [
        {"kind": "article", "code": cgct, "num": "L2251-3"},
        {"kind": "article", "code": cgct, "num": "L3231-3"},
    ]


def test_alineas_written_after_the_number():
    """Code du domaine de l'État A115-1: "l'article L. 69-1, deuxième et troisième alinéas, la valeur …"."""
    text = (
        "Pour l'application des dispositions de l'article L. 69-1, deuxième et troisième alinéas, la valeur"
        " vénale unitaire des biens mobiliers pouvant être cédés gratuitement est fixée respectivement à 1500"
        " et à 300 euros."
    )
    domaine = "code-du-domaine-de-l-etat"
    assert cites(text, domaine, "A115-1") == [
        {"kind": "article", "code": domaine, "num": "L69-1", "pinpoint": "al.2 et al.3"}
    ]


def test_a_number_said_cited_above_keeps_the_code_it_was_cited_with():
    """CSS L173-2-0-1 A: "… l'article L. 17 du code des pensions civiles et militaires de retraite … l'article
    L. 351-10 du présent code et de l'article L. 17 susmentionné": the pensions code's L. 17 again."""
    text = (
        "Un décret détermine les modalités d'application de l'article L. 173-2 du présent code et des"
        " septième et huitième alinéas de l'article L. 17 du code des pensions civiles et militaires de"
        " retraite dans le cas où ces dispositions sont applicables à l'assuré susceptible de bénéficier du"
        " minimum de pension dans plusieurs régimes au titre de l'article L. 351-10 du présent code et de"
        " l'article L. 17 susmentionné."
    )
    css, pensions = "code-de-la-securite-sociale", "code-des-pensions-civiles-et-militaires-de-retraite"
    assert cites(text, css, "L173-2-0-1 A") == [
        {"kind": "article", "code": css, "num": "L173-2"},
        {"kind": "article", "code": pensions, "num": "L17", "pinpoint": "al.7 et al.8"},
        {"kind": "article", "code": css, "num": "L351-10"},
        {"kind": "article", "code": pensions, "num": "L17"},
    ]


def test_a_text_named_again_by_its_date_keeps_its_number():
    """CGI Annexe II, 102 B: "la loi no 66-537 du 24 juillet 1966 … l'article 192 modifié de la loi du 24
    juillet 1966 … l'article 191-1 de la loi précitée"; CCH R*422-18: "l'article 5 de la loi précitée du 10
    septembre 1947" (a text named with "précitée" and its date)."""
    text = (
        "b. Si elle fait publiquement appel à l'épargne, au jour de la tenue de l'assemblée générale"
        " constitutive prévue à l'article 79 de la loi no 66-537 du 24 juillet 1966 sur les sociétés"
        " commerciales. II. Une augmentation de capital faite dans les conditions prévues à l'article 192"
        " modifié de la loi du 24 juillet 1966, est considérée comme réalisée : a. A la date du certificat"
        " du dépositaire ou à la date de la signature du contrat de garantie conclu dans les conditions"
        " prévues à l'article 191-1 de la loi précitée en cas d'augmentation de capital par émission"
        " d'actions à souscrire en numéraire ;"
    )
    loi = {"kind": "text", "nature": "loi", "number": "66-537", "date": "1966-07-24"}
    assert cites(text, f"{CGI}-annexe-ii", "102 B") == [
        {**loi, "article": "79"},
        {**loi, "article": "192"},
        {**loi, "article": "191-1"},
    ]
    text = (
        "Conformément aux dispositions de l'article 5 de la loi précitée du 10 septembre 1947, les sociétés"
        " anonymes coopératives d'habitations à loyer modéré de location-attribution peuvent constituer entre"
        " elles des unions de coopératives qui assurent la gestion de services communs."
    )
    assert cites(text, "code-de-la-construction-et-de-l-habitation", "R*422-18") == [
        {"kind": "text", "nature": "loi", "date": "1947-09-10", "article": "5"}
    ]


def test_a_pinpoint_in_parentheses_after_the_number():
    """CSP L2421-4: "des articles L. 2212-1, L. 2212-7 et L. 2212-8 (premier alinéa)"."""
    text = (
        "Les dispositions des articles L. 2212-1, L. 2212-7 et L. 2212-8 (premier alinéa) sont applicables"
        " dans le territoire des îles Wallis-et-Futuna."
    )
    assert cites(text, CSP, "L2421-4") == [
        {"kind": "article", "code": CSP, "num": "L2212-1"},
        {"kind": "article", "code": CSP, "num": "L2212-7"},
        {"kind": "article", "code": CSP, "num": "L2212-8", "pinpoint": "al.1"},
    ]


def test_or_between_bare_numbers_and_between_ordinals():
    """CGI Annexe II, 74 V: "aux articles 50-0 ou 102 ter du code général des impôts" (both the CGI's: bare
    numbers have no families to tell apart); CGI 223 quinquies: "l'article 39-5, premier ou quatrième
    alinéa" (two alinéas of the 5 of article 39, no article 1)."""
    text = (
        "L'état mentionné à l'article 74 U doit être complété par chaque contribuable membre du foyer fiscal"
        " disposant de revenus relevant du régime prévu aux articles 50-0 ou 102 ter du code général des"
        " impôts."
    )
    annex = f"{CGI}-annexe-ii"
    assert cites(text, annex, "74 V") == [
        {"kind": "article", "code": annex, "num": "74 U"},
        {"kind": "article", "code": CGI, "num": "50-0"},
        {"kind": "article", "code": CGI, "num": "102 ter"},
    ]
    text = (
        "Lorsqu'il y a lieu à application des dispositions de l'article 39-5, premier ou quatrième alinéa,"
        " les chiffres globaux, correspondant à chacune des catégories de dépenses visées audit article"
    )
    assert cites(text, CGI, "223 quinquies")[0] == {
        "kind": "article",
        "code": CGI,
        "num": "39",
        "pinpoint": "5.al.1 ou al.4",  # the CGI's dash marks a paragraph: the 5 of article 39
    }
    assert all(c.get("num") != "1" for c in cites(text, CGI, "223 quinquies"))


_CPP_322 = (
    "L'accusé, lorsqu'il est expulsé de la salle d'audience, est gardé par la force publique, jusqu'à la fin"
    " des débats à la disposition de la cour ; il est, après chaque audience, procédé ainsi qu'il est dit à"
    " l'article 320, alinéa 2."
)
_PMI_R102 = (
    "Dans le cas prévu à l'alinéa premier du présent article, la pension militaire est liquidée, mais le"
    " paiement en est suspendu dans la limite des sommes que l'intéressé a reçues au titre de rentes non"
    " cumulables."
)
PMI = "code-des-pensions-militaires-d-invalidite-et-des-victimes-de-guerre"


@pytest.mark.parametrize(
    ("text", "code", "article", "num", "pin"),
    [
        (_CPP_322, "code-de-procedure-penale", "322", "320", "al.2"),  # "à l'article 320, alinéa 2"
        (_PMI_R102, PMI, "R102", "R102", "al.1"),  # "à l'alinéa premier du présent article"
    ],
)
def test_an_alinea_numbered_after_the_word_or_the_number(text, code, article, num, pin):
    """CPP 322 and the Code des pensions militaires d'invalidité's R102: the alinéa's number after "article
    320," or after "alinéa" ("l'alinéa premier", as "au premier alinéa")."""
    assert cites(text, code, article) == [{"kind": "article", "code": code, "num": num, "pinpoint": pin}]


def test_a_word_between_a_law_s_number_and_its_date():
    """CCH R317-20: "l'article 42 de la loi n° 95-115 modifiée du 4 février 1995" (the date after
    "modifiée")."""
    text = (
        "Les quotités de l'avance aidée prévues au présent article sont majorées de 5 % dans les zones"
        " franches urbaines définies au B du 3 de l'article 42 de la loi n° 95-115 modifiée du 4 février"
        " 1995 d'orientation pour l'aménagement et le développement du territoire."
    )
    loi = {"kind": "text", "nature": "loi", "number": "95-115", "date": "1995-02-04", "article": "42"}
    cch = "code-de-la-construction-et-de-l-habitation"
    assert cites(text, cch, "R317-20") == [{**loi, "pinpoint": "3.B"}]


def test_numbers_after_a_code_named_in_passing_take_it_when_the_citing_code_lacks_them():
    """Code du tourisme L342-15: "… du livre II de la deuxième partie du code des transports, à l'exception
    des articles L. 2231-1, …": with a hook that knows both codes, the numbers are the transport code's."""
    text = (
        "Les services de remontées mécaniques sont soumis aux dispositions des titres III et IV du livre II"
        " de la deuxième partie du code des transports, à l'exception des articles L. 2231-1, L. 2231-4,"
        " L. 2240-1 et L. 2241-8."
    )
    tourisme, transports = "code-du-tourisme", "code-des-transports"
    nums = ["L2231-1", "L2231-4", "L2240-1", "L2241-8"]
    catalogue = Catalogue([(transports, n) for n in nums] + [(tourisme, "L342-15")], [tourisme, transports])
    assert [c["code"] for c in cites(text, tourisme, "L342-15", exists=catalogue)] == [transports] * 4
    assert [c["code"] for c in cites(text, tourisme, "L342-15")] == [tourisme] * 4  # no hook: the citing code


def test_a_number_without_a_letter_is_the_former_code_of_that_name():
    """CSS L752-4: "l'article 1142-8 du code rural" is the Code rural (ancien)'s: the Code rural et de la
    pêche maritime, which "code rural" also names, numbers every article with a letter (L311-3 stays its)."""
    text = "c. des exploitants agricoles dans les conditions fixées par l'article 1142-8 du code rural ;"
    css = "code-de-la-securite-sociale"
    assert cites(text, css, "L752-4") == [{"kind": "article", "code": "code-rural-ancien", "num": "1142-8"}]
    text = (
        "Le contrat territorial d'exploitation mentionné au deuxième alinéa du I de l'article 244 quater L du"
        " code général des impôts est celui prévu à l'article L. 311-3 du code rural"
    )
    crpm = {"kind": "article", "code": "code-rural-et-de-la-peche-maritime", "num": "L311-3"}
    assert cites(text, f"{CGI}-annexe-iii", "49 septies ZA")[1] == crpm
