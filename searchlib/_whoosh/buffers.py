"""Files inside a segment read straight from the memory map, without a copy.

A Whoosh segment is one compound file, memory-mapped; each file inside it
(term index, postings, columns) is handed out as a `BufferFile` over a slice
of the map. But `BufferFile` also wraps its slice in a `BytesIO` for reading
by offset, and a `BytesIO` copies its whole initial buffer: opening a segment
copies its term index, and the first search copies every postings file it
touches. On a 100k-article index that is over 500 MB read and copied by every
new process (`searchlib search` at a shell, a worker), most of it never used.

:class:`MappedBufferFile` reads by offset from the map itself; what it
returns is what the `BytesIO` would have returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.filedb.structfile import BufferFile


class ViewReader:
    """A read-only file over a memoryview: reads copy only the bytes asked for."""

    # Bytes looked at per step when searching for a line end.
    _LINE_STEP = 4096

    def __init__(self, view: Any) -> None:
        self._view = memoryview(view)
        self._at = 0

    def read(self, size: int | None = -1) -> bytes:
        length = len(self._view)
        start = min(self._at, length)
        end = length if size is None or size < 0 else min(length, start + size)
        self._at = max(self._at, end)
        return bytes(self._view[start:end])

    def peek(self, size: int = 0) -> memoryview:
        """The rest of the file from the current offset, without a copy or a move.

        An unpickler given a file with `peek` reads the pickle from what it
        returns and then moves on by the bytes it used (`read`); without it,
        it calls `read` once per opcode, and loading a posting block's small
        pickle costs some forty times as much.
        """
        return self._view[min(self._at, len(self._view)):]

    def readinto(self, target: Any) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        length = len(self._view)
        start = min(self._at, length)
        limit = length if size is None or size < 0 else min(length, start + size)
        end = start
        while end < limit:
            step = bytes(self._view[end : min(limit, end + self._LINE_STEP)])
            found = step.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(step)
        self._at = end
        return bytes(self._view[start:end])

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._at, len(self._view))[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._at = base + offset
        return self._at

    def tell(self) -> int:
        return self._at

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def close(self) -> None:
        self._view.release()


class MappedBufferFile(BufferFile):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's `BufferFile`, reading through a :class:`ViewReader` instead of a `BytesIO`."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = ViewReader(buf)


def install_mapped_buffers() -> None:
    """Have Whoosh's compound (segment) files hand out :class:`MappedBufferFile`s.

    Idempotent; called whenever searchlib creates or opens an index.
    """
    from whoosh.filedb import compound

    compound.BufferFile = MappedBufferFile
