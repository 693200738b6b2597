"""Near-duplicate signatures: a bottom-k MinHash sketch of a text's word shingles.

A text is read as overlapping runs of `SHINGLE_WORDS` words (shingles); two
texts are near-duplicates when their sets of shingles overlap enough (their
Jaccard resemblance). Each shingle is hashed to 64 bits, and the signature
keeps the `SKETCH_SIZE` smallest hashes (a bottom-k MinHash sketch, Broder
1997). From two sketches alone the resemblance is estimated without bias: of
the hashes below both sketches' largest, the share found in both texts. A text
of up to `SKETCH_SIZE` shingles keeps all of them, so for short texts the
figure is exact.

The first `KEY_COUNT` hashes are the signature's lookup keys: two texts of
resemblance J share at least one key with probability about
1 - (1 - J)^KEY_COUNT, so looking up the keys finds the near-duplicates of a
text among any number of others without comparing it with each
(locality-sensitive hashing).

One hash per shingle keeps a signature to about a twentieth of the cost of
analysing the article for the index, where the classic MinHash with one hash
function per sketch value costs more than the analysis (docs/duplicates.md).
"""

from __future__ import annotations

import hashlib
import struct
import sys
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import lt

# Words per shingle. Chosen on the tuning half of the labelled set
# (benchmarks/bench_duplicates.py --tune, docs/duplicates.md).
SHINGLE_WORDS = 3
# Hashes kept per text. The estimate's standard error is about
# sqrt(J(1 - J)/k): 0.044 at J = 0.5 for k = 128, small against the gap between
# copies and different articles on the same topic (docs/duplicates.md).
SKETCH_SIZE = 128
# Lookup keys per text (its smallest hashes): a pair at resemblance 0.4 shares
# one with probability 1 - 0.6^10 = 0.994.
KEY_COUNT = 10
# Bumped whenever the same text would get another signature.
SIGNATURE_VERSION = 1

# Word hashes are reduced below 2^61 - 1, the modulus of Python's integer hash,
# so that a word's hash is its own hash() (see _tuple_hash).
_WORD_MODULUS = (1 << 61) - 1
# Word hashes are cached per process; a corpus of 100,000 articles holds about
# 300,000 distinct words. Past this many the cache starts again, so a hostile
# text of random words costs time, never unbounded memory.
WORD_CACHE_LIMIT = 500_000
_word_hashes: dict[str, int] = {}

_U64 = (1 << 64) - 1
# The constants of CPython's tuple hash (Objects/tupleobject.c, xxHash's
# 64-bit primes), used since Python 3.8.
_XXPRIME_1 = 11400714785074694791
_XXPRIME_2 = 14029467366897019727
_XXPRIME_5 = 2870177450012600261
_XXLENGTH = 3527539
_TUPLE_HASH_OF_MINUS_ONE = 1546275796

_HEADER = struct.Struct("<BI")


def word_hash(word: str) -> int:
    """A word's 61-bit hash, the same in every process and on every machine."""
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") % _WORD_MODULUS


def word_hashes(words: Sequence[str]) -> list[int]:
    """The words' hashes, from the per-process cache."""
    cache = _word_hashes
    hashes = list(map(cache.get, words))
    if None in hashes:
        if len(cache) + len(hashes) > WORD_CACHE_LIMIT:
            cache.clear()
        hashes = [cache.get(w) or cache.setdefault(w, word_hash(w)) for w in words]
    return hashes  # type: ignore[return-value]  # no None left


def _tuple_hash(lanes: tuple[int, ...]) -> int:
    """What CPython's hash() gives for a tuple of non-negative ints below 2^61 - 1.

    Hashing the tuples of word hashes with the built-in hash() runs in C, several
    times faster than any arithmetic on them in Python; this is the same
    function written out, which proves the built-in's values are the ones meant
    and stands in for it on an interpreter whose tuple hash differs.
    """
    acc = _XXPRIME_5
    for lane in lanes:
        acc = (acc + lane * _XXPRIME_2) & _U64
        acc = ((acc << 31) | (acc >> 33)) & _U64
        acc = (acc * _XXPRIME_1) & _U64
    acc = (acc + (len(lanes) ^ (_XXPRIME_5 ^ _XXLENGTH))) & _U64
    if acc == _U64:
        return _TUPLE_HASH_OF_MINUS_ONE
    return acc - (1 << 64) if acc >= 1 << 63 else acc


def _builtin_tuple_hash_matches() -> bool:
    probes = [(0, 1, 2), (_WORD_MODULUS - 1, 7, 123456789), (42,), (1, 2), (5, 4, 3, 2)]
    return sys.hash_info.width == 64 and all(hash(p) == _tuple_hash(p) for p in probes)


_SHINGLE_HASH = hash if _builtin_tuple_hash_matches() else _tuple_hash


def shingle_hashes(words: Sequence[str], size: int = SHINGLE_WORDS) -> set[int]:
    """The 64-bit hashes of the text's shingles of `size` words (a shorter text is one)."""
    hashes = word_hashes(words)
    if len(hashes) <= size:
        return {_SHINGLE_HASH(tuple(hashes))} if hashes else set()
    return set(map(_SHINGLE_HASH, zip(*(hashes[offset:] for offset in range(size)), strict=False)))


@dataclass(frozen=True)
class Signature:
    """A text's near-duplicate signature: its shingle count and bottom-k sketch."""

    shingles: int
    # The smallest min(shingles, SKETCH_SIZE) shingle hashes (signed 64-bit), ascending.
    sketch: tuple[int, ...]

    @property
    def complete(self) -> bool:
        """Whether the sketch holds every shingle of the text."""
        return len(self.sketch) == self.shingles

    def lookup_keys(self) -> tuple[int, ...]:
        """The lookup keys: near-duplicates share one of them (see the module docstring)."""
        return self.sketch[:KEY_COUNT]

    def to_bytes(self) -> bytes:
        """A compact encoding: version, shingle count, then the hashes (8 bytes each)."""
        header = _HEADER.pack(SIGNATURE_VERSION, self.shingles)
        return header + struct.pack(f"<{len(self.sketch)}q", *self.sketch)

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Inverse of :meth:`to_bytes`; ValueError for anything it did not write."""
        if len(data) < _HEADER.size or (len(data) - _HEADER.size) % 8:
            raise ValueError("not a signature: wrong length")
        version, shingles = _HEADER.unpack_from(data)
        if version != SIGNATURE_VERSION:
            raise ValueError(f"signature version {version}, expected {SIGNATURE_VERSION}")
        count = (len(data) - _HEADER.size) // 8
        if count > SKETCH_SIZE or count > shingles or (count < SKETCH_SIZE and count != shingles):
            raise ValueError("not a signature: sketch size does not match its shingle count")
        sketch = struct.unpack_from(f"<{count}q", data, _HEADER.size)
        if not all(map(lt, sketch, sketch[1:])):
            raise ValueError("not a signature: sketch not in ascending order")
        return cls(shingles, sketch)


EMPTY = Signature(0, ())


def signature_of_words(
    words: Sequence[str], shingle_words: int = SHINGLE_WORDS, sketch_size: int = SKETCH_SIZE
) -> Signature:
    """The signature of a text given as its words (see :mod:`searchlib.duplicates.text`).

    Other shingle and sketch sizes than the defaults are for measuring them; an
    index only ever holds signatures of the default sizes.
    """
    hashes = shingle_hashes(words, shingle_words)
    # sorted() beats heapq.nsmallest below a few thousand values: news articles.
    return Signature(len(hashes), tuple(sorted(hashes)[:sketch_size]))


def resemblance(first: Signature, second: Signature) -> float:
    """Estimated Jaccard resemblance of the two texts' shingle sets, in [0, 1].

    Below the smaller of the two sketches' largest hashes, each sketch holds
    every shingle of its text, so the share of those values found in both is an
    unbiased estimate; where a sketch is complete its whole range is known.
    """
    a, b = first.sketch, second.sketch
    if not a or not b:
        return 0.0
    limits = [s.sketch[-1] for s in (first, second) if not s.complete]
    if limits:
        limit = min(limits)
        a, b = a[: bisect_right(a, limit)], b[: bisect_right(b, limit)]
    shared = len(set(a).intersection(b))
    return shared / (len(a) + len(b) - shared)
