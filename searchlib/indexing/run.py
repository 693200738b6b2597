"""Writing articles into the index: add new, replace changed, skip unchanged, prune gone.

Each article's content hash is stored beside it, so a second run over the same
files costs a hash comparison per article instead of a re-index, and a record
file (JSONL/CSV) whose size and modification time have not changed since it
was last indexed completely is not even read. Reading, parsing and analysis
run in worker processes, which also write the documents into segments of
their own (:mod:`searchlib.indexing.pool`); this process holds the write lock
for the whole run, hands the workers page paths and raw JSONL lines, decides
what each outcome means for the index (new, changed, unchanged, a later copy)
and commits the workers' segments. With one job everything happens here
(:mod:`searchlib.indexing.workers`). Writes are committed in batches: a crash
loses at most the batch in progress, and every committed batch is a
consistent index that searches see whole or not at all.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import Protocol

from whoosh import index as whoosh_index

from searchlib import store
from searchlib._whoosh.codec import posting_ids
from searchlib._whoosh.merge import index_segments
from searchlib._whoosh.prepared import PreparedWriter
from searchlib.analysis import stem_cache_snapshot, warm_stem_cache
from searchlib.indexing.batches import (
    COMMIT_BATCH,
    WRITER_LIMIT_MB,
    BatchWriter,
    ProgressCallback,
)
from searchlib.indexing.plan import (
    IndexState,
    RecordFiles,
    prunable,
    run_tasks_for,
)
from searchlib.indexing.pool import Flushed, SegmentWorkers
from searchlib.indexing.tasks import Task, TaskResult, article_tasks
from searchlib.indexing.workers import default_jobs, run_tasks
from searchlib.ingest import (
    RECORD_SUFFIXES,
    Article,
    BoilerplateEvidence,
    collect_evidence,
    discover,
)
from searchlib.results import IndexReport
from searchlib.store import documents

# Python's cyclic garbage collector rescans every live object as the posting
# buffer grows (millions of tuples, none cyclic); collecting less often saves
# ~10% of the writer's time. The first number is allocations between scans.
GC_THRESHOLD = (50_000, 20, 100)
# A batch size no removal reaches: `remove_articles` commits once, at the end.
ONE_COMMIT = 2**62


def index_paths(
    whoosh_ix: whoosh_index.Index,
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    prune: bool = False,
    strict: bool = False,
    progress: ProgressCallback | None = None,
    lock_timeout: float = store.DEFAULT_LOCK_TIMEOUT,
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
    with store.write_lock(whoosh_ix, lock_timeout), _few_collections():
        state = IndexState.load(whoosh_ix, folder)
        sources = store.SourceLog.load(folder)
        record_paths = [path for path in files if path.suffix.lower() in RECORD_SUFFIXES]
        unchanged_files = {path for path in record_paths if sources.unchanged(path)}
        for path in sorted(unchanged_files):
            report.skipped += sources.article_count(path)
        evidence = collect_evidence([path for path in files if path not in unchanged_files])
        record_files = RecordFiles()
        tasks = run_tasks_for(files, unchanged_files, record_files)
        with _analysed_and_written(
            whoosh_ix, state, report, tasks, jobs=jobs or default_jobs(), evidence=evidence,
            batch_size=batch_size, progress=progress,
        ) as (writer, results):
            for result in _written(writer, results, strict):
                if result.records is not None:
                    ends = record_files.task_done(result.outcomes, result.records)
                    writer.write_all(ends, strict)
            if prune:
                writer.remove(prunable(state, record_files.seen_by_file, files))
        for path, entry in record_files.complete_files.items():
            sources.files[str(path)] = entry
        sources.forget_missing()
        sources.save()
        store.save_stem_cache(folder, stem_cache_snapshot())
    return report


def write_articles(
    whoosh_ix: whoosh_index.Index,
    articles: Iterable[Article],
    report: IndexReport,
    progress: ProgressCallback | None = None,
    *,
    jobs: int = 1,
    lock_timeout: float = store.DEFAULT_LOCK_TIMEOUT,
    batch_size: int = COMMIT_BATCH,
) -> IndexReport:
    """Index `Article` objects made elsewhere; unchanged ones are skipped."""
    folder = Path(whoosh_ix.storage.folder)
    with store.write_lock(whoosh_ix, lock_timeout), _few_collections():
        state = IndexState.load(whoosh_ix, folder)
        with _analysed_and_written(
            whoosh_ix, state, report, article_tasks(articles), jobs=jobs, evidence=None,
            batch_size=batch_size, progress=progress,
        ) as (writer, results):
            for _result in _written(writer, results, strict=False):
                pass
        store.save_stem_cache(folder, stem_cache_snapshot())
    return report


class _Results(Protocol):
    """The workers' results in task order, and a way to end the current batch."""

    def __iter__(self) -> Iterator[TaskResult | Flushed]: ...

    def request_flush(self) -> None: ...


class _WrittenHere:
    """Documents written by this process: tasks analysed here (one job) or by a pool
    of workers, in order; the writer commits its own batches."""

    def __init__(self, results: Generator[TaskResult, None, None]) -> None:
        self._results = results

    def __iter__(self) -> Iterator[TaskResult | Flushed]:
        return iter(self._results)

    def request_flush(self) -> None:
        """Nothing to do: the writer holds the documents and commits when it likes."""


class _InWorkers:
    """Several jobs: worker processes that write segments (see searchlib.indexing.pool)."""

    def __init__(self, workers: SegmentWorkers, tasks: Iterable[Task]) -> None:
        self._workers = workers
        self._tasks = tasks

    def __iter__(self) -> Iterator[TaskResult | Flushed]:
        return self._workers.results(self._tasks)

    def request_flush(self) -> None:
        self._workers.request_flush()


def _written(writer: BatchWriter, results: _Results, strict: bool) -> Iterator[TaskResult]:
    """Each task's result after its outcomes are written; the workers' segments
    committed as they come, and a batch ended when the writer wants it."""
    for item in results:
        if isinstance(item, Flushed):
            writer.commit_segments(item.built)
            continue
        writer.write_all(item.outcomes, strict)
        yield item
        if writer.flush_wanted:
            results.request_flush()


@contextmanager
def _analysed_and_written(
    whoosh_ix: whoosh_index.Index,
    state: IndexState,
    report: IndexReport,
    tasks: Iterable[Task],
    *,
    jobs: int,
    evidence: BoilerplateEvidence | None,
    batch_size: int,
    progress: ProgressCallback | None,
) -> Iterator[tuple[BatchWriter, _Results]]:
    """The workers' results for `tasks`, in order, and the writer to hand them to.

    Leaving the block commits what is left and stops the workers, at once
    after a failure (`strict`).
    """
    with ExitStack() as stack:
        results: _Results
        if jobs <= 1:
            in_order = run_tasks(
                tasks, jobs=jobs, schema=whoosh_ix.schema, evidence=evidence,
                known_hashes=state.hashes, on_stems=warm_stem_cache,
            )  # fmt: skip
            results = _WrittenHere(stack.enter_context(closing(in_order)))
            writers = 0
        else:
            workers = stack.enter_context(
                _segment_workers(whoosh_ix, state, evidence, jobs, warm_stem_cache)
            )
            results = _InWorkers(workers, tasks)
            writers = jobs
        writer = stack.enter_context(
            BatchWriter(whoosh_ix, state, report, batch_size, progress, segment_writers=writers)
        )
        yield writer, results


@contextmanager
def _segment_workers(
    whoosh_ix: whoosh_index.Index,
    state: IndexState,
    evidence: BoilerplateEvidence | None,
    jobs: int,
    on_stems: Callable[[dict[str, str]], None],
) -> Iterator[SegmentWorkers]:
    """`jobs` segment-writing workers, each with a scratch folder in the index folder
    (removed when they stop)."""
    scratch = [whoosh_ix.storage.temp_storage(f"worker{number}") for number in range(jobs)]
    try:
        with SegmentWorkers(
            jobs, schema=whoosh_ix.schema, evidence=evidence, known_hashes=state.hashes,
            stems=stem_cache_snapshot(), folders=[Path(s.folder) for s in scratch],
            indexname=whoosh_ix.indexname, limitmb=WRITER_LIMIT_MB, on_stems=on_stems,
        ) as workers:  # fmt: skip
            yield workers
    finally:
        for storage in scratch:
            # Whoosh's column writers leave empty folders of their own inside.
            shutil.rmtree(storage.folder, ignore_errors=True)


def optimize_index(
    whoosh_ix: whoosh_index.Index, *, lock_timeout: float = store.DEFAULT_LOCK_TIMEOUT
) -> int:
    """Merge all segments into one (faster searches); returns the segments before.

    A single segment without deletions is not rewritten but read through, so a
    damaged one is reported instead of being called optimized.
    """
    folder = Path(whoosh_ix.storage.folder)
    with store.write_lock(whoosh_ix, lock_timeout), store.reading(folder):
        segments = index_segments(whoosh_ix)
        if len(segments) > 1 or any(segment.has_deletions() for segment in segments):
            PreparedWriter(whoosh_ix, limitmb=WRITER_LIMIT_MB).commit(optimize=True)
        else:
            read_through(whoosh_ix)
        return len(segments)


def read_through(whoosh_ix: whoosh_index.Index) -> int:
    """Read every stored article and every posting block of the index; returns the articles.

    Raises what Whoosh raises on damaged data (see `store.reading`).
    """
    articles = 0
    with whoosh_ix.searcher() as searcher:
        reader = searcher.reader()
        for fields in reader.all_stored_fields():
            documents.from_stored(fields)
            articles += 1
        for fieldname, text in reader.all_terms():
            for _docnum in posting_ids(reader.postings(fieldname, text)):
                pass
    return articles


def remove_articles(
    whoosh_ix: whoosh_index.Index,
    article_ids: Iterable[str],
    *,
    lock_timeout: float = store.DEFAULT_LOCK_TIMEOUT,
) -> int:
    """Delete articles by id in one commit; returns how many were in the index.

    The rest of each removed article's story is re-checked: articles that no
    longer hang together get stories of their own in the same commit.
    """
    folder = Path(whoosh_ix.storage.folder)
    report = IndexReport()
    with store.write_lock(whoosh_ix, lock_timeout), store.reading(folder):
        state = IndexState.load(whoosh_ix, folder)
        wanted = sorted(set(article_ids))
        with BatchWriter(whoosh_ix, state, report, ONE_COMMIT, None) as writer:
            writer.remove(wanted)
        return report.removed


@contextmanager
def _few_collections() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


__all__ = [
    "index_paths",
    "optimize_index",
    "read_through",
    "remove_articles",
    "write_articles",
]
