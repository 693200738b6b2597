"""Coordination: an OR whose score grows with the share of query words matched.

A forgiving query must return articles holding only some of its words, yet
rank an article holding all of them first. Whoosh's own coordination
(``OrGroup.factory``) scores 0.0 when a one-word query matches in one field,
and an extra boosted AND of all words reads every posting list twice. This
query walks its members once: each document's score is the sum of the members
it matches, times ``1 + coordination * (matched words / all words) ** power``.

Members carry a word count: a query word counts 1, an acronym that stands for
three query words counts 3 (so `Menlu` satisfies "menteri luar negeri"), and a
proximity bonus counts 0 (it adds score, not coverage). A bonus never matches
a document by itself (its words are members too), and `optional` queries (a
statement's stop words) add to a match's score outside coordination; neither
is read while walking the matches, only when a document that could enter the
top results is scored (see `CoordinationMatcher`).

With ``by_rarity`` a word's part of the query is its rarity (the inverse
document frequency of its rarest term) instead of one: an article holding the
rare words of a question covers more of it than one holding its common words,
and a word the index never saw does not count against anyone.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import (
    LeafMatcher,
    ListMatcher,
    Matcher,
    NoQualityAvailable,
    WrappingMatcher,
)
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
        optional: Sequence[wq.Query] = (),
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
        self.optional = list(optional)

    def __repr__(self) -> str:
        return (
            f"CoordinatedOr({self.members!r}, {self.counts!r}, words={self.words}, "
            f"coordination={self.coordination}, power={self.power}, boost={self.boost}, "
            f"by_rarity={self.by_rarity}, optional={self.optional!r})"
        )

    def with_optional(self, optional: Sequence[wq.Query]) -> CoordinatedOr:
        """This query, its matches raised by `optional` where they match too (AND MAYBE)."""
        return CoordinatedOr(
            self.members, self.counts, self.words, self.coordination, self.power, self.boost,
            self.by_rarity, [*self.optional, *optional],
        )

    def __unicode__(self) -> str:
        text = "(" + " cOR ".join(str(member) for member in self.members) + ")"
        if self.optional:
            text += " ANDMAYBE (" + " OR ".join(str(query) for query in self.optional) + ")"
        return text

    __str__ = __unicode__

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CoordinatedOr)
            and self.members == other.members
            and self.counts == other.counts
            and self.words == other.words
            and (self.coordination, self.power, self.boost, self.by_rarity)
            == (other.coordination, other.power, other.boost, other.by_rarity)
            and self.optional == other.optional
        )

    def __hash__(self) -> int:
        return hash(
            (tuple(self.members), tuple(self.counts), self.coordination, self.power, self.by_rarity,
             tuple(self.optional))
        )

    def is_leaf(self) -> bool:
        return False

    def children(self) -> Iterator[wq.Query]:
        return iter([*self.members, *self.optional])

    def apply(self, fn: Callable[[wq.Query], wq.Query]) -> CoordinatedOr:
        return CoordinatedOr(
            [fn(member) for member in self.members], self.counts, self.words,
            self.coordination, self.power, self.boost, self.by_rarity,
            [fn(query) for query in self.optional],
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
        optional = [
            normal for query in self.optional if (normal := query.normalize()) is not wq.NullQuery
        ]
        return CoordinatedOr(
            list(members), list(counts), self.words, self.coordination, self.power, self.boost,
            self.by_rarity, optional,
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
        bonus_queries: list[wq.Query] = []
        # Term leaves by (field, text): a bonus pair reads its words' postings there.
        term_leaves: dict[tuple[str, str], int] = {}
        # Bonuses are looked up lazily only beside members that match on their own.
        lazy_bonuses = any(self.counts)
        for group, (member, count) in enumerate(zip(self.members, self.counts, strict=True)):
            for alternative in _alternatives(member):
                if lazy_bonuses and not count:
                    bonus_queries.append(alternative)
                    continue
                matcher = _matcher(alternative, searcher, context)
                if matcher.is_active():
                    if type(alternative) is wq.Term and _leaf_of(matcher) is not None:
                        key = (alternative.fieldname, alternative.text)
                        term_leaves.setdefault(key, len(leaves))
                    leaves.append((matcher, group, _ceiling(matcher)))
        bonuses = [
            bonus
            for query in bonus_queries
            if (bonus := _lazy(query, searcher, context, leaves, term_leaves)) is not None
        ]
        optional = [
            lazy
            for query in self.optional
            for alternative in _alternatives(query)
            if (lazy := _lazy(alternative, searcher, context, leaves, {})) is not None
        ]
        counts: Sequence[float] = self.counts
        words: float = self.words
        if self.by_rarity and self.coordination:
            counts, words = rarity_counts(
                [rarity(member, searcher) for member in self.members], self.counts, self.words
            )
        return CoordinationMatcher(
            leaves, counts, words, self.coordination, self.power, self.boost, bonuses, optional
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
    from the term's highest frequency and shortest field (read from disk or,
    for a short list, kept in memory); phrases and other matchers report no
    usable bound.
    """
    if isinstance(matcher, PhraseMatcher):
        return matcher.ceiling
    inner = _leaf_of(matcher)
    if inner is None or not inner.supports_block_quality():
        return math.inf
    try:
        return float(matcher.max_quality())
    except (NoQualityAvailable, NotImplementedError):
        return math.inf


class _Lazy:
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

    def copy(self, leaves: Sequence[_Leaf]) -> _Lazy:
        """A copy over `leaves`, the copied leaves of the coordination matcher."""
        raise NotImplementedError


class _LazyMatcher(_Lazy):
    """Any matcher, skipped to the document asked about."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.ceiling = _ceiling(matcher)

    def score_at(self, docnum: int) -> float:
        matcher = self.matcher
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            return float(matcher.score())
        return 0.0

    def reset(self) -> None:
        self.matcher.reset()

    def copy(self, leaves: Sequence[_Leaf]) -> _LazyMatcher:
        return _LazyMatcher(self.matcher.copy())


def _matcher(query: wq.Query, searcher: Searcher, context: Any) -> Matcher:
    """`query`'s matcher; a phrase's is a `PhraseMatcher`."""
    if (
        type(query) is wq.Phrase
        and len(query.words) > 1
        and query.fieldname in searcher.schema
        and searcher.schema[query.fieldname].format.supports("positions")
    ):
        words = [wq.Term(query.fieldname, word).matcher(searcher, context) for word in query.words]
        return PhraseMatcher(words, query.slop, query.boost)
    return query.matcher(searcher, context)


def _tree_sum(scores: Sequence[float]) -> float:
    """`scores` summed in the order of Whoosh's binary tree of intersections."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])


def _in_sequence(positions: Sequence[Sequence[int]], slop: int) -> bool:
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


class PhraseMatcher(Matcher):  # type: ignore[misc]
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
        self.ceiling = sum(_ceiling(word) for word in self._words) * boost
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
                if _in_sequence(positions, self._slop):
                    self._id = target
                    return
                words[0].next()

    def is_active(self) -> bool:
        return self._id is not None

    def id(self) -> int:
        if self._id is None:
            raise ValueError("matcher is exhausted")
        return self._id

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
        return float(_tree_sum([word.score() for word in self._words]) * self._boost)

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


def _leaf_of(matcher: Matcher) -> Matcher | None:
    """The posting matcher under a (possibly boosted) term's matcher, or None."""
    inner = matcher.child if type(matcher) is WrappingMatcher else matcher
    return inner if isinstance(inner, LeafMatcher | ListMatcher) else None


def _in_order(first: Matcher, second: Matcher, slop: int) -> bool:
    """Whether the current document holds the second word 1 to `slop` positions after the first."""
    after = list(second.value_as("positions"))
    for position in first.value_as("positions"):
        found = bisect_right(after, position)
        if found < len(after) and after[found] <= position + slop:
            return True
    return False


class _LazyPair(_Lazy):
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
        self.ceiling = (_ceiling(first) + _ceiling(second)) * boost

    def score_at(self, docnum: int) -> float:
        first, second = self.first, self.second
        for matcher in (first, second):
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active() or matcher.id() != docnum:
                return 0.0
        if not _in_order(first, second, self.slop):
            return 0.0
        return float((first.score() + second.score()) * self.boost)

    def reset(self) -> None:
        self.first.reset()
        self.second.reset()

    def copy(self, leaves: Sequence[_Leaf]) -> _LazyPair:
        return _LazyPair(self.first.copy(), self.second.copy(), self.slop, self.boost)


class _LinkedPair(_Lazy):
    """A `_LazyPair` whose words are term leaves of the coordination matcher.

    Their postings are on the document being scored whenever both words are,
    so nothing is skipped or read twice, and the words' own scores bound the
    pair's before any position is read.
    """

    def __init__(
        self, leaves: Sequence[_Leaf], first: int, second: int, slop: int, boost: float
    ) -> None:
        self.numbers = (first, second)
        self.first = _leaf_of(leaves[first][0])
        self.second = _leaf_of(leaves[second][0])
        self.slop = slop
        self.boost = boost
        self.ceiling = math.inf
        if self.first is not None and self.second is not None:
            self.ceiling = (_ceiling(self.first) + _ceiling(self.second)) * boost

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
        if not _in_order(self.first, self.second, self.slop):
            return 0.0
        return float((self.first.score() + self.second.score()) * self.boost)

    def reset(self) -> None:
        """Nothing: the leaves are reset with the coordination matcher."""

    def copy(self, leaves: Sequence[_Leaf]) -> _LinkedPair:
        return _LinkedPair(leaves, *self.numbers, self.slop, self.boost)


def _lazy(
    query: wq.Query,
    searcher: Searcher,
    context: Any,
    leaves: Sequence[_Leaf],
    term_leaves: dict[tuple[str, str], int],
) -> _Lazy | None:
    """`query` scored lazily (None: it matches nothing in this index)."""
    if type(query) is wq.Phrase and len(query.words) == 2 and query.slop >= 1:
        numbers = [term_leaves.get((query.fieldname, word)) for word in query.words]
        if numbers[0] is not None and numbers[1] is not None:
            return _LinkedPair(leaves, numbers[0], numbers[1], query.slop, query.boost)
        first, second = (
            wq.Term(query.fieldname, word).matcher(searcher, context) for word in query.words
        )
        if not (first.is_active() and second.is_active()):
            return None
        return _LazyPair(first, second, query.slop, query.boost)
    matcher = query.matcher(searcher, context)
    return _LazyMatcher(matcher) if matcher.is_active() else None


class CoordinationMatcher(Matcher):  # type: ignore[misc]
    """Walks the postings of every member's leaves together.

    Every matching document is visited, so the number of matches stays exact;
    but once the collector knows the lowest score that still enters the top
    results (`replace(minquality)`), a document whose leaves' bounds cannot
    reach it is not scored: it gets 0.0 and is passed over like any other
    document below that score. Bonuses (coordinated) and optional queries
    (added after coordination) are read only for a document whose score so far
    plus their bounds can still reach that score; below it, the document keeps
    the score of its members alone.
    """

    def __init__(
        self,
        leaves: Sequence[_Leaf],
        counts: Sequence[float],
        words: float,
        coordination: float,
        power: float,
        boost: float,
        bonuses: Sequence[_Lazy] = (),
        optional: Sequence[_Lazy] = (),
    ) -> None:
        self._bonuses = list(bonuses)
        self._optional = list(optional)
        self._lazy = bool(self._bonuses or self._optional)
        self._linked = [bonus for bonus in self._bonuses if isinstance(bonus, _LinkedPair)]
        # What the bonuses other than linked pairs can add at the most.
        self._loose_bonus_ceiling = sum(
            bonus.ceiling for bonus in self._bonuses if not isinstance(bonus, _LinkedPair)
        )
        self._optional_ceiling = sum(query.ceiling for query in self._optional)
        self._leaves = list(leaves)
        self._counts = list(counts)
        self._words = words
        self._coordination = coordination
        self._power = power
        self._boost = boost
        # The largest factor coordination can apply: every word covered.
        self._most = (1.0 + max(0.0, coordination)) * boost
        # What the lazy queries but linked pairs can add to a document's score at the most.
        self._loose_ceiling = self._loose_bonus_ceiling * self._most + self._optional_ceiling
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
        threshold = self._threshold
        linked: list[_LinkedPair] = []
        if len(at) == 1:
            matcher, group, ceiling = at[0]
            # A linked pair needs two leaves on the document.
            if threshold > 0 and ceiling * self._most + self._loose_ceiling < threshold:
                return 0.0
            total = matcher.score()
            covered = self._counts[group]
        else:
            ceilings = sum(leaf[2] for leaf in at)
            if self._linked:
                on = self._on
                linked = [
                    pair for pair in self._linked
                    if pair.numbers[0] in on and pair.numbers[1] in on
                ]
                ceilings += sum(pair.ceiling for pair in linked)
            if threshold > 0 and ceilings * self._most + self._loose_ceiling < threshold:
                return 0.0
            total = sum(leaf[0].score() for leaf in at)
            counts = self._counts
            covered = sum(counts[group] for group in {leaf[1] for leaf in at})
        if not self._lazy:
            return self._coordinated(total, covered)
        factor = self._factor(covered)
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
        )

    def supports_block_quality(self) -> bool:
        return False

    def supports(self, astype: str) -> bool:
        return all(leaf[0].supports(astype) for leaf in self._at)

    def value(self) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")

    def value_as(self, astype: str) -> Any:
        raise NotImplementedError("a coordinated OR has no single posting value")
