"""Reading record files a line at a time: bounded lines, their encoding, one record per line.

A JSONL line is read whole only up to the record size limit, decoded as
UTF-8 (falling back to cp1252, then latin-1, with one warning per file; a
file written as UTF-16 is read whole in that encoding), and parsed into one
article or one failure. Worker processes read JSONL files with these same
functions, so a file indexed in parallel is read exactly as `searchlib parse`
reads it.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from searchlib.errors import IngestError
from searchlib.ingest.article import Article
from searchlib.ingest.decoding import BINARY_SAMPLE_BYTES, normalise_text, utf16_without_bom
from searchlib.ingest.events import IngestFailure, IngestWarning, unreadable
from searchlib.ingest.files import MAX_RECORD_BYTES, open_regular
from searchlib.ingest.records import DEFAULT_MAPPING, RecordMapping, record_to_article

# The encoding that decodes any byte: the last resort for a line.
LATIN_1 = "latin-1"


# A record file written as UTF-16 (Windows tools do), read whole in that encoding.
UTF_16 = "UTF-16"


def fallback_warning(source: str, fallback: str) -> IngestWarning:
    """What a record file reports when some of its lines needed `fallback` to decode."""
    if fallback == UTF_16:
        return IngestWarning(source, f"not UTF-8, decoded as {UTF_16}")
    return IngestWarning(source, f"some lines not UTF-8, decoded as {fallback}")


class LineSource(Protocol):
    """What `bounded_lines` reads from: a binary file, or a UTF-16 file as UTF-8 lines."""

    def readline(self, size: int = -1, /) -> bytes: ...


class Utf8Lines:
    """A UTF-16 record file read as UTF-8 lines, so that it is split at its own line
    ends (in UTF-16 a newline is two bytes, one of them NUL) and every later step
    sees UTF-8 as from any other file. The record size limit counts characters here."""

    def __init__(self, raw: BinaryIO, encoding: str) -> None:
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")

    def readline(self, size: int = -1, /) -> bytes:
        return self._text.readline(size).encode("utf-8")

    def close(self) -> None:
        self._text.close()

    def __enter__(self) -> Utf8Lines:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_records(path: Path) -> tuple[BinaryIO | Utf8Lines, str | None]:
    """A record file open for `bounded_lines`, and UTF_16 when it is read as UTF-16.

    OSError (NotRegularFileError for a pipe or device) when it cannot be opened.
    """
    handle = open_regular(path)
    try:
        sample = handle.read(BINARY_SAMPLE_BYTES)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Utf8Lines(handle, "utf-16"), UTF_16
    wide = utf16_without_bom(sample)
    if wide is not None:
        return Utf8Lines(handle, wide), UTF_16
    return handle, None


class LineDecoder:
    """Decodes record lines as UTF-8, falling back to cp1252 once noticed."""

    def __init__(self, source: str, fallback: str | None = None) -> None:
        self.source = source
        self.fallback = fallback  # UTF_16 when the whole file was read as UTF-16

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


def bounded_lines(handle: LineSource) -> Iterator[tuple[int, bytes | None]]:
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
