"""Segment files read from the memory map: the bytes a BytesIO would give, no copy."""

from __future__ import annotations

import io
import pickle
import random
from array import array

import pytest

from searchlib import ArticleIndex
from searchlib._whoosh.buffers import MappedBufferFile, ViewReader

DATA = b"first line\nsecond\n\nlast without end" + bytes(range(256)) * 20


def test_reads_seeks_and_lines_match_bytesio() -> None:
    chooser = random.Random(18)
    ours, theirs = ViewReader(memoryview(DATA)), io.BytesIO(DATA)
    for _ in range(2000):
        step = chooser.choice(["read", "readline", "seek", "seek_end", "readinto", "read_all"])
        if step == "read":
            size = chooser.randint(0, 64)
            assert ours.read(size) == theirs.read(size)
        elif step == "readline":
            assert ours.readline() == theirs.readline()
        elif step == "seek":
            where = chooser.randint(0, len(DATA) + 10)
            assert ours.seek(where) == theirs.seek(where)
        elif step == "seek_end":
            back = -chooser.randint(0, 40)
            assert ours.seek(back, 2) == theirs.seek(back, 2)
        elif step == "readinto":
            mine, other = bytearray(17), bytearray(17)
            assert ours.readinto(mine) == theirs.readinto(other)
            assert mine == other
        else:
            assert ours.read() == theirs.read()
        assert ours.tell() == theirs.tell()
    ours.seek(0)
    assert list(ours) == io.BytesIO(DATA).readlines()


def test_pickles_and_arrays_load_through_it() -> None:
    payload = pickle.dumps({"terms": [1, 2, 3], "text": "jenewa"}, 2)
    numbers = array("i", range(50))
    reader = ViewReader(memoryview(payload + numbers.tobytes()))
    assert pickle.load(reader) == {"terms": [1, 2, 3], "text": "jenewa"}  # noqa: S301 - our own bytes
    loaded = array("i")
    loaded.fromfile(reader, 50)  # type: ignore[arg-type]
    assert loaded == numbers


def test_peek_shows_the_rest_without_moving() -> None:
    reader = ViewReader(memoryview(DATA))
    reader.seek(5)
    assert bytes(reader.peek()) == DATA[5:]
    assert reader.tell() == 5
    reader.seek(len(DATA) + 3)
    assert bytes(reader.peek()) == b""


def test_pickles_in_a_row_load_one_by_one_and_a_cut_one_fails() -> None:
    """The unpickler reads a pickle from what `peek` shows, then moves on by
    exactly the bytes it used: the next pickle starts where this one ended."""
    first, second = pickle.dumps(list(range(300)), 2), pickle.dumps(("dua", 2.5), 2)
    reader = ViewReader(memoryview(first + second))
    assert pickle.load(reader) == list(range(300))  # noqa: S301 - our own bytes
    assert reader.tell() == len(first)
    assert pickle.load(reader) == ("dua", 2.5)  # noqa: S301 - our own bytes
    cut = ViewReader(memoryview(first[:-40]))
    with pytest.raises((pickle.UnpicklingError, EOFError)):
        pickle.load(cut)  # noqa: S301 - our own bytes


def test_an_opened_index_reads_its_segments_through_the_map(seed_index: ArticleIndex) -> None:
    searcher = seed_index._query_searcher()
    segment_reader = next(iter(searcher.reader().leaf_readers()))[0]
    files = [
        segment_reader._terms._dbfile,
        segment_reader._perdoc._storage.open_file(
            next(name for name in segment_reader._perdoc._storage.list() if name.endswith(".pst"))
        ),
    ]
    assert all(type(found) is MappedBufferFile for found in files)
    assert seed_index.search("Lavrov Blinken").total > 0
