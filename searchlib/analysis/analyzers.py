"""The two views of a text: stemmed (recall) and exact (precision).

Both chains share the (lowercasing) tokenizer and the stop handling, so for one text
they produce the same tokens at the same positions and character offsets; only
the token text differs. A query layer can therefore search both fields with one
parsed query and weigh exact matches above stem-only ones.
"""

from __future__ import annotations

from functools import cache

from whoosh.analysis import Analyzer

from searchlib.analysis.filters import NewsStopFilter, OnlyStopWordsFilter, ProtectOrStemFilter
from searchlib.analysis.lexicon import Lexicon
from searchlib.analysis.tokenizer import NewsTokenizer


def exact_analyzer(lexicon: Lexicon | None = None) -> Analyzer:
    """News tokenizer (lowercasing) | stop words: forms as written."""
    analyzer: Analyzer = NewsTokenizer() | NewsStopFilter(lexicon)
    return analyzer


def stemmed_analyzer(lexicon: Lexicon | None = None) -> Analyzer:
    """The exact chain followed by protect-or-stem (Sastrawi on plain words)."""
    analyzer: Analyzer = exact_analyzer(lexicon) | ProtectOrStemFilter(lexicon)
    return analyzer


def stop_words_analyzer(lexicon: Lexicon | None = None) -> Analyzer:
    """News tokenizer (lowercasing) | only the stop words: what the other views drop."""
    analyzer: Analyzer = NewsTokenizer() | OnlyStopWordsFilter(lexicon)
    return analyzer


def analyze_query_word(
    word: str, lexicon: Lexicon | None = None
) -> tuple[str | None, str | None]:
    """(exact form, stem) of one query word as the analyzers index it.

    Returns (None, None) for a stop word or a word without any token; for a
    word that splits into several tokens (``AS-Rusia``) it describes the first.
    """
    exact = [t.text for t in exact_analyzer(lexicon)(word)]
    if not exact:
        return None, None
    stems = [t.text for t in stemmed_analyzer(lexicon)(word)]
    return exact[0], stems[0]


def stop_words_of(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The stop words of `text`, in order, as the stop-word view indexes them."""
    return [token.text for token in stop_words_analyzer(lexicon)(text)]


@cache
def _shipped_stemmed_analyzer() -> Analyzer:
    return stemmed_analyzer()


def analyze_words(text: str) -> list[tuple[str, str]]:
    """(exact form, stem) of every token of `text`, with the shipped word lists.

    Stop words and tokens without a stem are left out.
    """
    return [
        (token.original.lower(), token.text)
        for token in _shipped_stemmed_analyzer()(text, keeporiginal=True, removestops=True)
        if token.text
    ]
