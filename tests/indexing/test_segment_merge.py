"""Merging segments block by block writes what Whoosh's own merge writes."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from searchlib import Article, ArticleIndex, store
from searchlib._whoosh.merge import MERGE_FAN_IN
from searchlib._whoosh.prepared import PreparedWriter, prepare_document
from searchlib.indexing import write_articles
from searchlib.results import IndexReport
from searchlib.store.documents import to_document

# More articles than one posting block holds (Whoosh writes 128 postings a
# block), so a common word's list spans blocks within and across segments.
ARTICLES = 420
BATCH = 100
COMMON_WORDS = ("pemerintah", "menteri", "rakyat", "harga", "jalan", "sekolah", "banjir")
RARE_WORDS = ("Lavrov", "Jenewa", "Stockholm", "Blinken", "tahanan", "pertahanan")
REMOVED = ("a0150", "a0003", "a0151", "a0299", "a0410")
QUERIES = ("berita banjir", "\"harga jalan\"", "Lavrov OR Jenewa", "sekolah -rakyat")


def _articles(count: int) -> list[Article]:
    """Deterministic made-up articles: a word every article has, common ones, rare ones."""
    chooser = random.Random(20211203)
    articles = []
    for number in range(count):
        words = ["berita"] + chooser.choices(COMMON_WORDS, k=12)
        if number % 37 == 0:
            words.append(chooser.choice(RARE_WORDS))
        words.append(str(number))
        articles.append(
            Article(
                id=f"a{number:04d}",
                source_path=f"/arsip/{number:04d}.txt",
                title=f"Kabar {chooser.choice(COMMON_WORDS)} nomor {number}",
                body=(" ".join(words) + ".", "Paragraf kedua tentang " + " ".join(words[:5]) + "."),
                outlet=("detikNews", "Republika")[number % 2],
            )
        )
    return articles


class _WhooshMergeWriter(PreparedWriter):
    """Merges and writes the way Whoosh does: every posting through the posting buffer."""

    add_reader = SegmentWriter.add_reader
    _flush_segment = SegmentWriter._flush_segment


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five segments, two of them with removed articles."""
    folder = tmp_path_factory.mktemp("segmented") / "index"
    with ArticleIndex.create(folder) as idx:
        for start in range(0, ARTICLES, BATCH):
            idx.add_articles(_articles(ARTICLES)[start : start + BATCH])
        idx.remove(REMOVED)
    return folder


def _optimized_copy(source: Path, target: Path, writer_class: type[PreparedWriter]) -> Path:
    shutil.copytree(source, target)
    whoosh_ix = store.open_index(target)
    assert len(whoosh_ix._segments()) > 1
    writer_class(whoosh_ix).commit(optimize=True)
    return target


def _segment_contents(folder: Path) -> dict[bytes, tuple[bytes, bytes | None]]:
    """Every term-index entry, as stored, and the raw bytes of its posting blocks."""
    whoosh_ix = store.open_index(folder)
    (segment,) = whoosh_ix._segments()
    reader = SegmentReader(whoosh_ix.storage, whoosh_ix.schema, segment)
    contents: dict[bytes, tuple[bytes, bytes | None]] = {}
    try:
        terms: Any = reader._terms
        for key, entry in terms._tindex.items():
            terminfo = W3TermInfo.from_bytes(entry)
            blocks = None
            if not terminfo.is_inlined():
                offset, (length,) = terminfo.extent()  # Whoosh reads the length as a 1-tuple
                blocks = terms._postfile.get(offset, length)
            contents[key] = (entry, blocks)
    finally:
        reader.close()
    return contents


def _stored(folder: Path) -> list[dict[str, Any]]:
    with store.open_index(folder).reader() as reader:
        return [fields for _, fields in reader.iter_docs()]


def _hits(folder: Path) -> dict[str, list[tuple[str, float]]]:
    with ArticleIndex.open(folder) as idx:
        return {
            query: [(hit.id, round(hit.score, 6)) for hit in idx.search(query, limit=500).hits]
            for query in QUERIES
        }


def test_block_copy_writes_what_whoosh_merge_writes(segmented_index: Path, tmp_path: Path) -> None:
    ours = _optimized_copy(segmented_index, tmp_path / "ours", PreparedWriter)
    whooshs = _optimized_copy(segmented_index, tmp_path / "whoosh", _WhooshMergeWriter)
    contents = _segment_contents(ours)
    assert contents == _segment_contents(whooshs)
    assert _stored(ours) == _stored(whooshs)
    # The same articles match; scores differ only by the field-length totals,
    # which Whoosh's merge adds up from lossy bytes (next test).
    assert {q: {i for i, _ in hits} for q, hits in _hits(ours).items()} == {
        q: {i for i, _ in hits} for q, hits in _hits(whooshs).items()
    }


def _field_totals(folder: Path) -> dict[str, int]:
    with store.open_index(folder).reader() as reader:
        return {name: reader.field_length(name) for name in ("title", "body", "body_exact")}


def test_a_merged_segment_keeps_the_exact_field_lengths(tmp_path: Path) -> None:
    """Articles written in several segments and merged score exactly as the same
    articles written at once: the merge keeps each segment's exact length
    totals, where Whoosh's adds up each document's length from a lossy byte."""
    once, parts = tmp_path / "once", tmp_path / "parts"
    for folder, batch in ((once, ARTICLES), (parts, BATCH)):
        ArticleIndex.create(folder).close()
        whoosh_ix = store.open_index(folder)
        write_articles(whoosh_ix, _articles(ARTICLES), IndexReport(), batch_size=batch)
    assert len(store.open_index(parts)._segments()) > 1
    whooshs = _optimized_copy(parts, tmp_path / "whoosh", _WhooshMergeWriter)
    _optimized_copy(parts, tmp_path / "ours", PreparedWriter)
    assert _field_totals(tmp_path / "ours") == _field_totals(once)
    assert _field_totals(whooshs)["body"] != _field_totals(once)["body"]
    assert _hits(tmp_path / "ours") == _hits(once)


def test_comparison_covers_lists_of_several_blocks(segmented_index: Path) -> None:
    with store.open_index(segmented_index).reader() as reader:
        assert reader.doc_frequency("body", "berita") > 128


def test_merged_index_finds_the_same_articles(segmented_index: Path, tmp_path: Path) -> None:
    shutil.copytree(segmented_index, tmp_path / "index")
    before = _hits(tmp_path / "index")
    with ArticleIndex.open(tmp_path / "index") as idx:
        assert idx.optimize() == len(store.open_index(segmented_index)._segments())
        assert len(idx) == ARTICLES - len(REMOVED)
        assert idx.get(REMOVED[0]) is None and idx.get("a0152") is not None
    after = _hits(tmp_path / "index")
    assert len(store.open_index(tmp_path / "index")._segments()) == 1
    assert {query: {hit for hit, _ in hits} for query, hits in after.items()} == {
        query: {hit for hit, _ in hits} for query, hits in before.items()
    }
    assert len(after["berita banjir"]) > 128


def _segment_sizes(folder: Path) -> list[int]:
    return sorted(segment.doc_count() for segment in store.open_index(folder)._segments())


def test_commits_merge_a_tier_of_segments_at_a_time(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    ArticleIndex.create(folder).close()
    articles = _articles(3 * MERGE_FAN_IN + 3)

    def add(chunk: list[Article]) -> None:
        write_articles(store.open_index(folder), chunk, IndexReport(), batch_size=3)

    add(articles[: 3 * (MERGE_FAN_IN - 1)])
    assert _segment_sizes(folder) == [3] * (MERGE_FAN_IN - 1)
    # The tenth batch of the lowest tier is merged with the nine before it.
    add(articles[3 * (MERGE_FAN_IN - 1) : 3 * MERGE_FAN_IN])
    assert _segment_sizes(folder) == [3 * MERGE_FAN_IN]
    add(articles[3 * MERGE_FAN_IN :])
    assert _segment_sizes(folder) == [3, 3 * MERGE_FAN_IN]
    with ArticleIndex.open(folder) as idx:
        assert len(idx) == len(articles)
        assert {hit.id for hit in idx.search("berita", limit=100).hits} == {a.id for a in articles}


def _written_with_limit(folder: Path, limitmb: int) -> Path:
    ArticleIndex.create(folder).close()
    whoosh_ix = store.open_index(folder)
    writer = PreparedWriter(whoosh_ix, limitmb=limitmb)
    for article in _articles(ARTICLES):
        writer.add_prepared(prepare_document(whoosh_ix.schema, to_document(article)))
    spilled = bool(writer.pool.runs)
    writer.commit()
    assert spilled == (limitmb == 1)
    return folder


def test_a_batch_over_the_memory_limit_spills_and_writes_the_same_segment(tmp_path: Path) -> None:
    # 1 MB holds about 5,000 postings by Whoosh's estimate: the batch spills.
    spilled = _written_with_limit(tmp_path / "spilled", limitmb=1)
    in_memory = _written_with_limit(tmp_path / "in-memory", limitmb=512)
    assert _segment_contents(spilled) == _segment_contents(in_memory)
