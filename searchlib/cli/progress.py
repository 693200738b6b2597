"""A one-line progress display for long indexing runs: articles, rate, ETA.

It redraws at most a few times a second and only on a terminal, so piping the
output or running under cron prints nothing extra. The total is an estimate
made before the run (one article per page file, one per line of a record
file), good enough for an ETA without reading the corpus twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from searchlib.ingest import RECORD_SUFFIXES, discover, open_regular
from searchlib.results import IndexReport

# Redraws per second: smooth to the eye, negligible next to indexing.
REDRAWS_PER_SECOND = 5
# Bytes read at a time when counting record lines.
_COUNT_CHUNK = 1 << 20


def estimate_articles(paths: Iterable[str | Path]) -> int:
    """About how many articles `paths` hold: pages count one, records one per line."""
    total = 0
    for path in discover(paths):
        if path.suffix.lower() in RECORD_SUFFIXES:
            total += _count_lines(path)
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    lines = 0
    try:
        with open_regular(path) as handle:
            while chunk := handle.read(_COUNT_CHUNK):
                lines += chunk.count(b"\n")
    except OSError:
        return 0
    return lines


def format_duration(seconds: float) -> str:
    """`1:02:03`, `2:03` — like most progress bars."""
    whole = max(0, int(round(seconds)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_line(done: int, total: int, elapsed: float) -> str:
    """`1,234/10,000 articles  412/s  ETA 0:21` (total and ETA when known)."""
    rate = done / elapsed if elapsed > 0 else 0.0
    count = f"{done:,}/{total:,}" if total >= done and total else f"{done:,}"
    line = f"{count} articles  {rate:,.0f}/s"
    if total > done and rate > 0:
        line += f"  ETA {format_duration((total - done) / rate)}"
    return line


class ProgressBar:
    """Callable progress callback for the indexer, drawing on `stream`."""

    def __init__(
        self,
        stream: TextIO,
        total: int,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.total = total
        self.clock = clock
        self.started = clock()
        self._next_draw = self.started
        self._width = 0

    def __call__(self, report: IndexReport) -> None:
        now = self.clock()
        if now < self._next_draw:
            return
        self._next_draw = now + 1 / REDRAWS_PER_SECOND
        self._draw(progress_line(report.seen, self.total, now - self.started))

    def _draw(self, line: str) -> None:
        padding = " " * max(0, self._width - len(line))
        self.stream.write(f"\r{line}{padding}")
        self.stream.flush()
        self._width = len(line)

    def clear(self) -> None:
        """Erase the line, so the summary starts on a clean one."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
