"""Reading input files with limits, so no file can stall or exhaust a run."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

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


class NotRegularFileError(OSError):
    """A path names a pipe, device or socket: reading it could block or never end."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def open_regular(path: str | Path) -> BinaryIO:
    """`path` open for reading in binary, if it is a regular file.

    The file is opened without blocking and checked before anything is read:
    a named pipe without a writer would block `open` forever, and a pipe or a
    device may never end. Such a path raises NotRegularFileError (a
    directory, IsADirectoryError) at once.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(
                errno.EINVAL, f"{_kind(mode)}, not a regular file", str(path)
            )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def not_regular_message(error: NotRegularFileError) -> str:
    """The one-line reason a pipe or device given as input is skipped."""
    return f"{error.strerror} (only regular files are read), skipped"


def read_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes; IngestError (one line) if it is too large or unreadable."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(limit + 1) if size <= limit else b""
            if size > limit or len(data) > limit:  # (a file can grow while it is read)
                shown = max(size, len(data)) / _MB
                raise IngestError(
                    f"file too large ({shown:.1f} MB > {limit / _MB:.0f} MB limit), skipped"
                )
            return data
    except NotRegularFileError as error:
        raise IngestError(not_regular_message(error)) from None
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
