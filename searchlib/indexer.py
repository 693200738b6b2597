"""Writing articles into the index: add new, replace changed, skip unchanged, prune gone.

Each article's content hash is stored beside it, so a second run over the same
files costs a hash comparison per article instead of a re-index, and a record
file (JSONL/CSV) whose size and modification time have not changed since it
was last indexed completely is not even read. Reading, parsing and analysis
run in worker processes (:mod:`searchlib.parallel`); this process holds the
write lock for the whole run, hands the workers page paths and raw JSONL
lines, and appends the prepared documents they return. Writes are committed in
batches: a crash loses at most the batch in progress, and every committed
batch is a consistent index that searches see whole or not at all.
"""

from __future__ import annotations

import gc
import json
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from whoosh import index as whoosh_index

from searchlib import index, storage
from searchlib._version import __version__
from searchlib.analysis import stem_cache_snapshot, warm_stem_cache
from searchlib.errors import IndexStateError, IngestError
from searchlib.ingest import (
    Article,
    BoilerplateEvidence,
    IngestEvent,
    IngestFailure,
    IngestWarning,
    collect_evidence,
    discover,
    iter_source,
)
from searchlib.ingest.sources import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    record_file_events,
    wider_fallback,
)
from searchlib.parallel import (
    Outcome,
    Prepared,
    RecordsRead,
    Task,
    TaskResult,
    Unchanged,
    article_tasks,
    default_jobs,
    page_tasks,
    record_tasks,
    run_tasks,
)
from searchlib.prepared import PreparedWriter, check_schema
from searchlib.segment_merge import tiered_merge

# Articles written per commit: a crash loses at most this many. Larger batches
# write each term's entry once for more articles. Measured with jobs=2
# (docs/indexing.md), CPU s of the writing process: IndoSum (3,463 articles)
# batches of 1,000: 10.5 s, 2,000: 9.7 s, 4,000: 8.8 s; generated 10k corpus
# 29.5 s against 25.9 s. Merges copy postings a block at a time and hold one
# block per segment in memory, so the batch no longer bounds their memory.
COMMIT_BATCH = 4000
# Memory for Whoosh's in-memory posting buffer before it spills sorted runs to
# disk (which costs a Python call per posting twice over). A batch of 4,000
# news articles needs about 240 MB by Whoosh's estimate, so 384 MB leaves
# room for longer articles before spilling.
WRITER_LIMIT_MB = 384
# Record files (many articles per file) can be skipped whole when unchanged.
RECORD_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES
# Record files fully indexed, with their size and mtime, in the index folder.
SOURCES_FILE = "sources.json"
# Python's cyclic garbage collector rescans every live object as the posting
# buffer grows (millions of tuples, none cyclic); collecting less often saves
# ~10% of the writer's time. The first number is allocations between scans.
GC_THRESHOLD = (50_000, 20, 100)


@dataclass
class IndexReport:
    """What one indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    removed: int = 0
    failed: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    committed: int = 0
    batches: int = 0

    @property
    def written(self) -> int:
        """Articles added, replaced or removed so far, committed or not."""
        return self.added + self.updated + self.removed

    @property
    def seen(self) -> int:
        """Articles and failures handled so far (what progress counts)."""
        return self.added + self.updated + self.skipped + self.failed

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.skipped} unchanged, "
            f"{self.removed} removed, {self.failed} failed"
        )

    def commit_summary(self) -> str:
        """What is safely on disk: all of it after a normal run."""
        batches = f"{self.batches} batch{'es' if self.batches != 1 else ''}"
        return f"{self.committed} changes committed in {batches}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "removed": self.removed,
            "failed": self.failed,
            "committed": self.committed,
            "batches": self.batches,
            "failures": [_event_dict(failure) for failure in self.failures],
            "warnings": [_event_dict(warning) for warning in self.warnings],
        }


def _event_dict(event: IngestFailure | IngestWarning) -> dict[str, str]:
    return {"source_path": event.source_path, "message": event.message}


ProgressCallback = Callable[[IndexReport], None]


def articles_only(events: Iterable[IngestEvent], report: IndexReport) -> Iterator[Article]:
    """The articles among ingestion events; failures and warnings go into `report`."""
    for event in events:
        if isinstance(event, Article):
            yield event
        else:
            _record_event(event, report)


def _record_event(event: IngestFailure | IngestWarning, report: IndexReport) -> None:
    if isinstance(event, IngestFailure):
        report.failed += 1
        report.failures.append(event)
    else:
        report.warnings.append(event)


# -- the run -----------------------------------------------------------------------


def index_paths(
    whoosh_ix: whoosh_index.Index,
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    prune: bool = False,
    strict: bool = False,
    progress: ProgressCallback | None = None,
    lock_timeout: float = storage.DEFAULT_LOCK_TIMEOUT,
    batch_size: int = COMMIT_BATCH,
    report: IndexReport | None = None,
) -> IndexReport:
    """Ingest files and folders into the index; see the module docstring.

    `jobs` worker processes read and analyse (None: all cores; 1: none, all
    in this process). With `prune`, articles whose source file is gone (or
    whose record is no longer in a re-read record file) are removed.
    """
    report = report if report is not None else IndexReport()
    folder = Path(whoosh_ix.storage.folder)
    files = list(discover(paths))
    with storage.write_lock(whoosh_ix, lock_timeout), _few_collections():
        state = _IndexState.load(whoosh_ix, folder)
        sources = _SourceLog.load(folder)
        record_paths = [path for path in files if path.suffix.lower() in RECORD_SUFFIXES]
        unchanged_files = {path for path in record_paths if sources.unchanged(path)}
        for path in sorted(unchanged_files):
            report.skipped += sources.article_count(path)
        evidence = collect_evidence([path for path in files if path not in unchanged_files])
        record_files = _RecordFiles()
        tasks = _tasks(files, unchanged_files, record_files)
        with _analysed_and_written(
            whoosh_ix, state, report, tasks, jobs=jobs or default_jobs(), evidence=evidence,
            batch_size=batch_size, progress=progress,
        ) as (writer, results):
            for result in results:
                writer.write_all(result.outcomes, strict)
                if result.records is not None:
                    ends = record_files.task_done(result.outcomes, result.records)
                    writer.write_all(ends, strict)
            if prune:
                writer.remove(_prunable(state, record_files.seen_by_file, files))
        for path, entry in record_files.complete_files.items():
            sources.files[str(path)] = entry
        sources.forget_missing()
        sources.save()
        storage.save_stem_cache(folder, stem_cache_snapshot())
    return report


def write_articles(
    whoosh_ix: whoosh_index.Index,
    articles: Iterable[Article],
    report: IndexReport,
    progress: ProgressCallback | None = None,
    *,
    jobs: int = 1,
    lock_timeout: float = storage.DEFAULT_LOCK_TIMEOUT,
    batch_size: int = COMMIT_BATCH,
) -> IndexReport:
    """Index `Article` objects made elsewhere; unchanged ones are skipped."""
    folder = Path(whoosh_ix.storage.folder)
    with storage.write_lock(whoosh_ix, lock_timeout), _few_collections():
        state = _IndexState.load(whoosh_ix, folder)
        with _analysed_and_written(
            whoosh_ix, state, report, article_tasks(articles), jobs=jobs, evidence=None,
            batch_size=batch_size, progress=progress,
        ) as (writer, results):
            for result in results:
                writer.write_all(result.outcomes, strict=False)
        storage.save_stem_cache(folder, stem_cache_snapshot())
    return report


@contextmanager
def _analysed_and_written(
    whoosh_ix: whoosh_index.Index,
    state: _IndexState,
    report: IndexReport,
    tasks: Iterable[Task],
    *,
    jobs: int,
    evidence: BoilerplateEvidence | None,
    batch_size: int,
    progress: ProgressCallback | None,
) -> Iterator[tuple[_BatchWriter, Generator[TaskResult, None, None]]]:
    """The workers' results for `tasks`, in order, and the writer to hand them to.

    Leaving the block commits what is left and closes the results, so a
    failure there (--strict) stops the workers at once.
    """
    results = run_tasks(
        tasks,
        jobs=jobs,
        schema=whoosh_ix.schema,
        evidence=evidence,
        known_hashes=state.hashes,
        on_stems=warm_stem_cache,
    )
    with (
        _BatchWriter(whoosh_ix, state, report, batch_size, progress) as writer,
        closing(results),
    ):
        yield writer, results


def optimize_index(
    whoosh_ix: whoosh_index.Index, *, lock_timeout: float = storage.DEFAULT_LOCK_TIMEOUT
) -> int:
    """Merge all segments into one (faster searches); returns the segments before."""
    with storage.write_lock(whoosh_ix, lock_timeout):
        before = len(whoosh_ix._segments())
        if before > 1 or any(s.has_deletions() for s in whoosh_ix._segments()):
            PreparedWriter(whoosh_ix, limitmb=WRITER_LIMIT_MB).commit(optimize=True)
        return before


def remove_articles(
    whoosh_ix: whoosh_index.Index,
    article_ids: Iterable[str],
    *,
    lock_timeout: float = storage.DEFAULT_LOCK_TIMEOUT,
) -> int:
    """Delete articles by id in one commit; returns how many were in the index."""
    with storage.write_lock(whoosh_ix, lock_timeout):
        writer = PreparedWriter(whoosh_ix, limitmb=WRITER_LIMIT_MB)
        removed = sum(writer.delete_by_term(index.ID_FIELD, key) for key in set(article_ids))
        if removed:
            writer.commit(merge=False)
        else:
            writer.cancel()
        return int(removed)


# -- what the index holds ----------------------------------------------------------


@dataclass
class _IndexState:
    """Id -> content hash and id -> source path of every indexed article."""

    hashes: dict[str, str]
    sources: dict[str, str]

    @classmethod
    def load(cls, whoosh_ix: whoosh_index.Index, folder: Path) -> _IndexState:
        hashes, sources = indexed_articles(whoosh_ix)
        warm_stem_cache(storage.load_stem_cache(folder))
        return cls(hashes, sources)


def indexed_articles(whoosh_ix: whoosh_index.Index) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> content hash, id -> source path) of every article in the index.

    Reads the small stored fields of each document; the article JSON stored
    beside them is loaded with them but never decoded.
    """
    hashes: dict[str, str] = {}
    sources: dict[str, str] = {}
    with whoosh_ix.searcher() as searcher:
        for fields in searcher.reader().all_stored_fields():
            article_id = fields[index.ID_FIELD]
            hashes[article_id] = fields[index.CONTENT_HASH]
            sources[article_id] = fields[index.SOURCE_PATH]
    return hashes, sources


def content_hashes(whoosh_ix: whoosh_index.Index) -> dict[str, str]:
    """Id -> content hash of every article in the index."""
    return indexed_articles(whoosh_ix)[0]


# -- reading -----------------------------------------------------------------------


@dataclass
class _FileRead:
    """A JSONL file whose lines the workers are parsing, summed over its tasks."""

    path: Path
    signature: dict[str, int] | None
    ids: set[str] = field(default_factory=set)
    records: int = 0
    clean: bool = True
    fallback: str | None = None


class _RecordFiles:
    """Record files read in a run: the ids each held (for --prune) and those
    read completely without failures (for sources.json).

    JSONL files are cut into tasks of raw lines that the workers parse and
    compare with the index (:func:`searchlib.parallel.record_tasks`), so this
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
        signature = _SourceLog.signature(path)
        handle = _open_jsonl(path) if path.suffix.lower() in JSONL_SUFFIXES else None
        if handle is None:
            yield from article_tasks(self._read_here(path, signature))
            return
        self._reading.append(_FileRead(path, signature))
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
            if isinstance(outcome, (Prepared, Unchanged)):
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


def _open_jsonl(path: Path) -> BinaryIO | None:
    """The JSONL file open for reading, or None if it cannot be read as one."""
    try:
        str(path).encode("utf-8")  # a name iter_source refuses
        return path.open("rb")
    except (UnicodeEncodeError, OSError):
        return None


def _tasks(
    files: list[Path], unchanged_files: set[Path], record_files: _RecordFiles
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


def _prunable(
    state: _IndexState, seen_by_file: Mapping[str, set[str]], files: list[Path]
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
            "--prune found none of the indexed source files from here; run it from the "
            "folder the index was built from (relative source paths are kept as given)"
        )
    return gone


# -- writing -----------------------------------------------------------------------


class _BatchWriter:
    """Appends outcomes to the index, committing every `batch_size` changes."""

    def __init__(
        self,
        whoosh_ix: whoosh_index.Index,
        state: _IndexState,
        report: IndexReport,
        batch_size: int,
        progress: ProgressCallback | None,
    ) -> None:
        check_schema(whoosh_ix.schema)
        self.whoosh_ix = whoosh_ix
        self.state = state
        self.report = report
        self.batch_size = max(1, batch_size)
        self.progress = progress
        self._writer: PreparedWriter | None = None
        self._batch_ids: set[str] = set()
        self._pending = 0

    def __enter__(self) -> _BatchWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None:
            self.commit()
        elif self._writer is not None:
            self._writer.cancel()

    def write_all(self, outcomes: Iterable[Outcome], strict: bool) -> None:
        for outcome in outcomes:
            self.write(outcome, strict)

    def write(self, outcome: Outcome, strict: bool) -> None:
        if isinstance(outcome, Prepared):
            self._write_prepared(outcome)
        elif isinstance(outcome, Unchanged):
            self.report.skipped += 1
        elif strict and isinstance(outcome, IngestFailure):
            raise IngestError(f"{outcome.source_path}: {outcome.message}")
        else:
            _record_event(outcome, self.report)
        if self.progress:
            self.progress(self.report)

    def _write_prepared(self, prepared: Prepared) -> None:
        hashes = self.state.hashes
        previous = hashes.get(prepared.article_id)
        if previous == prepared.content_hash:
            self.report.skipped += 1
            return
        if prepared.article_id in self._batch_ids:
            self.commit()  # the earlier copy must be on disk before it can be replaced
        writer = self._open()
        if previous is not None:
            writer.delete_by_term(index.ID_FIELD, prepared.article_id)
            self.report.updated += 1
        else:
            self.report.added += 1
        writer.add_prepared(prepared.document)
        hashes[prepared.article_id] = prepared.content_hash
        self.state.sources[prepared.article_id] = prepared.source_path
        self._note_change(prepared.article_id)

    def remove(self, article_ids: Iterable[str]) -> None:
        for article_id in article_ids:
            if article_id in self._batch_ids:
                self.commit()
            if self._open().delete_by_term(index.ID_FIELD, article_id):
                self.report.removed += 1
                self.state.hashes.pop(article_id, None)
                self.state.sources.pop(article_id, None)
                self._note_change(article_id)

    def _open(self) -> PreparedWriter:
        if self._writer is None:
            self._writer = PreparedWriter(self.whoosh_ix, limitmb=WRITER_LIMIT_MB)
        return self._writer

    def _note_change(self, article_id: str) -> None:
        self._batch_ids.add(article_id)
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()

    def commit(self) -> None:
        if self._writer is None:
            return
        self._writer.commit(mergetype=tiered_merge(self.batch_size))
        self.report.committed += self._pending
        self.report.batches += 1
        self._writer, self._pending = None, 0
        self._batch_ids = set()


@contextmanager
def _few_collections() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


# -- record files skipped whole ----------------------------------------------------


class _SourceLog:
    """Record files indexed completely, keyed by path, with size and mtime.

    Written only after the last commit of a run (and atomically), so it never
    claims a file whose articles are not all in the index. Kept per searchlib
    version, since a new version may read the same file differently.
    """

    def __init__(self, folder: Path, files: dict[str, dict[str, int]]) -> None:
        self.folder = folder
        self.files = files

    @classmethod
    def load(cls, folder: Path) -> _SourceLog:
        try:
            data = json.loads((folder / SOURCES_FILE).read_text(encoding="utf-8"))
            files = data["files"] if data.get("searchlib_version") == __version__ else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            files = {}
        return cls(folder, files if isinstance(files, dict) else {})

    @staticmethod
    def signature(path: Path) -> dict[str, int] | None:
        """Size and modification time, taken before the file is read."""
        try:
            info = path.stat()
        except OSError:
            return None
        return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}

    def unchanged(self, path: Path) -> bool:
        entry = self.files.get(str(path))
        signature = self.signature(path)
        return (
            entry is not None
            and signature is not None
            and entry.get("size") == signature["size"]
            and entry.get("mtime_ns") == signature["mtime_ns"]
        )

    def article_count(self, path: Path) -> int:
        return int(self.files[str(path)].get("articles", 0))

    def forget_missing(self) -> None:
        self.files = {name: entry for name, entry in self.files.items() if Path(name).exists()}

    def save(self) -> None:
        payload = {"searchlib_version": __version__, "files": self.files}
        storage.write_json(self.folder / SOURCES_FILE, payload)


__all__ = [
    "COMMIT_BATCH",
    "IndexReport",
    "ProgressCallback",
    "articles_only",
    "content_hashes",
    "index_paths",
    "indexed_articles",
    "optimize_index",
    "remove_articles",
    "write_articles",
]
