"""End to end in a real headless Chromium (Debian's package, driven by Playwright through executable_path).

A reader opens L227-1 of the Code de la sécurité sociale from the search box, picks two dates, sees the
diff marked, follows a citation; a hostile copy of R133-19 (tests/fixtures/hostile-web) shows its
<script> and <img onerror> as text and runs neither. Screenshots of the main pages go to the test's
tmp_path (and to $LEXTRACK_SCREENSHOTS when set, which is how docs/screenshot-article.png was made).

Expected values are those of tests/test_web_api.py's docstring (read by hand from the corpus files).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does)",
                allow_module_level=True)  # fmt: skip
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")

from test_web_api import CSS, L227, corpus_store, hostile_store  # noqa: E402

from lextrack.web import create_app  # noqa: E402

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


class _Server:
    """uvicorn in a thread on a loopback port the OS picks; stopped at the end of the module."""

    def __init__(self, store_dir: Path) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(create_app(store_dir), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Server]:
    s = _Server(corpus_store(tmp_path_factory))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Server]:
    s = _Server(hostile_store(tmp_path_factory))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR")  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def _shot(page: object, tmp_path: Path, name: str, full_page: bool = False) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    extra = os.environ.get("LEXTRACK_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / path.name)
    return path


def test_article_dates_diff_and_citation(server: _Server, page: object, tmp_path: Path) -> None:
    pg = page
    pg.goto(server.url + "/")  # type: ignore[attr-defined]
    pg.fill("header input[name=q]", "L227-1")
    pg.press("header input[name=q]", "Enter")
    pg.wait_for_url(f"**/articles/{L227}")
    assert pg.inner_text("h1") == "Article L227-1"

    # pick two dates: the 2011 text and the one in force from 2021
    pg.select_option("#diff-from", "2011-12-23")
    pg.select_option("#diff-to", "2021-01-01")
    pg.click("#diff-go")
    pg.wait_for_selector("#diff del")
    dels = pg.locator("#diff del").all_inner_texts()
    ins = pg.locator("#diff ins").all_inner_texts()
    assert any("travailleurs salariés" in d for d in dels)
    assert any("solidarité pour l'autonomie" in i for i in ins)
    # marked for the eye too: inserted words on a coloured background, deleted ones struck or coloured
    colour = pg.eval_on_selector("#diff ins", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(pg, tmp_path, "screenshot-article")

    # the timeline marks the version in force and its amending text
    assert "Loi N°2011-1906" in pg.inner_text("#timeline")

    # follow a citation in the text: L. 200-2
    pg.click(f"#text a.cite[href='/articles/{CSS}/L200-2']")
    pg.wait_for_url(f"**/articles/{CSS}/L200-2")
    assert pg.inner_text("h1") == "Article L200-2"
    assert "L227-1" in pg.inner_text("#cited-by")  # and back: L227-1 is among those citing it
    _shot(pg, tmp_path, "article-L200-2", full_page=True)


def test_transfer_code_text_and_graph_pages(server: _Server, page: object, tmp_path: Path) -> None:
    pg = page
    pg.goto(f"{server.url}/articles/{CSS}/R133-19?date=2020-01-01")  # type: ignore[attr-defined]
    pg.click("a.successor")
    pg.wait_for_url(f"**/articles/{CSS}/R133-2-10*")
    assert pg.inner_text("h1") == "Article R133-2-10"

    pg.goto(f"{server.url}/codes/{CSS}?date=2010-01-01&from=2011-12-01&to=2011-12-31")
    assert "Loi N°2011-1906 Du 21 Décembre 2011 - Art. 116" in pg.inner_text("#changes")
    _shot(pg, tmp_path, "code")

    pg.goto(f"{server.url}/texts/decret/2017-864")
    assert "R133-19" in pg.inner_text("#impact")
    _shot(pg, tmp_path, "text")

    pg.goto(f"{server.url}/articles/{L227}/graph?depth=1")
    pg.wait_for_selector("#cy[data-ready]")
    assert int(pg.get_attribute("#cy", "data-ready") or 0) > 5
    assert pg.locator("#cy canvas").count() > 0
    _shot(pg, tmp_path, "graph")
    # a node is a link: click L114-23 where Cytoscape drew it
    box = pg.locator("#cy").bounding_box()
    pos = pg.evaluate(
        "id => document.getElementById('cy').cy.getElementById(id).renderedPosition()", f"{CSS}/L114-23"
    )
    pg.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    pg.wait_for_url(f"**/articles/{CSS}/L114-23")
    assert pg.inner_text("h1") == "Article L114-23"


def test_injected_markup_never_runs(hostile_server: _Server, page: object, tmp_path: Path) -> None:
    pg = page
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    for path in (f"/articles/{CSS}/R133-19?date=2015-01-01", "/search?q=pwned"):
        pg.goto(hostile_server.url + path)
        pg.wait_for_load_state("load")
        assert pg.evaluate("typeof window.__pwned") == "undefined"
        assert pg.locator("main script").count() == 0
        assert pg.locator("main img").count() == 0
    pg.goto(f"{hostile_server.url}/articles/{CSS}/R133-19?date=2015-01-01")
    shown = pg.inner_text("#text")
    assert '<script>window.__pwned = "script";</script>' in shown  # the reader sees what the file says
    assert "onerror=" in shown
    assert dialogs == []
    _shot(pg, tmp_path, "hostile")
