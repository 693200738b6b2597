"""The index folder: creating, opening and checking it.

A searchlib index is a Whoosh index plus `searchlib.json`, which records the
searchlib and schema versions. Opening checks that file first, so a foreign or
outdated folder is refused with the fix (`--rebuild`) instead of being
half-read, and the schema always comes from code, never from the folder.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import re
import shutil
import stat
import struct
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.util import random_name

from searchlib import index, safe_pickle
from searchlib._version import __version__
from searchlib.analysis import STEM_CACHE_VERSION, Lexicon
from searchlib.errors import (
    IndexIncompatibleError,
    IndexLockedError,
    IndexNotFoundError,
    IndexStateError,
)
from searchlib.ingest.files import open_regular

METADATA_FILE = "searchlib.json"
# A user's own word lists, kept in the index folder (formats in searchlib.analysis.lexicon).
OVERRIDES_FILE = "overrides.txt"
ACRONYMS_FILE = "acronyms.txt"
METADATA_FORMAT = "searchlib-index"
# Stems learned while indexing, carried to the next run (plain JSON, never a pickle).
STEM_CACHE_FILE = "stems.json"
# Record files known to be fully indexed (written by the indexer).
SOURCES_FILE = "sources.json"
# Private scratch space of writers (Whoosh's pool runs); stale after a crash.
TEMP_DIR = "tmp"
# Files a user may keep in an index folder that are not part of the index.
KEPT_FILES = frozenset({"README.md"})
# Whoosh's default index name inside a folder (files MAIN_*.seg, _MAIN_<gen>.toc).
INDEX_NAME = "MAIN"
WRITE_LOCK = "WRITELOCK"
# The only TOC format this Whoosh writes; older ones are read by Whoosh's legacy
# loaders, which unpickle freely, so they are refused.
TOC_VERSION = -111
# A TOC whose rename was cut short by a crash: `_MAIN_<gen>.toc.<time>`.
_STALE_TOC = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\..+$")
# The side files searchlib writes, each atomically through `.<name>.<random>`.
_SIDE_FILES = (METADATA_FILE, STEM_CACHE_FILE, SOURCES_FILE, OVERRIDES_FILE, ACRONYMS_FILE)
# Every name searchlib and Whoosh give a file in an index folder: TOCs (also
# half-renamed ones), segment files (`MAIN_<segment id>.<ext>`, the pattern
# Whoosh's own clean-up uses), the lock file, the side files and their
# partial copies. A rebuild deletes these and nothing else.
_SIDE_NAMES = "|".join(re.escape(name) for name in _SIDE_FILES)
_INDEX_FILE = re.compile(
    rf"^(?:_{INDEX_NAME}_[0-9]+\.toc(?:\..+)?"
    rf"|{INDEX_NAME}_[0-9a-z]+\.[A-Za-z0-9_.]+"
    rf"|{INDEX_NAME}_{WRITE_LOCK}"
    rf"|\.(?:{_SIDE_NAMES})\.[0-9a-z]+"
    rf"|(?:{_SIDE_NAMES}))$"
)
# A writer's scratch folder inside TEMP_DIR: `<name>-<pid>-<random>` (tempfile.mkdtemp).
_SCRATCH = re.compile(r"^.+-[0-9]+-[0-9a-z_]+$")
# How long to wait for the lock when the caller does not say (seconds).
DEFAULT_LOCK_TIMEOUT = 10.0
# Poll interval while waiting for another writer to finish (seconds).
LOCK_POLL_INTERVAL = 0.1


class IndexStorage(FileStorage):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's file storage with writer scratch space kept private.

    Whoosh puts every writer's sorting runs in one shared system temp folder
    named after the index name ("MAIN.tmp") and empties it when a writer
    finishes, so two indexes built at the same time delete each other's runs.
    Here each writer gets its own folder inside the index folder, where a
    crash leaves it for the next writer to remove.
    """

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        """Whoosh's `open_file`, refusing a pipe or device planted under an index file's
        name (opening a named pipe would wait forever for a writer)."""
        return StructFile(open_regular(self._fpath(name)), name=name, **kwargs)

    def temp_storage(self, name: str | None = None) -> FileStorage:
        scratch = Path(self.folder) / TEMP_DIR
        scratch.mkdir(exist_ok=True)
        path = tempfile.mkdtemp(prefix=f"{name or 'writer'}-{os.getpid()}-", dir=scratch)
        return FileStorage(path)


class SafeFileIndex(whoosh_index.FileIndex):  # type: ignore[misc]  # Whoosh is untyped
    """A Whoosh FileIndex that cannot be made to run code by its folder.

    The schema always comes from code (the pickled copy in the TOC is skipped
    unread), and the segment list is unpickled with only Whoosh's own segment
    types allowed. Whoosh's own constructor reads the TOC with `TOC.read`; this
    one reads it with :func:`read_toc`, like every later read.
    """

    def __init__(self, storage: FileStorage, schema: Schema, indexname: str) -> None:
        self.storage = storage
        self._schema = schema
        self.indexname = indexname
        self._read_toc()  # fails here, not at first use, when the TOC is unreadable

    def _read_toc(self) -> whoosh_index.TOC:
        return read_toc(self.storage, self._schema, self.indexname)


def read_toc(
    storage: FileStorage, schema: Schema, indexname: str = INDEX_NAME
) -> whoosh_index.TOC:
    """The latest TOC of the index in `storage`, read without unpickling code."""
    generation = whoosh_index.TOC._latest_generation(storage, indexname)
    if generation < 0:
        raise whoosh_index.EmptyIndexError(f"no Whoosh index in {storage.folder}")
    stream = storage.open_file(whoosh_index.TOC._filename(indexname, generation))
    try:
        for _size_name in ("int", "long", "float"):
            stream.read_varint()
        if stream.read_int() != -12345:
            raise IndexIncompatibleError("the index was written with another byte order")
        version = stream.read_int()
        release = (stream.read_varint(), stream.read_varint(), stream.read_varint())
        if version != TOC_VERSION:
            raise IndexIncompatibleError(f"unsupported Whoosh index format {version}")
        stream.skip_string()  # the pickled schema: never loaded
        if stream.read_int() != generation:
            raise IndexIncompatibleError("the index table of contents is inconsistent")
        stream.read_int()
        segments = safe_pickle.restricted_load(stream.file)
    finally:
        stream.close()
    return whoosh_index.TOC(schema, segments, generation, version=version, release=release)


def index_lexicon(folder: Path) -> Lexicon:
    """The word lists an index was built with: the shipped ones plus the folder's own files."""
    overrides, acronyms = (folder / OVERRIDES_FILE, folder / ACRONYMS_FILE)
    if not overrides.is_file() and not acronyms.is_file():
        return Lexicon.default()
    return Lexicon.from_files(
        override_file=overrides if overrides.is_file() else None,
        acronym_file=acronyms if acronyms.is_file() else None,
    )


def _word_lists(folder: Path, given: dict[str, Path | None]) -> dict[str, bytes]:
    """The word-list files a new index in `folder` gets: the given ones, else those it had.

    Given files are checked (parsed) before anything in the folder is touched.
    """
    Lexicon.from_files(override_file=given[OVERRIDES_FILE], acronym_file=given[ACRONYMS_FILE])
    kept: dict[str, bytes] = {}
    for name, path in given.items():
        source = path if path is not None else folder / name
        if source.is_file():
            kept[name] = source.read_bytes()
    return kept


def index_exists(folder: Path) -> bool:
    return (folder / METADATA_FILE).is_file()


def create_index(
    folder: Path,
    *,
    overwrite: bool = False,
    overrides: Path | None = None,
    acronyms: Path | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> whoosh_index.Index:
    """A new, empty index in `folder` (replacing an existing one only with `overwrite`).

    `overrides` and `acronyms` are user word-list files (formats in
    :mod:`searchlib.analysis.lexicon`); they are copied into the folder, so the
    index and every later search analyse text the same way. A rebuild keeps the
    folder's word lists unless new ones are given.

    Only an empty folder or a searchlib index is used: a folder holding other
    files is refused, and a rebuild deletes the files of the old index and
    nothing else. The write lock is held throughout, so a rebuild waits for a
    running indexer (up to `lock_timeout` seconds) instead of pulling its files
    away.
    """
    if folder.exists() and not folder.is_dir():
        raise IndexStateError(f"{folder} is a file, not an index folder")
    word_lists = _word_lists(folder, {OVERRIDES_FILE: overrides, ACRONYMS_FILE: acronyms})
    if folder.is_dir():
        _refuse_foreign_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    storage = IndexStorage(str(folder))
    with _held(storage.lock(f"{INDEX_NAME}_{WRITE_LOCK}"), folder, lock_timeout):
        old_files = index_files(folder)
        if old_files:
            if not overwrite:
                raise IndexStateError(
                    f"an index already exists at {folder}; use --rebuild to replace it"
                )
            _remove(old_files)
        for name, content in word_lists.items():
            _atomic_write_bytes(folder / name, content)
        safe_pickle.install()
        schema = index.build_schema(index_lexicon(folder))
        whoosh_index.TOC.create(storage, schema, INDEX_NAME)
        _write_metadata(folder)
    return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)


def index_files(folder: Path) -> list[Path]:
    """What an index put in `folder` (its lock file aside), and nothing a user put there."""
    found = []
    for path in folder.iterdir():
        if path.name == TEMP_DIR and path.is_dir() and not path.is_symlink():
            found.extend(_scratch_folders(path))
        elif _INDEX_FILE.match(path.name) and path.name != f"{INDEX_NAME}_{WRITE_LOCK}":
            found.append(path)
    return found


def foreign_files(folder: Path) -> list[Path]:
    """Entries of `folder` that no index creates (README.md, which users keep there, aside)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.name not in KEPT_FILES
        and not _INDEX_FILE.match(path.name)
        and not (path.name == TEMP_DIR and path.is_dir() and not path.is_symlink())
    )


# Names quoted when a folder is refused: enough to recognise it.
_NAMES_SHOWN = 3


def _refuse_foreign_folder(folder: Path) -> None:
    """IndexStateError unless `folder` is empty or holds a searchlib index."""
    foreign = foreign_files(folder)
    if foreign and not index_exists(folder):
        names = ", ".join(path.name for path in foreign[:_NAMES_SHOWN])
        more = f" and {len(foreign) - _NAMES_SHOWN} more" if len(foreign) > _NAMES_SHOWN else ""
        raise IndexStateError(
            f"{folder} is not a searchlib index and not empty (it holds {names}{more}); "
            "choose an empty or new folder for the index"
        )


def _scratch_folders(temp_dir: Path) -> list[Path]:
    return [path for path in temp_dir.iterdir() if _SCRATCH.match(path.name)]


def open_index(folder: Path) -> whoosh_index.Index:
    """The existing index in `folder`, opened with the schema built in code."""
    read_metadata(folder)
    safe_pickle.install()
    try:
        schema = index.build_schema(index_lexicon(folder))
        return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)
    except PermissionError as error:
        raise IndexStateError(_permission_message(folder, error)) from error
    except IndexIncompatibleError as error:
        raise IndexIncompatibleError(
            f"the index at {folder} cannot be read ({error}); rebuild it with --rebuild"
        ) from error
    except Exception as error:  # Whoosh signals damage with many types; the user needs one line.
        raise IndexIncompatibleError(
            f"the index at {folder} cannot be read ({error}); rebuild it with --rebuild"
        ) from error


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
    with _held(whoosh_ix.lock(WRITE_LOCK), folder, timeout):
        with reading(folder):  # it reads the TOC, which may have been damaged since opening
            remove_stale_files(whoosh_ix)
        try:
            yield
        except BaseException as error:
            _remove_quietly(whoosh_ix)
            if isinstance(error, OSError) and error.errno in _DISK_FULL:
                raise IndexStateError(_disk_full_message(folder)) from error
            raise


# Errors of a device that cannot take more data.
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


@contextmanager
def _held(lock: Any, folder: Path, timeout: float) -> Iterator[None]:
    """Hold `lock` (a Whoosh file lock), polling up to `timeout` seconds for it."""
    _check_lock_file(Path(lock.filename), folder)
    deadline = time.monotonic() + max(timeout, 0.0)
    try:
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise IndexLockedError(
                    f"index is locked by another process: {folder}"
                    + (f" (waited {timeout:g}s)" if timeout > 0 else "")
                )
            time.sleep(LOCK_POLL_INTERVAL)
    except PermissionError as error:
        raise IndexStateError(_permission_message(folder, error, "write to")) from error
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
            f"the index at {folder} is damaged ({path.name} is not a regular file); "
            "rebuild it with --rebuild"
        )


def remove_stale_files(whoosh_ix: whoosh_index.Index) -> None:
    """Delete what a killed or failed writer left: scratch folders, half-renamed TOCs
    and segment files that no TOC names (what Whoosh deletes at its next commit).

    Only call this while holding the write lock.
    """
    storage = whoosh_ix.storage
    folder = Path(storage.folder)
    _remove(_scratch_folders(folder / TEMP_DIR) if (folder / TEMP_DIR).is_dir() else [])
    for path in folder.iterdir():
        if _STALE_TOC.match(path.name) or (
            path.name.startswith(".") and _INDEX_FILE.match(path.name)
        ):
            path.unlink(missing_ok=True)
    toc = whoosh_ix._read_toc()
    whoosh_index.clean_files(storage, whoosh_ix.indexname, toc.generation, toc.segments)


def _remove_quietly(whoosh_ix: whoosh_index.Index) -> None:
    """`remove_stale_files` after a failure, which must not hide the failure itself."""
    with suppress(Exception):  # best effort: the original error is what the user needs
        remove_stale_files(whoosh_ix)


def read_side_file(path: Path) -> str:
    """A side file's text (OSError if it is missing or not a regular file)."""
    with open_regular(path) as handle:
        return handle.read().decode("utf-8")


def load_stem_cache(folder: Path) -> dict[str, str]:
    """Stems saved by an earlier run (empty when absent, unreadable or from another stemmer)."""
    try:
        data = json.loads(read_side_file(folder / STEM_CACHE_FILE))
        stems = data["stems"] if data["version"] == STEM_CACHE_VERSION else {}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}
    if not isinstance(stems, dict):
        return {}
    return {word: stem for word, stem in stems.items() if isinstance(stem, str)}


def save_stem_cache(folder: Path, stems: Mapping[str, str]) -> None:
    """Write the stem cache atomically (a crash leaves the old file or the new one)."""
    write_json(folder / STEM_CACHE_FILE, {"version": STEM_CACHE_VERSION, "stems": stems})


def write_json(path: Path, data: Any) -> None:
    """Write `data` as JSON atomically: a crash leaves the old file or the new one."""
    _atomic_write(path, json.dumps(data, ensure_ascii=False))


def _atomic_write(path: Path, text: str) -> None:
    _atomic_write_bytes(path, text.encode("utf-8"))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write through a partial copy and a rename; a failed write leaves no partial copy."""
    partial = path.with_name(f".{path.name}.{random_name()}")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def read_metadata(folder: Path) -> dict[str, Any]:
    """The folder's `searchlib.json`, checked against this searchlib's schema version."""
    metadata_path = folder / METADATA_FILE
    if not metadata_path.is_file():
        if folder.is_dir() and foreign_files(folder):
            raise IndexIncompatibleError(
                f"{folder} is not a searchlib index (it holds other files); build the index "
                "in an empty or new folder"
            )
        if folder.is_dir() and index_files(folder):
            raise IndexIncompatibleError(
                f"{folder} holds an incomplete searchlib index; rebuild it with --rebuild"
            )
        raise IndexNotFoundError(
            f"no index at {folder}; build one with: searchlib index PATH --index {folder}"
        )
    try:
        metadata = json.loads(read_side_file(metadata_path))
        schema_version = metadata["schema_version"]
        index_format = metadata["format"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise IndexIncompatibleError(
            f"the index metadata in {folder} is unreadable; rebuild it with --rebuild"
        ) from error
    if index_format != METADATA_FORMAT or schema_version != index.SCHEMA_VERSION:
        raise IndexIncompatibleError(
            f"the index at {folder} has schema version {schema_version}, this searchlib needs "
            f"{index.SCHEMA_VERSION}; rebuild it with --rebuild"
        )
    return dict(metadata)


def index_size(folder: Path) -> int:
    """Bytes on disk of everything in the index folder."""
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def _remove(paths: list[Path]) -> None:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _write_metadata(folder: Path) -> None:
    metadata = {
        "format": METADATA_FORMAT,
        "searchlib_version": __version__,
        "schema_version": index.SCHEMA_VERSION,
    }
    _atomic_write(folder / METADATA_FILE, json.dumps(metadata, indent=2) + "\n")


# What Whoosh raises when it reads a damaged or missing segment file: file
# errors, short reads, bad structs, compressed blocks and pickles, and what
# decoding damaged bytes into wrong shapes gives (a number where a tuple was,
# a truncated array, a stored article that is not JSON).
_DAMAGE = (
    OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, ValueError,
    IndexError, KeyError, TypeError, AttributeError, AssertionError, RecursionError,
    MemoryError, OverflowError,
)  # fmt: skip


def _permission_message(folder: Path, error: OSError, action: str = "use") -> str:
    where = f" ({error.filename})" if error.filename else ""
    return f"cannot {action} the index at {folder}: permission denied{where}"


@contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Turn Whoosh's low-level failures on a damaged index into one clear error.

    A file the user may not read is not damage, and rebuilding would not help.
    """
    try:
        yield
    except PermissionError as error:
        raise IndexStateError(_permission_message(folder, error)) from error
    except OSError as error:
        if error.errno in _DISK_FULL:
            raise IndexStateError(_disk_full_message(folder)) from error
        raise _damaged(folder, error) from error
    except _DAMAGE as error:
        raise _damaged(folder, error) from error


def _damaged(folder: Path, error: BaseException) -> IndexIncompatibleError:
    reason = " ".join((getattr(error, "strerror", None) or str(error)).split())
    kind = type(error).__name__
    if kind == "error":  # struct.error, zlib.error
        kind = f"{type(error).__module__}.{kind}"
    return IndexIncompatibleError(
        f"the index at {folder} is damaged ({kind}: {reason or 'no detail'}); "
        "rebuild it with --rebuild"
    )


def _disk_full_message(folder: Path) -> str:
    return (
        f"no space left on the device holding the index at {folder}: the batch in progress "
        "was not saved and its partial files were removed; free some space and run the same "
        "command again"
    )
