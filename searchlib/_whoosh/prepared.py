"""Documents analysed ahead of writing, so analysis can run in other processes.

Whoosh analyses a document inside `SegmentWriter.add_document`, in the one
process that holds the index. Here the same work is split in two: any process
turns a document into a :class:`PreparedDocument` (the postings, lengths,
stored values and column values that `add_document` would compute), and the
writing process only appends them with :meth:`PreparedWriter.add_prepared`.
The split follows `add_document` line by line, so an index built either way
holds the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec
from whoosh.fields import FieldType, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Frequency, Positions
from whoosh.reading import SegmentReader
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from searchlib._whoosh.codec import NewsCodec
from searchlib._whoosh.merge import MergedSegment, TermPostings, pooled_terms, write_postings

# One posting of one field: (term as UTF-8, weight, encoded value).
Posting = tuple[bytes, float, bytes]
# Memory one buffered posting takes, as Whoosh's PostingPool.add estimates it
# (a 5-tuple with a field name, a short term and a short position list).
POSTING_BYTES = 200


class PreparedField(NamedTuple):
    name: str
    postings: list[Posting]
    length: int
    stored: Any
    column_value: Any


class PreparedDocument(NamedTuple):
    """One analysed document, cheap to pickle between processes."""

    fields: tuple[PreparedField, ...]


def check_schema(schema: Schema) -> None:
    """Refuse field features that `prepare_document` does not reproduce."""
    for name, field in schema.items():
        if field.vector or field.separate_spelling():
            raise ValueError(f"field {name!r}: term vectors and spelling fields are not supported")


class Terms(NamedTuple):
    """A text field's terms as its analyzer gives them, in order, and the first
    one's position (analysed ahead, so the field's analyzer need not run)."""

    texts: list[str]
    start: int = 0


def prepare_document(
    schema: Schema, document: Mapping[str, Any], terms: Mapping[str, Terms] | None = None
) -> PreparedDocument:
    """What `SegmentWriter.add_document(**document)` would add, without a writer.

    `terms` gives, for some text fields, the terms their analyzer would give
    (see `searchlib.analysis.text_views`); their postings are then counted
    from those terms, as Whoosh's `Positions` and `Frequency` formats count
    them, and the same postings come out.
    """
    prepared = []
    for name in sorted(document):
        value = document[name]
        if value is None or name.startswith("_"):
            continue
        field = schema[name]
        postings: list[Posting] = []
        length = 0
        if field.indexed:
            analysed = terms.get(name) if terms else None
            counted = _counted(field, analysed) if analysed is not None else None
            for term, frequency, weight, encoded in counted or field.index(value):
                postings.append((term, weight, encoded))
                if field.scorable:
                    length += frequency
        column_value = field.to_column_value(value) if field.column_type else None
        prepared.append(
            PreparedField(name, postings, length, value if field.stored else None, column_value)
        )
    return PreparedDocument(tuple(prepared))


def _counted(field: FieldType, terms: Terms) -> list[tuple[bytes, int, float, bytes]] | None:
    """`field.index(value)` computed from the value's terms (None: a format not handled).

    As `Positions.word_values` and `Frequency.word_values` do it: each term
    once, in order of first occurrence, its weight the sum of its tokens'
    boosts (1.0 each) times the field boost, its value the encoded positions
    or the packed frequency.
    """
    fmt = field.format
    kind = type(fmt)
    boost = fmt.field_boost
    if kind is Positions:
        positions: dict[str, list[int]] = {}
        for position, text in enumerate(terms.texts, start=terms.start):
            found = positions.get(text)
            if found is None:
                positions[text] = [position]
            else:
                found.append(position)
        return [
            (text.encode("utf-8"), len(found), float(len(found)) * boost, fmt.encode(found))
            for text, found in positions.items()
        ]
    if kind is Frequency:
        counts: dict[str, int] = {}
        for text in terms.texts:
            counts[text] = counts.get(text, 0) + 1
        return [
            (text.encode("utf-8"), count, float(count) * boost, pack_uint(count))
            for text, count in counts.items()
        ]
    return None


class PreparedWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """A segment writer that also accepts prepared documents.

    It never takes the index lock itself: the indexer holds the lock for the
    whole run and opens one of these per committed batch.
    """

    def __init__(self, whoosh_ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("codec", NewsCodec())
        super().__init__(whoosh_ix, _lk=False, **kwargs)
        self._merged: list[MergedSegment] = []
        # The added documents' postings grouped by (field, term) as they come,
        # each as (docnums, weights, values): the segment is then written
        # without sorting its postings, and the grouping happens while the
        # workers are still analysing rather than in the commit.
        self._by_term: dict[tuple[str, bytes], tuple[list[int], list[float], list[bytes]]] = {}
        self._buffered_bytes = 0

    def add_prepared(self, document: PreparedDocument) -> None:
        """Append one prepared document (the second half of `add_document`)."""
        self._check_state()
        schema = self.schema
        perdocwriter = self.perdocwriter
        by_term = self._by_term
        docnum = self.docnum
        perdocwriter.start_doc(docnum)
        try:
            for name, postings, length, stored, column_value in document.fields:
                field = schema[name]
                for term, weight, value in postings:
                    run = by_term.get((name, term))
                    if run is None:
                        by_term[name, term] = ([docnum], [weight], [value])
                    else:
                        run[0].append(docnum)
                        run[1].append(weight)
                        run[2].append(value)
                self._buffered_bytes += len(postings) * POSTING_BYTES
                perdocwriter.add_field(name, field, stored, length)
                if column_value is not None:
                    perdocwriter.add_column_value(name, field.column_type, column_value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        if self._buffered_bytes > self.pool.limit:
            self._spill()

    def _spill(self) -> None:
        """Hand the grouped postings to Whoosh's pool, which sorts them into a run on disk.

        Only a batch larger than the memory limit spills; its segment is then
        written from the pool's runs, merged in sorted order.
        """
        self._move_to_pool()
        self.pool.save()

    def _move_to_pool(self) -> None:
        pool = self.pool
        for (name, term), (ids, weights, values) in self._by_term.items():
            pool.current.extend(
                (name, term, docnum, weight, value)
                for docnum, weight, value in zip(ids, weights, values, strict=True)
            )
            pool.currentsize += len(ids) * POSTING_BYTES
        self._by_term = {}
        self._buffered_bytes = 0

    def _buffered_terms(self) -> Iterator[TermPostings]:
        """The added documents' postings, one entry per term in sorted order."""
        pool = self.pool
        if pool.runs or pool.current:
            self._move_to_pool()
            yield from pooled_terms(pool.iter_postings())
            return
        by_term = self._by_term
        for name, term in sorted(by_term):
            yield name, term, [by_term[name, term]]

    def add_reader(self, reader: Any) -> None:
        """Append a segment being merged into this one (merge policies call this).

        Its documents are appended now, as Whoosh does; its postings are
        copied block by block when the segment is written
        (:mod:`searchlib._whoosh.merge`). Other readers take Whoosh's way.
        """
        if not isinstance(reader, SegmentReader) or not isinstance(reader.codec(), W3Codec):
            super().add_reader(reader)
            return
        self._check_state()
        basedoc = self.docnum
        fieldnames = set(self.schema.names())
        totals: dict[str, int] = self.perdocwriter._fieldlengths
        before = dict(totals)
        docmap = self.write_per_doc(fieldnames, reader)
        for fieldname in fieldnames:
            exact = _live_length(reader, fieldname)
            if exact is not None:
                totals[fieldname] = before.get(fieldname, 0) + exact
        # The merge policy closes `reader` as soon as this returns, so the
        # postings are read through a reader of our own, open until the flush.
        own_reader = SegmentReader(_unmapped(self.storage), self.schema, reader.segment())
        self._merged.append(MergedSegment(own_reader, basedoc, docmap))
        self._added = True

    def finish_segment(self) -> Any:
        """Write the segment of the added documents and close, without a table of contents.

        For a segment built away from the index (a worker's): the caller
        takes the returned segment into an index. Nothing must have been
        merged into this writer.
        """
        self._check_state()
        try:
            segment = self._finalize_segment()
        finally:
            self._finish()
        return segment

    def include_segments(self, segments: list[Any]) -> None:
        """Make segments written elsewhere part of the index this writer commits.

        They join the index's segments as the merge policy sees them at the
        commit (so they may be merged like any other). Their files must
        already be in the index folder.
        """
        self._check_state()
        existing: list[Any] = list(vars(self)["segments"])
        self.segments = existing + list(segments)
        self._setup_doc_offsets()

    def _flush_segment(self) -> None:
        """Write the added documents' postings and the merged segments' (`write_postings`).

        Whoosh looks up the length of the posting's document for every
        posting (to keep per-block length bounds), which reads the segment's
        length column from disk each time: a quarter of the commit. Each
        field's lengths are loaded once here instead; the values are the same.
        """
        self.perdocwriter.close()
        lengths = _PreloadedLengths(self.per_document_reader())
        try:
            write_postings(
                self.fieldwriter, self.schema, lengths, self._buffered_terms(), self._merged
            )
            self.fieldwriter.close()
        finally:
            lengths.close()

    def _close_segment(self) -> None:
        super()._close_segment()
        for segment in self._merged:
            segment.reader.close()
        self._merged.clear()


def _live_length(reader: SegmentReader, fieldname: str) -> int | None:
    """The total length of `fieldname` over the segment's live documents (None: no lengths).

    Whoosh's merge adds up each document's length as stored, in one lossy byte
    (`length_to_byte`: up to about 1 in 8 off), so a merged segment's totals,
    hence its average lengths and every BM25 score, drifted from those of the
    same articles written at once (about +2% on the body). The segment keeps
    its exact total; only its deleted documents' share is taken from the bytes.
    """
    total = reader.field_length(fieldname)
    if not total:
        return None
    if reader.has_deletions():
        total -= sum(
            reader.doc_field_length(docnum, fieldname, 0) or 0
            for docnum in reader.deleted_docs_set
        )
    return max(0, int(total))


def _unmapped(storage: Any) -> Any:
    """The same folder, its files read rather than memory-mapped.

    A merge reads each segment once, start to end, and keeps every merged
    segment open until the new one is written: mapped, all their pages would
    count towards the writing process's memory at once. Measured merging the
    10 segments of the generated 10k corpus: peak RSS 311 MB mapped, 79 MB
    read (25.0 and 29.3 CPU s).
    """
    if not isinstance(storage, FileStorage):
        return storage
    return FileStorage(storage.folder, supports_mmap=False, readonly=True)


class _PreloadedLengths:
    """The field lengths of the segment being written, each field read once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[str, list[int] | None] = {}

    def field_lengths(self, fieldname: str) -> list[int] | None:
        if fieldname not in self._lengths:
            column = self._reader._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            self._lengths[fieldname] = (
                None if column is None else [byte_to_length(b) if b else 0 for b in column.load()]
            )
        return self._lengths[fieldname]

    def close(self) -> None:
        self._reader.close()
