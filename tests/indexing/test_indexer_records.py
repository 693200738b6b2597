"""Record files indexed through the workers: order, failures, strict, prune, sources.json."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from record_corpus import news_lines
from whoosh.fields import Schema

from searchlib import ArticleIndex
from searchlib._whoosh.prepared import PreparedDocument
from searchlib.errors import IngestError
from searchlib.indexing import workers
from searchlib.indexing.tasks import RECORD_LINES_PER_TASK
from searchlib.ingest import IngestFailure, IngestWarning, read_source
from searchlib.results import IndexReport
from searchlib.store import SOURCES_FILE, documents

# Enough records for three tasks, so failures and ids cross task boundaries.
RECORDS = 2 * RECORD_LINES_PER_TASK + 20
# Lines replaced by broken ones: two in the first task, one in each of the others.
BROKEN_LINES = (5, 9, RECORD_LINES_PER_TASK + 7, 2 * RECORD_LINES_PER_TASK + 3)


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _with_broken_lines(path: Path) -> Path:
    lines = news_lines(RECORDS)
    for number in BROKEN_LINES:
        lines[number - 1] = '{"id": "rusak", "text": '
    return _write_lines(path, lines)


def _logged_files(idx: ArticleIndex) -> dict[str, dict[str, int]]:
    logged: dict[str, dict[str, int]] = json.loads(
        (idx.path / SOURCES_FILE).read_text(encoding="utf-8")
    )["files"]
    return logged


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Records in two JSONL files and a CSV file, each with failures, in one folder."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    _with_broken_lines(folder / "a.jsonl")
    (folder / "b.csv").write_text(
        "id,title,text\ncsv-1,Judul Satu,Isi berita pertama di Jakarta.\ncsv-2,Tanpa Isi\n",
        encoding="utf-8",
    )
    second = news_lines(RECORDS + 10)[RECORDS:]
    _write_lines(folder / "c.jsonl", [second[0], "[1, 2]", *second[1:]])
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_record_failures_are_reported_in_input_order_with_their_lines(
    tmp_path: Path, corpus: Path, jobs: int
) -> None:
    expected = [
        event
        for path in sorted(corpus.iterdir())
        for event in read_source(path)
        if isinstance(event, IngestFailure)
    ]
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([corpus], jobs=jobs)
        assert report.failures == expected
        assert [f.source_path for f in report.failures[: len(BROKEN_LINES)]] == [
            f"{corpus / 'a.jsonl'}:{number}" for number in BROKEN_LINES
        ]
        assert report.failures[0].message.startswith(f"line {BROKEN_LINES[0]}: invalid JSON")
        articles = (RECORDS - len(BROKEN_LINES)) + 1 + 10  # a.jsonl, b.csv, c.jsonl
        assert (report.added, report.failed) == (articles, len(expected))
        assert len(idx) == articles


def test_parallel_and_sequential_builds_agree_across_tasks(tmp_path: Path, corpus: Path) -> None:
    built = {}
    for jobs in (1, 2):
        with ArticleIndex.create(tmp_path / f"jobs{jobs}") as idx:
            report = idx.add([corpus], jobs=jobs)
            articles = sorted((article.to_dict() for article in idx), key=lambda a: a["id"])
            built[jobs] = (report.to_dict(), articles, _logged_files(idx))
    assert built[1] == built[2]


@pytest.mark.parametrize("jobs", [1, 2])
def test_strict_stops_at_the_first_failing_record(
    tmp_path: Path, corpus: Path, jobs: int
) -> None:
    first = f"{corpus / 'a.jsonl'}:{BROKEN_LINES[0]}"
    children = set(multiprocessing.active_children())
    with ArticleIndex.create(tmp_path / "index") as idx:
        with pytest.raises(IngestError) as raised:
            idx.add([corpus], jobs=jobs, strict=True)
        # Checked while the error (and so the stopped run's frames) is still held.
        assert set(multiprocessing.active_children()) <= children
        assert str(raised.value).startswith(f"{first}: line {BROKEN_LINES[0]}: invalid JSON")
        assert len(idx) == 0
        assert not (idx.path / SOURCES_FILE).exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_unchanged_records_of_a_reread_file_are_not_analysed(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _write_lines(tmp_path / "news.jsonl", news_lines(RECORDS))
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([records], jobs=jobs)
        lines = records.read_text(encoding="utf-8").splitlines()
        changed = json.loads(lines[-1])
        changed["text"] += " Pertemuan lanjutan dijadwalkan pekan depan."
        lines[-1] = json.dumps(changed, ensure_ascii=False)
        _write_lines(records, lines)
        real_prepare = workers.prepare_document

        def prepare_changed_only(
            schema: Schema, document: dict[str, Any], terms: Any = None
        ) -> PreparedDocument:
            article_id = document[documents.ID_FIELD]
            if article_id != changed["id"]:
                raise AssertionError(f"unchanged record {article_id} was analysed")
            return real_prepare(schema, document, terms)

        monkeypatch.setattr(workers, "prepare_document", prepare_changed_only)
        report = idx.add([records], jobs=jobs)
        assert (report.added, report.updated, report.skipped) == (0, 1, RECORDS - 1)
        article = idx.get(changed["id"])
        assert article is not None and "Pertemuan lanjutan" in article.text


@pytest.mark.parametrize("jobs", [1, 2])
def test_prune_removes_records_gone_from_a_reread_file(tmp_path: Path, jobs: int) -> None:
    lines = news_lines(RECORDS)
    records = _write_lines(tmp_path / "news.jsonl", lines)
    kept = lines[: RECORD_LINES_PER_TASK - 3] + lines[RECORD_LINES_PER_TASK + 3 :]
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([records], jobs=jobs)
        _write_lines(records, kept)
        report = idx.add([records], jobs=jobs, prune=True)
        assert (report.removed, report.skipped) == (6, len(kept))
        assert {article.id for article in idx} == {json.loads(line)["id"] for line in kept}


@pytest.mark.parametrize("jobs", [1, 2])
def test_only_files_read_whole_without_failures_are_logged(
    tmp_path: Path, corpus: Path, jobs: int
) -> None:
    clean = _write_lines(corpus / "d.jsonl", news_lines(RECORDS + 20)[RECORDS + 10 :])
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([corpus], jobs=jobs)
        assert list(_logged_files(idx)) == [str(clean)]
        assert _logged_files(idx)[str(clean)]["articles"] == 10
        again = idx.add([corpus], jobs=jobs)
        assert again.skipped == len(idx)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_warning_comes_after_its_files_records_and_the_file_is_read_again(
    tmp_path: Path, jobs: int
) -> None:
    lines = [line.encode() for line in news_lines(RECORDS)]
    lines[-1] = '{"id": "cp", "text": "Kata \u201ckutip\u201d di sana sini."}'.encode("cp1252")
    records = tmp_path / "cp.jsonl"
    records.write_bytes(b"\n".join(lines) + b"\n")
    following = _write_lines(tmp_path / "z.jsonl", ["[1]"])
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = IndexReport()
        when_warned: list[tuple[int, int]] = []

        def note(progress: IndexReport) -> None:
            if progress.warnings and not when_warned:
                when_warned.append((progress.added, progress.failed))

        idx.add([records, following], jobs=jobs, progress=note, report=report)
        assert when_warned == [(RECORDS, 0)]
        assert report.warnings == [
            IngestWarning(str(records), "some lines not UTF-8, decoded as cp1252")
        ]
        assert [f.source_path for f in report.failures] == [f"{following}:1"]
        assert report.added == RECORDS
        assert str(records) not in _logged_files(idx)


@pytest.mark.parametrize("jobs", [1, 2])
def test_record_files_that_cannot_be_read_fail_as_read_source_says(
    tmp_path: Path, jobs: int
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    empty = folder / "a-empty.jsonl"
    empty.write_bytes(b"\n \n")
    badly_named = folder / os.fsdecode(b"b-\xff.jsonl")
    _write_lines(badly_named, news_lines(1))
    good = _write_lines(folder / "c.jsonl", news_lines(2))
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([folder], jobs=jobs)
        assert report.failures == [*read_source(empty), *read_source(badly_named)]
        assert (report.added, report.failed) == (2, 2)
        assert list(_logged_files(idx)) == [str(good)]
