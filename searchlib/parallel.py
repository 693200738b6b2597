"""Reading and analysing articles in worker processes, streamed in input order.

Whoosh is pure Python, so one process uses one core. The expensive, independent
part of indexing (parsing pages and JSONL records, tokenising, stemming) runs
here in a pool of worker processes, each turning a small task into prepared
documents; the process that holds the index only appends them. Tasks are
submitted through a bounded window and results consumed in submission order,
so memory stays flat whatever the corpus size and a parallel run writes
exactly what a sequential one writes.

Every worker holds the index's id -> content hash map (given once, when the
worker starts), so an article read in a worker whose hash is already indexed
comes back as :class:`Unchanged` without being analysed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import BinaryIO, NamedTuple

from whoosh.fields import Schema

from searchlib._whoosh.prepared import PreparedDocument, prepare_document
from searchlib.analysis import stem_cache_snapshot, warm_stem_cache
from searchlib.analysis.stemming import live_stem_cache
from searchlib.ingest import (
    Article,
    BoilerplateEvidence,
    IngestEvent,
    IngestFailure,
    IngestWarning,
    read_source,
)

# The JSONL line reader and decoder of `iter_source`, so that a record file
# read here is split into lines and decoded exactly as `searchlib parse` does.
from searchlib.ingest.sources import (
    LineDecoder,
    bounded_lines,
    record_line_event,
    unreadable,
)
from searchlib.store import documents

# Articles per task: large enough that pickling and queueing a task costs well
# under 1% of analysing it (~3 ms per article), small enough that a few tasks
# in flight per worker hold only a few MB.
ARTICLES_PER_TASK = 64
# Page files per task, for the same reason (one page is one article).
PAGES_PER_TASK = 32
# JSONL lines per task: one line is one record, so as many as articles.
RECORD_LINES_PER_TASK = ARTICLES_PER_TASK
# A task of raw JSONL lines also ends once it holds this many bytes. 64 news
# records are ~0.2 MB (IndoSum: 2.9 KB of JSON each), so the cap bites only on
# unusually long records and keeps the window's raw lines to tens of MB.
RECORD_TASK_BYTES = 2 * 1024 * 1024
# Tasks in flight (at least; 3 per worker on larger machines): 24 tasks of 64
# articles are 1,536 articles, ~15 MB of prepared documents. That is under two
# fifths of a commit batch (COMMIT_BATCH, 4,000 articles = 63 tasks): while the
# writer commits, the workers fill the window and then wait for it.
TASKS_IN_FLIGHT = 24


class Prepared(NamedTuple):
    """A new or changed article, analysed and ready to write."""

    article_id: str
    content_hash: str
    source_path: str
    document: PreparedDocument


class Unchanged(NamedTuple):
    """An article already indexed with the same content hash."""

    article_id: str
    source_path: str


Outcome = Prepared | Unchanged | IngestFailure | IngestWarning


@dataclass(frozen=True)
class PageTask:
    """Page files to read and analyse."""

    paths: tuple[Path, ...]


@dataclass(frozen=True)
class ArticleTask:
    """Articles read in the main process (CSV records, or made elsewhere) to
    analyse unless unchanged, with what reading them reported in its place."""

    events: tuple[IngestEvent, ...]


@dataclass(frozen=True)
class RecordTask:
    """Consecutive raw lines of one JSONL file, to parse and analyse.

    `lines[i]` is line `first_line + i` of the file (None: a line over the
    record size limit, never read whole). The file's final task has `last`
    set, possibly with no lines, and `failure` when the file could not be read
    to its end.
    """

    source: str
    first_line: int
    lines: tuple[bytes | None, ...]
    last: bool = False
    failure: IngestFailure | None = None


Task = PageTask | ArticleTask | RecordTask


class RecordsRead(NamedTuple):
    """What a record task tells about its file besides its outcomes.

    Every non-blank line of the task gives exactly one outcome (an article's,
    or the line's failure), so the outcomes count the file's records; the
    rest is here.
    """

    source: str
    fallback: str | None  # the encoding some lines were decoded as, not being UTF-8
    last: bool
    failure: IngestFailure | None


class TaskResult(NamedTuple):
    outcomes: list[Outcome]
    new_stems: dict[str, str]
    records: RecordsRead | None = None


@dataclass
class _WorkerState:
    """What every task in one process needs, set once per process."""

    schema: Schema
    evidence: BoilerplateEvidence | None
    known_hashes: Mapping[str, str]
    reported_stems: int = 0


_state: _WorkerState | None = None


def start_worker(
    schema: Schema,
    evidence: BoilerplateEvidence | None,
    known_hashes: Mapping[str, str],
    stems: Mapping[str, str],
) -> None:
    """Set up this process for tasks: schema, corpus evidence, known hashes, stems."""
    global _state
    warm_stem_cache(stems)
    _state = _WorkerState(schema, evidence, known_hashes, len(live_stem_cache()))


def run_task(task: Task) -> TaskResult:
    """Read and analyse one task; never raises for bad data (ingest reports it)."""
    state = _state
    if state is None:
        raise RuntimeError("run_task called before start_worker")
    if isinstance(task, RecordTask):
        outcomes, records = _read_records(state, task)
        return TaskResult(outcomes, _new_stems(state), records)
    if isinstance(task, PageTask):
        events: Iterable[IngestEvent] = (
            event for path in task.paths for event in read_source(path, state.evidence)
        )
    else:
        events = task.events
    outcomes = [_analysed(state, e) if isinstance(e, Article) else e for e in events]
    return TaskResult(outcomes, _new_stems(state))


def _analysed(state: _WorkerState, article: Article) -> Prepared | Unchanged:
    """Unchanged if the index holds this very article, else its prepared document."""
    content_hash = article.content_hash
    if state.known_hashes.get(article.id) == content_hash:
        return Unchanged(article.id, article.source_path)
    return prepare(state.schema, article, content_hash)


def prepare(schema: Schema, article: Article, content_hash: str | None = None) -> Prepared:
    """The prepared document of one article (`content_hash`: its own, if known)."""
    content_hash = content_hash or article.content_hash
    document = prepare_document(schema, documents.to_document(article, content_hash))
    return Prepared(article.id, content_hash, article.source_path, document)


def _read_records(state: _WorkerState, task: RecordTask) -> tuple[list[Outcome], RecordsRead]:
    """The outcomes of a record task's non-blank lines, in line order."""
    decoder = LineDecoder(task.source)
    outcomes: list[Outcome] = []
    for number, raw in enumerate(task.lines, start=task.first_line):
        event = record_line_event(task.source, number, raw, decoder)
        if isinstance(event, Article):
            outcomes.append(_analysed(state, event))
        elif event is not None:
            outcomes.append(event)
    return outcomes, RecordsRead(task.source, decoder.fallback, task.last, task.failure)


def _new_stems(state: _WorkerState) -> dict[str, str]:
    """Stems learned since the last report, so the writer can persist them all."""
    cache = live_stem_cache()
    if len(cache) < state.reported_stems:  # the cache dropped old entries: resend it
        new = dict(cache)
    else:
        new = dict(islice(cache.items(), state.reported_stems, None))
    state.reported_stems = len(cache)
    return new


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_tasks(
    tasks: Iterable[Task],
    *,
    jobs: int,
    schema: Schema,
    evidence: BoilerplateEvidence | None,
    known_hashes: Mapping[str, str],
    on_stems: Callable[[dict[str, str]], None],
) -> Generator[TaskResult, None, None]:
    """The result of each of `tasks` in order, computed by `jobs` processes (1: this one).

    Workers analyse with `schema`, the index's own (its analyzers carry the
    index's word lists), so every process indexes a word the same way, and
    compare with `known_hashes`, given to each worker once as it starts
    (inherited without a copy where processes fork). Stems a worker learns go
    to `on_stems` before its result is yielded.
    """
    if jobs <= 1:
        start_worker(schema, evidence, known_hashes, {})
        for task in tasks:
            yield run_task(task)
        return
    context = multiprocessing.get_context("fork" if "fork" in _start_methods() else None)
    stems = stem_cache_snapshot()
    with context.Pool(jobs, start_worker, (schema, evidence, known_hashes, stems)) as pool:
        for result in _ordered(pool, tasks, max(TASKS_IN_FLIGHT, 3 * jobs)):
            on_stems(result.new_stems)
            yield result


def _ordered(pool: Pool, tasks: Iterable[Task], window: int) -> Iterator[TaskResult]:
    """Results in submission order with at most `window` tasks submitted ahead.

    `Pool.imap` would read the whole task iterable ahead (its feeder thread
    queues everything), which for a large corpus means the whole corpus in
    memory; this keeps a fixed window instead.
    """
    pending: deque[AsyncResult[TaskResult]] = deque()
    for task in tasks:
        pending.append(pool.apply_async(run_task, (task,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _start_methods() -> list[str]:
    return list(multiprocessing.get_all_start_methods())


def page_tasks(paths: Iterable[Path]) -> Iterator[PageTask]:
    """Page files grouped into tasks."""
    iterator = iter(paths)
    while chunk := tuple(islice(iterator, PAGES_PER_TASK)):
        yield PageTask(chunk)


def article_tasks(events: Iterable[IngestEvent]) -> Iterator[ArticleTask]:
    """Articles (and what reading them reported) grouped into tasks."""
    iterator = iter(events)
    while chunk := tuple(islice(iterator, ARTICLES_PER_TASK)):
        yield ArticleTask(chunk)


def record_tasks(source: str, handle: BinaryIO) -> Iterator[RecordTask]:
    """The lines of the JSONL file `source`, open as `handle`, grouped into tasks.

    Reads only a task's worth of lines ahead (each line at most the record
    size limit), so a file of any size streams through the bounded window.
    The final task is marked `last`, and carries the failure if reading
    stopped early.
    """
    lines: list[bytes | None] = []
    first_line = 1
    size = 0
    failure = None
    try:
        for number, raw in bounded_lines(handle):
            lines.append(raw)
            size += len(raw or b"")
            if len(lines) >= RECORD_LINES_PER_TASK or size >= RECORD_TASK_BYTES:
                yield RecordTask(source, first_line, tuple(lines))
                lines, first_line, size = [], number + 1, 0
    except Exception as error:  # noqa: BLE001 - one broken file must not stop a batch
        failure = IngestFailure(source, unreadable(error))
    yield RecordTask(source, first_line, tuple(lines), last=True, failure=failure)


__all__ = [
    "ArticleTask",
    "Outcome",
    "PageTask",
    "Prepared",
    "RecordTask",
    "RecordsRead",
    "Task",
    "TaskResult",
    "Unchanged",
    "article_tasks",
    "default_jobs",
    "page_tasks",
    "prepare",
    "record_tasks",
    "run_tasks",
]
