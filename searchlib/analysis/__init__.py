"""Indonesian text analysis for the index and the query layer.

Two Whoosh analyzers (stemmed and exact views of the same tokens), the word
lists that steer them (stop words, protected words, acronyms, name variants)
and a shared stem cache that an indexer can persist between runs.
"""

from searchlib.analysis.analyzers import analyze_query_word, exact_analyzer, stemmed_analyzer
from searchlib.analysis.lexicon import Lexicon, LexiconError
from searchlib.analysis.stemming import stem_cache_snapshot, warm_stem_cache

__all__ = [
    "Lexicon",
    "LexiconError",
    "analyze_query_word",
    "exact_analyzer",
    "stem_cache_snapshot",
    "stemmed_analyzer",
    "warm_stem_cache",
]
