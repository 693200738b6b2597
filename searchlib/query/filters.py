"""Restrictions: which outlets and authors a search is limited to.

They narrow the matching articles and add nothing to their scores, whether
typed in the query (``outlet:viva``) or given as search options.
"""

from __future__ import annotations

from whoosh import query as wq

from searchlib.analysis import analyze_words
from searchlib.query.syntax import InField, Node
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


def is_restriction(node: Node) -> bool:
    """Whether `node` names an outlet or author, which a query requires rather than prefers."""
    return isinstance(node, InField) and node.field in ("outlet", "author")


class _Unscored(wq.ConstantScoreQuery):  # type: ignore[misc]  # Whoosh is untyped
    """A restriction that adds nothing to the score.

    Whoosh's `ConstantScoreQuery` has no `boost`, which `And.normalize` reads
    when it flattens an AND nested in another (``a AND (b outlet:x)``).
    """

    boost = 1.0


def unscored(restriction: wq.Query) -> wq.Query:
    """`restriction` as part of a scored query: it narrows and scores nothing."""
    return _Unscored(restriction, 0.0)
