"""State an index folder keeps between runs, beside the index itself.

`stems.json` holds the stems learned while indexing, so the next run does not
stem the same words again. It is plain JSON (never a pickle), written
atomically and read defensively: an absent, unreadable or outdated file is
the same as none.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from searchlib.analysis import STEM_CACHE_VERSION
from searchlib.store.folder import write_atomically

# Stems learned while indexing, carried to the next run (plain JSON, never a pickle).
STEM_CACHE_FILE = "stems.json"


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
    write_atomically(path, json.dumps(data, ensure_ascii=False))
