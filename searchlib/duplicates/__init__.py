"""Near-duplicate detection: which articles are copies of one story.

Outlets republish wire stories and each other's articles with their own
dateline, title, "Baca juga" links, a trimmed or extended ending and small
edits. Each article body gets a :class:`Signature` (a bottom-k MinHash sketch
of its word shingles, :mod:`~searchlib.duplicates.signature`) made from the
words :mod:`~searchlib.duplicates.text` keeps; a :class:`StoryGraph` groups
articles whose signatures resemble each other into stories and keeps the
groups right as articles are added, changed and removed
(:mod:`~searchlib.duplicates.stories`). Nothing here knows about Whoosh: the
indexing stage stores signatures and story ids and the search stage collapses
results by story.
"""

from searchlib.duplicates.signature import (
    EMPTY,
    SHINGLE_WORDS,
    SIGNATURE_VERSION,
    Signature,
    resemblance,
    signature_of_words,
)
from searchlib.duplicates.stories import (
    MIN_SHINGLES,
    NEAR_DUPLICATE_RESEMBLANCE,
    MemorySignatures,
    SignatureStore,
    StoryChange,
    StoryGraph,
    near_duplicates,
    story_id_for,
)
from searchlib.duplicates.text import article_signature, story_words, text_words

__all__ = [
    "EMPTY",
    "MemorySignatures",
    "MIN_SHINGLES",
    "NEAR_DUPLICATE_RESEMBLANCE",
    "SHINGLE_WORDS",
    "SIGNATURE_VERSION",
    "Signature",
    "SignatureStore",
    "StoryChange",
    "StoryGraph",
    "article_signature",
    "near_duplicates",
    "resemblance",
    "signature_of_words",
    "story_id_for",
    "story_words",
    "text_words",
]
