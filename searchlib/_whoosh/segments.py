"""Segments written by worker processes and taken into the index by the writing process.

Writing a segment (grouping postings by term, the term index, pickled and
compressed posting blocks, stored fields) is most of the cost of indexing,
and Whoosh does it in the one process that holds the index. Here each worker
process builds a segment of its own from the documents it analyses
(:class:`SegmentBuilder`), in a scratch folder inside the index folder; at a
batch boundary it writes the segment and hands over a small description
(:class:`BuiltSegment`). The writing process marks the documents it does not
keep (a later copy of an id, an article that turned out unchanged), moves
the segment file into the index folder (:func:`adopt_segments`) and commits
a table of contents naming it, so every worker writes its part of a batch at
the same time.

A worker's segment is written with the same writer class and codec as the
writing process's (:class:`~searchlib._whoosh.prepared.PreparedWriter`), so
its bytes are those the writing process would have written for the same
documents. Until it is named in a table of contents it is only a file in a
scratch folder: a crash leaves nothing the index would read, and the next
writer removes the scratch folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from searchlib._whoosh.prepared import PreparedDocument, PreparedWriter


class BuiltSegment(NamedTuple):
    """A segment a worker has written: which of its segments, the Whoosh segment, its file."""

    serial: int
    segment: Any  # a whoosh.codec.whoosh3.W3Segment
    path: str


class _ScratchStorage(FileStorage):  # type: ignore[misc]  # Whoosh is untyped
    """A worker's folder: its segment files, and its writer's sorting runs in a subfolder."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        path = tempfile.mkdtemp(prefix=f"{name or 'runs'}-", dir=self.folder)
        return FileStorage(path)


class _ScratchIndex:
    """What a segment writer asks of an index, for a segment built in a scratch folder:
    no segments yet, no lock, the schema given."""

    def __init__(self, folder: Path, schema: Schema, indexname: str) -> None:
        self.storage = _ScratchStorage(str(folder))
        self.schema = schema
        self.indexname = indexname

    def _read_toc(self) -> whoosh_index.TOC:
        return whoosh_index.TOC(self.schema, [], 0)


class SegmentBuilder:
    """One worker's segments, one after another: documents appended, then written whole.

    `folder` is the worker's scratch folder (inside the index folder, so the
    written file can be renamed into the index). Each segment gets the next
    serial number; a document's place is (serial, document number).
    """

    def __init__(self, folder: Path, schema: Schema, indexname: str, limitmb: int) -> None:
        self.folder = folder
        self._index = _ScratchIndex(folder, schema, indexname)
        self._limitmb = limitmb
        self._writer: PreparedWriter | None = None
        self.serial = 0

    def add(self, document: PreparedDocument) -> tuple[int, int]:
        """Append a document to the current segment; returns (serial, document number)."""
        if self._writer is None:
            self._writer = PreparedWriter(self._index, limitmb=self._limitmb)
        writer = self._writer
        docnum = int(writer.docnum)
        writer.add_prepared(document)
        return self.serial, docnum

    def finish(self) -> BuiltSegment | None:
        """Write the current segment (None if it holds no document); the next one starts."""
        writer, self._writer = self._writer, None
        serial = self.serial
        self.serial += 1
        if writer is None:
            return None
        segment = writer.finish_segment()
        path = self.folder / segment.make_filename(segment.COMPOUND_EXT)
        return BuiltSegment(serial, segment, str(path))

    def cancel(self) -> None:
        """Drop the segment in progress (its files stay in the scratch folder, which is removed)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.cancel()


def stored_fields(
    done: BuiltSegment, schema: Schema, docnums: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """The stored fields of some documents of a segment a worker has written.

    Read before the segment is adopted, so that the writing process can write
    a document again with one field changed (an article's story, decided
    after its worker wrote it) in the same commit.
    """
    storage = FileStorage(str(Path(done.path).parent))
    reader = SegmentReader(storage, schema, done.segment)
    try:
        return {docnum: reader.stored_fields(docnum) for docnum in docnums}
    finally:
        reader.close()


def adopt_segments(
    storage: FileStorage, built: Iterable[tuple[BuiltSegment, Iterable[int]]]
) -> list[Any]:
    """Segments written by workers, moved into the index folder of `storage`.

    Each comes with the document numbers not to keep, which are marked
    deleted; a segment left without documents is removed instead. The
    segments are not yet part of the index: the caller commits a table of
    contents that names them (until then the next writer removes the files).
    """
    adopted = []
    for done, dropped in built:
        segment = done.segment
        for docnum in dropped:
            segment.delete_document(docnum)
        if segment.doc_count() == 0:
            Path(done.path).unlink(missing_ok=True)
            continue
        os.replace(done.path, Path(storage.folder) / Path(done.path).name)
        adopted.append(segment)
    return adopted


__all__ = ["BuiltSegment", "SegmentBuilder", "adopt_segments", "stored_fields"]
