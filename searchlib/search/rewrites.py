"""Rewrites of a compiled query against one index, for speed, never changing a result.

Each rewrite gives every document the score and the match count the query as
compiled gives it; they use what the index knows (empty fields, terms whose
stemmed and exact postings are the same) to read fewer postings.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.searching import Searcher

from searchlib.query.coordination import CoordinatedOr
from searchlib.store import documents


def counted_in_one_pass(query: wq.Query) -> wq.Query:
    """`query` run so that Whoosh counts its matches while ranking them.

    Whoosh skips low-scoring blocks of a plain OR and then, to tell how many
    documents matched, walks the whole query a second time. The coordinated OR
    visits every match once, counting as it goes, and leaves unscored the ones
    that cannot reach the page; with one member and no coordination its
    scores are the query's own. A statement's stop words (`a` AND MAYBE the
    stop words) become its optional queries: Whoosh's AND MAYBE looks every
    match of `a` up in the stop words' postings, the coordinated OR only the
    matches that can still reach the page.
    """
    if query is wq.NullQuery:
        return query
    if type(query) is wq.AndMaybe and query.boost == 1.0:
        base = counted_in_one_pass(query.a)
        if isinstance(base, CoordinatedOr):
            return base.with_optional([query.b])
    if isinstance(query, CoordinatedOr):
        return query
    return CoordinatedOr([query], [1], 1, coordination=0.0)


def without_empty_fields(query: wq.Query, searcher: Searcher) -> wq.Query:
    """`query` without its term and phrase leaves on fields this index leaves empty.

    A corpus of bare passages has no titles, leads or captions; skipping their
    leaves saves a posting lookup per word, field and segment.
    """
    reader = searcher.reader()
    empty = {name for name in reader.indexed_field_names() if not reader.field_length(name)}
    empty |= {name for name in searcher.schema.names() if name not in reader.indexed_field_names()}
    if not empty:
        return query

    def prune(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term | wq.Phrase) and node.field() in empty:
            return wq.NullQuery
        return node.apply(prune) if not node.is_leaf() else node

    return prune(query).normalize()


# Stemmed fields and the exact fields that hold the same text (the exact body
# also holds the lead and captions, so it matches the stemmed body only in an
# index without them: field lengths tell).
_TWIN_VIEWS = ((documents.TITLE, documents.TITLE_EXACT), (documents.BODY, documents.BODY_EXACT))


def merge_identical_views(query: wq.Query, searcher: Searcher) -> wq.Query:
    """`query` with each stemmed term that has the same postings as its exact twin merged into it.

    A word that nothing else stems to (a name, an acronym, a number, a root
    word written bare) has the same postings in the stemmed and the exact view
    of a field. Reading them once with the summed boost gives every document
    the same BM25F score (same frequencies, lengths and document counts) for
    half the posting reads. The exact postings are a subset of the stemmed ones,
    so equal document counts and equal total frequencies prove them identical.
    """
    reader = searcher.reader()
    twins = [
        (stemmed, exact)
        for stemmed, exact in _TWIN_VIEWS
        if reader.field_length(stemmed) == reader.field_length(exact)
    ]
    if not twins:
        return query

    def same_postings(stemmed: str, exact: str, text: str) -> bool:
        counts = (reader.doc_frequency, reader.frequency)
        return all(int(count(stemmed, text)) == int(count(exact, text)) for count in counts)

    def merge(node: wq.Query) -> wq.Query:
        if node.is_leaf():
            return node
        node = node.apply(merge)
        if not isinstance(node, wq.Or):
            return node
        children = list(node.subqueries)
        terms = {
            (child.fieldname, child.text): position
            for position, child in enumerate(children)
            if type(child) is wq.Term
        }
        dropped: set[int] = set()
        for stemmed, exact in twins:
            for (name, text), position in terms.items():
                twin = terms.get((exact, text))
                if name != stemmed or twin is None or not same_postings(stemmed, exact, text):
                    continue
                children[twin] = wq.Term(
                    exact, text, boost=children[twin].boost + children[position].boost
                )
                dropped.add(position)
        if not dropped:
            return node
        kept = [child for position, child in enumerate(children) if position not in dropped]
        return kept[0].with_boost(kept[0].boost * node.boost) if len(kept) == 1 else (
            node.__class__(kept, boost=node.boost)
        )

    return merge(query)
