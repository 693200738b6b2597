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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import Matcher
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
    ) -> None:
        if len(members) != len(counts):
            raise ValueError("one word count per member")
        self.members = list(members)
        self.counts = list(counts)
        self.words = max(1, words)
        self.coordination = coordination
        self.power = power
        self.boost = boost

    def __repr__(self) -> str:
        return (
            f"CoordinatedOr({self.members!r}, {self.counts!r}, words={self.words}, "
            f"coordination={self.coordination}, power={self.power}, boost={self.boost})"
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
            and (self.coordination, self.power, self.boost)
            == (other.coordination, other.power, other.boost)
        )

    def __hash__(self) -> int:
        return hash((tuple(self.members), tuple(self.counts), self.coordination, self.power))

    def is_leaf(self) -> bool:
        return False

    def children(self) -> Iterator[wq.Query]:
        return iter(self.members)

    def apply(self, fn: Callable[[wq.Query], wq.Query]) -> CoordinatedOr:
        return CoordinatedOr(
            [fn(member) for member in self.members], self.counts, self.words,
            self.coordination, self.power, self.boost,
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
            list(members), list(counts), self.words, self.coordination, self.power, self.boost
        )

    def estimate_size(self, ixreader: Any) -> int:
        size = sum(member.estimate_size(ixreader) for member in self.members)
        return int(min(size, ixreader.doc_count()))

    def estimate_min_size(self, ixreader: Any) -> int:
        return 0

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        matchers = [member.matcher(searcher, context) for member in self.members]
        return CoordinationMatcher(
            matchers, self.counts, self.words, self.coordination, self.power, self.boost
        )


class CoordinationMatcher(Matcher):  # type: ignore[misc]
    """Walks its members' postings together (no block skipping: every match is scored)."""

    def __init__(
        self,
        members: Sequence[Matcher],
        counts: Sequence[int],
        words: int,
        coordination: float,
        power: float,
        boost: float,
    ) -> None:
        self._all = list(zip(members, counts, strict=True))
        self._active = self._all
        self._words = words
        self._coordination = coordination
        self._power = power
        self._boost = boost
        self._id: int | None = None
        self._at: list[tuple[Matcher, int]] = []
        self._refresh()

    def _refresh(self) -> None:
        """Drop exhausted members and find the lowest document id and who is on it (one pass)."""
        active: list[tuple[Matcher, int]] = []
        at: list[tuple[Matcher, int]] = []
        low: int | None = None
        for pair in self._active:
            matcher = pair[0]
            if not matcher.is_active():
                continue
            active.append(pair)
            doc = matcher.id()
            if low is None or doc < low:
                low, at = doc, [pair]
            elif doc == low:
                at.append(pair)
        self._active, self._at, self._id = active, at, low

    def is_active(self) -> bool:
        return self._id is not None

    def id(self) -> int:
        if self._id is None:
            raise ValueError("matcher is exhausted")
        return self._id

    def next(self) -> None:
        for matcher, _ in self._at:
            matcher.next()
        self._refresh()

    def skip_to(self, target: int) -> None:
        for matcher, _ in self._active:
            if matcher.id() < target:
                matcher.skip_to(target)
        self._refresh()

    def score(self) -> float:
        at = self._at
        total = sum(matcher.score() for matcher, _ in at)
        covered = min(self._words, sum(count for _, count in at))
        share = covered / self._words
        return float(total * (1.0 + self._coordination * share**self._power) * self._boost)

    def weight(self) -> float:
        return float(sum(matcher.weight() for matcher, _ in self._at))

    def children(self) -> list[Matcher]:
        return [matcher for matcher, _ in self._active]

    def depth(self) -> int:
        return 1 + max((m.depth() for m, _ in self._active), default=0)

    def replace(self, minquality: float = 0) -> Matcher:
        self._active = [(m.replace(), c) for m, c in self._active if m.is_active()]
        self._refresh()
        return self

    def reset(self) -> None:
        for matcher, _ in self._all:
            matcher.reset()
        self._active = self._all
        self._refresh()

    def copy(self) -> CoordinationMatcher:
        return CoordinationMatcher(
            [m.copy() for m, _ in self._active], [c for _, c in self._active], self._words,
            self._coordination, self._power, self._boost,
        )

    def supports_block_quality(self) -> bool:
        return False

    def supports(self, astype: str) -> bool:
        return all(matcher.supports(astype) for matcher, _ in self._at)

    def value(self) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")

    def value_as(self, astype: str) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")
