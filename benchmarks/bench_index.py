"""Indexing benchmark: throughput, memory and disk of searchlib against plain
Whoosh and the naive Whoosh + Sastrawi pipeline, on the same text in the same run.

Systems (each run as a fresh process, timed from its start to its exit, so
interpreter start-up and imports count):

  searchlib  the command a user runs: ``python -m searchlib index CORPUS -i DIR
             --quiet`` with the default jobs (all cores)
  whoosh     (a) plain Whoosh: ``StandardAnalyzer``, the id and one stored body
             field, Whoosh's writer with ``limitmb=256``, one process
             (``_index_worker.py whoosh``)
  naive      (b) the same plus an uncached ``Sastrawi.Stemmer.Stemmer.stem()``
             on every token, as in the usual student search engines

The systems alternate within each repetition, so a busy spell of the shared
machine slows them alike; the load average before each run is reported.
Figures per system (median over ``--repeat`` runs): articles/s, MB/s of
article text (the UTF-8 bytes of the ``text`` field), peak RSS of the largest
process (kernel ``ru_maxrss``), peak PSS summed over the process tree (sampled;
it includes searchlib's worker processes), CPU seconds (all processes; the main
process's share sampled) and index size on disk. The ratios searchlib/(a) and
searchlib/(b) are of throughput. Targets: >= 1.0x (a) on IndoSum and at 10k
(issue "Speed at every size"), >= 3x (b), peak memory under 1 GB at 100k.

Usage (from the repository root):

    python benchmarks/bench_index.py                          # IndoSum, 3,463 articles
    python benchmarks/bench_index.py --corpus 10k --repeat 3
    python benchmarks/bench_index.py --corpus 100k --systems searchlib,whoosh
    python benchmarks/bench_index.py --profile                # + cProfile of searchlib, jobs=1
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common
import make_corpus

SYSTEMS = ("searchlib", "whoosh", "naive")
SYSTEM_LABELS = {
    "searchlib": "searchlib",
    "whoosh": "(a) Whoosh StandardAnalyzer",
    "naive": "(b) Whoosh + uncached Sastrawi",
}
THROUGHPUT_TARGETS = {"whoosh": 1.0, "naive": 3.0}
# Issue target: peak RSS while indexing 100k articles under 1 GB.
MEMORY_TARGET_BYTES = 1024**3
PROFILE_LINES = 30


def corpus_stats(path: Path) -> tuple[int, int]:
    """(articles, UTF-8 bytes of their text fields) of a JSONL corpus."""
    articles = text_bytes = 0
    for record in _common.read_jsonl(path):
        articles += 1
        text_bytes += len((record.get("text") or "").encode("utf-8"))
    return articles, text_bytes


def head_corpus(path: Path, limit: int) -> Path:
    """The first `limit` records of a corpus as a file of their own (cached)."""
    head = _common.WORK_DIR / f"{path.stem}-head{limit}.jsonl"
    if not head.exists():
        with path.open(encoding="utf-8") as lines:
            records = (line for line in lines if line.strip())
            kept = [line for _, line in zip(range(limit), records, strict=False)]
        head.parent.mkdir(parents=True, exist_ok=True)
        head.write_text("".join(kept), encoding="utf-8")
    return head


def measure_system(
    system: str, corpus: Path, index_dir: Path, jobs: int | None
) -> dict[str, float]:
    """One fresh-process indexing run of one system, start-up included."""
    shutil.rmtree(index_dir, ignore_errors=True)
    child = _common.run_child(_common.indexing_argv(system, corpus, index_dir, jobs=jobs))
    return {
        "seconds": child.wall_s,
        "cpu_s": child.cpu_s,
        "main_cpu_s": child.root_cpu_s,
        "peak_rss_bytes": float(child.peak_rss_bytes),
        "peak_tree_pss_bytes": float(child.peak_tree_pss_bytes),
        "index_bytes": float(_common.directory_size(index_dir)),
        "load": child.load_before,
    }


def summarise(runs: list[dict[str, float]], articles: int, text_bytes: int) -> dict[str, float]:
    """Medians over repetitions, plus the derived rates."""
    figures = {key: _common.median([run[key] for run in runs]) for key in runs[0]}
    figures["articles_per_s"] = articles / figures["seconds"]
    figures["mb_per_s"] = _common.mib(text_bytes) / figures["seconds"]
    # Robust to a busy machine: the work done, whatever the wall clock.
    figures["articles_per_cpu_s"] = articles / figures["cpu_s"]
    return figures


def print_results(figures: dict[str, Any]) -> None:
    systems: dict[str, dict[str, float]] = figures["systems"]
    print(
        f"\nIndexing {figures['articles']:,} articles ({figures['text_mib']:.1f} MiB of text) "
        f"from {figures['corpus']}, median of {figures['repeat']}, start-up included"
    )
    loads = figures.get("load_range")
    if loads:
        print(f"load average before the runs: {loads[0]:.1f} to {loads[1]:.1f}")
    header = ["system", "seconds", "art/s", "MiB/s", "CPU s", "main CPU s", "art/CPU s"]
    header.append("RSS MiB")
    header += ["tree PSS MiB", "index MiB"]
    rows = [
        [
            SYSTEM_LABELS[system],
            f"{v['seconds']:.1f}",
            f"{v['articles_per_s']:.0f}",
            f"{v['mb_per_s']:.3f}",
            f"{v['cpu_s']:.1f}",
            f"{v['main_cpu_s']:.1f}",
            f"{v['articles_per_cpu_s']:.0f}",
            f"{_common.mib(v['peak_rss_bytes']):.0f}",
            f"{_common.mib(v['peak_tree_pss_bytes']):.0f}",
            f"{_common.mib(v['index_bytes']):.1f}",
        ]
        for system, v in systems.items()
    ]
    _common.print_table(header, rows)
    if "searchlib" not in systems:
        return
    for other, target in THROUGHPUT_TARGETS.items():
        value = figures["ratios"].get(f"throughput_vs_{other}")
        if value is not None:
            verdict = "met" if value >= target else "NOT met"
            print(
                f"searchlib/{SYSTEM_LABELS[other][:3]} throughput: {value:.2f}x "
                f"(target >= {target}x: {verdict})"
            )
    for other in THROUGHPUT_TARGETS:
        for key, label in (
            ("cpu_efficiency_vs", "articles per CPU second"),
            ("rss_vs", "peak RSS"),
            ("size_vs", "index size"),
        ):
            value = figures["ratios"].get(f"{key}_{other}")
            if value is not None:
                print(f"searchlib/{SYSTEM_LABELS[other][:3]} {label}: {value:.2f}x")
    peak = max(systems["searchlib"]["peak_rss_bytes"], systems["searchlib"]["peak_tree_pss_bytes"])
    print(
        f"searchlib peak memory (max of largest process and tree PSS): {_common.mib(peak):.0f} MiB"
        f"{' (target < 1 GB applies at 100k articles)' if figures['articles'] < 100_000 else ''}"
        f": {'under' if peak < MEMORY_TARGET_BYTES else 'OVER'} 1 GB"
    )


def ratios(systems: dict[str, dict[str, float]]) -> dict[str, float]:
    found: dict[str, float] = {}
    ours = systems.get("searchlib")
    if ours is None:
        return found
    for other in THROUGHPUT_TARGETS:
        theirs = systems.get(other)
        if theirs is None:
            continue
        found[f"throughput_vs_{other}"] = ours["articles_per_s"] / theirs["articles_per_s"]
        found[f"cpu_efficiency_vs_{other}"] = (
            ours["articles_per_cpu_s"] / theirs["articles_per_cpu_s"]
        )
        found[f"rss_vs_{other}"] = ours["peak_rss_bytes"] / theirs["peak_rss_bytes"]
        found[f"size_vs_{other}"] = ours["index_bytes"] / theirs["index_bytes"]
    return found


def profile_area(filename: str, function: str) -> str:
    """Which part of the stack a profiled function belongs to."""
    if "/Sastrawi/" in filename:
        return "Sastrawi"
    if "/whoosh/" in filename:
        return "whoosh"
    if "/searchlib/" in filename:
        module = filename.split("/searchlib/", 1)[1].removesuffix(".py")
        return "searchlib." + module.replace("/", ".")
    if filename == "~":
        return f"builtin {function}"
    return "stdlib " + "/".join(Path(filename).parts[-2:])


def profile_breakdown(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time (tottime) summed per area, largest first."""
    totals: dict[str, float] = {}
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        area = profile_area(filename, function)
        totals[area] = totals.get(area, 0.0) + row[2]
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)


def profile_searchlib(corpus: Path, workdir: Path) -> None:
    """cProfile of searchlib's indexing in one process (jobs=1): own time per
    area of the stack, then the top functions."""
    stats_path = _common.WORK_DIR / "profile-searchlib-index.prof"
    index_dir = workdir / "searchlib-profile"
    shutil.rmtree(index_dir, ignore_errors=True)
    args = ["searchlib", str(corpus), str(index_dir), "--jobs", "1", "--profile", str(stats_path)]
    _common.run_child(_common.python_argv(_common.INDEX_WORKER, *args))
    stats = pstats.Stats(str(stats_path))
    print(f"\ncProfile of searchlib indexing, jobs=1 (stats in {stats_path}):")
    breakdown = profile_breakdown(stats)
    total = sum(seconds for _, seconds in breakdown)
    for area, seconds in breakdown[:PROFILE_LINES]:
        print(f"  {seconds:8.2f} s {100 * seconds / total:5.1f}%  {area}")
    stats.sort_stats("tottime").print_stats(PROFILE_LINES)
    stats.sort_stats("cumulative").print_stats(PROFILE_LINES)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", default="indosum", help="indosum, a generated size (10k, 100k) or a JSONL path"
    )
    parser.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED)
    parser.add_argument("--limit", type=int, help="index only the first N articles")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--repeat", type=int, default=1, help="runs per system (median)")
    parser.add_argument("--jobs", type=int, help="searchlib jobs (default: its own default)")
    parser.add_argument("--profile", action="store_true", help="also profile searchlib (jobs=1)")
    parser.add_argument("--save", "--json", dest="save", type=Path)
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args(argv)
    args.systems = _common.listed(parser, args.systems, SYSTEMS, "system")
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    corpus = make_corpus.resolve_corpus(args.corpus, args.seed)
    if args.limit:
        corpus = head_corpus(corpus, args.limit)
    articles, text_bytes = corpus_stats(corpus)
    # A folder per run: several runs may share the machine and benchmarks/.work.
    _common.WORK_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-index-", dir=_common.WORK_DIR))
    runs: dict[str, list[dict[str, float]]] = {system: [] for system in args.systems}
    for repetition in range(args.repeat):
        for system in args.systems:
            print(f"run {repetition + 1}/{args.repeat}: {system} ...", file=sys.stderr, flush=True)
            runs[system].append(measure_system(system, corpus, workdir / system, args.jobs))
    systems = {system: summarise(r, articles, text_bytes) for system, r in runs.items()}
    loads = [run["load"] for system_runs in runs.values() for run in system_runs]
    figures: dict[str, Any] = {
        "load_range": [min(loads), max(loads)],
        "corpus": str(corpus.name),
        "articles": articles,
        "text_mib": _common.mib(text_bytes),
        "repeat": args.repeat,
        "systems": systems,
        "ratios": ratios(systems),
    }
    shutil.rmtree(workdir, ignore_errors=True)
    print_results(figures)
    _common.finish("bench_index", figures, args.save, args.baseline)
    if args.profile:
        workdir.mkdir()
        try:
            profile_searchlib(corpus, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
