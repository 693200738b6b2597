"""Proper names found in a corpus: words capitalised mid-sentence, to protect from stemming.

A shipped list cannot know every village, politician or company in a user's
archive. The text itself can: in Indonesian, as in English, a word written with
a capital letter in the middle of a sentence nearly every time it occurs there
is a name (Bekasi, Kediri, Marsudi), while ordinary words are capitalised only
at the start of a sentence. An indexer can call :func:`corpus_protected_words`
over its articles (or a sample) and pass the result to
``Lexicon.with_protected`` before building the analyzers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from searchlib.analysis.stemming import is_stemmable, sastrawi_stem

_WORD = re.compile(r"[A-Za-z]+")
# Characters after which the next word starts a sentence, heading or quotation.
_SENTENCE_BREAK = frozenset('.!?:;"\u201c\u201d\'(\n')

# A name must be seen at least this often mid-sentence, so one title-cased
# heading or an odd typo is no evidence.
MIN_MID_SENTENCE_COUNT = 3
# ... and capitalised in at least this share of those occurrences; ordinary
# words are capitalised mid-sentence only inside names of bodies (Menteri
# Pertahanan), which keeps their share well below this.
MIN_CAPITALISED_SHARE = 0.9


def capitalised_words(
    texts: Iterable[str],
    min_count: int = MIN_MID_SENTENCE_COUNT,
    min_share: float = MIN_CAPITALISED_SHARE,
) -> frozenset[str]:
    """Lowercased words that are capitalised in most of their mid-sentence occurrences."""
    capitalised: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text in texts:
        for match in _WORD.finditer(text):
            if _starts_sentence(text, match.start()):
                continue
            word = match.group(0)
            lowered = word.lower()
            total[lowered] += 1
            if word[0].isupper():
                capitalised[lowered] += 1
    return frozenset(
        word
        for word, count in total.items()
        if count >= min_count and capitalised[word] >= min_share * count
    )


def corpus_protected_words(
    texts: Iterable[str],
    min_count: int = MIN_MID_SENTENCE_COUNT,
    min_share: float = MIN_CAPITALISED_SHARE,
) -> frozenset[str]:
    """The capitalised words that Sastrawi would change, i.e. those that need protecting."""
    return frozenset(
        word
        for word in capitalised_words(texts, min_count, min_share)
        if is_stemmable(word) and sastrawi_stem(word) != word
    )


def _starts_sentence(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index < 0 or text[index] in _SENTENCE_BREAK
