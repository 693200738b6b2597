"""Whoosh's low-level failures on an index folder, turned into one clear error.

Whoosh signals a damaged or unreadable index with whatever its decoding hits
(a short read, a bad struct, a pickle refused); the user needs one line that
says which folder, what happened and what to do.
"""

from __future__ import annotations

import errno
import pickle
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from searchlib.errors import IndexIncompatibleError, IndexStateError

# What Whoosh raises when it reads a damaged or missing segment file: file
# errors, short reads, bad structs, compressed blocks and pickles, and what
# decoding damaged bytes into wrong shapes gives (a number where a tuple was,
# a truncated array, a stored article that is not JSON).
_DAMAGE = (
    OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, ValueError,
    IndexError, KeyError, TypeError, AttributeError, AssertionError, RecursionError,
    MemoryError, OverflowError,
)  # fmt: skip
# Errors of a device that cannot take more data.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def permission_message(folder: Path, error: OSError, action: str = "use") -> str:
    where = f" ({error.filename})" if error.filename else ""
    return f"cannot {action} the index at {folder}: permission denied{where}"


def disk_full_message(folder: Path) -> str:
    return (
        f"no space left on the device holding the index at {folder}: the batch in progress "
        "was not saved and its partial files were removed; free some space and run the same "
        "command again"
    )


@contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Turn Whoosh's low-level failures on a damaged index into one clear error.

    A file the user may not read is not damage, and rebuilding would not help.
    """
    try:
        yield
    except PermissionError as error:
        raise IndexStateError(permission_message(folder, error), folder=folder) from error
    except OSError as error:
        if error.errno in DISK_FULL:
            raise IndexStateError(disk_full_message(folder), folder=folder) from error
        raise damaged(folder, error) from error
    except _DAMAGE as error:
        raise damaged(folder, error) from error


def damaged(folder: Path, error: BaseException) -> IndexIncompatibleError:
    """The error for an index whose files could not be decoded (`error` says how)."""
    reason = " ".join((getattr(error, "strerror", None) or str(error)).split())
    kind = type(error).__name__
    if kind == "error":  # struct.error, zlib.error
        kind = f"{type(error).__module__}.{kind}"
    return IndexIncompatibleError(
        f"the index at {folder} is damaged ({kind}: {reason or 'no detail'})",
        folder=folder,
        rebuild=True,
    )
