"""Stories kept right as the index changes: joins, splits and prunes rewrite story ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from record_corpus import excerpt_records, write_jsonl

from searchlib import ArticleIndex

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


def stories(idx: ArticleIndex) -> set[frozenset[str]]:
    return {frozenset(article.id for article in story.articles) for story in idx.stories()}


def test_an_article_joining_two_stories_merges_them_and_its_removal_splits_them(
    tmp_path: Path,
) -> None:
    trimmed = write_jsonl(tmp_path / "trimmed.jsonl", [HEAD, TAIL])
    full = write_jsonl(tmp_path / "full.jsonl", [FULL])
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([trimmed], jobs=1)
        assert stories(idx) == set()
        head_story = idx.story(HEAD["id"])
        idx.add([full], jobs=1)
        assert stories(idx) == {frozenset({HEAD["id"], TAIL["id"], FULL["id"]})}
        idx.remove([FULL["id"]])
        assert stories(idx) == set()
        after = (idx.story(HEAD["id"]), idx.story(TAIL["id"]))
    assert head_story is not None and all(story is not None for story in after)
    assert after[0] != after[1]


def test_pruning_an_article_re_checks_its_story(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    write_jsonl(folder / "trimmed.jsonl", [HEAD, TAIL])
    full = write_jsonl(folder / "full.jsonl", [FULL])
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([folder], jobs=1)
        assert len(stories(idx)) == 1
        full.unlink()
        report = idx.add([folder], jobs=1, prune=True)
        assert report.removed == 1
        assert stories(idx) == set()
        assert len({idx.story(HEAD["id"]), idx.story(TAIL["id"])}) == 2


def test_a_re_run_that_changes_nothing_keeps_every_story(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", [HEAD, TAIL, FULL, *excerpt_records()[:3]])
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([corpus], jobs=1)
        before = {article.id: idx.story(article.id) for article in idx}
        report = idx.add([corpus], jobs=1)
        after = {article.id: idx.story(article.id) for article in idx}
    assert report.added == report.updated == 0
    assert before == after


def test_the_same_articles_in_another_order_make_the_same_stories(tmp_path: Path) -> None:
    records = [HEAD, *excerpt_records()[:3], FULL, TAIL]
    partitions = []
    for name, order in (("forward", records), ("backward", records[::-1])):
        corpus = write_jsonl(tmp_path / f"{name}.jsonl", order)
        with ArticleIndex.create(tmp_path / name) as idx:
            idx.add([corpus], jobs=1)
            partitions.append(stories(idx))
    assert partitions[0] == partitions[1] == {frozenset({HEAD["id"], TAIL["id"], FULL["id"]})}
