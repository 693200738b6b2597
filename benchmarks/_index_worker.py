"""Index one corpus with one system, in a process of its own, and report as JSON.

Run by bench_index, bench_incremental and ``_common.cached_index`` (the index
cache of bench_query, bench_news and bench_relevance) through
``_common.run_child``, so that every system starts from a fresh interpreter and
its peak memory is measured alone. The last line of stdout is a JSON object:
``seconds`` (the indexing call only, imports excluded) plus what the system
reports.

    python benchmarks/_index_worker.py SYSTEM CORPUS INDEX_DIR [--update] [--jobs N]
        [--filters] [--profile FILE]

SYSTEM is ``searchlib``, ``whoosh`` (plain StandardAnalyzer), ``snowball``
(Whoosh + PyStemmer's Snowball Indonesian) or ``naive`` (Whoosh + uncached
Sastrawi on every token). ``--update`` re-runs searchlib's ``add`` on an
existing index instead of creating a new one (with a Whoosh system, adds the
corpus's articles to the existing index). ``--filters`` gives the Whoosh
systems the outlet and date fields that filtered queries need.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import json
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import _systems

WORKER_SYSTEMS = ("searchlib", "whoosh", "snowball", "naive")
# The naive pipeline is the Sastrawi comparison system of _systems.
WHOOSH_ANALYZERS = {"whoosh": "whoosh", "snowball": "snowball", "naive": "sastrawi"}


def supported_kwargs(function: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `wanted` that `function` accepts."""
    parameters = inspect.signature(function).parameters
    return {name: value for name, value in wanted.items() if name in parameters}


def index_with_searchlib(
    corpus: Path, index_dir: Path, update: bool, jobs: int | None
) -> dict[str, Any]:
    from searchlib import ArticleIndex

    opened = (
        ArticleIndex.open(index_dir) if update else ArticleIndex.create(index_dir, overwrite=True)
    )
    with opened as idx:
        started = time.perf_counter()
        report = idx.add([str(corpus)], **supported_kwargs(idx.add, {"jobs": jobs}))
        seconds = time.perf_counter() - started
    counts = {
        name: getattr(report, name, None)
        for name in ("added", "updated", "skipped", "removed", "failed")
    }
    return {"seconds": seconds, **counts}


def index_with_whoosh(
    system: str, corpus: Path, index_dir: Path, filters: bool, update: bool
) -> dict[str, Any]:
    started = time.perf_counter()
    if update:
        articles, text_bytes = _systems.add_articles(
            index_dir, WHOOSH_ANALYZERS[system], corpus, filters
        )
    else:
        shutil.rmtree(index_dir, ignore_errors=True)
        articles, text_bytes = _systems.index_articles(
            index_dir, WHOOSH_ANALYZERS[system], corpus, filters
        )
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "added": articles, "text_bytes": text_bytes}


def cpu_split() -> dict[str, float]:
    """CPU seconds of this process and of its reaped workers: shows whether
    parallel work really leaves the main process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "main_cpu_s": own.ru_utime + own.ru_stime,
        "workers_cpu_s": workers.ru_utime + workers.ru_stime,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.system == "searchlib":
        result = index_with_searchlib(args.corpus, args.index_dir, args.update, args.jobs)
    else:
        result = index_with_whoosh(
            args.system, args.corpus, args.index_dir, args.filters, args.update
        )
    return result | cpu_split()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("system", choices=WORKER_SYSTEMS)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--filters", action="store_true", help="Whoosh: outlet and date fields")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the run here")
    args = parser.parse_args(argv)
    if args.profile is None:
        result = run(args)
    else:
        profiler = cProfile.Profile()
        result = profiler.runcall(run, args)
        profiler.dump_stats(str(args.profile))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
