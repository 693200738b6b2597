"""Behaviour of the stemmed and exact analyzers on real seed text and edge cases."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from searchlib.analysis import analyze_query_word, exact_analyzer, stemmed_analyzer

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def stems(text: str) -> list[str]:
    return [t.text for t in stemmed_analyzer()(text)]


def exacts(text: str) -> list[str]:
    return [t.text for t in exact_analyzer()(text)]


def test_tahanan_and_pertahanan_stay_apart_at_the_exact_view() -> None:
    assert analyze_query_word("tahanan")[0] != analyze_query_word("pertahanan")[0]
    assert "tahanan" in exacts(seed_text("000"))
    assert "pertahanan" in exacts(seed_text("000"))


@pytest.mark.parametrize("name", ["Bali", "Bekasi", "Jokowi", "Pemilu"])
def test_names_keep_their_form_in_both_views(name: str) -> None:
    assert analyze_query_word(name) == (name.lower(), name.lower())


def test_reduplication_stems_to_its_base() -> None:
    assert stems("negara-negara") == stems("negara")
    assert stems("sekutu-sekutunya") == stems("sekutu")


def test_as_survives_as_a_term() -> None:
    assert "as" in exacts(seed_text("000"))
    assert analyze_query_word("AS") == ("as", "as")


@pytest.mark.parametrize("code", ["33,5", "29/7", "g20", "2014", "1.000.000"])
def test_numbers_and_codes_stay_whole(code: str) -> None:
    assert stems(f"naik {code} persen") == [stems("naik")[0], code, "persen"]


def test_offsets_point_into_the_original_text() -> None:
    text = seed_text("000")
    for token in stemmed_analyzer()(text, chars=True):
        written = text[token.startchar : token.endchar]
        assert written.lower().replace("\u2019", "'") == analyze_exact_form(written)


def analyze_exact_form(written: str) -> str | None:
    return analyze_query_word(written)[0]


def test_views_align_on_positions() -> None:
    text = seed_text("002")
    exact = [(t.pos, t.startchar) for t in exact_analyzer()(text, positions=True, chars=True)]
    stemmed = [(t.pos, t.startchar) for t in stemmed_analyzer()(text, positions=True, chars=True)]
    assert exact == stemmed


def test_analyzer_pickles_small_and_equal() -> None:
    analyzer = stemmed_analyzer()
    data = pickle.dumps(analyzer)
    assert pickle.loads(data) == analyzer
    assert len(data) < 2000


def test_compound_yields_its_parts_with_their_own_offsets() -> None:
    text = "Menlu AS-Rusia bertemu"
    tokens = [(t.text, t.startchar, t.endchar) for t in exact_analyzer()(text, chars=True)]
    assert ("as", 6, 8) in tokens
    assert ("rusia", 9, 14) in tokens


def test_hyphenated_clitic_and_dictionary_compound_stay_one_word() -> None:
    assert stems("kuasa-Mu") == ["kuasa"]
    assert exacts("bolak-balik") == ["bolak-balik"]


def test_apostrophes_and_accents_are_kept_whole() -> None:
    assert stems("Ma’ruf Amin di café") == ["ma'ruf", "amin", "café"]


def test_function_words_are_stopped_but_news_words_are_not() -> None:
    assert stems("yang dan di") == []
    for word in ["baru", "kasus", "penting", "masalah", "hari", "bulan"]:
        assert analyze_query_word(word)[0] == word


def test_offsets_stay_true_when_lowercasing_changes_the_text_length() -> None:
    text = "Presiden İlham Aliyev tiba di Bali"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in exact_analyzer()(text, chars=True)]
    assert ("bali", "Bali") in tokens
    assert ("aliyev", "Aliyev") in tokens


def test_number_ranges_split_but_letter_digit_codes_stay_whole() -> None:
    assert stems("periode 2014-2019") == ["periode", "2014", "2019"]
    assert stems("COVID-19 dan F-16") == ["covid-19", "f-16"]
