"""The public data searchlib hands back: hits, snippets, facets and reports.

Every result is a plain frozen dataclass (an `IndexReport` fills as a run
goes) with type hints and ``to_dict()``, built from Whoosh's results while a
searcher is open and valid after it closes, so it can be kept, compared and
serialised as it is. Nothing here knows Whoosh.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from searchlib.ingest import IngestFailure, IngestWarning

# Results per page when the caller does not say.
DEFAULT_LIMIT = 10

# A character span in a text: (start, end) offsets, end exclusive.
Span = tuple[int, int]


@dataclass(frozen=True)
class Snippet:
    """A fragment of article text and the character spans of matched words in it."""

    text: str
    highlights: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "highlights": [list(span) for span in self.highlights]}

    def to_html(self, tag: str = "mark") -> str:
        """The fragment as HTML: article text escaped, matches wrapped in `tag`."""
        parts: list[str] = []
        cursor = 0
        for start, end in self.highlights:
            parts.append(_html_text(self.text[cursor:start]))
            parts.append(f"<{tag}>{_html_text(self.text[start:end])}</{tag}>")
            cursor = end
        parts.append(_html_text(self.text[cursor:]))
        return "".join(parts)


# Control and invisible format characters (ESC, NUL, C1, bidi overrides): escaping
# does not neutralise them, and in a page they can reorder or hide text.
_UNSHOWABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _html_text(text: str) -> str:
    """Article text made safe for HTML: no control characters, markup escaped."""
    return html.escape(_UNSHOWABLE.sub("", text))


@dataclass(frozen=True)
class StoryArticle:
    """One article of a syndicated story: where (and when) else the story ran."""

    id: str
    outlet: str | None
    published: datetime | None
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True)
class Story:
    """The articles an index holds of one story (syndicated copies of one text)."""

    id: str
    articles: tuple[StoryArticle, ...]

    def __len__(self) -> int:
        return len(self.articles)

    def others(self, article_id: str) -> tuple[StoryArticle, ...]:
        """The story's articles but the one with `article_id`: its copies elsewhere."""
        return tuple(article for article in self.articles if article.id != article_id)

    def seen_from(self, article_id: str) -> dict[str, Any]:
        """The story as one of its articles lists it (under "story" in an article's JSON)."""
        return {"id": self.id, "also_in": [other.to_dict() for other in self.others(article_id)]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "articles": [{**a.to_dict(), "title": a.title} for a in self.articles],
        }


def also_in_line(others: Sequence[StoryArticle], shown: int = 2) -> str:
    """'also in Republika, SINDOnews (+2)': the first `shown` outlets, then how many more."""
    names = [other.outlet or other.id for other in others]
    line = "also in " + ", ".join(names[:shown])
    if len(names) > shown:
        line += f" (+{len(names) - shown})"
    return line


@dataclass(frozen=True)
class Hit:
    """One ranked article.

    In results collapsed by story, `also_in` lists the story's other matching
    articles (the hit is the best-ranked of them) and `story` is its id.
    """

    rank: int
    id: str
    title: str
    outlet: str | None
    published: datetime | None
    score: float
    snippets: tuple[Snippet, ...] = ()
    title_highlights: tuple[tuple[int, int], ...] = ()
    author: str | None = None
    source_path: str | None = None
    story: str | None = None
    also_in: tuple[StoryArticle, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.id,
            "title": self.title,
            "title_highlights": [list(span) for span in self.title_highlights],
            "outlet": self.outlet,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "score": round(self.score, 6),
            "source_path": self.source_path,
            "snippets": [snippet.to_dict() for snippet in self.snippets],
            "story": self.story,
            "also_in": [other.to_dict() for other in self.also_in],
        }


@dataclass(frozen=True)
class SearchResults:
    """A page of hits for a query, how many articles matched in all, and help for the user.

    `total` counts matching articles and `stories` the stories they belong to
    (syndicated copies of one text are one story); when `collapsed`, each hit
    is one story and pages count stories. `suggestion` is a corrected query
    ("did you mean") or None; `facets` (which count articles) is filled only
    when asked for.
    """

    query: str
    total: int
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    page: int = 1
    limit: int = DEFAULT_LIMIT
    suggestion: str | None = None
    facets: Facets | None = None
    stories: int | None = None
    collapsed: bool = False

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @property
    def pages(self) -> int:
        """Pages of `limit` hits that the whole result list fills."""
        shown = self.stories if self.collapsed and self.stories is not None else self.total
        return -(-shown // self.limit) if self.limit else 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "stories": self.stories,
            "collapsed": self.collapsed,
            "page": self.page,
            "limit": self.limit,
            "suggestion": self.suggestion,
            "hits": [hit.to_dict() for hit in self.hits],
        }
        if self.facets is not None:
            data["facets"] = self.facets.to_dict()
        return data


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet and how many matching articles have it."""

    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Matching articles per outlet (most first) and per month (oldest first)."""

    outlets: tuple[FacetCount, ...] = field(default_factory=tuple)
    months: tuple[FacetCount, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": {facet.value: facet.count for facet in self.outlets},
            "month": {facet.value: facet.count for facet in self.months},
        }

    def describe(self) -> str:
        """The facets as a short text block for a terminal."""
        lines = ["Outlets:"]
        lines.extend(f"  {facet.count:>6}  {facet.value}" for facet in self.outlets)
        lines.append("Months:")
        lines.extend(f"  {facet.count:>6}  {facet.value}" for facet in self.months)
        return "\n".join(lines)


@dataclass
class IndexReport:
    """What one indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    removed: int = 0
    failed: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    committed: int = 0
    batches: int = 0
    duplicates: int = 0  # later copies of an id read earlier in the same run, not indexed

    @property
    def written(self) -> int:
        """Articles added, replaced or removed so far, committed or not."""
        return self.added + self.updated + self.removed

    @property
    def seen(self) -> int:
        """Articles and failures handled so far (what progress counts)."""
        return self.added + self.updated + self.skipped + self.failed + self.duplicates

    def summary(self) -> str:
        duplicates = f", {self.duplicates} duplicate ids skipped" if self.duplicates else ""
        return (
            f"{self.added} added, {self.updated} updated, {self.skipped} unchanged, "
            f"{self.removed} removed, {self.failed} failed{duplicates}"
        )

    def commit_summary(self) -> str:
        """What is safely on disk: all of it after a normal run."""
        batches = f"{self.batches} batch{'es' if self.batches != 1 else ''}"
        return f"{self.committed} changes committed in {batches}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "removed": self.removed,
            "failed": self.failed,
            "committed": self.committed,
            "batches": self.batches,
            "duplicates": self.duplicates,
            "failures": [_event_dict(failure) for failure in self.failures],
            "warnings": [_event_dict(warning) for warning in self.warnings],
        }


def _event_dict(event: IngestFailure | IngestWarning) -> dict[str, str]:
    return {"source_path": event.source_path, "message": event.message}


@dataclass(frozen=True)
class IndexStats:
    """What an index holds, for `searchlib stats`."""

    path: str
    articles: int
    outlets: tuple[tuple[str, int], ...]
    earliest: datetime | None
    latest: datetime | None
    undated: int
    size_bytes: int
    searchlib_version: str
    schema_version: int
    # Stories (None in an index built without them): all, those of more than one
    # article, and the articles in the largest.
    stories: int | None = None
    syndicated_stories: int = 0
    largest_story: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "syndicated_stories": self.syndicated_stories,
            "largest_story": self.largest_story,
            "path": self.path,
            "articles": self.articles,
            "outlets": dict(self.outlets),
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "undated": self.undated,
            "size_bytes": self.size_bytes,
            "searchlib_version": self.searchlib_version,
            "schema_version": self.schema_version,
        }

    def describe(self) -> str:
        span = (
            f"{self.earliest:%Y-%m-%d} to {self.latest:%Y-%m-%d}"
            if self.earliest and self.latest
            else "no dates"
        )
        lines = [
            f"Index:     {self.path}",
            f"Articles:  {self.articles}",
            f"Dates:     {span} ({self.undated} undated)",
            f"Size:      {self.size_bytes / 1_000_000:.2f} MB",
            f"Versions:  searchlib {self.searchlib_version}, schema {self.schema_version}",
        ]
        if self.stories is not None:
            lines.insert(
                2,
                f"Stories:   {self.stories} ({self.syndicated_stories} with more than one "
                f"article, the largest has {self.largest_story})",
            )
        lines.append("Outlets:")
        lines.extend(f"  {count:>7}  {outlet}" for outlet, count in self.outlets)
        return "\n".join(lines)


__all__ = [
    "DEFAULT_LIMIT",
    "FacetCount",
    "Facets",
    "Hit",
    "IndexReport",
    "IndexStats",
    "SearchResults",
    "Snippet",
    "Span",
    "Story",
    "StoryArticle",
    "also_in_line",
]
