""""Did you mean": a corrected query from the words the index actually holds.

Corrections come from the exact-form vocabulary (the lowercased words as
written), so a suggestion is always a real spelling from the user's own
archive: `Lavrof` -> `Lavrov`, `Stokholm` -> `Stockholm`. A word is corrected
when the index does not hold it at all, or when the search found few articles
and a near spelling is far more common.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from whoosh.reading import IndexReader

from searchlib._whoosh.spellings import words_within
from searchlib.store import documents

# Fewer hits than this and known-but-rare words are checked for a more common neighbour.
FEW_RESULTS = 3
# A known word is replaced only by a spelling at least this many times as frequent:
# both spellings are real, and the rarer one may be what the user meant.
MORE_COMMON_FACTOR = 10
# ... and only when it is itself this rare: a misspelling printed in an article or
# two, not a name such as Buni (Yani) that a filter happened to narrow to few hits.
MAX_TYPO_DOCS = 2
# Words shorter than this are not corrected: too many real words lie one edit away.
MIN_WORD_CHARS = 4
# Words at least this long may be two edits away from their correction.
TWO_EDITS_CHARS = 8
# Leading characters a correction must share (typos rarely hit the first letter,
# and the prefix keeps the vocabulary scan small).
SHARED_PREFIX = 1
# Words one query may have corrected. Each costs a walk of the word list per
# exact field and segment (~0.05 s per walk on IndoSum), so a pasted paragraph
# of misspellings took seconds; a typed query has a few words to correct.
MAX_CORRECTED_WORDS = 8

_EXACT_FIELDS = (documents.TITLE_EXACT, documents.BODY_EXACT)


def document_frequency(reader: IndexReader, word: str) -> int:
    """Articles holding `word` as written, in the title or the text."""
    return max(int(reader.doc_frequency(name, word)) for name in _EXACT_FIELDS)


def correction(reader: IndexReader, word: str, *, few_results: bool) -> str | None:
    """The most frequent nearby spelling of `word` in the index, when one is called for."""
    known = _known_if_correctable(reader, word, few_results=few_results)
    return None if known is None else _nearest(reader, word, known)


def _known_if_correctable(reader: IndexReader, word: str, *, few_results: bool) -> int | None:
    """How many articles hold `word`, if it is a word to correct; else None (no walk needed)."""
    if len(word) < MIN_WORD_CHARS or not word.isalpha():
        return None
    known = document_frequency(reader, word)
    if known and (not few_results or known > MAX_TYPO_DOCS):
        return None
    return known


def _nearest(reader: IndexReader, word: str, known: int) -> str | None:
    """The most frequent spelling near `word` and far more common than its `known` count."""
    distance = 2 if len(word) >= TWO_EDITS_CHARS else 1
    best: tuple[int, int, str] | None = None
    for candidate in _neighbours(reader, word, distance):
        frequency = document_frequency(reader, candidate)
        if frequency <= 0 or frequency < known * MORE_COMMON_FACTOR or candidate == word:
            continue
        key = (_edits(candidate, word), -frequency, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _neighbours(reader: IndexReader, word: str, distance: int) -> set[str]:
    """Words of the exact fields within `distance` edits of `word`.

    Asked of each segment on its own: a segment walks its word list with an
    edit-distance automaton, while a reader over several segments would
    compute the distance to every word sharing the prefix.
    """
    found: set[str] = set()
    for segment, _ in reader.leaf_readers():
        for name in _EXACT_FIELDS:
            if name in segment.schema:
                found.update(words_within(segment, name, word, distance, SHARED_PREFIX))
    return found


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (small words only; used to order a handful of candidates)."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def suggest_query(
    reader: IndexReader, query: str, words: Sequence[tuple[str, str]], total: int
) -> str | None:
    """`query` with misspelled words corrected, or None when nothing needs correcting."""
    few = total < FEW_RESULTS
    replacements: dict[str, str] = {}
    walks = 0
    for typed, exact in _unique(words):
        if typed.casefold() != exact:
            continue  # a word the analyzer split or normalised: leave it as typed
        known = _known_if_correctable(reader, exact, few_results=few)
        if known is None:
            continue
        if walks == MAX_CORRECTED_WORDS:
            break
        walks += 1
        fixed = _nearest(reader, exact, known)
        if fixed:
            replacements[typed] = match_case(typed, fixed)
    if not replacements:
        return None
    suggestion = query
    for typed, fixed in replacements.items():
        suggestion = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", fixed, suggestion)
    return suggestion if suggestion != query else None


def _unique(words: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(words))


def match_case(typed: str, word: str) -> str:
    """`word` in the capitalisation the user typed (`Lavrof` -> `Lavrov`, `NATO` stays upper)."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
