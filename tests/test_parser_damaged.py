"""Real files cut short: read up to the cut and flagged damaged, or refused when nothing can be read.

The fixtures are real files of corpus/ cut at a byte offset (tests/fixtures/damaged/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.errors import ParseError
from lextrack.parser import parse_bytes, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
DAMAGED = ROOT / "tests" / "fixtures" / "damaged"
READ = DAMAGED / "read"
REJECTED = DAMAGED / "rejected"
ETALAB = ROOT / "corpus" / "etalab-codes" / "snapshot" / "codes-en-vigueur"
L244_1 = ETALAB / "code-de-commerce/partie-legislative/livre-ii/titre-iv/chapitre-iv/article-l244-1.md"
TABLEAU_91 = ETALAB / "code-de-la-securite-sociale/annexes/annexe-ii/article-annexe-ii-tableau-no-91.md"
STEEVE_R133_19 = (
    ROOT / "corpus/steeve-everything/snapshot/Code De La Sécurité Sociale"
    / "Partie Réglementaire - Décrets En Conseil D'Etat/Livre 1/Titre 3/Chapitre 3 Bis/Article R133-19.md"
)  # fmt: skip


def _history_parse(f: Path):
    """As ingest reads a blob of a history: bytes and the path in the tree, nothing looked up on disk."""
    return parse_text(f.read_bytes(), path=f.relative_to(READ).as_posix())


def test_cut_in_the_middle_of_a_utf8_character_keeps_the_text_up_to_it():
    f = READ / "code-de-commerce/article-l244-1.cut-in-a-character.md"
    assert f.read_bytes().endswith(b"des soci\xc3")  # the first byte of a two-byte "é", then the end
    whole = parse_file(L244_1)
    cut = _history_parse(f)
    assert cut.id == whole.id == "code-de-commerce/L244-1"
    assert cut.text.endswith("s'appliquent aux commissaires aux comptes des soci")
    assert whole.text.startswith(cut.text) and len(cut.text) < len(whole.text)
    assert "UTF-8 character" in cut.damaged and "line 7" in cut.damaged
    assert whole.damaged is None
    assert parse_bytes(f.read_bytes(), f).damaged == cut.damaged  # from disk: the same


def test_a_file_ending_with_u_fffd_was_cut_by_its_writer():
    f = READ / "code-de-commerce/article-l244-1.cut-ends-with-fffd.md"
    cut = _history_parse(f)
    assert cut.text.endswith("des soci") and "\ufffd" not in cut.text
    assert "U+FFFD" in cut.damaged
    assert parse_text(f.read_text(encoding="utf-8"), path="code-de-commerce/x.md").text == cut.text  # str too


def test_steeve_file_cut_in_a_character():
    f = READ / "Code De La Sécurité Sociale/Article R133-19.cut-in-a-character.md"
    cut, whole = _history_parse(f), parse_file(STEEVE_R133_19)
    assert cut.id == whole.id == "code-de-la-securite-sociale/R133-19" and cut.format == "setext"
    assert cut.text.endswith("la réalisation d'opérations mat") and whole.text.startswith(cut.text)
    assert "UTF-8 character" in cut.damaged


def _rows(article) -> tuple[tuple[str, ...], ...]:
    return next(c.rows for c in article.clauses if c.rows)


def test_cut_in_a_tag_inside_a_table_keeps_the_rows_before_it():
    whole = parse_file(TABLEAU_91)
    header = _rows(whole)[0]
    assert header[0] == "DÉSIGNATION DE LA MALADIE"
    in_tag = _history_parse(
        READ / "code-de-la-securite-sociale/article-annexe-ii-tableau-no-91.cut-in-a-tag.md"
    )
    assert in_tag.id == whole.id
    rows = _rows(in_tag)
    assert rows[0] == header and rows[1][0].startswith(
        "Broncho-pneumopathie chronique obstructive entraînant"
    )
    assert rows[1][1:] == ("", "")  # the two cells after the cut are lost
    assert "inside a tag (line 22" in in_tag.damaged and "inside a <table> (line 5)" in in_tag.damaged


def test_cut_before_the_end_of_a_table_reads_every_row():
    whole = parse_file(TABLEAU_91)
    cut = _history_parse(
        READ / "code-de-la-securite-sociale/article-annexe-ii-tableau-no-91.cut-in-the-table.md"
    )
    assert _rows(cut) == _rows(whole) and cut.text == whole.text
    assert cut.damaged.startswith("the file ends inside a <table> (line 5)")


def test_tricoteuses_file_cut_in_its_details_tag():
    cut = _history_parse(READ / "code_civil/article_1101.cut-in-a-tag.md")
    assert cut.id == "code-civil/1101" and cut.format == "tricoteuses" and cut.state == "VIGUEUR"
    assert cut.text == (
        "Le contrat est un accord de volontés entre deux ou plusieurs personnes destiné à créer, modifier, "
        "transmettre ou éteindre des obligations."
    )
    assert "'<deta'" in cut.damaged


def test_what_cannot_be_read_is_still_refused():
    with pytest.raises(ParseError) as title:
        parse_file(REJECTED / "code-de-commerce/article-l244-1.cut-in-the-title.md")
    assert "no article title" in title.value.problem and title.value.line == 1
    with pytest.raises(ParseError) as xml:
        parse_file(REJECTED / "code-de-la-consommation/article_LEGIARTI000006291810.cut.xml")
    assert "malformed XML" in xml.value.problem and xml.value.line == 62
    # an undecodable byte anywhere but in a last, incomplete character is not a cut: refused
    data = L244_1.read_bytes()
    with pytest.raises(ParseError, match="not UTF-8"):
        parse_text(data[:100] + b"\xff" + data[100:], path="code-de-commerce/article-l244-1.md")


def test_cli_prints_damaged_files_and_exits_0():
    result = CliRunner().invoke(cli, ["parse", str(READ)])
    assert result.exit_code == 0, result.output
    assert "6 article(s), 0 rejected, 6 damaged" in result.output
    assert result.output.count("damaged: ") == 6
    assert "article-l244-1.cut-in-a-character.md: cut off in the middle of a UTF-8 character" in result.output


def test_cli_json_gives_the_reason():
    result = CliRunner().invoke(cli, ["parse", "--json", str(READ / "code-de-commerce")])
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in objs] == ["code-de-commerce/L244-1"] * 2
    assert all(o["damaged"].startswith("cut off in the middle of a") for o in objs)


def test_cli_one_damaged_file_shows_it():
    result = CliRunner().invoke(cli, ["parse", str(READ / "code_civil/article_1101.cut-in-a-tag.md")])
    assert result.exit_code == 0, result.output
    assert "code-civil/1101" in result.output and "damaged: the file ends inside a tag" in result.output


def test_cli_rejected_and_damaged_together():
    stop = CliRunner().invoke(cli, ["parse", str(DAMAGED)])
    assert stop.exit_code == 2 and "no article title" in stop.output
    going = CliRunner().invoke(cli, ["parse", "--keep-going", str(DAMAGED)])
    assert going.exit_code == 1
    assert "6 article(s), 2 rejected, 6 damaged" in going.output and "2 file(s) rejected" in going.output
