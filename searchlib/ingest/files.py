"""Reading input files with limits, so no file can stall or exhaust a run."""

from __future__ import annotations

from pathlib import Path

from searchlib.errors import IngestError
from searchlib.ingest.decoding import decode

# The largest raw page read whole. A saved news page's visible text is
# 5-100 KB (the eval pages are 4-16 KB); 8 MB leaves room for pages with
# huge comment threads while a 50 MB "page" (a log, a dump, a mis-named
# file) is refused before it is read instead of being parsed for minutes.
MAX_PAGE_BYTES = 8 * 1024 * 1024
# The longest single record line in a JSONL file or row in a CSV file: a
# record is one article; 16 MB is far beyond any article and stops a
# newline-less multi-gigabyte file from being read as one line.
MAX_RECORD_BYTES = 16 * 1024 * 1024
_MB = 1024 * 1024


def read_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes; IngestError (one line) if it is too large or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise IngestError(
                f"file too large ({size / _MB:.1f} MB > {limit / _MB:.0f} MB limit), skipped"
            )
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except PermissionError:
        raise IngestError("permission denied, skipped") from None
    except IsADirectoryError:
        raise IngestError("is a directory, skipped") from None
    except OSError as error:
        raise IngestError(f"cannot read file ({error.strerror or error}), skipped") from None


def read_page_text(path: Path) -> str | None:
    """The decoded text of a page, or None if it cannot be read as text."""
    try:
        text, _warning = decode(read_bytes(path, MAX_PAGE_BYTES), str(path))
    except IngestError:
        return None
    return text
