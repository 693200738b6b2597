"""Reading and analysing articles in worker processes, streamed in input order.

Whoosh is pure Python, so one process uses one core. The expensive, independent
part of indexing (parsing pages, tokenising, stemming) runs here in a pool of
worker processes, each turning a small task into prepared documents; the
process that holds the index only appends them. Tasks are submitted through a
bounded window and results consumed in submission order, so memory stays flat
whatever the corpus size and a parallel run writes exactly what a sequential
one writes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import NamedTuple

from whoosh.fields import Schema

from searchlib import index
from searchlib.analysis import stem_cache_snapshot, warm_stem_cache
from searchlib.analysis.stemming import live_stem_cache
from searchlib.ingest import Article, BoilerplateEvidence, IngestFailure, IngestWarning, read_source
from searchlib.prepared import PreparedDocument, prepare_document

# Articles per task: large enough that pickling and queueing a task costs well
# under 1% of analysing it (~3 ms per article), small enough that a few tasks
# in flight per worker hold only a few MB.
ARTICLES_PER_TASK = 64
# Page files per task, for the same reason (one page is one article).
PAGES_PER_TASK = 32
# Tasks in flight: enough for the workers to prepare a whole commit batch
# (1,000 articles = 16 tasks) while the writer commits the previous one, so
# they keep working through the commit; ~15 MB of prepared documents.
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
    """Articles already read (records), new or changed, to analyse."""

    articles: tuple[Article, ...]


Task = PageTask | ArticleTask


class TaskResult(NamedTuple):
    outcomes: list[Outcome]
    new_stems: dict[str, str]


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
    outcomes: list[Outcome] = []
    if isinstance(task, PageTask):
        for path in task.paths:
            for event in read_source(path, state.evidence):
                if not isinstance(event, Article):
                    outcomes.append(event)
                elif state.known_hashes.get(event.id) == event.content_hash:
                    outcomes.append(Unchanged(event.id, event.source_path))
                else:
                    outcomes.append(prepare(state.schema, event))
    else:
        outcomes.extend(prepare(state.schema, article) for article in task.articles)
    return TaskResult(outcomes, _new_stems(state))


def prepare(schema: Schema, article: Article) -> Prepared:
    """The prepared document of one article."""
    content_hash = article.content_hash
    document = prepare_document(schema, index.to_document(article, content_hash))
    return Prepared(article.id, content_hash, article.source_path, document)


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
) -> Iterator[Outcome]:
    """Outcomes of `tasks` in order, computed by `jobs` processes (1: this one).

    Workers analyse with `schema`, the index's own (its analyzers carry the
    index's word lists), so every process indexes a word the same way.
    """
    if jobs <= 1:
        start_worker(schema, evidence, known_hashes, {})
        for task in tasks:
            yield from run_task(task).outcomes
        return
    context = multiprocessing.get_context("fork" if "fork" in _start_methods() else None)
    stems = stem_cache_snapshot()
    with context.Pool(jobs, start_worker, (schema, evidence, known_hashes, stems)) as pool:
        for result in _ordered(pool, tasks, max(TASKS_IN_FLIGHT, 3 * jobs)):
            on_stems(result.new_stems)
            yield from result.outcomes


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


def article_tasks(articles: Iterable[Article]) -> Iterator[ArticleTask]:
    """Articles grouped into tasks."""
    iterator = iter(articles)
    while chunk := tuple(islice(iterator, ARTICLES_PER_TASK)):
        yield ArticleTask(chunk)


__all__ = [
    "ArticleTask",
    "Outcome",
    "PageTask",
    "Prepared",
    "Task",
    "Unchanged",
    "article_tasks",
    "default_jobs",
    "page_tasks",
    "prepare",
    "run_tasks",
]
