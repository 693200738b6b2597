"""Sastrawi behind a lazy, size-bounded, process-wide cache.

Sastrawi's ``stem_word`` walks up to dozens of affix-removal rules and dictionary
lookups per word, while news vocabulary is small and repetitive: the same few
tens of thousands of word forms recur in every article. A dictionary in front of
the stemmer turns almost every call into one hash lookup. The cache is
process-wide so that every analyzer (index, query, highlighting) shares it, and
it can be snapshotted and warmed so an indexer can carry stems between runs.

The stemmer itself is built on first use, never at import or unpickling time,
so loading an index schema stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import islice
from typing import Protocol

from searchlib.analysis.roots import checked_root


class _Dictionary(Protocol):
    def contains(self, word: str) -> bool: ...


class _WordStemmer(Protocol):
    dictionary: _Dictionary

    def stem_word(self, word: str) -> str: ...


# Indonesian news has ~100k distinct plain word forms per million words; 300k
# entries (roughly 40 MB of short strings) hold the working vocabulary of a
# large archive while bounding memory.
MAX_STEM_CACHE_SIZE = 300_000

# Sastrawi's rules and dictionary only know lowercase ASCII letters; anything
# else (apostrophes, accents, digits) is mangled by its normalizer, so only
# these forms (optionally hyphenated, for reduplication) are ever stemmed.
_STEMMABLE = re.compile(r"[a-z]+(?:-[a-z]+)*")

# Changes whenever the same word could get a different stem (Sastrawi version,
# root check), so that a persisted stem cache from an older run is not reused.
STEM_CACHE_VERSION = "sastrawi-1.2.1/root-check-1"

_stem_cache: dict[str, str] = {}
_stemmer: _WordStemmer | None = None


def is_stemmable(word: str) -> bool:
    """Whether Sastrawi can stem ``word`` without mangling it."""
    return _STEMMABLE.fullmatch(word) is not None


def _load_stemmer() -> _WordStemmer:
    """Build the uncached word stemmer (Sastrawi's own cache is unbounded).

    It is Sastrawi's stemmer with each word offered only the prefix rules
    that can match it (:mod:`searchlib.analysis.gated_sastrawi`): the same
    stem for every word, several times faster on words not seen before.
    """
    from searchlib.analysis.gated_sastrawi import load_gated_stemmer

    stemmer: _WordStemmer = load_gated_stemmer()
    return stemmer


def sastrawi_stem(word: str) -> str:
    """The root of one lowercase plain word, through the bounded cache.

    Sastrawi's ``stem_word`` (computed by the gated stemmer, which gives the
    same stems), with its root double-checked against the same dictionary
    (:func:`searchlib.analysis.roots.checked_root`) for words without hyphens.
    """
    stem = _stem_cache.get(word)
    if stem is None:
        global _stemmer
        if _stemmer is None:
            _stemmer = _load_stemmer()
        stem = _stemmer.stem_word(word)
        if "-" not in word:
            stem = checked_root(word, stem, _stemmer.dictionary.contains)
        _remember(word, stem)
    return stem


def _remember(word: str, stem: str) -> None:
    """Store one stem, dropping the oldest half of the cache when it is full.

    Dropping in bulk by insertion order keeps the hot path a plain dict lookup
    (no LRU bookkeeping per hit); frequent words are simply re-learned.
    """
    if len(_stem_cache) >= MAX_STEM_CACHE_SIZE:
        for old in list(islice(_stem_cache, MAX_STEM_CACHE_SIZE // 2)):
            del _stem_cache[old]
    _stem_cache[word] = stem


def live_stem_cache() -> dict[str, str]:
    """The cache itself, read-only by convention, for filters' hot loops."""
    return _stem_cache


def stem_cache_snapshot() -> dict[str, str]:
    """A copy of the cached word -> stem pairs, for persisting with STEM_CACHE_VERSION."""
    return dict(_stem_cache)


def warm_stem_cache(stems: Mapping[str, str]) -> None:
    """Preload stems computed by an earlier run; ignores non-stemmable words."""
    for word, stem in stems.items():
        if word not in _stem_cache and is_stemmable(word):
            _remember(word, stem)


def clear_stem_cache() -> None:
    """Forget every cached stem (for measurements and tests)."""
    _stem_cache.clear()
