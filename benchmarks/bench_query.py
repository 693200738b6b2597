"""Query latency benchmark: p50 and p95 of a fixed set of realistic Indonesian
news queries, top 10 with snippets, searchlib against plain Whoosh.

Queries come from ``benchmarks/queries.txt`` (one to five words, some
"phrases", some with outlet and date filters). Corpora: generated IndoSum
recombinations of 10k articles (default) and, with ``--sizes 10k,100k``,
100k articles (see make_corpus.py).

Systems:

  searchlib  ``idx.search(query, limit=10, outlet=..., since=..., until=...)``
             with its default snippets (3 per hit), snippet texts read
  whoosh     (a) plain Whoosh, ``StandardAnalyzer``, one stored text field,
             the query as an OR of its terms (phrases kept), the filters as a
             Whoosh filter query, and ``hit.highlights("body")`` on every hit

Each system answers in a process of its own (``_query_server.py``), which
times each search itself; the systems take turns query by query. Each query
runs once to warm up, then ``--rounds`` times; a query's latency is its median
over the rounds and p50/p95 are taken over the queries. Indexes are
built in a fresh process and cached in ``benchmarks/.work/query-indexes/``,
keyed by corpus and by a digest of the code that built them, so a change to
searchlib rebuilds its index. searchlib's index is built by ``searchlib index``
and searched as that command leaves it (not optimized); plain Whoosh's by its
own writer (``limitmb=256``, one process). Target (issue "Speed at every
size"): searchlib's p50 and p95 <= 1.2x Whoosh's, at 10k and at 100k.

Usage (from the repository root):

    python benchmarks/bench_query.py                      # 10k articles
    python benchmarks/bench_query.py --sizes 10k,100k     # + 100k (long first build)
    python benchmarks/bench_query.py --save before.json
    python benchmarks/bench_query.py --baseline before.json
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import _common
import _systems
import make_corpus

QUERIES_PATH = _common.BENCH_DIR / "queries.txt"
SYSTEMS = ("searchlib", "whoosh")
# Also on request: searchlib's own index searched with collapse=False, for what collapsing
# syndicated copies into stories costs (same index, same run).
FLAT = "searchlib-flat"
SYSTEM_LABELS = {
    "searchlib": "searchlib",
    FLAT: "searchlib, not collapsed",
    "whoosh": "(a) Whoosh + highlights",
}
TOP_K = 10
FILTER_KEYS = ("outlet", "since", "until")
# Issue target: searchlib's p50 and p95 within 1.2x plain Whoosh's, at every size.
LATENCY_TARGET = 1.2
SLOWEST_SHOWN = 5


@dataclass(frozen=True)
class BenchQuery:
    """One line of queries.txt."""

    text: str
    outlet: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive

    @property
    def label(self) -> str:
        filters = [f"{key}={getattr(self, key)}" for key in FILTER_KEYS if getattr(self, key)]
        return " | ".join([self.text, *filters])


def parse_query_line(line: str) -> BenchQuery | None:
    """``text [| key=value]...`` -> BenchQuery; None for blank and comment lines."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    text, *filters = (part.strip() for part in line.split(" | "))
    options: dict[str, str] = {}
    for item in filters:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in FILTER_KEYS or not value:
            raise ValueError(f"bad filter {item!r} in query line {line!r}")
        if key in ("since", "until"):
            date.fromisoformat(value)  # fail early on a malformed date
        options[key] = value
    if not text:
        raise ValueError(f"query line without query text: {line!r}")
    return BenchQuery(text, **options)


def load_query_set(path: Path = QUERIES_PATH) -> list[BenchQuery]:
    with path.open(encoding="utf-8") as lines:
        return [query for line in lines if (query := parse_query_line(line)) is not None]


# ------------------------------------------------------------------- the systems

Runner = Callable[[BenchQuery], int]
# A runner that also reports the seconds its search took: (hits shown, seconds).
TimedRunner = Callable[[BenchQuery], tuple[int, float]]


def whoosh_runner(index_dir: Path) -> tuple[Runner, Callable[[], None]]:
    """A function running one query on plain Whoosh, highlights included."""
    from whoosh import index as whoosh_index
    from whoosh.query import And, DateRange, Term

    # The schema from code: Whoosh may not unpickle it once searchlib opened an index here.
    ix = whoosh_index.open_dir(
        str(index_dir), schema=_systems.article_schema("whoosh", filters=True)
    )
    parser = _systems.or_parser(ix.schema)
    searcher = ix.searcher()

    def run(query: BenchQuery) -> int:
        parts = []
        if query.outlet:
            parts.append(Term("outlet", query.outlet.lower()))
        if query.since or query.until:
            start = datetime.fromisoformat(query.since) if query.since else None
            end = (
                datetime.fromisoformat(query.until) + timedelta(days=1) - timedelta(microseconds=1)
                if query.until
                else None
            )
            parts.append(DateRange("published", start, end))
        restrict = (And(parts) if len(parts) > 1 else parts[0]) if parts else None
        hits = searcher.search(parser.parse(query.text), limit=TOP_K, filter=restrict)
        shown = 0
        for hit in hits:
            hit.highlights("body")
            shown += 1
        return shown

    return run, searcher.close


def searchlib_runner(
    index_dir: Path, collapse: bool = True
) -> tuple[Runner, Callable[[], None]]:
    """A function running one query through searchlib's public API."""
    from searchlib import ArticleIndex

    idx = ArticleIndex.open(index_dir)

    def run(query: BenchQuery) -> int:
        filters = {key: getattr(query, key) for key in FILTER_KEYS if getattr(query, key)}
        results = idx.search(query.text, limit=TOP_K, collapse=collapse, **filters)
        shown = 0
        for hit in results.hits:
            for snippet in hit.snippets:
                len(snippet.text)
            shown += 1
        return shown

    return run, idx.close


# Runners for the process that calls them (the query server's, a profile's).
IN_PROCESS_RUNNERS: dict[str, Callable[[Path], tuple[Runner, Callable[[], None]]]] = {
    "searchlib": searchlib_runner,
    FLAT: lambda index_dir: searchlib_runner(index_dir, collapse=False),
    "whoosh": whoosh_runner,
}
QUERY_SERVER = _common.BENCH_DIR / "_query_server.py"


class QueryServer:
    """One system answering queries in a process of its own (``_query_server.py``).

    Each system gets a clean interpreter: searchlib routes Whoosh's file reads
    and pickle loads through its own safe loaders when it opens an index, and
    plain Whoosh searched in the same process would run on them, not as plain
    Whoosh. Each answer carries the seconds its search took, timed in the
    server, so the pipe between the processes is not part of the figure.
    """

    def __init__(
        self, index_dir: Path, system: str | None = None, python: str = sys.executable
    ) -> None:
        """`system` (None: searchlib's default, answers with its "total") searching
        `index_dir`, run by the interpreter `python` (bench_ab: another checkout's)."""
        self.proc = subprocess.Popen(
            [python, str(QUERY_SERVER), str(index_dir), *([system] if system else [])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_common.user_env(),
        )  # fmt: skip
        self._read()  # ready

    def _read(self) -> dict[str, Any]:
        stdout = self.proc.stdout
        assert stdout is not None
        line = stdout.readline()
        if not line:
            raise RuntimeError("query server stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, query: BenchQuery) -> dict[str, Any]:
        """{"seconds": ..., "hits": ...} for `query`, and "total" from searchlib's default."""
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(json.dumps(dataclasses.asdict(query)) + "\n")
        stdin.flush()
        return self._read()

    def run(self, query: BenchQuery) -> tuple[int, float]:
        answer = self.ask(query)
        return int(answer["hits"]), float(answer["seconds"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def served_runner(system: str, index_dir: Path) -> tuple[TimedRunner, Callable[[], None]]:
    """`system` searching `index_dir` in a query server of its own."""
    server = QueryServer(index_dir, system)
    return server.run, server.close


def timed(run: Runner) -> TimedRunner:
    """`run` timed in this process."""

    def timed_run(query: BenchQuery) -> tuple[int, float]:
        started = time.perf_counter()
        shown = run(query)
        return shown, time.perf_counter() - started

    return timed_run


# What the benchmarks time: every system in a process of its own.
RUNNERS: dict[str, Callable[[Path], tuple[TimedRunner, Callable[[], None]]]] = {
    system: functools.partial(served_runner, system) for system in IN_PROCESS_RUNNERS
}
# The index each system searches, by the system that builds it.
INDEX_OF = {FLAT: "searchlib"}


def interleaved(
    runners: dict[str, TimedRunner], queries: list[BenchQuery], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[int]]]:
    """Per system, per query: median seconds over `rounds` after one warm-up, and
    the hits each query showed.

    The systems take turns query by query (in alternating order from round to
    round), so a busy spell of the shared machine slows them alike.
    """
    shown = {name: [run(query)[0] for query in queries] for name, run in runners.items()}
    samples: dict[str, list[list[float]]] = {name: [[] for _ in queries] for name in runners}
    order = list(runners.items())
    for _ in range(rounds):
        for number, query in enumerate(queries):
            for name, run in order:
                samples[name][number].append(run(query)[1])
        order.reverse()
    medians = {name: [_common.median(v) for v in values] for name, values in samples.items()}
    return medians, shown


def latency_figures(latencies: list[float], shown: list[int]) -> dict[str, float]:
    return {
        "p50_ms": 1000 * _common.percentile(latencies, 50),
        "p95_ms": 1000 * _common.percentile(latencies, 95),
        "mean_ms": 1000 * sum(latencies) / len(latencies),
        "max_ms": 1000 * max(latencies),
        "queries_without_hits": sum(1 for count in shown if count == 0),
    }


def bench_size(
    size: str, systems: list[str], queries: list[BenchQuery], args: argparse.Namespace
) -> dict[str, Any]:
    corpus = make_corpus.resolve_corpus(size, args.seed)
    rounds = args.rounds
    figures: dict[str, Any] = {"corpus": corpus.name, "systems": {}}
    index_dirs = {
        system: _common.cached_index(
            "query-indexes",
            INDEX_OF.get(system, system),
            corpus,
            rebuild=args.rebuild,
            keep=args.keep_index,
        )
        for system in systems
    }
    opened = {system: RUNNERS[system](index_dirs[system]) for system in systems}
    figures["load_before"] = _common.load_average()
    try:
        latencies, shown = interleaved(
            {system: run for system, (run, _) in opened.items()}, queries, rounds
        )
    finally:
        for _, close in opened.values():
            close()
    figures["load_after"] = _common.load_average()
    slowest: dict[str, list[tuple[float, str]]] = {}
    for system in systems:
        figures["systems"][system] = latency_figures(latencies[system], shown[system])
        ranked = sorted(
            zip(latencies[system], (q.label for q in queries), strict=True), reverse=True
        )
        slowest[system] = ranked[:SLOWEST_SHOWN]
    found = figures["systems"]
    if "searchlib" in found and "whoosh" in found:
        figures["ratios"] = {
            key: found["searchlib"][key] / found["whoosh"][key] for key in ("p50_ms", "p95_ms")
        }
    if "searchlib" in found and FLAT in found:
        figures["collapse_ratios"] = {
            key: found["searchlib"][key] / found[FLAT][key] for key in ("p50_ms", "p95_ms")
        }
    print_size(size, figures, slowest, len(queries), rounds)
    return figures


def print_size(
    size: str,
    figures: dict[str, Any],
    slowest: dict[str, list[tuple[float, str]]],
    query_count: int,
    rounds: int,
) -> None:
    print(
        f"\n{query_count} queries, top {TOP_K} with snippets, {figures['corpus']} ({size}), "
        f"median of {rounds} interleaved rounds per query"
    )
    if "load_before" in figures:
        print(
            f"load average: {figures['load_before']:.1f} before, "
            f"{figures['load_after']:.1f} after"
        )
    header = ["system", "p50 ms", "p95 ms", "mean ms", "max ms", "no hits"]
    rows = [
        [SYSTEM_LABELS[system], f"{v['p50_ms']:.1f}", f"{v['p95_ms']:.1f}", f"{v['mean_ms']:.1f}",
         f"{v['max_ms']:.1f}", v["queries_without_hits"]]
        for system, v in figures["systems"].items()
    ]  # fmt: skip
    _common.print_table(header, rows)
    if "ratios" in figures:
        p50, p95 = figures["ratios"]["p50_ms"], figures["ratios"]["p95_ms"]
        verdict = "met" if max(p50, p95) <= LATENCY_TARGET else "NOT met"
        print(
            f"searchlib/(a): p50 {p50:.2f}x, p95 {p95:.2f}x "
            f"(target <= {LATENCY_TARGET}x for both: {verdict})"
        )
    if "collapse_ratios" in figures:
        ratios = figures["collapse_ratios"]
        print(
            f"collapsed by story / not collapsed: p50 {ratios['p50_ms']:.2f}x, "
            f"p95 {ratios['p95_ms']:.2f}x"
        )
    for system, entries in slowest.items():
        listed = "; ".join(f"{label} {1000 * seconds:.0f} ms" for seconds, label in entries)
        print(f"slowest {system}: {listed}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10k", help="comma-separated corpus sizes, e.g. 10k,100k"
    )
    parser.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED)
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS),
        help=f"of {', '.join((*SYSTEMS, FLAT))} ({FLAT}: searchlib's index, not collapsed)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per query (median)")
    parser.add_argument("--queries", type=Path, default=QUERIES_PATH)
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached indexes")
    parser.add_argument(
        "--keep-index", action="store_true", help="use a cached index even if the code changed"
    )
    parser.add_argument("--save", "--json", dest="save", type=Path)
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args(argv)
    args.systems = _common.listed(parser, args.systems, (*SYSTEMS, FLAT), "system")
    args.sizes = [s for s in args.sizes.split(",") if s]
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    queries = load_query_set(args.queries)
    figures = {size: bench_size(size, args.systems, queries, args) for size in args.sizes}
    _common.finish("bench_query", figures, args.save, args.baseline)


if __name__ == "__main__":
    main(sys.argv[1:])
