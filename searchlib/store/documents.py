"""Whoosh documents: the schema, and how an `Article` becomes a document and back.

Each piece of text is indexed twice: a stemmed view (recall: `bertemu` finds
`pertemuan`) and an exact view of the lowercased forms as written (precision:
`tahanan` is not `pertahanan`; phrases; spelling suggestions). The whole
`Article` is stored as JSON so results and `get()` never re-read source files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema

from searchlib.analysis import Lexicon, exact_analyzer, stemmed_analyzer
from searchlib.ingest import Article

# Bumped whenever fields or analyzers change in a way that old indexes cannot serve.
SCHEMA_VERSION = 3

# Field names, shared with the query and search stages.
ID_FIELD = "id"
TITLE = "title"
TITLE_EXACT = "title_exact"
LEAD = "lead"
BODY = "body"
BODY_EXACT = "body_exact"
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
    schema = Schema(
        **{
            ID_FIELD: ID(stored=True, unique=True),
            TITLE: TEXT(analyzer=stemmed),
            TITLE_EXACT: TEXT(analyzer=exact),
            LEAD: TEXT(analyzer=stemmed),
            BODY: TEXT(analyzer=stemmed),
            BODY_EXACT: TEXT(analyzer=exact),
            CAPTIONS: TEXT(analyzer=stemmed),
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
    document: dict[str, Any] = {
        ID_FIELD: article.id,
        TITLE: article.title,
        TITLE_EXACT: article.title,
        LEAD: searchable_lead,
        BODY: article.text,
        # The exact view holds every word the reader sees besides the title, captions
        # included, so `-word` leaves out any article that prints the word.
        BODY_EXACT: "\n\n".join(filter(None, (searchable_lead, article.text, captions))),
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


def from_stored(fields: Mapping[str, Any]) -> Article:
    """The `Article` stored in a hit's or reader's stored fields."""
    return Article.from_dict(json.loads(fields[STORED_ARTICLE]))
