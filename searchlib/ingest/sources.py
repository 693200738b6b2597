"""Files and folders in, a stream of ingestion events out.

:func:`read_source` is the unit of work: one file, all its events, never an
exception for bad data. It is a top-level function with picklable arguments
so worker processes can call it. :func:`ingest` strings discovery
(:mod:`~searchlib.ingest.discovery`), corpus evidence and reading together
for a single process; record files are read a line at a time
(:mod:`~searchlib.ingest.record_lines`).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from searchlib.errors import IngestError
from searchlib.ingest.decoding import decode
from searchlib.ingest.discovery import CSV_SUFFIXES, HTML_SUFFIXES, JSONL_SUFFIXES, discover
from searchlib.ingest.events import IngestEvent, IngestFailure, unreadable
from searchlib.ingest.evidence import BoilerplateEvidence, collect_evidence
from searchlib.ingest.explanation import ExplainedLine, PageExplanation, explain_page_fields
from searchlib.ingest.files import (
    MAX_PAGE_BYTES,
    MAX_RECORD_BYTES,
    NotRegularFileError,
    not_regular_message,
    read_bytes,
)
from searchlib.ingest.html import explain_html, read_html_article
from searchlib.ingest.markup import looks_like_html
from searchlib.ingest.non_articles import not_an_article
from searchlib.ingest.page import read_article
from searchlib.ingest.record_lines import (
    LineDecoder,
    LineSource,
    Utf8Lines,
    bounded_lines,
    open_records,
    record_file_events,
    record_line_event,
)
from searchlib.ingest.records import DEFAULT_MAPPING, RecordMapping, record_to_article


def read_source(
    path: Path, evidence: BoilerplateEvidence | None = None, mapping: RecordMapping | None = None
) -> list[IngestEvent]:
    """One file -> its events (articles, warnings, failures). Never raises for bad data."""
    return list(iter_source(path, evidence, mapping))


def iter_source(
    path: Path, evidence: BoilerplateEvidence | None = None, mapping: RecordMapping | None = None
) -> Iterator[IngestEvent]:
    """Like :func:`read_source`, streaming (for large JSONL/CSV corpora)."""
    path = Path(path)
    source = str(path)
    try:
        _check_name(source)
        if path.is_dir():
            _check_listable(path)
            raise IngestError("is a directory, skipped")
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_events(path, mapping or DEFAULT_MAPPING)
        elif suffix in CSV_SUFFIXES:
            yield from _csv_events(path, mapping or DEFAULT_MAPPING)
        else:
            yield from _page_events(path, evidence)
    except IngestError as error:
        yield IngestFailure(source, str(error))
    except Exception as error:  # noqa: BLE001 - one broken file must not stop a batch
        yield IngestFailure(source, unreadable(error))


def _check_name(source: str) -> None:
    """Refuse names with undecodable bytes: they could not be stored, shown or printed."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise IngestError("file name is not valid UTF-8 (rename the file), skipped") from None


def _check_listable(path: Path) -> None:
    try:
        with os.scandir(path):
            pass
    except PermissionError:
        raise IngestError("folder cannot be listed (permission denied), skipped") from None
    except OSError as error:
        raise IngestError(f"folder cannot be listed ({error.strerror}), skipped") from None


def explain_source(path: Path) -> tuple[ExplainedLine, ...]:
    """What page parsing makes of each line of the page file at `path`.

    Raises IngestError when the file cannot be read as a page.
    """
    return explain_file(path).lines


def explain_file(path: Path) -> PageExplanation:
    """Every line of the page file at `path` with its role, and the source of each field.

    Raises IngestError when the file cannot be read as a page.
    """
    _check_name(str(path))
    text, _warning = decode(read_bytes(Path(path), MAX_PAGE_BYTES), str(path))
    if is_html(path, text):
        return explain_html(text, source_path=str(path), article_id=Path(path).stem)
    return explain_page_fields(text, source_path=str(path), article_id=Path(path).stem)


def is_html(path: Path, text: str) -> bool:
    """Whether a page file holds HTML: by its name, or by its opening tag whatever its name."""
    return Path(path).suffix.lower() in HTML_SUFFIXES or looks_like_html(text)


def _page_events(path: Path, evidence: BoilerplateEvidence | None) -> Iterator[IngestEvent]:
    source = str(path)
    text, warning = decode(read_bytes(path, MAX_PAGE_BYTES), source)
    if not text.strip():
        raise IngestError("no text (only whitespace), skipped")
    if warning is not None:
        yield warning
    if is_html(path, text):
        result = read_html_article(
            text, source_path=source, article_id=path.stem, evidence=evidence
        )
    else:
        result = read_article(text, source_path=source, article_id=path.stem, evidence=evidence)
    verdict = not_an_article(result)
    if verdict is not None:
        raise IngestError(f"no article found in {source} ({verdict}), skipped")
    yield result.article


def _open(path: Path) -> tuple[BinaryIO | Utf8Lines, str | None]:
    try:
        return open_records(path)
    except NotRegularFileError as error:
        raise IngestError(not_regular_message(error)) from None
    except PermissionError:
        raise IngestError("permission denied, skipped") from None
    except OSError as error:
        raise IngestError(f"cannot read file ({error.strerror or error}), skipped") from None


def _jsonl_events(path: Path, mapping: RecordMapping) -> Iterator[IngestEvent]:
    source = str(path)
    handle, decoder_fallback = _open(path)
    decoder = LineDecoder(source, decoder_fallback)
    records = 0
    with handle:
        for number, raw in bounded_lines(handle):
            event = record_line_event(source, number, raw, decoder, mapping)
            if event is not None:
                records += 1
                yield event
    yield from record_file_events(source, records, decoder.fallback)


def _text_lines(handle: LineSource, decoder: LineDecoder, oversized: list[int]) -> Iterator[str]:
    """Decoded lines for the csv module; an oversized line becomes an empty one (which
    the csv module skips) and its number is appended to `oversized`."""
    for number, raw in bounded_lines(handle):
        if raw is None:
            oversized.append(number)
            yield "\n"
        else:
            yield decoder.decode(raw)


def _too_large(source: str, lines: list[int]) -> Iterator[IngestFailure]:
    """Failures for the oversized lines noted so far (the list is emptied)."""
    for line in lines:
        yield IngestFailure(
            f"{source}:{line}",
            f"line {line}: record too large (over {MAX_RECORD_BYTES // (1024 * 1024)} MB), "
            "skipped",
        )
    lines.clear()


def _csv_events(path: Path, mapping: RecordMapping) -> Iterator[IngestEvent]:
    source = str(path)
    handle, decoder_fallback = _open(path)
    decoder = LineDecoder(source, decoder_fallback)
    oversized: list[int] = []
    csv.field_size_limit(MAX_RECORD_BYTES)
    with handle:
        reader = csv.DictReader(_text_lines(handle, decoder, oversized))
        header = reader.fieldnames
        yield from _too_large(source, oversized)
        if not header:
            raise IngestError("empty file (no CSV header), skipped")
        lowered = {name.strip().casefold() for name in header if name}
        if not any(name in lowered for name in mapping.body):
            raise IngestError(
                f"CSV has no text column (looked for {', '.join(mapping.body)}), skipped"
            )
        try:
            for row in reader:
                yield from _too_large(source, oversized)
                line = reader.line_num  # the row's last line: rows may span lines
                clean = {(k or "").strip(): v for k, v in row.items() if k is not None}
                try:
                    yield record_to_article(clean, source_path=source, mapping=mapping)
                except IngestError as error:
                    yield IngestFailure(f"{source}:{line}", f"line {line}: {error}")
            yield from _too_large(source, oversized)
        except csv.Error as error:
            raise IngestError(f"malformed CSV ({error}), skipped") from None
    warning = decoder.warning()
    if warning is not None:
        yield warning


# ---- the whole pipeline -------------------------------------------------------


def ingest(
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    mapping: RecordMapping | None = None,
    use_evidence: bool = True,
) -> Iterator[IngestEvent]:
    """Discover files, learn corpus boilerplate, and read every file.

    With ``strict=True`` the first skipped file raises :class:`IngestError`
    instead of being reported as an :class:`IngestFailure`. Learning corpus
    boilerplate reads every page twice; ``use_evidence=False`` skips it.
    """
    files = list(discover(paths))
    evidence = collect_evidence(files) if use_evidence else None
    for path in files:
        for event in iter_source(path, evidence, mapping):
            if strict and isinstance(event, IngestFailure):
                raise IngestError(f"{event.source_path}: {event.message}")
            yield event
