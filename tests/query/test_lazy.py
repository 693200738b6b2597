"""The matchers the coordinated OR reads beside its members' postings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

from searchlib.query.lazy import PhraseMatcher, in_sequence


@pytest.fixture(scope="module")
def phrase_index() -> Iterator[Index]:
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT))
    with ix.writer() as writer:
        for number, text in enumerate(["komisi pemberantasan korupsi", "komisi", "x"] * 5):
            writer.add_document(id=str(number), body=text)
    yield ix


def test_words_follow_each_other_within_the_slop() -> None:
    assert in_sequence([[0], [1], [2]], 1)
    assert not in_sequence([[0], [2], [3]], 1)
    assert in_sequence([[0], [2], [3]], 2)
    assert not in_sequence([[3], [2]], 5)  # in order only
    assert not in_sequence([[4], [4]], 1)  # the same position is no neighbour
    assert in_sequence([[0, 10], [2, 11], [12]], 1)  # one chain suffices


def test_a_phrase_member_is_found_after_a_skip(phrase_index: Index) -> None:
    phrase = wq.Phrase("body", ["komisi", "pemberantasan", "korupsi"])
    with phrase_index.searcher() as searcher:
        expected = list(phrase.matcher(searcher).all_ids())
        words = [wq.Term("body", w).matcher(searcher) for w in phrase.words]
        matcher = PhraseMatcher(words, 1, 1.0)
        matcher.skip_to(expected[1])
        assert matcher.id() == expected[1]
        seen = []
        while matcher.is_active():
            seen.append(matcher.id())
            matcher.next()
        assert seen == expected[1:]
