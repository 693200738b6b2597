"""Coordination: an OR whose score grows with the share of query words matched.

A forgiving query must return articles holding only some of its words, yet
rank an article holding all of them first. Whoosh's own coordination
(``OrGroup.factory``) scores 0.0 when a one-word query matches in one field,
and an extra boosted AND of all words reads every posting list twice. This
query walks its members once: each document's score is the sum of the members
it matches, times ``1 + coordination * (matched words / all words) ** power``.

Members carry a word count: a query word counts 1, an acronym that stands for
three query words counts 3 (so `Menlu` satisfies "menteri luar negeri"), and a
proximity bonus counts 0 (it adds score, not coverage).

With ``by_rarity`` a word's part of the query is its rarity (the inverse
document frequency of its rarest term) instead of one: an article holding the
rare words of a question covers more of it than one holding its common words,
and a word the index never saw does not count against anyone.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import LeafMatcher, Matcher, NoQualityAvailable, WrappingMatcher
from whoosh.query.compound import DefaultOr
from whoosh.searching import Searcher


class CoordinatedOr(wq.Query):  # type: ignore[misc]
    """Matches documents matching any member; rewards covering more query words."""

    def __init__(
        self,
        members: Sequence[wq.Query],
        counts: Sequence[int],
        words: int,
        coordination: float,
        power: float = 1.0,
        boost: float = 1.0,
        by_rarity: bool = False,
    ) -> None:
        if len(members) != len(counts):
            raise ValueError("one word count per member")
        self.members = list(members)
        self.counts = list(counts)
        self.words = max(1, words)
        self.coordination = coordination
        self.power = power
        self.boost = boost
        self.by_rarity = by_rarity

    def __repr__(self) -> str:
        return (
            f"CoordinatedOr({self.members!r}, {self.counts!r}, words={self.words}, "
            f"coordination={self.coordination}, power={self.power}, boost={self.boost}, "
            f"by_rarity={self.by_rarity})"
        )

    def __unicode__(self) -> str:
        return "(" + " cOR ".join(str(member) for member in self.members) + ")"

    __str__ = __unicode__

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CoordinatedOr)
            and self.members == other.members
            and self.counts == other.counts
            and self.words == other.words
            and (self.coordination, self.power, self.boost, self.by_rarity)
            == (other.coordination, other.power, other.boost, other.by_rarity)
        )

    def __hash__(self) -> int:
        return hash(
            (tuple(self.members), tuple(self.counts), self.coordination, self.power, self.by_rarity)
        )

    def is_leaf(self) -> bool:
        return False

    def children(self) -> Iterator[wq.Query]:
        return iter(self.members)

    def apply(self, fn: Callable[[wq.Query], wq.Query]) -> CoordinatedOr:
        return CoordinatedOr(
            [fn(member) for member in self.members], self.counts, self.words,
            self.coordination, self.power, self.boost, self.by_rarity,
        )

    def normalize(self) -> wq.Query:
        kept = [
            (normal, count)
            for member, count in zip(self.members, self.counts, strict=True)
            if (normal := member.normalize()) is not wq.NullQuery
        ]
        if not kept:
            return wq.NullQuery
        members, counts = zip(*kept, strict=True)
        return CoordinatedOr(
            list(members), list(counts), self.words, self.coordination, self.power, self.boost,
            self.by_rarity,
        )

    def field(self) -> None:
        """None: the members search several fields (Whoosh's normalising asks)."""
        return None

    def estimate_size(self, ixreader: Any) -> int:
        size = sum(member.estimate_size(ixreader) for member in self.members)
        return int(min(size, ixreader.doc_count()))

    def estimate_min_size(self, ixreader: Any) -> int:
        return 0

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        leaves: list[_Leaf] = []
        for group, member in enumerate(self.members):
            for alternative in _alternatives(member):
                matcher = alternative.matcher(searcher, context)
                if matcher.is_active():
                    leaves.append((matcher, group, _ceiling(matcher)))
        counts: Sequence[float] = self.counts
        words: float = self.words
        if self.by_rarity and self.coordination:
            counts, words = rarity_counts(
                [rarity(member, searcher) for member in self.members], self.counts, self.words
            )
        return CoordinationMatcher(
            leaves, counts, words, self.coordination, self.power, self.boost
        )


def rarity(member: wq.Query, searcher: Searcher) -> float:
    """The inverse document frequency of the rarest term of `member` the index holds (0: none).

    Asked of the whole index, not of the segment being searched: a word missing
    from one segment must weigh the same in every segment.
    """
    reader = searcher.get_parent().reader()
    found = [
        float(searcher.idf(leaf.fieldname, leaf.text))
        for leaf in _terms(member)
        if (leaf.fieldname, leaf.text) in reader
    ]
    return max(found, default=0.0)


def _terms(query: wq.Query) -> Iterator[wq.Term]:
    if isinstance(query, wq.Term):
        yield query
    elif not isinstance(query, wq.Phrase):
        for child in query.children():
            yield from _terms(child)


def rarity_counts(
    rarities: Sequence[float], counts: Sequence[int], words: int
) -> tuple[list[float], float]:
    """Members' word counts and the query's total, each word weighed by its rarity.

    A member standing for one word weighs that word's rarity; one standing for
    several (an acronym) weighs that many average words, and a bonus (0) nothing.
    Without any known word the counts stay as they are.
    """
    single = [weight for weight, count in zip(rarities, counts, strict=True) if count == 1]
    known = sum(single)
    if known <= 0:
        return [float(count) for count in counts], float(words)
    average = known / len(single)
    weighed = [
        weight if count == 1 else count * average
        for weight, count in zip(rarities, counts, strict=True)
    ]
    return weighed, known + average * max(0, words - len(single))


# A leaf matcher, the member (query word) it belongs to, and the most it can score.
_Leaf = tuple[Matcher, int, float]


def _alternatives(query: wq.Query) -> list[wq.Query]:
    """The leaves of a member's plain ORs: each is walked directly, not through a union tree.

    Whoosh would walk an OR of one word's fields as a tree of two-way unions,
    several Python calls per document and level; the leaves' scores are summed
    all the same, so the coordination matcher can walk them itself.
    """
    if type(query) in (wq.Or, DefaultOr) and query.boost == 1.0 and query.scale is None:
        return [leaf for child in query.subqueries for leaf in _alternatives(child)]
    return [query]


def _ceiling(matcher: Matcher) -> float:
    """The most `matcher` can score on any document, or infinity when unknown.

    Trusted only for term postings (possibly boosted), whose BM25F bound comes
    from the term's highest frequency and shortest field; phrases and other
    matchers report no usable bound.
    """
    inner = matcher.child if type(matcher) is WrappingMatcher else matcher
    if not isinstance(inner, LeafMatcher) or not inner.supports_block_quality():
        return math.inf
    try:
        return float(matcher.max_quality())
    except (NoQualityAvailable, NotImplementedError):
        return math.inf


class CoordinationMatcher(Matcher):  # type: ignore[misc]
    """Walks the postings of every member's leaves together.

    Every matching document is visited, so the number of matches stays exact;
    but once the collector knows the lowest score that still enters the top
    results (`replace(minquality)`), a document whose leaves' bounds cannot
    reach it is not scored: it gets 0.0 and is passed over like any other
    document below that score.
    """

    def __init__(
        self,
        leaves: Sequence[_Leaf],
        counts: Sequence[float],
        words: float,
        coordination: float,
        power: float,
        boost: float,
    ) -> None:
        self._leaves = list(leaves)
        self._counts = list(counts)
        self._words = words
        self._coordination = coordination
        self._power = power
        self._boost = boost
        # The largest factor coordination can apply: every word covered.
        self._most = (1.0 + max(0.0, coordination)) * boost
        self._threshold = 0.0
        self._id: int | None = None
        self._at: list[_Leaf] = []
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

    def is_active(self) -> bool:
        return self._id is not None

    def id(self) -> int:
        if self._id is None:
            raise ValueError("matcher is exhausted")
        return self._id

    def next(self) -> None:
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

    def score(self) -> float:
        at = self._at
        if len(at) == 1:
            matcher, group, ceiling = at[0]
            if self._threshold > 0 and ceiling * self._most < self._threshold:
                return 0.0
            return self._coordinated(matcher.score(), self._counts[group])
        if self._threshold > 0 and sum(leaf[2] for leaf in at) * self._most < self._threshold:
            return 0.0
        total = sum(leaf[0].score() for leaf in at)
        counts = self._counts
        return self._coordinated(total, sum(counts[group] for group in {leaf[1] for leaf in at}))

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
        self._threshold = 0.0
        self._rebuild()

    def copy(self) -> CoordinationMatcher:
        return CoordinationMatcher(
            [
                (matcher.copy(), group, ceiling)
                for matcher, group, ceiling in self._leaves
                if matcher.is_active()
            ],
            self._counts, self._words, self._coordination, self._power, self._boost,
        )

    def supports_block_quality(self) -> bool:
        return False

    def supports(self, astype: str) -> bool:
        return all(leaf[0].supports(astype) for leaf in self._at)

    def value(self) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")

    def value_as(self, astype: str) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")
