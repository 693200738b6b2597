"""What the coordinated OR reads besides its members' postings, and how it bounds them.

A phrase member (an acronym's words, a quoted phrase) is matched by comparing
its words' positions (`PhraseMatcher`); bonuses (pairs of neighbouring words)
and optional queries (a statement's stop words) are read lazily, only at a
document being scored (`Lazy`). Each reports the most it can score, which lets
`searchlib.query.walk.CoordinationMatcher` leave unscored the documents that
cannot reach the page.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import (
    FilterMatcher,
    LeafMatcher,
    ListMatcher,
    Matcher,
    NoQualityAvailable,
    WrappingMatcher,
)
from whoosh.searching import Searcher

# A leaf matcher, the member (query word) it belongs to, and the most it can score.
Leaf = tuple[Matcher, int, float]


def ceiling_of(matcher: Matcher) -> float:
    """The most `matcher` can score on any document, or infinity when unknown.

    Trusted only for term postings (possibly boosted), whose BM25F bound comes
    from the term's highest frequency and shortest field (read from disk or,
    for a short list, kept in memory); phrases and other matchers report no
    usable bound.
    """
    if isinstance(matcher, PhraseMatcher):
        return matcher.ceiling
    inner = posting_leaf(matcher)
    if inner is None or not inner.supports_block_quality():
        return math.inf
    try:
        return float(matcher.max_quality())
    except (NoQualityAvailable, NotImplementedError):
        return math.inf


class Lazy:
    """A query scored only at the documents asked about, in increasing order.

    Bonuses and optional terms add score to documents other members match; read
    only when such a document is scored, they cost nothing on the others.
    """

    ceiling: float = math.inf

    def bound_at(self, docnum: int) -> float:
        """The most this query can score on `docnum` (the current document)."""
        return self.ceiling

    def score_at(self, docnum: int) -> float:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError

    def copy(self, leaves: Sequence[Leaf]) -> Lazy:
        """A copy over `leaves`, the copied leaves of the coordination matcher."""
        raise NotImplementedError


class LazyMatcher(Lazy):
    """Any matcher, skipped to the document asked about."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.ceiling = ceiling_of(matcher)

    def score_at(self, docnum: int) -> float:
        matcher = self.matcher
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            return float(matcher.score())
        return 0.0

    def reset(self) -> None:
        self.matcher.reset()

    def copy(self, leaves: Sequence[Leaf]) -> LazyMatcher:
        return LazyMatcher(self.matcher.copy())


def matcher_for(
    query: wq.Query, searcher: Searcher, context: Any, with_deleted: bool = False
) -> Matcher:
    """`query`'s matcher; a phrase's is a `PhraseMatcher`.

    With `with_deleted`, a term's or a phrase's postings are read without the
    filter of the segment's deleted documents: for a caller that passes over
    them itself (see `without_deletions`).
    """
    if (
        type(query) is wq.Phrase
        and len(query.words) > 1
        and query.fieldname in searcher.schema
        and searcher.schema[query.fieldname].format.supports("positions")
    ):
        words = [wq.Term(query.fieldname, word).matcher(searcher, context) for word in query.words]
        if with_deleted:
            words = [without_deletions(word) for word in words]
        return PhraseMatcher(words, query.slop, query.boost)
    matcher = query.matcher(searcher, context)
    return without_deletions(matcher) if with_deleted and type(query) is wq.Term else matcher


def tree_sum(scores: Sequence[float]) -> float:
    """`scores` summed in the order of Whoosh's binary tree of intersections."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return tree_sum(scores[:half]) + tree_sum(scores[half:])


def in_sequence(positions: Sequence[Sequence[int]], slop: int) -> bool:
    """Whether a position of each word follows one of the word before by 1 to `slop`."""
    reached: Sequence[int] = positions[0]
    for following in positions[1:]:
        ordered = list(following)
        found = []
        for position in ordered:
            at = bisect_right(reached, position - 1) - 1
            if at >= 0 and position - reached[at] <= slop:
                found.append(position)
        if not found:
            return False
        reached = found
    return True


class OnDocumentMatcher(Matcher):  # type: ignore[misc]  # Whoosh is untyped
    """A matcher that keeps the document it is on itself (`_id`; None: exhausted)."""

    _id: int | None = None

    def is_active(self) -> bool:
        return self._id is not None

    def id(self) -> int:
        if self._id is None:
            raise ValueError("matcher is exhausted")
        return self._id


class PhraseMatcher(OnDocumentMatcher):
    """The documents holding words in this order, each 1 to `slop` positions after the
    one before: what Whoosh's phrase query matches, scored as it scores them (the words'
    scores summed, times the boost).

    Whoosh builds a span object per position and per pair of positions; this
    matcher compares the positions themselves, and knows its bound (the
    words' bounds summed, times the boost), which lets the coordinated OR
    leave a phrase's documents unscored when they cannot reach the page.
    """

    def __init__(self, words: Sequence[Matcher], slop: int, boost: float) -> None:
        self._words = list(words)
        self._slop = slop
        self._boost = boost
        self.ceiling = sum(ceiling_of(word) for word in self._words) * boost
        self._id: int | None = None
        self._align()

    def _align(self) -> None:
        """Move to the first document, from the words' positions on, that holds the phrase."""
        words = self._words
        while True:
            if not all(word.is_active() for word in words):
                self._id = None
                return
            target = max(word.id() for word in words)
            for word in words:
                if word.id() < target:
                    word.skip_to(target)
            if not all(word.is_active() for word in words):
                self._id = None
                return
            if all(word.id() == target for word in words):
                positions = [list(word.value_as("positions")) for word in words]
                if in_sequence(positions, self._slop):
                    self._id = target
                    return
                words[0].next()

    def next(self) -> None:
        self._words[0].next()
        self._align()

    def skip_to(self, target: int) -> None:
        if self._id is None or target <= self._id:
            return
        for word in self._words:
            if word.is_active() and word.id() < target:
                word.skip_to(target)
        self._align()

    def score(self) -> float:
        return float(tree_sum([word.score() for word in self._words]) * self._boost)

    def weight(self) -> float:
        return float(sum(word.weight() for word in self._words))

    def max_quality(self) -> float:
        return self.ceiling

    def supports_block_quality(self) -> bool:
        return False

    def supports(self, astype: str) -> bool:
        return all(word.supports(astype) for word in self._words)

    def children(self) -> list[Matcher]:
        return list(self._words)

    def reset(self) -> None:
        for word in self._words:
            word.reset()
        self._align()

    def copy(self) -> PhraseMatcher:
        return PhraseMatcher([word.copy() for word in self._words], self._slop, self._boost)

    def replace(self, minquality: float = 0) -> Matcher:
        return self

    def value(self) -> Any:
        raise NotImplementedError("a phrase has no single posting value")


def posting_leaf(matcher: Matcher) -> Matcher | None:
    """The posting matcher under a term's matcher, or None.

    A term's matcher may be boosted, and in a segment with deleted documents
    it is filtered (Whoosh's `FilterMatcher`): a filter only takes documents
    away, so the postings' bound is still the term's, and the positions of
    the document the filter is on are the postings'.
    """
    inner = matcher
    while type(inner) in (WrappingMatcher, FilterMatcher):
        inner = inner.child
    return inner if isinstance(inner, LeafMatcher | ListMatcher) else None


def without_deletions(matcher: Matcher) -> Matcher:
    """A term's matcher without the filter of the segment's deleted documents.

    Whoosh wraps a term's postings in a segment with deletions in a
    `FilterMatcher` (under the boost's `WrappingMatcher`, if any), which costs
    several Python calls per posting; a matcher that skips deleted documents
    itself, once per document, reads the postings bare.
    """
    if type(matcher) is FilterMatcher:
        return matcher.child
    if type(matcher) is WrappingMatcher and type(matcher.child) is FilterMatcher:
        return WrappingMatcher(matcher.child.child, boost=matcher.boost)
    return matcher


def in_order(first: Matcher, second: Matcher, slop: int) -> bool:
    """Whether the current document holds the second word 1 to `slop` positions after the first."""
    after = list(second.value_as("positions"))
    for position in first.value_as("positions"):
        found = bisect_right(after, position)
        if found < len(after) and after[found] <= position + slop:
            return True
    return False


class LazyPair(Lazy):
    """Two words in this order, the second 1 to `slop` positions after the first.

    Scores as Whoosh's phrase query of two words does (the sum of the two
    words' scores, times the boost), but reads the positions of the document
    asked about only: the phrase matcher finds the next document holding the
    phrase, decoding the positions of every document holding both words.
    """

    def __init__(self, first: Matcher, second: Matcher, slop: int, boost: float) -> None:
        self.first = first
        self.second = second
        self.slop = slop
        self.boost = boost
        self.ceiling = (ceiling_of(first) + ceiling_of(second)) * boost

    def score_at(self, docnum: int) -> float:
        first, second = self.first, self.second
        for matcher in (first, second):
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active() or matcher.id() != docnum:
                return 0.0
        if not in_order(first, second, self.slop):
            return 0.0
        return float((first.score() + second.score()) * self.boost)

    def reset(self) -> None:
        self.first.reset()
        self.second.reset()

    def copy(self, leaves: Sequence[Leaf]) -> LazyPair:
        return LazyPair(self.first.copy(), self.second.copy(), self.slop, self.boost)


class LinkedPair(Lazy):
    """A `LazyPair` whose words are term leaves of the coordination matcher.

    Their postings are on the document being scored whenever both words are,
    so nothing is skipped or read twice, and the words' own scores bound the
    pair's before any position is read.
    """

    def __init__(
        self, leaves: Sequence[Leaf], first: int, second: int, slop: int, boost: float
    ) -> None:
        self.numbers = (first, second)
        self.first = posting_leaf(leaves[first][0])
        self.second = posting_leaf(leaves[second][0])
        self.slop = slop
        self.boost = boost
        self.ceiling = math.inf
        if self.first is not None and self.second is not None:
            self.ceiling = (ceiling_of(self.first) + ceiling_of(self.second)) * boost

    def _both_on(self, docnum: int) -> bool:
        first, second = self.first, self.second
        return (
            first is not None and second is not None
            and first.is_active() and first.id() == docnum
            and second.is_active() and second.id() == docnum
        )

    def bound_at(self, docnum: int) -> float:
        if not self._both_on(docnum):
            return 0.0
        assert self.first is not None and self.second is not None
        return float((self.first.score() + self.second.score()) * self.boost)

    def score_at(self, docnum: int) -> float:
        if not self._both_on(docnum):
            return 0.0
        assert self.first is not None and self.second is not None
        if not in_order(self.first, self.second, self.slop):
            return 0.0
        return float((self.first.score() + self.second.score()) * self.boost)

    def reset(self) -> None:
        """Nothing: the leaves are reset with the coordination matcher."""

    def copy(self, leaves: Sequence[Leaf]) -> LinkedPair:
        return LinkedPair(leaves, *self.numbers, self.slop, self.boost)


def lazy_query(
    query: wq.Query,
    searcher: Searcher,
    context: Any,
    leaves: Sequence[Leaf],
    term_leaves: dict[tuple[str, str], int],
) -> Lazy | None:
    """`query` scored lazily (None: it matches nothing in this index).

    It is read only at documents the coordinated OR scores, never deleted
    ones, so its terms read their postings without the deletions' filter.
    """
    if type(query) is wq.Phrase and len(query.words) == 2 and query.slop >= 1:
        numbers = [term_leaves.get((query.fieldname, word)) for word in query.words]
        if numbers[0] is not None and numbers[1] is not None:
            return LinkedPair(leaves, numbers[0], numbers[1], query.slop, query.boost)
        first, second = (
            without_deletions(wq.Term(query.fieldname, word).matcher(searcher, context))
            for word in query.words
        )
        if not (first.is_active() and second.is_active()):
            return None
        return LazyPair(first, second, query.slop, query.boost)
    matcher = query.matcher(searcher, context)
    if type(query) is wq.Term:
        matcher = without_deletions(matcher)
    return LazyMatcher(matcher) if matcher.is_active() else None
