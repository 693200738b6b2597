"""Compiling a query: a parsed query language tree becomes a ranked Whoosh query.

Each word is searched in both text views: the stemmed fields (recall:
`bertemu` finds `pertemuan`) and the exact fields (precision). A text holding
the form as written therefore scores twice, so `tahanan` outranks `pertahanan`
for the query `tahanan` although both share the stem `tahan`.

Words side by side are all preferred, none required: their query is a
coordinated OR (:mod:`searchlib.query.coordination`), so one unknown word never
empties the list while an article holding more of the words gains a bonus on
top of BM25F's sum. Neighbouring words earn a proximity bonus where they stand close
together. Acronyms (`Menlu` <-> "menteri luar negeri"), name variants (`Sergei`
-> `Sergey`) and, on request, near spellings are added as alternatives at a
lower weight than the words as typed (:mod:`~searchlib.query.expansion`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from whoosh import query as wq

from searchlib.analysis import Lexicon, analyze_words, stop_words_of
from searchlib.errors import QueryError
from searchlib.query.combine import alternatives, either
from searchlib.query.coordination import CoordinatedOr
from searchlib.query.expansion import (
    FUZZY_PREFIX,
    MAX_FUZZY_WORDS,
    acronym_spans,
    acronym_words,
    fuzzy_edits,
    name_spellings,
    number_parts,
)
from searchlib.query.filters import author_query, is_restriction, outlet_query, unscored
from searchlib.query.parsed import ParsedQuery, QueryTerms
from searchlib.query.ranking import DEFAULT_RANKING, Ranking
from searchlib.query.stop_words import (
    QUESTION_WORDS,
    asks_question,
    typed_pairs,
    with_stop_words,
)
from searchlib.query.syntax import (
    AllOf,
    AnyOf,
    InField,
    Node,
    Not,
    Phrase,
    Word,
    clean_query_text,
)
from searchlib.query.syntax import parse as parse_syntax
from searchlib.store import documents

# Words read from one query; more are ignored so a pasted article stays cheap.
MAX_QUERY_WORDS = 64
_TITLE_SCOPE = (frozenset({documents.TITLE}), frozenset({documents.TITLE_EXACT}))


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
    fuzzy_words: set[str] = field(default_factory=set)

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
            return either([self.node(child, scope) for child in node.children])
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
            q for c in children if is_restriction(c) and not scope.negated
            if (q := self.node(c, scope)) is not None
        ]
        positives = [
            c for c in children
            if not isinstance(c, Not) and not (is_restriction(c) and not scope.negated)
        ]
        if required or scope.negated:
            kept = [q for c in positives if (q := self.node(c, scope)) is not None]
            if scope.negated and not required:
                included = either(kept)
            else:
                included = wq.And(kept) if len(kept) > 1 else (kept[0] if kept else None)
        else:
            included = self.preferred(positives, scope)
        if restrictions:
            # outlet: and author: narrow the results without adding to any score.
            narrowed = [unscored(q) for q in restrictions]
            included = wq.And(([included] if included is not None else []) + narrowed)
        if not excluded:
            return included
        return wq.AndNot(included if included is not None else wq.Every(), either(excluded))

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
        stops: dict[str, None] = {}
        places: list[int | None] = []  # each unit's place among the query's tokens
        place = 0
        for position, child in enumerate(children):
            if isinstance(child, Word):
                for offset, (exact, stem) in enumerate(analyzed[position]):
                    if exact in seen_exact:
                        continue
                    units.append(
                        self.term(child.text, exact, stem, scope, stemmed=stem not in seen_stems)
                    )
                    tokens.append((exact, stem))
                    places.append(place + offset)
                    seen_exact.add(exact)
                    seen_stems.add(stem)
                child_stops = stop_words_of(child.text, self.lexicon)
                stops.update(dict.fromkeys(child_stops))
                place += len(analyzed[position]) + len(child_stops)
            elif (compiled := self.node(child, scope)) is not None:
                units.append(compiled)
                tokens.append(None)
                places.append(None)
        if asks_question(stops, analyzed.values()):
            stops.clear()
            places = []
        combined = self.combine(units, tokens, scope, self.as_typed(tokens, places, scope))
        return self.with_stop_words(combined, list(stops), scope)

    def with_stop_words(
        self, query: wq.Query | None, stops: Sequence[str], scope: _Scope
    ) -> wq.Query | None:
        """`query` raised by its stop words in the body (not within `title:`)."""
        if scope.negated or scope.exact is not None:
            return query
        return with_stop_words(query, stops, self.ranking.stop_words)

    def combine(
        self,
        units: list[wq.Query],
        tokens: Sequence[tuple[str, str] | None],
        scope: _Scope,
        bonuses: Sequence[wq.Query] = (),
    ) -> wq.Query | None:
        """One coordinated OR of the units, acronym shortcuts and proximity bonuses."""
        if not units:
            return None
        if len(units) == 1:
            return units[0]
        members = list(units)
        counts = [1] * len(units)
        words = [token[0] if token else "" for token in tokens]
        spans = acronym_spans(words, self.lexicon) if self.ranking.acronym > 0 else []
        for start, end, acronym in spans:
            self.exact.add(acronym)
            members.append(self.exact_terms(acronym, scope, self.ranking.acronym))
            counts.append(end - start)
        for bonus in (*self.proximity(tokens, scope), *bonuses):
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
            return either(units)
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
        for variant in name_spellings(exact, self.lexicon):
            self.exact.add(variant)
            parts.append(self.exact_terms(variant, scope, self.ranking.variant))
        for words in acronym_words(exact, self.lexicon):
            self.exact.update(words)
            parts.append(self.exact_phrase(words, scope, self.ranking.acronym, slop=1))
        parts_apart = number_parts(exact)
        if parts_apart and self.ranking.number_parts > 0:
            parts.append(
                self.exact_phrase(parts_apart, scope, self.ranking.number_parts, slop=1)
            )
        distance = self.fuzzy_distance(exact)
        if distance:
            parts.extend(
                wq.FuzzyTerm(name, exact, boost=weight * self.ranking.fuzzy,
                             maxdist=distance, prefixlength=FUZZY_PREFIX)
                for name, weight in self.exact_fields(scope)
            )
        return alternatives(parts)

    def fuzzy_distance(self, exact: str) -> int:
        """Edits a near spelling of `exact` may be off; 0 without fuzzy, for a word
        too short, or once MAX_FUZZY_WORDS other words have near spellings."""
        distance = fuzzy_edits(exact) if self.fuzzy else 0
        if not distance or (
            exact not in self.fuzzy_words and len(self.fuzzy_words) >= MAX_FUZZY_WORDS
        ):
            return 0
        self.fuzzy_words.add(exact)
        return distance

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
        return alternatives(
            [wq.Term(name, text, boost=w * weight) for name, w in self.exact_fields(scope)]
        )

    def exact_phrase(
        self, words: list[str], scope: _Scope, weight: float, *, slop: int
    ) -> wq.Query:
        if len(words) == 1:
            return self.exact_terms(words[0], scope, weight)
        return alternatives(
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
        pairs = [
            ([left[0], right[0]], self.ranking.proximity_slop)
            for left, right in zip(tokens, tokens[1:], strict=False)
            if left is not None and right is not None and left[1] != right[1]
        ]
        return self.pair_bonuses(pairs, self.ranking.proximity, scope)

    def as_typed(
        self, tokens: Sequence[tuple[str, str] | None], places: Sequence[int | None], scope: _Scope
    ) -> list[wq.Query]:
        """A statement's neighbouring words no farther apart than typed (`typed_pairs`)."""
        if self.ranking.as_typed <= 0 or scope.negated:
            return []
        return self.pair_bonuses(typed_pairs(tokens, places), self.ranking.as_typed, scope)

    def pair_bonuses(
        self, pairs: Sequence[tuple[list[str], int]], weight: float, scope: _Scope
    ) -> list[wq.Query]:
        """Each pair of words within `slop` positions, in order, in the exact views of
        the title and text (the views that keep word positions)."""
        return [
            wq.Phrase(name, words, slop=slop, boost=field_weight * weight)
            for words, slop in pairs
            for name, field_weight in self.exact_fields(scope)
        ]


def _words_of(node: Node) -> list[str]:
    if isinstance(node, Word | Phrase):
        return node.text.split()
    if isinstance(node, Not):
        return []
    if isinstance(node, InField):
        return _words_of(node.child)
    return [word for child in node.children for word in _words_of(child)]


def parse_query(
    text: str,
    *,
    fuzzy: bool = False,
    ranking: Ranking = DEFAULT_RANKING,
    lexicon: Lexicon | None = None,
) -> ParsedQuery:
    """Parse `text` in the searchlib query language (see :mod:`searchlib.query.syntax`).

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
