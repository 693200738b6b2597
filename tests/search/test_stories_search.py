"""Stories in the index and in results: syndicated copies shown once, kept right incrementally.

The corpus is the shipped IndoSum excerpt plus hand-made syndicated copies of
its first article (record_corpus.syndicated_copy: other datelines, titles and
endings, "Baca juga" lines, swapped words, re-split paragraphs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from record_corpus import excerpt_records, syndicated_copy, write_jsonl

from searchlib import ArticleIndex

QUERY = "transportasi online tradisional"


@pytest.fixture(scope="module")
def original() -> dict[str, Any]:
    return excerpt_records()[0]


@pytest.fixture()
def corpus(tmp_path: Path, original: dict[str, Any]) -> Path:
    """The excerpt and four syndicated copies of its first article: five copies of one story."""
    copies = [syndicated_copy(original, number) for number in range(4)]
    return write_jsonl(tmp_path / "news.jsonl", excerpt_records() + copies)


@pytest.fixture()
def index(tmp_path: Path, corpus: Path) -> ArticleIndex:
    idx = ArticleIndex.create(tmp_path / "index")
    idx.add([corpus], jobs=1)
    return idx


def story_ids(original: dict[str, Any], copies: range) -> set[str]:
    return {original["id"]} | {syndicated_copy(original, n)["id"] for n in copies}


def test_five_copies_are_shown_once_with_four_listed(
    index: ArticleIndex, original: dict[str, Any]
) -> None:
    with index:
        results = index.search(QUERY)
    top = results.hits[0]
    assert {top.id, *(other.id for other in top.also_in)} == story_ids(original, range(4))
    assert len(top.also_in) == 4
    assert sum(hit.id in story_ids(original, range(4)) for hit in results) == 1
    assert results.stories == results.total - 4
    assert results.collapsed and top.story


def test_also_in_names_outlet_and_date_in_json(index: ArticleIndex) -> None:
    with index:
        data = index.search(QUERY).to_dict()
    first = data["hits"][0]
    assert {entry["outlet"] for entry in first["also_in"]} <= {
        "kumparan", "Republika", "SINDOnews", "Kompas", "Antara"
    }
    assert all(set(entry) == {"id", "outlet", "published"} for entry in first["also_in"])
    assert all(entry["published"].startswith("2017-03-28") for entry in first["also_in"])
    assert data["stories"] == data["total"] - 4


def test_no_collapse_shows_every_copy(index: ArticleIndex, original: dict[str, Any]) -> None:
    with index:
        results = index.search(QUERY, collapse=False)
    assert {hit.id for hit in results} >= story_ids(original, range(4))
    assert all(not hit.also_in for hit in results)
    assert not results.collapsed


def test_facets_count_articles_and_an_outlet_filter_finds_its_own_copy(
    index: ArticleIndex, original: dict[str, Any]
) -> None:
    with index:
        results = index.search(QUERY, facets=True)
        republika = index.search(QUERY, outlet="Republika")
    assert results.facets is not None
    assert sum(count.count for count in results.facets.outlets) == results.total
    assert [hit.id for hit in republika] == [syndicated_copy(original, 0)["id"]]
    assert republika.hits[0].also_in == ()


def test_pages_count_stories(index: ArticleIndex) -> None:
    with index:
        first = index.search("jakarta", limit=3)
        second = index.search("jakarta", limit=3, page=2)
    assert first.pages == -(-(first.stories or 0) // 3)
    assert not {hit.story for hit in first} & {hit.story for hit in second}


def test_a_sixth_copy_added_later_joins_the_story(
    index: ArticleIndex, original: dict[str, Any], tmp_path: Path
) -> None:
    later = write_jsonl(tmp_path / "later.jsonl", [syndicated_copy(original, 5)])
    with index:
        report = index.add([later], jobs=1)
        top = index.search(QUERY).hits[0]
        story = index.story(original["id"])
    assert report.added == 1
    assert len(top.also_in) == 5
    assert story is not None and len(story) == 6


def test_removing_the_best_ranked_copy_promotes_another(
    index: ArticleIndex, original: dict[str, Any]
) -> None:
    with index:
        best = index.search(QUERY).hits[0]
        assert index.remove([best.id]) == 1
        after = index.search(QUERY).hits[0]
    assert after.id != best.id
    assert after.id in story_ids(original, range(4))
    assert len(after.also_in) == 3
    assert after.story == best.story


def test_a_changed_copy_leaves_its_story_for_the_one_it_now_copies(
    index: ArticleIndex, original: dict[str, Any], tmp_path: Path
) -> None:
    # The SINDOnews copy's text is replaced by that of another excerpt article.
    other = excerpt_records()[30]
    rewritten = {**syndicated_copy(original, 1), "text": other["text"]}
    changed = write_jsonl(tmp_path / "changed.jsonl", [rewritten])
    with index:
        assert index.add([changed], jobs=1).updated == 1
        story = index.story(original["id"])
        now = index.story(rewritten["id"])
    assert story is not None and len(story) == 4
    assert rewritten["id"] not in {a.id for a in story.articles}
    assert now is not None and {a.id for a in now.articles} == {rewritten["id"], other["id"]}


def test_stories_survive_optimize(index: ArticleIndex, original: dict[str, Any]) -> None:
    with index:
        before = index.story(original["id"])
        index.optimize()
        after = index.story(original["id"])
        stories = index.stories()
    assert before == after
    assert [len(story) for story in stories] == [5]


def test_stats_count_stories(index: ArticleIndex) -> None:
    with index:
        stats = index.stats()
    assert (stats.stories, stats.syndicated_stories, stats.largest_story) == (40, 1, 5)


def test_an_index_without_stories_lists_every_article(tmp_path: Path, corpus: Path) -> None:
    with ArticleIndex.create(tmp_path / "plain", stories=False) as idx:
        idx.add([corpus], jobs=1)
        results = idx.search(QUERY)
        stats = idx.stats()
    assert not results.collapsed and results.stories is None
    assert sum(hit.id.startswith(excerpt_records()[0]["id"]) for hit in results) == 5
    assert stats.stories is None


def test_similar_leaves_out_the_articles_own_story(
    index: ArticleIndex, original: dict[str, Any]
) -> None:
    with index:
        similar = index.similar(original["id"], limit=5)
        everything = index.similar(original["id"], limit=5, collapse=False)
    assert not {hit.id for hit in similar} & story_ids(original, range(4))
    assert {hit.id for hit in everything} & story_ids(original, range(4))


def test_stories_are_counted_by_story_and_an_article_without_one_is_its_own() -> None:
    from searchlib.search.stories import StoryTable

    table = StoryTable([b"s1", b"s1", b"s2", b"", b"", b"s2", None])
    assert table.count([0, 1, 2]) == 2
    assert table.count([0, 3, 4]) == 3
    assert table.count([3, 6]) == 2
    assert table.count([]) == 0
    assert [table.keys[table.numbers[d]] for d in (0, 2, 3)] == ["s1", "s2", "\x003"]
    assert [table.sizes[table.numbers[d]] for d in (0, 2, 3, 6)] == [2, 2, 1, 1]
    assert table.members == {table.numbers[0]: [0, 1], table.numbers[2]: [2, 5]}


@pytest.mark.parametrize("many_matches", [True, False], ids=["story read", "matches read"])
def test_a_storys_other_matches_are_the_same_whichever_side_is_read(
    index: ArticleIndex, original: dict[str, Any], many_matches: bool
) -> None:
    """The others of a group come from the story's articles or from the matches,
    whichever are fewer: both give the matching copies but the hit, in index order."""
    from searchlib.search.stories import story_table

    with index:
        searcher = index._query_searcher()
        table = story_table(searcher)
        ids = story_ids(original, range(4))
        copies = sorted(searcher.document_number(id=i) for i in ids)
        story = table.numbers[copies[0]]
        assert table.sizes[story] == 5
        matched = set(copies[1:4]) | ({*range(searcher.doc_count_all())} if many_matches else set())
        matched -= {copies[4]}
        if not many_matches:
            matched |= {copies[0]}
        others = table.others(story, copies[0], matched)
        assert others == copies[1:4]


@pytest.mark.parametrize("text", [QUERY, "jakarta", "Hal itu juga dikatakan oleh pemerintah"])
@pytest.mark.parametrize("page", [1, 2])
def test_a_collapsed_page_is_the_flat_ranking_one_article_a_story(
    index: ArticleIndex, text: str, page: int
) -> None:
    """The stories of a page are those of the best-ranked article of each story, in the
    order of a full ranking, and the count of articles and stories is exact."""
    with index:
        flat = index.search(text, limit=1000, collapse=False, snippets=0)
        collapsed = index.search(text, limit=3, page=page, snippets=0)
    assert flat.total < 1000
    story_of = {hit.id: hit.story for hit in index.search(text, limit=1000, snippets=0)}
    for hit in index.search(text, limit=1000, snippets=0):
        story_of.update({other.id: hit.story for other in hit.also_in})
    first: dict[str | None, tuple[str, float]] = {}
    for hit in flat.hits:
        first.setdefault(story_of[hit.id], (hit.id, hit.score))
    expected = list(first.values())[(page - 1) * 3 : page * 3]
    assert [hit.id for hit in collapsed.hits] == [doc_id for doc_id, _ in expected]
    assert [hit.score for hit in collapsed.hits] == pytest.approx([s for _, s in expected])
    assert collapsed.total == flat.total
    assert collapsed.stories == len(first)
