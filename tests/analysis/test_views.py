"""Both views of a text from one pass: the very terms and positions the analyzers give."""

from __future__ import annotations

from pathlib import Path

import pytest
from record_corpus import excerpt_records

from searchlib.analysis import (
    Lexicon,
    chain_lexicon,
    exact_analyzer,
    is_stemmed_chain,
    is_stop_words_chain,
    joined_views,
    stemmed_analyzer,
    stop_words_analyzer,
    term_spans,
    text_views,
)
from searchlib.analysis.tokenizer import NewsTokenizer, token_spans, token_texts

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Hand-made cases for what the tokenizer and the stop filter treat specially.
EDGE_CASES = [
    "",
    "yang dan di",  # stop words only
    "Yang pertama: Menlu AS-Rusia bertemu di Jenewa.",  # stop word first, a compound
    "negara-negara sekutu-sekutunya kuasa-Mu bolak-balik COVID-19 2014-2019",
    "Ma'ruf Amin dan Jum\u2019at, 33,5 persen, 1.000.000 rupiah pukul 12:30",
    "\u0130stanbul dan \u0130zmir dikunjungi",  # a dotted capital I lowercases longer
    "Kata\u2019kata --- dan ... lalu?! -tanda- _x_",
    "Anggaran pertahanan naik; para tahanan dibebaskan.",
]


def _texts() -> list[str]:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    records = [f"{record.get('title_slug', '')}\n{record['text']}" for record in excerpt_records()]
    return [*EDGE_CASES, *seeds, *records]


def _analysed(text: str, analyzer_factory: object) -> tuple[list[str], list[int]]:
    tokens = [(t.text, t.pos) for t in analyzer_factory()(text, positions=True)]  # type: ignore[operator]
    return [text for text, _ in tokens], [pos for _, pos in tokens]


@pytest.mark.parametrize("text", _texts(), ids=lambda text: text[:24])
def test_one_pass_gives_the_analyzers_terms_and_positions(text: str) -> None:
    views = text_views(text)
    exact, positions = _analysed(text, exact_analyzer)
    assert views.exact == exact
    assert views.stems == _analysed(text, stemmed_analyzer)[0]
    assert views.stops == _analysed(text, stop_words_analyzer)[0]
    assert positions == list(range(views.start, views.start + len(exact)))
    assert views.tokens == len(list(NewsTokenizer()(text)))


def test_token_texts_are_the_tokenizers_texts() -> None:
    for text in _texts():
        assert token_texts(text) == [token.text for token in NewsTokenizer()(text)]


def test_token_spans_are_the_tokenizers_offsets_and_texts() -> None:
    for text in _texts():
        assert token_spans(text) == [
            (token.startchar, token.endchar, token.text)
            for token in NewsTokenizer()(text, chars=True)
        ]


@pytest.mark.parametrize("text", _texts(), ids=lambda text: text[:24])
def test_term_spans_are_the_analyzers_tokens_with_offsets(text: str) -> None:
    stemmed = [(t.startchar, t.endchar, t.text) for t in stemmed_analyzer()(text, chars=True)]
    exact = [t.text for t in exact_analyzer()(text)]
    spans = term_spans(text)
    assert [(span.start, span.end, span.stem) for span in spans] == stemmed
    assert [span.exact for span in spans] == exact


def test_views_of_parts_join_like_the_joined_text() -> None:
    parts = ["Yang pertama dari", "dan", "Menlu AS-Rusia bertemu di Jenewa.", "Foto: Antara"]
    joined = joined_views([text_views(part) for part in parts])
    whole = text_views("\n\n".join(parts))
    assert joined == whole
    assert joined.start == 1  # "yang" is a stop word; "pertama" keeps its place
    assert joined.stops == ["yang", "dari", "dan", "di", "antara"]  # "Foto: Antara"


def test_a_lexicon_of_the_index_is_used() -> None:
    lexicon = Lexicon.default()
    assert text_views("pertahanan negara", lexicon).stems == [
        t.text for t in stemmed_analyzer(lexicon)("pertahanan negara")
    ]


def test_only_searchlibs_own_chains_are_recognised() -> None:
    from whoosh.analysis import StandardAnalyzer

    lexicon = Lexicon.default()
    assert chain_lexicon(exact_analyzer(lexicon)) == lexicon
    assert chain_lexicon(stemmed_analyzer(lexicon)) == lexicon
    assert chain_lexicon(stop_words_analyzer(lexicon)) == lexicon
    assert is_stemmed_chain(stemmed_analyzer()) and not is_stemmed_chain(exact_analyzer())
    assert is_stop_words_chain(stop_words_analyzer())
    assert not is_stop_words_chain(exact_analyzer()) and not is_stop_words_chain(stemmed_analyzer())
    assert chain_lexicon(StandardAnalyzer()) is None
    assert chain_lexicon(NewsTokenizer()) is None
