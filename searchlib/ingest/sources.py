"""Files and folders in, a stream of ingestion events out.

:func:`read_source` is the unit of work: one file, all its events, never an
exception for bad data. It is a top-level function with picklable arguments
so worker processes can call it. :func:`ingest` strings discovery, corpus
evidence and reading together for a single process.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from searchlib.errors import IngestError
from searchlib.ingest.article import Article
from searchlib.ingest.decoding import decode, normalise_text
from searchlib.ingest.events import IngestEvent, IngestFailure, IngestWarning
from searchlib.ingest.evidence import BoilerplateEvidence, collect_evidence
from searchlib.ingest.files import MAX_PAGE_BYTES, MAX_RECORD_BYTES, read_bytes
from searchlib.ingest.html import explain_html, read_html_article
from searchlib.ingest.markup import looks_like_html
from searchlib.ingest.page import (
    ExplainedLine,
    PageExplanation,
    explain_page_fields,
    not_an_article,
    read_article,
)
from searchlib.ingest.records import DEFAULT_MAPPING, RecordMapping, record_to_article

PAGE_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
# What a folder walk picks up; files named explicitly are read whatever their name.
DISCOVERED_SUFFIXES = PAGE_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to ingest: named files as given, folders walked in sorted order.

    Symlinked folders are followed once (a link back up the tree is not
    walked again); a folder that cannot be listed is yielded itself so that
    reading it reports the problem instead of the walk crashing.
    """
    visited: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, visited)
        else:
            yield path


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in visited:
            return
        visited.add(key)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        yield folder
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_path = Path(entry.path)
        if _is_dir(entry):
            yield from _walk(entry_path, visited)
        elif entry_path.suffix.lower() in DISCOVERED_SUFFIXES:
            yield entry_path


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


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


def unreadable(error: Exception) -> str:
    """The one-line failure message of an unexpected error while reading."""
    detail = " ".join(str(error).split())
    return f"could not be read ({type(error).__name__}: {detail}), skipped"


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


# ---- records -----------------------------------------------------------------


# The encoding that decodes any byte: the last resort for a line.
LATIN_1 = "latin-1"


def fallback_warning(source: str, fallback: str) -> IngestWarning:
    """What a record file reports when some of its lines needed `fallback` to decode."""
    return IngestWarning(source, f"some lines not UTF-8, decoded as {fallback}")


class LineDecoder:
    """Decodes record lines as UTF-8, falling back to cp1252 once noticed."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.fallback: str | None = None

    def decode(self, raw: bytes) -> str:
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text, self.fallback = raw.decode("cp1252"), self.fallback or "cp1252"
            except UnicodeDecodeError:
                text, self.fallback = raw.decode(LATIN_1), LATIN_1
        return normalise_text(text)

    def warning(self) -> IngestWarning | None:
        if self.fallback is None:
            return None
        return fallback_warning(self.source, self.fallback)


def bounded_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over the record size limit."""
    number = 0
    while True:
        raw = handle.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while (chunk := handle.readline(MAX_RECORD_BYTES)) and not chunk.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except PermissionError:
        raise IngestError("permission denied, skipped") from None
    except OSError as error:
        raise IngestError(f"cannot read file ({error.strerror or error}), skipped") from None


def _jsonl_events(path: Path, mapping: RecordMapping) -> Iterator[IngestEvent]:
    source = str(path)
    decoder = LineDecoder(source)
    records = 0
    with _open(path) as handle:
        for number, raw in bounded_lines(handle):
            event = record_line_event(source, number, raw, decoder, mapping)
            if event is not None:
                records += 1
                yield event
    yield from record_file_events(source, records, decoder.fallback)


def record_line_event(
    source: str,
    number: int,
    raw: bytes | None,
    decoder: LineDecoder,
    mapping: RecordMapping | None = None,
) -> Article | IngestFailure | None:
    """Line `number` of the JSONL file `source` -> its article or failure; None if blank.

    `raw` is None for a line over the record size limit (see `bounded_lines`).
    A line that breaks the parser itself (JSON nested too deep to decode)
    fails alone, like any other bad line.
    """
    where = f"{source}:{number}"
    if raw is None:
        return IngestFailure(where, f"line {number}: record too large, skipped")
    line = decoder.decode(raw).strip()
    if not line:
        return None
    try:
        return record_to_article(
            json.loads(line), source_path=source, mapping=mapping or DEFAULT_MAPPING
        )
    except json.JSONDecodeError as error:
        return IngestFailure(where, f"line {number}: invalid JSON ({error.msg}), skipped")
    except IngestError as error:
        return IngestFailure(where, f"line {number}: {error}")
    except Exception as error:  # noqa: BLE001 - one broken record must not stop a file
        return IngestFailure(where, f"line {number}: {unreadable(error)}")


def record_file_events(
    source: str, records: int, fallback: str | None, failure: IngestFailure | None = None
) -> list[IngestFailure | IngestWarning]:
    """What the JSONL file `source` reports as a whole once all its lines are read.

    `records` counts its non-blank lines, `fallback` is the widest encoding
    its lines needed (`LineDecoder.fallback`) and `failure` why it could not
    be read to its end.
    """
    if failure is not None:
        return [failure]
    if not records:
        return [IngestFailure(source, "empty file (no records), skipped")]
    if fallback is not None:
        return [fallback_warning(source, fallback)]
    return []


def wider_fallback(first: str | None, second: str | None) -> str | None:
    """The encoding a file's warning names when two parts of it needed these.

    One decoder over the whole file keeps cp1252 once it needed it, unless a
    line needs latin-1 (which decodes any byte), so latin-1 wins.
    """
    return LATIN_1 if LATIN_1 in (first, second) else first or second


def _text_lines(handle: BinaryIO, decoder: LineDecoder) -> Iterator[str]:
    """Decoded lines for the csv module; an oversized line becomes an empty one."""
    for _number, raw in bounded_lines(handle):
        yield decoder.decode(raw) if raw is not None else "\n"


def _csv_events(path: Path, mapping: RecordMapping) -> Iterator[IngestEvent]:
    source = str(path)
    decoder = LineDecoder(source)
    csv.field_size_limit(MAX_RECORD_BYTES)
    with _open(path) as handle:
        reader = csv.DictReader(_text_lines(handle, decoder))
        header = reader.fieldnames
        if not header:
            raise IngestError("empty file (no CSV header), skipped")
        lowered = {name.strip().casefold() for name in header if name}
        if not any(name in lowered for name in mapping.body):
            raise IngestError(
                f"CSV has no text column (looked for {', '.join(mapping.body)}), skipped"
            )
        try:
            for number, row in enumerate(reader, start=2):
                clean = {(k or "").strip(): v for k, v in row.items() if k is not None}
                try:
                    yield record_to_article(clean, source_path=source, mapping=mapping)
                except IngestError as error:
                    yield IngestFailure(f"{source}:{number}", f"row {number}: {error}")
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
