"""What a request asks for: the search parameters of a URL, read with limits.

The search page and the JSON API take the same parameters (the CLI's options
under their long names), so a page's URL and its API URL differ only in the
path. Every value is bounded before it reaches the index: a URL is typed or
pasted by anyone, and a request must never cost more than a person's search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from searchlib.errors import QueryError
from searchlib.query import MAX_QUERY_CHARS
from searchlib.results import DEFAULT_LIMIT
from searchlib.search import SORTS

# A query longer than the query language reads (MAX_QUERY_CHARS) is refused here rather
# than cut without a word.
# Hits one page may hold: a person reads 10 to 20, a script pages through with `page`.
MAX_LIMIT = 100
# The deepest page: every request ranks page * limit hits, so depth is cost.
MAX_PAGE = 100
# Outlet or author values in one request; each adds a clause to the filter.
MAX_FILTER_VALUES = 20
# One outlet, author or date value: the longest outlet names are around 40 characters.
MAX_VALUE_CHARS = 200

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


class ParameterError(QueryError):
    """A request parameter that cannot be used (answered with HTTP 400)."""


class Params(Protocol):
    """A URL's query parameters, each name possibly repeated (Starlette's QueryParams)."""

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class SearchRequest:
    """One search as a URL states it; page links are built from it with `url`."""

    query: str = ""
    outlets: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    page: int = 1
    limit: int = DEFAULT_LIMIT
    fuzzy: bool = False
    facets: bool = False
    # Syndicated copies of one story as one hit (the library's default); `collapse=0` lists each.
    collapse: bool = True

    @classmethod
    def from_params(cls, params: Params) -> SearchRequest:
        """The search `params` ask for; ParameterError names the first bad one."""
        query = " ".join(_single(params, "q").split())
        if len(query) > MAX_QUERY_CHARS:
            raise ParameterError(
                f"q is {len(query)} characters long; the most a query may have is "
                f"{MAX_QUERY_CHARS}"
            )
        sort = _single(params, "sort") or "relevance"
        if sort not in SORTS:
            raise ParameterError(f"sort must be relevance or date, not {_shown(sort)}")
        return cls(
            query=query,
            outlets=_values(params, "outlet"),
            authors=_values(params, "author"),
            since=_bounded(params, "since") or None,
            until=_bounded(params, "until") or None,
            sort=sort,
            page=_number(params, "page", 1, MAX_PAGE),
            limit=_number(params, "limit", DEFAULT_LIMIT, MAX_LIMIT),
            fuzzy=_flag(params, "fuzzy"),
            facets=_flag(params, "facets"),
            collapse=_flag(params, "collapse", default=True),
        )

    @property
    def filtered(self) -> bool:
        return bool(self.outlets or self.authors or self.since or self.until)

    def search_options(self) -> dict[str, Any]:
        """Keyword arguments of `ArticleIndex.search` for this request."""
        return {
            "limit": self.limit,
            "page": self.page,
            "outlet": self.outlets or None,
            "author": self.authors or None,
            "since": self.since,
            "until": self.until,
            "sort": self.sort,
            "fuzzy": self.fuzzy,
            "facets": self.facets,
            "collapse": self.collapse,
        }

    def but(self, **changes: Any) -> SearchRequest:
        """This search with some parameters changed; a new filter or order starts at page 1."""
        if "page" not in changes:
            changes["page"] = 1
        return replace(self, **changes)

    def params(self) -> list[tuple[str, str]]:
        """The parameters that differ from the defaults, in a stable order."""
        pairs: list[tuple[str, str]] = [("q", self.query)] if self.query else []
        pairs += [("outlet", outlet) for outlet in self.outlets]
        pairs += [("author", author) for author in self.authors]
        pairs += [(name, value) for name, value in (("since", self.since),
                                                    ("until", self.until)) if value]
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.fuzzy:
            pairs.append(("fuzzy", "1"))
        if self.facets:
            pairs.append(("facets", "1"))
        if not self.collapse:
            pairs.append(("collapse", "0"))
        if self.limit != DEFAULT_LIMIT:
            pairs.append(("limit", str(self.limit)))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def hidden(self, *left_out: str) -> list[tuple[str, str]]:
        """The parameters a form carries along unseen: all but `left_out` and the page."""
        return [(name, value) for name, value in self.params()
                if name not in left_out and name != "page"]

    def url(self, path: str = "/") -> str:
        """`path` with this search as its query string."""
        query = urlencode(self.params())
        return f"{path}?{query}" if query else path


def article_path(article_id: str, under: str = "/articles") -> str:
    """The path of an article's page (or of its JSON `under` /api/articles); the id is quoted
    whole, slashes included."""
    return f"{under}/{quote(article_id, safe='')}"


def query_text(params: Params) -> str:
    """Just the (first) `q` parameter, for pages that only mark its words; never an error."""
    values = params.getlist("q")
    query = " ".join(values[0].split()) if values else ""
    return query if len(query) <= MAX_QUERY_CHARS else ""


def _single(params: Params, name: str) -> str:
    values = params.getlist(name)
    if len(values) > 1:
        raise ParameterError(f"{name} may be given once, not {len(values)} times")
    return values[0] if values else ""


def _bounded(params: Params, name: str) -> str:
    value = _single(params, name).strip()
    if len(value) > MAX_VALUE_CHARS:
        raise ParameterError(f"{name} is longer than {MAX_VALUE_CHARS} characters")
    return value


def _values(params: Params, name: str) -> tuple[str, ...]:
    values = [value.strip() for value in params.getlist(name) if value.strip()]
    if len(values) > MAX_FILTER_VALUES:
        raise ParameterError(f"at most {MAX_FILTER_VALUES} {name} values, not {len(values)}")
    if any(len(value) > MAX_VALUE_CHARS for value in values):
        raise ParameterError(f"an {name} value is longer than {MAX_VALUE_CHARS} characters")
    return tuple(dict.fromkeys(values))


def _number(params: Params, name: str, default: int, most: int) -> int:
    text = _single(params, name).strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= most:
        raise ParameterError(f"{name} must be a whole number from 1 to {most}, not {_shown(text)}")
    return int(text)


def _flag(params: Params, name: str, default: bool = False) -> bool:
    text = _single(params, name).strip().casefold()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParameterError(f"{name} must be 1 or 0 (true or false), not {_shown(text)}")


def _shown(value: str, most: int = 40) -> str:
    """A bad value quoted in an error message, cut short."""
    return repr(value if len(value) <= most else value[:most] + "…")


def selected(values: Sequence[str], value: str) -> bool:
    """Whether `value` (a facet's name) is among `values` (filters as typed), in any case."""
    folded = value.casefold()
    return any(candidate.casefold() == folded for candidate in values)


def toggled(values: Sequence[str], value: str) -> tuple[str, ...]:
    """`values` without `value` when it is there (any case), else with it added."""
    if selected(values, value):
        return tuple(v for v in values if v.casefold() != value.casefold())
    return (*values, value)

