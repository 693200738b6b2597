"""The set of documents a filter matches, read a posting block at a time.

Whoosh turns a search's filter query into a set of document numbers by
walking the query's matcher document by document (`docs_for_query`). A date
filter is a union of month terms (and tiered date terms at its edges), so
`--since 2017-01-01` on a large archive walked a union tree over most of the
index, several Python calls per document per level: most of the search's
time. Filters are unions and intersections of single terms, and a term's
documents can be read a block at a time, so the set is built here with set
operations instead. Anything else falls back to Whoosh's walk.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.collectors import Collector, TopCollector
from whoosh.searching import Results, Searcher

from searchlib._whoosh.codec import posting_ids


def matching_docs(query: wq.Query, searcher: Searcher) -> set[int]:
    """Index-wide numbers of the documents `query` matches (deleted ones left out)."""
    if query is wq.NullQuery:
        return set()
    if isinstance(query, wq.Term):
        return _term_docs(query, searcher)
    if type(query) is wq.Or:
        return set().union(*(matching_docs(child, searcher) for child in query.subqueries))
    if type(query) is wq.And:
        children = [matching_docs(child, searcher) for child in query.subqueries]
        return set.intersection(*children) if children else set()
    if isinstance(query, wq.NumericRange):
        simpler = query.simplify(searcher.reader())
        if simpler is not query:
            return matching_docs(simpler, searcher)
    return set(searcher.docs_for_query(query))


def _term_docs(term: wq.Term, searcher: Searcher) -> set[int]:
    found: set[int] = set()
    for segment, offset in searcher.subsearchers or [(searcher, 0)]:
        reader = segment.reader()
        if (term.fieldname, term.text) not in reader:
            continue
        ids = set(posting_ids(reader.postings(term.fieldname, term.text)))
        if reader.has_deletions():
            ids.difference_update(reader.deleted_docs_set)
        found.update(docnum + offset for docnum in ids)
    return found


class _MatchKeepingTopCollector(TopCollector):  # type: ignore[misc]  # Whoosh is untyped
    """A top-N collector that also keeps the number of every document it scores.

    Whoosh's top-N collector forgets the matches outside the top N, so asking
    the results for all of them (`Results.docs()`) runs the query a second
    time. When every match was scored (`computes_count()`, the same condition
    under which Whoosh trusts its own count), the kept set is all of them.
    """

    def _collect(self, global_docnum: int, score: float) -> Any:
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)

    def all_ids(self) -> Any:
        return self.docset if self.computes_count() else super().all_ids()


def search_keeping_matches(searcher: Searcher, query: wq.Query, **options: Any) -> Results:
    """`searcher.search(query, **options)` whose `docs()` (every match, beyond the top
    `limit`) costs no second run of the query."""
    collector = searcher.collector(**options)
    outer: Collector | None = None
    inner = collector
    while hasattr(inner, "child"):
        outer, inner = inner, inner.child
    if type(inner) is TopCollector:
        keeping = _MatchKeepingTopCollector(inner.limit, usequality=inner.usequality)
        if outer is None:
            collector = keeping
        else:
            outer.child = keeping
    searcher.search_with_collector(query, collector)
    return collector.results()
