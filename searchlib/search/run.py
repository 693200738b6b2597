"""Running a search: a parsed query in, a page of ranked hits with snippets out.

Hits are plain frozen dataclasses filled while the searcher is open, so they
stay valid after it closes and can be serialised as they are. Filters narrow
the matching set without touching scores; facets and "did you mean" are worked
out in the same searcher.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Results, Searcher

from searchlib._whoosh.docsets import matching_docs
from searchlib._whoosh.spellings import with_near_spellings
from searchlib.errors import ArticleNotFoundError, QueryError
from searchlib.ingest import Article
from searchlib.query import Filters, ParsedQuery, QueryTerms
from searchlib.results import DEFAULT_LIMIT, Facets, Hit, SearchResults
from searchlib.search.facets import collect_facets, facet_groups
from searchlib.search.rewrites import (
    counted_in_one_pass,
    merge_identical_views,
    without_empty_fields,
)
from searchlib.search.snippets import DEFAULT_FRAGMENTS, highlight, make_snippets
from searchlib.search.stories import StoryGroup, collapsed_page, has_stories, story_articles
from searchlib.search.suggest import suggest_query
from searchlib.store import documents

# Most results one page may hold: deeper lists cost snippets for nothing a person reads.
MAX_LIMIT = 1000
# Distinctive terms of an article that make up its more-like-this query: enough to
# describe the story, few enough to keep the query cheap (Whoosh's own default is 5).
SIMILAR_TERMS = 12

Sort = Literal["relevance", "date"]
SORTS: tuple[str, ...] = ("relevance", "date")


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
    collapse: bool = True,
) -> SearchResults:
    """Page `page` of `limit` hits of `parsed`, each with up to `snippets` fragments.

    Near spellings (fuzzy terms) are looked up once per segment reader and
    kept to the most common (`NearSpellings`), for matching, scores and
    highlights alike. With `collapse` (in an index with stories) each story
    is one hit, its best-ranked article, with its other matches in `also_in`.
    """
    _check_page(limit, page, sort)
    parsed = replace(parsed, whoosh_query=with_near_spellings(parsed.whoosh_query))
    options: dict[str, Any] = {"limit": page * limit, "terms": False}
    filter_query = filters.query(searcher.reader()) if filters else None
    if filter_query is not None:
        allowed = matching_docs(filter_query, searcher)
        if not allowed:  # Whoosh would read an empty allow-set as no filter at all
            return _nothing_matched(searcher, parsed, limit, page, facets, suggest)
        options["filter"] = allowed
    if sort == "date":
        options["sortedby"] = newest_first()
    if facets:
        options["groupedby"] = facet_groups()
    query = counted_in_one_pass(
        merge_identical_views(without_empty_fields(parsed.whoosh_query, searcher), searcher)
    )
    offset = (page - 1) * limit
    terms = _with_fuzzy_matches(searcher, parsed)
    stories: int | None = None
    collapsed = collapse and has_stories(searcher)
    if collapsed:
        results, groups, stories = collapsed_page(
            searcher, query, page, limit, **{k: v for k, v in options.items() if k != "limit"}
        )
        hits = _story_hits(searcher, results, groups, offset + 1, terms, snippets)
    else:
        results = searcher.search(query, **options)
        hits = [
            _hit(rank, documents.from_stored(whoosh_hit.fields()), _score(whoosh_hit.score),
                 terms, snippets)
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
        stories=stories if collapsed else None,
        collapsed=collapsed,
    )


def _nothing_matched(
    searcher: Searcher, parsed: ParsedQuery, limit: int, page: int, facets: bool, suggest: bool
) -> SearchResults:
    """The results of a search whose filters leave no article: none, and facets of none."""
    return SearchResults(
        query=parsed.text,
        total=0,
        page=page,
        limit=limit,
        suggestion=suggest_query(searcher.reader(), parsed.text, parsed.words, 0)
        if suggest
        else None,
        facets=Facets() if facets else None,
    )


def _with_fuzzy_matches(searcher: Searcher, parsed: ParsedQuery) -> QueryTerms:
    """The query's terms plus the spellings its fuzzy terms matched, so snippets mark them.

    Asked of each segment, as matching asked: the spellings found then are reused.
    """
    fuzzy = [leaf for leaf in parsed.whoosh_query.leaves() if isinstance(leaf, wq.FuzzyTerm)]
    if not fuzzy:
        return parsed.terms
    found = {
        word.decode("utf-8") if isinstance(word, bytes) else str(word)
        for leaf in fuzzy
        for segment, _ in searcher.reader().leaf_readers()
        for _field, word in leaf.expanded_terms(segment)
    }
    return QueryTerms(parsed.terms.stems, parsed.terms.exact | found)


# What Whoosh's DATETIME column holds for an article without a date (its type's maximum).
_UNDATED = 2**63 - 1


def _newest_first_key(value: int) -> tuple[int, int]:
    return (1, 0) if value >= _UNDATED else (0, -value)


def newest_first() -> sorting.FacetType:
    """Sort order for `--sort date`: newest first, undated articles last, then by score."""
    return sorting.MultiFacet(
        [sorting.TranslateFacet(_newest_first_key, sorting.FieldFacet(documents.PUBLISHED)),
         sorting.ScoreFacet()]
    )


def _with_relevance_scores(searcher: Searcher, parsed: ParsedQuery, hits: list[Hit]) -> list[Hit]:
    """Hits sorted by date carry no score; give them their relevance scores for display."""
    page_ids = wq.Or([wq.Term(documents.ID_FIELD, hit.id) for hit in hits])
    scored = searcher.search(parsed.whoosh_query, limit=len(hits), filter=page_ids, terms=False)
    scores = {hit[documents.ID_FIELD]: _score(hit.score) for hit in scored}
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


def _story_hits(
    searcher: Searcher,
    results: Results,
    groups: list[StoryGroup],
    first_rank: int,
    terms: QueryTerms,
    snippets: int,
) -> list[Hit]:
    """One hit per story group, ranked from `first_rank`: its best-ranked article, with the
    story's other matches under it."""
    scores = {whoosh_hit.docnum: whoosh_hit.score for whoosh_hit in results}
    return [
        replace(
            _hit(rank, documents.from_stored(searcher.stored_fields(group.docnum)),
                 _score(scores.get(group.docnum)), terms, snippets),
            story=group.story,
            also_in=story_articles(searcher, group.others),
        )
        for rank, group in enumerate(groups, start=first_rank)
    ]


def similar_articles(
    searcher: Searcher,
    article_id: str,
    *,
    limit: int = DEFAULT_LIMIT,
    snippets: int = DEFAULT_FRAGMENTS,
    collapse: bool = True,
) -> SearchResults:
    """Articles about the same story as `article_id`, most similar first.

    The article's most distinctive stems (Bo1 weighting against the index's
    own statistics) become an OR query over title and text; the article itself
    is left out. With `collapse` (in an index with stories) so are its own
    story's other articles (its syndicated copies: `show` lists them), and the
    rest is collapsed by story.
    """
    _check_page(limit, 1, "relevance")
    docnum = searcher.document_number(**{documents.ID_FIELD: article_id})
    if docnum is None:
        raise ArticleNotFoundError(f"no article with id {article_id!r}")
    fields = searcher.stored_fields(docnum)
    article = documents.from_stored(fields)
    text = "\n".join(filter(None, (article.title, article.lead, article.text)))
    key_terms = searcher.key_terms_from_text(documents.BODY, text, numterms=SIMILAR_TERMS)
    if not key_terms:
        return SearchResults(query=f"similar:{article_id}", total=0, limit=limit)
    top = max(weight for _, weight in key_terms) or 1.0
    query = wq.Or(
        [
            wq.Term(name, term, boost=weight / top)
            for term, weight in key_terms
            for name in (documents.TITLE, documents.BODY)
        ]
    )
    terms = QueryTerms(frozenset(term for term, _ in key_terms), frozenset())
    mask: wq.Query = wq.Term(documents.ID_FIELD, article_id)
    collapsed = collapse and has_stories(searcher)
    if not collapsed:
        results = searcher.search(query, limit=limit, mask=mask)
        hits = [
            _hit(rank, documents.from_stored(hit.fields()), _score(hit.score), terms, snippets)
            for rank, hit in enumerate(results, start=1)
        ]
        return SearchResults(
            query=f"similar:{article_id}", total=len(results), hits=tuple(hits), limit=limit
        )
    story = fields.get(documents.STORY)
    if story:
        mask = wq.Or([mask, wq.Term(documents.STORY, story)])
    results, groups, stories = collapsed_page(searcher, query, 1, limit, mask=mask)
    hits = _story_hits(searcher, results, groups, 1, terms, snippets)
    return SearchResults(
        query=f"similar:{article_id}", total=len(results), hits=tuple(hits), limit=limit,
        stories=stories, collapsed=True,
    )
