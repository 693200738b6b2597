"""The writer's view of stories: which story each written article joins, and what else changes.

An index with stories holds, for every article, its story id (the `story`
field: indexed, stored and a column) and its near-duplicate signature (the
`signature` column); docs/duplicates.md has the design. While a run writes,
:class:`IndexStories` keeps a :class:`~searchlib.duplicates.StoryGraph` of the
whole index: every article's story id and lookup keys in memory, the
signatures of articles written in this run but not yet committed in memory,
all others read back from the index when a comparison needs them. The graph
is filled from the index the first time a run adds, changes or removes an
article (a run that changes nothing never reads it), in one pass over the
stored fields and the signature column.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.columns import ColumnReader
from whoosh.fields import Schema
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searchlib import store
from searchlib._whoosh.prepared import PreparedDocument, prepare_document
from searchlib.duplicates import EMPTY, Signature, StoryChange, StoryGraph, story_id_for
from searchlib.indexing.plan import ArticlePlaces
from searchlib.ingest import Article
from searchlib.store import documents


def decoded(data: bytes | None) -> Signature:
    """A stored signature; one that cannot be read compares with nothing (EMPTY)."""
    if not data:
        return EMPTY
    try:
        return Signature.from_bytes(data)
    except ValueError:
        return EMPTY


def with_story(schema: Schema, document: PreparedDocument, story: str) -> PreparedDocument:
    """The prepared document with its story id (fields stay in name order)."""
    story_fields = prepare_document(schema, {documents.STORY: story}).fields
    others = tuple(field for field in document.fields if field.name != documents.STORY)
    return PreparedDocument(tuple(sorted(others + story_fields, key=lambda field: field.name)))


class _IndexSignatures:
    """Signatures of articles written but not committed, in memory; the rest from the index."""

    def __init__(self, index_reader: _CommittedArticles) -> None:
        self._committed = index_reader
        self._pending: dict[str, Signature] = {}

    def __getitem__(self, article_id: str) -> Signature:
        signature = self._pending.get(article_id)
        if signature is None:
            signature = decoded(self._committed.signature(article_id))
        return signature

    def added(self, article_id: str, signature: Signature) -> None:
        self._pending[article_id] = signature

    def loaded(self, article_id: str, signature: Signature) -> None:
        pass  # the index holds it

    def removed(self, article_id: str) -> None:
        self._pending.pop(article_id, None)

    def committed(self) -> None:
        self._pending.clear()


class _CommittedArticles:
    """The committed index, read by article id (reopened after each commit)."""

    def __init__(self, whoosh_ix: whoosh_index.Index) -> None:
        self._ix = whoosh_ix
        self._folder = Path(whoosh_ix.storage.folder)
        self._searcher: Searcher | None = None
        self._signatures: ColumnReader | None = None

    def _docnum(self, article_id: str) -> tuple[Searcher, int | None]:
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        searcher = self._searcher
        return searcher, searcher.document_number(**{documents.ID_FIELD: article_id})

    def signature(self, article_id: str) -> bytes | None:
        with store.reading(self._folder):
            searcher, docnum = self._docnum(article_id)
            if docnum is None:
                return None
            if self._signatures is None:
                # Opening a column reader reads the offsets of every document in the
                # column, so it is opened once per searcher, not once per look-up
                # (per look-up, a run's cost grew with the square of the index).
                self._signatures = searcher.reader().column_reader(documents.SIGNATURE)
            value = self._signatures[docnum]
        return value if isinstance(value, bytes) else None

    def article(self, article_id: str) -> tuple[Article, str] | None:
        """The stored article and its content hash, or None if the index has no such id."""
        with store.reading(self._folder):
            searcher, docnum = self._docnum(article_id)
            if docnum is None:
                return None
            fields = searcher.stored_fields(docnum)
            return documents.from_stored(fields), str(fields[documents.CONTENT_HASH])

    def close(self) -> None:
        self._signatures = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


class IndexStories:
    """Stories kept right while one run writes (see the module docstring)."""

    def __init__(self, whoosh_ix: whoosh_index.Index, places: ArticlePlaces | None = None) -> None:
        """`places`: where the run's first pass over the index found each article."""
        self._ix = whoosh_ix
        self._folder = Path(whoosh_ix.storage.folder)
        self.committed_articles = _CommittedArticles(whoosh_ix)
        self._signatures = _IndexSignatures(self.committed_articles)
        self._graph: StoryGraph | None = None
        self._places = places

    def place(self, article_id: str, signature: bytes | None) -> StoryChange:
        """A new or changed article's story, and the articles whose story changes with it."""
        return self._loaded().add(article_id, decoded(signature))

    def story_of(self, article_id: str) -> str | None:
        """The story an article belongs to now (None: not in the index)."""
        return self._loaded().story_of(article_id)

    def drop(self, article_id: str) -> StoryChange:
        """A removed article leaves its story; the articles whose story changes with it."""
        return self._loaded().remove(article_id)

    def committed(self) -> None:
        """What was written is on disk: read it from there from now on."""
        self._signatures.committed()
        self.committed_articles.close()

    def close(self) -> None:
        self.committed_articles.close()

    def _articles(
        self, reader: IndexReader, places: ArticlePlaces | None
    ) -> Iterator[tuple[int, str, str | None]]:
        """(document number, id, story) of every article in the index.

        From the places the run has read, with the story column, when the
        index is still the one they were read from (no commit since: the
        document numbers are the same); else from the stored fields.
        """
        if (
            places is not None
            and places.generation == self._ix.latest_generation()
            and reader.has_column(documents.STORY)
        ):
            stories = reader.column_reader(documents.STORY)
            for docnum, article_id in places.docnums:
                yield docnum, article_id, stories[docnum]
            return
        for docnum, fields in reader.iter_docs():
            yield docnum, fields[documents.ID_FIELD], fields.get(documents.STORY)

    def _loaded(self) -> StoryGraph:
        if self._graph is None:
            graph = StoryGraph(signatures=self._signatures)
            places, self._places = self._places, None
            with store.reading(self._folder), self._ix.searcher() as searcher:
                reader = searcher.reader()
                column = (
                    reader.column_reader(documents.SIGNATURE)
                    if reader.has_column(documents.SIGNATURE)
                    else None
                )
                for docnum, article_id, story in self._articles(reader, places):
                    data = column[docnum] if column is not None else None
                    signature = decoded(data if isinstance(data, bytes) else None)
                    graph.load(article_id, story or story_id_for(article_id), signature)
            self._graph = graph
        return self._graph
