"""State an index folder keeps between runs, beside the index itself.

`stems.json` holds the stems learned while indexing, so the next run does not
stem the same words again; `sources.json` the record files indexed
completely, so the next run skips them unread while they are unchanged. Both
are plain JSON (never a pickle), written atomically and read defensively: an
absent, unreadable or outdated file is the same as none. The folder's other
side files (metadata, word lists) are written and read the same way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whoosh.util import random_name

from searchlib._version import __version__
from searchlib.analysis import STEM_CACHE_VERSION
from searchlib.ingest import open_regular
from searchlib.store.layout import SOURCES_FILE, STEM_CACHE_FILE


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash leaves the old file or the new one, never half."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write through a partial copy and a rename; a failed write leaves no partial copy."""
    partial = path.with_name(f".{path.name}.{random_name()}")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any) -> None:
    """Write `data` as JSON atomically: a crash leaves the old file or the new one."""
    write_atomically(path, json.dumps(data, ensure_ascii=False))


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


class SourceLog:
    """Record files indexed completely, keyed by path, with size and mtime.

    Written only after the last commit of a run (and atomically), so it never
    claims a file whose articles are not all in the index. Kept per searchlib
    version, since a new version may read the same file differently.
    """

    def __init__(self, folder: Path, files: dict[str, dict[str, int]]) -> None:
        self.folder = folder
        self.files = files

    @classmethod
    def load(cls, folder: Path) -> SourceLog:
        try:
            data = json.loads(read_side_file(folder / SOURCES_FILE))
            files = data["files"] if data.get("searchlib_version") == __version__ else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            files = {}
        return cls(folder, files if isinstance(files, dict) else {})

    @staticmethod
    def signature(path: Path) -> dict[str, int] | None:
        """Size and modification time, taken before the file is read."""
        try:
            info = path.stat()
        except OSError:
            return None
        return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}

    def unchanged(self, path: Path) -> bool:
        entry = self.files.get(str(path))
        signature = self.signature(path)
        return (
            entry is not None
            and signature is not None
            and entry.get("size") == signature["size"]
            and entry.get("mtime_ns") == signature["mtime_ns"]
        )

    def article_count(self, path: Path) -> int:
        return int(self.files[str(path)].get("articles", 0))

    def forget_missing(self) -> None:
        self.files = {name: entry for name, entry in self.files.items() if Path(name).exists()}

    def save(self) -> None:
        payload = {"searchlib_version": __version__, "files": self.files}
        write_json(self.folder / SOURCES_FILE, payload)
