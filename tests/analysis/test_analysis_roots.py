"""The longest-root check on Sastrawi's stems: fewer merged words, same choices when ambiguous."""

from __future__ import annotations

import pytest

from searchlib.analysis import analyze_query_word
from searchlib.analysis.roots import checked_root


def stem(word: str) -> str | None:
    return analyze_query_word(word)[1]


@pytest.mark.parametrize(
    ("first", "second"),
    [("menggelari", "menggemari"), ("dikurangi", "menyeberangi")],
)
def test_words_sastrawi_merges_through_a_wrong_path_stay_apart(first: str, second: str) -> None:
    assert stem(first) != stem(second)


@pytest.mark.parametrize(("word", "root"), [("dikurangi", "kurang"), ("berbasis", "basis")])
def test_unreachable_short_root_is_replaced_by_the_longest_dictionary_root(
    word: str, root: str
) -> None:
    assert stem(word) == root


def test_ambiguous_analysis_keeps_sastrawis_choice() -> None:
    dictionary = {"ubah", "kubah"}
    assert checked_root("mengubah", "ubah", dictionary.__contains__) == "ubah"


def test_no_longer_root_keeps_sastrawis_answer() -> None:
    assert checked_root("dikurangi", "rang", set().__contains__) == "rang"
