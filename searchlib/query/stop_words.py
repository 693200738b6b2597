"""A query's stop words: weak optional terms that break ties, for statements only.

Stop words are left out of the text views; the body's stop-word view keeps
them (see :mod:`searchlib.store.documents`). A query remembered or copied from
an article ("Hal itu juga dikatakan oleh ...") holds many of them, and the
article holding them is the one sought; a question's stop words ("Apa
kepanjangan dari GPS?") are the asker's wording, not the answer's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from whoosh import query as wq

from searchlib.query.combine import alternatives
from searchlib.store import documents

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


def asks_question(stops: Iterable[str], analyzed: Iterable[Sequence[tuple[str, str]]]) -> bool:
    """Whether the words hold a question word, among their stop words or not."""
    return any(word in QUESTION_WORDS for word in stops) or any(
        exact in QUESTION_WORDS for pairs in analyzed for exact, _ in pairs
    )


def with_stop_words(query: wq.Query | None, stops: Sequence[str], weight: float) -> wq.Query | None:
    """`query`, its matches raised a little by the stop words they hold.

    Stop words never match on their own (an article must match `query`: AND
    MAYBE) and add no coverage to the coordinated OR inside `query`.
    """
    if query is None or not stops or weight <= 0:
        return query
    terms = [wq.Term(documents.BODY_STOPS, word, boost=weight) for word in stops]
    return wq.AndMaybe(query, alternatives(terms))
