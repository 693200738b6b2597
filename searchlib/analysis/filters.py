"""Whoosh filters of the analysis chain: stop words, stop words only, and protect-or-stem."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token

from searchlib.analysis.lexicon import Lexicon
from searchlib.analysis.stemming import is_stemmable, live_stem_cache, sastrawi_stem


class _LexiconFilter(Filter):  # type: ignore[misc]
    """A filter steered by a lexicon: filters of one class and one lexicon are equal,
    which Whoosh relies on to tell whether two analyzers are the same."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.default()

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _LexiconFilter)
            and type(other) is type(self)
            and self.lexicon == other.lexicon
        )

    def __hash__(self) -> int:
        return hash((self.__class__, self.lexicon))


class NewsStopFilter(_LexiconFilter):
    """Drops stop words and renumbers positions so phrases close over the gaps.

    Unlike Whoosh's ``StopFilter`` it keeps one-character tokens (``5``, ``a``)
    and reads the stop list from the lexicon. Both views use it, so the exact
    and stemmed views of one text give each surviving token the same position.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stops = self.lexicon.stop_words
        pos = -1
        for token in tokens:
            if token.text in stops:
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if token.positions:
                # Like Whoosh's StopFilter: the first kept token keeps its
                # position, the next ones follow it without gaps.
                pos = token.pos if pos < 0 else pos + 1
                token.pos = pos
            yield token


class OnlyStopWordsFilter(_LexiconFilter):
    """Keeps the stop words and drops every other token: the stop-word view.

    The other views leave stop words out; this one holds only them (with
    frequencies, no positions), so a query's stop words can weigh a little
    where they break ties between articles that hold its content words.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stops = self.lexicon.stop_words
        for token in tokens:
            if token.text in stops:
                yield token


class ProtectOrStemFilter(_LexiconFilter):
    """Replaces each token by its stem unless the lexicon protects or overrides it.

    Only plain lowercase ASCII words (optionally hyphenated reduplications) go
    to Sastrawi; numbers, codes, words with apostrophes or accents stay whole
    because Sastrawi's normalizer would mangle them. The filter holds only its
    lexicon, so it pickles small; the stemmer is loaded on first use.
    """

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        fixed = self.lexicon.fixed_stems
        cache = live_stem_cache()
        for token in tokens:
            if not token.stopped:
                text = token.text
                # Hot path: one or two dict lookups per token.
                stem = fixed.get(text) or cache.get(text)
                token.text = stem if stem is not None else stem_for(text, fixed)
            yield token


def stem_for(word: str, fixed_stems: dict[str, str]) -> str:
    """The stemmed-view form of one lowercase word."""
    fixed = fixed_stems.get(word)
    if fixed is not None:
        return fixed
    if is_stemmable(word):
        return sastrawi_stem(word)
    return word


