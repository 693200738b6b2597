"""How searchlib writes posting lists: Whoosh's own format, with inlining that works.

Whoosh's codec (W3) writes each term's postings to the postings file as
blocks, each a pickle with a pickled header, zlib-compressed. In a news index
most terms occur in only one or a few documents of a segment (names, numbers,
rare word forms), so most blocks hold one or two postings, and the commit
spends its time pickling, compressing and writing those tiny blocks.

Whoosh has the remedy built in: a term with fewer than ``inlinelimit``
postings keeps them in its term-index entry instead. But in Whoosh 2.7 the
writer calls ``W3TermInfo.set_inline``, which does not exist (the method is
``set_inlined``), so any ``inlinelimit`` above 1 fails. :class:`NewsCodec`
writes with inlining that works. What it writes is plain W3, which Whoosh's
own reader reads (it serves inlined postings from the term index), and every
segment records a plain ``W3Codec``, so such an index opens with Whoosh alone.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter, W3TermInfo
from whoosh.matching import FilterMatcher, ListMatcher, Matcher, WrappingMatcher
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

# Terms with at most this many postings in a segment are inlined. Measured on
# IndoSum (3,463 articles, jobs=2, CPU seconds of the writing process; index
# size): no inlining 17.2 s, 56.3 MiB; up to 1 posting 13.7 s, 54.6 MiB; up to
# 4: 13.2 s, 53.2 MiB; up to 16: 12.5 s, 55.3 MiB.
INLINE_POSTINGS = 4


class NewsCodec(W3Codec):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's W3 codec, inlining the postings of rare terms."""

    def __init__(self) -> None:
        super().__init__(inlinelimit=INLINE_POSTINGS + 1)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def new_segment(self, storage: Any, indexname: str) -> Any:
        """A segment that records plain W3 (what it holds is plain W3)."""
        return W3Codec().new_segment(storage, indexname)


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]  # Whoosh is untyped
    _terminfo: W3TermInfo | None  # the term being written, set by Whoosh's start_postings

    def finish_postings(self) -> W3TermInfo:
        """Whoosh's `finish_postings`, calling the inlining method that exists."""
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        assert terminfo is not None, "finish_postings outside a term"
        terminfo.add_block(self)
        # Fields without values (ids, outlets) get empty ones: merging reads
        # inlined postings through Whoosh's ListMatcher, which would otherwise
        # give a str where the posting pool requires bytes.
        values = self._values or [b""] * len(self._ids)
        terminfo.set_inlined(self._ids, self._weights, values)
        self._terminfo = None
        return terminfo


def append_postings(
    writer: W3PostingsWriter,
    ids: Sequence[int],
    weights: Sequence[float],
    values: Sequence[bytes | None],
    lengths: Sequence[int],
) -> None:
    """`writer.add_posting` for a run of postings in document order, a block at a time.

    The same blocks and statistics as one `add_posting` per posting (a block
    is written when the next posting finds it full, empty values are not
    kept), but with list operations instead of a Python call per posting:
    segments are merged this way.
    """
    start, count = 0, len(ids)
    while start < count:
        if len(writer._ids) >= writer._blocklimit:
            writer._write_block()
        stop = min(count, start + writer._blocklimit - len(writer._ids))
        block_weights = weights[start:stop]
        writer._ids.extend(ids[start:stop])
        writer._weights.extend(block_weights)
        writer._values.extend(value for value in values[start:stop] if value)
        writer._maxweight = max(writer._maxweight, max(block_weights))
        present = [length for length in lengths[start:stop] if length]
        if present:
            shortest = min(present)
            if writer._minlength is None or shortest < writer._minlength:
                writer._minlength = shortest
            writer._maxlength = max(writer._maxlength, max(present))
        start = stop


def inline_limit(fieldwriter: Any) -> int:
    """How many postings a term may have and still be inlined by this writer's codec."""
    return int(fieldwriter._codec._inlinelimit) - 1


def add_inlined_term(
    fieldwriter: Any,
    text: bytes,
    ids: Sequence[int],
    weights: Sequence[float],
    values: Sequence[bytes | None],
    lengths: Sequence[int],
) -> None:
    """Add a term whose few postings are inlined, straight to the term index.

    The entry is the one `start_term`, `add` per posting and `finish_term`
    write for such a term (a `W3TermInfo` holding the postings), built
    without them: a commit adds hundreds of thousands of these rare terms,
    and Whoosh's objects for one cost more than the term itself.
    """
    weights = array("f", weights)
    present = [length for length in lengths if length]
    entry = W3TermInfo._struct.pack(
        1,
        sum(weights),
        len(ids),
        length_to_byte(min(present)) if present else 0,
        length_to_byte(max(present, default=0)),
        max(0, max(weights)),
        ids[0],
        ids[-1],
    )
    kept = [value for value in values if value] or [b""] * len(ids)
    entry += dumps((tuple(ids), tuple(weights), tuple(kept)), 2)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + text, entry)


def stored_blocks(
    matcher: W3LeafMatcher,
) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[bytes | None]]]:
    """A term's on-disk postings, one block at a time: ids, weights, values.

    Whoosh's matcher decodes a whole block the first time one of its postings
    is read; taking the block's lists at once spares a Python call per posting
    (merging segments, building a filter's document set).
    """
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        yield matcher._ids, matcher._weights, matcher._values
        matcher._next_block()


def posting_ids(matcher: Matcher) -> Iterator[int]:
    """A term's document numbers, deleted ones included, a block of them at a time."""
    inner = matcher
    while type(inner) in (WrappingMatcher, FilterMatcher):
        inner = inner.child
    if type(inner) is ListMatcher:
        yield from inner._ids
    elif type(inner) is W3LeafMatcher:
        for ids, _, _ in stored_blocks(inner):
            yield from ids
    else:
        yield from matcher.all_ids()
