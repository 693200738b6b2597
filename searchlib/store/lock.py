"""The write lock: one writer per index folder, and what a killed writer left behind."""

from __future__ import annotations

import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from searchlib._whoosh.safe_loading import latest_toc
from searchlib.errors import IndexIncompatibleError, IndexLockedError, IndexStateError
from searchlib.store.damage import DISK_FULL, disk_full_message, permission_message, reading
from searchlib.store.layout import (
    INDEX_FILE,
    STALE_TOC,
    TEMP_DIR,
    WRITE_LOCK,
    remove,
    scratch_folders,
)

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
    lock file itself stays, and means nothing on its own). What a killed or
    failed writer left is removed once the lock is held, and again before it
    is released when the work under it fails (a full disk, Ctrl-C), so space
    is given back at once. A full disk becomes one error naming the folder.
    """
    folder = Path(whoosh_ix.storage.folder)
    with held(whoosh_ix.lock(WRITE_LOCK), folder, timeout):
        with reading(folder):  # it reads the TOC, which may have been damaged since opening
            remove_stale_files(whoosh_ix)
        try:
            yield
        except BaseException as error:
            _remove_quietly(whoosh_ix)
            if isinstance(error, OSError) and error.errno in DISK_FULL:
                raise IndexStateError(disk_full_message(folder), folder=folder) from error
            raise


@contextmanager
def held(lock: Any, folder: Path, timeout: float) -> Iterator[None]:
    """Hold `lock` (a Whoosh file lock), polling up to `timeout` seconds for it."""
    _check_lock_file(Path(lock.filename), folder)
    deadline = time.monotonic() + max(timeout, 0.0)
    try:
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise IndexLockedError(
                    f"index is locked by another process: {folder}"
                    + (f" (waited {timeout:g}s)" if timeout > 0 else ""),
                    folder=folder,
                )
            time.sleep(LOCK_POLL_INTERVAL)
    except PermissionError as error:
        message = permission_message(folder, error, "write to")
        raise IndexStateError(message, folder=folder) from error
    try:
        yield
    finally:
        lock.release()


def _check_lock_file(path: Path, folder: Path) -> None:
    """Refuse a lock file that is a pipe, device or link: opening it could block or
    create a file elsewhere."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise IndexIncompatibleError(
            f"the index at {folder} is damaged ({path.name} is not a regular file)",
            folder=folder,
            rebuild=True,
        )


def remove_stale_files(whoosh_ix: whoosh_index.Index) -> None:
    """Delete what a killed or failed writer left: scratch folders, half-renamed TOCs
    and segment files that no TOC names (what Whoosh deletes at its next commit).

    Only call this while holding the write lock.
    """
    storage = whoosh_ix.storage
    folder = Path(storage.folder)
    remove(scratch_folders(folder / TEMP_DIR) if (folder / TEMP_DIR).is_dir() else [])
    for path in folder.iterdir():
        partial_side_file = path.name.startswith(".") and INDEX_FILE.match(path.name)
        if STALE_TOC.match(path.name) or partial_side_file:
            path.unlink(missing_ok=True)
    toc = latest_toc(whoosh_ix)
    whoosh_index.clean_files(storage, whoosh_ix.indexname, toc.generation, toc.segments)


def _remove_quietly(whoosh_ix: whoosh_index.Index) -> None:
    """`remove_stale_files` after a failure, which must not hide the failure itself."""
    with suppress(Exception):  # best effort: the original error is what the user needs
        remove_stale_files(whoosh_ix)
