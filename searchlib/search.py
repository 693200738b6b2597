"""Search: run a parsed query and copy ranked hits, with snippets, out of Whoosh.

Hits are plain frozen dataclasses filled while the searcher is open, so they
stay valid after it closes and can be serialised as they are. Filters narrow
the matching set without touching scores; facets and "did you mean" are worked
out in the same searcher.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from whoosh import query as wq
from whoosh import sorting
from whoosh.index import Index
from whoosh.reading import IndexReader
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from searchlib import index
from searchlib.coordination import CoordinatedOr
from searchlib.datefilter import DateBound, since_bound, split_by_month, until_bound
from searchlib.docsets import matching_docs
from searchlib.errors import ArticleNotFoundError, QueryError
from searchlib.facets import Facets, collect_facets, facet_groups
from searchlib.ingest.article import Article
from searchlib.query import ParsedQuery, author_query, outlet_query
from searchlib.snippets import DEFAULT_FRAGMENTS, QueryTerms, Snippet, highlight, make_snippets
from searchlib.suggest import suggest_query

# Results per page when the caller does not say.
DEFAULT_LIMIT = 10
# Most results one page may hold: deeper lists cost snippets for nothing a person reads.
MAX_LIMIT = 1000
# Distinctive terms of an article that make up its more-like-this query: enough to
# describe the story, few enough to keep the query cheap (Whoosh's own default is 5).
SIMILAR_TERMS = 12

Sort = Literal["relevance", "date"]
SORTS: tuple[str, ...] = ("relevance", "date")


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
    """A page of hits for a query, how many articles matched in all, and help for the user.

    `suggestion` is a corrected query ("did you mean") or None; `facets` is
    filled only when asked for.
    """

    query: str
    total: int
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    page: int = 1
    limit: int = DEFAULT_LIMIT
    suggestion: str | None = None
    facets: Facets | None = None

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @property
    def pages(self) -> int:
        """Pages of `limit` hits that the whole result list fills."""
        return -(-self.total // self.limit) if self.limit else 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "suggestion": self.suggestion,
            "hits": [hit.to_dict() for hit in self.hits],
        }
        if self.facets is not None:
            data["facets"] = self.facets.to_dict()
        return data


@dataclass(frozen=True)
class Filters:
    """What narrows a search without changing its ranking."""

    outlets: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    authors: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        *,
        outlet: str | Sequence[str] | None = None,
        since: DateBound | None = None,
        until: DateBound | None = None,
        author: str | Sequence[str] | None = None,
    ) -> Filters:
        """Filters from user input; QueryError for a date that cannot be read."""
        filters = cls(
            outlets=_names(outlet),
            since=since_bound(since) if since is not None else None,
            until=until_bound(until) if until is not None else None,
            authors=_names(author),
        )
        if filters.since and filters.until and filters.since > filters.until:
            raise QueryError(f"--since {since} is after --until {until}")
        return filters

    def query(self, reader: IndexReader | None = None) -> wq.Query | None:
        """The Whoosh filter, or None when nothing is filtered.

        With the index's `reader`, dates are matched by month keys where the
        bounds take whole months (much cheaper than a numeric range).
        """
        parts: list[wq.Query] = []
        if self.outlets:
            parts.append(_any([outlet_query(name) for name in self.outlets]))
        if self.authors:
            authors = [q for name in self.authors if (q := author_query(name)) is not None]
            parts.append(_any(authors) if authors else wq.NullQuery)
        if self.since or self.until:
            parts.append(self.date_query(reader))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


    def date_query(self, reader: IndexReader | None) -> wq.Query:
        if reader is None or index.MONTH not in reader.indexed_field_names():
            return wq.DateRange(index.PUBLISHED, self.since, self.until)
        months = [_text(month) for month in reader.lexicon(index.MONTH)]
        whole, partial = split_by_month(months, self.since, self.until)
        found: list[wq.Query] = [wq.Term(index.MONTH, month) for month in whole]
        found += [wq.DateRange(index.PUBLISHED, start, end) for start, end in partial]
        return _any(found) if found else wq.NullQuery


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _names(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    values = (value,) if isinstance(value, str) else tuple(value)
    return tuple(v for v in values if v.strip())


def _any(queries: list[wq.Query]) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.Or(queries)


class SearcherSlot:
    """One open searcher for an index, reused across searches and refreshed on change.

    Opening a searcher reads every segment's term index (tens of milliseconds
    on a large index); a searcher kept open costs nothing until the index
    changes, and `refresh` then swaps in one over the new segments.
    """

    def __init__(self, whoosh_ix: Index, weighting: WeightingModel) -> None:
        self._ix = whoosh_ix
        self._weighting = weighting
        self._searcher: Searcher | None = None

    def get(self) -> Searcher:
        """The searcher over the index as it is now.

        A changed index gets a new searcher rather than Whoosh's
        `Searcher.refresh`: that re-uses the old segment readers by appending
        every old segment missing from the new list, so after a merge the
        merged-away segments stay in and each of their articles is found twice.
        """
        searcher = self._searcher
        if searcher is not None and not searcher.up_to_date():
            searcher.close()
            searcher = None
        if searcher is None:
            searcher = self._searcher = self._ix.searcher(weighting=self._weighting)
        return searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


def run_search(
    searcher: Searcher,
    parsed: ParsedQuery,
    *,
    limit: int = DEFAULT_LIMIT,
    page: int = 1,
    filters: Filters | None = None,
    sort: str = "relevance",
    snippets: int = DEFAULT_FRAGMENTS,
    facets: bool = False,
    suggest: bool = True,
) -> SearchResults:
    """Page `page` of `limit` hits of `parsed`, each with up to `snippets` fragments."""
    _check_page(limit, page, sort)
    options: dict[str, Any] = {"limit": page * limit, "terms": False}
    filter_query = filters.query(searcher.reader()) if filters else None
    if filter_query is not None:
        options["filter"] = matching_docs(filter_query, searcher)
    if sort == "date":
        options["sortedby"] = newest_first()
    if facets:
        options["groupedby"] = facet_groups()
    query = merge_identical_views(without_empty_fields(parsed.whoosh_query, searcher), searcher)
    results = searcher.search(counted_in_one_pass(query), **options)
    offset = (page - 1) * limit
    terms = _with_fuzzy_matches(searcher, parsed)
    hits = [
        _hit(rank, index.from_stored(whoosh_hit.fields()), _score(whoosh_hit.score), terms,
             snippets)
        for rank, whoosh_hit in enumerate(results[offset : offset + limit], start=offset + 1)
    ]
    total = len(results)
    if sort == "date" and hits:
        hits = _with_relevance_scores(searcher, parsed, hits)
    suggestion = (
        suggest_query(searcher.reader(), parsed.text, parsed.words, total) if suggest else None
    )
    return SearchResults(
        query=parsed.text,
        total=total,
        hits=tuple(hits),
        page=page,
        limit=limit,
        suggestion=suggestion,
        facets=collect_facets(searcher, results) if facets else None,
    )


def counted_in_one_pass(query: wq.Query) -> wq.Query:
    """`query` run so that Whoosh counts its matches while ranking them.

    Whoosh skips low-scoring blocks of a plain OR and then, to tell how many
    documents matched, walks the whole query a second time. The coordinated OR
    visits every match once, counting as it goes, and leaves unscored the ones
    that cannot reach the page; with one member and no coordination its
    scores are the query's own.
    """
    if isinstance(query, CoordinatedOr) or query is wq.NullQuery:
        return query
    return CoordinatedOr([query], [1], 1, coordination=0.0)


def without_empty_fields(query: wq.Query, searcher: Searcher) -> wq.Query:
    """`query` without its term and phrase leaves on fields this index leaves empty.

    A corpus of bare passages has no titles, leads or captions; skipping their
    leaves saves a posting lookup per word, field and segment.
    """
    reader = searcher.reader()
    empty = {name for name in reader.indexed_field_names() if not reader.field_length(name)}
    empty |= {name for name in searcher.schema.names() if name not in reader.indexed_field_names()}
    if not empty:
        return query

    def prune(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term | wq.Phrase) and node.field() in empty:
            return wq.NullQuery
        return node.apply(prune) if not node.is_leaf() else node

    return prune(query).normalize()


# Stemmed fields and the exact fields that hold the same text (the exact body
# also holds the lead and captions, so it matches the stemmed body only in an
# index without them: field lengths tell).
_TWIN_VIEWS = ((index.TITLE, index.TITLE_EXACT), (index.BODY, index.BODY_EXACT))


def merge_identical_views(query: wq.Query, searcher: Searcher) -> wq.Query:
    """`query` with each stemmed term that has the same postings as its exact twin merged into it.

    A word that nothing else stems to (a name, an acronym, a number, a root
    word written bare) has the same postings in the stemmed and the exact view
    of a field. Reading them once with the summed boost gives every document
    the same BM25F score (same frequencies, lengths and document counts) for
    half the posting reads. The exact postings are a subset of the stemmed ones,
    so equal document counts and equal total frequencies prove them identical.
    """
    reader = searcher.reader()
    twins = [
        (stemmed, exact)
        for stemmed, exact in _TWIN_VIEWS
        if reader.field_length(stemmed) == reader.field_length(exact)
    ]
    if not twins:
        return query

    def same_postings(stemmed: str, exact: str, text: str) -> bool:
        counts = (reader.doc_frequency, reader.frequency)
        return all(int(count(stemmed, text)) == int(count(exact, text)) for count in counts)

    def merge(node: wq.Query) -> wq.Query:
        if node.is_leaf():
            return node
        node = node.apply(merge)
        if not isinstance(node, wq.Or):
            return node
        children = list(node.subqueries)
        terms = {
            (child.fieldname, child.text): position
            for position, child in enumerate(children)
            if type(child) is wq.Term
        }
        dropped: set[int] = set()
        for stemmed, exact in twins:
            for (name, text), position in terms.items():
                twin = terms.get((exact, text))
                if name != stemmed or twin is None or not same_postings(stemmed, exact, text):
                    continue
                children[twin] = wq.Term(
                    exact, text, boost=children[twin].boost + children[position].boost
                )
                dropped.add(position)
        if not dropped:
            return node
        kept = [child for position, child in enumerate(children) if position not in dropped]
        return kept[0].with_boost(kept[0].boost * node.boost) if len(kept) == 1 else (
            node.__class__(kept, boost=node.boost)
        )

    return merge(query)


def _with_fuzzy_matches(searcher: Searcher, parsed: ParsedQuery) -> QueryTerms:
    """The query's terms plus the spellings its fuzzy terms matched, so snippets mark them."""
    fuzzy = [leaf for leaf in parsed.whoosh_query.leaves() if isinstance(leaf, wq.FuzzyTerm)]
    if not fuzzy:
        return parsed.terms
    reader = searcher.reader()
    found = {
        word.decode("utf-8") if isinstance(word, bytes) else str(word)
        for leaf in fuzzy
        for word in leaf._btexts(reader)
    }
    return QueryTerms(parsed.terms.stems, parsed.terms.exact | found)


# What Whoosh's DATETIME column holds for an article without a date (its type's maximum).
_UNDATED = 2**63 - 1


def _newest_first_key(value: int) -> tuple[int, int]:
    return (1, 0) if value >= _UNDATED else (0, -value)


def newest_first() -> sorting.FacetType:
    """Sort order for `--sort date`: newest first, undated articles last, then by score."""
    return sorting.MultiFacet(
        [sorting.TranslateFacet(_newest_first_key, sorting.FieldFacet(index.PUBLISHED)),
         sorting.ScoreFacet()]
    )


def _with_relevance_scores(searcher: Searcher, parsed: ParsedQuery, hits: list[Hit]) -> list[Hit]:
    """Hits sorted by date carry no score; give them their relevance scores for display."""
    page_ids = wq.Or([wq.Term(index.ID_FIELD, hit.id) for hit in hits])
    scored = searcher.search(parsed.whoosh_query, limit=len(hits), filter=page_ids, terms=False)
    scores = {hit[index.ID_FIELD]: _score(hit.score) for hit in scored}
    return [replace(hit, score=scores.get(hit.id, 0.0)) for hit in hits]


def _check_page(limit: int, page: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if page < 1:
        raise QueryError(f"page must be 1 or more, not {page}")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")


def _score(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _hit(rank: int, article: Article, score: float, terms: QueryTerms, snippets: int) -> Hit:
    title = highlight(article.display_title, terms)
    paragraphs = [p for p in (article.lead, *article.body) if p]
    return Hit(
        rank=rank,
        id=article.id,
        title=title.text,
        outlet=article.outlet,
        published=article.published,
        score=score,
        snippets=tuple(make_snippets(paragraphs, terms, fragments=snippets)),
        title_highlights=title.highlights,
        author=article.author,
        source_path=article.source_path,
    )


def similar_articles(
    searcher: Searcher,
    article_id: str,
    *,
    limit: int = DEFAULT_LIMIT,
    snippets: int = DEFAULT_FRAGMENTS,
) -> SearchResults:
    """Articles about the same story as `article_id`, most similar first.

    The article's most distinctive stems (Bo1 weighting against the index's
    own statistics) become an OR query over title and text; the article itself
    is left out.
    """
    _check_page(limit, 1, "relevance")
    docnum = searcher.document_number(**{index.ID_FIELD: article_id})
    if docnum is None:
        raise ArticleNotFoundError(f"no article with id {article_id!r}")
    article = index.from_stored(searcher.stored_fields(docnum))
    text = "\n".join(filter(None, (article.title, article.lead, article.text)))
    key_terms = searcher.key_terms_from_text(index.BODY, text, numterms=SIMILAR_TERMS)
    if not key_terms:
        return SearchResults(query=f"similar:{article_id}", total=0, limit=limit)
    top = max(weight for _, weight in key_terms) or 1.0
    query = wq.Or(
        [
            wq.Term(name, term, boost=weight / top)
            for term, weight in key_terms
            for name in (index.TITLE, index.BODY)
        ]
    )
    results = searcher.search(query, limit=limit, mask=wq.Term(index.ID_FIELD, article_id))
    terms = QueryTerms(frozenset(term for term, _ in key_terms), frozenset())
    hits = [
        _hit(rank, index.from_stored(hit.fields()), _score(hit.score), terms, snippets)
        for rank, hit in enumerate(results, start=1)
    ]
    return SearchResults(
        query=f"similar:{article_id}", total=len(results), hits=tuple(hits), limit=limit
    )
