"""What ingestion reports besides articles: skipped inputs and warnings.

Ingestion never stops a batch for one bad file; it emits a per-file event
instead, so the caller can count and show failures in its summary.
:func:`unreadable` words the failure of an unexpected error while reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchlib.ingest.article import Article


@dataclass(frozen=True)
class IngestFailure:
    """A file or record that was skipped, with a one-line reason."""

    source_path: str
    message: str


@dataclass(frozen=True)
class IngestWarning:
    """The article was kept, but something about its source is worth telling."""

    source_path: str
    message: str


IngestEvent = Article | IngestFailure | IngestWarning


def unreadable(error: Exception, action: str = "read") -> str:
    """The one-line failure message of an unexpected error while reading (or `action`)."""
    detail = " ".join(str(error).split())
    return f"could not be {action} ({type(error).__name__}: {detail}), skipped"
