"""Writing the workers' outcomes into the index, committed in batches.

A crash loses at most the batch in progress, and every committed batch is a
consistent index that searches see whole or not at all. An article the index
holds with the same content hash is counted, not written; a changed one
replaces its old version; a second copy of an id read in the same run is
skipped with a warning.

Documents reach the index one of two ways. Analysed in this process (one
job), they are appended here and a batch is committed every `batch_size`
changes exactly. Written by worker processes into segments of their own
(:mod:`~searchlib.indexing.pool`), they arrive as places in those segments:
once `batch_size` changes have come in, the writer asks for the batch to end
(`flush_wanted`), the workers write their segments after the tasks they
already hold (so a batch ends up to a window of tasks past `batch_size`),
and :meth:`BatchWriter.commit_segments` takes them in, leaving out the
documents not kept (later copies of an id, articles found unchanged).

In an index with stories this process decides each article's story. A
worker writes every document with the story the article would start on its
own, which is what nearly every article gets; an article that joins another
story, and the articles relabelled when stories join, are written again
with their story in the commit of their batch, from their stored fields
(the worker's segment of the batch, or the index). So stories never make a
batch end early and the workers write nearly everything.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index

from searchlib import store
from searchlib._whoosh.merge import tiered_merge
from searchlib._whoosh.prepared import PreparedWriter, check_schema
from searchlib._whoosh.segments import BuiltSegment, adopt_segments, stored_fields
from searchlib.duplicates import story_id_for
from searchlib.errors import IngestError
from searchlib.indexing.plan import IndexState
from searchlib.indexing.stories import IndexStories, with_story
from searchlib.indexing.tasks import Analysed, Outcome, Slot, Unchanged, location
from searchlib.indexing.workers import prepare
from searchlib.ingest import Article, IngestFailure, IngestWarning
from searchlib.results import IndexReport
from searchlib.store import documents

# Articles written per commit: a crash loses at most this many. Larger batches
# write each term's entry once for more articles. Measured with jobs=2
# (docs/indexing.md), CPU s of the writing process: IndoSum (3,463 articles)
# batches of 1,000: 10.5 s, 2,000: 9.7 s, 4,000: 8.8 s; generated 10k corpus
# 29.5 s against 25.9 s. Merges copy postings a block at a time and hold one
# block per segment in memory, so the batch no longer bounds their memory.
COMMIT_BATCH = 4000
# Memory for Whoosh's in-memory posting buffer before it spills sorted runs to
# disk (which costs a Python call per posting twice over). A batch of 4,000
# news articles needs about 240 MB by Whoosh's estimate, so 384 MB leaves
# room for longer articles before spilling.
WRITER_LIMIT_MB = 384

ProgressCallback = Callable[[IndexReport], None]


def _record_event(event: IngestFailure | IngestWarning, report: IndexReport) -> None:
    if isinstance(event, IngestFailure):
        report.failed += 1
        report.failures.append(event)
    else:
        report.warnings.append(event)


class BatchWriter:
    """Appends outcomes to the index, committing every `batch_size` changes."""

    def __init__(
        self,
        whoosh_ix: whoosh_index.Index,
        state: IndexState,
        report: IndexReport,
        batch_size: int,
        progress: ProgressCallback | None,
        *,
        segment_writers: int = 0,
    ) -> None:
        """`segment_writers`: how many worker processes write segments (0: none,
        documents come here)."""
        check_schema(whoosh_ix.schema)
        self.whoosh_ix = whoosh_ix
        self.folder = Path(whoosh_ix.storage.folder)
        self.state = state
        self.report = report
        self.batch_size = max(1, batch_size)
        self.progress = progress
        self._writer: PreparedWriter | None = None
        self._batch_ids: set[str] = set()
        self._pending = 0
        # Segments written by workers: each holds about a worker's share of a batch,
        # and the merge tiers start from that size.
        self._merge_base = max(1, self.batch_size // segment_writers) if segment_writers else 0
        self._since_commit = 0
        # Ids whose document sits in a worker's segment not yet committed, and the
        # documents of those segments not to keep, by (worker, segment).
        self._placed: dict[str, Slot] = {}
        self._dropped: dict[tuple[int, int], list[int]] = defaultdict(list)
        # Where each id was first read in this run (file, line): a later copy is a duplicate.
        self._first_read: dict[str, tuple[str, int]] = {}
        has_stories = documents.has_stories(whoosh_ix.schema)
        self.stories = IndexStories(whoosh_ix, state.places) if has_stories else None
        # Articles whose written document may carry a story id that is no longer
        # theirs, rewritten when the batch commits (with segment-writing workers).
        self._restory: set[str] = set()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        try:
            if exc_type is None:
                self.commit()
            elif self._writer is not None:
                self._writer.cancel()
        finally:
            if self.stories is not None:
                self.stories.close()

    def write_all(self, outcomes: Iterable[Outcome], strict: bool) -> None:
        for outcome in outcomes:
            self.write(outcome, strict)

    def write(self, outcome: Outcome, strict: bool) -> None:
        if isinstance(outcome, Analysed | Unchanged) and self._is_duplicate(outcome):
            self._drop(outcome)
        elif isinstance(outcome, Analysed):
            self._write_prepared(outcome)
        elif isinstance(outcome, Unchanged):
            self.report.skipped += 1
        elif strict and isinstance(outcome, IngestFailure):
            raise IngestError(f"{outcome.source_path}: {outcome.message}")
        else:
            _record_event(outcome, self.report)
        if self.progress:
            self.progress(self.report)

    def _is_duplicate(self, outcome: Analysed | Unchanged) -> bool:
        """Whether an article with this id was read earlier in the run (then warned about).

        The rule: within one run the first copy of an id is indexed, in input
        order (files as given, folders in name order, records in line order);
        a later copy is skipped with a warning naming both places.
        """
        # Interned: a record file's path arrives as a new string with every record.
        here = (sys.intern(outcome.source_path), outcome.line)
        first = self._first_read.setdefault(outcome.article_id, here)
        if first == here:
            return False
        self.report.duplicates += 1
        self.report.warnings.append(
            IngestWarning(
                outcome.location,
                f"id {outcome.article_id!r} was already read from {location(*first)}; "
                "the first copy is indexed, this one is skipped",
            )
        )
        return True

    def _drop(self, outcome: Outcome) -> None:
        """Leave out the document of an outcome not kept, where a worker wrote it."""
        if isinstance(outcome, Analysed) and outcome.slot is not None:
            slot = outcome.slot
            self._dropped[slot.worker, slot.segment].append(slot.docnum)

    def _write_prepared(self, prepared: Analysed) -> None:
        hashes = self.state.hashes
        previous = hashes.get(prepared.article_id)
        if previous == prepared.content_hash:
            self.report.skipped += 1
            self._drop(prepared)
            return
        document = prepared.document
        relabelled: dict[str, str] = {}
        if self.stories is not None:
            change = self.stories.place(prepared.article_id, prepared.signature)
            if change.story != story_id_for(prepared.article_id):  # not the worker's guess
                if document is not None:
                    document = with_story(self.whoosh_ix.schema, document, change.story or "")
                else:
                    self._restory.add(prepared.article_id)
            relabelled = change.relabelled
        # Documents in workers' segments are rewritten with their story at the commit.
        deferred = prepared.slot is not None
        moved_here = () if deferred else tuple(relabelled)
        earlier = self._placed.pop(prepared.article_id, None)
        if earlier is not None:
            # The copy it replaces is in a worker's segment of this batch.
            self._dropped[earlier.worker, earlier.segment].append(earlier.docnum)
        elif self._batch_ids.intersection((prepared.article_id, *moved_here)):
            # An earlier copy must be on disk before it can be replaced; committing
            # first keeps this article and the rewrites it causes in one commit.
            self.commit()
        writer = self._open()
        if previous is not None and earlier is None:
            indexed_from = self.state.sources.get(prepared.article_id)
            if indexed_from is not None and indexed_from != prepared.source_path:
                self.report.warnings.append(
                    IngestWarning(
                        prepared.location,
                        f"id {prepared.article_id!r} was indexed from {indexed_from}; "
                        "this copy replaces it",
                    )
                )
            with store.reading(self.folder):
                writer.delete_by_term(documents.ID_FIELD, prepared.article_id)
            self.report.updated += 1
        elif previous is None:
            self.report.added += 1
        else:
            self.report.updated += 1
        if prepared.slot is not None:
            self._placed[prepared.article_id] = prepared.slot
        elif document is not None:
            writer.add_prepared(document)
        hashes[prepared.article_id] = prepared.content_hash
        self.state.sources[prepared.article_id] = prepared.source_path
        self._note_change(prepared.article_id)
        if deferred:
            self._restory.update(relabelled)
        else:
            self._relabel(relabelled)
        self._commit_if_full()

    def remove(self, article_ids: Iterable[str]) -> None:
        for article_id in article_ids:
            if article_id not in self.state.hashes:
                continue
            relabelled: dict[str, str] = {}
            if self.stories is not None:
                relabelled = self.stories.drop(article_id).relabelled
            if self._merge_base:
                self._restory.update(relabelled)
                relabelled = {}
            if self._batch_ids.intersection((article_id, *relabelled)):
                self.commit()
            writer = self._open()
            with store.reading(self.folder):
                deleted = writer.delete_by_term(documents.ID_FIELD, article_id)
            if deleted:
                self.report.removed += 1
                self.state.hashes.pop(article_id, None)
                self.state.sources.pop(article_id, None)
                self._note_change(article_id)
            self._relabel(relabelled)
            self._commit_if_full()

    def _relabel(self, relabelled: dict[str, str]) -> None:
        """Rewrite the articles whose story id changed, from what the index stores of them.

        They are all committed (the caller committed first otherwise), and go
        into the same commit as the change that moved them.
        """
        for article_id in relabelled:
            self._rewrite_committed(article_id)

    def _rewrite_stories(self, built: list[tuple[int, BuiltSegment]] | None) -> None:
        """Write again, with the story they now belong to, the articles whose
        document carries another: the worker's guess for an article that joined
        a story, or the old story of one relabelled since it was written.

        Each is rewritten from its stored fields, read from the worker's
        segment of this batch (`built`, not yet adopted; that document is left
        out) or from the index, into this commit. Without `built` (a commit
        of this process's own changes) only those in the index are rewritten.
        """
        if not self._restory or self.stories is None:
            return
        segments = {(worker, done.serial): done for worker, done in built or ()}
        from_segments: dict[tuple[int, int], list[int]] = defaultdict(list)
        committed: list[str] = []
        for article_id in sorted(self._restory):
            slot = self._placed.get(article_id)
            if slot is None:
                committed.append(article_id)
            elif built is None:
                continue  # in a worker's segment: rewritten when the segments come in
            elif self.stories.story_of(article_id) != story_id_for(article_id):
                # Every document placed in this batch is in one of its segments.
                from_segments[slot.worker, slot.segment].append(slot.docnum)
            self._restory.discard(article_id)
        for key, docnums in from_segments.items():
            self._dropped[key].extend(docnums)
            for stored in stored_fields(segments[key], self.whoosh_ix.schema, docnums).values():
                self._add_with_story(
                    documents.from_stored(stored), str(stored[documents.CONTENT_HASH])
                )
        for article_id in committed:
            self._rewrite_committed(article_id)

    def _rewrite_committed(self, article_id: str) -> None:
        """Replace a committed article's document with one carrying its story now."""
        assert self.stories is not None
        found = self.stories.committed_articles.article(article_id)
        if found is None:
            return
        with store.reading(self.folder):
            self._open().delete_by_term(documents.ID_FIELD, article_id)
        self._add_with_story(*found)
        self._note_change(article_id)

    def _add_with_story(self, article: Article, content_hash: str) -> None:
        """Add an article's document with the story it belongs to now (if it still has one)."""
        assert self.stories is not None
        story = self.stories.story_of(article.id)
        if story is None:
            return
        rewritten = prepare(self.whoosh_ix.schema, article, content_hash, story=story).document
        if rewritten is not None:
            self._open().add_prepared(rewritten)

    def _open(self) -> PreparedWriter:
        if self._writer is None:
            with store.reading(self.folder):
                self._writer = PreparedWriter(self.whoosh_ix, limitmb=WRITER_LIMIT_MB)
        return self._writer

    def _note_change(self, article_id: str) -> None:
        self._batch_ids.add(article_id)
        self._pending += 1
        if self._merge_base:
            self._since_commit += 1

    def _commit_if_full(self) -> None:
        """One job: commit every `batch_size` changes exactly (with segment-writing
        workers, the batch ends when their segments come in)."""
        if not self._merge_base and self._pending >= self.batch_size:
            self.commit()

    @property
    def flush_wanted(self) -> bool:
        """Whether the workers should end the batch: `batch_size` changes came in."""
        return bool(self._merge_base) and self._since_commit >= self.batch_size

    def commit_segments(self, built: list[tuple[int, BuiltSegment]]) -> None:
        """Commit the workers' segments of a batch with what this process changed.

        Every outcome of the batch has been written here before its segments
        arrive, so the documents to leave out are all known.
        """
        self._since_commit = 0
        self._rewrite_stories(built)
        if not built and self._writer is None:
            return
        writer = self._open()
        with store.reading(self.folder):
            segments = adopt_segments(
                writer.storage,
                [(done, self._dropped.pop((worker, done.serial), [])) for worker, done in built],
            )
            writer.include_segments(segments)
        self._placed.clear()
        self._dropped.clear()
        self.commit()

    def commit(self) -> None:
        self._rewrite_stories(None)
        if self._writer is None:
            return
        with store.reading(self.folder):
            # Workers' batches leave a small segment of story rewrites each: merged at once.
            policy = tiered_merge(
                self._merge_base or self.batch_size, merge_small=bool(self._merge_base)
            )
            self._writer.commit(mergetype=policy)
        self.report.committed += self._pending
        self.report.batches += 1
        self._writer, self._pending = None, 0
        self._batch_ids = set()
        if self.stories is not None:
            self.stories.committed()


__all__ = ["COMMIT_BATCH", "WRITER_LIMIT_MB", "BatchWriter", "ProgressCallback"]
