"""Both views of a text from one pass over it, for indexing.

The analyzers (:mod:`.analyzers`) are Whoosh analysis chains: a generator per
stage and a Token object per word, run once per field, so indexing a text in
its exact and its stemmed view tokenizes it twice and pays several Python
steps per token each time. Indexing needs only each view's terms in order
(and where the first stands), so :func:`text_views` tokenizes once
(:func:`~.tokenizer.token_texts`), drops stop words and stems the rest with
the same lists and the same stem cache as the chains: the same terms at the
same positions, three times faster on IndoSum's article texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from searchlib.analysis.filters import (
    NewsStopFilter,
    OnlyStopWordsFilter,
    ProtectOrStemFilter,
    stem_for,
)
from searchlib.analysis.lexicon import Lexicon
from searchlib.analysis.stemming import live_stem_cache
from searchlib.analysis.tokenizer import NewsTokenizer, token_spans, token_texts


class TextViews(NamedTuple):
    """The two views of one text as the analyzers index it.

    `exact` holds the tokens left after stop words, as written (lowercased);
    `stems` their stems, in the same order; `start` is the position of the
    first of them (stop words before it count, as the stop filter numbers
    them); `tokens` counts every token, stop words included; `stops` holds
    the stop words left out, in order (the stop-word view).
    """

    exact: list[str]
    stems: list[str]
    start: int
    tokens: int
    stops: list[str]


def text_views(text: str, lexicon: Lexicon | None = None) -> TextViews:
    """Both views of `text` (the exact and stemmed analyzers' terms), from one tokenization."""
    lexicon = lexicon or Lexicon.default()
    words = token_texts(text)
    stops = lexicon.stop_words
    exact = [word for word in words if word not in stops]
    stopped = [word for word in words if word in stops]
    start = next((number for number, word in enumerate(words) if word not in stops), 0)
    fixed, cache = lexicon.fixed_stems, live_stem_cache()
    stems = []
    for word in exact:
        # As ProtectOrStemFilter does it, one or two dict lookups a word.
        stem = fixed.get(word) or cache.get(word)
        stems.append(stem if stem is not None else stem_for(word, fixed))
    return TextViews(exact, stems, start, len(words), stopped)


class TermSpan(NamedTuple):
    """One kept token of a text: where it stands, its exact form and its stem."""

    start: int
    end: int
    exact: str
    stem: str


def term_spans(text: str, lexicon: Lexicon | None = None) -> list[TermSpan]:
    """Every token of `text` left after stop words, with offsets and both views' terms.

    What the stemmed analyzer gives with ``chars=True`` (and the exact
    analyzer's text beside each stem), from one tokenization with the same
    lists and stem cache, for highlighting.
    """
    lexicon = lexicon or Lexicon.default()
    stops, fixed, cache = lexicon.stop_words, lexicon.fixed_stems, live_stem_cache()
    kept = []
    for start, end, word in token_spans(text):
        if word in stops:
            continue
        stem = fixed.get(word) or cache.get(word)
        kept.append(TermSpan(start, end, word, stem if stem is not None else stem_for(word, fixed)))
    return kept


def joined_views(parts: Sequence[TextViews]) -> TextViews:
    """The views of texts joined by blank lines, from the views of each.

    No token spans a line break, so the joined text's tokens are the parts'
    tokens one after another, and its first term stands after every token of
    the parts before the first part that keeps one.
    """
    start, before = 0, 0
    for part in parts:
        if part.exact:
            start = before + part.start
            break
        before += part.tokens
    return TextViews(
        [term for part in parts for term in part.exact],
        [term for part in parts for term in part.stems],
        start,
        sum(part.tokens for part in parts),
        [term for part in parts for term in part.stops],
    )


def is_lowercase_stable(text: str) -> bool:
    """Whether lowercasing keeps `text`'s length (then its tokens do not depend on
    the text around it, and views of parts can be joined)."""
    return len(text.lower()) == len(text)


def chain_lexicon(analyzer: Any) -> Lexicon | None:
    """The lexicon of an exact, stemmed or stop-word analyzer built by this package, else None.

    Lets an indexer check that a schema's text fields are analysed the way
    :func:`text_views` analyses (the news tokenizer, the stop filter, and for
    the stemmed view protect-or-stem, with one lexicon; or the news tokenizer
    keeping only stop words) before using it.
    """
    items = list(getattr(analyzer, "items", ()))
    if not items or type(items[0]) is not NewsTokenizer:
        return None
    if len(items) == 2 and type(items[1]) is OnlyStopWordsFilter:
        stop_lexicon: Lexicon = items[1].lexicon
        return stop_lexicon
    if len(items) < 2 or type(items[1]) is not NewsStopFilter:
        return None
    lexicon: Lexicon = items[1].lexicon
    if len(items) == 2:
        return lexicon
    if len(items) == 3 and type(items[2]) is ProtectOrStemFilter and items[2].lexicon == lexicon:
        return lexicon
    return None


def is_stemmed_chain(analyzer: Any) -> bool:
    """Whether `analyzer` (one :func:`chain_lexicon` accepts) is the stemmed view."""
    return len(list(getattr(analyzer, "items", ()))) == 3


def is_stop_words_chain(analyzer: Any) -> bool:
    """Whether `analyzer` (one :func:`chain_lexicon` accepts) is the stop-word view."""
    items = list(getattr(analyzer, "items", ()))
    return len(items) == 2 and type(items[1]) is OnlyStopWordsFilter


__all__ = [
    "TermSpan",
    "TextViews",
    "chain_lexicon",
    "is_lowercase_stable",
    "is_stemmed_chain",
    "is_stop_words_chain",
    "joined_views",
    "term_spans",
    "text_views",
]
