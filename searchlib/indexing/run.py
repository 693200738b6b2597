"""Writing articles into the index: add new, replace changed, skip unchanged, prune gone.

Each article's content hash is stored beside it, so a second run over the same
files costs a hash comparison per article instead of a re-index, and a record
file (JSONL/CSV) whose size and modification time have not changed since it
was last indexed completely is not even read. Reading, parsing and analysis
run in worker processes (:mod:`searchlib.indexing.workers`); this process holds the
write lock for the whole run, hands the workers page paths and raw JSONL
lines, and appends the prepared documents they return. Writes are committed in
batches: a crash loses at most the batch in progress, and every committed
batch is a consistent index that searches see whole or not at all.
"""

from __future__ import annotations

import gc
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

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
            for result in results:
                writer.write_all(result.outcomes, strict)
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
            for result in results:
                writer.write_all(result.outcomes, strict=False)
        store.save_stem_cache(folder, stem_cache_snapshot())
    return report


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
) -> Iterator[tuple[BatchWriter, Generator[TaskResult, None, None]]]:
    """The workers' results for `tasks`, in order, and the writer to hand them to.

    Leaving the block commits what is left and closes the results, so a
    failure there (`strict`) stops the workers at once.
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
        BatchWriter(whoosh_ix, state, report, batch_size, progress) as writer,
        closing(results),
    ):
        yield writer, results


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
