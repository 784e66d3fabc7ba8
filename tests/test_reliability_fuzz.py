"""Fuzzing the parser: real article files of every format, damaged at random, give an Article whose edges can
be read (the citation finder runs on every file an ingest reads), or a ParseError.

The strategies here are also what `scripts/fuzz_parser.py` runs for longer (it imports this module).
Starting from real files (not random bytes) keeps the fuzzer inside each reader: a damaged seed is still
detected as its format, so the damage reaches the HTML, the Liens block, the front matter or the XML tree.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lextrack.errors import ParseError
from lextrack.model import Article
from lextrack.parser import parse_text
from lextrack.store.edges import refs_of

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEEDS_DIR = CORPUS / "seeds" / "code-de-la-securite-sociale"

# The kinds of damage, shared with scripts/fuzz_parser.py.
KINDS = ["truncate", "encoding", "tag", "huge_line", "nul", "unicode", "nested_tables", "cut", "repeat",
         "bytes", "citation"]  # fmt: skip

# One or more real files per format (the path matters: it names the code for the formats that do not).
SEED_FILES: dict[str, list[Path]] = {
    "markdown-html": [
        SEEDS_DIR / "article-L227-1.markdown-html.txt",
        SEEDS_DIR / "article-R133-2-10.markdown-html.txt",
        SEEDS_DIR / "article-L114-23.markdown-html.txt",
        CORPUS / "etalab-codes/snapshot/codes-en-vigueur/code-de-commerce/partie-legislative/livre-ii"
        "/titre-ier/article-l210-1.md",
    ],
    "wrapped-text": [
        SEEDS_DIR / "article-R133-19.wrapped-liens.txt",
        SEEDS_DIR / "article-L633-12.wrapped-liens.txt",
    ],
    "setext": [
        CORPUS / "steeve-everything/snapshot/Code De La Sécurité Sociale/Partie Législative/Livre 2"
        "/Titre 1/Chapitre 5/Article L215-4.md"
    ],
    "tricoteuses": [
        CORPUS / "tricoteuses-code-civil/snapshot/api/data/livre_iii/titre_iii/sous-titre_ier/chapitre_iii"
        "/article_1192.md"
    ],
    "legi-xml": [
        CORPUS / "legi-xml" / "article_LEGIARTI000006291810.xml",
        ROOT / "tests/fixtures/legi/article_R133-19_transfere.xml",
    ],
}
SEEDS: list[tuple[str, bytes]] = [
    (str(p.relative_to(ROOT)), p.read_bytes()) for paths in SEED_FILES.values() for p in paths
]

TAGS = [
    b"<table>", b"</table>", b"<tr>", b"<td>", b"</td>", b"<p>", b"</p>", b"<br/>", b"<a href=\"",
    b"<a href='../../../etc/passwd'>", b"</a>", b"<div>", b"<sup>", b"<font", b"<!--", b"-->", b"<details>",
    b"<summary>", b"<h1>", b"</h1>", b"<CONTENU>", b"</CONTENU>", b"<LIEN ", b"</LIENS>", b"<![CDATA[",
    b"]]>", b"&amp", b"&#x0;", b"&#xD800;", b"&nbsp;", b"&unknown;", b"---\n", b"\n----\n", b"# Article ",
    b"**Liens relatifs \xc3\xa0 cet article**\n", b"Modifi\xc3\xa9 par : ", b"<?xml version='1.0'?>",
]  # fmt: skip


# Pieces of real citations (the seeds' and the bundled histories' articles), put together at random by the
# "citation" damage: they take the citation finder through its lists, ranges, pinpoints and back-references.
CITATION_PIECES = [
    "l'article ", "les articles ", "L. 133-6", "L. 133-6-1 à L. 133-6-5", "R. 513- 1", "L. 241-13", "1er",
    " bis", " ter", " A", "-1", ", ", " et ", " à ", " ou ", "du code de la sécurité sociale",
    "du présent code", "du même code", "du code général des impôts", "de l'annexe III",
    "de la loi n° 2011-1906 du 21 décembre 2011", "de l'ordonnance n° 2016-131 du 10 février 2016",
    "du décret n° 2013-597 du 8 juillet 2013", "de la même loi", "du même article", "de ce même article",
    "cet article", "au 2° du I", "au dernier alinéa", "premier alinéa", "(1° à 14°)", " a) ", "du a du 1",
    "206-5", "39-1-1°", "précité", "ci-dessus", "susvisé", "à l'article ",
    "du règlement (CE) n° 561/2006 du 15 mars 2006", "de la Constitution", "\n", "«", "»", "\u00a0", "’",
]  # fmt: skip


def _at(data: bytes, frac: float) -> int:
    return int(len(data) * frac)


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, object]:
    """One damage operation, as data (printable in hypothesis' falsifying example)."""
    kind = draw(
        st.sampled_from(KINDS)
    )
    frac = draw(st.floats(0, 1))
    if kind == "encoding":
        return kind, (
            draw(st.sampled_from(["latin-1", "utf-16", "utf-16-be", "cp1252", "utf-32", "utf-7"])),
            frac,
        )
    if kind == "tag":
        return kind, (draw(st.sampled_from(TAGS)), frac)
    if kind == "huge_line":
        return kind, (draw(st.integers(10_000, 300_000)), frac)
    if kind == "unicode":
        return kind, (draw(st.text(min_size=1, max_size=40)), frac)
    if kind == "nested_tables":
        return kind, (draw(st.integers(2, 400)), frac)
    if kind in ("cut", "repeat"):
        return kind, (frac, draw(st.floats(0, 1)))
    if kind == "bytes":
        return kind, (draw(st.binary(min_size=1, max_size=16)), frac)
    if kind == "citation":
        pieces = draw(st.lists(st.sampled_from(CITATION_PIECES), min_size=1, max_size=12))
        return kind, ("".join(pieces), frac)
    return kind, frac


def apply_damage(data: bytes, op: tuple[str, object]) -> bytes:
    kind, arg = op
    if kind == "truncate":
        return data[: _at(data, arg)]  # type: ignore[arg-type]
    if kind == "encoding":
        enc, frac = arg  # type: ignore[misc]
        text = data.decode("utf-8", errors="replace")
        cut = int(len(text) * frac)
        # wrong encoding for the whole file, or for its second half only (a file pasted from two sources)
        if frac < 0.5:
            return text.encode(enc, errors="replace")
        return text[:cut].encode("utf-8") + text[cut:].encode(enc, errors="replace")
    if kind == "tag":
        tag, frac = arg  # type: ignore[misc]
        i = _at(data, frac)
        return data[:i] + tag + data[i:]
    if kind == "huge_line":
        n, frac = arg  # type: ignore[misc]
        i = _at(data, frac)
        return data[:i] + b"a" * n + data[i:]
    if kind == "nul":
        i = _at(data, arg)  # type: ignore[arg-type]
        return data[:i] + b"\x00" + data[i:]
    if kind in ("unicode", "citation"):
        text, frac = arg  # type: ignore[misc]
        i = _at(data, frac)
        return data[:i] + text.encode("utf-8", errors="surrogatepass") + data[i:]
    if kind == "nested_tables":
        depth, frac = arg  # type: ignore[misc]
        i = _at(data, frac)
        return data[:i] + b"<table><tr><td>" * depth + b"x" + b"</td></tr></table>" * (depth // 2) + data[i:]
    if kind == "cut":
        a, b = sorted((_at(data, arg[0]), _at(data, arg[1])))  # type: ignore[index]
        return data[:a] + data[b:]
    if kind == "repeat":
        a, b = sorted((_at(data, arg[0]), _at(data, arg[1])))  # type: ignore[index]
        return data[:b] + data[a:b] * 3 + data[b:]
    if kind == "bytes":
        raw, frac = arg  # type: ignore[misc]
        i = _at(data, frac)
        return data[:i] + raw + data[i:]
    raise AssertionError(kind)


@st.composite
def damaged_file(draw: st.DrawFn) -> tuple[str, bytes, list]:
    path, data = draw(st.sampled_from(SEEDS))
    ops = draw(st.lists(damage(), min_size=1, max_size=4))
    for op in ops:
        data = apply_damage(data, op)
    return path, data, ops


_UNSAFE_ID = re.compile(r"\.\.|[\\\x00-\x1f\x7f]|^/")


def check_one(path: str, data: bytes, as_text: bool = False) -> str:
    """The property: an Article whose id is safe to use as a path and whose edges (links and citations, as an
    ingest stores them) can be read, or a ParseError naming the file.

    Returns "ok" or "rejected"; anything else propagates (that is a crash)."""
    payload: str | bytes = data
    if as_text:
        payload = data.decode("utf-8", errors="surrogateescape")
    try:
        art = parse_text(payload, path=path)
    except ParseError as exc:
        assert exc.path == path, exc
        assert str(exc).startswith(path)
        return "rejected"
    assert isinstance(art, Article)
    assert art.id.count("/") == 1 and not _UNSAFE_ID.search(art.id), art.id
    assert all(r.article_id == art.id for r in refs_of(art, None, None))
    return "ok"


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)


def test_every_seed_parses_undamaged() -> None:
    """The fuzzer starts from files the parser reads: damage, not the seed, causes each rejection."""
    assert {fmt for fmt in SEED_FILES} == {
        "markdown-html",
        "wrapped-text",
        "setext",
        "tricoteuses",
        "legi-xml",
    }
    for path, data in SEEDS:
        assert check_one(path, data) == "ok", path
        fmt = next(f for f, ps in SEED_FILES.items() if str(ROOT / path) in map(str, ps))
        assert parse_text(data, path=path).format == fmt


@FUZZ
@given(damaged_file())
def test_damaged_files_give_an_article_or_a_parse_error(case: tuple[str, bytes, list]) -> None:
    path, data, _ops = case
    check_one(path, data)


@FUZZ
@given(damaged_file())
def test_damaged_text_passed_as_str_too(case: tuple[str, bytes, list]) -> None:
    """parse_text also takes str: lone surrogates (undecodable bytes) must not escape as UnicodeError."""
    path, data, _ops = case
    check_one(path, data, as_text=True)


@settings(max_examples=40, deadline=None, database=None, derandomize=True)
@given(st.binary(max_size=2000), st.sampled_from([p for p, _ in SEEDS]))
def test_random_bytes(data: bytes, path: str) -> None:
    check_one(path, data)


def test_known_damage_is_refused_with_the_reason() -> None:
    """Hand-picked damage with the expected reason (not only 'no crash')."""
    path, data = SEEDS[0]
    cases = {
        b"\x00": apply_damage(data, ("nul", 0.5)),
        b"UTF-8": apply_damage(data, ("encoding", ("latin-1", 0.1))),
        b"empty": apply_damage(data, ("truncate", 0.0)),
    }
    for word, bad in cases.items():
        try:
            parse_text(bad, path=path)
        except ParseError as exc:
            assert word.decode() in exc.problem or (word == b"\x00" and "NUL" in exc.problem), exc
        else:
            raise AssertionError(f"accepted damage {word!r}")


# --- sizes that used to cost quadratic time (found by this file's probes; fixed in parser/links.py) -------


def _timed_parse(data: bytes, path: str) -> float:
    import time

    t = time.perf_counter()
    check_one(path, data)
    return time.perf_counter() - t


def test_a_page_of_many_reference_headings_parses_in_linear_time() -> None:
    """16 000 <h2>/<li> pairs (1.1 MB) took 19 s when each item looked at every heading; now under 3 s."""
    path, data = next((p, d) for p, d in SEEDS if "tricoteuses" in p)
    k = data.index(b"<details>")
    item = b"<h2>a</h2><ul><li>2020-01-01 CITATION cible <a href='x'>y</a></li></ul>"
    page = data[:k] + b"<details><summary>x</summary>" + item * 16_000 + b"</details>"
    assert _timed_parse(page, path) < 3


def test_a_liens_block_wrapped_over_many_lines_parses_in_linear_time() -> None:
    """50 000 continuation lines (3 MB) glued by repeated concatenation took 5 s; now about 1 s."""
    path, data = next((p, d) for p, d in SEEDS if "R133-19" in p)
    line = "Modifié par : Loi n°2011-1906 du 21 décembre 2011 - art. 116\n\n".encode()
    assert _timed_parse(data + line * 50_000, path) < 3
