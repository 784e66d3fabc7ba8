"""Citations checked against ground truth other people wrote: LEGI CITATION links, Légifrance anchors,
and the hand-checked dev set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from lextrack.citations import extract, extract_article, to_json
from lextrack.parser import parse_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "seeds" / "code-de-la-securite-sociale"
STEEVE_CSS = CORPUS / "steeve-everything" / "snapshot" / "Code De La Sécurité Sociale" / "Partie Législative"


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_citations", ROOT / "scripts" / "eval_citations.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_legi_xml_citation_links_are_found_in_the_text():
    article = parse_file(CORPUS / "legi-xml" / "article_LEGIARTI000006291810.xml")
    found = [c for _, c in extract_article(article)]
    # The file's LIENS typelien="CITATION": décret 62-1587 art. 80 à 95, code de la consommation L215-1.
    assert any(
        c.kind == "text"
        and c.text is not None
        and (c.text.nature, c.text.number, c.text.date, c.text.article)
        == ("décret", "62-1587", "1962-12-29", "80 à 95")
        for c in found
    )
    assert any("code-de-la-consommation/L215-1" in c.ids for c in found)
    for c in found:
        assert article.text[c.span[0] : c.span[1]] == c.matched


def test_legi_xml_links_agree_with_parser_links():
    article = parse_file(CORPUS / "legi-xml" / "article_LEGIARTI000006291810.xml")
    ids = {i for _, c in extract_article(article) for i in c.ids}
    for link in article.links:
        if link.legi_type != "CITATION":
            continue
        if link.target_article:
            assert link.target_article in ids
        else:
            assert link.target_text is not None and link.target_text.canonical_id in ids


@pytest.mark.parametrize("name", ["article-R133-2-10.markdown-html.txt", "article-L114-23.markdown-html.txt"])
def test_seed_anchors_are_recovered_without_the_markup(name: str):
    article = parse_file(SEEDS / name)
    anchors = [lk for lk in article.links if lk.span is not None and lk.target_article]
    assert anchors, "the seed has <a title> anchors"
    found = [c for _, c in extract_article(article)]
    for lk in anchors:
        start, end = lk.span
        assert any(lk.target_article in c.ids and c.span[0] < end and c.span[1] > start for c in found), (
            lk.label
        )


def test_anchor_recall_over_the_corpus():
    found, total = _eval_module().anchor_recall(CORPUS, verbose=False)
    assert total >= 13
    assert found / total >= 0.99


def test_dev_set_f1():
    mod = _eval_module()
    gold = ROOT / "tests" / "data" / "citations_dev.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 400
    score = mod.evaluate(gold)  # with tests/data/citations_catalogue.tsv as the exists hook
    assert score.prf()[2] >= 0.97, "\n".join(score.misses)
    for family in score.tp.keys() | score.fn.keys():
        assert score.prf(family)[2] >= 0.95, (
            family,
            "\n".join(m for m in score.misses if f"[{family}]" in m),
        )


def test_meme_code_carries_across_clauses():
    # CSS L241-18: I.1° names the code du travail, I.2° says "du même code".
    article = parse_file(STEEVE_CSS / "Livre 2" / "Titre 4" / "Chapitre 1er" / "Article L241-18.md")
    by_num = {c.num: (pin, c) for pin, c in extract_article(article) if c.kind == "article"}
    pin, c = by_num["L3121-42"]
    assert c.code == "code-du-travail"
    assert pin is not None and pin.endswith("2°")
    # The same clause read on its own has no code to refer back to.
    alone = extract("prévues à l'article L. 3121-42 du même code,", code="code-de-la-securite-sociale")
    assert alone[0].code == "code-de-la-securite-sociale"


def test_present_item_resolves_relative_to_the_citing_clause():
    # Seed R133-2-10, letter b): "… mentionné au premier alinéa du présent 2° ;".
    article = parse_file(SEEDS / "article-R133-2-10.markdown-html.txt")
    hits = [(pin, to_json(c)) for pin, c in extract_article(article) if "présent 2°" in c.matched]
    assert hits == [
        (
            "b)",
            {
                "kind": "article",
                "code": "code-de-la-securite-sociale",
                "num": "R133-2-10",
                "pinpoint": "2°.al.1",
            },
        )
    ]
