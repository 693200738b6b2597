"""What a statement searches beside its words: its stop words, and its words' distances.

Stop words are left out of the text views; the body's stop-word view keeps
them (see :mod:`searchlib.store.documents`). A query remembered or copied from
an article ("Hal itu juga dikatakan oleh ...") holds many of them, and the
article holding them is the one sought; a question's stop words ("Apa
kepanjangan dari GPS?") are the asker's wording, not the answer's. So are
the distances between a statement's words: a reader who copies a sentence
keeps them, stop words included, and the exact views number positions with
stop words counted.
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


def typed_pairs(
    tokens: Sequence[tuple[str, str] | None], places: Sequence[int | None]
) -> list[tuple[list[str], int]]:
    """(words, slop) of each pair of neighbouring words, as far apart as typed.

    `tokens` are the (exact, stem) of the query's units (None: not a word),
    `places` their positions among the query's tokens, stop words counted
    (empty for a question). A pair sharing a stem is left out.
    """
    pairs = []
    for left, right, left_place, right_place in zip(
        tokens, tokens[1:], places, places[1:], strict=False
    ):
        if left is None or right is None or left_place is None or right_place is None:
            continue
        if left[1] != right[1] and right_place > left_place:
            pairs.append(([left[0], right[0]], right_place - left_place))
    return pairs
