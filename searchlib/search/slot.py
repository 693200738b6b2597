"""The searcher an index keeps open between searches."""

from __future__ import annotations

from whoosh.index import Index
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher


class SearcherSlot:
    """One open searcher for an index, reused across searches and refreshed on change.

    Opening a searcher reads every segment's term index (tens of milliseconds
    on a large index); a searcher kept open costs nothing until the index
    changes, and `refresh` then swaps in one over the new segments.
    """

    def __init__(self, whoosh_ix: Index, weighting: WeightingModel) -> None:
        self._ix = whoosh_ix
        self._weighting = weighting
        self._searcher: Searcher | None = None

    def get(self) -> Searcher:
        """The searcher over the index as it is now.

        A changed index gets a new searcher rather than Whoosh's
        `Searcher.refresh`: that re-uses the old segment readers by appending
        every old segment missing from the new list, so after a merge the
        merged-away segments stay in and each of their articles is found twice.
        """
        searcher = self._searcher
        if searcher is not None and not searcher.up_to_date():
            searcher.close()
            searcher = None
        if searcher is None:
            searcher = self._searcher = self._ix.searcher(weighting=self._weighting)
        return searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
