"""One spelling of article numbers: the parser's ids, the citations' ids and the ids users type agree.

Numbers are real (tests/data/real_article_numbers.txt: every shape in steeve's history of 64 codes);
hypothesis draws the ways texts and users write them (prefix dots, non-ASCII hyphens, spaces, "Article").
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lextrack.citations import extract
from lextrack.nums import canonical_num, normalise_num
from lextrack.parser import parse_text
from lextrack.store import Store

NUMBERS = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "real_article_numbers.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
CSS = "code-de-la-securite-sociale"


def _spell(num: str, data: st.DataObject) -> str:
    """A way a text may write `num`: every rewrite keeps the number the same for a reader."""
    out = num
    if data.draw(st.booleans()):
        out = re.sub(
            r"^(LO|L|R|D|A)(?=\*?\d)",
            lambda m: m.group(1) + data.draw(st.sampled_from([". ", ".", " "])),
            out,
        )
    dash = data.draw(st.sampled_from(["-", "\u2010", "\u2011", "\u2013"]))
    out = out.replace("-", dash)
    space = data.draw(st.sampled_from([" ", "  ", "\u00a0"]))
    out = out.replace(" ", space)
    return data.draw(st.sampled_from(["", "Article ", "article ", "Art. "])) + out


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NUMBERS), st.data())
def test_every_spelling_of_a_real_number_normalises_to_one_id(num: str, data: st.DataObject) -> None:
    canonical = normalise_num(num)
    assert normalise_num(canonical) == canonical
    assert normalise_num(_spell(num, data)) == canonical


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([n for n in NUMBERS if "*" not in n[:1]]))
def test_the_parser_gives_an_article_the_id_its_number_normalises_to(num: str) -> None:
    article = parse_text(
        f"Article {num}\n{'-' * (8 + len(num))}\n\nTexte.\n", path="Code civil/x.md", code="code-civil"
    )
    assert article.num == normalise_num(num)


def test_citations_and_titles_spell_suffixed_numbers_alike() -> None:
    """The spelling citations always had ("1649 quater") is the one every layer now uses."""
    title = parse_text("Article 1649 quater\n-------------------\n\nTexte.\n", path="x.md", code="CGI")
    cited = extract("à l'article 1649 quater du code général des impôts")[0]
    assert title.id == f"{cited.code}/{cited.num}" == "code-general-des-impots/1649 quater"
    annex = parse_text("Article Annexe II Tableau n° 71 bis\n---\n\nTexte.\n", path="x.md", code="CSS")
    assert annex.num == "Annexe II Tableau 71 bis"
    assert canonical_num("L. 245-5-1 A") == "L245-5-1 A"


def test_users_may_type_an_id_as_texts_write_it(bundles_store) -> None:
    with Store.open(bundles_store.root) as store:
        for typed in (
            "L245-5-1 A",
            "L. 245-5-1 A",
            f"{CSS}/L.\u00a0245\u20115\u20111 A",
            "l245-5-1 a",
            "l. 245-5-1 A",
        ):
            assert store.resolve(typed).id == f"{CSS}/L245-5-1 A", typed
