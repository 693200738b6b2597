"""The index folder: creating, opening and checking it.

A searchlib index is a Whoosh index plus `searchlib.json`, which records the
searchlib and schema versions. Opening checks that file first, so a foreign or
outdated folder is refused with the fix (rebuild it) instead of being
half-read, and the schema always comes from code, never from the folder.
Only an empty folder or a searchlib index is ever written to.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from searchlib._version import __version__
from searchlib._whoosh.buffers import install_mapped_buffers
from searchlib._whoosh.safe_loading import SafeFileIndex, install_restricted_loaders
from searchlib.analysis import Lexicon
from searchlib.errors import (
    IndexExistsError,
    IndexIncompatibleError,
    IndexNotFoundError,
    IndexStateError,
)
from searchlib.ingest import open_regular
from searchlib.store import documents
from searchlib.store.damage import permission_message
from searchlib.store.layout import (
    ACRONYMS_FILE,
    INDEX_NAME,
    LOCK_FILE,
    METADATA_FILE,
    OVERRIDES_FILE,
    TEMP_DIR,
    foreign_files,
    index_files,
    remove,
)
from searchlib.store.lock import DEFAULT_LOCK_TIMEOUT, held
from searchlib.store.state import read_side_file, write_atomically, write_bytes_atomically

METADATA_FORMAT = "searchlib-index"
# Names quoted when a folder is refused: enough to recognise it.
_NAMES_SHOWN = 3


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
        path = Path(os.path.abspath(os.path.join(self.folder, name)))
        return StructFile(open_regular(path), name=name, **kwargs)

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
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    stories: bool = True,
) -> whoosh_index.Index:
    """A new, empty index in `folder` (replacing an existing one only with `overwrite`).

    With `stories` (the default) its articles are grouped into syndicated
    stories as they are indexed; the choice is kept in the folder's metadata.

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
        raise IndexStateError(f"{folder} is a file, not an index folder", folder=folder)
    word_lists = _word_lists(folder, {OVERRIDES_FILE: overrides, ACRONYMS_FILE: acronyms})
    if folder.is_dir():
        _refuse_foreign_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    storage = IndexStorage(str(folder))
    with held(storage.lock(LOCK_FILE), folder, lock_timeout):
        old_files = index_files(folder)
        if old_files:
            if not overwrite:
                raise IndexExistsError(
                    f"an index already exists at {folder}", "pass overwrite=True to replace it",
                    folder=folder,
                )
            remove(old_files)
        for name, content in word_lists.items():
            write_bytes_atomically(folder / name, content)
        install_restricted_loaders()
        install_mapped_buffers()
        schema = documents.build_schema(index_lexicon(folder), stories=stories)
        whoosh_index.TOC.create(storage, schema, INDEX_NAME)
        _write_metadata(folder, stories)
    return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)


def _refuse_foreign_folder(folder: Path) -> None:
    """IndexStateError unless `folder` is empty or holds a searchlib index."""
    foreign = foreign_files(folder)
    if foreign and not index_exists(folder):
        names = ", ".join(path.name for path in foreign[:_NAMES_SHOWN])
        more = f" and {len(foreign) - _NAMES_SHOWN} more" if len(foreign) > _NAMES_SHOWN else ""
        raise IndexStateError(
            f"{folder} is not a searchlib index and not empty (it holds {names}{more})",
            "choose an empty or new folder for the index",
            folder=folder,
        )


def open_index(folder: Path) -> whoosh_index.Index:
    """The existing index in `folder`, opened with the schema built in code."""
    stories = read_metadata(folder).get("stories") is not False
    install_restricted_loaders()
    install_mapped_buffers()
    try:
        schema = documents.build_schema(index_lexicon(folder), stories=stories)
        return SafeFileIndex(IndexStorage(str(folder)), schema, INDEX_NAME)
    except PermissionError as error:
        raise IndexStateError(permission_message(folder, error), folder=folder) from error
    except Exception as error:  # Whoosh signals damage with many types; the user needs one line.
        raise IndexIncompatibleError(
            f"the index at {folder} cannot be read ({error})", folder=folder, rebuild=True
        ) from error


def read_metadata(folder: Path) -> dict[str, Any]:
    """The folder's `searchlib.json`, checked against this searchlib's schema version."""
    metadata_path = folder / METADATA_FILE
    if not metadata_path.is_file():
        if folder.is_dir() and foreign_files(folder):
            raise IndexIncompatibleError(
                f"{folder} is not a searchlib index (it holds other files)",
                "build the index in an empty or new folder",
                folder=folder,
            )
        if folder.is_dir() and index_files(folder):
            raise IndexIncompatibleError(
                f"{folder} holds an incomplete searchlib index", folder=folder, rebuild=True
            )
        raise IndexNotFoundError(
            f"no index at {folder}", "create one with ArticleIndex.create", folder=folder
        )
    try:
        metadata = json.loads(read_side_file(metadata_path))
        schema_version = metadata["schema_version"]
        index_format = metadata["format"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise IndexIncompatibleError(
            f"the index metadata in {folder} is unreadable", folder=folder, rebuild=True
        ) from error
    if index_format != METADATA_FORMAT or schema_version != documents.SCHEMA_VERSION:
        raise IndexIncompatibleError(
            f"the index at {folder} has schema version {schema_version}, this searchlib needs "
            f"{documents.SCHEMA_VERSION}",
            folder=folder,
            rebuild=True,
        )
    return dict(metadata)


def index_size(folder: Path) -> int:
    """Bytes on disk of everything in the index folder."""
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def _write_metadata(folder: Path, stories: bool) -> None:
    metadata = {
        "format": METADATA_FORMAT,
        "searchlib_version": __version__,
        "schema_version": documents.SCHEMA_VERSION,
        "stories": stories,
    }
    write_atomically(folder / METADATA_FILE, json.dumps(metadata, indent=2) + "\n")
