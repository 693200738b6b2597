"""What an index folder holds: the names searchlib and Whoosh give its files.

A rebuild deletes what an index put in the folder and nothing else, and a
folder holding anything else is not taken for an index; both rest on telling
the index's files (TOCs, segment files, the lock, the side files and their
partial copies, writers' scratch folders) from a user's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

METADATA_FILE = "searchlib.json"
# A user's own word lists, kept in the index folder (formats in searchlib.analysis.lexicon).
OVERRIDES_FILE = "overrides.txt"
ACRONYMS_FILE = "acronyms.txt"
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
# The lock file Whoosh makes for WRITE_LOCK.
LOCK_FILE = f"{INDEX_NAME}_{WRITE_LOCK}"
# A TOC whose rename was cut short by a crash: `_MAIN_<gen>.toc.<time>`.
STALE_TOC = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\..+$")
# The side files searchlib writes, each atomically through `.<name>.<random>`.
_SIDE_FILES = (METADATA_FILE, STEM_CACHE_FILE, SOURCES_FILE, OVERRIDES_FILE, ACRONYMS_FILE)
# Every name searchlib and Whoosh give a file in an index folder: TOCs (also
# half-renamed ones), segment files (`MAIN_<segment id>.<ext>`, the pattern
# Whoosh's own clean-up uses), the lock file, the side files and their
# partial copies. A rebuild deletes these and nothing else.
_SIDE_NAMES = "|".join(re.escape(name) for name in _SIDE_FILES)
INDEX_FILE = re.compile(
    rf"^(?:_{INDEX_NAME}_[0-9]+\.toc(?:\..+)?"
    rf"|{INDEX_NAME}_[0-9a-z]+\.[A-Za-z0-9_.]+"
    rf"|{LOCK_FILE}"
    rf"|\.(?:{_SIDE_NAMES})\.[0-9a-z]+"
    rf"|(?:{_SIDE_NAMES}))$"
)
# A writer's scratch folder inside TEMP_DIR: `<name>-<pid>-<random>` (tempfile.mkdtemp).
_SCRATCH = re.compile(r"^.+-[0-9]+-[0-9a-z_]+$")


def index_files(folder: Path) -> list[Path]:
    """What an index put in `folder` (its lock file aside), and nothing a user put there."""
    found = []
    for path in folder.iterdir():
        if path.name == TEMP_DIR and path.is_dir() and not path.is_symlink():
            found.extend(scratch_folders(path))
        elif INDEX_FILE.match(path.name) and path.name != LOCK_FILE:
            found.append(path)
    return found


def foreign_files(folder: Path) -> list[Path]:
    """Entries of `folder` that no index creates (README.md, which users keep there, aside)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.name not in KEPT_FILES
        and not INDEX_FILE.match(path.name)
        and not (path.name == TEMP_DIR and path.is_dir() and not path.is_symlink())
    )


def scratch_folders(temp_dir: Path) -> list[Path]:
    """The writers' scratch folders inside `temp_dir` (TEMP_DIR of an index folder)."""
    return [path for path in temp_dir.iterdir() if _SCRATCH.match(path.name)]


def remove(paths: list[Path]) -> None:
    """Delete these files and folders (a symlink itself, never what it points to)."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
