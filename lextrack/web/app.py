"""The read-only web application: `create_app(store_dir)` returns a FastAPI app over one store.

FastAPI (on Starlette) gives typed query parameters, a test client and the OpenAPI description of the
JSON API for free; Jinja2 autoescapes every value put in a page. Routes stay thin: lextrack.web.views
builds each answer from the store's and the graph's public functions.
"""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from lextrack import __version__
from lextrack.errors import LextrackError, NotFoundError, StoreError, UsageError
from lextrack.store import Store
from lextrack.store.entries import existing_index
from lextrack.vocab import RowKind, Status
from lextrack.web import render, views
from lextrack.web.data import SearchIndex, open_store

HERE = Path(__file__).resolve().parent

# Scripts only from this server: an inline <script> that slipped through could not run anyway.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(store_dir: str | Path) -> FastAPI:
    """The app over `store_dir` (its index.sqlite is opened read-only for every request); nothing is read
    before the first request."""
    path = existing_index(Path(store_dir))
    fts = SearchIndex(path)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True  # every template, whatever its name: values are text, never markup
    templates.env.globals["version"] = __version__
    # statuses and row kinds compared as Status.IN_FORCE, RowKind.TEXT: the vocabulary's, never literals
    templates.env.globals.update(Status=Status, RowKind=RowKind)
    templates.env.filters.update(ahref=render.article_href, anchor=render.anchor, snippet=render.snippet_html)

    app = FastAPI(
        title="lextrack",
        version=__version__,
        description="Read-only view of a lextrack store: articles through time, diffs, citations, codes.",
        docs_url=None,  # Swagger UI would load from a CDN: the description is at /openapi.json
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def store() -> Iterator[Store]:
        with open_store(path) as s:
            yield s

    StoreDep = Annotated[Store, Depends(store)]

    def page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": message}, status_code=status)
        return page(request, "error.html", {"status": status, "message": message}, status)

    def _answer_with(status: int):
        async def handler(request: Request, exc: Exception) -> Response:
            return _error(request, status, str(exc))

        return handler

    # lextrack's own errors, most specific first: an unknown id is a 404, a bad argument a 422
    for error, status in ((NotFoundError, 404), (UsageError, 422), (StoreError, 500), (LextrackError, 422)):
        app.add_exception_handler(error, _answer_with(status))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, message)

    def today() -> str:
        return date.today().isoformat()

    # --- pages -------------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(s: StoreDep, request: Request) -> HTMLResponse:
        codes = [{"slug": c, "name": views.code_name(c), "articles": len(s.index.article_ids(c))}
                 for c in s.index.codes()]  # fmt: skip
        indexed, day = fts.about(s.index.conn)
        return page(request, "home.html", {"codes": codes, "indexed": indexed, "day": day})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(s: StoreDep, request: Request, q: str = "") -> Response:
        found = views.search(s, fts, q)
        if found["redirect"]:
            return RedirectResponse(found["redirect"], status_code=303)
        return page(request, "search.html", found)

    @app.get("/articles/{num}", include_in_schema=False)
    def bare_article(s: StoreDep, num: str) -> Response:
        return RedirectResponse(views.article_href(views.bare_id(s, num)), status_code=303)

    @app.get("/articles/{code}/{num}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        s: StoreDep,
        request: Request,
        code: str,
        num: str,
        date_: str | None = Query(None, alias="date"),
        from_: str | None = Query(None, alias="from"),
        to: str | None = None,
    ) -> Response:
        aid = views.article_id(s, code, num)
        if aid != f"{code}/{num}":  # l227-1, L. 227-1: one address per article
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(views.article_href(aid) + query, status_code=301)
        day = views.check_date(date_) or today()
        d1, d2 = views.check_date(from_, "from"), views.check_date(to, "to")
        ctx = views.article_view(s, aid, day)
        ctx["diff"] = views.diff_view(s, aid, d1, d2) if d1 and d2 else None
        return page(request, "article.html", ctx)

    @app.get("/articles/{code}/{num}/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(
        s: StoreDep, request: Request, code: str, num: str, depth: int = Query(1, ge=1, le=2)
    ) -> Response:
        aid = views.article_id(s, code, num)
        view = views.graph_view(s, aid, depth)
        count = len(view["elements"]["nodes"])
        return page(request, "graph.html", {"id": aid, "depth": depth, "count": count})

    @app.get("/codes/{code}", response_class=HTMLResponse, include_in_schema=False)
    def code_page(
        s: StoreDep,
        request: Request,
        code: str,
        date_: str | None = Query(None, alias="date"),
        from_: str | None = Query(None, alias="from"),
        to: str | None = None,
    ) -> Response:
        day = views.check_date(date_) or today()
        ctx = views.code_view(s, code, day, views.check_date(from_, "from"), views.check_date(to, "to"))
        return page(request, "code.html", ctx)

    @app.get("/texts/{nature}/{number}", response_class=HTMLResponse, include_in_schema=False)
    def text_page(s: StoreDep, request: Request, nature: str, number: str) -> Response:
        ctx = views.text_view(s, views.text_node(nature, number))
        return page(request, "text.html", ctx)

    # --- JSON API ----------------------------------------------------------------------------------------

    @app.get("/api/articles/{code}/{num}", tags=["articles"])
    def api_article(
        s: StoreDep,
        code: str,
        num: str,
        date_: str | None = Query(None, alias="date", description="YYYY-MM-DD (default: today)"),
        follow: bool = Query(False, description="For a transferred article, the successor's text"),
    ) -> dict[str, Any]:
        """What was in force on a date (the `lextrack at --json` object), with the transfers followed."""
        aid = views.article_id(s, code, num)
        day = views.check_date(date_) or today()
        out = s.at(aid, day, follow=follow)
        out["transfers"] = views.follow_transfers(s, aid, day)
        return out

    @app.get("/api/articles/{num}", tags=["articles"])
    def api_bare_article(s: StoreDep, num: str) -> Response:
        """A bare number (`L227-1`) when one code of the store has it: redirects to its canonical id."""
        return RedirectResponse("/api" + views.article_href(views.bare_id(s, num)), status_code=303)

    @app.get("/api/articles/{code}/{num}/history", tags=["articles"])
    def api_history(s: StoreDep, code: str, num: str) -> dict[str, Any]:
        """Every version: start, end, state, amending text, whether the date is uncertain."""
        aid = views.article_id(s, code, num)
        return {"id": aid, "predecessors": s.predecessors(aid), "versions": views.timeline(s, aid)}

    @app.get("/api/diff", tags=["articles"])
    def api_diff(
        s: StoreDep,
        id: str = Query(..., description="code-slug/NUM"),
        from_: str = Query(..., alias="from", description="YYYY-MM-DD"),
        to: str = Query(..., description="YYYY-MM-DD"),
    ) -> dict[str, Any]:
        """Word-level diff between the versions in force on two dates (`lextrack diff --json`)."""
        code, _, num = id.rpartition("/")
        aid = views.article_id(s, code, num) if code else views.bare_id(s, num)
        d1, d2 = views.check_date(from_, "from"), views.check_date(to, "to")
        assert d1 and d2
        return s.diff(aid, d1, d2)

    @app.get("/api/graph", tags=["graph"])
    def api_graph(
        s: StoreDep,
        id: str = Query(..., description="code-slug/NUM"),
        depth: int = Query(1, ge=1, le=2),
    ) -> dict[str, Any]:
        """The citation neighbourhood of an article as Cytoscape.js elements."""
        code, _, num = id.rpartition("/")
        aid = views.article_id(s, code, num) if code else views.bare_id(s, num)
        return views.graph_view(s, aid, depth)

    @app.get("/api/search", tags=["search"])
    def api_search(s: StoreDep, q: str = Query(..., max_length=200)) -> dict[str, Any]:
        """An id, a bare number, or words of the texts in force (SQLite FTS5, accents ignored)."""
        found = views.search(s, fts, q)
        for r in found["results"]:
            r["snippet"] = r["snippet"].replace("\x02", "").replace("\x03", "")
        return found

    @app.get("/api/codes/{code}", tags=["codes"])
    def api_code(
        s: StoreDep,
        code: str,
        date_: str | None = Query(None, alias="date"),
        from_: str | None = Query(None, alias="from"),
        to: str | None = None,
    ) -> dict[str, Any]:
        """Table of contents in force on a date; with from/to, what changed between them."""
        day = views.check_date(date_) or today()
        return views.code_view(s, code, day, views.check_date(from_, "from"), views.check_date(to, "to"))

    @app.get("/api/texts/{nature}/{number}", tags=["texts"])
    def api_text(s: StoreDep, nature: str, number: str) -> dict[str, Any]:
        """What a text created, modified, abrogated or transferred, and who cites those articles."""
        return views.text_view(s, views.text_node(nature, number))

    return app
