"""Merging segments by copying posting lists block by block.

When Whoosh merges segments (at a commit, or with ``optimize``), its
`SegmentWriter.add_reader` walks every posting of every merged segment
through a matcher, one Python call per posting, adds each to the posting
buffer, sorts the buffer again and writes each posting again with
`add_posting`. Merging therefore costs about twice what writing the articles
cost in the first place, and the buffer of a large merge holds every posting
of the merged segments in memory.

Yet the merged segments' posting lists are already sorted, and a merge only
renumbers their documents: segment *k*'s documents follow those of segments
before it. So here a merge walks the term lists of the segments side by side
(they are sorted too) and, for each term, appends each segment's postings to
the new segment one decoded block at a time: the document numbers shifted (or
mapped, past deleted documents), weights and values as they were. Only
whole-block operations run per posting, and a merge holds one term's blocks
per segment in memory whatever its size. What remains per term (reading its
entry, writing the new one, re-encoding its blocks) is most of the cost:
merging the 10 segments of the generated 10k corpus takes 29.3 CPU s against
54.0 s for Whoosh's merge. The new segment's bytes are those Whoosh's own
merge writes.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, Protocol

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import Schema
from whoosh.reading import SegmentReader

from searchlib._whoosh.codec import add_inlined_term, append_postings, inline_limit, stored_blocks

# A run of postings of one term, in document order: ids, weights, values.
Block = tuple[Sequence[int], Sequence[float], Sequence[bytes | None]]
# One term's postings from one or more sources: (field name, term bytes, blocks).
TermPostings = tuple[str, bytes, list[Block]]
# Whoosh's merge policies: (writer, segments) -> the segments left unmerged.
MergePolicy = Callable[[Any, list[Any]], list[Any]]
# Segments of one tier merged at once. Each merge makes a segment of the next
# tier (ten times larger), so an article is merged about log10(articles /
# batch) times. With batches of 4,000, 100,000 articles end in 7 segments
# (2 of 40,000, merged once, and 5 batches); 10,000 in 3, with no merge.
MERGE_FAN_IN = 10
# With workers writing segments, a segment holding less than this share of a
# worker's batch is merged at the next commit into the segment that commit
# writes. Such segments are the few articles a batch rewrites with their
# stories (~200 of 4,000 on a corpus with news's share of copies); left alone,
# each would stay a segment of its own, and every segment costs every query a
# look-up of each of its terms (10k articles: about 0.1x of plain Whoosh's p50
# per segment). Merging them costs at most this share of a batch per commit.
SMALL_SEGMENT_SHARE = 0.2


class FieldLengths(Protocol):
    """Where a merge finds the new segment's field lengths."""

    def field_lengths(self, fieldname: str) -> Sequence[int] | None: ...


@dataclass(frozen=True)
class MergedSegment:
    """A segment whose documents were appended to the new segment from `basedoc` on.

    `docmap` maps old to new document numbers when the segment had deleted
    documents (from Whoosh's `write_per_doc`); otherwise a document's new
    number is `basedoc` plus its old one.
    """

    reader: SegmentReader
    basedoc: int
    docmap: dict[int, int] | None

    def renumbered(self, block: Block) -> Block:
        """The block's postings under their new document numbers, deleted ones left out."""
        ids, weights, values = block
        if self.docmap is None:
            base = self.basedoc
            return [base + docnum for docnum in ids], weights, values
        docmap = self.docmap
        kept = [i for i, docnum in enumerate(ids) if docnum in docmap]
        if len(kept) == len(ids):
            return [docmap[docnum] for docnum in ids], weights, values
        return (
            [docmap[ids[i]] for i in kept],
            [weights[i] for i in kept],
            [values[i] for i in kept] if values else values,
        )


def index_segments(whoosh_ix: Any) -> list[Any]:
    """The segments the index's latest table of contents lists.

    Whoosh's FileIndex lists them only privately (`_segments`); a reader
    would open every segment's files just to count them.
    """
    return list(whoosh_ix._segments())


def tiered_merge(
    batch: int, fan_in: int = MERGE_FAN_IN, merge_small: bool = False
) -> MergePolicy:
    """A Whoosh merge policy that merges segments of one size tier at a time.

    Tier *t* holds segments of ``batch * fan_in**t`` live documents or more
    (up to the next tier); a commit merges the lowest tier that has `fan_in`
    segments, counting its own batch as one more of tier 0. So segments stay
    few (at most ``fan_in - 1`` per tier), and, merges being a copy of the
    segments' postings, each one costs in proportion to what it merges.
    Segments that lost most of their documents to deletions sink to a lower
    tier and are compacted sooner. With `merge_small`, segments under
    :data:`SMALL_SEGMENT_SHARE` of a batch are merged at every commit.
    """
    small_below = batch * SMALL_SEGMENT_SHARE if merge_small else 0

    def tier(segment: Any) -> int:
        documents, level = segment.doc_count(), 0
        while documents >= batch * fan_in ** (level + 1):
            level += 1
        return level

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        merged = [segment for segment in segments if segment.doc_count() < small_below]
        tiers: dict[int, list[Any]] = defaultdict(list)
        for segment in segments:
            if segment not in merged:
                tiers[tier(segment)].append(segment)
        for level in sorted(tiers):
            members = tiers[level]
            if len(members) + (level == 0) >= fan_in:
                merged += members
                break
        for segment in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [segment for segment in segments if segment not in merged]

    return policy


def write_postings(
    fieldwriter: Any,
    schema: Schema,
    lengths: FieldLengths,
    buffered: Iterator[TermPostings],
    merged: Sequence[MergedSegment],
) -> None:
    """Write a segment's postings: the buffered ones, then each merged segment's.

    `buffered` holds the postings of the documents added to the segment, one
    entry per term in sorted order. Those documents come first in the new
    segment and the merged segments' follow in order, so for every term the
    sources are appended in that order and the postings stay sorted.
    """
    terms = buffered
    if merged:
        segments = (_segment_terms(segment, schema) for segment in merged)
        terms = _merged_terms(heapq.merge(buffered, *segments, key=itemgetter(0, 1)))
    most_inlined = inline_limit(fieldwriter)
    fieldname: str | None = None
    field_lengths: Sequence[int] | None = None
    for name, text, pieces in terms:
        if name != fieldname:
            if fieldname is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(name, schema[name])
            fieldname, field_lengths = name, lengths.field_lengths(name)
        if sum(len(piece[0]) for piece in pieces) <= most_inlined:
            ids, weights, values = pieces[0] if len(pieces) == 1 else _joined(pieces)
            lengths_of_docs = _doc_lengths(ids, field_lengths)
            add_inlined_term(fieldwriter, text, ids, weights, values, lengths_of_docs)
            continue
        fieldwriter.start_term(text)
        for ids, weights, values in pieces:
            append_postings(
                fieldwriter._postwriter, ids, weights, values, _doc_lengths(ids, field_lengths)
            )
        fieldwriter.finish_term()
    if fieldname is not None:
        fieldwriter.finish_field()


def pooled_terms(
    pooled: Iterable[tuple[str, bytes, int, float, bytes | None]],
) -> Iterator[TermPostings]:
    """Sorted ``(field, term, docnum, weight, value)`` postings, one entry per term."""
    name = text = None
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes | None] = []
    for posting_name, posting_text, docnum, weight, value in pooled:
        if posting_text != text or posting_name != name:
            if ids:
                yield name, text, [(ids, weights, values)]  # type: ignore[misc]
            name, text = posting_name, posting_text
            ids, weights, values = [docnum], [weight], [value]
        else:
            ids.append(docnum)
            weights.append(weight)
            values.append(value)
    if ids:
        yield name, text, [(ids, weights, values)]  # type: ignore[misc]


def _segment_terms(segment: MergedSegment, schema: Schema) -> Iterator[TermPostings]:
    """A merged segment's terms in sorted order, each with its blocks renumbered."""
    terms = segment.reader._terms
    postfile = terms._postfile
    for (name, text), terminfo in terms.items():
        if name in schema:
            blocks = _term_blocks(postfile, terminfo, schema[name].format)
            yield name, text, [segment.renumbered(block) for block in blocks]


def _merged_terms(
    sources: Iterable[TermPostings],
) -> Iterator[TermPostings]:
    """One entry per term of all sources, its blocks in source order.

    A term held only by deleted documents is left out (and so is a field left
    without terms), as in Whoosh.
    """
    for (name, text), entries in groupby(sources, key=itemgetter(0, 1)):
        pieces = [block for _, _, blocks in entries for block in blocks if block[0]]
        if pieces:
            yield name, text, pieces


def _term_blocks(postfile: Any, terminfo: Any, format_: Any) -> Iterator[Block]:
    """The blocks of one term's posting list as stored: inlined, or on disk."""
    if terminfo.is_inlined():
        yield terminfo.inlined_postings()
        return
    offset, length = terminfo.extent()
    yield from stored_blocks(W3LeafMatcher(postfile, offset, length, format_))


def _joined(pieces: Sequence[Block]) -> Block:
    return (
        [docnum for ids, _, _ in pieces for docnum in ids],
        [weight for _, weights, _ in pieces for weight in weights],
        [value for _, _, values in pieces for value in values],
    )


def _doc_lengths(ids: Sequence[int], field_lengths: Sequence[int] | None) -> Sequence[int]:
    if field_lengths is None:
        return [0] * len(ids)
    return [field_lengths[docnum] for docnum in ids]
