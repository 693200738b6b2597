"""Worker processes that analyse articles and write segments of their own.

With two or more jobs, each worker reads and analyses its tasks (as
:mod:`~searchlib.indexing.workers` does) and appends the documents straight
to a segment it builds in a scratch folder of its own
(:class:`~searchlib._whoosh.segments.SegmentBuilder`); it sends back only
what happened to each article and where its document went. When the writing
process asks for a batch to end, every worker writes its segment at the same
time, after the tasks it was given before the request; the writing process
then commits the segments in one table of contents. Analysed documents never
travel between processes, and no process writes every segment alone.

Each worker has its own task and result queue, so the writing process knows
which worker holds which document and reads the results in the order it
gave the tasks out, a window of tasks ahead.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from whoosh.fields import Schema

from searchlib._whoosh.segments import BuiltSegment, SegmentBuilder
from searchlib.indexing.tasks import Analysed, Outcome, Slot, Task, TaskResult
from searchlib.indexing.workers import TASKS_IN_FLIGHT, run_task, start_worker
from searchlib.ingest import BoilerplateEvidence

# How long the writing process waits for a worker's answer before it checks
# that the worker is still alive (seconds).
_POLL_S = 0.5
# How long a worker may take to stop once told to (seconds), then it is killed.
_STOP_S = 10.0


class Flushed(NamedTuple):
    """The segments the workers wrote at the end of a batch: (worker, segment) for
    each worker that held documents."""

    built: list[tuple[int, BuiltSegment]]


class _Failed(NamedTuple):
    """A worker stopped on an error (a bug, not bad data: tasks report bad data)."""

    message: str


_FLUSH = "flush"


def _placed(outcome: Outcome, builder: SegmentBuilder, worker: int) -> Outcome:
    """An analysed article's document appended to the worker's segment; its place instead."""
    if not isinstance(outcome, Analysed) or outcome.document is None:
        return outcome
    serial, docnum = builder.add(outcome.document)
    return outcome._replace(document=None, slot=Slot(worker, serial, docnum))


def _serve(
    worker: int,
    tasks: Any,
    results: Any,
    setup: tuple[Schema, BoilerplateEvidence | None, Mapping[str, str], Mapping[str, str]],
    folder: Path,
    indexname: str,
    limitmb: int,
) -> None:
    """A worker process: tasks in, outcomes out, a segment written at each flush."""
    start_worker(*setup)
    builder = SegmentBuilder(folder, setup[0], indexname, limitmb)
    try:
        while (message := tasks.get()) is not None:
            if message == _FLUSH:
                results.put(builder.finish())
                continue
            result = run_task(message)
            outcomes = [_placed(outcome, builder, worker) for outcome in result.outcomes]
            results.put(result._replace(outcomes=outcomes))
    except BaseException:  # noqa: BLE001 - reported to the writing process, which stops
        results.put(_Failed(traceback.format_exc(limit=8)))
    finally:
        builder.cancel()


class SegmentWorkers:
    """`jobs` worker processes writing segments; results read in task order.

    Use as a context manager: leaving it stops the workers (at once if the
    block failed). Iterate :meth:`results` for each task's
    :class:`~searchlib.indexing.tasks.TaskResult` and, after the tasks given
    out before each :meth:`request_flush` (and after the last task), a
    :class:`Flushed`.
    """

    def __init__(
        self,
        jobs: int,
        *,
        schema: Schema,
        evidence: BoilerplateEvidence | None,
        known_hashes: Mapping[str, str],
        stems: Mapping[str, str],
        folders: list[Path],
        indexname: str,
        limitmb: int,
        on_stems: Callable[[dict[str, str]], None],
    ) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._on_stems = on_stems
        self._tasks = [context.Queue() for _ in range(jobs)]
        self._results = [context.Queue() for _ in range(jobs)]
        setup = (schema, evidence, known_hashes, stems)
        self._processes = [
            context.Process(
                target=_serve,
                args=(number, self._tasks[number], self._results[number], setup,
                      folders[number], indexname, limitmb),
                daemon=True,
            )  # fmt: skip
            for number in range(jobs)
        ]
        for process in self._processes:
            process.start()
        self._given: deque[int | None] = deque()  # worker of each task given out; None: a flush
        self._outstanding = [0] * jobs
        self._flush_wanted = False
        self._flushes_given = 0  # batch ends given out and not yet answered

    def __enter__(self) -> SegmentWorkers:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        self.close(at_once=exc_type is not None)

    def request_flush(self) -> None:
        """End the batch after the tasks given out so far (honoured before the next
        task; ignored while the end of a batch is on its way)."""
        self._flush_wanted = self._flushes_given == 0

    def results(self, tasks: Iterable[Task]) -> Iterator[TaskResult | Flushed]:
        window = max(TASKS_IN_FLIGHT, 3 * len(self._processes))
        for task in tasks:
            if self._flush_wanted:
                self._flush()
            worker = min(range(len(self._processes)), key=self._outstanding.__getitem__)
            self._tasks[worker].put(task)
            self._outstanding[worker] += 1
            self._given.append(worker)
            while sum(self._outstanding) >= window:
                yield self._next()
        self._flush()
        while self._given:
            yield self._next()

    def _flush(self) -> None:
        for tasks in self._tasks:
            tasks.put(_FLUSH)
        self._given.append(None)
        self._flush_wanted = False
        self._flushes_given += 1

    def _next(self) -> TaskResult | Flushed:
        worker = self._given.popleft()
        if worker is None:
            built = [(number, done) for number in range(len(self._processes))
                     if (done := self._answer(number)) is not None]  # fmt: skip
            self._flushes_given -= 1
            return Flushed(built)
        result = self._answer(worker)
        self._outstanding[worker] -= 1
        self._on_stems(result.new_stems)
        return result  # type: ignore[no-any-return]

    def _answer(self, worker: int) -> Any:
        """The next message from `worker`, waiting as long as it is alive."""
        process = self._processes[worker]
        while True:
            try:
                message = self._results[worker].get(timeout=_POLL_S)
            except queue.Empty:
                if not process.is_alive():
                    raise RuntimeError(
                        f"indexing worker {worker} stopped (exit code {process.exitcode})"
                    ) from None
                continue
            if isinstance(message, _Failed):
                raise RuntimeError(f"indexing worker {worker} failed:\n{message.message}")
            return message

    def close(self, *, at_once: bool = False) -> None:
        """Stop the workers: told to finish, or (`at_once`, after a failure) killed."""
        for number, process in enumerate(self._processes):
            if process.is_alive() and not at_once:
                self._tasks[number].put(None)
        for process in self._processes:
            if not at_once:
                process.join(_STOP_S)
            if process.is_alive():
                process.terminate()
            process.join()
        for pipe in (*self._tasks, *self._results):
            pipe.cancel_join_thread()
            pipe.close()


__all__ = ["Flushed", "SegmentWorkers"]
