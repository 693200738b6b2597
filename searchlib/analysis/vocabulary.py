"""Query-time vocabulary: acronym expansions and spelling variants of names.

These do not change what is indexed; a query layer uses them to add alternative
terms (at a lower weight than what the user typed): ``Menlu`` also searches
"menteri luar negeri", "menteri luar negeri" also searches ``menlu``, and
``Sergei`` also searches ``Sergey``.
"""

from __future__ import annotations

from collections.abc import Sequence

from searchlib.analysis.lexicon import Lexicon


def acronym_expansions(word: str, lexicon: Lexicon | None = None) -> list[tuple[str, ...]]:
    """Expansions of an acronym as lowercase word tuples: menlu -> [(menteri, luar, negeri)]."""
    lexicon = lexicon or Lexicon.default()
    return list(lexicon.acronyms.get(word.lower(), ()))


def acronyms_for(
    words: Sequence[str], lexicon: Lexicon | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, acronym) for every span of ``words`` that an acronym stands for.

    Stop words inside the span are skipped on both sides, so ``menteri
    pendidikan dan kebudayaan`` and ``menteri pendidikan kebudayaan`` both give
    ``mendikbud``. Overlapping spans are all reported (``dewan perwakilan rakyat
    daerah`` gives ``dprd`` and ``dpr``), longest first at each start.
    """
    lexicon = lexicon or Lexicon.default()
    lowered = [word.lower() for word in words]
    kept = [i for i, word in enumerate(lowered) if word not in lexicon.stop_words]
    spans: list[tuple[int, int, str]] = []
    for k, index in enumerate(kept):
        for expansion, acronym in lexicon.expansion_index.get(lowered[index], ()):
            following = kept[k : k + len(expansion)]
            if len(following) == len(expansion) and all(
                lowered[i] == word for i, word in zip(following, expansion, strict=True)
            ):
                spans.append((index, following[-1] + 1, acronym))
    return spans


def name_variants(word: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Other spellings of a transliterated name: sergei -> {sergey, ...}; lowercase."""
    lexicon = lexicon or Lexicon.default()
    return lexicon.variants.get(word.lower(), frozenset())
