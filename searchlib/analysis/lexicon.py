"""Word lists that steer analysis: stop words, protected words, acronyms, name variants.

Shipped data lives in ``searchlib/analysis/data/`` (one file per list, each with
a header saying where it comes from). Users extend it with two plain-text files:

Override file (``Lexicon.from_files(override_file=...)``), UTF-8, one entry a line::

    # comments start with '#'; blank lines are ignored
    pertahanan          <- a word alone: keep it as written (never stem it)
    kemenlu menlu       <- a word and a stem: always index the word under that stem

Words are matched case-insensitively (they are lowercased); a stem given for a
word replaces Sastrawi's stem in the stemmed view only; the exact view always
keeps the word as written.

Acronym file (``Lexicon.from_files(acronym_file=...)``), UTF-8, one entry a line::

    menlu   menteri luar negeri
    as      amerika serikat

The first word is the acronym, the rest its expansion; an acronym may have
several lines (several expansions). User entries add to the shipped table.

A Lexicon pickles as its user-supplied entries only; the shipped lists are
re-read from the package on unpickling, so a Whoosh schema that holds analyzers
stays small.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from searchlib.errors import SearchlibError


class LexiconError(SearchlibError):
    """A user word-list file could not be read."""




def _data_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a shipped data file, comments stripped."""
    text = resources.files("searchlib.analysis").joinpath("data", name).read_text(encoding="utf-8")
    return _content_lines(text)


def _content_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def _read_user_file(path: str | Path) -> list[str]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(f"cannot read word list {path}: {error}") from error
    return _content_lines(text)


def parse_acronym_lines(lines: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """acronym -> expansions (tuples of lowercase words) from ``acronym expansion`` lines."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for line in lines:
        words = line.lower().split()
        if len(words) < 2:
            raise LexiconError(f"acronym line needs an acronym and an expansion: {line!r}")
        expansions = table.setdefault(words[0], [])
        expansion = tuple(words[1:])
        if expansion not in expansions:
            expansions.append(expansion)
    return {acronym: tuple(expansions) for acronym, expansions in table.items()}


def parse_override_lines(lines: Iterable[str]) -> tuple[dict[str, str], frozenset[str]]:
    """(word -> stem, words to keep) from override-file lines."""
    stems: dict[str, str] = {}
    keep: set[str] = set()
    for line in lines:
        words = line.lower().split()
        if len(words) == 1:
            keep.add(words[0])
        elif len(words) == 2:
            stems[words[0]] = words[1]
        else:
            raise LexiconError(f"override line must be 'word' or 'word stem': {line!r}")
    return stems, frozenset(keep)


@cache
def _shipped_stop_words() -> frozenset[str]:
    return frozenset(_data_lines("stopwords.txt"))


@cache
def _shipped_protected() -> frozenset[str]:
    """Listed names plus every shipped acronym (Pemilu, Kejagung must not be stemmed)."""
    names = {word.lower() for line in _data_lines("protected.txt") for word in line.split()}
    return frozenset(names | _shipped_acronyms().keys())


@cache
def _shipped_acronyms() -> dict[str, tuple[tuple[str, ...], ...]]:
    return parse_acronym_lines(line.replace("\t", " ") for line in _data_lines("acronyms.tsv"))


@cache
def _shipped_name_groups() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(line.lower().split()) for line in _data_lines("name_variants.txt"))


class Lexicon:
    """The shipped word lists plus a user's overrides, acronyms and protected words.

    Its public attributes are read-only by convention: analyzers built from a
    lexicon read them on every call.
    """

    def __init__(
        self,
        stem_overrides: Mapping[str, str] | None = None,
        keep_words: Iterable[str] = (),
        user_acronyms: Mapping[str, tuple[tuple[str, ...], ...]] | None = None,
        protected_words: Iterable[str] = (),
    ) -> None:
        self._stem_overrides = {w.lower(): s.lower() for w, s in (stem_overrides or {}).items()}
        self._keep_words = frozenset(w.lower() for w in keep_words)
        self._user_acronyms = dict(user_acronyms or {})
        self._protected_words = frozenset(w.lower() for w in protected_words)

        self.stop_words: frozenset[str] = _shipped_stop_words()
        self.protected: frozenset[str] = (
            _shipped_protected()
            | self._keep_words
            | self._protected_words
            | self._user_acronyms.keys()
        ) - self._stem_overrides.keys()
        # Word -> form for the stemmed view, bypassing Sastrawi: protected words
        # map to themselves, overridden words to the user's stem.
        self.fixed_stems: dict[str, str] = {word: word for word in self.protected}
        self.fixed_stems.update(self._stem_overrides)
        acronyms = dict(_shipped_acronyms())
        for acronym, expansions in self._user_acronyms.items():
            known = acronyms.get(acronym, ())
            acronyms[acronym] = known + tuple(e for e in expansions if e not in known)
        self.acronyms: dict[str, tuple[tuple[str, ...], ...]] = acronyms
        self.name_groups: tuple[frozenset[str], ...] = _shipped_name_groups()
        self.variants: dict[str, frozenset[str]] = _index_variants(self.name_groups)
        self.expansion_index = _index_expansions(acronyms, self.stop_words)

    @staticmethod
    def default() -> Lexicon:
        """The shipped lists alone (shared, built once per process)."""
        return _default_lexicon()

    @classmethod
    def from_files(
        cls,
        override_file: str | Path | None = None,
        acronym_file: str | Path | None = None,
        protected_words: Iterable[str] = (),
    ) -> Lexicon:
        """Shipped lists extended by a user override file and a user acronym file."""
        stems: dict[str, str] = {}
        keep: frozenset[str] = frozenset()
        if override_file is not None:
            stems, keep = parse_override_lines(_read_user_file(override_file))
        acronyms = {}
        if acronym_file is not None:
            acronyms = parse_acronym_lines(_read_user_file(acronym_file))
        return cls(stems, keep, acronyms, protected_words)

    def with_protected(self, words: Iterable[str]) -> Lexicon:
        """A copy that also keeps ``words`` as written (e.g. names found in a corpus)."""
        return Lexicon(
            self._stem_overrides,
            self._keep_words,
            self._user_acronyms,
            self._protected_words | frozenset(words),
        )

    def is_user_defined(self) -> bool:
        """Whether anything beyond the shipped lists was supplied."""
        return bool(
            self._stem_overrides or self._keep_words or self._user_acronyms
            or self._protected_words
        )

    def __reduce__(self) -> tuple[Any, ...]:
        if not self.is_user_defined():
            return (_default_lexicon, ())
        return (
            Lexicon,
            (
                self._stem_overrides,
                sorted(self._keep_words),
                self._user_acronyms,
                sorted(self._protected_words),
            ),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and self.__reduce__() == other.__reduce__()

    def __hash__(self) -> int:
        # Cheap and consistent with __eq__: equal lexicons have equal list sizes.
        return hash((len(self.fixed_stems), len(self.acronyms)))


def content_words(words: Iterable[str], stop_words: frozenset[str]) -> tuple[str, ...]:
    """The words that survive the stop list, in order."""
    return tuple(word for word in words if word not in stop_words)


def _index_variants(groups: Iterable[frozenset[str]]) -> dict[str, frozenset[str]]:
    """Word -> its other spellings, merging groups that share a word."""
    variants: dict[str, frozenset[str]] = {}
    for group in groups:
        for word in group:
            variants[word] = variants.get(word, frozenset()) | (group - {word})
    return variants


def _index_expansions(
    acronyms: Mapping[str, tuple[tuple[str, ...], ...]], stop_words: frozenset[str]
) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First content word -> [(content words of an expansion, acronym)], longest first.

    Expansions are compared without their stop words (``menteri pendidikan dan
    kebudayaan``), because analyzed text and queries no longer contain them.
    """
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for acronym, expansions in acronyms.items():
        for expansion in expansions:
            words = content_words(expansion, stop_words)
            if words:
                index.setdefault(words[0], []).append((words, acronym))
    for entries in index.values():
        entries.sort(key=lambda entry: (-len(entry[0]), entry[1]))
    return index


@cache
def _default_lexicon() -> Lexicon:
    return Lexicon()

