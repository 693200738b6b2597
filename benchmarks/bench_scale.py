"""The scale curve: what building, searching and updating cost at 10k, 100k and
1M articles, searchlib next to plain Whoosh.

For each size a corpus of recombined real IndoSum paragraphs is generated
(make_corpus.py) and, per system, each step runs as a user would run it, in a
fresh process timed from start to exit:

  build        searchlib: ``searchlib index CORPUS_DIR -i INDEX --quiet``, the
               corpus folder holding one JSONL file; (a) plain Whoosh:
               ``_index_worker.py whoosh`` (StandardAnalyzer, id + stored body
               + outlet and date for the filtered queries, ``limitmb=256``)
  queries      benchmarks/queries.txt, top 10 with snippets, p50/p95 of each
               query's median over ``--rounds`` (bench_query's runners: each
               system in a query server of its own, the systems taking turns
               query by query), on the index as the build left it
  add 1%       a second JSONL file of new articles (1% of the size, other ids)
               dropped into the corpus folder and ``searchlib index`` run
               again on the folder (the first file is skipped unread, as its
               size and date are unchanged); plain Whoosh adds the same
               articles with one more writer commit

Figures: build seconds (start-up included) and CPU seconds of all processes,
peak memory of all processes (sampled PSS of the process tree: searchlib's
workers included) and of the largest one (RSS), index size on disk, segments
left, query p50/p95, and the add-1% seconds. Plain Whoosh runs at the sizes
of ``--whoosh-sizes`` (default 10k and 100k; 1M would take it most of a day).

Indexes are kept in ``benchmarks/.work/scale/`` with a record of their build,
so ``--reuse`` re-measures queries without rebuilding (the 1M build takes
hours). ``--markdown`` prints the table for docs/scale.md.

Usage (from the repository root):

    python benchmarks/bench_scale.py                         # 10k and 100k
    python benchmarks/bench_scale.py --sizes 1m --save scale-1m.json
    python benchmarks/bench_scale.py --sizes 10k,100k,1m --reuse --markdown
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import _common
import bench_query
import make_corpus

SYSTEMS = ("searchlib", "whoosh")
SYSTEM_LABELS = {"searchlib": "searchlib", "whoosh": "(a) plain Whoosh"}
SCALE_DIR = _common.WORK_DIR / "scale"
# The incremental step adds this share of the size as new articles.
ADDED_SHARE = 0.01
# Seed offset of the added articles' corpus: same paragraphs, other ids (gen<seed>-<n>).
ADDED_SEED_OFFSET = 1000
# The corpus file inside a size's corpus folder, and the added one (after it in name order).
CORPUS_FILE = "part-000.jsonl"
ADDED_FILE = "part-001.jsonl"
# Whoosh segment files: one `.seg` per segment.
SEGMENT_GLOB = "*.seg"


def size_dir(articles: int, seed: int) -> Path:
    return SCALE_DIR / f"{articles}-seed{seed}"


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` without copying gigabytes when the disk allows a hard link."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def child_figures(child: _common.ChildRun) -> dict[str, float]:
    return {
        "seconds": child.wall_s,
        "cpu_s": child.cpu_s,
        "peak_tree_pss_bytes": float(child.peak_tree_pss_bytes),
        "peak_rss_bytes": float(child.peak_rss_bytes),
        "load": child.load_before,
    }


def build(system: str, articles: int, seed: int, reuse: bool) -> dict[str, Any]:
    """Build one system's index of one size (or reuse the recorded build)."""
    folder = size_dir(articles, seed) / system
    record = folder / "build.json"
    if reuse and record.is_file():
        built: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
        plus = " (with the 1% added)" if "add" in built else ""
        print(f"reusing the {system} index of {articles:,} articles{plus}", file=sys.stderr)
        return {key: value for key, value in built.items() if key != "add"}
    shutil.rmtree(folder, ignore_errors=True)
    corpus_dir, index_dir = folder / "corpus", folder / "index"
    link_or_copy(make_corpus.ensure_corpus(articles, seed), corpus_dir / CORPUS_FILE)
    source = corpus_dir if system == "searchlib" else corpus_dir / CORPUS_FILE
    print(f"building the {system} index of {articles:,} articles ...", file=sys.stderr, flush=True)
    child = _common.run_child(_common.indexing_argv(system, source, index_dir, filters=True))
    built = child_figures(child) | index_figures(index_dir)
    record.write_text(json.dumps(built) + "\n", encoding="utf-8")
    return built


def index_figures(index_dir: Path) -> dict[str, float]:
    return {
        "index_bytes": float(_common.directory_size(index_dir)),
        "segments": float(len(list(index_dir.glob(SEGMENT_GLOB)))),
    }


def add_one_percent(system: str, articles: int, seed: int) -> dict[str, float]:
    """Add 1% new articles to a built index, as the next day's run would.

    The figures are kept in the build's record: the index now holds the added
    articles, and a later --reuse run reports them instead of adding again.
    """
    folder = size_dir(articles, seed) / system
    record = folder / "build.json"
    built = json.loads(record.read_text(encoding="utf-8"))
    if "add" in built:
        print(f"reusing the add-1% run of the {system} index", file=sys.stderr)
        return dict(built["add"])
    corpus_dir, index_dir = folder / "corpus", folder / "index"
    count = max(1, round(articles * ADDED_SHARE))
    added = make_corpus.ensure_corpus(count, seed + ADDED_SEED_OFFSET)
    link_or_copy(added, corpus_dir / ADDED_FILE)
    source = corpus_dir if system == "searchlib" else corpus_dir / ADDED_FILE
    print(f"adding 1% to the {system} index of {articles:,} ...", file=sys.stderr, flush=True)
    child = _common.run_child(
        _common.indexing_argv(system, source, index_dir, filters=True, update=True)
    )
    figures = child_figures(child)
    after = index_figures(index_dir)
    figures["segments_after"] = after["segments"]
    record.write_text(json.dumps(built | {"add": figures}) + "\n", encoding="utf-8")
    return figures


def query_figures(
    articles: int, seed: int, systems: list[str], rounds: int
) -> dict[str, dict[str, float]]:
    """p50/p95 of the query set on each system's index, the systems taking turns."""
    queries = bench_query.load_query_set()
    opened = {
        system: bench_query.RUNNERS[system](size_dir(articles, seed) / system / "index")
        for system in systems
    }
    load = _common.load_average()
    try:
        latencies, shown = bench_query.interleaved(
            {system: run for system, (run, _) in opened.items()}, queries, rounds
        )
    finally:
        for _, close in opened.values():
            close()
    return {
        system: bench_query.latency_figures(latencies[system], shown[system]) | {"load": load}
        for system in systems
    }


def measure_size(label: str, systems: list[str], args: argparse.Namespace) -> dict[str, Any]:
    articles = make_corpus.parse_count(label)
    results: dict[str, dict[str, Any]] = {}
    for system in systems:
        results[system] = {"build": build(system, articles, args.seed, args.reuse)}
    for system, figures in query_figures(articles, args.seed, systems, args.rounds).items():
        results[system]["queries"] = figures
    if not args.no_add:
        for system in systems:
            results[system]["add"] = add_one_percent(system, articles, args.seed)
    return {"articles": articles, "systems": results}


def print_size(label: str, figures: dict[str, Any]) -> None:
    print(f"\n{figures['articles']:,} articles ({label})")
    header = ["system", "build s", "CPU s", "peak MiB (all)", "peak MiB (largest)", "index MiB",
              "segments", "p50 ms", "p95 ms", "add 1% s"]  # fmt: skip
    _common.print_table(header, [row(system, v) for system, v in figures["systems"].items()])
    loads = [
        step["load"] for v in figures["systems"].values() for step in v.values() if "load" in step
    ]
    print(f"load average before the steps: {min(loads):.1f} to {max(loads):.1f}")
    systems = figures["systems"]
    if "searchlib" in systems and "whoosh" in systems:
        ours, theirs = systems["searchlib"], systems["whoosh"]
        parts = [
            f"build throughput {theirs['build']['seconds'] / ours['build']['seconds']:.2f}x",
            f"p50 {ours['queries']['p50_ms'] / theirs['queries']['p50_ms']:.2f}x",
            f"p95 {ours['queries']['p95_ms'] / theirs['queries']['p95_ms']:.2f}x",
        ]
        print("searchlib/(a): " + ", ".join(parts))


def row(system: str, v: dict[str, Any]) -> list[str]:
    build, queries, add = v["build"], v["queries"], v.get("add")
    return [
        SYSTEM_LABELS[system],
        f"{build['seconds']:.1f}",
        f"{build['cpu_s']:.1f}",
        f"{_common.mib(build['peak_tree_pss_bytes']):.0f}",
        f"{_common.mib(build['peak_rss_bytes']):.0f}",
        f"{_common.mib(build['index_bytes']):.0f}",
        f"{build['segments']:.0f}",
        f"{queries['p50_ms']:.1f}",
        f"{queries['p95_ms']:.1f}",
        f"{add['seconds']:.1f}" if add else "-",
    ]


def print_markdown(all_figures: dict[str, Any]) -> None:
    header = ["articles", "system", "build s", "CPU s", "peak MiB, all processes",
              "peak MiB, largest", "index MiB", "segments", "p50 ms", "p95 ms",
              "add 1%: s"]  # fmt: skip
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for label, figures in all_figures.items():
        for system, values in figures["systems"].items():
            print(f"| {label} | " + " | ".join(row(system, values)) + " |")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated, e.g. 10k,100k,1m")
    parser.add_argument("--whoosh-sizes", default="10k,100k", help="sizes plain Whoosh runs at")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED)
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per query (median)")
    parser.add_argument("--reuse", action="store_true", help="reuse indexes built before")
    parser.add_argument("--no-add", action="store_true", help="skip the add-1%% step")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--save", "--json", dest="save", type=Path)
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args(argv)
    args.systems = _common.listed(parser, args.systems, SYSTEMS, "system")
    args.sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    args.whoosh_sizes = {s.strip().lower() for s in args.whoosh_sizes.split(",") if s.strip()}
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    all_figures: dict[str, Any] = {}
    for label in args.sizes:
        systems = [s for s in args.systems if s != "whoosh" or label in args.whoosh_sizes]
        all_figures[label] = measure_size(label, systems, args)
        print_size(label, all_figures[label])
    if args.markdown:
        print_markdown(all_figures)
    _common.finish("bench_scale", all_figures, args.save, args.baseline)


if __name__ == "__main__":
    main(sys.argv[1:])
