"""Hostile XML and huge files: refused with a clear error, no file read, no connection made, bounded memory.

Built from the real LEGI article in corpus/legi-xml. Network: a listening socket on 127.0.0.1 counts every
connection libxml2 (C code, invisible to Python) might make, and Python's own connect is guarded too.
Memory: the big cases run in a subprocess that reports its peak RSS.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from lextrack.errors import ParseError
from lextrack.parser import parse_text, safe_xml

ROOT = Path(__file__).resolve().parents[1]
REAL = (ROOT / "corpus" / "legi-xml" / "article_LEGIARTI000006291810.xml").read_bytes()
PY = sys.executable
PASSWD_LINE = re.compile(rb"root:.*:0:0:")


def with_prolog(prolog: bytes, num: bytes = b"D215-16") -> bytes:
    """The real article with `prolog` before <ARTICLE> and `num` as its NUM (e.g. an entity reference)."""
    head, _, rest = REAL.partition(b"<ARTICLE>")
    return head + prolog + b"\n<ARTICLE>" + rest.replace(b"<NUM>D215-16</NUM>", b"<NUM>" + num + b"</NUM>", 1)


class Listener:
    """A TCP server on 127.0.0.1 that only counts connections."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> int:
        self.stop = True
        self.thread.join()
        self.sock.close()
        return self.hits


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture
def no_python_network(monkeypatch):
    """Any connect from Python code (urllib, http.client…) fails the test at once."""
    attempts: list = []

    def guard(self, address, *a, **k):  # noqa: ANN001
        attempts.append(address)
        raise AssertionError(f"network connection attempted to {address}")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard)
    yield attempts
    assert attempts == []


def hostile_docs(port: int) -> dict[str, bytes]:
    url = f"http://127.0.0.1:{port}".encode()
    return {
        "xxe-file": with_prolog(b'<!DOCTYPE ARTICLE [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;"),
        "xxe-http": with_prolog(b'<!DOCTYPE ARTICLE [<!ENTITY x SYSTEM "' + url + b'/e.txt">]>', b"&x;"),
        "external-dtd": with_prolog(b'<!DOCTYPE ARTICLE SYSTEM "' + url + b'/a.dtd">'),
        "parameter-entity": with_prolog(
            b'<!DOCTYPE ARTICLE [<!ENTITY % p SYSTEM "' + url + b'/p.dtd"> %p;]>', b"&x;"
        ),
        "billion-laughs": with_prolog(
            b'<!DOCTYPE ARTICLE [<!ENTITY a0 "ha">'
            + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10))
            + b"]>",
            b"&a9;",
        ),
        "entity-without-doctype": with_prolog(b'<!ENTITY x SYSTEM "file:///etc/passwd">', b"&x;"),
        "lowercase-doctype": with_prolog(
            b'<!doctype ARTICLE [<!entity x SYSTEM "file:///etc/passwd">]>', b"&x;"
        ),
        "xinclude": with_prolog(
            b"",
            b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"'
            b' parse="text"/>',
        ),
        "utf16-doctype": with_prolog(b'<!DOCTYPE ARTICLE [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;")
        .decode("utf-8")
        .replace('encoding="UTF-8"', 'encoding="UTF-16"')
        .encode("utf-16"),
    }


@pytest.mark.parametrize(
    "name",
    [
        "xxe-file",
        "xxe-http",
        "external-dtd",
        "parameter-entity",
        "billion-laughs",
        "entity-without-doctype",
        "lowercase-doctype",
        "utf16-doctype",
    ],
)
def test_declarations_are_refused_with_the_reason(name: str, listener: Listener, no_python_network) -> None:
    doc = hostile_docs(listener.port)[name]
    with pytest.raises(ParseError) as info:
        parse_text(doc, path="hostile.xml")
    exc = info.value
    assert exc.path == "hostile.xml"
    assert re.search(r"DOCTYPE|ENTITY|NUL|UTF", exc.problem), exc.problem
    assert not PASSWD_LINE.search(str(exc).encode())
    assert listener.close() == 0


def test_xinclude_is_not_processed(listener: Listener, no_python_network) -> None:
    """XInclude needs no DOCTYPE: it must stay an inert element, /etc/passwd never read into the text."""
    try:
        art = parse_text(hostile_docs(listener.port)["xinclude"], path="hostile.xml")
    except ParseError:
        return
    assert not PASSWD_LINE.search(repr(art).encode())


@pytest.mark.parametrize(
    "name", ["xxe-file", "xxe-http", "external-dtd", "parameter-entity", "billion-laughs"]
)
def test_the_xml_parser_itself_never_resolves_even_without_the_guard(
    name: str, listener: Listener, no_python_network, monkeypatch
) -> None:
    """Second layer: with the DOCTYPE refusal off, lxml still loads no file, no URL, expands nothing."""
    monkeypatch.setattr(safe_xml, "_DECLARATION", re.compile(rb"(?!x)x"))
    doc = hostile_docs(listener.port)[name]
    try:
        root = safe_xml.parse_xml(doc, "hostile.xml")
    except ParseError:
        root = None
    if root is not None:
        from lxml import etree

        out = etree.tostring(root)
        assert not PASSWD_LINE.search(out)
        assert len(out) < 2 * len(doc)  # no entity expansion
    assert listener.close() == 0


def test_deeply_nested_elements_are_refused() -> None:
    deep = b"<ARTICLE>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</ARTICLE>"
    with pytest.raises(ParseError, match="depth"):
        parse_text(deep, path="deep.xml")
    j = REAL.index(b"<CONTENU>") + len(b"<CONTENU>")
    deep_html = REAL[:j] + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + REAL[j:]
    with pytest.raises(ParseError, match="depth"):
        parse_text(deep_html, path="deep.xml")


# --- memory: a subprocess reports its peak RSS ---------------------------------------------------------

RSS_SCRIPT = """
import json, resource, sys, traceback
from lextrack.errors import LextrackError
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
import lextrack.parser, lextrack.store, lextrack.parser.formats.legi_xml  # noqa
base = rss()
what, arg = sys.argv[1], sys.argv[2]
try:
    if what == "parse_file":
        lextrack.parser.parse_file(arg)
    elif what == "parse_text":
        lextrack.parser.parse_text(open(arg, "rb").read(), path=arg)
    elif what == "ingest":
        with lextrack.store.Store.open(sys.argv[3]) as s:
            s.ingest_paths([arg], strict=True)
    error = None
except LextrackError as exc:
    error = str(exc)
except BaseException:
    error = "CRASH " + traceback.format_exc()
print(json.dumps({"base": base, "peak": rss(), "error": error}))
"""


def run_rss(*args: str) -> dict:
    proc = subprocess.run([PY, "-c", RSS_SCRIPT, *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def big_xml(tmp_path_factory) -> Path:
    """The real article, its CONTENU padded with paragraphs to 50 MB."""
    folder = tmp_path_factory.mktemp("big")
    path = folder / "article_LEGIARTI000006291810.xml"
    j = REAL.index(b"<CONTENU>") + len(b"<CONTENU>")
    chunk = b"<p>" + b"Le texte de l'article se poursuit. " * 100 + b"</p>\n"
    with path.open("wb") as f:
        f.write(REAL[:j])
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
        f.write(REAL[j:])
    assert path.stat().st_size > 50 * 1024 * 1024
    return path


@pytest.mark.parametrize("how", ["parse_file", "ingest"])
def test_a_50_mb_file_is_refused_without_being_read(how: str, big_xml: Path, tmp_path: Path) -> None:
    out = run_rss(how, str(big_xml), str(tmp_path / "store"))
    assert out["error"] and "larger than 5 MB" in out["error"] and str(big_xml) in out["error"], out
    assert out["peak"] - out["base"] < 20, out  # MB: the 50 MB were never loaded


def test_a_50_mb_string_is_refused_before_parsing(big_xml: Path) -> None:
    """parse_text gets the bytes already in memory: it must not multiply them (decode, tree, copies)."""
    out = run_rss("parse_text", str(big_xml))
    assert out["error"] and "larger than 5 MB" in out["error"], out
    assert out["peak"] - out["base"] < 50 + 20, out


def test_billion_laughs_and_deep_nesting_use_little_memory(tmp_path: Path) -> None:
    for name, doc in (
        ("laughs", hostile_docs(9)["billion-laughs"]),
        ("deep", b"<ARTICLE>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</ARTICLE>"),
    ):
        path = tmp_path / f"article_{name}.xml"
        path.write_bytes(doc)
        out = run_rss("parse_file", str(path))
        assert out["error"] and not out["error"].startswith("CRASH"), out
        assert out["peak"] - out["base"] < 20, out
