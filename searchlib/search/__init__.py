"""The search stage: run a compiled query and copy ranked hits, with snippets, out of Whoosh.

:mod:`~searchlib.search.run` runs a search (and "more like this") in an open
searcher, after the :mod:`~searchlib.search.rewrites` that make it cheaper;
:mod:`~searchlib.search.slot` keeps that searcher open between searches.
Hits are the frozen dataclasses of :mod:`searchlib.results`.
"""

from searchlib.query import Filters
from searchlib.results import DEFAULT_LIMIT, Hit, SearchResults
from searchlib.search.rewrites import (
    counted_in_one_pass,
    merge_identical_views,
    without_empty_fields,
)
from searchlib.search.run import (
    MAX_LIMIT,
    SIMILAR_TERMS,
    SORTS,
    Sort,
    newest_first,
    run_search,
    similar_articles,
)
from searchlib.search.slot import SearcherSlot
from searchlib.search.stories import has_stories, stories_of, story_of_article, story_sizes

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "SIMILAR_TERMS",
    "SORTS",
    "Filters",
    "Hit",
    "SearchResults",
    "SearcherSlot",
    "Sort",
    "counted_in_one_pass",
    "has_stories",
    "merge_identical_views",
    "newest_first",
    "run_search",
    "stories_of",
    "story_of_article",
    "story_sizes",
    "similar_articles",
    "without_empty_fields",
]
