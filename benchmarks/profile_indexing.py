"""Where indexing time goes, and what the writer settings cost.

Runs searchlib's indexer in this process (jobs=1, so CPU time is all in one
place) over a corpus and prints CPU seconds for each setting tried:

- ``--batches 500,1000,5000``: articles per commit (crash loss vs. commit and
  merge cost);
- ``--profile``: a cProfile of one run, own time grouped by stage
  (ingest, analysis, Whoosh writer, commit) and the top functions;
- ``--mpwriter``: searchlib's pipeline (worker pool, one writer) against
  Whoosh's own multiprocessing writer (``MpWriter``, documents analysed and
  written by sub-writers, merged at commit), both with 2 processes and one
  commit, CPU of all processes and wall time.

Usage (from the repository root):

    python benchmarks/profile_indexing.py --batches 500,1000,5000
    python benchmarks/profile_indexing.py --profile --limit 1000
    python benchmarks/profile_indexing.py --mpwriter --batches 100000
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _common

from searchlib import store
from searchlib.analysis.stemming import clear_stem_cache
from searchlib.indexing import index_paths

# Own-time areas of the profile, by the file a function lives in.
AREAS = (
    ("searchlib/ingest", "ingest (parse records/pages)"),
    ("searchlib/analysis", "analysis (tokenise, stop, stem)"),
    ("Sastrawi", "Sastrawi (new stems)"),
    ("whoosh/analysis", "Whoosh analysis chain"),
    ("whoosh/formats", "Whoosh postings encoding"),
    ("whoosh/codec", "Whoosh segment writing (commit)"),
    ("whoosh/filedb", "Whoosh file I/O"),
    ("whoosh", "Whoosh other"),
    ("searchlib", "searchlib indexer"),
)


def head(corpus: Path, limit: int | None, workdir: Path) -> Path:
    if not limit:
        return corpus
    path = workdir / f"head{limit}.jsonl"
    with corpus.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if number >= limit:
                break
            out.write(line)
    return path


def build(corpus: Path, folder: Path, batch: int) -> tuple[float, int]:
    """CPU seconds of one fresh build (cold stem cache) and the segments left."""
    shutil.rmtree(folder, ignore_errors=True)
    clear_stem_cache()
    whoosh_ix = store.create_index(folder)
    started = os.times()
    index_paths(whoosh_ix, [corpus], jobs=1, batch_size=batch)
    ended = os.times()
    return ended.user + ended.system - started.user - started.system, len(whoosh_ix._segments())


def build_with(corpus: Path, folder: Path, use_mpwriter: bool) -> tuple[float, float]:
    """(CPU seconds of all processes, wall seconds) of one 2-process build, one commit."""
    from whoosh.multiproc import MpWriter

    from searchlib.ingest import Article, ingest
    from searchlib.store import documents

    shutil.rmtree(folder, ignore_errors=True)
    clear_stem_cache()
    whoosh_ix = store.create_index(folder)
    started, wall = os.times(), time.monotonic()
    if use_mpwriter:
        # MpWriter hands job files to its sub-writers through Whoosh's shared
        # temp folder, so it needs Whoosh's own storage, not searchlib's.
        from whoosh import index as whoosh_index

        plain_ix = whoosh_index.create_in(str(folder), documents.build_schema())
        writer = MpWriter(plain_ix, procs=2, batchsize=64, limitmb=128)
        for event in ingest([corpus]):
            if isinstance(event, Article):
                writer.add_document(**documents.to_document(event))
        writer.commit()
    else:
        index_paths(whoosh_ix, [corpus], jobs=2, batch_size=10**9)
    ended = os.times()
    cpu = sum(ended[:4]) - sum(started[:4])
    return cpu, time.monotonic() - wall


def area(filename: str) -> str:
    for marker, label in AREAS:
        if marker in filename:
            return label
    return "Python stdlib and builtins"


def profile(corpus: Path, folder: Path, batch: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    build(corpus, folder, batch)
    profiler.disable()
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = {}
    for (filename, _line, _function), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[area(filename)] = totals.get(area(filename), 0.0) + row[2]
    whole = sum(totals.values())
    print(f"\nOwn time by area (cProfile, jobs=1, batch {batch}):")
    for label, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {seconds:8.2f} s {100 * seconds / whole:5.1f}%  {label}")
    stats.sort_stats("tottime").print_stats(15)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=_common.INDOSUM_PATH)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--batches", default="1000", help="comma-separated batch sizes")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--mpwriter", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="searchlib-profile-") as scratch:
        workdir = Path(scratch)
        corpus = head(args.corpus, args.limit, workdir)
        print(f"corpus: {corpus.name}, jobs=1, CPU seconds of a fresh build (cold stems)")
        for batch in (int(size) for size in args.batches.split(",")):
            started = time.monotonic()
            cpu, segments = build(corpus, workdir / "index", batch)
            print(f"  batch {batch:>6}: {cpu:7.1f} CPU s  {time.monotonic() - started:7.1f} s wall"
                  f"  {segments} segments")
        if args.mpwriter:
            for label, use_mpwriter in (("pool + one writer", False), ("Whoosh MpWriter", True)):
                cpu, wall = build_with(corpus, workdir / "index", use_mpwriter)
                print(f"  {label:<18} jobs=2: {cpu:7.1f} CPU s (all processes)  {wall:7.1f} s wall")
        if args.profile:
            profile(corpus, workdir / "index", int(args.batches.split(",")[0]))


if __name__ == "__main__":
    main(sys.argv[1:])
