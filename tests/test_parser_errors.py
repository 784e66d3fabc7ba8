"""Bad input: always a ParseError naming the file (and the line when known), never another exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lextrack.errors import ParseError
from lextrack.parser import parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
REAL_XML = ROOT / "corpus" / "legi-xml" / "article_LEGIARTI000006291810.xml"
SEED = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale" / "article-L227-1.markdown-html.txt"


def error(text, **kw) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_text(text, path="some/file.md", **kw)
    assert info.value.path == "some/file.md"
    assert str(info.value).startswith("some/file.md")
    return info.value


def test_empty_and_blank_files():
    assert "empty" in error("").problem
    assert "empty" in error(b"  \n\t\n").problem


def test_undecodable_bytes_name_the_line():
    exc = error(b"# Article L227-1\n\nI.-Dans le respect\n" + b"\xff\xfe broken\n")
    assert "UTF-8" in exc.problem and exc.line == 4


def test_no_article_title():
    exc = error("# LIVRE II : Des sociétés commerciales\n\n- [TITRE Ier](titre-ier)\n")
    assert "no article title" in exc.problem and exc.line == 1
    assert "unknown format" in error("Just some words\nwith no heading at all\n").problem


def test_setext_and_tricoteuses_without_title():
    assert "no article title" in error("Chapitre 7\n----\ntext\n").problem
    exc = error("---\nÉtat: VIGUEUR\n---\n\n<p>no heading</p>\n")
    assert "no article title" in exc.problem


def test_unknown_format_name():
    assert "unknown format" in error("# Article 1\n\ntext\n", format="docx").problem


def test_number_that_would_escape_the_store():
    for title in ("# Article ../../etc/passwd", "# Article L227/1", "# Article L227-1\x07"):
        exc = error(f"{title}\n\ntext\n", code="code-civil")
        assert "unsafe" in exc.problem and exc.line == 1


def test_no_code_anywhere():
    # not refused any more (issue 14): the article has the explicit code "unknown-code" and says why
    article = parse_text("# Article 12\n\nUn texte sans code.\n")
    assert article.id == "unknown-code/12"
    assert len(article.warnings) == 1 and "no code" in article.warnings[0] and "--code" in article.warnings[0]
    assert parse_text("# Article 12\n\nUn texte.\n", code="code civil").id == "code-civil/12"


def test_broken_html():
    # a table or a tag left open at the end of the file is where a file was cut: read, flagged damaged
    # (issue 14; tests/test_parser_damaged.py has the real cases)
    cut_table = parse_text("# Article L1\n\n<p>text</p>\n<table><tr><td>a</td>\n", code="code-civil")
    assert cut_table.text == "text\n\na" and "inside a <table> (line 4)" in cut_table.damaged
    cut_tag = parse_text("# Article L1\n\n<p>text <a href='x'\n", code="code-civil")
    assert cut_tag.text == "text" and "inside a tag (line 3" in cut_tag.damaged
    assert "outside a table" in error("# Article L1\n\ntext</td>\n", code="code-civil").problem


def test_doctype_and_entities_refused_before_parsing():
    real = REAL_XML.read_bytes()
    bomb = real.replace(
        b"<ARTICLE>",
        b'<!DOCTYPE ARTICLE [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n<ARTICLE>',
        1,
    )
    exc = error(bomb)
    assert "DOCTYPE" in exc.problem and exc.line == 2
    xxe = real.replace(b"<ARTICLE>", b'<!ENTITY x SYSTEM "file:///etc/passwd">\n<ARTICLE>', 1)
    assert "ENTITY" in error(xxe).problem


def test_malformed_xml_and_foreign_root():
    exc = error(b'<?xml version="1.0"?>\n<ARTICLE>\n<META>\n</ARTICLE>\n')
    assert "malformed XML" in exc.problem and exc.line is not None
    assert "not a LEGI article" in error(b"<?xml version='1.0'?><TEXTE_VERSION/>", format="legi-xml").problem
    no_num = REAL_XML.read_bytes().replace(b"<NUM>D215-16</NUM>", b"<NUM></NUM>")
    assert "no article number" in error(no_num).problem


def test_files_over_5_mb(tmp_path):
    big = tmp_path / "article-l1.md"
    big.write_bytes(b"# Article L1\n\n" + b"a" * (5 * 1024 * 1024))
    with pytest.raises(ParseError) as info:
        parse_file(big, code="code-civil")
    assert "larger than 5 MB" in info.value.problem and info.value.path == str(big)
    assert "larger than 5 MB" in error("# Article L1\n\n" + "é" * (3 * 1024 * 1024)).problem


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError) as info:
        parse_file(tmp_path / "nope.md")
    assert "cannot read" in info.value.problem


def test_nul_bytes():
    assert "NUL" in error(b"# Article L1\n\n\x00\x00").problem


SEED_TEXT = SEED.read_text(encoding="utf-8")
pieces = st.sampled_from(
    [
        "# Article L1\n",
        "Article 2\n----\n",
        "---\nÉtat: VIGUEUR\n---\n",
        "<h1>Article 3</h1>",
        "<p>",
        "</p>",
        "<br/>",
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "</tr>",
        "</table>",
        "<pre>",
        "</pre>",
        "<a href='/code-civil/x/l1.md'",
        "title='Code civil - art. 1'>",
        "</a>",
        "<i>NOTA:",
        "\n\n",
        "\n",
        "I.-",
        "1° ",
        "a) ",
        "- ",
        "&amp;",
        "&#0;",
        "**Liens relatifs à cet article**\n",
        "**Créé par**:\n",
        "  - Décret n°2013-597 du 8 juillet 2013 - art. 1\n",
        "<?xml version='1.0'?>",
        "<ARTICLE>",
        "</ARTICLE>",
        "<details>",
        "<li>",
        "MODIFIE cible ",
        "(V)",
        "é",
        "\x0b",
    ]
)


def _only_parse_errors(data, **kw) -> None:
    try:
        parse_text(data, path="fuzz.md", **kw)
    except ParseError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_parse_error(text):
    _only_parse_errors(text)
    _only_parse_errors(text, code="code-civil")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_parse_error(data):
    _only_parse_errors(data, code="code-civil")


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, max_size=30), st.sampled_from([None, "markdown-html", "wrapped-text", "setext",
                                                       "tricoteuses", "legi-xml"]))  # fmt: skip
def test_format_shaped_noise_raises_only_parse_error(parts, fmt):
    _only_parse_errors("".join(parts), format=fmt, code="code-civil")
    _only_parse_errors("".join(parts), format=fmt)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(SEED_TEXT)), st.integers(0, 200), st.text(max_size=20))
def test_mangled_real_seed_raises_only_parse_error(at, cut, insert):
    mangled = SEED_TEXT[:at] + insert + SEED_TEXT[at + cut :]
    try:
        parse_text(mangled, path="code-de-la-securite-sociale/article-l227-1.md")
    except ParseError:
        pass


def test_lone_surrogate_in_text():
    assert "surrogate" in error("# Article L1\n\ntext \ud800 here\n", code="code-civil").problem


def test_utf16_cannot_hide_a_doctype_from_the_xml_guard():
    from lextrack.parser.safe_xml import parse_xml

    real = REAL_XML.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    bomb = real.replace("<ARTICLE>", '<!DOCTYPE x [<!ENTITY a "b">]>\n<ARTICLE>', 1).encode("utf-16")
    with pytest.raises(ParseError, match="DOCTYPE"):
        parse_xml(bomb, "x.xml")
    assert parse_xml(real.encode("utf-16"), "x.xml").tag == "ARTICLE"
    with pytest.raises(ParseError, match="not UTF-8"):  # the file API wants UTF-8 anyway
        parse_text(bomb)
