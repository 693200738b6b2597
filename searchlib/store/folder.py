"""The index folder: creating, opening and checking it.

A searchlib index is a Whoosh index plus `searchlib.json`, which records the
searchlib and schema versions. Opening checks that file first, so a foreign or
outdated folder is refused with the fix (rebuild it) instead of being
half-read, and the schema always comes from code, never from the folder.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.util import random_name

from searchlib._version import __version__
from searchlib._whoosh.safe_loading import SafeFileIndex, install_restricted_loaders
from searchlib.analysis import Lexicon
from searchlib.errors import (
    IndexExistsError,
    IndexIncompatibleError,
    IndexNotFoundError,
    IndexStateError,
)
from searchlib.store import documents

METADATA_FILE = "searchlib.json"
# A user's own word lists, kept in the index folder (formats in searchlib.analysis.lexicon).
OVERRIDES_FILE = "overrides.txt"
ACRONYMS_FILE = "acronyms.txt"
METADATA_FORMAT = "searchlib-index"
# Private scratch space of writers (Whoosh's pool runs); stale after a crash.
TEMP_DIR = "tmp"
# Files a user may keep in an index folder that are not part of the index.
KEPT_FILES = frozenset({"README.md"})
# Whoosh's default index name inside a folder (files MAIN_*.seg, _MAIN_<gen>.toc).
INDEX_NAME = "MAIN"
# What a library caller does about an index that cannot be served.
REBUILD_ADVICE = "rebuild it (create it with overwrite=True and add the articles again)"


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
        raise IndexStateError(f"{folder} is a file, not an index folder", folder=folder)
    word_lists = _word_lists(folder, {OVERRIDES_FILE: overrides, ACRONYMS_FILE: acronyms})
    if folder.is_dir() and _index_contents(folder):
        if not overwrite:
            raise IndexExistsError(
                f"an index already exists at {folder}", "pass overwrite=True to replace it",
                folder=folder,
            )
        _remove(_index_contents(folder))
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in word_lists.items():
        (folder / name).write_bytes(content)
    install_restricted_loaders()
    schema = documents.build_schema(index_lexicon(folder))
    whoosh_index.TOC.create(IndexStorage(str(folder)), schema, INDEX_NAME)
    _write_metadata(folder)
    return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)


def open_index(folder: Path) -> whoosh_index.Index:
    """The existing index in `folder`, opened with the schema built in code."""
    read_metadata(folder)
    install_restricted_loaders()
    try:
        schema = documents.build_schema(index_lexicon(folder))
        return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)
    except Exception as error:  # Whoosh signals damage with many types; the user needs one line.
        raise IndexIncompatibleError(
            f"the index at {folder} cannot be read ({error})", REBUILD_ADVICE, folder=folder
        ) from error


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash leaves the old file or the new one, never half."""
    partial = path.with_name(f".{path.name}.{random_name()}")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def read_metadata(folder: Path) -> dict[str, Any]:
    """The folder's `searchlib.json`, checked against this searchlib's schema version."""
    metadata_path = folder / METADATA_FILE
    if not metadata_path.is_file():
        if folder.is_dir() and _index_contents(folder):
            raise IndexIncompatibleError(
                f"{folder} is not a searchlib index", REBUILD_ADVICE, folder=folder
            )
        raise IndexNotFoundError(
            f"no index at {folder}", "create one with ArticleIndex.create", folder=folder
        )
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        schema_version = metadata["schema_version"]
        index_format = metadata["format"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexIncompatibleError(
            f"the index metadata in {folder} is unreadable", REBUILD_ADVICE, folder=folder
        ) from error
    if index_format != METADATA_FORMAT or schema_version != documents.SCHEMA_VERSION:
        raise IndexIncompatibleError(
            f"the index at {folder} has schema version {schema_version}, this searchlib needs "
            f"{documents.SCHEMA_VERSION}",
            REBUILD_ADVICE,
            folder=folder,
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
        "schema_version": documents.SCHEMA_VERSION,
    }
    write_atomically(folder / METADATA_FILE, json.dumps(metadata, indent=2) + "\n")


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
            f"the index at {folder} is damaged ({reason})", REBUILD_ADVICE, folder=folder
        ) from error
