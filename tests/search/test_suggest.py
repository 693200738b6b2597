""""Did you mean": corrections from the index's own vocabulary of forms as written."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from searchlib import Article, ArticleIndex
from searchlib.search.suggest import match_case


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, source_path=f"{article_id}.txt", title="", body=(text,))


@pytest.fixture(scope="module")
def vocabulary_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArticleIndex]:
    path = tmp_path_factory.mktemp("vocabulary")
    texts = [f"Pertemuan di Stockholm hari ke-{n} berlanjut." for n in range(12)]
    texts.append("Seorang warga Stokholm menulis surat.")  # a rare real spelling
    texts.append("Harga beras naik di pasar.")
    with ArticleIndex.create(path) as idx:
        idx.add_articles(article(f"a{n}", text) for n, text in enumerate(texts))
    with ArticleIndex.open(path) as idx:
        yield idx


def test_an_unknown_word_is_corrected_keeping_the_typed_case(
    vocabulary_index: ArticleIndex,
) -> None:
    assert vocabulary_index.search("pertemuan Stockhom").suggestion == "pertemuan Stockholm"
    assert vocabulary_index.search("stockhom").suggestion == "stockholm"


def test_a_rare_known_word_is_corrected_only_when_results_are_few(
    vocabulary_index: ArticleIndex,
) -> None:
    assert vocabulary_index.search("Stokholm").suggestion == "Stockholm"
    assert vocabulary_index.search("Stokholm pertemuan").suggestion is None


def test_short_words_numbers_and_known_words_are_left_alone(
    vocabulary_index: ArticleIndex,
) -> None:
    assert vocabulary_index.search("har").suggestion is None  # one edit from "hari"
    assert vocabulary_index.search("2021 beras").suggestion is None
    assert vocabulary_index.search("Stockholm").suggestion is None


def test_case_follows_what_was_typed() -> None:
    assert match_case("Lavrof", "lavrov") == "Lavrov"
    assert match_case("NATQ", "nato") == "NATO"
    assert match_case("lavrof", "lavrov") == "lavrov"
