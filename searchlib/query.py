"""Queries: a parsed query language tree becomes a ranked Whoosh query.

Each word is searched in both text views: the stemmed fields (recall:
`bertemu` finds `pertemuan`) and the exact fields (precision). A text holding
the form as written therefore scores twice, so `tahanan` outranks `pertahanan`
for the query `tahanan` although both share the stem `tahan`.

Words side by side are all preferred, none required: their query is a
coordinated OR (:mod:`searchlib.coordination`), so one unknown word never
empties the list while an article holding more of the words gains a bonus on
top of BM25F's sum. Neighbouring words earn a proximity bonus where they stand close
together. Acronyms (`Menlu` <-> "menteri luar negeri"), name variants (`Sergei`
-> `Sergey`) and, on request, near spellings are added as alternatives at a
lower weight than the words as typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from whoosh import query as wq
from whoosh.analysis import Analyzer
from whoosh.query.compound import DefaultOr
from whoosh.scoring import BM25F

from searchlib import index
from searchlib.analysis import (
    Lexicon,
    acronym_expansions,
    acronyms_for,
    name_variants,
    stemmed_analyzer,
)
from searchlib.coordination import CoordinatedOr
from searchlib.errors import QueryError
from searchlib.querylang import (
    AllOf,
    AnyOf,
    InField,
    Node,
    Not,
    Phrase,
    Word,
    clean_query_text,
)
from searchlib.querylang import parse as parse_syntax
from searchlib.snippets import QueryTerms


@dataclass(frozen=True)
class Ranking:
    """The knobs of ranking, tuned on the TyDi QA and FacQA train splits.

    Field weights multiply BM25F scores per field. `coordination` and
    `coordination_power` reward covering the query: an article's summed score
    is multiplied by `1 + coordination * share ** coordination_power`, where
    `share` is the part of the query's words it holds, each word weighed by
    its rarity with `coordination_by_rarity` (holding a question's rare words
    covers more of it than holding its common ones). `proximity` is the boost
    of a pair of neighbouring words found within `proximity_slop` positions, in
    queries of at most `proximity_max_words` words. `variant`, `acronym` and
    `fuzzy` weigh alternative spellings relative to the word as typed, and
    `number_parts` a number's parts written apart (`101,4` as "101, 4"). `k1` and
    `b` are BM25's term-frequency saturation and length normalisation;
    `title_b` and `body_b` (None: `b`) normalise the title and body views'
    lengths apart. The defaults come from benchmarks/tune_relevance.py.
    """

    title: float = 2.0
    title_exact: float = 2.0
    lead: float = 1.2
    body: float = 1.0
    body_exact: float = 1.0
    captions: float = 0.5
    coordination: float = 0.5
    coordination_power: float = 2.0
    coordination_by_rarity: bool = True
    proximity: float = 0.0
    proximity_slop: int = 1
    proximity_max_words: int = 4
    variant: float = 0.5
    acronym: float = 0.5
    fuzzy: float = 0.3
    number_parts: float = 0.5
    k1: float = 1.2
    b: float = 0.75
    title_b: float | None = None
    body_b: float | None = None

    def stemmed_weights(self) -> dict[str, float]:
        return {
            index.TITLE: self.title,
            index.LEAD: self.lead,
            index.BODY: self.body,
            index.CAPTIONS: self.captions,
        }

    def exact_weights(self) -> dict[str, float]:
        return {index.TITLE_EXACT: self.title_exact, index.BODY_EXACT: self.body_exact}

    def weighting(self) -> BM25F:
        """The Whoosh scoring model these parameters describe.

        Each text view shares its `b` with its twin (title and title_exact, body
        and body_exact), so the search stage may read a word's identical
        stemmed and exact postings once (`search.merge_identical_views`).
        """
        own_b: dict[str, float] = {}
        for names, b in (
            ((index.TITLE, index.TITLE_EXACT), self.title_b),
            ((index.BODY, index.BODY_EXACT), self.body_b),
        ):
            if b is not None:
                own_b.update({f"{name}_B": b for name in names})
        return BM25F(B=self.b, K1=self.k1, **own_b)


DEFAULT_RANKING = Ranking()

# Query words at least this long get near-spelling alternatives with --fuzzy;
# shorter words have too many neighbours one edit away (`tahu`/`tahun`/`tahi`).
FUZZY_MIN_CHARS = 5
# Words this long may be two edits off; shorter ones one edit.
FUZZY_TWO_EDITS_CHARS = 8
# Words read from one query; more are ignored so a pasted article stays cheap.
MAX_QUERY_WORDS = 64

# Indonesian question words (kata tanya) with their -kah forms and the fused
# spellings people type (dimana, darimana). Users paste questions; beside other
# words these only say that a question is asked, so they are not searched. A
# query of question words alone still searches them. (The common ones, such as
# siapa or kapan, are stop words already.)
QUESTION_WORDS = frozenset(
    {
        "apa", "apakah", "siapa", "siapakah", "kapan", "kapankah", "mana", "manakah",
        "dimana", "dimanakah", "kemana", "kemanakah", "darimana", "darimanakah",
        "bagaimana", "bagaimanakah", "mengapa", "mengapakah", "kenapa", "kenapakah",
        "berapa", "berapakah",
    }
)

_TITLE_SCOPE = (frozenset({index.TITLE}), frozenset({index.TITLE_EXACT}))


@dataclass(frozen=True)
class ParsedQuery:
    """A user query ready to run, and the terms its snippets should highlight."""

    text: str
    whoosh_query: wq.Query
    terms: QueryTerms
    # Query words as typed with their exact (lowercased) forms, for "did you mean".
    words: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Scope:
    """Where the words of a subtree are searched, and how."""

    stemmed: frozenset[str] | None = None  # None: every stemmed field
    exact: frozenset[str] | None = None  # None: every exact field
    negated: bool = False


@dataclass
class _Compiler:
    ranking: Ranking
    lexicon: Lexicon
    fuzzy: bool
    stems: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    words: list[tuple[str, str]] = field(default_factory=list)
    budget: int = MAX_QUERY_WORDS

    # -- tree -------------------------------------------------------------------

    def node(self, node: Node, scope: _Scope) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node.text, scope)
        if isinstance(node, Phrase):
            return self.phrase(node, scope)
        if isinstance(node, InField):
            return self.in_field(node, scope)
        if isinstance(node, Not):
            excluded = self.node(node.child, replace(scope, negated=True))
            return wq.AndNot(wq.Every(), excluded) if excluded is not None else None
        if isinstance(node, AnyOf):
            return _or([self.node(child, scope) for child in node.children])
        if isinstance(node, AllOf):
            return self.conjunction(node.children, scope, required=True)
        return self.conjunction(node.children, scope, required=False)

    def conjunction(
        self, children: Sequence[Node], scope: _Scope, *, required: bool
    ) -> wq.Query | None:
        """AND (required) or words side by side (preferred), minus negated children."""
        excluded = [
            q for c in children if isinstance(c, Not)
            if (q := self.node(c.child, replace(scope, negated=True))) is not None
        ]
        restrictions = [
            q for c in children if _is_restriction(c) and not scope.negated
            if (q := self.node(c, scope)) is not None
        ]
        positives = [
            c for c in children
            if not isinstance(c, Not) and not (_is_restriction(c) and not scope.negated)
        ]
        if required or scope.negated:
            kept = [q for c in positives if (q := self.node(c, scope)) is not None]
            if scope.negated and not required:
                included = _or(kept)
            else:
                included = wq.And(kept) if len(kept) > 1 else (kept[0] if kept else None)
        else:
            included = self.preferred(positives, scope)
        if restrictions:
            # outlet: and author: narrow the results without adding to any score.
            narrowed = [_Unscored(q, 0.0) for q in restrictions]
            included = wq.And(([included] if included is not None else []) + narrowed)
        if not excluded:
            return included
        return wq.AndNot(included if included is not None else wq.Every(), _or(excluded))

    def preferred(self, children: Sequence[Node], scope: _Scope) -> wq.Query | None:
        """Every child preferred, one enough: a coordinated OR with acronyms and proximity.

        A word repeated is searched once, and a word sharing its stem with an
        earlier one (`kaisar` ... `kekaisaran`) adds only its form as written:
        otherwise the shared stem would count twice and drown the other words.
        """
        units: list[wq.Query] = []
        tokens: list[tuple[str, str] | None] = []  # (exact, stem) of single-word units
        analyzed = {
            position: self.analyze(child.text)
            for position, child in enumerate(children)
            if isinstance(child, Word)
        }
        asks = any(exact not in QUESTION_WORDS for pairs in analyzed.values() for exact, _ in pairs)
        seen_exact: set[str] = set(QUESTION_WORDS) if asks else set()
        seen_stems: set[str] = set()
        for position, child in enumerate(children):
            if isinstance(child, Word):
                for exact, stem in analyzed[position]:
                    if exact in seen_exact:
                        continue
                    units.append(
                        self.term(child.text, exact, stem, scope, stemmed=stem not in seen_stems)
                    )
                    tokens.append((exact, stem))
                    seen_exact.add(exact)
                    seen_stems.add(stem)
            elif (compiled := self.node(child, scope)) is not None:
                units.append(compiled)
                tokens.append(None)
        return self.combine(units, tokens, scope)

    def combine(
        self,
        units: list[wq.Query],
        tokens: Sequence[tuple[str, str] | None],
        scope: _Scope,
    ) -> wq.Query | None:
        """One coordinated OR of the units, acronym shortcuts and proximity bonuses."""
        if not units:
            return None
        if len(units) == 1:
            return units[0]
        members = list(units)
        counts = [1] * len(units)
        for start, end, acronym in self.acronym_spans(tokens):
            members.append(self.exact_terms(acronym, scope, self.ranking.acronym))
            counts.append(end - start)
        for bonus in self.proximity(tokens, scope):
            members.append(bonus)
            counts.append(0)
        return CoordinatedOr(
            members, counts, len(units), self.ranking.coordination,
            self.ranking.coordination_power, by_rarity=self.ranking.coordination_by_rarity,
        )

    def in_field(self, node: InField, scope: _Scope) -> wq.Query | None:
        text = " ".join(_words_of(node.child))
        if node.field == "outlet":
            return outlet_query(text) if text.strip() else None
        if node.field == "author":
            return author_query(text)
        stemmed, exact = _TITLE_SCOPE
        return self.node(node.child, replace(scope, stemmed=stemmed, exact=exact))

    # -- leaves -----------------------------------------------------------------

    def analyze(self, text: str) -> list[tuple[str, str]]:
        """(exact form, stem) of each token of one typed word, within the word budget."""
        pairs = analyze_words(text)[: self.budget]
        self.budget -= len(pairs)
        return pairs

    def word(self, text: str, scope: _Scope) -> wq.Query | None:
        pairs = self.analyze(text)
        units = [self.term(text, exact, stem, scope) for exact, stem in pairs]
        if scope.negated:
            return _or(units)
        return self.combine(units, pairs, scope)

    def term(
        self, typed: str, exact: str, stem: str, scope: _Scope, *, stemmed: bool = True
    ) -> wq.Query:
        """One token in every field of the scope, with its alternative spellings.

        Without `stemmed` the token is searched as written only (its stem is
        already searched for another word of the query).
        """
        if scope.negated:
            return self.exact_terms(exact, scope, 1.0)
        self.stems.add(stem)
        self.exact.add(exact)
        self.words.append((typed, exact))
        parts = [
            wq.Term(name, stem, boost=weight)
            for name, weight in self.ranking.stemmed_weights().items()
            if stemmed and (scope.stemmed is None or name in scope.stemmed)
        ]
        parts.append(self.exact_terms(exact, scope, 1.0))
        for variant in sorted(name_variants(exact, self.lexicon)):
            self.exact.add(variant)
            parts.append(self.exact_terms(variant, scope, self.ranking.variant))
        for expansion in acronym_expansions(exact, self.lexicon):
            words = [w for w in expansion if w not in self.lexicon.stop_words]
            self.exact.update(words)
            parts.append(self.exact_phrase(words, scope, self.ranking.acronym, slop=1))
        parts_apart = number_parts(exact)
        if parts_apart and self.ranking.number_parts > 0:
            parts.append(
                self.exact_phrase(parts_apart, scope, self.ranking.number_parts, slop=1)
            )
        if self.fuzzy and len(exact) >= FUZZY_MIN_CHARS and exact.isalpha():
            distance = 2 if len(exact) >= FUZZY_TWO_EDITS_CHARS else 1
            parts.extend(
                wq.FuzzyTerm(name, exact, boost=weight * self.ranking.fuzzy,
                             maxdist=distance, prefixlength=1)
                for name, weight in self.exact_fields(scope)
            )
        return _union(parts)

    def phrase(self, node: Phrase, scope: _Scope) -> wq.Query | None:
        """Words as written, standing together (`slop` words may come between)."""
        pairs = self.analyze(node.text)
        if not pairs:
            return None
        if len(pairs) == 1:
            exact = pairs[0][0]
            if not scope.negated:
                self.exact.add(exact)
                self.words.append((node.text, exact))
            return self.exact_terms(exact, scope, 1.0)
        words = [exact for exact, _ in pairs]
        if not scope.negated:
            self.exact.update(words)
            self.words.extend((word, word) for word in words)
        return self.exact_phrase(words, scope, 1.0, slop=node.slop + 1)

    def exact_fields(self, scope: _Scope) -> list[tuple[str, float]]:
        return [
            (name, weight)
            for name, weight in self.ranking.exact_weights().items()
            if scope.exact is None or name in scope.exact
        ]

    def exact_terms(self, text: str, scope: _Scope, weight: float) -> wq.Query:
        return _or_terms(
            [wq.Term(name, text, boost=w * weight) for name, w in self.exact_fields(scope)]
        )

    def exact_phrase(
        self, words: list[str], scope: _Scope, weight: float, *, slop: int
    ) -> wq.Query:
        if len(words) == 1:
            return self.exact_terms(words[0], scope, weight)
        return _or_terms(
            [
                wq.Phrase(name, words, slop=slop, boost=w * weight)
                for name, w in self.exact_fields(scope)
            ]
        )

    def proximity(
        self, tokens: Sequence[tuple[str, str] | None], scope: _Scope
    ) -> list[wq.Query]:
        """A bonus for each pair of neighbouring words found close together.

        Only for short, keyword-style queries: in a long natural-language
        question neighbouring words rarely form a phrase of the answer.
        """
        words = sum(1 for token in tokens if token is not None)
        if self.ranking.proximity <= 0 or words > self.ranking.proximity_max_words:
            return []
        bonuses: list[wq.Query] = []
        for left, right in zip(tokens, tokens[1:], strict=False):
            if left is None or right is None or left[1] == right[1]:
                continue
            for name, weight in self.ranking.stemmed_weights().items():
                if name in (index.TITLE, index.BODY) and (
                    scope.stemmed is None or name in scope.stemmed
                ):
                    bonuses.append(
                        wq.Phrase(
                            name,
                            [left[1], right[1]],
                            slop=self.ranking.proximity_slop,
                            boost=weight * self.ranking.proximity,
                        )
                    )
        return bonuses

    def acronym_spans(
        self, tokens: Sequence[tuple[str, str] | None]
    ) -> list[tuple[int, int, str]]:
        """Non-overlapping runs of units that spell out an acronym (longest first)."""
        if self.ranking.acronym <= 0:
            return []
        words = [token[0] if token else "" for token in tokens]
        spans: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for start, end, acronym in acronyms_for(words, self.lexicon):
            if end - start > 1 and not taken & set(range(start, end)):
                taken.update(range(start, end))
                spans.append((start, end, acronym))
                self.exact.add(acronym)
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


class _Unscored(wq.ConstantScoreQuery):  # type: ignore[misc]  # Whoosh is untyped
    """A restriction that adds nothing to the score.

    Whoosh's `ConstantScoreQuery` has no `boost`, which `And.normalize` reads
    when it flattens an AND nested in another (``a AND (b outlet:x)``).
    """

    boost = 1.0


def _is_restriction(node: Node) -> bool:
    """Whether `node` names an outlet or author, which a query requires rather than prefers."""
    return isinstance(node, InField) and node.field in ("outlet", "author")


def _words_of(node: Node) -> list[str]:
    if isinstance(node, Word | Phrase):
        return node.text.split()
    if isinstance(node, Not):
        return []
    if isinstance(node, InField):
        return _words_of(node.child)
    return [word for child in node.children for word in _words_of(child)]


def _or(queries: Sequence[wq.Query | None]) -> wq.Query | None:
    kept = [q for q in queries if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else wq.Or(kept)


def _or_terms(queries: list[wq.Query]) -> wq.Query:
    if not queries:
        return wq.NullQuery
    return queries[0] if len(queries) == 1 else _union(queries)


def _union(queries: list[wq.Query]) -> wq.Query:
    """An OR of one word's alternatives, walked as a tree of unions.

    Whoosh would preload small indexes' postings into arrays the size of the
    index for every such OR; a query holds one per word and field group, and
    the coordinated OR above them reads each document once anyway.
    """
    return DefaultOr(queries)


@cache
def _stemmed() -> Analyzer:
    return stemmed_analyzer()


def analyze_words(text: str) -> list[tuple[str, str]]:
    """(exact form, stem) of every token of `text` as the index analyzes it."""
    return [
        (token.original.lower(), token.text)
        for token in _stemmed()(text, keeporiginal=True, removestops=True)
        if token.text
    ]


def outlet_query(name: str) -> wq.Query:
    """Articles from outlets whose name starts with `name` (case and spacing ignored).

    A prefix, so `detik` finds detikNews and detikFinance and `kompas` finds
    Kompas.com: users rarely know how an outlet is spelled in the index.
    """
    return wq.Prefix(index.OUTLET, index.outlet_key(name))


def author_query(name: str) -> wq.Query | None:
    """Articles whose author line holds `name`'s words in that order."""
    words = [exact for exact, _ in analyze_words(name)]
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(index.AUTHOR, words[0])
    return wq.Phrase(index.AUTHOR, words)


def parse_query(
    text: str,
    *,
    fuzzy: bool = False,
    ranking: Ranking = DEFAULT_RANKING,
    lexicon: Lexicon | None = None,
) -> ParsedQuery:
    """Parse `text` in the searchlib query language (see :mod:`searchlib.querylang`).

    Raises QueryError only for a query without any character to search for; a
    query of stop words alone parses to one that matches nothing.
    """
    cleaned = clean_query_text(text)
    if not cleaned:
        raise QueryError("empty query: type one or more words to search for")
    compiler = _Compiler(ranking, lexicon or Lexicon.default(), fuzzy)
    tree = parse_syntax(cleaned)
    compiled = compiler.node(tree, _Scope()) if tree is not None else None
    whoosh_query = compiled.normalize() if compiled is not None else wq.NullQuery
    terms = QueryTerms(frozenset(compiler.stems), frozenset(compiler.exact))
    return ParsedQuery(cleaned, whoosh_query, terms, tuple(compiler.words))
