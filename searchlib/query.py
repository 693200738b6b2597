"""Queries: what a user types becomes a Whoosh query over both text views.

Every word is searched in the stemmed fields (recall) and in the exact fields
(precision), with the title weighted above the body. Words are OR-ed, so one
unknown word never empties the result list, and an article holding every word
still ranks first through BM25F's sum over matching terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import MultifieldParser, OrGroup

from searchlib import index
from searchlib.errors import QueryError
from searchlib.snippets import QueryTerms

# Field weights for BM25F: a title match says more about the article than a body match, and a
# match on the form as written more than a stem-only match. Starting points, tuned on the
# TyDi QA / FacQA train splits by benchmarks/bench_relevance.py.
FIELD_BOOSTS: dict[str, float] = {
    index.TITLE: 2.0,
    index.TITLE_EXACT: 2.0,
    index.LEAD: 1.2,
    index.BODY: 1.0,
    index.BODY_EXACT: 1.0,
    index.CAPTIONS: 0.5,
}

# Longest query text accepted; longer input is cut, never rejected, so a pasted
# paragraph still searches.
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class ParsedQuery:
    """A user query ready to run, and the terms its snippets should highlight."""

    text: str
    whoosh_query: wq.Query
    terms: QueryTerms


def parse_query(text: str) -> ParsedQuery:
    """Parse `text` in the searchlib query language."""
    cleaned = " ".join(text.split())[:MAX_QUERY_CHARS]
    if not cleaned:
        raise QueryError("empty query: type one or more words to search for")
    parser = MultifieldParser(list(FIELD_BOOSTS), schema=index.build_schema(),
                              fieldboosts=FIELD_BOOSTS, group=OrGroup)
    try:
        parsed = parser.parse(cleaned)
    except Exception as error:  # Whoosh raises many types on odd input; the user sees one.
        raise QueryError(f"could not read the query {cleaned!r}: {error}") from error
    return ParsedQuery(cleaned, parsed, query_terms(parsed))


def query_terms(parsed: wq.Query) -> QueryTerms:
    """The stems and exact forms a query looks for (negated words excluded)."""
    stems: set[str] = set()
    exact: set[str] = set()
    for fieldname, term in _positive_terms(parsed):
        text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        if fieldname in index.STEMMED_FIELDS:
            stems.add(text)
        elif fieldname in index.EXACT_FIELDS:
            exact.add(text)
    return QueryTerms(frozenset(stems), frozenset(exact))


def _positive_terms(parsed: wq.Query) -> list[tuple[str, object]]:
    if isinstance(parsed, wq.Not):
        return []
    if isinstance(parsed, wq.AndNot):
        return _positive_terms(parsed.a)
    if parsed.is_leaf():
        return list(parsed.terms(phrases=True))
    found: list[tuple[str, object]] = []
    for child in parsed.children():
        found.extend(_positive_terms(child))
    return found
