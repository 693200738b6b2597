"""The index folder: creating, opening and checking it.

A searchlib index is a Whoosh index plus `searchlib.json`, which records the
searchlib and schema versions. Opening checks that file first, so a foreign or
outdated folder is refused with the fix (`--rebuild`) instead of being
half-read, and the schema always comes from code, never from the folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from searchlib import index
from searchlib._version import __version__
from searchlib.errors import IndexIncompatibleError, IndexNotFoundError, IndexStateError

METADATA_FILE = "searchlib.json"
METADATA_FORMAT = "searchlib-index"
# Files a user may keep in an index folder that are not part of the index.
KEPT_FILES = frozenset({"README.md"})


def index_exists(folder: Path) -> bool:
    return (folder / METADATA_FILE).is_file()


def create_index(folder: Path, *, overwrite: bool = False) -> whoosh_index.Index:
    """A new, empty index in `folder` (replacing an existing one only with `overwrite`)."""
    if folder.exists() and not folder.is_dir():
        raise IndexStateError(f"{folder} is a file, not an index folder")
    if folder.is_dir() and _index_contents(folder):
        if not overwrite:
            raise IndexStateError(
                f"an index already exists at {folder}; use --rebuild to replace it"
            )
        _remove(_index_contents(folder))
    folder.mkdir(parents=True, exist_ok=True)
    whoosh_ix = whoosh_index.FileIndex.create(FileStorage(str(folder)), index.build_schema())
    _write_metadata(folder)
    return whoosh_ix


def open_index(folder: Path) -> whoosh_index.Index:
    """The existing index in `folder`, opened with the schema built in code."""
    read_metadata(folder)
    try:
        return whoosh_index.FileIndex(FileStorage(str(folder)), schema=index.build_schema())
    except Exception as error:  # Whoosh signals damage with many types; the user needs one line.
        raise IndexIncompatibleError(
            f"the index at {folder} cannot be read ({error}); rebuild it with --rebuild"
        ) from error


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
    (folder / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
