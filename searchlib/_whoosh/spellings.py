"""Near spellings of a word: Whoosh's FuzzyTerm, walked once per reader and capped.

Whoosh's FuzzyTerm walks a field's word list with an edit-distance automaton
each time its spellings are asked for (to match, then again to highlight), and
two edits from a long word can reach dozens of rare forms, each a posting list
to read. :class:`NearSpellings` overrides FuzzyTerm's private `_btexts` hook to
keep its spellings per reader and cut them to the most common ones;
:func:`words_within` keeps every walk per reader, for "did you mean" too, since
a searcher stays open across searches.
"""

from __future__ import annotations

import weakref
from typing import Any

from whoosh import query as wq

# Walks remembered per reader: a searcher is kept open across searches, so a
# word looked up again (a suggestion, then a fuzzy search) costs nothing the
# second time. Cleared when full, so a long-lived reader's memory stays bounded.
_WALKS_PER_READER = 1024
_walks: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, int, int], list[Any]]] = (
    weakref.WeakKeyDictionary()
)
# Spellings one fuzzy word stands for, the most common first: two edits from a
# long word can reach dozens of rare forms, each a posting list to read.
MAX_FUZZY_SPELLINGS = 16


def words_within(reader: Any, fieldname: str, word: str, distance: int, prefix: int) -> list[Any]:
    """The words of `fieldname` in `reader` within `distance` edits of `word` (sharing
    its first `prefix` characters), each walk of the word list done once per reader."""
    walks = _walks.setdefault(reader, {})
    key = (fieldname, word, distance, prefix)
    found = walks.get(key)
    if found is None:
        if len(walks) >= _WALKS_PER_READER:
            walks.clear()
        found = walks[key] = list(reader.terms_within(fieldname, word, distance, prefix=prefix))
    return found


class NearSpellings(wq.FuzzyTerm):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's FuzzyTerm, expanded once per reader and to the most common spellings.

    Whoosh walks the word list again each time the spellings are asked for
    (to match, then to highlight); here the walk's result is kept for the
    reader it was made on, and cut to MAX_FUZZY_SPELLINGS.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spellings: dict[int, tuple[Any, list[Any]]] = {}

    def _btexts(self, ixreader: Any) -> list[Any]:
        kept = self._spellings.get(id(ixreader))
        if kept is not None and kept[0] is ixreader:
            return kept[1]
        spellings = words_within(
            ixreader, self.fieldname, self.text, self.maxdist, self.prefixlength
        )
        if len(spellings) > MAX_FUZZY_SPELLINGS:
            # A copy: the walk itself stays whole for other callers ("did you mean").
            spellings = sorted(
                spellings, key=lambda text: -ixreader.doc_frequency(self.fieldname, text)
            )[:MAX_FUZZY_SPELLINGS]
        self._spellings[id(ixreader)] = (ixreader, spellings)
        return spellings


def with_near_spellings(query: wq.Query) -> wq.Query:
    """`query` with each of Whoosh's FuzzyTerms replaced by NearSpellings of the same term."""
    if type(query) is wq.FuzzyTerm:
        return NearSpellings(
            query.fieldname,
            query.text,
            boost=query.boost,
            maxdist=query.maxdist,
            prefixlength=query.prefixlength,
            constantscore=query.constantscore,
        )
    if query.is_leaf():
        return query
    return query.apply(with_near_spellings)
