"""Other forms a query word is searched in, besides the form typed and its stem.

A name's transliterated variants (`Sergei` -> `Sergey`), the words an
acronym stands for (`Menlu` -> "menteri luar negeri") and the acronym a run
of typed words spells out, a number's parts when a text spaces its
separator (`101,4` as "101, 4"), and how far a near spelling may stray. These
are word lists; the compiler searches them at a lower weight than the word as
typed (:class:`~searchlib.query.ranking.Ranking`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from searchlib.analysis import Lexicon, acronym_expansions, acronyms_for, name_variants

# Query words at least this long get near-spelling alternatives when asked for;
# shorter words have too many neighbours one edit away (`tahu`/`tahun`/`tahi`).
FUZZY_MIN_CHARS = 5
# Words this long may be two edits off; shorter ones one edit.
FUZZY_TWO_EDITS_CHARS = 8
# Leading characters a near spelling shares with the word (typos rarely hit the
# first letter, and the prefix keeps the walk of the word list short).
FUZZY_PREFIX = 1
# Query words that get near spellings when asked for. Each costs a walk of the
# index's word list per exact field (~0.05 s per walk on IndoSum's 3,463
# articles, more on a larger vocabulary), so a query of dozens of long words
# took seconds; a typed query has a few words, and the rest are searched as
# written.
MAX_FUZZY_WORDS = 8


def name_spellings(exact: str, lexicon: Lexicon) -> list[str]:
    """Other spellings of a name (`sergei` -> `sergey`), in a stable order."""
    return sorted(name_variants(exact, lexicon))


def acronym_words(exact: str, lexicon: Lexicon) -> list[list[str]]:
    """The words each expansion of an acronym stands for, stop words left out."""
    return [
        [word for word in expansion if word not in lexicon.stop_words]
        for expansion in acronym_expansions(exact, lexicon)
    ]


def acronym_spans(words: Sequence[str], lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Non-overlapping runs of `words` that spell out an acronym (longest first), in order."""
    spans: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for start, end, acronym in acronyms_for(words, lexicon):
        if end - start > 1 and not taken & set(range(start, end)):
            taken.update(range(start, end))
            spans.append((start, end, acronym))
    return sorted(spans)


# A number with decimal or thousands separators: 101,4 or 1.000 or 2.200,50.
_SEPARATED_NUMBER = re.compile(r"\d+(?:[.,]\d+)+")


def number_parts(exact: str) -> list[str]:
    """The parts of a separated number, as the index holds it when written with spaces.

    Text often spaces a separator ("101, 4", "1. 000"); the analyzer keeps
    `101,4` whole but reads "101, 4" as two tokens, so the typed number
    alone would miss those texts.
    """
    if not _SEPARATED_NUMBER.fullmatch(exact):
        return []
    return re.split(r"[.,]", exact)


def fuzzy_edits(exact: str) -> int:
    """How many edits a near spelling of `exact` may be off (0: none is searched).

    Only alphabetic words of FUZZY_MIN_CHARS or more get near spellings (of
    a query's first MAX_FUZZY_WORDS such words: the compiler counts them).
    """
    if len(exact) < FUZZY_MIN_CHARS or not exact.isalpha():
        return 0
    return 2 if len(exact) >= FUZZY_TWO_EDITS_CHARS else 1
