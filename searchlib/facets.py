"""Facets: how the articles matching a query spread over outlets and months.

Counts cover every matching article (filters applied), not just the page shown,
so a user can see where a story was covered and when before narrowing down.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from whoosh import sorting
from whoosh.searching import Results, Searcher

from searchlib import index
from searchlib.ingest.outlets import canonical_outlet

# Label of the articles that have no outlet or no date.
UNKNOWN_OUTLET = "(unknown)"
UNDATED = "undated"

_OUTLET_GROUP = "outlet"
_MONTH_GROUP = "month"


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet and how many matching articles have it."""

    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Matching articles per outlet (most first) and per month (oldest first)."""

    outlets: tuple[FacetCount, ...] = field(default_factory=tuple)
    months: tuple[FacetCount, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": {facet.value: facet.count for facet in self.outlets},
            "month": {facet.value: facet.count for facet in self.months},
        }

    def describe(self) -> str:
        """The facets as a short text block for a terminal."""
        lines = ["Outlets:"]
        lines.extend(f"  {facet.count:>6}  {facet.value}" for facet in self.outlets)
        lines.append("Months:")
        lines.extend(f"  {facet.count:>6}  {facet.value}" for facet in self.months)
        return "\n".join(lines)


def facet_groups() -> dict[str, sorting.FieldFacet]:
    """The `groupedby` argument that makes Whoosh collect both facets in one pass."""
    return {
        _OUTLET_GROUP: sorting.FieldFacet(index.OUTLET),
        _MONTH_GROUP: sorting.FieldFacet(index.MONTH, maptype=sorting.Count),
    }


def collect_facets(searcher: Searcher, results: Results) -> Facets:
    """Facet counts of `results`, searched with :func:`facet_groups`.

    The index keys outlets in lower case; the name shown is the one the
    articles themselves print, read from one article of each group.
    """
    counts: Counter[str] = Counter()
    for key, docnums in results.groups(_OUTLET_GROUP).items():
        name = _outlet_name(searcher, docnums[0]) if key else None
        # An index built before outlets had one name holds several spellings.
        counts[canonical_outlet(name) or UNKNOWN_OUTLET] += len(docnums)
    outlets = [FacetCount(name, count) for name, count in counts.items()]
    months = [
        FacetCount(_text(key) or UNDATED, int(count))
        for key, count in results.groups(_MONTH_GROUP).items()
    ]
    return Facets(
        outlets=tuple(sorted(outlets, key=lambda f: (-f.count, f.value.casefold()))),
        months=tuple(sorted(months, key=lambda f: (f.value == UNDATED, f.value))),
    )


def _outlet_name(searcher: Searcher, docnum: int) -> str | None:
    return index.from_stored(searcher.stored_fields(docnum)).outlet


def _text(key: object) -> str:
    if isinstance(key, bytes):
        return key.decode("utf-8")
    return str(key) if key else ""
