"""Filter document sets read block by block match Whoosh's own walk of the filter."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from whoosh import query as wq

from searchlib import Article, ArticleIndex, store
from searchlib._whoosh.docsets import matching_docs, search_keeping_matches
from searchlib.indexing import write_articles
from searchlib.query import Filters
from searchlib.results import IndexReport

# More articles per month and outlet than a posting block holds (128), so
# month terms span several blocks.
ARTICLES = 900
OUTLETS = ("detikNews", "Republika", "SINDOnews")
FIRST_DAY = datetime(2021, 10, 1, 8, 30)
REMOVED = ("n0007", "n0300", "n0301", "n0899")


def _article(number: int) -> Article:
    return Article(
        id=f"n{number:04d}",
        source_path=f"/arsip/{number:04d}.txt",
        title=f"Berita nomor {number}",
        body=(f"Isi berita nomor {number} tentang pemerintah.",),
        outlet=OUTLETS[number % len(OUTLETS)],
        author=("Andi", "Budi")[number % 2],
        published=FIRST_DAY + timedelta(hours=5 * number),
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Several segments, some with removed articles."""
    folder = tmp_path_factory.mktemp("docsets") / "index"
    ArticleIndex.create(folder).close()
    write_articles(
        store.open_index(folder), [_article(n) for n in range(ARTICLES)], IndexReport(),
        batch_size=250,
    )
    with ArticleIndex.open(folder) as idx:
        idx.remove(REMOVED)
    return folder


FILTERS = (
    Filters.build(since="2021-11"),
    Filters.build(until="15 Nov 2021"),
    Filters.build(since="2021-10-20", until="2021-11-03"),
    Filters.build(outlet="Republika"),
    Filters.build(outlet=["Republika", "detikNews"], since="Desember 2021"),
    Filters.build(author="Andi", until="2021-10-31"),
    Filters.build(since="2030-01-01"),
)


@pytest.mark.parametrize("filters", FILTERS)
def test_filter_sets_are_what_whoosh_walks(archive: Path, filters: Filters) -> None:
    whoosh_ix = store.open_index(archive)
    assert len(whoosh_ix._segments()) > 1
    with whoosh_ix.searcher() as searcher:
        query = filters.query(searcher.reader())
        assert query is not None
        assert matching_docs(query, searcher) == set(searcher.docs_for_query(query))


def test_removed_articles_are_never_in_a_set(archive: Path) -> None:
    whoosh_ix = store.open_index(archive)
    with whoosh_ix.searcher() as searcher:
        since_2000 = Filters.build(since="2000-01-01").query(searcher.reader())
        assert since_2000 is not None
        everything = matching_docs(since_2000, searcher)
        ids = {searcher.stored_fields(docnum)["id"] for docnum in everything}
    assert len(ids) == ARTICLES - len(REMOVED)
    assert not ids & set(REMOVED)


def test_queries_that_are_not_term_unions_fall_back_to_the_walk(archive: Path) -> None:
    whoosh_ix = store.open_index(archive)
    with whoosh_ix.searcher() as searcher:
        prefix = wq.Prefix("body", "pemerinta")
        assert matching_docs(prefix, searcher) == set(searcher.docs_for_query(prefix))
        assert matching_docs(wq.NullQuery, searcher) == set()


def test_filtered_search_counts_only_the_filtered_articles(archive: Path) -> None:
    with ArticleIndex.open(archive) as idx:
        results = idx.search("berita", since="2021-12", outlet="Republika", limit=5)
        assert results.total > 0
        for hit in idx.search("berita", since="2021-12", outlet="Republika", limit=500).hits:
            assert hit.outlet == "Republika"
            assert hit.published is not None and hit.published >= datetime(2021, 12, 1)


@pytest.mark.parametrize(
    "options",
    [
        {"limit": 7},
        {"limit": 7, "optimize": False},
        {"limit": 7, "mask": wq.Term("outlet", "republika")},
        {"limit": 7, "filter": {3, 4, 5, 8, 13, 21, 34, 55, 89}},
        {"limit": 7, "sortedby": "id"},
        {"limit": 5000},
    ],
    ids=["top", "every-match-scored", "mask", "filter", "sorted", "unlimited"],
)
def test_a_search_keeping_matches_ranks_and_matches_as_whoosh_does(
    archive: Path, options: dict[str, object]
) -> None:
    whoosh_ix = store.open_index(archive)
    with whoosh_ix.searcher() as searcher:
        query = wq.Or([wq.Term("body", "pemerintah"), wq.Term("title", "nomor")])
        kept = search_keeping_matches(searcher, query, **options)
        plain = searcher.search(query, **options)
        assert [hit.docnum for hit in kept] == [hit.docnum for hit in plain]
        assert set(kept.docs()) == set(searcher.search(query, **options).docs())
        assert len(kept) == len(plain) == len(set(kept.docs()))
        assert len(kept.docs()) > len(kept.top_n) or options["limit"] == 5000
