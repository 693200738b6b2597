"""Restrictions: which outlets, authors and dates a search is limited to.

They narrow the matching articles and add nothing to their scores, whether
typed in the query (``outlet:viva``) or given as search options
(:class:`Filters`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from whoosh import query as wq
from whoosh.reading import IndexReader

from searchlib.analysis import analyze_words
from searchlib.errors import QueryError
from searchlib.ingest import outlet_spellings
from searchlib.query.combine import either
from searchlib.query.dates import DateBound, since_bound, split_by_month, until_bound
from searchlib.query.syntax import InField, Node
from searchlib.store import documents


def outlet_query(name: str) -> wq.Query:
    """Articles from outlets whose name starts with `name` (case and spacing ignored),
    or from the outlet `name` is an alias of under any of its spellings
    ("antaranews", "ANTARA" and "Antara News" all mean Antara).

    A prefix, so `detik` finds detikNews and detikFinance and `kompas` finds
    Kompas.com: users rarely know how an outlet is spelled in the index.
    """
    keys = {documents.outlet_key(spelling) for spelling in outlet_spellings(name)} - {""}
    # "republika" already finds "republika online": only the shortest prefixes are kept.
    shortest = sorted(k for k in keys if not any(o != k and k.startswith(o) for o in keys))
    prefixes = [wq.Prefix(documents.OUTLET, key) for key in shortest]
    query = either(prefixes)
    return query if query is not None else wq.Prefix(documents.OUTLET, documents.outlet_key(name))


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
            raise QueryError(f"the date range is empty: since {since} is after until {until}")
        return filters

    def query(self, reader: IndexReader | None = None) -> wq.Query | None:
        """The Whoosh filter, or None when nothing is filtered.

        With the index's `reader`, dates are matched by month keys where the
        bounds take whole months (much cheaper than a numeric range).
        """
        parts: list[wq.Query] = []
        if self.outlets:
            parts.append(_any_or_nothing([outlet_query(name) for name in self.outlets]))
        if self.authors:
            parts.append(_any_or_nothing([author_query(name) for name in self.authors]))
        if self.since or self.until:
            parts.append(self.date_query(reader))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


    def date_query(self, reader: IndexReader | None) -> wq.Query:
        if reader is None or documents.MONTH not in reader.indexed_field_names():
            return wq.DateRange(documents.PUBLISHED, self.since, self.until)
        months = [_text(month) for month in reader.lexicon(documents.MONTH)]
        whole, partial = split_by_month(months, self.since, self.until)
        found: list[wq.Query] = [wq.Term(documents.MONTH, month) for month in whole]
        found += [wq.DateRange(documents.PUBLISHED, start, end) for start, end in partial]
        return _any_or_nothing(found)


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _names(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    values = (value,) if isinstance(value, str) else tuple(value)
    return tuple(v for v in values if v.strip())


def _any_or_nothing(queries: list[wq.Query | None]) -> wq.Query:
    """Articles matching any of `queries`; none at all when every one is None."""
    matched = either(queries)
    return matched if matched is not None else wq.NullQuery
