"""Snippet selection, cutting and highlighting."""

from __future__ import annotations

from searchlib.search.snippets import (
    ELLIPSIS,
    MAX_FRAGMENT_CHARS,
    QueryTerms,
    Snippet,
    highlight,
    make_snippets,
    normalize_whitespace,
    split_sentences,
)


def highlighted_words(snippet: Snippet) -> list[str]:
    return [snippet.text[start:end] for start, end in snippet.highlights]


STEM_TEMU = QueryTerms(stems=frozenset({"temu"}), exact=frozenset({"pertemuan"}))


def test_stem_aware_highlight_marks_the_form_as_written() -> None:
    snippet = highlight("Menlu Rusia dan AS Bertemu Bahas Ukraina", STEM_TEMU)
    assert highlighted_words(snippet) == ["Bertemu"]


def test_sentences_split_at_final_punctuation_before_a_capital() -> None:
    paragraph = 'Lavrov tiba di Jenewa. "Kami siap," katanya. Blinken menyusul pada Jumat (21/1).'
    assert split_sentences(paragraph) == [
        "Lavrov tiba di Jenewa.",
        '"Kami siap," katanya.',
        "Blinken menyusul pada Jumat (21/1).",
    ]


def test_decimal_numbers_do_not_end_a_sentence() -> None:
    assert split_sentences("Ekonomi tumbuh 5.2 persen tahun ini.") == [
        "Ekonomi tumbuh 5.2 persen tahun ini."
    ]


def test_fragments_cover_distinct_query_words_before_repeating_one() -> None:
    paragraphs = [
        "Lavrov berbicara di Moskow. Lavrov lagi di Moskow bersama Lavrov.",
        "Pertemuan di Jenewa berakhir tanpa kesepakatan.",
    ]
    terms = QueryTerms(stems=frozenset({"lavrov", "jenewa"}), exact=frozenset())
    snippets = make_snippets(paragraphs, terms, fragments=2)
    covered = {word.casefold() for s in snippets for word in highlighted_words(s)}
    assert covered == {"lavrov", "jenewa"}


def test_fragments_are_in_document_order() -> None:
    paragraphs = ["Jenewa disebut sekali.", "Lavrov dan Jenewa disebut bersama."]
    terms = QueryTerms(stems=frozenset({"lavrov", "jenewa"}), exact=frozenset())
    snippets = make_snippets(paragraphs, terms, fragments=2)
    assert [s.text for s in snippets] == [
        "Jenewa disebut sekali.",
        "Lavrov dan Jenewa disebut bersama.",
    ]


def test_long_sentence_is_cut_around_its_match_with_ellipses() -> None:
    filler = " ".join(["kata"] * 80)
    sentence = f"{filler} Lavrov hadir {filler}."
    [snippet] = make_snippets([sentence], QueryTerms(frozenset({"lavrov"}), frozenset()))
    assert len(snippet.text) <= MAX_FRAGMENT_CHARS + 2 * len(ELLIPSIS)
    assert snippet.text.startswith(ELLIPSIS) and snippet.text.endswith(ELLIPSIS)
    assert highlighted_words(snippet) == ["Lavrov"]


def test_without_matches_the_opening_sentence_stands_in() -> None:
    snippets = make_snippets(["Kalimat pertama. Kalimat kedua."], STEM_TEMU)
    assert [s.text for s in snippets] == ["Kalimat pertama."]
    assert snippets[0].highlights == ()


def test_whitespace_is_normalised_before_offsets_are_taken() -> None:
    assert normalize_whitespace("  Lavrov\n\u00a0 tiba\t di  Jenewa ") == "Lavrov tiba di Jenewa"
    snippet = highlight("Lavrov\n\n  bertemu   Blinken", STEM_TEMU)
    assert snippet.text == "Lavrov bertemu Blinken"
    assert highlighted_words(snippet) == ["bertemu"]


def test_html_rendering_escapes_article_text() -> None:
    text = '<script>alert(1)</script> "><img onerror=x> Lavrov'
    snippet = Snippet(text, ((text.index("Lavrov"), len(text)),))
    rendered = snippet.to_html()
    assert "<script>" not in rendered and "<img" not in rendered
    assert rendered.endswith("<mark>Lavrov</mark>")


def test_the_quick_prefilter_never_rules_out_a_prefixed_form() -> None:
    from searchlib.search.snippets import find_matches, may_match

    for stem, written in [("pukul", "Dia memukul"), ("sapu", "Ibu menyapu"),
                          ("tulis", "Ia menulis surat"), ("kirim", "Paket pengiriman"),
                          ("temu", "Mereka bertemu")]:
        terms = QueryTerms(stems=frozenset({stem}), exact=frozenset())
        assert may_match(written, terms)
        assert find_matches(written, terms), written
    assert not may_match("Cuaca cerah hari ini.", STEM_TEMU)
