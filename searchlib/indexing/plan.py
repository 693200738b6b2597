"""Planning a run: what the index holds, which tasks to give the workers, what to prune.

The index's own stored fields tell which articles it holds and with which
content hash (:class:`IndexState`). Record files are cut into tasks of raw
lines and followed through their tasks' results (:class:`RecordFiles`), so
the run learns which ids each file holds (for pruning) and which files were
read completely (for ``sources.json``) without reading any twice.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from whoosh import index as whoosh_index

from searchlib import store
from searchlib.analysis import warm_stem_cache
from searchlib.errors import IndexStateError
from searchlib.indexing.tasks import (
    Analysed,
    Outcome,
    RecordsRead,
    Task,
    Unchanged,
    article_tasks,
    page_tasks,
    record_tasks,
)
from searchlib.ingest import (
    JSONL_SUFFIXES,
    RECORD_SUFFIXES,
    Article,
    IngestEvent,
    IngestFailure,
    IngestWarning,
    Utf8Lines,
    iter_source,
    open_records,
    record_file_events,
    wider_fallback,
)
from searchlib.store import documents


class ArticlePlaces(NamedTuple):
    """Where each article is in the index as one table of contents lists it: the
    generation of that table, and (document number, id) of each article."""

    generation: int
    docnums: list[tuple[int, str]]


@dataclass
class IndexState:
    """Id -> content hash and id -> source path of every indexed article.

    In an index with stories it also keeps where each article was read
    (`places`), so that the run's story graph is filled from the story and
    signature columns instead of from every stored field a second time.
    """

    hashes: dict[str, str]
    sources: dict[str, str]
    places: ArticlePlaces | None = None

    @classmethod
    def load(cls, whoosh_ix: whoosh_index.Index, folder: Path) -> IndexState:
        with store.reading(folder):
            hashes, sources, places = _read_articles(
                whoosh_ix, with_places=documents.has_stories(whoosh_ix.schema)
            )
        warm_stem_cache(store.load_stem_cache(folder))
        return cls(hashes, sources, places)


def indexed_articles(whoosh_ix: whoosh_index.Index) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> content hash, id -> source path) of every article in the index.

    Reads the small stored fields of each document; the article JSON stored
    beside them is loaded with them but never decoded.
    """
    hashes, sources, _ = _read_articles(whoosh_ix, with_places=False)
    return hashes, sources


def _read_articles(
    whoosh_ix: whoosh_index.Index, *, with_places: bool
) -> tuple[dict[str, str], dict[str, str], ArticlePlaces | None]:
    hashes: dict[str, str] = {}
    sources: dict[str, str] = {}
    docnums: list[tuple[int, str]] = []
    generation = whoosh_ix.latest_generation()
    with whoosh_ix.searcher() as searcher:
        for docnum, fields in searcher.reader().iter_docs():
            article_id = fields[documents.ID_FIELD]
            hashes[article_id] = fields[documents.CONTENT_HASH]
            sources[article_id] = fields[documents.SOURCE_PATH]
            if with_places:
                docnums.append((docnum, article_id))
    return hashes, sources, ArticlePlaces(generation, docnums) if with_places else None


@dataclass
class _FileRead:
    """A JSONL file whose lines the workers are parsing, summed over its tasks."""

    path: Path
    signature: dict[str, int] | None
    ids: set[str] = field(default_factory=set)
    records: int = 0
    clean: bool = True
    fallback: str | None = None


class RecordFiles:
    """Record files read in a run: the ids each held (for pruning) and those
    read completely without failures (for sources.json).

    JSONL files are cut into tasks of raw lines that the workers parse and
    compare with the index (:func:`searchlib.indexing.tasks.record_tasks`), so this
    process only reads bytes; what a file held is learned from its tasks'
    results, which come back in order. CSV files are parsed here: a quoted
    field may span lines, so a CSV file cannot be cut into tasks without
    parsing it. A file that cannot be opened is read here too, so that
    ``iter_source`` reports why in its own words.
    """

    def __init__(self) -> None:
        self.seen_by_file: dict[str, set[str]] = {}
        self.complete_files: dict[Path, dict[str, int]] = {}
        self._reading: deque[_FileRead] = deque()

    def tasks(self, path: Path) -> Iterator[Task]:
        """The tasks of one record file, in line order."""
        signature = store.SourceLog.signature(path)
        opened = _open_jsonl(path) if path.suffix.lower() in JSONL_SUFFIXES else None
        if opened is None:
            yield from article_tasks(self._read_here(path, signature))
            return
        handle, fallback = opened
        self._reading.append(_FileRead(path, signature, fallback=fallback))
        with handle:
            yield from record_tasks(str(path), handle)

    def _read_here(self, path: Path, signature: dict[str, int] | None) -> Iterator[IngestEvent]:
        ids: set[str] = set()
        clean = True
        for event in iter_source(path):
            if isinstance(event, Article):
                ids.add(event.id)
            else:
                clean = False
            yield event
        self._finish(path, signature, ids, clean)

    def task_done(
        self, outcomes: list[Outcome], read: RecordsRead
    ) -> list[IngestFailure | IngestWarning]:
        """Note a record task's result; after its file's last, what the file reports."""
        current = self._reading[0]
        for outcome in outcomes:
            if isinstance(outcome, (Analysed, Unchanged)):
                current.ids.add(outcome.article_id)
            else:
                current.clean = False
        current.records += len(outcomes)
        current.fallback = wider_fallback(current.fallback, read.fallback)
        if not read.last:
            return []
        self._reading.popleft()
        events = record_file_events(read.source, current.records, current.fallback, read.failure)
        self._finish(current.path, current.signature, current.ids, current.clean and not events)
        return events

    def _finish(
        self, path: Path, signature: dict[str, int] | None, ids: set[str], clean: bool
    ) -> None:
        self.seen_by_file[str(path)] = ids
        if clean and signature is not None:
            self.complete_files[path] = {**signature, "articles": len(ids)}


def _open_jsonl(path: Path) -> tuple[BinaryIO | Utf8Lines, str | None] | None:
    """The JSONL file open for reading (see `open_records`), or None if it cannot be."""
    try:
        str(path).encode("utf-8")  # a name iter_source refuses
        return open_records(path)
    except (UnicodeEncodeError, OSError):
        return None


def run_tasks_for(
    files: list[Path], unchanged_files: set[Path], record_files: RecordFiles
) -> Iterator[Task]:
    """Tasks for the workers, in input order: runs of pages, then the lines of a record file."""
    pages: list[Path] = []
    for path in files:
        if path in unchanged_files:
            continue
        if path.suffix.lower() in RECORD_SUFFIXES:
            yield from page_tasks(pages)
            pages = []
            yield from record_files.tasks(path)
        else:
            pages.append(path)
    yield from page_tasks(pages)


def prunable(
    state: IndexState, seen_by_file: Mapping[str, set[str]], files: list[Path]
) -> list[str]:
    """Ids whose source file is gone, or whose record file no longer holds them."""
    exists: dict[str, bool] = {}
    gone = []
    for article_id, source in state.sources.items():
        if source not in exists:
            exists[source] = Path(source).exists()
        seen = seen_by_file.get(source)
        if not exists[source] or (seen is not None and article_id not in seen):
            gone.append(article_id)
    if gone and not any(exists.values()) and not any(Path(s).is_absolute() for s in exists):
        raise IndexStateError(
            "pruning found none of the indexed source files from here",
            "prune from the folder the index was built from (relative source paths are kept "
            "as given)",
        )
    return gone


__all__ = [
    "IndexState",
    "RecordFiles",
    "ArticlePlaces",
    "indexed_articles",
    "prunable",
    "run_tasks_for",
]
