"""Whoosh documents: the schema, and how an `Article` becomes a document and back.

Each piece of text is indexed twice: a stemmed view (recall: `bertemu` finds
`pertemuan`) and an exact view of the lowercased forms as written (precision:
`tahanan` is not `pertahanan`; phrases; spelling suggestions). Only the exact
views keep word positions: phrases are matched there, and BM25F reads no more
than a term's frequency in the stemmed views. Stop words are left out of
both and kept, alone and without positions, in a view of their own (the body's
stop words), which a query reads only to break ties. The whole `Article` is stored as
JSON so results and `get()` never re-read source files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema

from searchlib._whoosh.prepared import Terms
from searchlib.analysis import (
    Lexicon,
    chain_lexicon,
    exact_analyzer,
    is_lowercase_stable,
    is_stemmed_chain,
    is_stop_words_chain,
    joined_views,
    stemmed_analyzer,
    stop_words_analyzer,
    text_views,
)
from searchlib.ingest import Article

# Bumped whenever fields or analyzers change in a way that old indexes cannot serve.
# 3: a story id and a near-duplicate signature per article.
# 4: the stemmed views keep frequencies, not positions.
# 5: the body's stop words in a view of their own.
SCHEMA_VERSION = 5

# Field names, shared with the query and search stages.
ID_FIELD = "id"
TITLE = "title"
TITLE_EXACT = "title_exact"
LEAD = "lead"
BODY = "body"
BODY_EXACT = "body_exact"
BODY_STOPS = "body_stops"
CAPTIONS = "captions"
OUTLET = "outlet"
AUTHOR = "author"
PUBLISHED = "published"
MONTH = "month"
CONTENT_HASH = "content_hash"
SOURCE_PATH = "source_path"
STORED_ARTICLE = "article"
# Syndicated stories (searchlib.duplicates): the story id an article shares with
# its near-duplicates, and its near-duplicate signature (Signature.to_bytes()).
STORY = "story"
SIGNATURE = "signature"

STEMMED_FIELDS = (TITLE, LEAD, BODY, CAPTIONS)
EXACT_FIELDS = (TITLE_EXACT, BODY_EXACT)


def build_schema(lexicon: Lexicon | None = None, *, stories: bool = True) -> Schema:
    """The schema, always built here in code (never unpickled from an index).

    `lexicon` carries an index's own word lists (user overrides and acronyms);
    without it the shipped lists are used. With `stories`, articles carry a
    story id and a near-duplicate signature (docs/duplicates.md): the story is
    indexed (a story's articles are one term), stored and a column (the story
    of every match, read while results are collapsed); the signature is only a
    column, read back when a new article is compared with an indexed one.
    """
    stemmed = stemmed_analyzer(lexicon)
    exact = exact_analyzer(lexicon)
    # Positions cost a list per posting to encode, write and decode; on IndoSum
    # the stemmed views without them make analysis 15% and the commit 25%
    # cheaper and the index 15% smaller (39.9 -> 34.1 MB), scores unchanged.
    schema = Schema(
        **{
            ID_FIELD: ID(stored=True, unique=True),
            TITLE: TEXT(analyzer=stemmed, phrase=False),
            TITLE_EXACT: TEXT(analyzer=exact),
            LEAD: TEXT(analyzer=stemmed, phrase=False),
            BODY: TEXT(analyzer=stemmed, phrase=False),
            BODY_EXACT: TEXT(analyzer=exact),
            BODY_STOPS: TEXT(analyzer=stop_words_analyzer(lexicon), phrase=False),
            CAPTIONS: TEXT(analyzer=stemmed, phrase=False),
            OUTLET: ID(sortable=True),
            AUTHOR: TEXT(analyzer=exact),
            PUBLISHED: DATETIME(sortable=True),
            MONTH: ID(sortable=True),
            CONTENT_HASH: ID(stored=True),
            SOURCE_PATH: ID(stored=True),
            STORED_ARTICLE: STORED(),
        }
    )
    if stories:
        schema.add(STORY, ID(stored=True, sortable=True))
        schema.add(SIGNATURE, COLUMN(VarBytesColumn()))
    return schema


def has_stories(schema: Schema) -> bool:
    """Whether an index of this schema groups its articles into stories."""
    return STORY in schema.names()


def outlet_key(outlet: str) -> str:
    """The outlet as the index keys it: case and spacing do not matter to users."""
    return " ".join(outlet.split()).casefold()


def to_document(article: Article, content_hash: str | None = None) -> dict[str, Any]:
    """The Whoosh document for `article` (fields without a value are left out)."""
    searchable_lead = article.lead or ""
    captions = "\n".join(caption.text for caption in article.captions)
    # The exact view holds every word the reader sees besides the title, captions
    # included, so `-word` leaves out any article that prints the word.
    body_text = "\n\n".join(filter(None, (searchable_lead, article.text, captions)))
    document: dict[str, Any] = {
        ID_FIELD: article.id,
        TITLE: article.title,
        TITLE_EXACT: article.title,
        LEAD: searchable_lead,
        BODY: article.text,
        BODY_EXACT: body_text,
        BODY_STOPS: body_text,
        CAPTIONS: captions,
        CONTENT_HASH: content_hash or article.content_hash,
        SOURCE_PATH: article.source_path,
        STORED_ARTICLE: json.dumps(article.to_dict(), ensure_ascii=False),
    }
    if article.outlet:
        document[OUTLET] = outlet_key(article.outlet)
    if article.author:
        document[AUTHOR] = article.author
    if article.published:
        # Filters and facets work on the date as the outlet printed it (its own
        # wall clock): "3 Des 2021" means that day in Jakarta, not in UTC.
        document[PUBLISHED] = article.published.replace(tzinfo=None)
        document[MONTH] = article.published.strftime("%Y-%m")
    return document


def text_lexicon(schema: Schema) -> Lexicon | None:
    """The lexicon every text view of `schema` is analysed with, if they are
    searchlib's own analyzers (then :func:`analysed_terms` may stand in for them)."""
    lexicons = []
    for names, stemmed in ((STEMMED_FIELDS, True), (EXACT_FIELDS, False)):
        for name in names:
            analyzer = schema[name].analyzer if name in schema else None
            lexicon = chain_lexicon(analyzer)
            if lexicon is None or is_stemmed_chain(analyzer) != stemmed:
                return None
            lexicons.append(lexicon)
    stops = schema[BODY_STOPS].analyzer if BODY_STOPS in schema else None
    stop_lexicon = chain_lexicon(stops)
    if stop_lexicon is None or not is_stop_words_chain(stops):
        return None
    lexicons.append(stop_lexicon)
    first = lexicons[0]
    return first if all(lexicon == first for lexicon in lexicons) else None


def analysed_terms(document: Mapping[str, Any], lexicon: Lexicon) -> dict[str, Terms]:
    """The terms of a document's text views (from `to_document`), each text analysed once.

    The title gives both title views; the lead, text and captions give their
    stemmed views and, joined, the exact body and its stop words. `lexicon` is the schema's
    (:func:`text_lexicon`). The terms are those the fields' analyzers give.
    """
    views = {name: text_views(document.get(name) or "", lexicon) for name in STEMMED_FIELDS}
    terms = {name: Terms(found.stems) for name, found in views.items()}
    title = views[TITLE]
    if document.get(TITLE_EXACT) == document.get(TITLE):
        terms[TITLE_EXACT] = Terms(title.exact, title.start)
    parts = [(views[name], document.get(name) or "") for name in (LEAD, BODY, CAPTIONS)]
    joined_text = "\n\n".join(text for _, text in parts if text)
    if all(is_lowercase_stable(text) for _, text in parts):
        body = joined_views([found for found, text in parts if text])
        if document.get(BODY_EXACT) == joined_text:
            terms[BODY_EXACT] = Terms(body.exact, body.start)
        if document.get(BODY_STOPS) == joined_text:
            terms[BODY_STOPS] = Terms(body.stops)
    return terms


def from_stored(fields: Mapping[str, Any]) -> Article:
    """The `Article` stored in a hit's or reader's stored fields."""
    return Article.from_dict(json.loads(fields[STORED_ARTICLE]))
