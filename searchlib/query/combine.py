"""The two ways the compiler joins queries: any of them, or one word's alternatives."""

from __future__ import annotations

from collections.abc import Sequence

from whoosh import query as wq
from whoosh.query.compound import DefaultOr


def either(queries: Sequence[wq.Query | None]) -> wq.Query | None:
    """Any one of `queries` will do (None ones left out): None, the only one, or their OR."""
    kept = [q for q in queries if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else wq.Or(kept)


def alternatives(queries: Sequence[wq.Query]) -> wq.Query:
    """One word's alternatives (its fields and spellings) as one query, a tree of unions.

    Whoosh would preload small indexes' postings into arrays the size of the
    index for every plain OR; a query holds one of these per word and field
    group, and the coordinated OR above them reads each document once anyway.
    """
    if not queries:
        return wq.NullQuery
    return queries[0] if len(queries) == 1 else DefaultOr(list(queries))
