"""Results collapsed by story, and the stories an index holds.

Syndicated copies of one text share a story id in the index
(:mod:`searchlib.duplicates`, docs/duplicates.md). A collapsed page keeps
the best-ranked article of each story as the hit; the story's other matching
articles are listed with it, oldest first. Ranked by relevance, the search
itself keeps the best article of each of the best stories, so a page of ten
is ten different stories however many copies rank above the tenth; sorted
by date, the ranking is fetched deeper until the page holds `limit` stories
or the matches run out. Filters apply before collapsing: an outlet filter
leaves that outlet's copy, which then is the hit.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from whoosh import query as wq
from whoosh.collectors import Collector, TopCollector
from whoosh.columns import ColumnReader
from whoosh.matching import Matcher
from whoosh.searching import Results, Searcher

from searchlib._whoosh.docsets import search_keeping_matches
from searchlib.query.walk import CoordinationMatcher
from searchlib.results import Story, StoryArticle
from searchlib.store import documents

# Sorted by date: matches ranked per story wanted, at first (most stories have one
# article, a syndicated one a handful); each further round ranks this many times deeper.
FIRST_DEPTH = 3
DEPTH_GROWTH = 4


@dataclass(frozen=True)
class StoryGroup:
    """One story on a page: its best-ranked match, and its other matches (in index order)."""

    docnum: int
    story: str
    others: tuple[int, ...]


def has_stories(searcher: Searcher) -> bool:
    """Whether the index groups articles into stories (and holds any)."""
    return documents.has_stories(searcher.schema) and searcher.reader().has_column(
        documents.STORY
    )


# The story column of each searcher, opened once: opening a column reader reads
# the offsets of every article in the column (about 1.4 ms at 10,000 articles,
# ten times that at 100,000), and the searcher that searches share stays open.
_story_columns: WeakKeyDictionary[Searcher, ColumnReader] = WeakKeyDictionary()


def _story_column(searcher: Searcher) -> ColumnReader:
    column = _story_columns.get(searcher)
    if column is None:
        column = searcher.reader().column_reader(documents.STORY)
        _story_columns[searcher] = column
    return column


def _story_reader(searcher: Searcher) -> Callable[[int], str]:
    column = _story_column(searcher)

    def story_of(docnum: int) -> str:
        value = column[docnum]
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        # An article without a story (none should be) is a story of its own.
        return str(value) if value else f"\x00{docnum}"

    return story_of


class StoryTable:
    """Every article's story as a number, with each story's id, size and, for a story
    of several articles, its articles.

    Collapsing a page asks for the story of every match (to count stories)
    and for the articles of the stories shown; read once per searcher from the
    story column (about 10 ms at 10,000 articles, in proportion to the index),
    these are list look-ups instead of a column read per match and a term
    look-up per story. An article without a story is a story of its own.
    """

    def __init__(self, values: Iterable[bytes | str | None]) -> None:
        numbers = array("l")
        append = numbers.append
        raw: list[bytes | str] = []  # a story's value, or its only article's number
        known: dict[bytes | str, int] = {}
        for docnum, value in enumerate(values):
            if value:
                number = known.get(value)
                if number is None:
                    number = known[value] = len(raw)
                    raw.append(value)
            else:
                number = len(raw)
                raw.append(f"\x00{docnum}")
            append(number)
        self.numbers = numbers
        self.keys = [
            value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            for value in raw
        ]
        sizes = [0] * len(raw)
        for number in numbers:
            sizes[number] += 1
        self.sizes = sizes
        # Deleted articles are listed too: they are never among the matches.
        self.members: dict[int, list[int]] = {}
        for docnum, number in enumerate(numbers):
            if sizes[number] > 1:
                self.members.setdefault(number, []).append(docnum)

    def count(self, docnums: Iterable[int]) -> int:
        """How many stories `docnums` belong to."""
        return len(set(map(self.numbers.__getitem__, docnums)))

    def others(self, story: int, docnum: int, matched: Collection[int]) -> list[int]:
        """The articles of `story` in `matched` but `docnum`, in index order.

        Looks through the story's articles or the matches, whichever are fewer
        (a story of one article, the most common, through neither).
        """
        size = self.sizes[story]
        if size <= 1:
            return []
        candidates: Iterable[int]
        if size <= len(matched):
            candidates = self.members[story]
        else:
            numbers = self.numbers
            candidates = sorted(member for member in matched if numbers[member] == story)
        return [member for member in candidates if member != docnum and member in matched]


_story_tables: WeakKeyDictionary[Searcher, StoryTable] = WeakKeyDictionary()


def story_table(searcher: Searcher) -> StoryTable:
    """The story table of `searcher`'s index, read on first use and kept with the searcher."""
    table = _story_tables.get(searcher)
    if table is None:
        column = searcher.reader().column_reader(documents.STORY, translate=False)
        table = _story_tables[searcher] = StoryTable(column)
    return table


class _BestOfStoriesCollector(TopCollector):  # type: ignore[misc]  # Whoosh is untyped
    """A top-N collector of stories: the best-ranked match of each of the best `limit` stories.

    The lowest score that still matters is the best score of the `limit`-th
    story, not the `limit`-th match's: copies of a story ranked above it take
    no room, so the page needs no deeper search, and the coordinated OR leaves
    more matches unscored. Every match is kept (`docs()` and the count are
    exact).
    """

    matcher: Matcher  # the current segment's, set by Whoosh

    def __init__(self, limit: int, numbers: Sequence[int], usequality: bool = True) -> None:
        super().__init__(limit=limit, usequality=usequality)
        self._numbers = numbers
        self._best: dict[int, tuple[float, int]] = {}
        self._lowest_story = -1
        self._lowest: tuple[float, int] = (0.0, 0)

    def prepare(self, top_searcher: Searcher, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self._best, self._lowest_story = {}, -1

    def collect(self, sub_docnum: int) -> int:
        global_docnum = self.offset + sub_docnum
        score = self.matcher.score()
        if self.final_fn is not None:
            score = self.final_fn(self.top_searcher, global_docnum, score)
        self.docset.add(global_docnum)
        self.total += 1
        if score >= self.minscore:
            self._take(global_docnum, score)
        return 0

    def _take(self, global_docnum: int, score: float) -> None:
        """Keep a match scoring at least the lowest score that matters, if its story
        is (now) among the best."""
        # Keys order matches as results do: higher score, then lower document number.
        key = (score, -global_docnum)
        story = self._numbers[global_docnum]
        best = self._best
        held = best.get(story)
        if held is not None:
            if key > held:
                best[story] = key
                if story == self._lowest_story:
                    self._find_lowest()
        elif len(best) < self.limit:
            best[story] = key
            if len(best) == self.limit:
                self._find_lowest()
        elif key > self._lowest:
            del best[self._lowest_story]
            best[story] = key
            self._find_lowest()

    def _find_lowest(self) -> None:
        self._lowest_story, self._lowest = min(self._best.items(), key=lambda item: item[1])
        self.minscore = self._lowest[0]

    def collect_matches(self) -> None:
        """Score and keep each match of the segment.

        Whoosh's loop asks a generator for each match and calls through three
        methods to keep it; with the coordinated OR's matcher (and a plain
        score), the matcher's own walk keeps every match in the match set and
        hands over only those reaching the lowest score that matters.
        """
        matcher: Matcher = self.matcher
        if self.final_fn is not None or type(matcher) is not CoordinationMatcher:
            super().collect_matches()
            return
        self.total += matcher.walk(self.offset, self.docset.add, self._taken, self.minscore)

    def _taken(self, global_docnum: int, score: float) -> float:
        self._take(global_docnum, score)
        return float(self.minscore)

    def all_ids(self) -> Any:
        return self.docset if self.computes_count() else super().all_ids()

    def results(self) -> Results:
        ordered = sorted(self._best.values(), reverse=True)
        self.items = [(score, -negated) for score, negated in ordered]
        results = Results(
            self.top_searcher, self.q, self.items,
            docset=self.docset if self.computes_count() else None,
        )
        results.runtime, results.collector = self.runtime, self
        return results


def _story_collector(
    collector: Collector, wanted: int, numbers: Sequence[int]
) -> tuple[Collector, _BestOfStoriesCollector | None]:
    """`collector` with its top-N collector (if it has one: not when sorted by date)
    replaced by a collector of the best stories."""
    outer: Collector | None = None
    inner = collector
    while hasattr(inner, "child"):
        outer, inner = inner, inner.child
    if type(inner) is not TopCollector:
        return collector, None
    stories = _BestOfStoriesCollector(wanted, numbers, usequality=inner.usequality)
    if outer is None:
        return stories, stories
    outer.child = stories
    return collector, stories


def collapsed_page(
    searcher: Searcher, query: wq.Query, page: int, limit: int, **options: Any
) -> tuple[Results, list[StoryGroup], int]:
    """The results, the story groups of page `page`, and how many stories matched in all.

    `options` are Whoosh's search options (filter, mask, order, facets). Ranked
    by relevance, the search keeps the best match of each of the best stories
    (`_BestOfStoriesCollector`); sorted otherwise, it ranks matches deeper
    until the page holds its stories. Beside the search, the cost is one list
    look-up per match (to count stories) and, for each story shown with other
    articles, a read of its articles or of the matches, whichever are fewer.
    """
    wanted = page * limit
    table = story_table(searcher)
    numbers = table.numbers
    collector, stories_collector = _story_collector(
        searcher.collector(limit=wanted, **options), wanted, numbers
    )
    if stories_collector is not None:
        searcher.search_with_collector(query, collector)
        results = collector.results()
        first = {numbers[hit.docnum]: hit.docnum for hit in results}
    else:
        depth = wanted * FIRST_DEPTH
        while True:
            results = search_keeping_matches(searcher, query, **{**options, "limit": depth})
            ranked = [hit.docnum for hit in results]
            first = {}
            for docnum in ranked:
                first.setdefault(numbers[docnum], docnum)
            if len(first) >= wanted or len(ranked) >= len(results):
                break
            depth *= DEPTH_GROWTH
    matched = results.docs()
    stories = table.count(matched)
    groups = [
        StoryGroup(docnum, table.keys[story], tuple(table.others(story, docnum, matched)))
        for story, docnum in list(first.items())[(page - 1) * limit : wanted]
    ]
    return results, groups, stories


def story_articles(searcher: Searcher, docnums: Iterable[int]) -> tuple[StoryArticle, ...]:
    """What a list of story members shows of each article, oldest first (undated last).

    The order `show` lists a story in; the first is most often the text the
    others copy.
    """
    found = []
    for docnum in docnums:
        article = documents.from_stored(searcher.stored_fields(docnum))
        found.append(StoryArticle(article.id, article.outlet, article.published, article.title))
    return tuple(sorted(found, key=_oldest_first))


def _oldest_first(article: StoryArticle) -> tuple[bool, float, str]:
    published = article.published
    return (published is None, published.timestamp() if published else 0.0, article.id)


def story_of_article(searcher: Searcher, docnum: int) -> Story | None:
    """The story of the article at `docnum`, its articles oldest first (None without stories)."""
    if not has_stories(searcher):
        return None
    story = _story_reader(searcher)(docnum)
    members = list(searcher.document_numbers(**{documents.STORY: story})) or [docnum]
    return Story(story, story_articles(searcher, members))


def story_sizes(searcher: Searcher) -> Counter[str]:
    """Articles per story, for every story of the index."""
    story_of = _story_reader(searcher)
    return Counter(story_of(docnum) for docnum in searcher.reader().all_doc_ids())


def stories_of(searcher: Searcher, min_articles: int = 2) -> list[Story]:
    """The stories of at least `min_articles` articles, largest first."""
    if not has_stories(searcher):
        return []
    sizes = story_sizes(searcher)
    stories = []
    for story, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        if size < min_articles:
            break
        members = list(searcher.document_numbers(**{documents.STORY: story}))
        found = story_of_article(searcher, members[0])
        if found is not None:
            stories.append(found)
    return stories
