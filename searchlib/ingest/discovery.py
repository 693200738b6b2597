"""Finding the files to ingest: named files as given, folders walked by file type."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

PAGE_SUFFIXES = frozenset({".txt"})
# Saved web pages: read as HTML whatever they hold (other page files are HTML if they open like it).
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
# What a folder walk picks up; files named explicitly are read whatever their name.
DISCOVERED_SUFFIXES = PAGE_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
# Record files: many articles per file, read a line or row at a time.
RECORD_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to ingest: named files as given, folders walked in sorted order.

    Symlinked folders are followed once (a link back up the tree is not
    walked again); a folder that cannot be listed is yielded itself so that
    reading it reports the problem instead of the walk crashing.
    """
    visited: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, visited)
        else:
            yield path


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in visited:
            return
        visited.add(key)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        yield folder
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_path = Path(entry.path)
        if _is_dir(entry):
            yield from _walk(entry_path, visited)
        elif entry_path.suffix.lower() in DISCOVERED_SUFFIXES:
            yield entry_path


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False
