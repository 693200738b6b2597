"""What compiling a query gives: the Whoosh query to run and the terms to highlight."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq


@dataclass(frozen=True)
class QueryTerms:
    """What a snippet should highlight: query words as stems and as exact forms."""

    stems: frozenset[str]
    exact: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.stems or self.exact)


@dataclass(frozen=True)
class ParsedQuery:
    """A user query ready to run, and the terms its snippets should highlight."""

    text: str
    whoosh_query: wq.Query
    terms: QueryTerms
    # Query words as typed with their exact (lowercased) forms, for "did you mean".
    words: tuple[tuple[str, str], ...] = ()
