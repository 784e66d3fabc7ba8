"""Link labels and headings as the real sources write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from lextrack.model import LinkKind
from lextrack.parser import parse_text
from lextrack.parser.links import legi_link_kind, parse_legal_text, parse_target

ROOT = Path(__file__).resolve().parents[1]
R133_19 = ROOT / "corpus/seeds/code-de-la-securite-sociale/article-R133-19.wrapped-liens.txt"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # steeve's commit subjects (corpus/steeve-everything/versions/index.tsv), Title-Cased
        (
            "Loi N°2011-1906 Du 21 Décembre 2011 - Art. 116",
            ("loi", "2011-1906", "2011-12-21", "116", None, None),
        ),
        (
            "Décret 84-459 1984-06-14 Art. 6 Jorf 17 Juin 1984 En Vigueur Le 1er Avril 1984",
            ("décret", "84-459", "1984-06-14", "6", "1984-06-17", "1984-04-01"),
        ),
        (
            "Arrêté 1996-03-28 Art. 1 Jorf 30 Avril 1996 En Vigueur Le 1er Janvier 1997",
            ("arrêté", None, "1996-03-28", "1", "1996-04-30", "1997-01-01"),
        ),
        ("Loi 1803-03-08 Promulguée Le 18 Mars 1803", ("loi", None, "1803-03-08", None, None, None)),
        # Légifrance / LEGI labels
        ("Décret n°85-1353 1985-12-17", ("décret", "85-1353", "1985-12-17", None, None, None)),
        (
            "Décret 62-1587 1962-12-29 art. 80 à 95",
            ("décret", "62-1587", "1962-12-29", "80 à 95", None, None),
        ),
        (
            "Modifié par LOI n°2008-1330 du 17 décembre 2008 - art. 118 (V)",
            ("loi", "2008-1330", "2008-12-17", "118", None, None),
        ),
    ],
)
def test_legal_text_labels(label, expected):
    t = parse_legal_text(label)
    assert (t.nature, t.number, t.date, t.article, t.jorf_date, t.in_force_date) == expected


def test_code_article_labels_resolve_to_canonical_ids():
    assert parse_target("Code de la sécurité sociale. - art. R133-2-10 (V)") == (
        "code-de-la-securite-sociale/R133-2-10",
        parse_legal_text("Code de la sécurité sociale. - art. R133-2-10"),
        ("V",),
    )
    target, text, markers = parse_target("Code rural - art. L723-12 (V)")
    assert target == "code-rural-et-de-la-peche-maritime/L723-12"
    assert text.title == "Code rural et de la pêche maritime"
    target, _, _ = parse_target("Code civil - article 1366")
    assert target == "code-civil/1366"


def test_labels_that_name_nothing_known_stay_unparsed():
    assert parse_target("Modification du 2006-12-22 de source inconnue") == (None, None, ())


@pytest.mark.parametrize(
    ("typelien", "sens", "kind"),
    [
        ("CREATION", "source", LinkKind.CREATED_BY),  # D215-16, "Créé par Décret n°2007-1480"
        ("CREE", "cible", LinkKind.CREATED_BY),
        ("MODIFIE", "cible", LinkKind.MODIFIED_BY),
        ("MODIFICATION", "source", LinkKind.MODIFIED_BY),
        ("MODIFIE", "source", LinkKind.MODIFIES),
        ("ABROGE", "cible", LinkKind.ABROGATED_BY),
        ("TRANSFERE", "cible", LinkKind.TRANSFERRED_BY),
        ("CODIFICATION", "source", LinkKind.CODIFIED_BY),
        ("CITATION", "source", LinkKind.CITES),
        ("CITATION", "cible", LinkKind.CITED_BY),
        ("CONCORDANCE", "source", LinkKind.CONCORDANCE),
        ("TXT_ASSOCIE", "cible", LinkKind.ASSOCIATED),
    ],
)
def test_legi_type_and_direction_pairs(typelien, sens, kind):
    assert legi_link_kind(typelien, sens) == kind


def _with_liens(block: str) -> str:
    body = R133_19.read_text(encoding="utf-8").split("**Liens relatifs")[0]
    return body + block


def test_italic_headings_and_every_heading_kind():
    block = """**Liens relatifs à cet article**

_Créé par_:

  - Décret n°2013-597 du 8 juillet 2013 - art. 1

_Modifié par_:

  - Loi n°2011-1906 du 21 décembre 2011 - art. 116

_Cité par_:

  - Code de la sécurité sociale. - art. R133-2-10 (V)

_Anciens textes_:

  - Code de la sécurité sociale. - art. L133-6

**Liens**:

  - TRANSFERE: Décret n°2017-864 du 9 mai 2017 - art. 1
"""
    a = parse_text(_with_liens(block), code="code-de-la-securite-sociale")
    assert a.format == "wrapped-text"
    assert [lk.kind for lk in a.links] == [
        LinkKind.CREATED_BY,
        LinkKind.MODIFIED_BY,
        LinkKind.CITED_BY,
        LinkKind.PREVIOUS_TEXT,
        LinkKind.TRANSFERRED_BY,
    ]
    assert a.links[2].target_article == "code-de-la-securite-sociale/R133-2-10"
    assert a.links[4].label == "Décret n°2017-864 du 9 mai 2017 - art. 1"


def test_a_label_wrapped_onto_the_next_line_is_rejoined():
    block = """**Liens relatifs à cet article**

**Abrogé par**:

  - Ordonnance n°2005-1528 du 8 décembre 2005 - art. 4 () JORF 9
    décembre 2005
"""
    a = parse_text(_with_liens(block), code="CSS")
    (link,) = a.links
    assert link.label == "Ordonnance n°2005-1528 du 8 décembre 2005 - art. 4 () JORF 9 décembre 2005"
    assert link.target_text.jorf_date == "2005-12-09"
