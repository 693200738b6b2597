"""The posting writer: rare terms inlined, nothing else changed, plain Whoosh still reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from searchlib import ArticleIndex
from searchlib._whoosh.codec import INLINE_POSTINGS
from searchlib._whoosh.prepared import PreparedWriter, prepare_document
from searchlib.ingest import ingest
from searchlib.store.documents import build_schema

QUERIES = (
    "pertemuan Lavrov Jenewa", "\"pertukaran tahanan\"", "Rusia -Jenewa", "Blinken OR Stockholm"
)


def _plain_w3_index(folder: Path, seeds_dir: Path) -> None:
    """The seeds written with Whoosh's own codec (no inlining) into a searchlib index."""
    ArticleIndex.create(folder).close()
    from searchlib import store

    whoosh_ix = store.open_index(folder)
    writer = PreparedWriter(whoosh_ix, codec=W3Codec())
    from searchlib.store.documents import to_document

    for event in ingest([seeds_dir]):
        writer.add_prepared(prepare_document(whoosh_ix.schema, to_document(event)))
    writer.commit()


def _inlined_terms(folder: Path) -> tuple[int, int]:
    """(inlined terms, all terms) of an index, read with plain Whoosh."""
    inlined = total = 0
    with whoosh_index.open_dir(str(folder), schema=build_schema()).reader() as reader:
        for fieldname, text in reader.all_terms():
            total += 1
            inlined += reader.term_info(fieldname, text).is_inlined()
    return inlined, total


def test_rare_terms_are_inlined_and_plain_whoosh_reads_them(seed_index_path: Path) -> None:
    inlined, total = _inlined_terms(seed_index_path)
    # Five articles: every term has at most five postings, most far fewer.
    assert total > 1000
    assert inlined > total / 2
    with whoosh_index.open_dir(str(seed_index_path), schema=build_schema()).reader() as reader:
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            assert info.is_inlined() == (info.doc_frequency() <= INLINE_POSTINGS)


def test_segments_record_plain_w3(seed_index_path: Path) -> None:
    segments = whoosh_index.open_dir(str(seed_index_path), schema=build_schema())._segments()
    assert segments and all(type(segment.codec()) is W3Codec for segment in segments)


def test_results_match_an_index_written_without_inlining(
    tmp_path: Path, seeds_dir: Path, seed_index: ArticleIndex
) -> None:
    plain = tmp_path / "plain"
    _plain_w3_index(plain, seeds_dir)
    assert _inlined_terms(plain)[0] == 0
    with ArticleIndex.open(plain) as plain_index:
        for query in QUERIES:
            ours = seed_index.search(query, snippets=1)
            theirs = plain_index.search(query, snippets=1)
            assert [(h.id, h.score, h.snippets) for h in ours] == [
                (h.id, h.score, h.snippets) for h in theirs
            ]
            assert ours.total > 0


@pytest.mark.parametrize("batches", [2, 5])
def test_merging_inlined_segments_keeps_every_article(
    tmp_path: Path, seeds_dir: Path, batches: int
) -> None:
    """Also: a searcher kept open across the merge finds each article once."""
    articles = list(ingest([seeds_dir]))
    with ArticleIndex.create(tmp_path / "index") as idx:
        for start in range(0, len(articles), len(articles) // batches or 1):
            idx.add_articles(articles[start : start + len(articles) // batches or 1])
        before = idx.search("Lavrov Blinken")
        idx.optimize()
        assert len(idx) == len(articles)
        assert all(idx.get(article.id) is not None for article in articles)
        after = idx.search("Lavrov Blinken")
    assert before.total == after.total == len(articles)
    assert [h.id for h in after] == [h.id for h in before]
    # Whoosh keeps field lengths to one byte per document, so merged segments
    # recompute the average lengths BM25 uses from rounded values.
    assert [h.score for h in after] == pytest.approx([h.score for h in before], rel=0.01)
