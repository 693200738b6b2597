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
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool

from whoosh.fields import Schema

from searchlib._whoosh.prepared import prepare_document
from searchlib.analysis import Lexicon, live_stem_cache, stem_cache_snapshot, warm_stem_cache
from searchlib.duplicates import article_signature, story_id_for
from searchlib.indexing.tasks import (
    Analysed,
    Outcome,
    PageTask,
    RecordsRead,
    RecordTask,
    Task,
    TaskResult,
    Unchanged,
)
from searchlib.ingest import (
    Article,
    BoilerplateEvidence,
    IngestEvent,
    IngestFailure,
    LineDecoder,
    read_source,
    record_line_event,
    unreadable,
)
from searchlib.store import documents

# Tasks in flight (at least; 3 per worker on larger machines): 24 tasks of 64
# articles are 1,536 articles, ~15 MB of prepared documents. That is under two
# fifths of a commit batch (COMMIT_BATCH, 4,000 articles = 63 tasks): while the
# writer commits, the workers fill the window and then wait for it.
TASKS_IN_FLIGHT = 24


@dataclass
class _WorkerState:
    """What every task in one process needs, set once per process."""

    schema: Schema
    evidence: BoilerplateEvidence | None
    known_hashes: Mapping[str, str]
    reported_stems: int = 0
    # The schema's text views analysed in one pass when they are searchlib's own.
    lexicon: Lexicon | None = None


_state: _WorkerState | None = None


def start_worker(
    schema: Schema,
    evidence: BoilerplateEvidence | None,
    known_hashes: Mapping[str, str],
    stems: Mapping[str, str],
) -> None:
    """Set up this process for tasks: schema, corpus evidence, known hashes, stems.

    A worker ignores Ctrl-C: the terminal sends it to every process of the
    command, and the main process alone handles it (it stops the pool and
    says what was saved) instead of each worker printing its traceback.
    """
    global _state
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_stem_cache(stems)
    _state = _WorkerState(
        schema, evidence, known_hashes, len(live_stem_cache()), documents.text_lexicon(schema)
    )


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
    outcomes = [
        _analysed(state, e, e.source_path) if isinstance(e, Article) else e for e in events
    ]
    return TaskResult(outcomes, _new_stems(state))


def _analysed(
    state: _WorkerState, article: Article, where: str, line: int | None = None
) -> Analysed | Unchanged | IngestFailure:
    """Unchanged if the index holds this very article, else its prepared document.

    An article that cannot be analysed (an `Article` made by other code may
    hold text no output can encode) fails alone, named by `where` (a file, or
    `file:line` for a record), instead of stopping the batch.
    """
    try:
        content_hash = article.content_hash
        if state.known_hashes.get(article.id) == content_hash:
            return Unchanged(article.id, article.source_path, line or 0)
        prepared = prepare(state.schema, article, content_hash, state.lexicon)
        return prepared._replace(line=line or 0)
    except Exception as error:  # noqa: BLE001 - one bad article must not stop a batch
        prefix = f"line {line}: " if line is not None else ""
        message = f"{prefix}article {article.id!r} {unreadable(error, 'indexed')}"
        return IngestFailure(where, message)


def prepare(
    schema: Schema,
    article: Article,
    content_hash: str | None = None,
    lexicon: Lexicon | None = None,
    story: str | None = None,
) -> Analysed:
    """The prepared document of one article (`content_hash`: its own, if known).

    With the schema's `lexicon` (`documents.text_lexicon`), each text is
    analysed once for both its views instead of once per field. In an index
    with stories it carries the article's near-duplicate signature, computed
    here in the worker like the rest of the analysis, and its story: `story`
    when it is known, else the story the article would start on its own (what
    most articles get; the writer replaces it when the article joins another).
    """
    content_hash = content_hash or article.content_hash
    fields = documents.to_document(article, content_hash)
    signature = None
    if documents.has_stories(schema):
        signature = article_signature(article).to_bytes()
        fields[documents.SIGNATURE] = signature
        fields[documents.STORY] = story if story is not None else story_id_for(article.id)
    terms = documents.analysed_terms(fields, lexicon) if lexicon is not None else None
    document = prepare_document(schema, fields, terms)
    return Analysed(article.id, content_hash, article.source_path, document, signature=signature)


def _read_records(state: _WorkerState, task: RecordTask) -> tuple[list[Outcome], RecordsRead]:
    """The outcomes of a record task's non-blank lines, in line order.

    Each line is decoded and parsed by what `searchlib parse` uses
    (`LineDecoder`, `record_line_event`), so a file reads the same either way.
    """
    decoder = LineDecoder(task.source)
    outcomes: list[Outcome] = []
    for number, raw in enumerate(task.lines, start=task.first_line):
        event = record_line_event(task.source, number, raw, decoder)
        if isinstance(event, Article):
            outcomes.append(_analysed(state, event, f"{task.source}:{number}", number))
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


__all__ = [
    "TASKS_IN_FLIGHT",
    "default_jobs",
    "prepare",
    "run_task",
    "run_tasks",
    "start_worker",
]
