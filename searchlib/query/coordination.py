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

import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import Matcher
from whoosh.query.compound import DefaultOr
from whoosh.searching import Searcher

from searchlib.query.lazy import Leaf, ceiling_of, lazy_query, matcher_for, posting_leaf
from searchlib.query.walk import CoordinationMatcher

__all__ = ["CoordinatedOr", "CoordinationMatcher", "rarity", "rarity_counts"]


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
        self._rarity_memo: tuple[weakref.ref[Searcher], list[float], float] | None = None

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
        leaves: list[Leaf] = []
        bonus_queries: list[wq.Query] = []
        # Term leaves by (field, text): a bonus pair reads its words' postings there.
        term_leaves: dict[tuple[str, str], int] = {}
        # Bonuses are looked up lazily only beside members that match on their own.
        lazy_bonuses = any(self.counts)
        reader = searcher.reader()
        # The walk passes over deleted documents itself (see `CoordinationMatcher`).
        deleted: frozenset[int] = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        for group, (member, count) in enumerate(zip(self.members, self.counts, strict=True)):
            for alternative in _alternatives(member):
                if lazy_bonuses and not count:
                    bonus_queries.append(alternative)
                    continue
                matcher = matcher_for(alternative, searcher, context, with_deleted=bool(deleted))
                if matcher.is_active():
                    if type(alternative) is wq.Term and posting_leaf(matcher) is not None:
                        key = (alternative.fieldname, alternative.text)
                        term_leaves.setdefault(key, len(leaves))
                    leaves.append((matcher, group, ceiling_of(matcher)))
        bonuses = [
            bonus
            for query in bonus_queries
            if (bonus := lazy_query(query, searcher, context, leaves, term_leaves)) is not None
        ]
        optional = [
            lazy
            for query in self.optional
            for alternative in _alternatives(query)
            if (lazy := lazy_query(alternative, searcher, context, leaves, {})) is not None
        ]
        counts: Sequence[float] = self.counts
        words: float = self.words
        if self.by_rarity and self.coordination:
            counts, words = self._rarity_counts(searcher)
        return CoordinationMatcher(
            leaves, counts, words, self.coordination, self.power, self.boost, bonuses, optional,
            deleted,
        )

    def _rarity_counts(self, searcher: Searcher) -> tuple[list[float], float]:
        """The members' counts weighed by rarity, worked out once per search.

        Rarity is asked of the whole index, so every segment's matcher would
        look each term up in every segment again; the searcher of the whole
        index (a point-in-time view) is remembered weakly with the answer.
        """
        parent = searcher.get_parent()
        memo = self._rarity_memo
        if memo is not None and memo[0]() is parent:
            return memo[1], memo[2]
        counts, words = rarity_counts(
            [rarity(member, searcher) for member in self.members], self.counts, self.words
        )
        self._rarity_memo = (weakref.ref(parent), counts, words)
        return counts, words


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


def _alternatives(query: wq.Query) -> list[wq.Query]:
    """The leaves of a member's plain ORs: each is walked directly, not through a union tree.

    Whoosh would walk an OR of one word's fields as a tree of two-way unions,
    several Python calls per document and level; the leaves' scores are summed
    all the same, so the coordination matcher can walk them itself.
    """
    if type(query) in (wq.Or, DefaultOr) and query.boost == 1.0 and query.scale is None:
        return [leaf for child in query.subqueries for leaf in _alternatives(child)]
    return [query]
