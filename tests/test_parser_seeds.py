"""The five seed articles, parsed through the public API; expectations written by hand from the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from lextrack.model import ClauseKind, LinkKind
from lextrack.parser import parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"


def seed(name: str):
    return parse_file(SEEDS / name)


def pinpoints(article) -> list[str]:
    return [c.pinpoint for top in article.clauses for c in top.walk()]


def test_l227_1_clause_tree_nota_and_anchor():
    a = seed("article-L227-1.markdown-html.txt")
    assert a.id == "code-de-la-securite-sociale/L227-1"
    assert a.format == "markdown-html"
    assert a.code_name == "Code de la sécurité sociale"
    top = [(c.kind, c.label) for c in a.clauses]
    assert top == [
        (ClauseKind.PARAGRAPHE, "I"),
        (ClauseKind.PARAGRAPHE, "II"),
        (ClauseKind.PARAGRAPHE, "III"),
    ]
    one = a.clauses[0]
    items = [c.label for c in one.children if c.kind == ClauseKind.ITEM]
    # "Elles précisent : 1° 2° 2° bis 3° 4° 5°" then "Elles déterminent également : 1° 2°"
    assert items == ["1°", "2°", "2° bis", "3°", "4°", "5°", "1°", "2°"]
    assert a.clauses[1].abrogated and "(Paragraphe abrogé)" in a.clauses[1].text
    assert not a.clauses[0].abrogated and not a.clauses[2].abrogated
    # 17 alinéas: I (1) + 2 + "Elles précisent" + 6 items + 3 + 2 items, II, III and its second alinéa
    assert max(c.alinea for top in a.clauses for c in top.walk()) == 17
    # NOTA kept apart from the clauses, with its entry into force
    assert a.nota.startswith("Conformément au V de l'article 32 de la loi n° 2020-1576 du 14 décembre 2020")
    assert a.nota_in_force == "2021-01-01"
    assert "NOTA" not in a.text and "Conformément" not in a.text
    # the one anchor (no title): LO111-9 from its href, its span in the text
    (anchor,) = [lk for lk in a.links if lk.span is not None]
    assert anchor.kind == LinkKind.CITES
    assert anchor.target_article == "code-de-la-securite-sociale/LO111-9"
    assert a.text[anchor.span[0] : anchor.span[1]] == "l'article LO. 111-9."


def test_l114_23_anchors_and_cross_code_targets():
    a = seed("article-L114-23.markdown-html.txt")
    anchors = [lk for lk in a.links if lk.span is not None]
    assert [lk.target_article for lk in anchors] == [
        "code-de-la-securite-sociale/L711-1",
        "code-de-la-securite-sociale/L200-2",
        "code-de-la-securite-sociale/L611-1",
        "code-rural-et-de-la-peche-maritime/L721-1",
        "code-de-la-securite-sociale/L227-1",
        "code-de-la-securite-sociale/L611-7",
        "code-rural-et-de-la-peche-maritime/L723-12",
    ]
    texts = [a.text[lk.span[0] : lk.span[1]] for lk in anchors]
    assert texts[0] == "l'article L. 711-1"
    assert texts[3] == "L. 721-1 du code rural et de la pêche maritime"
    assert texts[6] == "l'article L. 723-12 du code rural et de la pêche maritime"
    assert all(lk.markers == ("V",) for lk in anchors)
    assert anchors[3].label == "Code rural - art. L721-1 (V)"
    # <br/><br/> separate alinéas: I with its 1°-4° and a)-b), II, III
    assert [c.label for c in a.clauses] == ["I", "II", "III"]
    labels = [c.label for c in a.clauses[0].children if c.label]
    assert labels == ["1°", "2°", "3°", "4°", "a)", "b)"]


def test_r133_2_10_anchor_spans_point_at_the_cited_numbers():
    a = seed("article-R133-2-10.markdown-html.txt")
    anchors = [lk for lk in a.links if lk.span is not None]
    assert [a.text[s:e] for s, e in (lk.span for lk in anchors)] == [
        "L. 133-1-1",
        "L. 133-1-6",
        "L. 133-1-2",
        "L. 611-8",
        "L. 213-1",
        "L. 752-4",
    ]
    assert a.text.startswith(
        "Pour l'exercice des missions définies aux articles L. 133-1-1 à L. 133-1-6, sont"
    )
    assert "1°" in [c.label for c in a.clauses]


def test_r133_19_links():
    a = seed("article-R133-19.wrapped-liens.txt")
    assert a.format == "wrapped-text"
    by_kind: dict[LinkKind, list] = {}
    for lk in a.links:
        by_kind.setdefault(lk.kind, []).append(lk)
    (created,) = by_kind[LinkKind.CREATED_BY]
    assert created.label == "Décret n°2013-597 du 8 juillet 2013 - art. 1"
    t = created.target_text
    assert (t.nature, t.number, t.date, t.article) == ("décret", "2013-597", "2013-07-08", "1")
    (moved,) = by_kind[LinkKind.TRANSFERRED_BY]
    assert moved.legi_type == "TRANSFERE"
    t = moved.target_text
    assert (t.nature, t.number, t.date, t.article) == ("décret", "2017-864", "2017-05-09", "1")
    assert [lk.target_article for lk in by_kind[LinkKind.CITES]] == [
        "code-de-la-securite-sociale/L133-6",
        "code-de-la-securite-sociale/L133-6-1",
        "code-de-la-securite-sociale/L213-1",
        "code-de-la-securite-sociale/L752-4",
    ]
    (new,) = by_kind[LinkKind.NEXT_TEXT]
    assert new.target_article == "code-de-la-securite-sociale/R133-2-10"
    assert new.markers == ("V",)
    # the links block is not part of the text; wrapped lines are re-joined
    assert "Liens relatifs" not in a.text and "Créé par" not in a.text
    assert "défini à l'article L. 133-6 et dans le respect des compétences définies, pour" in a.text


def test_l633_12_abrogation_codification_creation():
    a = seed("article-L633-12.wrapped-liens.txt")
    kinds = [lk.kind for lk in a.links]
    assert kinds == [LinkKind.CODIFIED_BY, LinkKind.CREATED_BY, LinkKind.ABROGATED_BY]
    codified, created, abrogated = (lk.target_text for lk in a.links)
    assert (codified.nature, codified.number, codified.date) == ("décret", "85-1353", "1985-12-17")
    assert (created.nature, created.article, created.jorf_date, created.in_force_date) == (
        "rapport",
        "4",
        "1996-04-25",
        "1997-01-01",
    )
    assert (abrogated.nature, abrogated.number, abrogated.date, abrogated.article, abrogated.jorf_date) == (
        "ordonnance",
        "2005-1528",
        "2005-12-08",
        "4",
        "2005-12-09",
    )
    assert abrogated.canonical_id == "ordonnance/2005-1528"
    # 12 alinéas, two runs of items
    assert max(c.alinea for top in a.clauses for c in top.walk()) == 12
    assert [c.label for c in a.clauses if c.kind == ClauseKind.ITEM] == ["1°", "2°", "3°", "4°", "1°", "2°"]


def test_seed_without_its_folder_gets_its_code_from_its_links():
    text = (SEEDS / "article-R133-19.wrapped-liens.txt").read_text(encoding="utf-8")
    assert parse_text(text).code == "code-de-la-securite-sociale"
    assert parse_text(text, code="CSS").code == "code-de-la-securite-sociale"


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.iterdir()))
def test_every_seed_clause_spans_index_the_text(name):
    a = seed(name)
    for top in a.clauses:
        for c in top.walk():
            assert c.span is not None and a.text[c.span[0] : c.span[1]] == c.text
    assert len(set(pinpoints(a))) == len(pinpoints(a))


# Written by hand from each file, following the drafting rules documented in lextrack/parser/clauses.py
# (an alinéa after the last item of a list goes up; between two items of one run it stays in the first).
EXPECTED_TREES = {
    "article-L114-23.markdown-html.txt": [
        "I", "I.al.2", "I.al.3", "I.1°", "I.2°", "I.3°", "I.4°", "I.al.8", "I.al.9", "I.a)", "I.b)",
        "II", "III",
    ],
    "article-L227-1.markdown-html.txt": [
        "I", "I.al.2", "I.al.3", "I.1°", "I.2°", "I.2° bis", "I.3°", "I.4°", "I.5°", "I.al.10", "I.al.11",
        "I.al.12", "I.1°#2", "I.2°#2", "II", "III", "III.al.2",
    ],
    "article-L633-12.wrapped-liens.txt": [
        "al.1", "al.2", "al.3", "1°", "2°", "3°", "4°", "al.8", "al.9", "1°#2", "2°#2", "al.12",
    ],
    "article-R133-19.wrapped-liens.txt": ["al.1", "1°", "1°.al.2", "2°", "al.5", "a)", "b)", "c)"],
    "article-R133-2-10.markdown-html.txt": ["al.1", "1°", "1°.al.2", "2°", "al.5", "a)", "b)", "c)", "al.9"],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED_TREES))
def test_every_seed_exact_clause_tree(name):
    a = seed(name)
    assert pinpoints(a) == EXPECTED_TREES[name]
    # alinéa numbers run 1..N over the whole article, one per block
    alineas = [c.alinea for top in a.clauses for c in top.walk()]
    assert alineas == list(range(1, len(alineas) + 1))
