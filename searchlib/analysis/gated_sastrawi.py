"""Sastrawi's word stemmer with prefix-gated rules: the same stems, several times faster.

Sastrawi's ``Context`` strips a prefix by offering the word to ~40 prefix
rules in turn, for up to three rounds, and each rule runs its regular
expressions through ``re.match(pattern_string, word)``. Most rules cannot
apply to a given word (``meng-`` rules to ``diberikan``), yet every one of
them is asked, every round: about a hundred pattern matches per word. The
removed affix is then found with ``re.sub(result, '', word)``, compiling the
remaining word as a fresh pattern each time.

Here the algorithm, the rules and their order, the dictionary and the
control flow all stay Sastrawi's own (its ``Stemmer`` and ``Context`` are
subclassed, its prefix disambiguator objects reused as they are); only the
slow parts are replaced, each by an equivalent:

* Each prefix rule declares the literal beginnings a word must have for any
  of its patterns to match (``ber`` for rules 1-3), and a round offers the
  word only to the rules whose beginnings fit its first three letters. A rule
  left out would have changed nothing, and the dictionary and stop checks
  Sastrawi makes after it would have repeated the checks made after the rule
  before it, so the round ends exactly as Sastrawi's does. The first rule
  (plain ``di-/ke-/se-``) is always offered, since the checks after it are
  the round's first.
* The suffix and plain-prefix rules use precompiled copies of Sastrawi's
  patterns, and the removed part is cut out of the word directly: for a
  pattern made of letters and hyphens only, ``re.sub(result, '', word,
  count=1)`` removes the leftmost occurrence of ``result``, which is what
  ``str.find`` locates.
* The precedence adjustment test (which confixes lose their prefix first),
  built and matched from pattern strings per word by Sastrawi, uses the same
  patterns precompiled.
* The dictionary answers with a set's own ``__contains__``.

Words with characters other than lowercase letters and hyphens (which
Sastrawi's rules never expect, and where a result could be read as a
pattern) go to an untouched Sastrawi stemmer over the same dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from Sastrawi.Stemmer.Context.Context import Context
from Sastrawi.Stemmer.Context.Removal import Removal
from Sastrawi.Stemmer.Context.Visitor.DontStemShortWord import DontStemShortWord
from Sastrawi.Stemmer.Context.Visitor.VisitorProvider import VisitorProvider
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

# Words whose every rule result is a plain literal when read as a pattern.
_LITERAL_WORD = re.compile(r"[a-z-]*")

_CONSONANTS = "bcdfghjklmnpqrstvwxyz"

# The beginnings a word needs for any pattern of each Sastrawi prefix rule to
# match, read off the patterns in Sastrawi/Morphology/Disambiguator/ (only the
# first three letters are used: a longer beginning is cut to three). A rule
# missing here is offered every word, as Sastrawi does.
RULE_BEGINNINGS: dict[str, tuple[str, ...]] = {
    "DisambiguatorPrefixRule1a": ("ber",),  # ^ber([aiueo].*)$
    "DisambiguatorPrefixRule1b": ("ber",),  # ^ber([aiueo].*)$
    "DisambiguatorPrefixRule2": ("ber",),  # ^ber([C])([a-z])(.*)
    "DisambiguatorPrefixRule3": ("ber",),  # ber([C])([a-z])er([aiueo])(.*) with re.match
    "DisambiguatorPrefixRule4": ("belajar",),  # word == 'belajar'
    "DisambiguatorPrefixRule5": ("be",),  # be([C])(er[C])(.*)$ with re.match
    "DisambiguatorPrefixRule6a": ("ter",),  # ^ter([aiueo].*)$
    "DisambiguatorPrefixRule6b": ("ter",),  # ^ter([aiueo].*)$
    "DisambiguatorPrefixRule7": ("ter",),  # ^ter([C])er([aiueo].*)$
    "DisambiguatorPrefixRule8": ("ter",),  # ^ter([C])(.*)$
    "DisambiguatorPrefixRule9": ("te",),  # ^te([C])er([C])(.*)$
    "DisambiguatorPrefixRule10": ("mel", "mer", "mew", "mey"),  # ^me([lrwy])([aiueo])(.*)$
    "DisambiguatorPrefixRule11": ("mem",),  # ^mem([bfv])(.*)$
    "DisambiguatorPrefixRule12": ("mempe",),  # ^mempe(.*)$
    "DisambiguatorPrefixRule13a": ("mem",),  # ^mem([aiueo])(.*)$
    "DisambiguatorPrefixRule13b": ("mem",),  # ^mem([aiueo])(.*)$
    "DisambiguatorPrefixRule14": ("men",),  # ^men([cdjstz])(.*)$
    "DisambiguatorPrefixRule15a": ("men",),  # ^men([aiueo])(.*)$
    "DisambiguatorPrefixRule15b": ("men",),  # ^men([aiueo])(.*)$
    "DisambiguatorPrefixRule16": ("meng",),  # ^meng([ghqk])(.*)$
    "DisambiguatorPrefixRule17a": ("meng",),  # ^meng([aiueo])(.*)$
    "DisambiguatorPrefixRule17b": ("meng",),  # ^meng([aiueo])(.*)$
    "DisambiguatorPrefixRule17c": ("menge",),  # ^menge(.*)$
    "DisambiguatorPrefixRule17d": ("meng",),  # ^meng([aiueo])(.*)$
    "DisambiguatorPrefixRule18a": ("meny",),  # ^meny([aiueo])(.*)$
    "DisambiguatorPrefixRule18b": ("meny",),  # ^meny([aiueo])(.*)$
    "DisambiguatorPrefixRule19": ("memp",),  # ^memp([a-z but e, n])(.*)$
    "DisambiguatorPrefixRule20": ("pew", "pey"),  # ^pe([wy])([aiueo])(.*)$
    "DisambiguatorPrefixRule21a": ("per",),  # ^per([aiueo])(.*)$
    "DisambiguatorPrefixRule21b": ("per",),  # ^pe(r[aiueo])(.*)$
    "DisambiguatorPrefixRule23": ("per",),  # ^per([C])([a-z])(.*)$
    "DisambiguatorPrefixRule24": ("per",),  # ^per([C])([a-z])er([aiueo])(.*)$
    "DisambiguatorPrefixRule25": ("pem",),  # ^pem([bfv])(.*)$
    "DisambiguatorPrefixRule26a": ("pem",),  # ^pem([aiueo])(.*)$
    "DisambiguatorPrefixRule26b": ("pem",),  # ^pem([aiueo])(.*)$
    "DisambiguatorPrefixRule27": ("pen",),  # ^pen([cdjstz])(.*)$
    "DisambiguatorPrefixRule28a": ("pen",),  # ^pen([aiueo])(.*)$
    "DisambiguatorPrefixRule28b": ("pen",),  # ^pen([aiueo])(.*)$
    "DisambiguatorPrefixRule29": ("peng",),  # ^peng([C])(.*)$
    "DisambiguatorPrefixRule30a": ("peng",),  # ^peng([aiueo])(.*)$
    "DisambiguatorPrefixRule30b": ("peng",),  # ^peng([aiueo])(.*)$
    "DisambiguatorPrefixRule30c": ("penge",),  # ^penge(.*)$
    "DisambiguatorPrefixRule31a": ("peny",),  # ^peny([aiueo])(.*)$
    "DisambiguatorPrefixRule31b": ("peny",),  # ^peny([aiueo])(.*)$
    "DisambiguatorPrefixRule32": ("pel",),  # word == 'pelajar' or ^pe(l[aiueo])(.*)$
    "DisambiguatorPrefixRule34": ("pe",),  # ^pe([C])(.*)$
    "DisambiguatorPrefixRule35": ("ter",),  # ^ter([C])(er[C])(.*)$
    "DisambiguatorPrefixRule36": ("pe",),  # ^pe([C])(er[C])(.*)$
    "DisambiguatorPrefixRule37a": tuple(c + "er" for c in _CONSONANTS),  # ^([C])(er[aiueo])(.*)$
    "DisambiguatorPrefixRule37b": tuple(c + "er" for c in _CONSONANTS),  # ^([C])er([aiueo])(.*)$
    "DisambiguatorPrefixRule38a": tuple(c + "el" for c in _CONSONANTS),  # ^([C])(el[aiueo])(.*)$
    "DisambiguatorPrefixRule38b": tuple(c + "el" for c in _CONSONANTS),  # ^([C])el([aiueo])(.*)$
    "DisambiguatorPrefixRule39a": tuple(c + "em" for c in _CONSONANTS),  # ^([C])(em[aiueo])(.*)$
    "DisambiguatorPrefixRule39b": tuple(c + "em" for c in _CONSONANTS),  # ^([C])em([aiueo])(.*)$
    "DisambiguatorPrefixRule40a": tuple(c + "in" for c in _CONSONANTS),  # ^([C])(in[aiueo])(.*)$
    "DisambiguatorPrefixRule40b": tuple(c + "in" for c in _CONSONANTS),  # ^([C])in([aiueo])(.*)$
    "DisambiguatorPrefixRule41": ("ku",),  # ^ku(.*)$
    "DisambiguatorPrefixRule42": ("kau",),  # ^kau(.*)$
}

# How many leading letters select the rules to try: three tell ber-/ter-/per-
# and me-/mem-/men- apart, which is where the rules divide.
GATE_WIDTH = 3


class Visitor(Protocol):
    def visit(self, context: Any) -> None: ...


def without_first(word: str, part: str) -> str:
    """``word`` without the leftmost occurrence of ``part``: Sastrawi's
    ``re.sub(part, '', word, count=1)`` for a ``part`` that is a plain literal."""
    start = word.find(part)
    if start < 0:
        return word
    return word[:start] + word[start + len(part) :]


class RootSet:
    """Sastrawi's ``ArrayDictionary`` membership as a set lookup.

    Like ``ArrayDictionary.add``, empty and blank lines of the word list are not words.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word and word.strip())
        self.contains = self.words.__contains__


class SuffixRule:
    """One of Sastrawi's suffix removals (particle, possessive, derivational).

    ``pattern`` is Sastrawi's, anchored at the end, so the result is a prefix
    of the word and the removed part is the rest of it.
    """

    def __init__(self, pattern: str, affix_type: str) -> None:
        self.pattern = re.compile(pattern)
        self.affix_type = affix_type

    def visit(self, context: Any) -> None:
        word = context.current_word
        result = self.pattern.sub("", word, count=1)
        if result != word:
            context.add_removal(Removal(self, word, result, word[len(result) :], self.affix_type))
            context.current_word = result


class PlainPrefixRule:
    """Sastrawi's ``RemovePlainPrefix`` (di-, ke-, se-) with its pattern precompiled."""

    pattern = re.compile(r"^(di|ke|se)")

    def visit(self, context: Any) -> None:
        word = context.current_word
        result = self.pattern.sub("", word, count=1)
        if result != word:
            context.add_removal(Removal(self, word, result, without_first(word, result), "DP"))
            context.current_word = result


class GatedPrefixRule:
    """Sastrawi's ``PrefixDisambiguator`` with its beginnings declared.

    ``visit`` is Sastrawi's: the first disambiguation found in the dictionary
    wins, else the last disambiguator's answer stands. ``beginnings`` is None
    for a rule that must be offered every word.
    """

    def __init__(self, disambiguators: Sequence[Any], beginnings: tuple[str, ...] | None) -> None:
        self.disambiguators = tuple(disambiguators)
        self.beginnings = beginnings

    def visit(self, context: Any) -> None:
        word = context.current_word
        contains = context.dictionary.contains
        result = None
        for disambiguator in self.disambiguators:
            result = disambiguator.disambiguate(word)
            if contains(result):
                break
        if result is None:
            return
        context.add_removal(Removal(self, word, result, without_first(word, result), "DP"))
        context.current_word = result


def gated_rule(visitor: Any) -> GatedPrefixRule:
    """Sastrawi's prefix visitor as a gated rule over the same disambiguators."""
    disambiguators = list(visitor.disambiguators)
    beginnings: list[str] = []
    for disambiguator in disambiguators:
        declared = RULE_BEGINNINGS.get(type(disambiguator).__name__)
        if declared is None:
            return GatedPrefixRule(disambiguators, None)
        beginnings.extend(declared)
    return GatedPrefixRule(disambiguators, tuple(dict.fromkeys(beginnings)))


class GatedVisitorProvider:
    """Sastrawi's visitors in Sastrawi's order, and the prefix rules a word can meet."""

    def __init__(self) -> None:
        sastrawi = VisitorProvider()
        self.visitors: list[Visitor] = [DontStemShortWord()]
        self.suffix_visitors: list[Visitor] = [
            SuffixRule(r"-*(lah|kah|tah|pun)$", "P"),
            SuffixRule(r"-*(ku|mu|nya)$", "PP"),
            SuffixRule(r"(is|isme|isasi|i|kan|an)$", "DS"),
        ]
        self.plain_prefix = PlainPrefixRule()
        self.prefix_rules = [gated_rule(visitor) for visitor in sastrawi.prefix_visitors[1:]]
        self.prefix_visitors: list[Visitor] = [self.plain_prefix, *self.prefix_rules]
        self._ungated = [i for i, rule in enumerate(self.prefix_rules) if rule.beginnings is None]
        self._by_beginning: dict[str, list[int]] = {}
        for i, rule in enumerate(self.prefix_rules):
            for beginning in rule.beginnings or ():
                self._by_beginning.setdefault(beginning[:GATE_WIDTH], []).append(i)
        self._by_key: dict[str, tuple[Visitor, ...]] = {}

    def get_visitors(self) -> list[Visitor]:
        return self.visitors

    def get_suffix_visitors(self) -> list[Visitor]:
        return self.suffix_visitors

    def get_prefix_visitors(self) -> list[Visitor]:
        return self.prefix_visitors

    def prefix_visitors_for(self, word: str) -> tuple[Visitor, ...]:
        """The plain-prefix rule, then every prefix rule that could match ``word``."""
        key = word[:GATE_WIDTH]
        visitors = self._by_key.get(key)
        if visitors is None:
            visitors = self._by_key[key] = (self.plain_prefix, *self._rules_for(key))
        return visitors

    def _rules_for(self, key: str) -> list[GatedPrefixRule]:
        """The rules, in Sastrawi's order, with a beginning that starts ``key``
        (a beginning of up to GATE_WIDTH letters starts it iff it equals one
        of ``key``'s first one, two or three letters)."""
        chosen = set(self._ungated)
        for width in range(1, len(key) + 1):
            chosen.update(self._by_beginning.get(key[:width], ()))
        return [self.prefix_rules[i] for i in sorted(chosen)]


# Sastrawi's PrecedenceAdjustmentSpecification patterns (Asian 2007): confixes
# whose prefix is stripped before the suffix.
_PREFIX_FIRST = tuple(
    re.compile(pattern)
    for pattern in (r"^be(.*)lah$", r"^be(.*)an$", r"^me(.*)i$", r"^di(.*)i$", r"^pe(.*)i$",
                    r"^ter(.*)i$")
)


def strips_prefix_first(word: str) -> bool:
    """Sastrawi's ``PrecedenceAdjustmentSpecification().is_satisfied_by(word)``."""
    return any(pattern.match(word) for pattern in _PREFIX_FIRST)


class GatedContext(Context):  # type: ignore[misc]
    """Sastrawi's ``Context`` offering each word only the prefix rules it can meet."""

    original_word: str
    current_word: str
    removals: list[Any]
    process_is_stopped: bool

    def start_stemming_process(self) -> None:
        """Sastrawi's steps 1-6, statement for statement, with the precedence
        adjustment test precompiled (Sastrawi builds and compiles it per word)."""
        if self.dictionary.contains(self.current_word):
            return
        self.accept_visitors(self.visitors)
        if self.dictionary.contains(self.current_word):
            return

        if strips_prefix_first(self.original_word):
            self.remove_prefixes()
            if self.dictionary.contains(self.current_word):
                return

            self.remove_suffixes()
            if self.dictionary.contains(self.current_word):
                return
            else:
                self.current_word = self.original_word
                self.removals = []

        self.remove_suffixes()
        if self.dictionary.contains(self.current_word):
            return

        self.remove_prefixes()
        if self.dictionary.contains(self.current_word):
            return

        self.loop_pengembalian_akhiran()

    def accept_prefix_visitors(self, visitors: object) -> Any:
        """Sastrawi's round of prefix rules, over ``prefix_visitors_for`` the word.

        A rule only changes the word by recording a removal, which ends the
        round, so the rules chosen for the word at the start of the round
        stay the right ones until it ends.
        """
        removal_count = len(self.removals)
        contains = self.dictionary.contains
        for visitor in self.visitor_provider.prefix_visitors_for(self.current_word):
            visitor.visit(self)
            if contains(self.current_word):
                return self.current_word
            if self.process_is_stopped:
                return self.current_word
            if len(self.removals) > removal_count:
                return None
        return None


class GatedStemmer(Stemmer):  # type: ignore[misc]
    """Sastrawi's ``Stemmer`` (plural handling included) over the gated context."""

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(RootSet(words))
        self.visitor_provider = GatedVisitorProvider()
        self.plain = Stemmer(self.dictionary)

    def stem_word(self, word: str) -> str:
        if _LITERAL_WORD.fullmatch(word) is None:
            stem: str = self.plain.stem_word(word)
        else:
            stem = super().stem_word(word)
        return stem

    def is_plural(self, word: str) -> bool:
        # Without a hyphen neither of Sastrawi's tests can succeed.
        return "-" in word and bool(super().is_plural(word))

    def stem_singular_word(self, word: str) -> str:
        context = GatedContext(word, self.dictionary, self.visitor_provider)
        context.execute()
        result: str = context.result
        return result


def load_gated_stemmer() -> GatedStemmer:
    """The gated stemmer over Sastrawi's own root dictionary."""
    return GatedStemmer(StemmerFactory().get_words())
