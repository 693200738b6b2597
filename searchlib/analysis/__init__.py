"""Indonesian text analysis for the index and the query layer.

Two Whoosh analyzers (stemmed and exact views of the same tokens), the word
lists that steer them (stop words, protected words, acronyms, name variants,
user overrides: see :mod:`searchlib.analysis.lexicon` for the file formats),
proper names found in a corpus (to protect them), a shared stem cache that an indexer
can persist between runs, and both views of a text in one pass for indexing.
"""

from searchlib.analysis.analyzers import (
    analyze_query_word,
    analyze_words,
    exact_analyzer,
    stemmed_analyzer,
    stop_words_analyzer,
    stop_words_of,
)
from searchlib.analysis.explanation import TokenExplanation, explain
from searchlib.analysis.lexicon import Lexicon, LexiconError
from searchlib.analysis.proper_names import capitalised_words, corpus_protected_words
from searchlib.analysis.stemming import (
    STEM_CACHE_VERSION,
    live_stem_cache,
    stem_cache_snapshot,
    warm_stem_cache,
)
from searchlib.analysis.views import (
    TermSpan,
    TextViews,
    chain_lexicon,
    is_lowercase_stable,
    is_stemmed_chain,
    is_stop_words_chain,
    joined_views,
    term_spans,
    text_views,
)
from searchlib.analysis.vocabulary import acronym_expansions, acronyms_for, name_variants

__all__ = [
    "STEM_CACHE_VERSION",
    "Lexicon",
    "LexiconError",
    "TermSpan",
    "TextViews",
    "TokenExplanation",
    "acronym_expansions",
    "acronyms_for",
    "analyze_query_word",
    "analyze_words",
    "capitalised_words",
    "chain_lexicon",
    "corpus_protected_words",
    "exact_analyzer",
    "explain",
    "is_lowercase_stable",
    "is_stemmed_chain",
    "is_stop_words_chain",
    "joined_views",
    "live_stem_cache",
    "name_variants",
    "stem_cache_snapshot",
    "stemmed_analyzer",
    "stop_words_analyzer",
    "stop_words_of",
    "term_spans",
    "text_views",
    "warm_stem_cache",
]
