"""What ingestion reports besides articles: skipped inputs and warnings.

Ingestion never stops a batch for one bad file; it emits a per-file event
instead, so the caller can count and show failures in its summary.
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
