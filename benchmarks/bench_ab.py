"""Before and after: two checkouts of searchlib timed in turns, in one run.

A speed change is judged against the code before it, on the same machine in
the same minutes: this script runs an older checkout (``--old DIR``, with its
own ``.venv``) and this one alternately and prints medians and ratios.

  index   ``python -m searchlib index CORPUS -i DIR --quiet`` with each
          checkout's interpreter, ``--repeat`` times each, the order flipped
          every repetition; wall seconds from process start to exit, CPU
          seconds of all processes, index size. ``--whoosh`` adds plain
          Whoosh (bench_index's baseline) to every repetition.
  query   each checkout builds its own index of the corpus through its CLI
          (or takes ``--old-index``/``--new-index``), then answers the query
          set in a process of its own (``_query_server.py``); the two answer
          query by query in turns, ``--rounds`` times after a warm-up; p50
          and p95 of each query's median, and any query whose match count
          differs between the two.

Usage (from the repository root):

    git clone -q . /tmp/old && git -C /tmp/old checkout COMMIT
    python -m venv /tmp/old/.venv && /tmp/old/.venv/bin/pip install -q -e /tmp/old
    python benchmarks/bench_ab.py index --old /tmp/old --repeat 5
    python benchmarks/bench_ab.py query --old /tmp/old --corpus 10k
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import _common
import bench_index
import bench_query
import make_corpus

AB_DIR = _common.WORK_DIR / "ab"


def interpreter(checkout: Path) -> str:
    python = checkout / ".venv" / "bin" / "python"
    if not python.is_file():
        raise SystemExit(f"no virtualenv at {checkout}/.venv (see this script's usage)")
    return str(python)


def index_argv(python: str, corpus: Path, index_dir: Path) -> list[str]:
    """The CLI of the checkout `python` belongs to. ``-P``: without it, ``-m``
    would import the package in the current folder, this checkout's, whatever
    the interpreter."""
    return [python, "-P", "-m", "searchlib", "index", str(corpus), "-i", str(index_dir),
            "--quiet"]  # fmt: skip


def build(python: str, corpus: Path, index_dir: Path) -> dict[str, float]:
    shutil.rmtree(index_dir, ignore_errors=True)
    child = _common.run_child(index_argv(python, corpus, index_dir))
    return {
        "seconds": child.wall_s,
        "cpu_s": child.cpu_s,
        "peak_tree_pss_bytes": float(child.peak_tree_pss_bytes),
        "index_bytes": float(_common.directory_size(index_dir)),
        "load": child.load_before,
    }


def ab_index(args: argparse.Namespace) -> dict[str, Any]:
    corpus = make_corpus.resolve_corpus(args.corpus)
    pythons = {"old": interpreter(args.old), "new": sys.executable}
    order = ["old", "new"]
    runs: dict[str, list[dict[str, float]]] = {"old": [], "new": [], "whoosh": []}
    for repetition in range(args.repeat):
        for version in order:
            print(f"run {repetition + 1}/{args.repeat}: {version} ...", file=sys.stderr, flush=True)
            runs[version].append(build(pythons[version], corpus, AB_DIR / f"index-{version}"))
        if args.whoosh:
            print(f"run {repetition + 1}/{args.repeat}: whoosh ...", file=sys.stderr, flush=True)
            runs["whoosh"].append(
                bench_index.measure_system("whoosh", corpus, AB_DIR / "index-whoosh", None)
            )
        order.reverse()
    medians = {
        version: {key: _common.median([run[key] for run in done]) for key in done[0]}
        for version, done in runs.items()
        if done
    }
    loads = [run["load"] for done in runs.values() for run in done]
    print(f"\n{corpus.name}: median of {args.repeat} alternating runs, start-up included; "
          f"load average {min(loads):.1f} to {max(loads):.1f}")  # fmt: skip
    rows = [[version, f"{v['seconds']:.2f}", f"{v['cpu_s']:.1f}",
             f"{_common.mib(v['peak_tree_pss_bytes']):.0f}", f"{_common.mib(v['index_bytes']):.1f}"]
            for version, v in medians.items()]  # fmt: skip
    _common.print_table(["version", "seconds", "CPU s", "peak MiB (all)", "index MiB"], rows)
    old, new = medians["old"], medians["new"]
    print(f"new/old: throughput {old['seconds'] / new['seconds']:.2f}x, "
          f"CPU {new['cpu_s'] / old['cpu_s']:.2f}x, "
          f"index {new['index_bytes'] / old['index_bytes']:.2f}x")  # fmt: skip
    if "whoosh" in medians:
        for version in ("old", "new"):
            ratio = medians["whoosh"]["seconds"] / medians[version]["seconds"]
            print(f"{version}/(a) plain Whoosh throughput: {ratio:.2f}x")
    return {"corpus": corpus.name, "runs": runs, "medians": medians}


def ab_query(args: argparse.Namespace) -> dict[str, Any]:
    corpus = make_corpus.resolve_corpus(args.corpus)
    pythons = {"old": interpreter(args.old), "new": sys.executable}
    given = {"old": args.old_index, "new": args.new_index}
    index_dirs: dict[str, Path] = {}
    for version, python in pythons.items():
        index_dirs[version] = given[version] or AB_DIR / f"{corpus.stem}-{version}"
        if given[version] is None:
            print(f"building the {version} index of {corpus.name} ...", file=sys.stderr, flush=True)
            build(python, corpus, index_dirs[version])
    queries = bench_query.load_query_set()
    servers = {
        version: bench_query.QueryServer(index_dirs[version], python=pythons[version])
        for version in pythons
    }
    load_before = _common.load_average()
    try:
        totals = {v: [server.ask(q)["total"] for q in queries] for v, server in servers.items()}
        samples: dict[str, list[list[float]]] = {v: [[] for _ in queries] for v in servers}
        order = ["old", "new"]
        for _ in range(args.rounds):
            for number, query in enumerate(queries):
                for version in order:
                    samples[version][number].append(servers[version].ask(query)["seconds"])
                order.reverse()
    finally:
        for server in servers.values():
            server.close()
    load_after = _common.load_average()
    latencies = {v: [_common.median(s) for s in per_query] for v, per_query in samples.items()}
    figures = {
        version: {
            "p50_ms": 1000 * _common.percentile(values, 50),
            "p95_ms": 1000 * _common.percentile(values, 95),
            "mean_ms": 1000 * sum(values) / len(values),
        }
        for version, values in latencies.items()
    }
    print(f"\n{len(queries)} queries on {corpus.name}, median of {args.rounds} rounds, old and new "
          f"in turns; load average {load_before:.1f} before, {load_after:.1f} after")  # fmt: skip
    rows = [[v, f"{f['p50_ms']:.1f}", f"{f['p95_ms']:.1f}", f"{f['mean_ms']:.1f}"]
            for v, f in figures.items()]  # fmt: skip
    _common.print_table(["version", "p50 ms", "p95 ms", "mean ms"], rows)
    old, new = figures["old"], figures["new"]
    p50, p95 = new["p50_ms"] / old["p50_ms"], new["p95_ms"] / old["p95_ms"]
    print(f"new/old: p50 {p50:.2f}x, p95 {p95:.2f}x")
    pairs = zip(queries, totals["old"], totals["new"], strict=True)
    differ = [query.label for query, before, after in pairs if before != after]
    shown = f" ({'; '.join(differ[:5])})" if differ else ""
    print(f"queries whose match count differs: {len(differ)}{shown}")
    return {"corpus": corpus.name, "figures": figures, "differing_totals": differ}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("index", "query"))
    parser.add_argument("--old", type=Path, required=True, help="older checkout with a .venv")
    parser.add_argument("--corpus", default=None, help="indosum (index), 10k (query), ...")
    parser.add_argument("--repeat", type=int, default=5, help="index: runs per version")
    parser.add_argument("--whoosh", action="store_true", help="index: plain Whoosh too")
    parser.add_argument("--rounds", type=int, default=3, help="query: timed rounds per query")
    parser.add_argument("--old-index", type=Path, help="query: the old checkout's index")
    parser.add_argument("--new-index", type=Path, help="query: this checkout's index")
    parser.add_argument("--save", "--json", dest="save", type=Path)
    args = parser.parse_args(argv)
    args.corpus = args.corpus or ("indosum" if args.mode == "index" else "10k")
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    AB_DIR.mkdir(parents=True, exist_ok=True)
    figures = ab_index(args) if args.mode == "index" else ab_query(args)
    _common.finish(f"bench_ab {args.mode}", figures, args.save, None)


if __name__ == "__main__":
    main(sys.argv[1:])
