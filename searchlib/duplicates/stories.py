"""Stories: groups of articles that are near-duplicates of each other, kept up to date.

Two articles are *linked* when they share a signature key and their estimated
resemblance reaches the threshold (:func:`near_duplicates`). A story is a
connected component of that graph: a syndicated copy joins the story of the
article it copies, and a copy that links two stories (a full version between
two differently trimmed ones) joins them into one.

`StoryGraph` keeps this true as articles come and go, so an index never needs
a rebuild for it, and what it holds never depends on the order articles
arrived in:

- adding an article links it to its near-duplicates; it takes their story,
  and where they belong to several stories these become one (the largest
  keeps its id, the others' members are relabelled);
- removing an article re-checks the rest of its story: if they no longer hang
  together, the largest part keeps the story id and every other part gets a
  story of its own (relabelled); a story whose last member goes is gone, so
  no story id ever names an empty story;
- a changed article is removed and added again, so it leaves a story it no
  longer resembles and joins the one it now does.

Story ids are opaque ("s" and 16 hex digits, derived from the id of the
article that started the story): they are never article ids, so removing
that article leaves nothing pointing at it. Each change returns the articles
whose story id changed, for the index to rewrite.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from searchlib.duplicates.signature import Signature, resemblance

# Estimated resemblance (Jaccard of the word 3-shingles) at or above which two
# articles are copies of one story. On the tuning half of the labelled set
# (benchmarks/bench_duplicates.py --tune, docs/duplicates.md) the lowest true
# pair is at 0.537 and the highest pair of different stories at 0.287: this is
# the midpoint, about three standard errors of the estimate from either.
NEAR_DUPLICATE_RESEMBLANCE = 0.41
# Texts with fewer distinct shingles than this (about a dozen words besides
# stop words) never link: a one-line body ("Simak videonya di bawah ini") is
# shared by unrelated pages of an outlet and says nothing about the story.
MIN_SHINGLES = 10
# Candidates compared with a new text at most: those sharing the most lookup
# keys with it (a copy shares most of its keys with what it copies). Real news
# gives a text a handful of candidates; a text whose keys many others share
# (boilerplate, or a corpus recombined from a few thousand articles'
# paragraphs: about 290 candidates each at 100k) is compared with the closest
# only, so placing an article costs a bounded number of comparisons.
MAX_COMPARED = 32


def near_duplicates(
    first: Signature, second: Signature, threshold: float = NEAR_DUPLICATE_RESEMBLANCE
) -> bool:
    """Whether two signatures are of copies of one text."""
    if first.shingles < MIN_SHINGLES or second.shingles < MIN_SHINGLES:
        return False
    return resemblance(first, second) >= threshold


def story_id_for(article_id: str, attempt: int = 0) -> str:
    """The id of a story started by `article_id` (another for each `attempt`)."""
    seed = article_id if attempt == 0 else f"{article_id}\x00{attempt}"
    return "s" + hashlib.blake2b(seed.encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class StoryChange:
    """What one addition or removal did: the story the article is now in (None
    when removed) and the other articles whose story id changed."""

    article_id: str
    story: str | None
    relabelled: dict[str, str] = field(default_factory=dict)


class SignatureStore(Protocol):
    """Where a `StoryGraph` keeps the signatures it compares.

    The graph itself keeps only each article's story and lookup keys; an index
    can hand out the signatures of articles it already holds from disk and keep
    in memory only those it has not written yet.
    """

    def __getitem__(self, article_id: str) -> Signature: ...

    def added(self, article_id: str, signature: Signature) -> None:
        """A new or changed article's signature."""

    def loaded(self, article_id: str, signature: Signature) -> None:
        """The signature of an article taken in as the index holds it."""

    def removed(self, article_id: str) -> None:
        """The article is gone."""


class MemorySignatures:
    """A `SignatureStore` that keeps every signature in memory."""

    def __init__(self) -> None:
        self._signatures: dict[str, Signature] = {}

    def __getitem__(self, article_id: str) -> Signature:
        return self._signatures[article_id]

    def added(self, article_id: str, signature: Signature) -> None:
        self._signatures[article_id] = signature

    loaded = added

    def removed(self, article_id: str) -> None:
        self._signatures.pop(article_id, None)


class StoryGraph:
    """The stories of a set of articles, changed one article at a time."""

    def __init__(
        self,
        threshold: float = NEAR_DUPLICATE_RESEMBLANCE,
        signatures: SignatureStore | None = None,
    ) -> None:
        self.threshold = threshold
        self._signatures = signatures if signatures is not None else MemorySignatures()
        self._story_of: dict[str, str] = {}
        # story -> its one article, or the set of them when it has several (most
        # stories have one: a bare string saves a set per article).
        self._members: dict[str, str | set[str]] = {}
        # key -> the article holding it, or a list when several do (most keys
        # belong to one article).
        self._by_key: dict[int, str | list[str]] = {}

    # -- reading ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._story_of)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._story_of

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def members(self, story: str) -> frozenset[str]:
        members = self._members.get(story)
        if members is None:
            return frozenset()
        return frozenset((members,)) if isinstance(members, str) else frozenset(members)

    def stories(self) -> Iterator[frozenset[str]]:
        """Every story's members."""
        for story in self._members:
            yield self.members(story)

    def story_ids(self) -> dict[str, str]:
        """Article id -> story id, for every article."""
        return dict(self._story_of)

    def near_duplicates_of(self, signature: Signature, exclude: str | None = None) -> list[str]:
        """The articles linked to a text of this signature, sorted by id."""
        if signature.shingles < MIN_SHINGLES:
            return []
        found = []
        for candidate in self._candidates(signature, exclude):
            if near_duplicates(signature, self._signatures[candidate], self.threshold):
                found.append(candidate)
        return sorted(found)

    # -- changing --------------------------------------------------------------

    def load(self, article_id: str, story: str, signature: Signature) -> None:
        """Take in an article as an index already holds it, story and all."""
        if article_id in self._story_of:
            self._forget(article_id)
        self._signatures.loaded(article_id, signature)
        self._remember(article_id, story, signature)

    def add(self, article_id: str, signature: Signature) -> StoryChange:
        """Add a new or changed article; its story, and the articles relabelled."""
        relabelled: dict[str, str] = {}
        if article_id in self._story_of:
            relabelled.update(self.remove(article_id).relabelled)
        stories = sorted(self._linked_stories(signature, exclude=article_id))
        if not stories:
            story = self._new_story_id(article_id)
        else:
            story = min(stories, key=lambda s: (-self._size(s), s))
            for other in stories:
                if other != story:
                    for member in sorted(self.members(other)):
                        relabelled[member] = story
                        self._relabel(member, story)
        self._signatures.added(article_id, signature)
        self._remember(article_id, story, signature)
        return StoryChange(article_id, story, relabelled)

    def remove(self, article_id: str) -> StoryChange:
        """Remove an article; the rest of its story is re-checked (see the module docstring)."""
        story = self._story_of.get(article_id)
        if story is None:
            return StoryChange(article_id, None)
        self._forget(article_id)
        self._signatures.removed(article_id)
        relabelled: dict[str, str] = {}
        remaining = self.members(story)
        if len(remaining) > 1:
            parts = self._components(set(remaining))
            parts.sort(key=lambda part: (-len(part), min(part)))
            for part in parts[1:]:
                new_story = self._new_story_id(min(part))
                for member in sorted(part):
                    relabelled[member] = new_story
                    self._relabel(member, new_story)
        return StoryChange(article_id, None, relabelled)

    # -- inside ----------------------------------------------------------------

    def _size(self, story: str) -> int:
        members = self._members[story]
        return 1 if isinstance(members, str) else len(members)

    def _linked_stories(self, signature: Signature, exclude: str) -> set[str]:
        """The stories holding a near-duplicate of a text of this signature.

        One link is enough to join a story, so once a story is linked its other
        candidates are not compared (nor their signatures read).
        """
        linked: set[str] = set()
        if signature.shingles < MIN_SHINGLES:
            return linked
        for candidate in self._candidates(signature, exclude):
            story = self._story_of[candidate]
            if story in linked:
                continue
            if near_duplicates(signature, self._signatures[candidate], self.threshold):
                linked.add(story)
        return linked

    def _candidates(self, signature: Signature, exclude: str | None) -> list[str]:
        """The articles sharing a lookup key with the text (but `exclude`): the
        `MAX_COMPARED` sharing the most keys (ties by id, so the choice never
        depends on order)."""
        shared: Counter[str] = Counter()
        by_key = self._by_key
        for key in signature.lookup_keys():
            holders = by_key.get(key)
            if holders is None:
                continue
            if isinstance(holders, str):
                shared[holders] += 1
            else:
                shared.update(holders)
        if exclude is not None:
            shared.pop(exclude, None)
        if len(shared) <= MAX_COMPARED:
            return sorted(shared)
        return heapq.nsmallest(MAX_COMPARED, shared, key=lambda held: (-shared[held], held))

    def _components(self, articles: set[str]) -> list[set[str]]:
        """The connected parts of `articles` under the near-duplicate links."""
        unvisited = set(articles)
        parts = []
        while unvisited:
            start = min(unvisited)
            unvisited.discard(start)
            part = {start}
            frontier = [start]
            while frontier:
                current = frontier.pop()
                for other in self.near_duplicates_of(self._signatures[current], exclude=current):
                    if other in unvisited:
                        unvisited.discard(other)
                        part.add(other)
                        frontier.append(other)
            parts.append(part)
        return parts

    def _new_story_id(self, article_id: str) -> str:
        attempt = 0
        while (story := story_id_for(article_id, attempt)) in self._members:
            attempt += 1
        return story

    def _join(self, article_id: str, story: str) -> None:
        self._story_of[article_id] = story
        members = self._members.get(story)
        if members is None:
            self._members[story] = article_id
        elif isinstance(members, str):
            self._members[story] = {members, article_id}
        else:
            members.add(article_id)

    def _leave(self, article_id: str) -> None:
        story = self._story_of.pop(article_id)
        members = self._members[story]
        if isinstance(members, str):
            del self._members[story]
            return
        members.discard(article_id)
        if len(members) == 1:
            self._members[story] = next(iter(members))

    def _remember(self, article_id: str, story: str, signature: Signature) -> None:
        self._join(article_id, story)
        by_key = self._by_key
        for key in signature.lookup_keys():
            holders = by_key.get(key)
            if holders is None:
                by_key[key] = article_id
            elif isinstance(holders, str):
                by_key[key] = [holders, article_id]
            else:
                holders.append(article_id)

    def _forget(self, article_id: str) -> None:
        signature = self._signatures[article_id]
        self._leave(article_id)
        by_key = self._by_key
        for key in signature.lookup_keys():
            holders = by_key.get(key)
            if holders == article_id:
                del by_key[key]
            elif isinstance(holders, list):
                holders.remove(article_id)
                if len(holders) == 1:
                    by_key[key] = holders[0]

    def _relabel(self, article_id: str, story: str) -> None:
        self._leave(article_id)
        self._join(article_id, story)


def group(signatures: Iterable[tuple[str, Signature]], threshold: float) -> StoryGraph:
    """The stories of a collection at once (for measuring thresholds)."""
    graph = StoryGraph(threshold)
    for article_id, signature in signatures:
        graph.add(article_id, signature)
    return graph
