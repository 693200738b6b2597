"""A Whoosh tokenizer for Indonesian news text.

It differs from Whoosh's ``RegexTokenizer`` where Indonesian news needs it:

* numbers and codes stay whole: ``33,5``, ``29/7``, ``1.000``, ``G20``,
  ``COVID-19``, so they are searchable as written;
* reduplication (``negara-negara``, ``sekutu-sekutunya``, ``berbalas-balasan``),
  a word with a hyphenated clitic (``kuasa-Mu``) and a hyphenated root that
  Sastrawi's dictionary lists (``bolak-balik``) stay one token, which Sastrawi
  then stems to its base;
* other hyphenated compounds (``AS-Rusia``) yield their parts as consecutive
  tokens, so ``AS`` and ``Rusia`` are found on their own and the compound is
  found as a phrase (a query for ``AS-Rusia`` tokenizes to the same parts);
* apostrophes inside names (``Ma'ruf``, ``Jum'at``) stay inside the token, and
  typographic apostrophes are folded to ``'`` so both spellings match.

Every token carries its character offsets in the original text, including the
parts of a compound, so highlighting marks exactly what the reader wrote.

The tokenizer also lowercases: one ``str.lower()`` over the whole text costs
far less than a lowercase filter touching every token, and both views need
lowercase forms. (Where lowercasing would change the length of the text, as
for a dotted capital I, tokens are lowercased one by one so offsets stay true.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from whoosh.analysis import Token, Tokenizer

# A number with inner separators (33,5  29/7  1.000.000  12:30), else a run of
# letters/digits that may contain apostrophes and hyphens between runs.
_TOKEN = re.compile(
    r"\d+(?:[.,/:]\d+)+"
    r"|[^\W_]+(?:['\u2019][^\W_]+)*(?:-[^\W_]+(?:['\u2019][^\W_]+)*)*"
)
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,/:]\d+)*")

# Clitics that may follow a reduplicated pair as a third hyphenated part
# (malaikat-malaikat-nya); the same list Sastrawi uses for plurals.
_CLITICS = frozenset({"ku", "mu", "nya", "lah", "kah", "tah", "pun"})

# Two halves are a reduplication when they share a run of this many letters
# (or the whole shorter half): negara-negara, ibu-ibu, tarik-menarik (arik),
# meniru-nirukan (niru) do; compounds of names such as Rusia-Ukraina,
# Asia-Pasifik or Jakarta-Bandung share no run of four.
_REDUPLICATION_OVERLAP = 4


@cache
def hyphenated_roots() -> frozenset[str]:
    """Hyphenated words in Sastrawi's root dictionary (bolak-balik, basa-basi)."""
    dictionary = resources.files("Sastrawi.Stemmer").joinpath("data", "kata-dasar.txt")
    words = dictionary.read_text(encoding="utf-8").split()
    return frozenset(word for word in words if "-" in word)


def is_single_word(word: str) -> bool:
    """Whether a hyphenated word is one word (reduplication, clitic, root), not a compound."""
    parts = word.lower().split("-")
    if len(parts) == 2 and parts[1] in _CLITICS:
        return True
    if len(parts) == 3 and parts[2] in _CLITICS:
        parts = parts[:2]
    if len(parts) != 2:
        return False
    return is_reduplication(*parts) or "-".join(parts) in hyphenated_roots()


def is_reduplication(first: str, second: str) -> bool:
    """Whether two halves of a hyphenated word repeat one base (ibu-ibu, tarik-menarik)."""
    shorter, longer = sorted((first, second), key=len)
    size = min(_REDUPLICATION_OVERLAP, len(shorter))
    if size == 0:
        return False
    return any(shorter[i : i + size] in longer for i in range(len(shorter) - size + 1))


def split_word(word: str) -> list[tuple[int, int]]:
    """(start, end) spans, relative to ``word``, of the tokens one match yields.

    Codes that mix letters and digits (COVID-19, F-16) stay whole; ranges of
    numbers (2014-2019) split like compounds, so each year is found.
    """
    if "-" not in word:
        return [(0, len(word))]
    if _DIGIT.search(word):
        if not all(_NUMBER.fullmatch(part) for part in word.split("-")):
            return [(0, len(word))]
    elif is_single_word(word):
        return [(0, len(word))]
    spans = []
    start = 0
    for part in word.split("-"):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def token_texts(value: str) -> list[str]:
    """The texts of the tokens `NewsTokenizer` gives for `value`, in order.

    For indexing, which needs neither offsets nor Token objects: the regex's
    own list of matches, with compounds split and apostrophes folded as the
    tokenizer does. A text whose lowercase form has another length (a dotted
    capital I) goes through the tokenizer itself.
    """
    lowered = value.lower()
    if len(lowered) != len(value):
        return [token.text for token in NewsTokenizer()(value)]
    texts: list[str] = []
    for word in _TOKEN.findall(lowered):
        if "-" in word:
            spans = split_word(word)
            if len(spans) > 1:
                texts.extend(word[start:end].replace("\u2019", "'") for start, end in spans)
                continue
        if "\u2019" in word:
            word = word.replace("\u2019", "'")
        texts.append(word)
    return texts


def token_spans(value: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the tokens `NewsTokenizer` gives for `value`, in order.

    For highlighting, which needs offsets but no Token objects: the same
    tokens with the same character offsets, without a generator step per token.
    """
    lowered = value.lower()
    if len(lowered) != len(value):
        return [
            (token.startchar, token.endchar, token.text)
            for token in NewsTokenizer()(value, chars=True)
        ]
    spans: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(lowered):
        word, offset = match.group(), match.start()
        if "-" in word:
            parts = split_word(word)
            if len(parts) > 1:
                spans.extend(
                    (offset + start, offset + end, word[start:end].replace("\u2019", "'"))
                    for start, end in parts
                )
                continue
        if "\u2019" in word:
            word = word.replace("\u2019", "'")
        spans.append((offset, match.end(), word))
    return spans


class NewsTokenizer(Tokenizer):  # type: ignore[misc]
    """Lowercasing tokenizer for Indonesian news (see the module docstring)."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = value
            token.text = value.lower()
            token.stopped = False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        lowered = value.lower()
        per_token = len(lowered) != len(value)
        pos = start_pos
        for match in _TOKEN.finditer(value if per_token else lowered):
            word = match.group().lower() if per_token else match.group()
            if "-" in word:
                spans = split_word(word)
                if len(spans) > 1:
                    yield from self._parts(token, word, spans, pos, start_char + match.start(),
                                           positions, chars, keeporiginal)
                    pos += len(spans)
                    continue
            # One token per match: the hot path, kept free of calls.
            if "\u2019" in word:
                word = word.replace("\u2019", "'")
            token.text = word
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token

    @staticmethod
    def _parts(
        token: Token,
        word: str,
        spans: list[tuple[int, int]],
        pos: int,
        offset: int,
        positions: bool,
        chars: bool,
        keeporiginal: bool,
    ) -> Iterator[Token]:
        """The parts of a hyphenated compound as consecutive tokens."""
        for start, end in spans:
            text = word[start:end].replace("\u2019", "'")
            token.text = text
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = offset + start
                token.endchar = offset + end
            pos += 1
            yield token
