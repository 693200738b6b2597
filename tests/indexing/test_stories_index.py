"""Stories kept right as the index changes: joins, splits and prunes rewrite story ids.

Every case runs with one job (documents written by the writing process) and
with two (workers write segments, the writer rewrites the articles whose story
is not the one their worker guessed when their batch commits).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from record_corpus import excerpt_records, news_records, write_jsonl

from searchlib import ArticleIndex, store
from searchlib._whoosh.merge import SMALL_SEGMENT_SHARE
from searchlib.indexing import index_paths
from searchlib.indexing.plan import IndexState
from searchlib.indexing.stories import IndexStories

# Excerpt record 3 has 17 paragraphs: its first ten and last ten share three,
# too little to be copies of each other, while each is most of the whole.
LONG = 3


def version(name: str, paragraphs: slice) -> dict[str, Any]:
    record = excerpt_records()[LONG]
    text = "\n\n".join(record["text"].split("\n\n")[paragraphs])
    return {**record, "id": f"{record['id']}~{name}", "text": text}


HEAD = version("head", slice(0, 10))
TAIL = version("tail", slice(7, 17))
FULL = version("full", slice(0, 17))


JOBS = pytest.mark.parametrize("jobs", [1, 2])


def stories(idx: ArticleIndex) -> set[frozenset[str]]:
    return {frozenset(article.id for article in story.articles) for story in idx.stories()}


@JOBS
def test_an_article_joining_two_stories_merges_them_and_its_removal_splits_them(
    tmp_path: Path, jobs: int
) -> None:
    trimmed = write_jsonl(tmp_path / "trimmed.jsonl", [HEAD, TAIL])
    full = write_jsonl(tmp_path / "full.jsonl", [FULL])
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([trimmed], jobs=jobs)
        assert stories(idx) == set()
        head_story = idx.story(HEAD["id"])
        idx.add([full], jobs=jobs)
        assert stories(idx) == {frozenset({HEAD["id"], TAIL["id"], FULL["id"]})}
        idx.remove([FULL["id"]])
        assert stories(idx) == set()
        after = (idx.story(HEAD["id"]), idx.story(TAIL["id"]))
    assert head_story is not None and all(story is not None for story in after)
    assert after[0] != after[1]


@JOBS
def test_pruning_an_article_re_checks_its_story(tmp_path: Path, jobs: int) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    write_jsonl(folder / "trimmed.jsonl", [HEAD, TAIL])
    full = write_jsonl(folder / "full.jsonl", [FULL])
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([folder], jobs=jobs)
        assert len(stories(idx)) == 1
        full.unlink()
        report = idx.add([folder], jobs=jobs, prune=True)
        assert report.removed == 1
        assert stories(idx) == set()
        assert len({idx.story(HEAD["id"]), idx.story(TAIL["id"])}) == 2


@JOBS
def test_a_re_run_that_changes_nothing_keeps_every_story(tmp_path: Path, jobs: int) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", [HEAD, TAIL, FULL, *excerpt_records()[:3]])
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([corpus], jobs=jobs)
        before = {article.id: idx.story(article.id) for article in idx}
        report = idx.add([corpus], jobs=jobs)
        after = {article.id: idx.story(article.id) for article in idx}
    assert report.added == report.updated == 0
    assert before == after


@JOBS
def test_the_same_articles_in_another_order_make_the_same_stories(
    tmp_path: Path, jobs: int
) -> None:
    records = [HEAD, *excerpt_records()[:3], FULL, TAIL]
    partitions = []
    for name, order in (("forward", records), ("backward", records[::-1])):
        corpus = write_jsonl(tmp_path / f"{name}.jsonl", order)
        with ArticleIndex.create(tmp_path / name) as idx:
            idx.add([corpus], jobs=jobs)
            partitions.append(stories(idx))
    assert partitions[0] == partitions[1] == {frozenset({HEAD["id"], TAIL["id"], FULL["id"]})}


def test_parallel_batches_make_the_stories_one_process_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copies in the same batch as their story's first article, in later batches,
    and a full version joining two stories committed batches earlier."""
    monkeypatch.setattr("searchlib.indexing.pool.TASKS_IN_FLIGHT", 2)  # batches end early
    news = news_records(240)  # the excerpt's articles, then rotated variants: copies
    middle = len(news) // 2
    records = [HEAD, *news[:middle], TAIL, *news[middle:], FULL]
    corpus = tmp_path / "news"  # a file (a task) of 12 records each, read in name order
    corpus.mkdir()
    for start in range(0, len(records), 12):
        write_jsonl(corpus / f"{start:04d}.jsonl", records[start : start + 12])
    built = {}
    for jobs in (1, 2):
        folder = tmp_path / f"jobs{jobs}"
        ArticleIndex.create(folder).close()
        report = index_paths(store.open_index(folder), [corpus], jobs=jobs, batch_size=30)
        assert report.batches > 2
        with ArticleIndex.open(folder) as idx:
            assert len(idx) == len(news) + 3
            for article in idx:
                story = idx.story(article.id)
                assert story is not None and article.id in {a.id for a in story.articles}
            built[jobs] = stories(idx)
    trimmed_and_full = {HEAD["id"], TAIL["id"], FULL["id"]}
    assert any(trimmed_and_full <= story for story in built[1])
    assert len(built[1]) > 2
    assert built[2] == built[1]


def _copies_corpus(tmp_path: Path) -> Path:
    """The excerpt's articles and rotated variants of them (copies), in files of 12."""
    news = news_records(240)
    corpus = tmp_path / "copies"
    corpus.mkdir()
    for start in range(0, len(news), 12):
        write_jsonl(corpus / f"{start:04d}.jsonl", news[start : start + 12])
    return corpus


def test_workers_batches_leave_no_small_segment_of_story_rewrites_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch of workers' segments comes with a small segment of the articles
    whose story the writer rewrote; the next commit merges it instead of leaving
    one more segment for every query to look its terms up in."""
    monkeypatch.setattr("searchlib.indexing.pool.TASKS_IN_FLIGHT", 2)
    corpus = _copies_corpus(tmp_path)
    built: dict[float, tuple[list[int], set[frozenset[str]], dict[str, set[str]]]] = {}
    for share in (0.0, SMALL_SEGMENT_SHARE):
        monkeypatch.setattr("searchlib._whoosh.merge.SMALL_SEGMENT_SHARE", share)
        folder = tmp_path / f"share{share}"
        ArticleIndex.create(folder).close()
        index_paths(store.open_index(folder), [corpus], jobs=2, batch_size=200)
        sizes = sorted(segment.doc_count() for segment in store.open_index(folder)._segments())
        with ArticleIndex.open(folder) as idx:
            found = {
                q: {hit.id for hit in idx.search(q, limit=300, collapse=False).hits}
                for q in ("presiden", "bank")
            }
            built[share] = (sizes, stories(idx), found)
    (unmerged, *_), (merged, *_) = built[0.0], built[SMALL_SEGMENT_SHARE]
    small = 200 // 2 * SMALL_SEGMENT_SHARE  # a fifth of a worker's share of a batch
    assert any(size < small for size in unmerged)
    assert len(merged) < len(unmerged)
    assert sum(merged) == sum(unmerged)
    assert built[0.0][1:] == built[SMALL_SEGMENT_SHARE][1:]


def test_the_story_graph_is_read_from_the_index_as_it_is_when_it_changed_since(
    tmp_path: Path,
) -> None:
    """A run fills its story graph from where its first pass found each article;
    after a commit that moved them (a removal and a merge), from the index itself."""
    folder = tmp_path / "index"
    others = excerpt_records()[:3]
    with ArticleIndex.create(folder) as idx:
        idx.add([write_jsonl(tmp_path / "news.jsonl", [HEAD, *others, TAIL])], jobs=1)
        stories_before = {article.id: idx.story(article.id) for article in idx}
    read = IndexState.load(store.open_index(folder), folder)
    assert read.places is not None and len(read.places.docnums) == len(others) + 2
    fresh = IndexStories(store.open_index(folder), read.places)
    for article_id, story in stories_before.items():
        assert story is not None and fresh.story_of(article_id) == story.id
    with ArticleIndex.open(folder) as idx:
        idx.remove([HEAD["id"]])
        idx.optimize()
    stale = IndexStories(store.open_index(folder), read.places)
    assert stale.story_of(HEAD["id"]) is None
    for article_id, story in stories_before.items():
        if article_id != HEAD["id"]:
            assert story is not None and stale.story_of(article_id) == story.id
