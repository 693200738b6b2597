"""Search: run a parsed query and copy ranked hits, with snippets, out of Whoosh.

Hits are plain frozen dataclasses filled while the searcher is open, so they
stay valid after it closes and can be serialised as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from whoosh.searching import Searcher

from searchlib import index
from searchlib.query import ParsedQuery
from searchlib.snippets import DEFAULT_FRAGMENTS, Snippet, highlight, make_snippets

# Results per page when the caller does not say.
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class Hit:
    """One ranked article."""

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
        }


@dataclass(frozen=True)
class SearchResults:
    """A page of hits for a query, and how many articles matched in all."""

    query: str
    total: int
    hits: tuple[Hit, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [hit.to_dict() for hit in self.hits],
        }


def run_search(
    searcher: Searcher,
    parsed: ParsedQuery,
    *,
    limit: int = DEFAULT_LIMIT,
    snippets: int = DEFAULT_FRAGMENTS,
) -> SearchResults:
    """The top `limit` hits of `parsed`, each with up to `snippets` fragments."""
    results = searcher.search(parsed.whoosh_query, limit=limit)
    hits = []
    for rank, whoosh_hit in enumerate(results, start=1):
        article = index.from_stored(whoosh_hit.fields())
        title = highlight(article.title, parsed.terms)
        paragraphs = [p for p in (article.lead, *article.body) if p]
        hits.append(
            Hit(
                rank=rank,
                id=article.id,
                title=title.text,
                outlet=article.outlet,
                published=article.published,
                score=float(whoosh_hit.score or 0.0),
                snippets=tuple(make_snippets(paragraphs, parsed.terms, fragments=snippets)),
                title_highlights=title.highlights,
                author=article.author,
                source_path=article.source_path,
            )
        )
    return SearchResults(parsed.text, len(results), tuple(hits))
