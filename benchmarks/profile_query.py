"""Quick query-latency loop: searchlib against plain Whoosh, interleaved, plus a profile.

bench_query.py is the benchmark of record; this script is for the edit-measure
loop. It keeps its own indexes (``benchmarks/.work/profile-query/``, built
once, reused until ``--rebuild``), runs the query set with searchlib and plain
Whoosh (a) alternately so that a noisy machine slows both alike, and prints
p50/p95 and their ratios, searchlib's time without snippets, and optionally a
cProfile of searchlib's queries.

Usage (from the repository root):

    python benchmarks/profile_query.py                       # IndoSum articles
    python benchmarks/profile_query.py --corpus 10k --rounds 5
    python benchmarks/profile_query.py --profile 30          # + top 30 functions
    python benchmarks/profile_query.py --corpus 10k --searchlib-index COPY   # another index
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path

import _common
import bench_query
import make_corpus

from searchlib import ArticleIndex

Runner = Callable[[bench_query.BenchQuery], int]


def ensure_index(system: str, corpus: Path, rebuild: bool) -> Path:
    """This script's own index of `corpus` for `system` (never shared with bench_query)."""
    index_dir = _common.WORK_DIR / "profile-query" / corpus.stem / system
    marker = index_dir.with_suffix(".built")
    if rebuild or not marker.exists():
        print(f"building the {system} index of {corpus.name} ...", file=sys.stderr, flush=True)
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        _common.run_child(_common.index_worker_argv(system, corpus, index_dir))
        marker.write_text("built\n", encoding="utf-8")
    return index_dir


def searchlib_without_snippets(index_dir: Path) -> tuple[Runner, Callable[[], None]]:
    idx = ArticleIndex.open(index_dir)

    def run(query: bench_query.BenchQuery) -> int:
        filters = {key: getattr(query, key) for key in bench_query.FILTER_KEYS
                   if getattr(query, key)}
        return len(idx.search(query.text, limit=bench_query.TOP_K, snippets=0, **filters).hits)

    return run, idx.close


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="indosum", help="indosum, 10k, 100k or a path")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the searchlib index")
    parser.add_argument(
        "--searchlib-index", type=Path, help="time this searchlib index (e.g. an optimized copy)"
    )
    parser.add_argument("--profile", type=int, default=0, help="show this many functions")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key")
    args = parser.parse_args(argv)
    corpus = make_corpus.resolve_corpus(args.corpus)
    queries = bench_query.load_query_set()
    whoosh_dir = ensure_index("whoosh", corpus, False)
    searchlib_dir = args.searchlib_index or ensure_index("searchlib", corpus, args.rebuild)
    # Timed as bench_query times them: each system in a query server of its own.
    opened = {
        "whoosh": bench_query.served_runner("whoosh", whoosh_dir),
        "searchlib": bench_query.served_runner("searchlib", searchlib_dir),
    }
    without_snippets, close_without = searchlib_without_snippets(searchlib_dir)
    try:
        latencies, _shown = bench_query.interleaved(
            {n: r for n, (r, _) in opened.items()}
            | {"searchlib, no snippets": bench_query.timed(without_snippets)},
            queries,
            args.rounds,
        )
        if args.profile:
            profiler = cProfile.Profile()
            run, close = bench_query.searchlib_runner(searchlib_dir)
            profiler.enable()
            for query in queries:
                run(query)
            profiler.disable()
            close()
    finally:
        for _, close_server in opened.values():
            close_server()
        close_without()
    base = latencies["whoosh"]
    rows = []
    for name, values in latencies.items():
        p50, p95 = _common.percentile(values, 50), _common.percentile(values, 95)
        rows.append([
            name, f"{1000 * p50:.1f}", f"{1000 * p95:.1f}",
            f"{p50 / _common.percentile(base, 50):.2f}x",
            f"{p95 / _common.percentile(base, 95):.2f}x",
        ])
    print(f"\n{len(queries)} queries, {corpus.name}, median of {args.rounds} interleaved rounds")
    _common.print_table(["system", "p50 ms", "p95 ms", "p50/(a)", "p95/(a)"], rows)
    slowest = sorted(zip(latencies["searchlib"], (q.label for q in queries), strict=True))[-5:]
    print("slowest searchlib: " + "; ".join(f"{lab} {1000 * s:.0f} ms" for s, lab in slowest))
    if args.profile:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)


if __name__ == "__main__":
    main(sys.argv[1:])
