"""The write lock: one writer per index folder, and what a killed writer left behind."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from searchlib.errors import IndexLockedError
from searchlib.store.folder import INDEX_NAME, TEMP_DIR

# Whoosh's lock name inside a folder (the file MAIN_WRITELOCK).
WRITE_LOCK = "WRITELOCK"
# A TOC whose rename was cut short by a crash: `_MAIN_<gen>.toc.<time>`.
_STALE_TOC = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\..+$")
# How long to wait for the lock when the caller does not say (seconds).
DEFAULT_LOCK_TIMEOUT = 10.0
# Poll interval while waiting for another writer to finish (seconds).
LOCK_POLL_INTERVAL = 0.1


@contextmanager
def write_lock(
    whoosh_ix: whoosh_index.Index, timeout: float = DEFAULT_LOCK_TIMEOUT
) -> Iterator[None]:
    """Hold the index's write lock, waiting up to `timeout` seconds for it.

    The lock is Whoosh's `flock` on MAIN_WRITELOCK: the kernel drops it when
    its process dies, so a killed writer never leaves a stale lock behind (the
    lock file itself stays, and means nothing on its own). Scratch files of a
    killed writer are removed once the lock is held.
    """
    lock = whoosh_ix.lock(WRITE_LOCK)
    deadline = time.monotonic() + max(timeout, 0.0)
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise IndexLockedError(
                f"index is locked by another process: {whoosh_ix.storage.folder}"
                + (f" (waited {timeout:g}s)" if timeout > 0 else "")
            )
        time.sleep(LOCK_POLL_INTERVAL)
    try:
        remove_stale_files(Path(whoosh_ix.storage.folder))
        yield
    finally:
        lock.release()


def remove_stale_files(folder: Path) -> None:
    """Delete what a killed writer left: scratch folders and half-renamed TOCs.

    Only call this while holding the write lock. Unreferenced segment files
    are removed by Whoosh itself at the next commit.
    """
    shutil.rmtree(folder / TEMP_DIR, ignore_errors=True)
    for path in folder.iterdir():
        if _STALE_TOC.match(path.name):
            path.unlink(missing_ok=True)
