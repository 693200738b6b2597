"""HTML from Jinja2 templates, with article text escaped on the way in.

Every piece of article text reaches a page through one of two filters:
`shown` (plain text) or `marked` (a snippet: escaped text plus `<mark>`
around the matched words, built by `Snippet.to_html`). Both drop control,
escape and bidi characters first, since escaping alone does not stop those
from reordering or hiding text. Autoescaping is on for everything else.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from searchlib.ingest import format_date
from searchlib.query import MAX_QUERY_CHARS
from searchlib.results import Hit, Snippet
from searchlib.web.params import SearchRequest, article_path
from searchlib.web.views import (
    OUTLETS_SHOWN,
    ArticleView,
    SearchView,
    article_url,
    month_label,
)

_STATIC = files("searchlib.web").joinpath("static")
# Read once at import: requests name no file, they get these bytes.
STYLESHEET = _STATIC.joinpath("style.css").read_bytes()
ICON = _STATIC.joinpath("icon.svg").read_bytes()
STYLESHEET_PATH = "/static/style.css"
ICON_PATH = "/static/icon.svg"
# The stylesheet's link names its content, so a browser never keeps an old one.
STYLESHEET_URL = f"{STYLESHEET_PATH}?v={hashlib.sha256(STYLESHEET).hexdigest()[:12]}"


def shown(text: str | None) -> Markup:
    """Article text as HTML: control and bidi characters dropped, markup escaped."""
    return Markup(Snippet(text or "").to_html())


def marked(snippet: Snippet) -> Markup:
    """A snippet as HTML: its text escaped, its matched words in `<mark>`."""
    return Markup(snippet.to_html())


def hit_title(hit: Hit) -> Markup:
    """A hit's title with the query's words marked; its id when it has no title."""
    if not hit.title.strip():
        return shown(hit.id)
    return marked(Snippet(hit.title, hit.title_highlights))


def iso_date(published: datetime | None) -> str:
    return published.isoformat() if published else ""


class PageTemplates:
    """The pages of the web interface, rendered from the package's templates."""

    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("searchlib.web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            shown=shown, marked=marked, hit_title=hit_title, date=format_date, iso=iso_date,
            month=month_label,
        )
        self.env.globals.update(
            stylesheet_url=STYLESHEET_URL, icon_url=ICON_PATH, article_url=article_url,
            max_query=MAX_QUERY_CHARS, article_path=article_path, outlets_shown=OUTLETS_SHOWN,
        )

    def _render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def home(self, *, articles: int) -> str:
        return self._render("home.html", articles=articles, search=SearchRequest())

    def search(self, view: SearchView) -> str:
        return self._render("search.html", view=view, search=view.search)

    def article(self, view: ArticleView) -> str:
        return self._render("article.html", view=view, search=SearchRequest(query=view.query))

    def error(
        self, status: int, message: str, *, query: str = "", search: SearchRequest | None = None
    ) -> str:
        return self._render(
            "error.html", status=status, message=message,
            search=search or SearchRequest(query=query),
        )
