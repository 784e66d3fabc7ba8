"""lextrack.citations on real sentences of the corpus (expectations read off the sentences by hand)."""

from __future__ import annotations

import pytest

from lextrack.citations import extract, to_json

CSS = "code-de-la-securite-sociale"
CGI = "code-general-des-impots"


def cites(text: str, code: str | None = CSS, article: str | None = None) -> list[dict]:
    return [to_json(c) for c in extract(text, code=code, article=article)]


def test_single_article_with_pinpoint_and_span():
    # Seed R133-2-10.
    text = "sur proposition du directeur national mentionné au II de l'article L. 133-1-1, les objectifs"
    (c,) = extract(text, code=CSS)
    assert (c.kind, c.code, c.num, c.pinpoint) == ("article", CSS, "L133-1-1", "II")
    assert c.ids == (f"{CSS}/L133-1-1",)
    assert text[c.span[0] : c.span[1]] == "II de l'article L. 133-1-1"


@pytest.mark.parametrize(
    ("written", "num"),
    [
        ("L. 133-1-1", "L133-1-1"),
        ("L.133-1-1", "L133-1-1"),
        ("L 133-1-1", "L133-1-1"),
        ("LO. 111-9", "LO111-9"),
        ("LO 111-9", "LO111-9"),
        ("L.O. 141", "LO141"),
        ("R.* 12", "R*12"),
        ("D. 215-16", "D215-16"),
        ("A. 331-2", "A331-2"),
        ("1240", "1240"),
        ("1649 quater", "1649 quater"),
        ("39 bis A", "39 bis A"),
        ("1600-0 O", "1600-0 O"),
        ("1er", "1"),
    ],
)
def test_article_number_spellings(written: str, num: str):
    (c,) = cites(f"mentionnés à l'article {written} ;")
    assert c["num"] == num


def test_lists_ranges_and_et_suivants():
    # Code de commerce L225-129-2 and Code civil 1112-1.
    got = cites(
        "Les émissions mentionnées aux articles L. 225-135 à L. 225-138-1 et L. 225-177 à L. 225-186",
        code="code-de-commerce",
    )
    assert got == [
        {"kind": "range", "code": "code-de-commerce", "from": "L225-135", "to": "L225-138-1"},
        {"kind": "range", "code": "code-de-commerce", "from": "L225-177", "to": "L225-186"},
    ]
    got = cites("dans les conditions prévues aux articles 1130 et suivants.", code="Code civil")
    assert got == [{"kind": "range", "code": "code-civil", "from": "1130"}]
    got = cites(
        "sont régis par les articles 435,465 et 494-9 sans préjudice des articles 1148,1151",
        code="code-civil",
    )
    assert [c["num"] for c in got] == ["435", "465", "494-9", "1148", "1151"]


def test_code_name_binds_to_its_own_group():
    # Seed L114-23: "du présent code et L. 721-1 du code rural et de la pêche maritime".
    got = cites(
        "mentionnés aux articles L. 200-2 et L. 611-1 du présent code et L. 721-1 du code rural "
        "et de la pêche maritime ;"
    )
    assert [(c["code"], c["num"]) for c in got] == [
        (CSS, "L200-2"),
        (CSS, "L611-1"),
        ("code-rural-et-de-la-peche-maritime", "L721-1"),
    ]
    # CSS R137-4: the code after "ou" binds to the numbers of its own family only.
    got = cites(
        "dans les conditions prévues aux articles R. 243-29 et R. 243-30 ou R. 741-80 et R. 741-81 du code "
        "rural et de la pêche maritime."
    )
    assert [(c["code"], c["num"]) for c in got] == [
        (CSS, "R243-29"),
        (CSS, "R243-30"),
        ("code-rural-et-de-la-peche-maritime", "R741-80"),
        ("code-rural-et-de-la-peche-maritime", "R741-81"),
    ]


def test_other_codes_abbreviations_and_meme_code():
    # CSS L245-6 III.3°.
    got = cites(
        "aux articles L. 1221-3 à L. 1221-6 du code de la santé publique ou relevant du second alinéa de "
        "l'article L. 5121-11 du même code."
    )
    assert got == [
        {"kind": "range", "code": "code-de-la-sante-publique", "from": "L1221-3", "to": "L1221-6"},
        {"kind": "article", "code": "code-de-la-sante-publique", "num": "L5121-11", "pinpoint": "al.2"},
    ]
    assert cites("l'article 238 bis du CGI")[0]["code"] == "code-general-des-impots"
    assert cites("l'article 1843-4 du code civil")[0] == {
        "kind": "article",
        "code": "code-civil",
        "num": "1843-4",
    }
    got = cites("de l'article 208 D du code général des impôts ;")
    assert got == [{"kind": "article", "code": "code-general-des-impots", "num": "208 D"}]


@pytest.mark.parametrize(
    ("text", "num", "pin"),
    [
        ("au b du 1° de l'article A. 331-2", "A331-2", "1°.b"),
        ("aux 1° à 5° de l'article 1127-1", "1127-1", "1° à 5°"),
        ("aux 4° et 4° bis du I de l'article L. 233-9", "L233-9", "I.4° et 4° bis"),
        ("au premier alinéa de l'article L. 235-13", "L235-13", "al.1"),
        ("à l'avant-dernier alinéa de l'article L. 227-3", "L227-3", "al.avant-dernier"),
        ("Les deux premiers alinéas de l'article L. 137-3", "L137-3", "al.1 à al.2"),
        ("des premier et deuxième alinéas de l'article L. 221-3-1", "L221-3-1", "al.1 et al.2"),
        ("au 8° du III de l'article LO 111-4", "LO111-4", "III.8°"),
        ("au 1° du deuxième alinéa de l'article L. 200-2", "L200-2", "al.2.1°"),
        # numbered paragraphes written with their dot (Code de la construction et de l'habitation R*142-10,
        # Code de l'urbanisme L332-1, L322-3, R111-15, as steeve's last tree has them)
        ("indiqués aux 1. et 2. de l'article R. 142-9.", "R142-9", "1 et 2"),
        ("Lorsque l'application des règles mentionnées au 7. de l'article L. 123-1 permet", "L123-1", "7"),
        ("a) Pour les travaux spécifiés au 1. et au 2. de l'article L. 322-2", "L322-2", "1 et 2"),
        ("approuvé dans les cas visés aux a et b du 2. de l'article R. 122-14.", "R122-14", "2.a et b"),
    ],
)
def test_pinpoints(text: str, num: str, pin: str):
    (c,) = cites(text)
    assert (c["num"], c.get("pinpoint")) == (num, pin)


def test_present_article_and_present_clause():
    got = cites(
        "le dossier à communiquer est le même que celui prévu au I du présent article.", article="A931-2-1"
    )
    assert got == [{"kind": "article", "code": CSS, "num": "A931-2-1", "pinpoint": "I"}]
    # The article naming itself as a whole is no citation.
    assert (
        cites("Les modalités d'application du présent article sont fixées par décret.", article="L217-3")
        == []
    )


def test_legal_texts():
    got = cites(
        "mentionnée à l'article 14 de l'ordonnance n° 96-50 du 24 janvier 1996 relative au "
        "remboursement de la dette sociale"
    )
    assert got == [
        {"kind": "text", "nature": "ordonnance", "number": "96-50", "date": "1996-01-24", "article": "14"}
    ]
    got = cites("au sens du VII de l'article 15 de la loi n° 2000-1207 du 13 décembre 2000 d'orientation")
    assert got == [
        {"kind": "text", "nature": "loi", "number": "2000-1207", "date": "2000-12-13", "article": "15",
         "pinpoint": "VII"}
    ]  # fmt: skip
    got = cites("visées au titre III du décret n° 2012-1246 du 7 novembre 2012 relatif à la gestion")
    assert got == [{"kind": "text", "nature": "décret", "number": "2012-1246", "date": "2012-11-07"}]
    got = cites(
        "contrevenant à l'article 7 du règlement (CE) n° 2157 / 2001 du Conseil, du 8 octobre 2001, précité"
    )
    assert got == [
        {"kind": "text", "nature": "règlement", "number": "2157/2001", "date": "2001-10-08", "article": "7"}
    ]
    got = cites("voir l'annexe à la directive 79/267/ CEE du 5 mai 1979.")
    assert got == [{"kind": "text", "nature": "directive", "number": "79/267/CEE", "date": "1979-05-05"}]
    got = cites("aux articles 74 à 79 de la loi n° 91-650 du 9 juillet 1991 portant réforme")
    assert got[0]["article"] == "74 à 79"
    assert cites("l'arrêté du 23 décembre 2008")[0] == {
        "kind": "text",
        "nature": "arrêté",
        "date": "2008-12-23",
    }
    (c,) = extract("la loi organique n° 2005-881 du 2 août 2005")
    assert c.text is not None and c.text.nature == "loi organique" and c.ids == ("loi-organique/2005-881",)


@pytest.mark.parametrize(
    "text",
    [
        "est fixée à 50 p. 100 du montant",
        "d'une amende de 9 000 euros le fait",
        "publié au JO n° L 119 du 4 mai 2016",
        "les dispositions des titres Ier à III du présent livre",
        "dans les conditions fixées par décret en Conseil d'Etat.",
        "à moins que la loi n'en dispose autrement.",
        "avant le 31 décembre 2016",
        "les dispositions du présent chapitre",
        "mentionnés au premier alinéa",
        "la limite prévue au a du I est applicable",
        "les articles de sport et de loisir",
        "à hauteur de 1,5 fois la valeur du plafond",
    ],
)
def test_not_citations(text: str):
    assert cites(text) == []


def test_unknown_context_keeps_numbers_without_code():
    (c,) = extract("prévu à l'article L. 5121-1")
    assert c.code is None and c.num == "L5121-1" and c.ids == ()


def test_a_number_with_a_letter_is_not_a_code_whose_articles_never_have_one():
    # CGI 1601 (1995): the first article of the list is the Code de la sécurité sociale's too, not the CGI's
    text = (
        "Les chefs d'entreprises individuelles titulaires de l'allocation supplémentaire mentionnée à"
        " l'article L. 815-2 ou à l'article L. 815-3 du code de la sécurité sociale sont dégrevés d'office de"
        " la taxe."
    )
    got = cites(text, code="code-general-des-impots", article="1601")
    assert [(c["code"], c["num"]) for c in got] == [(CSS, "L815-2"), (CSS, "L815-3")]
    # CGI 155: with no code to give it, a prefixed number stays unresolved rather than the CGI's
    (c,) = cites("dans les conditions prévues à l'article L. 261-2", code="code-general-des-impots")
    assert c.get("unresolved") and c["num"] == "L261-2", c


def test_an_ou_list_of_one_livre_shares_its_code():
    # Code de justice administrative R811-8 (steeve's last tree): each number is the Code de l'environnement's
    text = (
        "2° Par une association agréée au titre des articles L. 141-1, L. 611-1, L. 621-1 ou L. 631-1 du code"
        " de l'environnement"
    )
    got = cites(text, code="code-de-justice-administrative", article="R811-8")
    assert {(c["code"], c["num"]) for c in got} == {
        ("code-de-l-environnement", n) for n in ("L141-1", "L611-1", "L621-1", "L631-1")
    }


def test_groups_each_introduced_by_par_share_the_code_named_last():
    # Code général des collectivités territoriales L1414-4, a) (steeve's last tree)
    text = (
        "a) Les personnes qui ont fait l'objet, depuis moins de cinq ans, d'une condamnation définitive pour"
        " l'une des infractions prévues par les articles 222-38, 222-40, 313-1 à 313-3, 314-1 à 314-3,324-1 à"
        " 324-6, 421-2-1, par le deuxième alinéa de l'article 421-5, par l'article 433-1, par le deuxième"
        " alinéa de l'article 433-2, par le huitième alinéa de l'article 434-9, par le deuxième alinéa de"
        " l'article 434-9-1, par les articles 435-3, 435-4, 435-9, 435-10,441-1 à 441-7, par l'article 441-9,"
        " par l'article 445-1 et par l'article 450-1 du code pénal et par l'article 1741 du code général des"
        " impôts ;"
    )
    got = cites(text, code="code-general-des-collectivites-territoriales", article="L1414-4")
    penal = [c.get("num") or c["from"] for c in got if c["code"] == "code-penal"]
    assert penal == [
        "222-38", "222-40", "313-1", "314-1", "324-1", "421-2-1", "421-5", "433-1", "433-2", "434-9",
        "434-9-1", "435-3", "435-4", "435-9", "435-10", "441-1", "441-9", "445-1", "450-1",
    ]  # fmt: skip
    assert [(c["code"], c["num"]) for c in got if c["code"] != "code-penal"] == [
        ("code-general-des-impots", "1741")
    ]


def test_a_long_list_of_groups_shares_its_code():
    # Code de procédure civile 1213 (steeve's last tree): seven groups before "du code civil"
    text = (
        "notamment lorsqu'il est fait application des articles 217 et 219, du deuxième alinéa de l'article"
        " 397, de l'article 417, du"
        " quatrième alinéa de l'article 459, de l'article 459-2, des deuxième et troisième alinéas de"
        " l'article 469, du 4° de l'article 483 ou de l'article 484 du code civil, le juge des tutelles"
    )
    got = cites(text, code="code-de-procedure-civile", article="1213")
    assert {c["code"] for c in got} == {"code-civil"}
    assert [c["num"] for c in got] == ["217", "219", "397", "417", "459", "459-2", "469", "483", "484"]


def test_the_cgis_dash_marks_a_paragraph_of_the_article():
    # The CGI numbers no article "N-M" with M from 1 (its own take a dash before 0 only: "209-0 A"); its
    # texts write the paragraph after a dash. CGI 1804 cites the 2 of article 1854 (the wine infractions).
    (c,) = cites("les infractions prévues à l'article 1854-2 sont punies", code=CGI, article="1804")
    assert (c["code"], c["num"], c.get("pinpoint")) == (CGI, "1854", "2")
    (c,) = cites("l'article 209-0 A du code général des impôts", code=CSS)
    assert (c["code"], c["num"], c.get("pinpoint")) == (CGI, "209-0 A", None)
    # CSS D542-10: named from another code
    text = "Il est fait abstraction des déductions opérées en vertu de l'article 156-1 du code général des"
    text += " impôts"
    (c,) = cites(text, code=CSS, article="D542-10")
    assert (c["code"], c["num"], c.get("pinpoint")) == (CGI, "156", "1")
    # LPF L59: bare numbers of "du même code", the CGI, and a dash pinpoint after the paragraph
    text = (
        "2° Lorsqu'il s'agit de différends portant sur l'application des articles 39-1-1° et 111-d du même"
        " code relatifs aux rémunérations non déductibles […] dans les cas mentionnés à l'article 667-2 du"
        " même code."
    )
    lpf = "livre-des-procedures-fiscales"
    text = "en application de l'article 257 du code général des impôts ; " + text
    got = cites(text, code=lpf, article="L59")
    assert [(c["code"], c["num"], c.get("pinpoint")) for c in got] == [
        (CGI, "257", None), (CGI, "39", "1.1°"), (CGI, "111", None), (CGI, "667", "2"),
    ]  # fmt: skip
    # Code pénal 222-38: the dash is the number's
    (c,) = cites("l'article 222-38 du code pénal", code=CGI)
    assert (c["code"], c["num"]) == ("code-penal", "222-38")


def test_an_annexs_own_numbers_are_not_the_cgis_paragraphs():
    # Code du cinéma, annex "110-1 à 122-37": a règlement's own article heading after a sentence naming the
    # CGI
    text = (
        "3° Une copie de la dernière déclaration, dénommée \" liasse fiscale \", établie conformément à"
        " l'article 53 A du code général des impôts.\n\nArticle 122-30\n\nConformément à l'article L. 111-2"
        " (2° a) du code du cinéma et de l'image animée,"
    )
    got = cites(text, code="code-du-cinema-et-de-l-image-animee", article="110-1 à 122-37")
    assert [(c.get("code"), c["num"]) for c in got] == [
        (CGI, "53 A"), (None, "122-30"), ("code-du-cinema-et-de-l-image-animee", "L111-2"),
    ]  # fmt: skip


def test_du_meme_article_after_an_article_of_a_law():
    # CGI annexe II, 171 AP: "du même article 1er-1" is the law's article, not a paragraph of the annex's 1
    text = (
        "I. - Pour l'application du f du 1° de l'article 1er-1 de la loi n° 85-695 du 11 juillet 1985, la"
        " proportion de l'actif des sociétés […] qui répondent aux conditions prévues au troisième alinéa du"
        " 1° du même article 1er-1 est calculée en additionnant au numérateur :"
    )
    got = cites(text, code=f"{CGI}-annexe-ii", article="171 AP")
    assert [(c["kind"], c.get("number"), c.get("article"), c.get("pinpoint")) for c in got] == [
        ("text", "85-695", "1-1", "1°.f"), ("text", "85-695", "1-1", "1°.al.3"),
    ]  # fmt: skip


def test_pinpoints_inside_a_list_keep_the_list_going():
    # Code de procédure pénale 398-1 (steeve's last tree): a pinpoint in parentheses, or after a comma, on a
    # number in the middle of a list; the code is named after the last number
    text = (
        "5° Les délits prévus par les articles 222-11, 222-12 (1° à 14°), 222-13 (1° à 14°), 222-16, 222-17,"
        " 222-18, 222-32, 225-10-1, 433-3, premier et deuxième alinéas, 433-5, 433-6 à 433-8, premier alinéa,"
        " 433-10, premier alinéa, et 521-1 du code pénal et L. 628 du code de la santé publique ;"
    )
    got = cites(text, code="code-de-procedure-penale", article="398-1")
    penal = [(c.get("num") or c["from"], c.get("pinpoint")) for c in got if c["code"] == "code-penal"]
    assert penal == [
        ("222-11", None), ("222-12", "1° à 14°"), ("222-13", "1° à 14°"), ("222-16", None), ("222-17", None),
        ("222-18", None), ("222-32", None), ("225-10-1", None), ("433-3", "al.1 et al.2"), ("433-5", None),
        ("433-6", "al.1"), ("433-10", "al.1"), ("521-1", None),
    ]  # fmt: skip
    assert [(c["code"], c["num"]) for c in got[len(penal) :]] == [("code-de-la-sante-publique", "L628")]
    # Code de procédure pénale 89-1: the citing code's, each with its alinéa
    text = (
        "sur le fondement des articles 81, neuvième alinéa, 82-1, 156, premier alinéa, et 173, troisième"
        " alinéa, durant le déroulement de l'information"
    )
    got = cites(text, code="code-de-procedure-penale", article="89-1")
    assert [(c["num"], c.get("pinpoint")) for c in got] == [
        ("81", "al.9"), ("82-1", None), ("156", "al.1"), ("173", "al.3"),
    ]  # fmt: skip


def test_a_space_after_the_dash_of_a_number():
    # Code de l'organisation judiciaire R423-1 and Code de procédure pénale D571-4 (steeve's last tree)
    text = "sont fixées par les articles R. 513- 1 à R. 513- 119 du code du travail ainsi qu' il suit :"
    (c,) = cites(text, code="code-de-l-organisation-judiciaire", article="R423-1")
    assert (c["kind"], c["code"], c["from"], c["to"]) == ("range", "code-du-travail", "R513-1", "R513-119")
    text = "1° Les accueils mentionnés à l' article L. 227- 4 du code de l' action sociale et des familles"
    (c,) = cites(text, code="code-de-procedure-penale", article="D571-4")
    assert (c["code"], c["num"]) == ("code-de-l-action-sociale-et-des-familles", "L227-4")


def test_a_pinpoint_of_ce_meme_article():
    # Code de procédure pénale 230-42 (steeve's last tree): "de ce même article" keeps its pinpoint, as "du
    # même article" does
    text = (
        "Aucune condamnation ne peut être prononcée sur le fondement des éléments recueillis dans les"
        " conditions prévues à l'article 230-40, sauf si la requête et le procès-verbal mentionnés au dernier"
        " alinéa de ce même article ont été versés au dossier"
    )
    got = cites(text, code="code-de-procedure-penale", article="230-42")
    assert [(c["num"], c.get("pinpoint")) for c in got] == [("230-40", None), ("230-40", "al.dernier")]
    # CGI 1384 B: the article of a law ("par le IX de ce même article": the Loi n° 2009-1673's 47)
    text = (
        "au titre de l'ensemble des compensations mentionnées aux I à VIII de l'article 47 de la loi n°"
        " 2009-1673 du 30 décembre 2009 de finances pour 2010 et le montant total de ces mêmes compensations"
        " prévu à cette fin pour 2010 par le IX de ce même article."
    )
    got = cites(text, code=CGI, article="1384 B")
    assert [(c["kind"], c["number"], c["article"], c["pinpoint"]) for c in got] == [
        ("text", "2009-1673", "47", "I à VIII"), ("text", "2009-1673", "47", "IX"),
    ]  # fmt: skip


def test_hard_wrapped_text():
    # steeve-everything wraps at 80 columns, anywhere inside a citation.
    text = "pour les branches mentionnées aux 1°, 2°, 3° et 4°\nde l'article L. 200-2 et pour les organismes"
    assert cites(text) == [{"kind": "article", "code": CSS, "num": "L200-2", "pinpoint": "1°, 2°, 3° et 4°"}]


def test_legifrance_link_labels():
    # Seed L633-12 and steeve commit subjects: upper-case natures and "- art. N" after the text.
    got = cites("Modifié par LOI n°2008-776 du 4 août 2008 - art. 12 (V)")
    assert got == [
        {"kind": "text", "nature": "loi", "number": "2008-776", "date": "2008-08-04", "article": "12"}
    ]
    # CSS L245-2: "(L. n° 2004-810,13 août 2004, art. 73, III)".
    got = cites("due au plus tard le 1 er décembre 2005 (L. n° 2004-810,13 août 2004, art. 73, III)")
    assert got == [
        {"kind": "text", "nature": "loi", "number": "2004-810", "date": "2004-08-13", "article": "73",
         "pinpoint": "III"}
    ]  # fmt: skip


def test_cgi_numbers_and_a_code_shared_by_a_list_of_references():
    # CSS L136-6 / L136-7 (steeve snapshot) cite the CGI at length.
    cgi = "code-general-des-impots"
    got = cites(
        "en application des articles 168,1649 A, 1649 AA, 1649 quater A et 1649 quater-0 B bis à "
        "1649 quater-0 B ter du code général des impôts"
    )
    assert [c.get("num") or (c["from"], c["to"]) for c in got] == [
        "168", "1649 A", "1649 AA", "1649 quater A", ("1649 quater-0 B bis", "1649 quater-0 B ter")
    ]  # fmt: skip
    assert {c["code"] for c in got} == {cgi}
    got = cites(
        "il n'est pas fait application des abattements mentionnés au I de l'article 125-0 A, au 1 de "
        "l'article 150-0 D, à l'article 150-0 D ter et aux 2° et 5° du 3 de l'article 158 du code général "
        "des impôts ;"
    )
    assert [(c["code"], c["num"], c.get("pinpoint")) for c in got] == [
        (cgi, "125-0 A", "I"), (cgi, "150-0 D", "1"), (cgi, "150-0 D ter", None), (cgi, "158", "3.2° et 5°")
    ]  # fmt: skip
    got = cites(
        "Des dispositions des articles 1034, 1035 et 1036 du chapitre V du titre II du livre VII "
        "du code rural"
    )
    # Numbers without a letter: the Code rural (ancien)'s, not the Code rural et de la pêche maritime's (which
    # numbers every article with one; "code rural" names both).
    former = "code-rural-ancien"
    assert {(c["code"], c["num"]) for c in got} == {(former, n) for n in ("1034", "1035", "1036")}


def test_texts_named_again():
    # CSS L136-2: "… à l'article 14, chapitre II, de l'ordonnance n° 96-50 …"; "de la présente loi" is
    # no text we can name.
    got = cites("à l'article 14, chapitre II, de l'ordonnance n° 96-50 du 24 janvier 1996 relative")
    assert got == [
        {"kind": "text", "nature": "ordonnance", "number": "96-50", "date": "1996-01-24", "article": "14"}
    ]
    assert cites("en application de l'article 129 de la présente loi") == []
    # LEGI link label (corpus/legi-xml): ISO date and the article after the text.
    got = cites("Décret 62-1587 1962-12-29 art. 80 à 95")
    assert got == [
        {"kind": "text", "nature": "décret", "number": "62-1587", "date": "1962-12-29", "article": "80 à 95"}
    ]


def test_pinpoint_alternatives_share_their_parents():
    # CSS L553-4 (steeve versions); Tricoteuses' reference lists: "Loi 1804-02-07" is a date, no number.
    (c,) = cites(
        "soumis aux dispositions du g ou du premier alinéa du j du 1° du I de l'article 31 du code "
        "général des impôts"
    )
    assert c["pinpoint"] == "I.1°.g ou I.1°.j.al.1"
    assert cites("CODIFICATION source Loi 1804-02-07") == [
        {"kind": "text", "nature": "loi", "date": "1804-02-07"}
    ]


# Sentences of the 64-code bundle's last tree (the citing article, then the sentence, its code, and what
# it cites). A code named with the one territory it applies in, or with "local" (Alsace-Moselle), is another
# text than the national code of that name.
LOCAL_CODES = [
    (  # CSS R146-8
        "conformément aux dispositions des articles 640 à 647 du code de procédure civile de la "
        "Nouvelle-Calédonie et aux dispositions des articles 24 à 29 du code de procédure civile de la "
        "Polynésie française.",
        CSS,
        [
            ("code-de-procedure-civile-de-la-nouvelle-caledonie", "640"),
            ("code-de-procedure-civile-de-la-polynesie-francaise", "24"),
        ],
    ),
    (  # Code de procédure civile, annexe, art. 30-1
        "comme prévu à l'article 66 du code civil local est joint à cette déclaration",
        "code-de-procedure-civile",
        [("code-civil-local", "66")],
    ),
    (  # CGCT L2572-59
        "la taxe sanitaire fixée par l'article 302 bis du code général des impôts applicable à Mayotte.",
        "code-general-des-collectivites-territoriales",
        [("code-general-des-impots-applicable-a-mayotte", "302 bis")],
    ),
    (  # Code de la défense L2461-3: LEGI's code, written without its "la"
        "la référence aux dispositions des articles L. 124-1 à L. 124-8 du code des communes de "
        "Nouvelle-Calédonie.",
        "code-de-la-defense",
        [("code-des-communes-de-la-nouvelle-caledonie", "L124-1")],
    ),
    (  # CESEDA L832-1: a code of the table keeps its name
        "est remplacée par la référence à l'article L. 330-3 du code du travail applicable à Mayotte ;",
        "code-de-l-entree-et-du-sejour-des-etrangers-et-du-droit-d-asile",
        [("code-du-travail-applicable-a-mayotte", "L330-3")],
    ),
    (  # Code des communes de la Nouvelle-Calédonie R121-2: the national code, extended to several places
        "Par dérogation à l'article R. 114-2 du code des communes applicable en Nouvelle-Calédonie, en "
        "Polynésie française et à Mayotte, lorsqu'il est procédé",
        "code-des-communes-de-la-nouvelle-caledonie",
        [("code-des-communes", "R114-2")],
    ),
]


@pytest.mark.parametrize(("text", "citing", "expected"), LOCAL_CODES)
def test_local_codes_are_not_the_national_ones(text: str, citing: str, expected: list[tuple[str, str]]):
    assert [(c["code"], c.get("num") or c.get("from")) for c in cites(text, citing)] == expected


def test_alineas_numbered_with_digits_after_the_number():
    # Code de la route L441-2: the law's articles, each with its alinéa ("5e", "III, 2e").
    got = cites(
        "du code des communes applicable dans la collectivité territoriale de Saint-Pierre-et-Miquelon "
        "et par les articles 25, 5e alinéa, et 34, III, 2e alinéa, de la loi n° 82-213 du 2 mars 1982 "
        "relative aux droits et libertés des communes",
        "code-de-la-route",
    )
    assert [(c["kind"], c.get("number"), c.get("article"), c.get("pinpoint")) for c in got] == [
        ("text", "82-213", "25", "al.5"),
        ("text", "82-213", "34", "III.al.2"),
    ]
    # CCH R443-34
    got = cites(
        "dans les conditions définies aux articles L. 421-1 (7e al.), L. 422-2 (5e al.) et L. 422-3 "
        "(3e al.) et cédés à des personnes physiques",
        "code-de-la-construction-et-de-l-habitation",
    )
    assert [(c["num"], c.get("pinpoint")) for c in got] == [
        ("L421-1", "al.7"),
        ("L422-2", "al.5"),
        ("L422-3", "al.3"),
    ]


def test_code_names_written_loosely():
    # Sentences of the 64-code bundle's last tree: a code's name as the text spells it (a word missing, a
    # plural, the sentence's own words after it) is the table's code whose name has those words.
    def code_of(text: str, code: str) -> list[str | None]:
        return [c["code"] for c in cites(text, code)]

    cpce = "code-des-procedures-civiles-d-execution"
    assert code_of(
        "en se conformant aux formalités et délais prévus par les dispositions des articles R. 322-50 à "
        "R. 322-55 du code des procédures civile d'exécution.",
        "code-de-procedure-civile",
    ) == [cpce]
    assert code_of(
        "visé aux a, b ou c du 2° de l'article R. 313-9 du code de la construction et l'habitation, sous "
        "réserve des conditions",
        "code-de-la-construction-et-de-l-habitation",
    ) == ["code-de-la-construction-et-de-l-habitation"]
    assert code_of(
        "hors des zones protégées mentionnées au deuxième alinéa de l'article L. 5141-2 du code général des "
        "propriétés des personnes publiques, être cédées",
        "code-general-des-collectivites-territoriales",
    ) == ["code-general-de-la-propriete-des-personnes-publiques"]
    assert code_of(
        "le salaire forfaitaire visé à l'article L. 42 du code des pensions de retraite des marins dans la "
        "limite du salaire de la 3e catégorie.",
        CSS,
    ) == ["code-des-pensions-de-retraite-des-marins-francais-du-commerce-de-peche-ou-de-plaisance"]
    # Code des pensions militaires d'invalidité A187.
    assert code_of(
        "les documents mentionnés à l'article L. 394 (1°, 2° et 4°) du code des PMI :", "code-de-la-defense"
    ) == ["code-des-pensions-militaires-d-invalidite-et-des-victimes-de-guerre"]
    # Codes the table does not have keep their own name, without the sentence's words: the Code de
    # l'administration communale (Code de l'urbanisme L318-3) is not the Code des relations entre le public
    # et l'administration; Alsace-Moselle's local codes (Code de la santé publique L3332-5).
    assert code_of(
        "suivant les formes de la procédure prévue à l'article 248 du code de l'administration communale.",
        "code-de-l-urbanisme",
    ) == ["code-de-l-administration-communale"]
    assert code_of(
        "Dans ces départements, l'article 33 du code local des professions du 26 juillet 1900 reste en "
        "vigueur :",
        "code-de-la-sante-publique",
    ) == ["code-local-des-professions"]


def test_cgi_annexes_named_after_the_code():
    # An annex "à ce code", "au même code", "au présent code", or alone, is the annex of the code named before
    # (or the citing code's): sentences of the 64-code bundle's last tree.
    def pairs(text: str, code: str) -> list[tuple[str | None, str | None]]:
        return [(c["code"], c.get("num") or c.get("from")) for c in cites(text, code)]

    a2, a3, a4 = (f"{CGI}-annexe-{n}" for n in ("ii", "iii", "iv"))
    # CGI annexe II, 383
    assert pairs(
        "et aux I et IV de l'article 1754 du code général des impôts ainsi qu'aux articles 51, 369 et au 1 "
        "de l'article 374 de l'annexe III à ce code.",
        a2,
    ) == [(CGI, "1754"), (a3, "51"), (a3, "369"), (a3, "374")]
    # Code du tourisme D421-1
    assert pairs(
        "Les modalités d'application du a et du d du 4° de l'article 261 D du code général des impôts "
        "relatif à l'assujettissement à la taxe sur la valeur ajoutée de certaines prestations "
        "d'hébergement, cité à l'article L. 421-1, sont définies par les articles 176 à 178 et 178 bis de "
        "l'annexe II ainsi que par l'article 30 de l'annexe IV au même code.",
        "code-du-tourisme",
    ) == [(CGI, "261 D"), ("code-du-tourisme", "L421-1"), (a2, "176"), (a2, "178 bis"), (a4, "30")]
    # CGI 145: "du même article" is the annex's article.
    assert pairs(
        "de sociétés ayant reçu l'agrément prévu à l'article 96 de l'annexe II au présent code, dans la "
        "mesure où ces dividendes ont été déduits, en vertu du même article, pour la détermination du "
        "bénéfice",
        CGI,
    ) == [(a2, "96"), (a2, "96")]
    # CGI 182 C, a note
    assert pairs("(1) Voir les articles 46 A et 381 R de l'annexe III.", CGI) == [(a3, "46 A"), (a3, "381 R")]


def test_texts_and_annexes_written_otherwise():
    def got(text: str, code: str) -> list[tuple]:
        return [
            (
                c.get("code") or c.get("nature"),
                c.get("num") or c.get("number"),
                c.get("date"),
                c.get("article"),
            )
            for c in cites(text, code)
        ]

    # CSS L242-12: "des décrets" names no text; the number before it stays cited.
    assert got(
        "Sous réserve des dispositions de l'article L. 242-5, des décrets fixent le plafond mentionné à "
        "l'article L. 241-5, les différents taux",
        CSS,
    ) == [(CSS, "L242-5", None, None), (CSS, "L241-5", None, None)]
    # CSS R351-12: a dot for the dash of the law's number.
    assert got(
        "soit de l'allocation spéciale créée par l'article 3 de la loi n° 63.1240 du 18 décembre 1963 ;", CSS
    ) == [("loi", "63-1240", "1963-12-18", "3")]
    # CGI 199 decies H: a finance law known by its date.
    assert got(
        "prévu par le décret du 28 juin 1930 relatif aux conditions d'application de l'article 15 de la "
        "loi de finances du 16 avril 1930,",
        CGI,
    ) == [("décret", None, "1930-06-28", None), ("loi", None, "1930-04-16", "15")]
    # CGI annexe IV 54 A: "au code précité" after the CGI.
    assert got(
        "I.-Sans préjudice des dispositions prévues à l'article 302 M ter du code général des impôts, pour "
        "tenir lieu de document d'accompagnement, les documents mentionnés aux I et II de l'article 302 M du "
        "code précité ou les documents commerciaux utilisés en lieu et place de ces documents doivent être "
        "validés préalablement au début du mouvement des produits conformément aux dispositions des 1° à 3° "
        "de l'article 111 H ter de l'annexe III au code précité ou",
        f"{CGI}-annexe-iv",
    )[-1] == (f"{CGI}-annexe-iii", "111 H ter", None, None)


def test_texts_named_with_their_kind():
    # "loi de finances n° …", "loi d'orientation …", "règlement CEE n° …", "règlement (CE) du Conseil n° …",
    # "l'annexe 2": sentences of the 64-code bundle's last tree.
    def got(text: str, code: str) -> list[tuple]:
        return [
            (c.get("code") or c.get("nature"), c.get("num") or c.get("number"), c.get("article"))
            for c in cites(text, code)
        ]

    # Code de la voirie routière R*113-8
    assert got(
        "pris pour l'application des dispositions de l'article 11 de la loi de finances n° 58-336 du 29 mars "
        "1958 relatives aux redevances",
        "code-de-la-voirie-routiere",
    ) == [("loi", "58-336", "11")]
    # Code de commerce A123-19
    assert got(
        "par application de l'article 10 du règlement CEE n° 2137-85 du Conseil des Communautés européennes",
        "code-de-commerce",
    ) == [("règlement", "2137/85", "10")]
    # Code de procédure civile 509-2
    assert got(
        "et en application des articles 26 et 27 du règlement (CE) du Conseil n° 4/2009 du 18 décembre 2008 "
        "relatif à la compétence",
        "code-de-procedure-civile",
    ) == [("règlement", "4/2009", "26"), ("règlement", "4/2009", "27")]
    # CGI annexe I, 24
    assert got(
        "(Transféré sous l'article 172 de l'annexe 2 au code général des impôts).", f"{CGI}-annexe-i"
    ) == [(f"{CGI}-annexe-ii", "172", None)]


# "du même code", "dudit code", "ce même code": the code named last, a code named in "prévus par le code …"
# included, the citing code once "du présent code" is written; unless that code cannot have the number.
# (citing article, text, citing code, expected (code, number) of each citation)
SAME_CODE = [
    (  # Code de la route R212-4: the bare numbers of a list introduced by "prévus par le code pénal"
        "I.-Délits d'atteinte à la personne humaine prévus par le code pénal :\n\n-atteinte involontaire à "
        "la vie (art. 221-6-1) ;",
        "code-de-la-route",
        [("code-penal", "221-6-1")],
    ),
    (  # CSS L863-8: its first sentence, then the one that cites
        "I. ― Les mutuelles, unions ou fédérations relevant du code de la mutualité, les entreprises "
        "d'assurance régies par le code des assurances et les institutions de prévoyance régies par le "
        "présent code peuvent, directement ou par l'intermédiaire d'un tiers, conclure\n\n"
        "Pour les professionnels de santé autres que ceux appartenant à des professions mentionnées au "
        "deuxième alinéa de l'article L. 162-14-3 du présent code, ces conventions ne peuvent comporter de "
        "stipulations tarifaires relatives aux actes et prestations mentionnées aux articles L. 162-1-7 et "
        "L. 162-14-1 du même code.",
        CSS,
        [(CSS, "L162-14-3"), (CSS, "L162-1-7"), (CSS, "L162-14-1")],
    ),
    (  # CCH R*261-8
        "Le point de départ de la garantie prévue à l'article 1646-1 dudit code civil, reproduit à l'article "
        "L. 261-6 du présent code,",
        "code-de-la-construction-et-de-l-habitation",
        [("code-civil", "1646-1"), ("code-de-la-construction-et-de-l-habitation", "L261-6")],
    ),
    (  # CSS D542-10: the CSS has no "81 quater", the CGI named before has
        "1° Après application de la déduction correspondant à celle mentionnée au deuxième alinéa du 3° de "
        "l'article 83 du code général des impôts, l'indemnité journalière mentionnée au 2° de l'article "
        "L. 431-1 du présent code ;\n\n2° Les rémunérations mentionnées à l'article 81 quater de ce même "
        "code ;",
        CSS,
        [(CGI, "83"), (CSS, "L431-1"), (CGI, "81 quater")],
    ),
    (  # Code de l'urbanisme R*130-12: the code forestier that numbered its articles without a letter
        "En ce qui concerne les bois, forêts et terrains soumis au régime forestier, en application de "
        "l'article 82 du code forestier, les dispositions de l'article 85 dudit code demeurent applicables,",
        "code-de-l-urbanisme",
        [("code-forestier-ancien", "82"), ("code-forestier-ancien", "85")],
    ),
]


@pytest.mark.parametrize(("text", "citing", "expected"), SAME_CODE)
def test_the_same_code(text: str, citing: str, expected: list[tuple[str, str]]):
    assert [(c.get("code"), c.get("num") or c.get("from")) for c in cites(text, citing)] == expected


def test_precited_article_of_a_law():
    # CMF L511-31: "l'article 19 tervicies précité" is the law's article cited before, not the code's.
    got = cites(
        "Les titres visés au dernier alinéa de l'article 19 tervicies de la loi n° 47-1775 du 10 "
        "septembre 1947 portant statut de la coopération, détenus directement ou indirectement par un "
        "organe central au sens de l'article L. 511-30, ne sont pas pris en compte pour le calcul de la "
        "limitation à 50 % du capital des établissements de crédit qui leur sont affiliés, visée à "
        "l'article 19 tervicies précité.",
        "code-monetaire-et-financier",
    )
    assert [(c["kind"], c.get("number") or c.get("num"), c.get("article")) for c in got] == [
        ("text", "47-1775", "19 tervicies"),
        ("article", "L511-30", None),
        ("text", "47-1775", "19 tervicies"),
    ]


def test_items_written_right_after_the_number():
    # CCH R331-76; CGI annexe II 171-0 bis (its dash paragraph, then the item).
    (c,) = cites(
        "En dix ans au minimum et vingt ans au maximum pour les opérations prévues à l'article R. 331-63 1°, "
        "3° et 5°;",
        "code-de-la-construction-et-de-l-habitation",
    )
    assert (c["num"], c["pinpoint"]) == ("R331-63", "1°, 3° et 5°")
    (c,) = cites(
        "Pour l'application de l'article 235 quinquies-III 2° du code général des impôts", f"{CGI}-annexe-ii"
    )
    assert (c["code"], c["num"], c["pinpoint"]) == (CGI, "235 quinquies", "III.2°")
    # CSS D353-4: an amount after the number stays an amount.
    (c,) = cites("Le plafond prévu à l'article L. 353-6 est fixé à 2 400 euros par trimestre", CSS)
    assert (c["num"], c.get("pinpoint")) == ("L353-6", None)


def test_texts_numbered_within_their_year():
    def texts(text: str, code: str) -> list[tuple]:
        got = cites(text, code)
        return [(c.get("nature"), c.get("number"), c.get("date")) for c in got if c["kind"] == "text"]

    # Code de la famille et de l'aide sociale 57: since 1945 the year starts the number ("45-174").
    assert texts(
        "Pour l'application des décisions judiciaires prises en vertu des articles 10, 4°, 15, 4°, et 17, "
        "2ème alinéa, de l'ordonnance n° 174 du 2 février 1945,",
        "code-de-la-famille-et-de-l-aide-sociale",
    ) == [("ordonnance", "45-174", "1945-02-02")]
    # Code des communes R*165-10: before it, the text is known by its date.
    assert texts(
        "Par dérogation aux dispositions de l'article 5 de la loi n° 329 du 4 mars 1942 concernant les voies "
        "ferrées d'intérêt local",
        "code-des-communes",
    ) == [("loi", None, "1942-03-04")]
