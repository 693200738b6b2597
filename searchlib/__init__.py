"""searchlib: full-text search for Indonesian news.

>>> from searchlib import ArticleIndex                     # doctest: +SKIP
>>> with ArticleIndex.open("index") as idx:                # doctest: +SKIP
...     hits = idx.search("pertemuan Lavrov dan Blinken di Jenewa")
"""

from searchlib._version import __version__
from searchlib.article_index import ArticleIndex
from searchlib.errors import (
    ArticleNotFoundError,
    IndexIncompatibleError,
    IndexLockedError,
    IndexNotFoundError,
    IndexStateError,
    IngestError,
    QueryError,
    SearchlibError,
)
from searchlib.ingest import Article, Caption
from searchlib.results import (
    FacetCount,
    Facets,
    Hit,
    IndexReport,
    IndexStats,
    SearchResults,
    Snippet,
    Story,
    StoryArticle,
)

__all__ = [
    "Article",
    "ArticleIndex",
    "ArticleNotFoundError",
    "Caption",
    "FacetCount",
    "Facets",
    "Hit",
    "IndexIncompatibleError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexStateError",
    "IndexStats",
    "IngestError",
    "QueryError",
    "SearchResults",
    "SearchlibError",
    "Snippet",
    "Story",
    "StoryArticle",
    "__version__",
]
