"""Tasks for the worker processes, and what each one gives back.

Indexing cuts its input into small tasks (runs of page files, articles read
in this process, runs of raw JSONL lines) that a worker turns into outcomes:
an article analysed and ready to write, an article already indexed
unchanged, or what reading reported. Tasks are built lazily, a task's worth
of input at a time, so a corpus of any size streams through.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from searchlib._whoosh.prepared import PreparedDocument
from searchlib.ingest import (
    IngestEvent,
    IngestFailure,
    IngestWarning,
    LineSource,
    bounded_lines,
    unreadable,
)

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
class Slot(NamedTuple):
    """Where a worker put an article's document: its worker, that worker's segment
    (a serial number), and the document's number in the segment."""

    worker: int
    segment: int
    docnum: int


class Analysed(NamedTuple):
    """A new or changed article, analysed and ready to write.

    Its `document` travels to the writing process, or, when the worker
    writes segments itself, stays there and `slot` says where it went.
    """

    article_id: str
    content_hash: str
    source_path: str
    document: PreparedDocument | None
    line: int = 0  # the record's line in its file; 0 for a page or an Article given
    slot: Slot | None = None
    # Its near-duplicate signature (Signature.to_bytes()), in an index with stories.
    signature: bytes | None = None

    @property
    def location(self) -> str:
        return location(self.source_path, self.line)


class Unchanged(NamedTuple):
    """An article already indexed with the same content hash."""

    article_id: str
    source_path: str
    line: int = 0

    @property
    def location(self) -> str:
        return location(self.source_path, self.line)


def location(source_path: str, line: int) -> str:
    """Where an article was read: its file, and for a record its line (`file:line`)."""
    return f"{source_path}:{line}" if line else source_path


Outcome = Analysed | Unchanged | IngestFailure | IngestWarning


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


def record_tasks(source: str, handle: LineSource) -> Iterator[RecordTask]:
    """The lines of the JSONL file `source`, open as `handle`, grouped into tasks.

    Reads only a task's worth of lines ahead (each line at most the record
    size limit), so a file of any size streams through the bounded window.
    The lines are split by the reader `searchlib parse` uses (`bounded_lines`).
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
    "ARTICLES_PER_TASK",
    "PAGES_PER_TASK",
    "RECORD_LINES_PER_TASK",
    "RECORD_TASK_BYTES",
    "Analysed",
    "ArticleTask",
    "Outcome",
    "PageTask",
    "RecordTask",
    "RecordsRead",
    "Slot",
    "Task",
    "TaskResult",
    "Unchanged",
    "article_tasks",
    "location",
    "page_tasks",
    "record_tasks",
]
