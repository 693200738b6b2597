"""`ArticleIndex`: the one object a user needs to build and search an index.

It ties the stages together (ingest -> index -> query -> search) over one
index folder; the work itself lives in the stage modules.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from searchlib import store
from searchlib.ingest import Article
from searchlib.query import DEFAULT_RANKING, DateBound, Filters, QueryTerms, parse_query
from searchlib.results import (
    DEFAULT_LIMIT,
    IndexReport,
    IndexStats,
    SearchResults,
    Snippet,
    Story,
)
from searchlib.search import (
    SearcherSlot,
    has_stories,
    run_search,
    similar_articles,
    stories_of,
    story_of_article,
    story_sizes,
)
from searchlib.search.facets import outlet_label
from searchlib.search.snippets import DEFAULT_FRAGMENTS, highlight
from searchlib.store import DEFAULT_LOCK_TIMEOUT, documents

if TYPE_CHECKING:
    from searchlib.indexing import ProgressCallback


class ArticleIndex:
    """A searchlib index on disk: build it, search it, read articles back.

    >>> with ArticleIndex.open("index") as idx:          # doctest: +SKIP
    ...     for hit in idx.search("pertemuan Jenewa"):
    ...         print(hit.rank, hit.title)
    """

    def __init__(self, path: Path, whoosh_ix: whoosh_index.Index) -> None:
        self.path = path
        self._ix = whoosh_ix
        # One searcher shared by searches, opened on first use: opening one per query
        # costs more than most queries (about 40 ms on a 3,463-article index).
        self._searcher_slot = SearcherSlot(whoosh_ix, DEFAULT_RANKING.weighting())
        weakref.finalize(self, self._searcher_slot.close)
        # The index's own word lists, so queries are analysed as its articles were.
        self._lexicon = store.index_lexicon(path)

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        overwrite: bool = False,
        overrides: str | Path | None = None,
        acronyms: str | Path | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        stories: bool = True,
    ) -> ArticleIndex:
        """A new, empty index at `path` (replacing an existing one only with `overwrite`).

        With `stories` (the default), syndicated copies of one text (another
        outlet's dateline, title and ending, a few words changed) are grouped
        into a story as they are indexed, and searches show each story once;
        ``stories=False`` leaves that out (docs/duplicates.md).

        `path` must be empty, new or a searchlib index: a folder holding other
        files is refused (IndexStateError), and replacing an index deletes only
        the files an index creates. Replacing waits up to `lock_timeout`
        seconds for a running writer (then IndexLockedError).

        `overrides` (words to keep as written or map to a stem) and `acronyms`
        (acronym and expansion per line) extend the shipped word lists for this
        index; the formats are in :mod:`searchlib.analysis.lexicon`.
        """
        folder = Path(path)
        whoosh_ix = store.create_index(
            folder,
            overwrite=overwrite,
            overrides=Path(overrides) if overrides is not None else None,
            acronyms=Path(acronyms) if acronyms is not None else None,
            lock_timeout=lock_timeout,
            stories=stories,
        )
        return cls(folder, whoosh_ix)

    @classmethod
    def open(cls, path: str | Path) -> ArticleIndex:
        """The existing index at `path`; a clear error if it is missing or foreign."""
        folder = Path(path)
        return cls(folder, store.open_index(folder))

    @staticmethod
    def exists(path: str | Path) -> bool:
        return store.index_exists(Path(path))

    def close(self) -> None:
        self._searcher_slot.close()
        self._ix.close()

    def __enter__(self) -> ArticleIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------

    def add(
        self,
        paths: Iterable[str | Path],
        *,
        jobs: int | None = None,
        prune: bool = False,
        strict: bool = False,
        progress: ProgressCallback | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        report: IndexReport | None = None,
    ) -> IndexReport:
        """Ingest files and folders and index their articles.

        Unchanged articles (same content hash) are skipped, changed ones replaced;
        `prune` also removes articles whose source file is gone. `jobs` worker
        processes read and analyse (None: all cores). Unreadable files are
        counted in the report and never stop the others. Another writer is
        waited for up to `lock_timeout` seconds (then IndexLockedError). Pass
        your own `report` to see what was committed if the run is interrupted.
        """
        # The indexer is imported by the methods that write: a search never needs it,
        # and importing it (page and record readers, lxml, the worker pool) costs a
        # fresh process about 0.2 s of its start-up.
        from searchlib.indexing import index_paths

        return index_paths(
            self._ix,
            paths,
            jobs=jobs,
            prune=prune,
            strict=strict,
            progress=progress,
            lock_timeout=lock_timeout,
            report=report,
        )

    def add_articles(
        self,
        articles: Iterable[Article],
        *,
        jobs: int = 1,
        progress: ProgressCallback | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> IndexReport:
        """Index `Article` objects made elsewhere (a user's own corpus)."""
        from searchlib.indexing import write_articles

        return write_articles(
            self._ix, articles, IndexReport(), progress, jobs=jobs, lock_timeout=lock_timeout
        )

    def remove(
        self, article_ids: Iterable[str], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> int:
        """Delete articles by id; returns how many were in the index."""
        from searchlib.indexing import remove_articles

        return remove_articles(self._ix, article_ids, lock_timeout=lock_timeout)

    def optimize(self, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> int:
        """Merge the index into one segment for the fastest searches; returns segments before."""
        from searchlib.indexing import optimize_index

        return optimize_index(self._ix, lock_timeout=lock_timeout)

    # -- reading -----------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        page: int = 1,
        outlet: str | Sequence[str] | None = None,
        since: DateBound | None = None,
        until: DateBound | None = None,
        author: str | Sequence[str] | None = None,
        sort: str = "relevance",
        fuzzy: bool = False,
        snippets: int = DEFAULT_FRAGMENTS,
        facets: bool = False,
        collapse: bool = True,
    ) -> SearchResults:
        """Ranked hits for `query` in the searchlib query language.

        Results are collapsed by story: syndicated copies of one text are one
        hit (the best-ranked copy), with the others in `Hit.also_in`;
        `collapse=False` lists every article. `total` counts articles and
        `stories` stories; facets count articles.

        `outlet` and `author` (one name or several) and `since`/`until` (dates
        such as ``2021-12-03``, ``2021-12``, ``"Desember 2021"``, ``"3 Des
        2021"``, or date objects) narrow the results; `sort` is ``"relevance"``
        or ``"date"`` (newest first); `page` counts from 1; `fuzzy` also finds
        near spellings of longer words (of the first eight such words);
        `facets` adds counts per outlet and month. Raises QueryError for an
        empty query or an unreadable option.
        """
        parsed = parse_query(query, fuzzy=fuzzy, lexicon=self._lexicon)
        filters = Filters.build(outlet=outlet, since=since, until=until, author=author)
        with store.reading(self.path):
            return run_search(
                self._query_searcher(), parsed, limit=limit, page=page, filters=filters,
                sort=sort, snippets=snippets, facets=facets, collapse=collapse,
            )

    def similar(
        self,
        article_id: str,
        *,
        limit: int = DEFAULT_LIMIT,
        snippets: int = DEFAULT_FRAGMENTS,
        collapse: bool = True,
    ) -> SearchResults:
        """Articles most like the one with `article_id`; ArticleNotFoundError if there is none.

        Collapsed by story like `search`, and without the article's own story
        (its syndicated copies, which `story()` lists) unless `collapse=False`.
        """
        with store.reading(self.path):
            return similar_articles(
                self._query_searcher(), article_id, limit=limit, snippets=snippets,
                collapse=collapse,
            )

    def story(self, article_id: str) -> Story | None:
        """The story of the article with `article_id`: all its articles, oldest first.

        None for an unknown id or an index built without stories; a story of
        one article is the article alone.
        """
        with store.reading(self.path), self._ix.searcher() as searcher:
            docnum = searcher.document_number(**{documents.ID_FIELD: article_id})
            return None if docnum is None else story_of_article(searcher, docnum)

    def stories(self, min_articles: int = 2) -> list[Story]:
        """The stories of at least `min_articles` articles (syndicated ones), largest first."""
        with store.reading(self.path), self._ix.searcher() as searcher:
            return stories_of(searcher, min_articles)

    def _query_searcher(self) -> Searcher:
        """The searcher that searches share, kept open while this object lives."""
        return self._searcher_slot.get()

    def get(self, article_id: str) -> Article | None:
        """The article with `article_id`, or None.

        Read through the searcher that searches share: a searcher of its own
        would cost more than the lookup (about 60 ms against well under one on
        a 3,463-article index), and an article page then sees the same state
        of the index as the search that linked to it.
        """
        with store.reading(self.path):
            fields = self._query_searcher().document(**{documents.ID_FIELD: article_id})
        return documents.from_stored(fields) if fields else None

    def highlight(self, query: str, texts: Iterable[str]) -> list[Snippet]:
        """Each of `texts` whole, with the words `query` matches marked as in search snippets.

        For showing a whole article found by `query` (its title, lead and
        paragraphs, in any order). Words match in every form, as in a search
        (`pertemuan` marks `bertemu`); a blank query marks nothing.
        """
        terms = (
            parse_query(query, lexicon=self._lexicon).terms
            if query.strip()
            else QueryTerms(frozenset(), frozenset())
        )
        return [highlight(text, terms) for text in texts]

    def stats(self) -> IndexStats:
        """Counts per outlet, the date range, size on disk and versions."""
        outlets: Counter[str] = Counter()
        dates: list[datetime] = []
        for article in self:
            outlets[outlet_label(article.outlet)] += 1
            if article.published:
                dates.append(article.published)
        metadata = store.read_metadata(self.path)
        total = len(self)
        with store.reading(self.path), self._ix.searcher() as searcher:
            sizes = story_sizes(searcher) if has_stories(searcher) else None
        return IndexStats(
            path=str(self.path),
            articles=total,
            outlets=tuple(sorted(outlets.items(), key=lambda item: (-item[1], item[0]))),
            earliest=min(dates) if dates else None,
            latest=max(dates) if dates else None,
            undated=total - len(dates),
            size_bytes=store.index_size(self.path),
            searchlib_version=str(metadata.get("searchlib_version", "unknown")),
            schema_version=int(metadata["schema_version"]),
            stories=len(sizes) if sizes is not None else None,
            syndicated_stories=sum(1 for size in (sizes or {}).values() if size > 1),
            largest_story=max((sizes or {}).values(), default=0),
        )

    def __len__(self) -> int:
        return int(self._ix.doc_count())

    def __iter__(self) -> Iterator[Article]:
        """Every article in the index, in index order."""
        with store.reading(self.path), self._ix.searcher() as searcher:
            for fields in searcher.reader().all_stored_fields():
                yield documents.from_stored(fields)
