"""Why each word of a text became the term it did (for ``searchlib analyze``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from searchlib.analysis.analyzers import exact_analyzer
from searchlib.analysis.lexicon import Lexicon
from searchlib.analysis.stemming import is_stemmable, sastrawi_stem

_NUMBER = re.compile(r"[\d.,/:]+")


@dataclass(frozen=True)
class TokenExplanation:
    """One token: where it is in the text, its exact-view and stemmed-view terms, and why.

    ``reason`` is one of: ``stemmed`` (Sastrawi removed affixes), ``root``
    (Sastrawi left it unchanged), ``protected`` (a listed or user-kept name),
    ``acronym``, ``override`` (the user's stem), ``stop word`` (not indexed;
    ``stem`` is None), ``number``, ``code`` (letters with digits: G20) or
    ``kept whole`` (apostrophes or non-ASCII letters, which Sastrawi mangles).
    """

    text: str
    start: int
    end: int
    exact: str
    stem: str | None
    reason: str


def explain(text: str, lexicon: Lexicon | None = None) -> list[TokenExplanation]:
    """Every token of ``text``, stop words included, with its terms and the reason."""
    lexicon = lexicon or Lexicon.default()
    explanations = []
    for token in exact_analyzer(lexicon)(text, chars=True, removestops=False):
        stem, reason = _stem_and_reason(token.text, token.stopped, lexicon)
        explanations.append(
            TokenExplanation(
                text=text[token.startchar : token.endchar],
                start=token.startchar,
                end=token.endchar,
                exact=token.text,
                stem=stem,
                reason=reason,
            )
        )
    return explanations


def _stem_and_reason(word: str, stopped: bool, lexicon: Lexicon) -> tuple[str | None, str]:
    if stopped:
        return None, "stop word"
    override = lexicon.fixed_stems.get(word)
    if word in lexicon.acronyms and override == word:
        return word, "acronym"
    if override is not None:
        return override, "protected" if override == word else "override"
    if _NUMBER.fullmatch(word):
        return word, "number"
    if any(character.isdigit() for character in word):
        return word, "code"
    if not is_stemmable(word):
        return word, "kept whole"
    stem = sastrawi_stem(word)
    return stem, "stemmed" if stem != word else "root"
