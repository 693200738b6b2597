"""Acronyms, name variants, explanations, user files and corpus evidence."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from searchlib.analysis import (
    Lexicon,
    LexiconError,
    acronym_expansions,
    acronyms_for,
    analyze_query_word,
    capitalised_words,
    corpus_protected_words,
    exact_analyzer,
    explain,
    name_variants,
    stem_cache_snapshot,
    stemmed_analyzer,
    warm_stem_cache,
)
from searchlib.analysis.stemming import clear_stem_cache

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def exact_terms(text: str) -> list[str]:
    return [t.text for t in exact_analyzer()(text)]


def test_menlu_expands_to_menteri_luar_negeri() -> None:
    assert ("menteri", "luar", "negeri") in acronym_expansions("Menlu")


def test_article_writing_only_menteri_luar_negeri_is_reachable_from_menlu() -> None:
    text = seed_text("001")
    terms = exact_terms(text)
    assert "menlu" not in terms
    assert "menlu" in {acronym for _, _, acronym in acronyms_for(terms)}


def test_acronym_spans_skip_stop_words_and_report_overlaps() -> None:
    words = ["ketua", "dewan", "perwakilan", "rakyat", "daerah", "dan"]
    words += ["menteri", "pendidikan", "dan", "kebudayaan"]
    spans = acronyms_for(words)
    assert (1, 5, "dprd") in spans
    assert (1, 4, "dpr") in spans
    assert (6, 10, "mendikbud") in spans


def test_shipped_acronym_table_is_large_enough() -> None:
    assert len(Lexicon.default().acronyms) >= 60


def test_sergei_and_sergey_are_variants_as_in_the_seeds() -> None:
    sergei_terms = set(exact_terms(seed_text("000")))
    sergey_terms = set(exact_terms(seed_text("004")))
    assert "sergei" in sergei_terms and "sergey" not in sergei_terms
    assert "sergey" in sergey_terms
    assert "sergey" in name_variants("Sergei")
    assert "sergei" in name_variants("sergey")


@pytest.mark.parametrize(("word", "variant"), [("kiev", "kyiv"), ("zelensky", "zelenskyy")])
def test_transliterated_place_and_person_names_have_variants(word: str, variant: str) -> None:
    assert variant in name_variants(word)
    assert word not in name_variants(word)


def test_explain_reports_offsets_terms_and_reasons() -> None:
    text = "Menlu Retno di Bekasi, pertahanan 33,5"
    by_text = {e.text: e for e in explain(text)}
    assert by_text["di"].stem is None and by_text["di"].reason == "stop word"
    assert by_text["Menlu"].reason == "acronym"
    assert by_text["Bekasi"].reason == "protected"
    assert by_text["pertahanan"].reason == "stemmed"
    assert by_text["33,5"].reason == "number"
    for explanation in by_text.values():
        assert text[explanation.start : explanation.end] == explanation.text


def test_override_file_keeps_words_and_maps_stems(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("# my words\npertahanan\nkemlu menlu  # short form\n", encoding="utf-8")
    lexicon = Lexicon.from_files(override_file=overrides)
    assert analyze_query_word("pertahanan", lexicon) == ("pertahanan", "pertahanan")
    assert analyze_query_word("kemlu", lexicon) == ("kemlu", "menlu")
    assert analyze_query_word("pertahanan")[1] == analyze_query_word("tahanan")[1]


def test_override_file_rejects_malformed_lines(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("one two three\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        Lexicon.from_files(override_file=overrides)


def test_user_acronyms_extend_the_table_and_are_protected(tmp_path: Path) -> None:
    acronyms = tmp_path / "acronyms.txt"
    acronyms.write_text("kemlu\tkementerian luar negeri\n", encoding="utf-8")
    lexicon = Lexicon.from_files(acronym_file=acronyms)
    assert acronym_expansions("kemlu", lexicon) == [("kementerian", "luar", "negeri")]
    assert (0, 3, "kemlu") in acronyms_for(["kementerian", "luar", "negeri"], lexicon)


def test_user_lexicon_survives_pickling_inside_the_analyzer(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("pertahanan\n", encoding="utf-8")
    analyzer = stemmed_analyzer(Lexicon.from_files(override_file=overrides))
    restored = pickle.loads(pickle.dumps(analyzer))
    assert [t.text for t in restored("pertahanan")] == ["pertahanan"]


def test_capitalised_mid_sentence_words_are_found_as_names() -> None:
    texts = ["Banjir melanda Kebun Jeruk. Warga Kebun Jeruk mengungsi ke kebun tetangga."] * 3
    names = capitalised_words(texts)
    assert "jeruk" in names
    assert "kebun" not in names
    assert "banjir" not in names


def test_corpus_evidence_protects_names_sastrawi_would_cut() -> None:
    texts = ["Turis di Seminyak dan Bekasi. Mereka ke Seminyak lagi."] * 3
    protected = corpus_protected_words(texts)
    assert "seminyak" in protected
    lexicon = Lexicon.default().with_protected(protected)
    assert analyze_query_word("Seminyak", lexicon) == ("seminyak", "seminyak")
    assert analyze_query_word("Seminyak")[1] == "minyak"


def test_stem_cache_round_trips_between_runs() -> None:
    clear_stem_cache()
    [t.text for t in stemmed_analyzer()("pertemuan dilaporkan")]
    snapshot = stem_cache_snapshot()
    assert snapshot["pertemuan"] == "temu"
    clear_stem_cache()
    warm_stem_cache({"dilaporkan": "sentinel", "G20": "x"})
    assert [t.text for t in stemmed_analyzer()("dilaporkan")] == ["sentinel"]
    assert "G20" not in stem_cache_snapshot()
    clear_stem_cache()


def test_stem_cache_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from searchlib.analysis import stemming

    clear_stem_cache()
    monkeypatch.setattr(stemming, "MAX_STEM_CACHE_SIZE", 4)
    words = ["membaca", "menulis", "berlari", "bertemu", "pertemuan", "dilaporkan", "kebijakan"]
    assert [stemming.sastrawi_stem(w) for w in words][-1] == "bijak"
    assert 0 < len(stem_cache_snapshot()) <= 4
    clear_stem_cache()
