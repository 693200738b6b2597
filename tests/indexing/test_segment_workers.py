"""Worker processes that write segments of their own: the same index content as one
process writes, later copies left out, batches committed whole, nothing left behind.

They write the indexes built without stories here (`stories=False`); indexes with
stories are tested with both one job and two in tests/indexing/test_stories_index.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from record_corpus import news_records, write_jsonl
from whoosh import index as whoosh_index

from searchlib import ArticleIndex, store
from searchlib._whoosh.prepared import PreparedWriter, prepare_document
from searchlib._whoosh.segments import SegmentBuilder, adopt_segments
from searchlib.indexing import index_paths
from searchlib.indexing.tasks import ARTICLES_PER_TASK
from searchlib.ingest import Article, iter_source
from searchlib.results import IndexReport
from searchlib.store import TEMP_DIR, documents


def _seed_articles(seeds_dir: Path) -> list[Article]:
    return [
        event
        for path in sorted(seeds_dir.iterdir())
        for event in iter_source(path)
        if isinstance(event, Article)
    ]


def _content(ix: Any) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    """Every term's postings and every document's stored fields, as Whoosh reads them."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = [
            (field, text, tuple((m.id(), m.weight(), m.value()) for m in _walk(reader, *term)))
            for term in reader.all_terms()
            for field, text in [term]
        ]
        stored = list(reader.all_stored_fields())
    return postings, stored


def _walk(reader: Any, field: str, text: bytes) -> Iterator[Any]:
    matcher = reader.postings(field, text)
    while matcher.is_active():
        yield matcher
        matcher.next()


def test_a_segment_built_elsewhere_holds_what_the_writer_would_write(
    tmp_path: Path, seeds_dir: Path
) -> None:
    articles = _seed_articles(seeds_dir)
    direct = store.create_index(tmp_path / "direct")
    writer = PreparedWriter(direct)
    for article in articles:
        writer.add_prepared(prepare_document(direct.schema, documents.to_document(article)))
    writer.commit()

    built_in = store.create_index(tmp_path / "built")
    scratch = tmp_path / "built" / TEMP_DIR / "worker"
    scratch.mkdir(parents=True)
    builder = SegmentBuilder(scratch, built_in.schema, built_in.indexname, limitmb=64)
    places = [
        builder.add(prepare_document(built_in.schema, documents.to_document(article)))
        for article in articles
    ]
    assert places == [(0, number) for number in range(len(articles))]
    done = builder.finish()
    assert done is not None and done.serial == 0 and builder.finish() is None
    committing = PreparedWriter(built_in)
    committing.include_segments(adopt_segments(committing.storage, [(done, [])]))
    committing.commit()

    assert _content(whoosh_index.open_dir(str(tmp_path / "built"), schema=built_in.schema)) == (
        _content(whoosh_index.open_dir(str(tmp_path / "direct"), schema=direct.schema))
    )
    assert not list(scratch.glob("*.seg"))  # the segment file moved into the index


def test_documents_not_kept_are_left_out_and_an_empty_segment_dropped(
    tmp_path: Path, seeds_dir: Path
) -> None:
    articles = _seed_articles(seeds_dir)
    ix = store.create_index(tmp_path / "index")
    built = []
    for number, chunk in enumerate((articles[:3], articles[3:])):
        folder = tmp_path / f"worker{number}"
        folder.mkdir()
        builder = SegmentBuilder(folder, ix.schema, ix.indexname, limitmb=64)
        for article in chunk:
            builder.add(prepare_document(ix.schema, documents.to_document(article)))
        built.append(builder.finish())
    first, second = built
    assert first is not None and second is not None
    writer = PreparedWriter(ix)
    segments = adopt_segments(writer.storage, [(first, [1]), (second, range(len(articles) - 3))])
    writer.include_segments(segments)
    writer.commit()
    assert len(segments) == 1 and not Path(second.path).exists()
    with ArticleIndex.open(tmp_path / "index") as idx:
        assert sorted(article.id for article in idx) == sorted(a.id for a in articles[:3:2])


# Tasks of the corpus, and tasks given out ahead (the window, made small here):
# batches end while the workers hold later tasks.
TASKS = 12
WINDOW = 6


@pytest.fixture()
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("searchlib.indexing.pool.TASKS_IN_FLIGHT", WINDOW)
    return write_jsonl(tmp_path / "news.jsonl", news_records(TASKS * ARTICLES_PER_TASK))


def test_parallel_batches_are_committed_whole_and_nothing_is_left_behind(
    tmp_path: Path, records: Path
) -> None:
    folder = tmp_path / "index"
    ArticleIndex.create(folder, stories=False).close()
    sizes: list[int] = []

    def watch(progress: IndexReport) -> None:
        sizes.append(progress.committed)

    report = index_paths(store.open_index(folder), [records], jobs=2, batch_size=100,
                         progress=watch)  # fmt: skip
    total = TASKS * ARTICLES_PER_TASK
    assert (report.added, report.committed) == (total, total)
    # A batch ends after the tasks the workers already hold: more than 100
    # changes each, fewer batches than 100 a batch would give.
    assert 1 < report.batches < total // 100 + 1
    committed = sorted(set(sizes))
    assert sizes == sorted(sizes) and len(committed) > 1
    steps = zip(committed, committed[1:], strict=False)
    assert all(later - earlier > 100 for earlier, later in steps)
    with ArticleIndex.open(folder) as idx:
        assert len(idx) == total
        assert idx.search("indonesia", limit=5, snippets=0).total > 0
    scratch = folder / TEMP_DIR
    assert not scratch.exists() or not [p for p in scratch.iterdir() if p.name.startswith("worker")]


def test_a_later_copy_written_by_another_worker_is_left_out(tmp_path: Path) -> None:
    records = news_records(4 * ARTICLES_PER_TASK)
    copy = {**records[-1], "id": records[0]["id"], "text": records[-1]["text"]}
    corpus = write_jsonl(tmp_path / "dupes.jsonl", [*records, copy])
    with ArticleIndex.create(tmp_path / "index", stories=False) as idx:
        report = idx.add([corpus], jobs=2)
        assert (report.added, report.duplicates) == (len(records), 1)
        assert len(idx) == len(records)
        kept = idx.get(records[0]["id"])
        assert kept is not None and kept.text.startswith(records[0]["text"][:40])
        assert idx.search(records[0]["id"], snippets=0).total <= 1


def test_an_article_added_twice_in_one_parallel_run_keeps_the_later_version(
    tmp_path: Path, seeds_dir: Path
) -> None:
    articles = _seed_articles(seeds_dir)
    changed = replace(articles[0], body=("Teks yang diperbarui sama sekali.",))
    with ArticleIndex.create(tmp_path / "index", stories=False) as idx:
        report = idx.add_articles([*articles, changed], jobs=2)
        assert (report.added, report.updated) == (len(articles), 1)
        assert len(idx) == len(articles)
        article = idx.get(articles[0].id)
        assert article is not None and article.body == ("Teks yang diperbarui sama sekali.",)


def test_an_interrupted_parallel_run_keeps_whole_committed_batches(
    tmp_path: Path, records: Path
) -> None:
    folder = tmp_path / "index"
    ArticleIndex.create(folder, stories=False).close()
    report = IndexReport()

    def interrupt_after_the_first_batch(progress: IndexReport) -> None:
        if progress.batches and progress.seen > progress.committed + 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_paths(store.open_index(folder), [records], jobs=2, batch_size=100,
                    progress=interrupt_after_the_first_batch, report=report)  # fmt: skip
    assert report.committed > 0
    with ArticleIndex.open(folder) as idx:
        assert len(idx) == report.committed
        rerun = idx.add([records], jobs=2)
    total = TASKS * ARTICLES_PER_TASK
    assert (rerun.added, rerun.skipped) == (total - report.committed, report.committed)
