"""Restrictions: which outlets and authors a search is limited to.

They narrow the matching articles and add nothing to their scores.
"""

from __future__ import annotations

from whoosh import query as wq

from searchlib.analysis import analyze_words
from searchlib.store import documents


def outlet_query(name: str) -> wq.Query:
    """Articles from outlets whose name starts with `name` (case and spacing ignored).

    A prefix, so `detik` finds detikNews and detikFinance and `kompas` finds
    Kompas.com: users rarely know how an outlet is spelled in the index.
    """
    return wq.Prefix(documents.OUTLET, documents.outlet_key(name))


def author_query(name: str) -> wq.Query | None:
    """Articles whose author line holds `name`'s words in that order."""
    words = [exact for exact, _ in analyze_words(name)]
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(documents.AUTHOR, words[0])
    return wq.Phrase(documents.AUTHOR, words)
