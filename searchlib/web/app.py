"""The ASGI application: routes for the pages and the JSON API over one index.

Built on Starlette, the small ASGI toolkit under FastAPI: routing, responses
and an in-process test client, without a validation or schema layer this app
has no use for (its JSON shapes are the library's own `to_dict()`).

Safety, in one place: every response carries a Content-Security-Policy that
allows nothing but this server's own stylesheet (no scripts at all); article
text reaches HTML only escaped (see `templates.py`); no request names a file
(the stylesheet and icon are read once, from the package); every parameter is
bounded (`params.py`); the index is only ever read; and errors answer with a
status and one line, never a traceback.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from searchlib.errors import ArticleNotFoundError, QueryError, SearchlibError
from searchlib.web import templates
from searchlib.web.params import SearchRequest, query_text
from searchlib.web.views import ReadOnlyIndex, article_view, search_view

T = TypeVar("T")

logger = logging.getLogger("searchlib.web")

# No scripts, frames, fonts or connections; styles and images from this server only;
# forms post back here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
# The stylesheet's URL changes with its content, so browsers may keep it for a day.
STATIC_MAX_AGE = 86400


class SecurityHeaders:
    """ASGI middleware that adds the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ApiJSON(JSONResponse):
    """JSON with every non-ASCII character escaped: identical data, and safe for any
    text an article holds (lone surrogates from undecodable bytes included)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False).encode("ascii")


class SerialIndex:
    """Runs index calls one at a time, off the event loop.

    An `ArticleIndex` shares one searcher between calls and swaps it for a
    new one when the index changes on disk; two threads using it at once could
    close it under each other. Searching is pure Python, so one at a time
    loses no throughput to the interpreter lock, and the event loop stays free
    to accept connections and serve the stylesheet meanwhile.
    """

    def __init__(self, index: ReadOnlyIndex) -> None:
        self._index = index
        self._lock = threading.Lock()

    async def call(self, work: Callable[[ReadOnlyIndex], T]) -> T:
        def locked() -> T:
            with self._lock:
                return work(self._index)

        return await anyio.to_thread.run_sync(locked)


def create_app(index: ReadOnlyIndex) -> ASGIApp:
    """The web application over `index` (an open `searchlib.ArticleIndex`), which it only reads.

    The caller keeps the index open while the application serves and closes
    it afterwards. A concurrent `searchlib index` run is seen from its next
    commit on: each request searches the index as last committed.
    """
    served = SerialIndex(index)
    page_templates = templates.PageTemplates()

    async def search_page(request: Request) -> Response:
        try:
            search = SearchRequest.from_params(request.query_params)
        except QueryError as error:
            return await _page_error(request, error, query_text(request.query_params))
        if not search.query:
            articles = await served.call(len)
            return HTMLResponse(page_templates.home(articles=articles))
        try:
            view = await served.call(lambda idx: search_view(idx, search))
        except QueryError as error:
            return await _page_error(request, error, search.query, search)
        return HTMLResponse(page_templates.search(view))

    async def article_page(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        query = query_text(request.query_params)
        view = await served.call(lambda idx: article_view(idx, article_id, query))
        if view is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r}")
        return HTMLResponse(page_templates.article(view))

    async def _page_error(
        request: Request, error: Exception, query: str, search: SearchRequest | None = None
    ) -> Response:
        return HTMLResponse(
            page_templates.error(status_of(error), str(error), query=query, search=search),
            status_code=status_of(error),
        )

    async def api_search(request: Request) -> Response:
        search = SearchRequest.from_params(request.query_params)
        if not search.query:
            raise QueryError("q is required: /api/search?q=WORDS")

        def run(idx: ReadOnlyIndex) -> dict[str, Any]:
            started = time.perf_counter()
            results = idx.search(search.query, **search.search_options())
            data = results.to_dict()
            data["took_ms"] = round((time.perf_counter() - started) * 1000, 3)
            return data

        return ApiJSON(await served.call(run))

    async def api_article(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        article, story = await served.call(
            lambda idx: (idx.get(article_id), idx.story(article_id))
        )
        if article is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r}")
        data = article.to_dict()
        if story is not None:
            data["story"] = story.seen_from(article_id)
        return ApiJSON(data)

    async def api_similar(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        asked = SearchRequest.from_params(request.query_params)
        results = await served.call(
            lambda idx: idx.similar(article_id, limit=asked.limit, collapse=asked.collapse)
        )
        return ApiJSON(results.to_dict())

    async def api_stats(request: Request) -> Response:
        stats = await served.call(lambda idx: idx.stats())
        return ApiJSON(stats.to_dict())

    async def stylesheet(request: Request) -> Response:
        return Response(
            templates.STYLESHEET, media_type="text/css",
            headers={"cache-control": f"public, max-age={STATIC_MAX_AGE}"},
        )

    async def icon(request: Request) -> Response:
        return Response(
            templates.ICON, media_type="image/svg+xml",
            headers={"cache-control": f"public, max-age={STATIC_MAX_AGE}"},
        )

    async def searchlib_error(request: Request, exc: Exception) -> Response:
        status = status_of(exc)
        if status >= 500:
            logger.error("%s %s: %s", request.method, request.url.path, exc)
        return _error_response(request, status, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = {404: "no such page", 405: "only GET and HEAD are answered here"}.get(
            status, exc.detail if isinstance(exc, HTTPException) else "error"
        )
        return _error_response(request, status, message)

    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # The traceback goes to the server's log (Starlette re-raises for uvicorn); the
        # client gets one line.
        return _error_response(request, 500, "internal error; the server's log has the details")

    def _error_response(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            return ApiJSON({"error": message, "status": status}, status_code=status)
        return HTMLResponse(
            page_templates.error(status, message, query=query_text(request.query_params)),
            status_code=status,
        )

    routes = [
        Route("/", search_page),
        Route("/articles/{article_id:path}", article_page),
        Route("/api/search", api_search),
        Route("/api/articles/{article_id:path}", api_article),
        Route("/api/similar/{article_id:path}", api_similar),
        Route("/api/stats", api_stats),
        Route(templates.STYLESHEET_PATH, stylesheet),
        Route(templates.ICON_PATH, icon),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            SearchlibError: searchlib_error,
            HTTPException: http_error,
            Exception: unexpected_error,
        },
    )
    # Outside Starlette's own error layer, so that a 500 carries the headers too.
    return SecurityHeaders(app)


def status_of(error: Exception) -> int:
    """The HTTP status of an error: 404 unknown article, 400 bad request, 500 otherwise
    (a damaged index included: the server's problem, not the request's)."""
    if isinstance(error, ArticleNotFoundError):
        return 404
    if isinstance(error, QueryError):
        return 400
    return 500
