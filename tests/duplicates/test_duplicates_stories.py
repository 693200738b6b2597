"""Stories: syndicated copies grouped, different stories kept apart, kept right incrementally."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from record_corpus import excerpt_records, syndicated_copy

from searchlib.duplicates import (
    MemorySignatures,
    Signature,
    StoryGraph,
    article_signature,
    near_duplicates,
    signature_of_words,
    text_words,
)
from searchlib.duplicates.signature import SKETCH_SIZE
from searchlib.duplicates.stories import MAX_COMPARED
from searchlib.ingest import Article, ingest
from searchlib.ingest.records import record_to_article

TRANSPORT = 0  # excerpt record: 9 paragraphs on taxi and ride-hailing rules


def signature_of(record: dict[str, Any]) -> Signature:
    return article_signature(record_to_article(record, source_path="x.jsonl"))


@pytest.fixture(scope="module")
def original() -> dict[str, Any]:
    return excerpt_records()[TRANSPORT]


@pytest.fixture(scope="module")
def copies(original: dict[str, Any]) -> list[dict[str, Any]]:
    return [syndicated_copy(original, number) for number in range(6)]


def graph_of(records: Iterable[dict[str, Any]]) -> StoryGraph:
    """A story graph that has taken in `records` in order."""
    graph = StoryGraph()
    for record in records:
        graph.add(record["id"], signature_of(record))
    return graph


def test_every_hand_made_copy_resembles_the_original(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    for copy in copies:
        assert near_duplicates(signature_of(original), signature_of(copy)), copy["id"]


def test_an_original_and_five_copies_are_one_story(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    graph = graph_of((original, *copies[:5]))
    stories = set(graph.story_ids().values())
    assert len(stories) == 1
    assert graph.members(stories.pop()) == {r["id"] for r in (original, *copies[:5])}


def test_the_forty_excerpt_articles_are_forty_stories() -> None:
    # Among them two Arema FC stories (a transfer, a match report).
    graph = graph_of(excerpt_records())
    assert len(set(graph.story_ids().values())) == 40


def test_the_five_seed_articles_on_one_event_are_five_stories(seeds_dir: Any) -> None:
    articles = [event for event in ingest([seeds_dir]) if isinstance(event, Article)]
    graph = StoryGraph()
    for article in articles:
        graph.add(article.id, article_signature(article))
    assert len(articles) == 5
    assert len(set(graph.story_ids().values())) == 5


def test_a_copy_added_later_joins_the_story(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    graph = graph_of((original, *copies[:5]))
    story = graph.story_of(original["id"])
    change = graph.add(copies[5]["id"], signature_of(copies[5]))
    assert change.story == story and not change.relabelled
    assert len(graph.members(story or "")) == 7


def test_removing_any_member_keeps_the_rest_together(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    graph = graph_of((original, *copies[:5]))
    story = graph.story_of(original["id"])
    change = graph.remove(original["id"])
    assert change.story is None and not change.relabelled
    assert graph.story_of(original["id"]) is None
    assert graph.members(story or "") == {copy["id"] for copy in copies[:5]}


BRIDGE = [f"kata{number}" for number in range(60)]


def bridged() -> tuple[StoryGraph, Signature]:
    """Two trimmed versions that do not resemble each other, and the full text
    that both resemble: one story through the full text."""
    full = signature_of_words(BRIDGE)
    graph = StoryGraph()
    graph.add("head", signature_of_words(BRIDGE[:40]))
    graph.add("tail", signature_of_words(BRIDGE[20:]))
    return graph, full


def test_an_article_resembling_two_stories_joins_them_into_one() -> None:
    graph, full = bridged()
    assert graph.story_of("head") != graph.story_of("tail")
    change = graph.add("full", full)
    assert graph.story_of("head") == graph.story_of("tail") == change.story
    assert len(change.relabelled) == 1  # one of the two trimmed versions changed story


def test_removing_the_bridge_splits_the_story_and_no_story_is_left_empty() -> None:
    graph, full = bridged()
    graph.add("full", full)
    story = graph.story_of("full")
    change = graph.remove("full")
    assert graph.story_of("head") != graph.story_of("tail")
    assert story in (graph.story_of("head"), graph.story_of("tail"))  # the larger part keeps it
    assert len(change.relabelled) == 1
    graph.remove("head")
    graph.remove("tail")
    assert list(graph.stories()) == []


def test_a_changed_article_leaves_the_story_it_no_longer_resembles(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    graph = StoryGraph()
    graph.add(original["id"], signature_of(original))
    graph.add(copies[0]["id"], signature_of(copies[0]))
    rewritten = {**copies[0], "text": excerpt_records()[30]["text"]}
    change = graph.add(copies[0]["id"], signature_of(rewritten))
    assert change.story != graph.story_of(original["id"])
    assert graph.members(graph.story_of(original["id"]) or "") == {original["id"]}


def test_story_ids_are_never_article_ids(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    graph = graph_of((original, *copies))
    assert not set(graph.story_ids().values()) & set(graph.story_ids())


def test_one_line_bodies_never_link() -> None:
    line = text_words(["Simak videonya di bawah ini."])
    graph = StoryGraph()
    graph.add("video-1", signature_of_words(line))
    graph.add("video-2", signature_of_words(line))
    assert graph.story_of("video-1") != graph.story_of("video-2")


def test_loaded_articles_are_found_by_later_ones(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    graph = StoryGraph()
    graph.load(original["id"], "s-from-the-index", signature_of(original))
    assert graph.add(copies[0]["id"], signature_of(copies[0])).story == "s-from-the-index"


class DiskSignatures:
    """Signatures of loaded articles served from elsewhere (as an index does), new ones kept."""

    def __init__(self, disk: dict[str, Signature]) -> None:
        self.disk = disk
        self.pending: dict[str, Signature] = {}
        self.reads: list[str] = []

    def __getitem__(self, article_id: str) -> Signature:
        self.reads.append(article_id)
        return self.pending.get(article_id) or self.disk[article_id]

    def added(self, article_id: str, signature: Signature) -> None:
        self.pending[article_id] = signature

    def loaded(self, article_id: str, signature: Signature) -> None:
        pass

    def removed(self, article_id: str) -> None:
        self.pending.pop(article_id, None)


def test_the_graph_reads_signatures_from_its_store_when_it_compares(
    original: dict[str, Any], copies: list[dict[str, Any]]
) -> None:
    store = DiskSignatures({original["id"]: signature_of(original)})
    graph = StoryGraph(signatures=store)
    graph.load(original["id"], "s-on-disk", signature_of(original))
    change = graph.add(copies[1]["id"], signature_of(copies[1]))
    assert change.story == "s-on-disk"
    assert store.reads == [original["id"]]
    assert set(store.pending) == {copies[1]["id"]}
    graph.remove(copies[1]["id"])
    assert not store.pending


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(9)), st.lists(st.integers(0, 8), max_size=3, unique=True))
def test_stories_do_not_depend_on_the_order_of_additions_and_removals(
    order: list[int], removed: list[int]
) -> None:
    # Three trimmed versions of the bridge text, three copies of an excerpt
    # article, three different articles.
    texts = [BRIDGE[:40], BRIDGE[20:], BRIDGE]
    records = excerpt_records()
    copies = [syndicated_copy(records[TRANSPORT], n) for n in (0, 1, 3)]
    others = [records[n] for n in (5, 11, 30)]
    texts += [text_words(record["text"].split("\n\n")) for record in copies + others]
    signatures = {f"a{number}": signature_of_words(words) for number, words in enumerate(texts)}

    def partition(graph: StoryGraph) -> set[frozenset[str]]:
        return set(graph.stories())

    reference = StoryGraph()
    for name in sorted(signatures):
        if int(name[1:]) not in removed:
            reference.add(name, signatures[name])
    shuffled = StoryGraph()
    for number in order:
        shuffled.add(f"a{number}", signatures[f"a{number}"])
    for number in removed:
        shuffled.remove(f"a{number}")
    assert partition(shuffled) == partition(reference)


class CountingSignatures(MemorySignatures):
    """Memory signatures that count how many are read for comparing."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def __getitem__(self, article_id: str) -> Signature:
        self.reads += 1
        return super().__getitem__(article_id)


def test_a_text_sharing_keys_with_many_others_is_compared_with_the_closest_only() -> None:
    """Boilerplate-like overlap: 5 * MAX_COMPARED articles share one lookup key each
    with the new text, one shares them all; the copy is found, and no more than
    MAX_COMPARED signatures are read."""
    text = Signature(200, tuple(range(0, 2 * SKETCH_SIZE, 2)))
    store = CountingSignatures()
    graph = StoryGraph(signatures=store)
    keys = text.lookup_keys()
    for number in range(5 * MAX_COMPARED):
        # One key of the text, then hashes of its own above all of the text's.
        own = tuple(range(10_000 + number * SKETCH_SIZE, 10_000 + (number + 1) * SKETCH_SIZE - 1))
        graph.add(f"other{number:03d}", Signature(200, (keys[number % len(keys)], *own)))
    graph.add("copy", Signature(200, text.sketch))
    store.reads = 0
    change = graph.add("new", text)
    assert change.story == graph.story_of("copy")
    assert 1 <= store.reads <= MAX_COMPARED
