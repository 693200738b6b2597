"""The index folder: creating, opening and checking it.

A searchlib index is a Whoosh index plus `searchlib.json`, which records the
searchlib and schema versions. Opening checks that file first, so a foreign or
outdated folder is refused with the fix (`--rebuild`) instead of being
half-read, and the schema always comes from code, never from the folder.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import struct
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
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

METADATA_FILE = "searchlib.json"
# A user's own word lists, kept in the index folder (formats in searchlib.analysis.lexicon).
OVERRIDES_FILE = "overrides.txt"
ACRONYMS_FILE = "acronyms.txt"
METADATA_FORMAT = "searchlib-index"
# Stems learned while indexing, carried to the next run (plain JSON, never a pickle).
STEM_CACHE_FILE = "stems.json"
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

    def temp_storage(self, name: str | None = None) -> FileStorage:
        scratch = Path(self.folder) / TEMP_DIR
        scratch.mkdir(exist_ok=True)
        path = tempfile.mkdtemp(prefix=f"{name or 'writer'}-{os.getpid()}-", dir=scratch)
        return FileStorage(path)


class SafeFileIndex(whoosh_index.FileIndex):  # type: ignore[misc]  # Whoosh is untyped
    """A Whoosh FileIndex that cannot be made to run code by its folder.

    The schema always comes from code (the pickled copy in the TOC is skipped
    unread), and the segment list is unpickled with only Whoosh's own segment
    types allowed.
    """

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
) -> whoosh_index.Index:
    """A new, empty index in `folder` (replacing an existing one only with `overwrite`).

    `overrides` and `acronyms` are user word-list files (formats in
    :mod:`searchlib.analysis.lexicon`); they are copied into the folder, so the
    index and every later search analyse text the same way. A rebuild keeps the
    folder's word lists unless new ones are given.
    """
    if folder.exists() and not folder.is_dir():
        raise IndexStateError(f"{folder} is a file, not an index folder")
    word_lists = _word_lists(folder, {OVERRIDES_FILE: overrides, ACRONYMS_FILE: acronyms})
    if folder.is_dir() and _index_contents(folder):
        if not overwrite:
            raise IndexStateError(
                f"an index already exists at {folder}; use --rebuild to replace it"
            )
        _remove(_index_contents(folder))
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in word_lists.items():
        (folder / name).write_bytes(content)
    safe_pickle.install()
    schema = index.build_schema(index_lexicon(folder))
    whoosh_index.TOC.create(IndexStorage(str(folder)), schema, INDEX_NAME)
    _write_metadata(folder)
    return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)


def open_index(folder: Path) -> whoosh_index.Index:
    """The existing index in `folder`, opened with the schema built in code."""
    read_metadata(folder)
    safe_pickle.install()
    try:
        schema = index.build_schema(index_lexicon(folder))
        return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)
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


def load_stem_cache(folder: Path) -> dict[str, str]:
    """Stems saved by an earlier run (empty when absent, unreadable or from another stemmer)."""
    try:
        data = json.loads((folder / STEM_CACHE_FILE).read_text(encoding="utf-8"))
        stems = data["stems"] if data["version"] == STEM_CACHE_VERSION else {}
    except (OSError, ValueError, KeyError, TypeError):
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
    partial = path.with_name(f".{path.name}.{random_name()}")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def read_metadata(folder: Path) -> dict[str, Any]:
    """The folder's `searchlib.json`, checked against this searchlib's schema version."""
    metadata_path = folder / METADATA_FILE
    if not metadata_path.is_file():
        if folder.is_dir() and _index_contents(folder):
            raise IndexIncompatibleError(
                f"{folder} is not a searchlib index; rebuild it with --rebuild"
            )
        raise IndexNotFoundError(
            f"no index at {folder}; build one with: searchlib index PATH --index {folder}"
        )
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        schema_version = metadata["schema_version"]
        index_format = metadata["format"]
    except (OSError, ValueError, KeyError, TypeError) as error:
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


def _index_contents(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name not in KEPT_FILES]


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


# What Whoosh raises when it reads a damaged or missing segment file.
_DAMAGE = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)


@contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Turn Whoosh's low-level failures on a damaged index into one clear error."""
    try:
        yield
    except _DAMAGE as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise IndexIncompatibleError(
            f"the index at {folder} is damaged ({reason}); rebuild it with --rebuild"
        ) from error
