"""The analyzers inside a real Whoosh index of the seed articles.

Checks the acceptance lines that need an index: name variants reach the
articles that spell the name the other way, acronym expansions reach the
articles that only spell the title out, `AS` is searchable, and the exact view
keeps `tahanan` apart from `pertahanan`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

from searchlib.analysis import (
    acronym_expansions,
    acronyms_for,
    exact_analyzer,
    name_variants,
    stemmed_analyzer,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_index() -> Index:
    schema = Schema(
        id=ID(stored=True),
        stemmed=TEXT(analyzer=stemmed_analyzer()),
        exact=TEXT(analyzer=exact_analyzer()),
    )
    index = RamStorage().create_index(schema)
    writer = index.writer()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        writer.add_document(id=path.name[:3], stemmed=text, exact=text)
    writer.commit()
    return index


def ids_matching(index: Index, query: wq.Query) -> set[str]:
    with index.searcher() as searcher:
        return {hit["id"] for hit in searcher.search(query, limit=None)}


def ids_with_word(word: str) -> set[str]:
    return {
        path.name[:3]
        for path in SEEDS.glob("*.txt")
        if word in [t.text for t in exact_analyzer()(path.read_text(encoding="utf-8"))]
    }


def test_sergei_with_its_variants_finds_every_article_that_writes_sergey(
    seed_index: Index,
) -> None:
    spellings = {"sergei"} | name_variants("Sergei")
    found = ids_matching(seed_index, wq.Or([wq.Term("exact", s) for s in spellings]))
    assert ids_with_word("sergey") - ids_with_word("sergei")
    assert ids_with_word("sergey") <= found


def test_menlu_expansion_finds_articles_that_only_write_menteri_luar_negeri(
    seed_index: Index,
) -> None:
    phrases = [wq.Phrase("exact", list(words)) for words in acronym_expansions("Menlu")]
    found = ids_matching(seed_index, wq.Or([wq.Term("exact", "menlu"), *phrases]))
    only_spelled_out = ids_matching(seed_index, wq.Or(phrases)) - ids_with_word("menlu")
    assert only_spelled_out
    assert only_spelled_out <= found


def test_spelled_out_title_maps_back_to_its_acronym() -> None:
    assert (0, 3, "menlu") in acronyms_for(["Menteri", "Luar", "Negeri"])


def test_as_is_searchable(seed_index: Index) -> None:
    assert ids_matching(seed_index, wq.Term("exact", "as"))
    assert ids_matching(seed_index, wq.Term("stemmed", "as"))


def test_exact_view_tells_tahanan_from_pertahanan(seed_index: Index) -> None:
    tahanan = ids_matching(seed_index, wq.Term("exact", "tahanan"))
    pertahanan = ids_matching(seed_index, wq.Term("exact", "pertahanan"))
    stem = ids_matching(seed_index, wq.Term("stemmed", "tahan"))
    assert tahanan and pertahanan
    assert (tahanan | pertahanan) <= stem
    assert ids_with_word("tahanan") == tahanan


def test_phrase_across_a_stop_word_matches_in_both_views(seed_index: Index) -> None:
    # "... Antony Blinken dan Menlu Rusia Sergei Lavrov ..." (seed 000's caption)
    words = ["blinken", "menlu", "rusia"]
    exact = ids_matching(seed_index, wq.Phrase("exact", words))
    stemmed = ids_matching(seed_index, wq.Phrase("stemmed", words))
    assert "000" in exact
    assert exact == stemmed
