"""Worker tasks: JSONL lines cut into tasks and parsed as `iter_source` parses them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from record_corpus import news_lines

from searchlib import ArticleIndex
from searchlib._whoosh.prepared import PreparedDocument, prepare_document
from searchlib.indexing.tasks import (
    RECORD_LINES_PER_TASK,
    RECORD_TASK_BYTES,
    Analysed,
    RecordTask,
    Unchanged,
    record_tasks,
)
from searchlib.indexing.workers import run_task, start_worker
from searchlib.ingest import Article, IngestEvent, IngestFailure, IngestWarning, read_source
from searchlib.ingest.record_lines import (
    LineDecoder,
    record_file_events,
    record_line_event,
    wider_fallback,
)
from searchlib.store import documents


def _news_lines(count: int) -> list[bytes]:
    return [line.encode() for line in news_lines(count)]


def _tasks_of(data: bytes) -> list[RecordTask]:
    return list(record_tasks("mem.jsonl", io.BytesIO(data)))


def _events_through_tasks(path: Path) -> list[IngestEvent]:
    """What reading `path` task by task gives: each line's event, then the file's own."""
    source = str(path)
    events: list[IngestEvent] = []
    records, fallback, failure = 0, None, None
    with path.open("rb") as handle:
        for task in record_tasks(source, handle):
            decoder = LineDecoder(source)
            for number, raw in enumerate(task.lines, start=task.first_line):
                event = record_line_event(source, number, raw, decoder)
                if event is not None:
                    events.append(event)
                    records += 1
            fallback = wider_fallback(fallback, decoder.fallback)
            failure = task.failure
    return events + list(record_file_events(source, records, fallback, failure))


# -- cutting a file into tasks -------------------------------------------------------


def test_tasks_number_every_line_and_mark_the_last() -> None:
    lines = [b'{"n": %d}' % n for n in range(2 * RECORD_LINES_PER_TASK + 5)]
    tasks = _tasks_of(b"\n".join(lines) + b"\n")
    per_task = RECORD_LINES_PER_TASK
    assert [len(task.lines) for task in tasks] == [per_task, per_task, 5]
    assert [task.first_line for task in tasks] == [1, per_task + 1, 2 * per_task + 1]
    assert [task.last for task in tasks] == [False, False, True]
    assert [line for task in tasks for line in task.lines] == [line + b"\n" for line in lines]


def test_a_file_of_whole_tasks_ends_with_an_empty_last_task() -> None:
    tasks = _tasks_of(b"{}\n" * RECORD_LINES_PER_TASK)
    assert [(len(task.lines), task.last) for task in tasks] == [
        (RECORD_LINES_PER_TASK, False),
        (0, True),
    ]
    assert tasks[-1].first_line == RECORD_LINES_PER_TASK + 1


def test_an_empty_file_is_one_empty_last_task() -> None:
    assert _tasks_of(b"") == [RecordTask("mem.jsonl", 1, (), last=True)]


def test_long_lines_end_a_task_before_it_has_its_full_count() -> None:
    line = b'{"text": "' + b"x" * (RECORD_TASK_BYTES // 3) + b'"}\n'
    tasks = _tasks_of(line * 7)
    assert all(len(task.lines) < RECORD_LINES_PER_TASK for task in tasks)
    assert sum(len(task.lines) for task in tasks) == 7
    for task in tasks:
        assert sum(len(raw or b"") for raw in task.lines[:-1]) < RECORD_TASK_BYTES


class _BreaksAfter(io.BytesIO):
    """A file whose disk fails after `good` lines."""

    def __init__(self, data: bytes, good: int) -> None:
        super().__init__(data)
        self.good = good

    def readline(self, size: int | None = -1) -> bytes:
        if self.good == 0:
            raise OSError(5, "Input/output error")
        self.good -= 1
        return super().readline(size)


def test_a_read_error_ends_the_file_with_one_failure_after_the_lines_read() -> None:
    tasks = list(record_tasks("disk.jsonl", _BreaksAfter(b"{}\n" * 100, good=70)))
    assert sum(len(task.lines) for task in tasks) == 70
    assert [task.failure for task in tasks[:-1]] == [None] * (len(tasks) - 1)
    failure = tasks[-1].failure
    assert tasks[-1].last and failure is not None
    assert failure.source_path == "disk.jsonl"
    assert failure.message.startswith("could not be read (OSError:")
    assert "\n" not in failure.message


# -- parsing lines as iter_source does ---------------------------------------------------


def _awkward_file(path: Path) -> Path:
    """Records of every kind `iter_source` reports, spread over three tasks."""
    good = _news_lines(2 * RECORD_LINES_PER_TASK)
    awkward = {
        3: b"not json at all",
        10: b"",
        11: b"   ",
        20: b"[1, 2, 3]",
        30: b'{"id": "judul-saja", "title": "Judul tanpa isi"}',
        40: b'{"id": "sampah", "text": "Baca juga: berita lain"}',
        70: json.dumps({"id": "cp", "text": "Kata \u201ckutip\u201d di sana sini."}).encode(),
        71: '{"id": "cp2", "text": "Kata \u201ckutip\u201d di sana sini."}'.encode("cp1252"),
        100: b'{"id": "l1", "text": "Bait \x81 aneh di sana sini."}',
        110: b"\xef\xbb\xbf" + good[0].replace(b'"id": "', b'"id": "bom-'),
    }
    lines = list(good)
    for number in sorted(awkward):  # ascending, so each lands on its own line number
        lines.insert(number - 1, awkward[number])
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_lines_read_task_by_task_give_what_read_source_gives(tmp_path: Path) -> None:
    path = _awkward_file(tmp_path / "awkward.jsonl")
    expected = read_source(path)
    failures = [e for e in expected if isinstance(e, IngestFailure)]
    assert len(failures) >= 4 and any(isinstance(e, IngestWarning) for e in expected)
    assert _events_through_tasks(path) == expected


@pytest.mark.parametrize("content", [b"", b"\n  \n\n", b"{}\n\xff\xfe\n"])
def test_files_without_good_records_report_as_read_source_does(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_bytes(content)
    assert _events_through_tasks(path) == read_source(path)


def test_latin_1_wins_over_cp1252_whichever_task_needed_it_first() -> None:
    assert wider_fallback("cp1252", "latin-1") == wider_fallback("latin-1", "cp1252") == "latin-1"
    assert wider_fallback(None, "cp1252") == wider_fallback("cp1252", None) == "cp1252"
    assert wider_fallback(None, None) is None


def test_json_nested_too_deep_fails_its_line_alone() -> None:
    decoder = LineDecoder("deep.jsonl")
    failure = record_line_event("deep.jsonl", 7, b"[" * 100_000 + b"]" * 100_000, decoder)
    assert isinstance(failure, IngestFailure)
    assert failure.source_path == "deep.jsonl:7"
    assert failure.message.startswith("line 7: could not be read (RecursionError")
    after = record_line_event("deep.jsonl", 8, _news_lines(1)[0], decoder)
    assert isinstance(after, Article)


# -- the worker ------------------------------------------------------------------------


def test_a_record_task_analyses_only_new_or_changed_records(
    seed_index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _news_lines(3)
    decoder = LineDecoder("r.jsonl")
    known, changed, new = (
        event
        for number, line in enumerate(lines, start=1)
        if isinstance(event := record_line_event("r.jsonl", number, line, decoder), Article)
    )
    hashes = {known.id: known.content_hash, changed.id: "an older version"}
    analysed: list[str] = []

    def counting_prepare(
        schema: object, document: dict[str, object], terms: Any = None
    ) -> PreparedDocument:
        analysed.append(str(document[documents.ID_FIELD]))
        return prepare_document(seed_index._ix.schema, document, terms)

    monkeypatch.setattr("searchlib.indexing.workers.prepare_document", counting_prepare)
    start_worker(seed_index._ix.schema, None, hashes, {})
    task = RecordTask("r.jsonl", 1, (*lines, b"oops"), last=True)
    result = run_task(task)
    kinds = [type(outcome) for outcome in result.outcomes]
    assert kinds == [Unchanged, Analysed, Analysed, IngestFailure]
    assert analysed == [changed.id, new.id]
    assert result.records is not None and result.records.last
