"""Facets: how the articles matching a query spread over outlets and months.

Counts cover every matching article (filters applied), not just the page shown,
so a user can see where a story was covered and when before narrowing down.
"""

from __future__ import annotations

from collections import Counter

from whoosh import sorting
from whoosh.searching import Results, Searcher

from searchlib.ingest import canonical_outlet
from searchlib.results import FacetCount, Facets
from searchlib.store import documents

# Label of the articles that have no outlet or no date.
UNKNOWN_OUTLET = "(unknown)"
UNDATED = "undated"

_OUTLET_GROUP = "outlet"
_MONTH_GROUP = "month"


def outlet_label(name: str | None) -> str:
    """The name an outlet is counted under: its canonical name, else the name as
    stored (one no table resolves, such as an overlong one), else "(unknown)"."""
    return canonical_outlet(name) or (name or "").strip() or UNKNOWN_OUTLET


def facet_groups() -> dict[str, sorting.FieldFacet]:
    """The `groupedby` argument that makes Whoosh collect both facets in one pass."""
    return {
        _OUTLET_GROUP: sorting.FieldFacet(documents.OUTLET),
        _MONTH_GROUP: sorting.FieldFacet(documents.MONTH, maptype=sorting.Count),
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
        counts[outlet_label(name)] += len(docnums)
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
    return documents.from_stored(searcher.stored_fields(docnum)).outlet


def _text(key: object) -> str:
    if isinstance(key, bytes):
        return key.decode("utf-8")
    return str(key) if key else ""
