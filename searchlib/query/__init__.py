"""The query stage: what a user types becomes a ranked Whoosh query.

:mod:`~searchlib.query.syntax` reads the text into a syntax tree;
:mod:`~searchlib.query.compiler` turns the tree into a Whoosh query, each word
in both text views with the alternatives of :mod:`~searchlib.query.expansion`,
joined as :mod:`~searchlib.query.combine` says and weighed by
:mod:`~searchlib.query.ranking`; :mod:`~searchlib.query.filters` builds the
restrictions that narrow a search without scoring.
"""

from searchlib.analysis import analyze_words
from searchlib.query.combine import alternatives, either
from searchlib.query.compiler import MAX_QUERY_WORDS, parse_query
from searchlib.query.dates import DateBound
from searchlib.query.expansion import (
    FUZZY_MIN_CHARS,
    FUZZY_TWO_EDITS_CHARS,
    MAX_FUZZY_WORDS,
    number_parts,
)
from searchlib.query.filters import Filters, author_query, outlet_query
from searchlib.query.parsed import ParsedQuery, QueryTerms
from searchlib.query.ranking import DEFAULT_RANKING, Ranking
from searchlib.query.stop_words import QUESTION_WORDS
from searchlib.query.syntax import MAX_QUERY_CHARS

__all__ = [
    "DEFAULT_RANKING",
    "DateBound",
    "FUZZY_MIN_CHARS",
    "FUZZY_TWO_EDITS_CHARS",
    "MAX_FUZZY_WORDS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "Filters",
    "QUESTION_WORDS",
    "ParsedQuery",
    "QueryTerms",
    "Ranking",
    "alternatives",
    "analyze_words",
    "author_query",
    "either",
    "number_parts",
    "outlet_query",
    "parse_query",
]
