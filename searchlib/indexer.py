"""Writing articles into the index: add new, replace changed, skip unchanged.

Each article's content hash is stored beside it, so a second run over the same
files costs a hash comparison per article instead of a re-index. Writes are
committed in batches: a crash loses at most the batch in progress.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter, SegmentWriter

from searchlib import index, storage
from searchlib.ingest import Article, IngestEvent, IngestFailure, IngestWarning

# Articles written per commit: a crash loses at most this many, and each commit costs a
# segment write (a few ms), so a few hundred keeps the overhead small.
COMMIT_BATCH = 500


@dataclass
class IndexReport:
    """What one indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    removed: int = 0
    failed: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.skipped} unchanged, "
            f"{self.removed} removed, {self.failed} failed"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "removed": self.removed,
            "failed": self.failed,
            "failures": [_event_dict(failure) for failure in self.failures],
            "warnings": [_event_dict(warning) for warning in self.warnings],
        }


def _event_dict(event: IngestFailure | IngestWarning) -> dict[str, str]:
    return {"source_path": event.source_path, "message": event.message}


ProgressCallback = Callable[[IndexReport], None]


def articles_only(events: Iterable[IngestEvent], report: IndexReport) -> Iterator[Article]:
    """The articles among ingestion events; failures and warnings go into `report`."""
    for event in events:
        if isinstance(event, Article):
            yield event
        elif isinstance(event, IngestFailure):
            report.failed += 1
            report.failures.append(event)
        else:
            report.warnings.append(event)


def write_articles(
    whoosh_ix: whoosh_index.Index,
    articles: Iterable[Article],
    report: IndexReport,
    progress: ProgressCallback | None = None,
    *,
    lock_timeout: float = storage.DEFAULT_LOCK_TIMEOUT,
) -> IndexReport:
    """Index `articles`, counting added, updated and unchanged ones in `report`.

    The write lock is held for the whole run (not per batch), so a second
    writer cannot slip in between two commits.
    """
    with storage.write_lock(whoosh_ix, lock_timeout):
        return _write_locked(whoosh_ix, articles, report, progress)


def _write_locked(
    whoosh_ix: whoosh_index.Index,
    articles: Iterable[Article],
    report: IndexReport,
    progress: ProgressCallback | None,
) -> IndexReport:
    known = content_hashes(whoosh_ix)
    writer: IndexWriter | None = None
    pending = 0
    for article in articles:
        content_hash = article.content_hash
        previous = known.get(article.id)
        if previous == content_hash:
            report.skipped += 1
        else:
            writer = writer or SegmentWriter(whoosh_ix, _lk=False)
            writer.update_document(**index.to_document(article, content_hash))
            known[article.id] = content_hash
            if previous is None:
                report.added += 1
            else:
                report.updated += 1
            pending += 1
            if pending >= COMMIT_BATCH:
                writer.commit()
                writer, pending = None, 0
        if progress:
            progress(report)
    if writer is not None:
        writer.commit()
    return report


def content_hashes(whoosh_ix: whoosh_index.Index) -> dict[str, str]:
    """Id -> content hash of every article in the index."""
    with whoosh_ix.searcher() as searcher:
        return {
            fields[index.ID_FIELD]: fields[index.CONTENT_HASH]
            for fields in searcher.reader().all_stored_fields()
        }
