"""The searchlib query language: what a user types becomes a small syntax tree.

The language is deliberately forgiving, because people paste questions,
headlines and half-typed words into a search box:

* ``pertukaran tahanan``      words side by side: all preferred, none required
* ``"menteri luar negeri"``   a phrase; ``"lavrov blinken"~3`` lets up to 3 words between
* ``-ukraina`` / ``NOT ukraina``  leave out articles with the word
* ``rusia OR ukraina``        either word (binds tighter than words side by side)
* ``rusia AND ukraina``       both words required
* ``(rusia OR ukraina) nato`` parentheses group
* ``title:lavrov``, ``outlet:republika``, ``author:"novi christiastuti"``

Operators are recognised in capitals only (``or`` and ``and`` stay words).
Nothing a user types raises an error here: an unbalanced quote or parenthesis
is closed at the end, a dangling operator is dropped, ``title:`` with nothing
after it is read as the word ``title``, and anything else odd is read as plain
words. Analysis (stop words, stems) happens later, when the tree is compiled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Fields a user may name before a colon.
FIELD_NAMES = frozenset({"title", "outlet", "author"})

# Longest query text read; the rest is ignored, never rejected, so a pasted
# paragraph still searches. A thousand characters is ~150 words, far beyond
# any hand-typed query.
MAX_QUERY_CHARS = 1000

# Deepest nesting of parentheses and prefixes honoured: deeper input is read as
# plain words, so a pathological query cannot exhaust the recursion limit.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Word:
    """A word as typed; analysis may turn it into zero, one or several tokens."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together (``slop`` extra words allowed between them)."""

    text: str
    slop: int = 0


@dataclass(frozen=True)
class Not:
    """Articles matching `child` are left out."""

    child: Node


@dataclass(frozen=True)
class AllOf:
    """Explicit ``AND``: every child is required."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """``OR``: any child will do."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Group:
    """Words side by side: every child preferred, one enough."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class InField:
    """`child` searched in one named field only."""

    field: str
    child: Node


Node = Word | Phrase | Not | AllOf | AnyOf | Group | InField


# --------------------------------------------------------------------------- lexing


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD PHRASE LPAREN RPAREN OR AND NOT MINUS FIELD
    text: str = ""
    slop: int = 0


_OPERATORS = {"OR": "OR", "AND": "AND", "NOT": "NOT", "||": "OR", "&&": "AND"}
_SLOP = re.compile(r"~(\d{1,3})")
_FIELD = re.compile(r"([A-Za-z]+):")
_WORD_END = re.compile(r'[\s()"]')


def tokenize(text: str) -> list[_Token]:
    """Lexical tokens of a query; every character is accounted for, none raises."""
    tokens: list[_Token] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "(":
            tokens.append(_Token("LPAREN"))
            i += 1
        elif char == ")":
            tokens.append(_Token("RPAREN"))
            i += 1
        elif char == '"':
            i = _read_phrase(text, i, tokens)
        else:
            i = _read_word(text, i, tokens)
    return tokens


def _read_phrase(text: str, start: int, tokens: list[_Token]) -> int:
    close = text.find('"', start + 1)
    if close == -1:
        # An unbalanced quote: the rest of the query is the phrase.
        tokens.append(_Token("PHRASE", text[start + 1 :]))
        return len(text)
    slop = _SLOP.match(text, close + 1)
    if slop:
        tokens.append(_Token("PHRASE", text[start + 1 : close], int(slop.group(1))))
        return slop.end()
    tokens.append(_Token("PHRASE", text[start + 1 : close]))
    return close + 1


def _read_word(text: str, start: int, tokens: list[_Token]) -> int:
    end_match = _WORD_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    word = text[start:end]
    if word in _OPERATORS:
        tokens.append(_Token(_OPERATORS[word]))
        return end
    if word[0] == "-" and (len(word) > 1 or end < len(text) and text[end] in '("'):
        tokens.append(_Token("MINUS"))
        return start + 1
    field = _FIELD.match(word)
    if field and field.group(1).lower() in FIELD_NAMES:
        tokens.append(_Token("FIELD", field.group(1).lower()))
        return start + field.end()
    tokens.append(_Token("WORD", word))
    return end


# --------------------------------------------------------------------------- parsing


class _Parser:
    """Recursive descent over tokens; precedence: side by side < OR < AND < NOT."""

    def __init__(self, tokens: Sequence[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at].kind if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def group(self, nested: bool) -> Node | None:
        children: list[Node] = []
        while (kind := self.peek()) is not None:
            if kind == "RPAREN":
                if nested:
                    break
                self.take()  # a stray closing parenthesis: ignored
                continue
            before = self.at
            child = self.any_of()
            if child is not None:
                children.append(child)
            if self.at == before:
                self.take()  # an operator with nothing to bind: dropped
        return _single_or(Group, children)

    def any_of(self) -> Node | None:
        children = [self.all_of()]
        while self.peek() == "OR":
            self.take()
            children.append(self.all_of())
        return _single_or(AnyOf, [c for c in children if c is not None])

    def all_of(self) -> Node | None:
        children = [self.unary()]
        while self.peek() == "AND":
            self.take()
            children.append(self.unary())
        return _single_or(AllOf, [c for c in children if c is not None])

    def unary(self) -> Node | None:
        if self.peek() in ("NOT", "MINUS"):
            self.take()
            child = self.nested(self.unary)
            return Not(child) if child is not None else None
        return self.primary()

    def primary(self) -> Node | None:
        kind = self.peek()
        if kind == "LPAREN":
            self.take()
            inner = self.nested(lambda: self.group(nested=True))
            if self.peek() == "RPAREN":
                self.take()
            return inner
        if kind == "FIELD":
            field = self.take().text
            if self.peek() in (None, "RPAREN", "OR", "AND"):
                return Word(field)  # "title:" with nothing after it: the word itself
            child = self.nested(self.unary)
            return InField(field, child) if child is not None else Word(field)
        if kind == "PHRASE":
            token = self.take()
            return Phrase(token.text, token.slop)
        if kind == "WORD":
            return Word(self.take().text)
        return None

    def nested(self, parse: Callable[[], Node | None]) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                return self.flat_words()
            return parse()
        finally:
            self.depth -= 1

    def flat_words(self) -> Node | None:
        """The rest of the input as plain words (past the nesting limit)."""
        words: list[Node] = []
        while self.peek() is not None:
            token = self.take()
            if token.kind in ("WORD", "PHRASE", "FIELD"):
                words.append(Word(token.text))
        return _single_or(Group, words)


def _single_or(kind: type[Group] | type[AnyOf] | type[AllOf], children: list[Node]) -> Node | None:
    if not children:
        return None
    if len(children) == 1:
        return children[0]
    return kind(tuple(children))


# Lone surrogates (undecodable bytes passed through) cannot be encoded into index terms.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_query_text(text: str) -> str:
    """The query with whitespace collapsed, lone surrogates replaced by U+FFFD,
    cut to the longest text read."""
    return _LONE_SURROGATE.sub("\ufffd", " ".join(text.split()))[:MAX_QUERY_CHARS]


def parse(text: str) -> Node | None:
    """The syntax tree of `text`, or None when it holds nothing to search for.

    Input that is all operators (``AND``, ``-``) is read literally as words.
    """
    cleaned = clean_query_text(text)
    tree = _Parser(tokenize(cleaned)).group(nested=False)
    if tree is None and cleaned:
        return _single_or(Group, [Word(word) for word in cleaned.split()])
    return tree


def positive_words(node: Node | None) -> list[str]:
    """Words and phrase texts the query looks for (negated parts excluded), in order."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Word):
        return [node.text]
    if isinstance(node, Phrase):
        return node.text.split()
    if isinstance(node, InField):
        return positive_words(node.child) if node.field == "title" else []
    found: list[str] = []
    for child in node.children:
        found.extend(positive_words(child))
    return found
