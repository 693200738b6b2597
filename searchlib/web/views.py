"""What the pages show, worked out from the index before any HTML is written.

A view is plain data: hits, facet counts with the link each one leads to,
pagination, the filters in force and how to remove each. The templates only
lay it out, so every rule about links and counts is here and tested here.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from searchlib.ingest import Article
from searchlib.results import (
    FacetCount,
    Hit,
    IndexStats,
    SearchResults,
    Snippet,
    Story,
    StoryArticle,
)
from searchlib.search.facets import UNDATED, UNKNOWN_OUTLET
from searchlib.web.params import MAX_PAGE, SearchRequest, article_path, selected, toggled

# Outlets listed before the rest fold away under "more": enough for the outlets of one
# story, few enough that the month list stays in sight on a laptop screen.
OUTLETS_SHOWN = 10
# Similar articles under an article: one screenful of titles.
SIMILAR_SHOWN = 5
# Page links either side of the current one.
PAGE_WINDOW = 2
# Outlets named under a collapsed hit before "(+N)", as the terminal's "also in" line does.
ALSO_IN_NAMED = 2
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


class ReadOnlyIndex(Protocol):
    """The part of `searchlib.ArticleIndex` the web pages use: reading only.

    Typing the pages against this protocol keeps every writing method out of
    their reach; the type checker refuses a call to one.
    """

    def search(
        self,
        query: str,
        *,
        limit: int = ...,
        page: int = ...,
        outlet: Sequence[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        author: Sequence[str] | None = None,
        sort: str = ...,
        fuzzy: bool = ...,
        snippets: int = ...,
        facets: bool = ...,
        collapse: bool = ...,
    ) -> SearchResults: ...

    def similar(
        self, article_id: str, *, limit: int = ..., snippets: int = ..., collapse: bool = ...
    ) -> SearchResults: ...

    def get(self, article_id: str) -> Article | None: ...

    def story(self, article_id: str) -> Story | None: ...

    def highlight(self, query: str, texts: Iterable[str]) -> list[Snippet]: ...

    def stats(self) -> IndexStats: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True)
class Link:
    """A labelled link; `url` None for a label that leads nowhere (a gap, an undated count)."""

    label: str
    url: str | None
    current: bool = False
    count: int | None = None
    value: str = ""


@dataclass(frozen=True)
class SearchView:
    """Everything the search page shows for one search."""

    search: SearchRequest
    results: SearchResults
    seconds: float
    outlets: tuple[Link, ...]
    months: tuple[Link, ...]
    active_filters: tuple[Link, ...]
    pages: tuple[Link, ...]
    previous_url: str | None
    next_url: str | None
    sorts: tuple[Link, ...]
    suggestion_url: str | None
    api_url: str
    grouping: Link | None = None

    @property
    def copies(self) -> int:
        """Matching articles that are syndicated copies shown under another hit."""
        results = self.results
        return results.total - results.stories if results.stories is not None else 0

    @property
    def first_rank(self) -> int:
        return (self.search.page - 1) * self.search.limit + 1

    @property
    def last_page(self) -> int:
        return min(self.results.pages, MAX_PAGE)

    def article_url(self, article_id: str) -> str:
        return article_url(article_id, self.search.query)

    def also_in(self, hit: Hit) -> AlsoIn | None:
        """The "also in" line under a collapsed hit: the first outlets linked to their
        copies, and how many more there are (all listed on the hit's article page)."""
        if not hit.also_in:
            return None
        named = tuple(
            Link(other.outlet or other.id, self.article_url(other.id))
            for other in hit.also_in[:ALSO_IN_NAMED]
        )
        more = len(hit.also_in) - len(named)
        return AlsoIn(named, more, f"{self.article_url(hit.id)}#story")


@dataclass(frozen=True)
class AlsoIn:
    """Where else a hit's story ran: `named` outlets (links to their copies), then `more`,
    counted, with `all_url` leading to the list of them all."""

    named: tuple[Link, ...]
    more: int
    all_url: str


def article_url(article_id: str, query: str = "") -> str:
    """The article page, carrying the query that found it so its words are marked there."""
    path = article_path(article_id)
    return SearchRequest(query=query).url(path)


def search_view(index: ReadOnlyIndex, search: SearchRequest) -> SearchView:
    """Run `search` for the page: hits with snippets, facet counts, links.

    Facet counts are those a person can act on: the outlet counts ignore the
    outlet filter and the month counts ignore the date range (each from one
    extra count-only search when that filter is on), so choosing one outlet
    still shows the others to add, and choosing a month the others to switch to.
    """
    started = time.perf_counter()
    results = index.search(search.query, **{**search.search_options(), "facets": True})
    outlet_counts = _facets(results).outlets
    month_counts = _facets(results).months
    if search.outlets:
        outlet_counts = _facets(_count_only(index, search.but(outlets=()))).outlets
    if search.since or search.until:
        month_counts = _facets(_count_only(index, search.but(since=None, until=None))).months
    seconds = time.perf_counter() - started
    pages = _page_links(search, min(results.pages, MAX_PAGE))
    return SearchView(
        search=search,
        results=results,
        seconds=seconds,
        outlets=_outlet_links(search, outlet_counts),
        months=_month_links(search, month_counts),
        active_filters=_active_filters(search),
        pages=pages,
        previous_url=search.but(page=search.page - 1).url() if search.page > 1 else None,
        next_url=(
            search.but(page=search.page + 1).url()
            if search.page < min(results.pages, MAX_PAGE)
            else None
        ),
        sorts=tuple(
            Link(label, search.but(sort=sort).url(), current=search.sort == sort)
            for sort, label in (("relevance", "Best match"), ("date", "Newest first"))
        ),
        suggestion_url=(
            search.but(query=results.suggestion).url() if results.suggestion else None
        ),
        api_url=search.url("/api/search"),
        grouping=_grouping_link(search, results),
    )


def _grouping_link(search: SearchRequest, results: SearchResults) -> Link | None:
    """The switch between one hit per story and every copy; None when no hit has a copy
    to show or hide (an index without stories, or no syndicated story among the matches)."""
    if results.stories is None and search.collapse:
        return None
    if search.collapse and results.stories == results.total:
        return None
    if search.collapse:
        return Link("Show every copy", search.but(collapse=False).url())
    return Link("One hit per story", search.but(collapse=True).url())


def _count_only(index: ReadOnlyIndex, search: SearchRequest) -> SearchResults:
    # Facets count articles whether or not results are collapsed; not collapsing spares
    # reading the story of every match.
    options = {**search.search_options(), "limit": 1, "facets": True, "collapse": False}
    return index.search(search.query, **options, snippets=0)


def _facets(results: SearchResults) -> FacetCounts:
    facets = results.facets
    return FacetCounts(facets.outlets if facets else (), facets.months if facets else ())


@dataclass(frozen=True)
class FacetCounts:
    outlets: tuple[FacetCount, ...]
    months: tuple[FacetCount, ...]


def _outlet_links(search: SearchRequest, counts: Sequence[FacetCount]) -> tuple[Link, ...]:
    """One toggling link per outlet, the chosen ones first, then by count."""
    links = [
        Link(
            facet.value,
            search.but(outlets=toggled(search.outlets, facet.value)).url(),
            current=selected(search.outlets, facet.value),
            count=facet.count,
        )
        if facet.value != UNKNOWN_OUTLET
        # Articles without an outlet are counted, but no filter can ask for them.
        else Link("Unknown outlet", None, count=facet.count)
        for facet in counts
    ]
    return tuple(sorted(links, key=lambda link: not link.current))


def month_label(month: str) -> str:
    """`2021-12` as `Dec 2021`."""
    year, _, number = month.partition("-")
    if not number.isdigit() or not 1 <= int(number) <= len(_MONTH_NAMES):
        return month
    return f"{_MONTH_NAMES[int(number) - 1]} {year}"


def _month_links(search: SearchRequest, counts: Sequence[FacetCount]) -> tuple[Link, ...]:
    """One link per month, newest first: to that month alone, or, when it is the month chosen,
    back to all; the undated articles last, counted but not a filter."""
    links = []
    for facet in sorted(counts, key=lambda f: (f.value != UNDATED, f.value), reverse=True):
        if facet.value == UNDATED:
            links.append(Link("Undated", None, count=facet.count))
            continue
        chosen = search.since == facet.value and search.until == facet.value
        target = (
            search.but(since=None, until=None)
            if chosen
            else search.but(since=facet.value, until=facet.value)
        )
        links.append(
            Link(month_label(facet.value), target.url(), current=chosen, count=facet.count,
                 value=facet.value)
        )
    return tuple(links)


def _active_filters(search: SearchRequest) -> tuple[Link, ...]:
    """Each filter in force, linked to the same search without it."""
    active = [
        Link(f"Outlet: {outlet}", search.but(outlets=toggled(search.outlets, outlet)).url())
        for outlet in search.outlets
    ]
    active += [
        Link(f"Author: {author}", search.but(authors=toggled(search.authors, author)).url())
        for author in search.authors
    ]
    if search.since and search.since == search.until:
        active.append(Link(f"Published: {search.since}", search.but(since=None, until=None).url()))
    else:
        if search.since:
            active.append(Link(f"From: {search.since}", search.but(since=None).url()))
        if search.until:
            active.append(Link(f"Until: {search.until}", search.but(until=None).url()))
    if search.fuzzy:
        active.append(Link("Near spellings", search.but(fuzzy=False).url()))
    return tuple(active)


def _page_links(search: SearchRequest, last: int) -> tuple[Link, ...]:
    """Page numbers around the current page, the first and the last; None-url gaps between."""
    if last <= 1:
        return ()
    around = range(max(1, search.page - PAGE_WINDOW), min(last, search.page + PAGE_WINDOW) + 1)
    numbers = sorted({1, last, *around})
    links: list[Link] = []
    for number in numbers:
        if links and links[-1].label.isdigit() and int(links[-1].label) < number - 1:
            links.append(Link("…", None))
        current = number == search.page
        links.append(Link(str(number), search.but(page=number).url(), current=current))
    return tuple(links)


@dataclass(frozen=True)
class CaptionView:
    text: Snippet
    credit: str | None


@dataclass(frozen=True)
class ArticleView:
    """One article as the article page shows it, with the query's words marked."""

    article: Article
    query: str
    title: Snippet
    lead: Snippet | None
    captions: tuple[CaptionView, ...]
    body: tuple[Snippet, ...]
    similar: SearchResults
    source_url: str | None
    # The article's syndicated copies in other outlets (its story but itself), oldest first.
    copies: tuple[StoryArticle, ...] = ()

    @property
    def back_url(self) -> str | None:
        return SearchRequest(query=self.query).url() if self.query else None

    @property
    def marks(self) -> int:
        parts = (self.title, self.lead, *(c.text for c in self.captions), *self.body)
        return sum(len(part.highlights) for part in parts if part is not None)


def article_view(index: ReadOnlyIndex, article_id: str, query: str) -> ArticleView | None:
    """The article page for `article_id`, or None when there is no such article."""
    article = index.get(article_id)
    if article is None:
        return None
    caption_texts = [c.text for c in article.captions]
    texts = [article.display_title, article.lead or "", *caption_texts, *article.body]
    marked = index.highlight(query, texts)
    title, lead = marked[0], marked[1]
    captions = marked[2 : 2 + len(article.captions)]
    body = marked[2 + len(article.captions) :]
    return ArticleView(
        article=article,
        query=query,
        title=title,
        lead=lead if article.lead else None,
        captions=tuple(
            CaptionView(text, caption.credit)
            for text, caption in zip(captions, article.captions, strict=True)
        ),
        body=tuple(body),
        similar=index.similar(article_id, limit=SIMILAR_SHOWN, snippets=0),
        source_url=web_url(article.url),
        copies=story.others(article_id) if (story := index.story(article_id)) else (),
    )


def web_url(url: str | None) -> str | None:
    """`url` if it is an http(s) address a link may point to, else None (no javascript: links)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in url.strip()):
        return None
    return url.strip()
