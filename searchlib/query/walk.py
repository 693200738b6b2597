"""The walk of a coordinated OR's postings: every match visited, the hopeless ones unscored."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from typing import Any

from whoosh.matching import Matcher

from searchlib.query.lazy import Lazy, Leaf, LinkedPair, OnDocumentMatcher


class CoordinationMatcher(OnDocumentMatcher):
    """Walks the postings of every member's leaves together.

    Every matching document is visited, so the number of matches stays exact;
    but once the collector knows the lowest score that still enters the top
    results (`replace(minquality)`), a document whose leaves' bounds, times
    the coverage its words give it, cannot reach it is not scored: it gets
    0.0 and is passed over like any other document below that score. Bonuses
    (coordinated) and optional queries (added after coordination) are read
    only for a document whose score so far plus their bounds can still reach
    that score; below it, the document keeps the score of its members alone.
    """

    def __init__(
        self,
        leaves: Sequence[Leaf],
        counts: Sequence[float],
        words: float,
        coordination: float,
        power: float,
        boost: float,
        bonuses: Sequence[Lazy] = (),
        optional: Sequence[Lazy] = (),
        deleted: frozenset[int] = frozenset(),
    ) -> None:
        # The segment's deleted documents, when the leaves read its postings unfiltered.
        self._deleted = deleted
        self._bonuses = list(bonuses)
        self._optional = list(optional)
        self._lazy = bool(self._bonuses or self._optional)
        self._linked = [bonus for bonus in self._bonuses if isinstance(bonus, LinkedPair)]
        # What the bonuses other than linked pairs can add at the most.
        self._loose_bonus_ceiling = sum(
            bonus.ceiling for bonus in self._bonuses if not isinstance(bonus, LinkedPair)
        )
        self._optional_ceiling = sum(query.ceiling for query in self._optional)
        self._leaves = list(leaves)
        self._counts = list(counts)
        self._words = words
        self._coordination = coordination
        self._power = power
        self._boost = boost
        # The most a document holding only one leaf can score, leaf by leaf: its bound
        # and the bonuses' times the coverage of its word alone, and the optional queries'.
        self._single_bounds = [
            (ceiling + self._loose_bonus_ceiling) * self._factor(self._counts[group])
            + self._optional_ceiling
            for _, group, ceiling in self._leaves
        ]
        self._threshold = 0.0
        self._id: int | None = None
        self._at: list[Leaf] = []
        # (document, leaf index) of every active leaf not on the current document.
        self._waiting: list[tuple[int, int]] = []
        self._on: list[int] = []  # indexes of the leaves on the current document
        self._rebuild()

    def _rebuild(self) -> None:
        self._waiting = [
            (leaf[0].id(), number) for number, leaf in enumerate(self._leaves)
            if leaf[0].is_active()
        ]
        heapq.heapify(self._waiting)
        self._take_lowest()
        if self._deleted and self._id in self._deleted:
            self._pass_deleted()

    def _pass_deleted(self) -> None:
        """Move on past deleted documents: one look-up per document the leaves reach.

        Whoosh filters each term's postings (a `FilterMatcher` per leaf, several
        Python calls per posting); the leaves here read them unfiltered, and the
        walk asks once per document instead.
        """
        deleted = self._deleted
        while self._id is not None and self._id in deleted:
            self._advance()

    def _take_lowest(self) -> None:
        """Move the leaves on the lowest waiting document to the current document.

        A heap of leaves by document: moving on touches only the leaves that
        were on the document just scored, not every leaf of the query.
        """
        waiting = self._waiting
        if not waiting:
            self._id, self._on, self._at = None, [], []
            return
        low = waiting[0][0]
        on = [heapq.heappop(waiting)[1]]
        while waiting and waiting[0][0] == low:
            on.append(heapq.heappop(waiting)[1])
        leaves = self._leaves
        self._id, self._on, self._at = low, on, [leaves[number] for number in on]

    def next(self) -> None:
        self._advance()
        deleted = self._deleted
        if deleted and self._id in deleted:
            self._pass_deleted()

    def _advance(self) -> None:
        """Move to the next document any leaf is on, deleted or not."""
        waiting = self._waiting
        on = self._on
        if len(on) == 1:
            # The common case on frequent words: one leaf on the document.
            # Pushing its next posting and popping the lowest is one heap step.
            matcher = self._at[0][0]
            matcher.next()
            if matcher.is_active():
                low, number = heapq.heappushpop(waiting, (matcher.id(), on[0]))
            elif waiting:
                low, number = heapq.heappop(waiting)
            else:
                self._id, self._on, self._at = None, [], []
                return
            if not waiting or waiting[0][0] != low:
                self._id, self._on, self._at = low, [number], [self._leaves[number]]
                return
            heapq.heappush(waiting, (low, number))
        else:
            for number, leaf in zip(on, self._at, strict=True):
                matcher = leaf[0]
                matcher.next()
                if matcher.is_active():
                    heapq.heappush(waiting, (matcher.id(), number))
        self._take_lowest()

    def skip_to(self, target: int) -> None:
        if self._id is None or target <= self._id:
            return
        for leaf in self._leaves:
            matcher = leaf[0]
            if matcher.is_active() and matcher.id() < target:
                matcher.skip_to(target)
        self._rebuild()

    def walk(
        self, offset: int, keep: Callable[[int], object], take: Callable[[int, float], float],
        minscore: float,
    ) -> int:
        """Visit every remaining match: `keep(offset + docnum)` each, and
        `take(offset + docnum, score)` each scoring at least `minscore`, which
        `take` returns raised as the results fill. Returns the matches visited.

        The collector's loop, run here: a document on one leaf whose bound
        cannot reach the lowest score that matters is passed over without a
        call to `score`, and the walk learns each new lowest score at once.
        """
        self.replace(minscore)
        single_bounds = self._single_bounds
        visited = 0
        while self._id is not None:
            docnum = self._id + offset
            keep(docnum)
            visited += 1
            on = self._on
            if not (len(on) == 1 and minscore > 0 and single_bounds[on[0]] < minscore):
                score = self.score()
                if score >= minscore:
                    raised = take(docnum, score)
                    if raised != minscore:
                        minscore = raised
                        self.replace(minscore)
            self.next()
        return visited

    def score(self) -> float:
        at = self._at
        threshold = self._threshold
        linked: list[LinkedPair] = []
        if len(at) == 1:
            matcher, group, _ = at[0]
            # A linked pair needs two leaves on the document.
            if threshold > 0 and self._single_bounds[self._on[0]] < threshold:
                return 0.0
            total = matcher.score()
            covered = self._counts[group]
            factor = self._factor(covered)
        else:
            counts = self._counts
            covered = sum(counts[group] for group in {leaf[1] for leaf in at})
            factor = self._factor(covered)
            if threshold > 0:
                ceilings = sum(leaf[2] for leaf in at)
                if self._linked:
                    on = self._on
                    linked = [
                        pair for pair in self._linked
                        if pair.numbers[0] in on and pair.numbers[1] in on
                    ]
                    ceilings += sum(pair.ceiling for pair in linked)
                bound = (ceilings + self._loose_bonus_ceiling) * factor + self._optional_ceiling
                if bound < threshold:
                    return 0.0
            elif self._linked:
                on = self._on
                linked = [
                    pair for pair in self._linked
                    if pair.numbers[0] in on and pair.numbers[1] in on
                ]
            total = sum(leaf[0].score() for leaf in at)
        if not self._lazy:
            return self._coordinated(total, covered)
        docnum = self.id()
        if threshold > 0:
            loose = self._loose_bonus_ceiling
            bound = sum(pair.ceiling for pair in linked)
            if (total + bound + loose) * factor + self._optional_ceiling < threshold:
                return float(total * factor)
            if linked:
                bound = sum(pair.bound_at(docnum) for pair in linked)
                if (total + bound + loose) * factor + self._optional_ceiling < threshold:
                    return float(total * factor)
        for bonus in self._bonuses:
            total += bonus.score_at(docnum)
        score = float(total * factor)
        for query in self._optional:
            score += query.score_at(docnum)
        return score

    def _factor(self, covered: float) -> float:
        """What coordination multiplies the sum by for `covered` query words (boost included)."""
        share = min(self._words, covered) / self._words
        return float((1.0 + self._coordination * share**self._power) * self._boost)

    def _coordinated(self, total: float, covered: float) -> float:
        """`total` times the coverage factor for `covered` query words."""
        share = min(self._words, covered) / self._words
        return float(total * (1.0 + self._coordination * share**self._power) * self._boost)

    def weight(self) -> float:
        return float(sum(leaf[0].weight() for leaf in self._at))

    def children(self) -> list[Matcher]:
        return [leaf[0] for leaf in self._leaves if leaf[0].is_active()]

    def depth(self) -> int:
        return 1 + max((matcher.depth() for matcher in self.children()), default=0)

    def max_quality(self) -> float:
        """Infinity: a finite bound would let Whoosh's compound matchers drop this
        matcher's documents outright, and the count of matches would fall short."""
        return math.inf

    def replace(self, minquality: float = 0) -> Matcher:
        """Remember the lowest score that still enters the results (see `score`)."""
        self._threshold = minquality or 0.0
        return self

    def reset(self) -> None:
        for leaf in self._leaves:
            leaf[0].reset()
        for lazy in (*self._bonuses, *self._optional):
            lazy.reset()
        self._threshold = 0.0
        self._rebuild()

    def copy(self) -> CoordinationMatcher:
        # Every leaf, the finished ones too: bonus pairs know their words' leaves by number.
        leaves = [(matcher.copy(), group, ceiling) for matcher, group, ceiling in self._leaves]
        return CoordinationMatcher(
            leaves, self._counts, self._words, self._coordination, self._power, self._boost,
            [bonus.copy(leaves) for bonus in self._bonuses],
            [query.copy(leaves) for query in self._optional],
            self._deleted,
        )

    def supports_block_quality(self) -> bool:
        return False

    def supports(self, astype: str) -> bool:
        return all(leaf[0].supports(astype) for leaf in self._at)

    def value(self) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")

    def value_as(self, astype: str) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")
