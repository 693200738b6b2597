"""Time to first result: ``searchlib search`` as a new process, start to exit.

A user at a shell pays for the interpreter, the imports, opening the index
and the first search on every command. This script times whole runs of the
installed command with hyperfine (Debian package ``hyperfine``), for a few
queries of the query set, next to the floor (``python -c pass``) and plain
Whoosh doing the same job in a process of its own (open, search, highlight
the top 10). Then it says where one run's time goes:

- phases, each timed inside a fresh process: imports, opening the index,
  the first search (query analysis, matching, snippets, suggestion) and the
  same search again (what a warm process pays), then printing;
- ``python -X importtime``: import time (each module's own) summed per
  top-level package: whoosh, click, searchlib's own modules, the standard
  library... (median of several runs);
- optionally (``--profile N``) the N costliest functions of one run under
  cProfile.

Target (issue "Speed at every size"): p50 <= 0.5 s on a 100k index.

Usage (from the repository root):

    python benchmarks/bench_startup.py                     # bench_scale's 100k index
    python benchmarks/bench_startup.py --index index --runs 30 --profile 25
"""

from __future__ import annotations

import argparse
import json
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common

DEFAULT_INDEX = _common.WORK_DIR / "scale" / "100000-seed1" / "searchlib" / "index"
DEFAULT_WHOOSH_INDEX = _common.WORK_DIR / "scale" / "100000-seed1" / "whoosh" / "index"
# A rare name, a common two-word topic and a long question-like query.
DEFAULT_QUERIES = ("lavrov", "harga minyak", "kpk tetapkan tersangka suap")
TARGET_S = 0.5
IMPORT_RUNS = 5

# A fresh process's phases, timed from inside it (printed as one JSON line).
_PHASES = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from searchlib import ArticleIndex
imported = time.perf_counter()
idx = ArticleIndex.open(Path(sys.argv[1]))
opened = time.perf_counter()
results = idx.search(sys.argv[2])
searched = time.perf_counter()
idx.search(sys.argv[2])
again = time.perf_counter()
text = json.dumps(results.to_dict(), ensure_ascii=False)
printed = time.perf_counter()
print(json.dumps({"import": imported - start, "open": opened - imported,
                  "first search": searched - opened, "same search again": again - searched,
                  "to JSON": printed - again}))
"""

# Plain Whoosh doing a CLI search's job: open the index, search, highlight the top 10.
_WHOOSH_SEARCH = """
import sys
from whoosh import index
sys.path.insert(0, sys.argv[3])
import _systems
ix = index.open_dir(sys.argv[1], schema=_systems.article_schema("whoosh", filters=True))
with ix.searcher() as searcher:
    query = _systems.or_parser(ix.schema).parse(sys.argv[2])
    for hit in searcher.search(query, limit=10):
        print(hit["id"], hit.highlights("body"))
"""


def searchlib_command() -> str:
    """The installed `searchlib` command next to this interpreter, else `python -m searchlib`."""
    installed = Path(sys.executable).parent / "searchlib"
    if installed.is_file():
        return str(installed)
    return f"{sys.executable} -m searchlib"


def hyperfine(commands: dict[str, str], runs: int, warmup: int) -> dict[str, dict[str, float]]:
    """Median, mean and spread of whole-process runs of each command."""
    if shutil.which("hyperfine") is None:
        raise SystemExit("hyperfine is not installed (Debian: apt-get install hyperfine)")
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "runs.json"
        argv = ["hyperfine", "--style", "basic", "--runs", str(runs), "--warmup", str(warmup),
                "--export-json", str(export)]  # fmt: skip
        for name, command in commands.items():
            argv += ["--command-name", name, command]
        subprocess.run(argv, check=True, stdout=sys.stderr, env=_common.user_env())
        results = json.loads(export.read_text(encoding="utf-8"))["results"]
    return {
        result["command"]: {
            "p50_s": statistics.median(result["times"]),
            "mean_s": result["mean"],
            "min_s": result["min"],
            "max_s": result["max"],
            "p95_s": _common.percentile(result["times"], 95),
            # CPU of the process (means): unlike wall time, barely moved by a busy machine.
            "cpu_s": result["user"] + result["system"],
        }
        for result in results
    }


def phases(index_dir: Path, query: str, runs: int) -> dict[str, float]:
    """Median seconds of each phase of a fresh process's first search."""
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _PHASES, str(index_dir), query],
            check=True, capture_output=True, text=True, env=_common.user_env(),
        )  # fmt: skip
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def import_times(index_dir: Path, query: str, runs: int) -> list[tuple[str, float]]:
    """Import seconds per top-level package, each module's own time (median of `runs`)."""
    per_package: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "searchlib", "search", query,
             "-i", str(index_dir)],
            check=True, capture_output=True, text=True, env=_common.user_env(),
        )  # fmt: skip
        totals: dict[str, float] = {}
        for line in out.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            own, _cumulative, name = line.split("|")
            if not own.split(":")[1].strip().isdigit():  # the header line
                continue
            package = name.strip().split(".")[0]
            totals[package] = totals.get(package, 0.0) + int(own.split(":")[1]) / 1e6
        for package, seconds in totals.items():
            per_package.setdefault(package, []).append(seconds)
    medians = {package: statistics.median(values) for package, values in per_package.items()}
    return sorted(medians.items(), key=lambda item: -item[1])


def profile(index_dir: Path, query: str, lines: int) -> None:
    """cProfile of one whole CLI search process, imports included."""
    stats_path = _common.WORK_DIR / "profile-startup.prof"
    stats_path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats_path), "-m", "searchlib", "search",
         query, "-i", str(index_dir)],
        check=True, capture_output=True, env=_common.user_env(),
    )  # fmt: skip
    print(f"\ncProfile of one `searchlib search {query!r}` process (stats in {stats_path}):")
    pstats.Stats(str(stats_path)).sort_stats("cumulative").print_stats(lines)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="a searchlib index")
    parser.add_argument("--whoosh-index", type=Path, default=DEFAULT_WHOOSH_INDEX,
                        help="plain Whoosh index of the same corpus (skipped if missing)")
    parser.add_argument("--queries", default="|".join(DEFAULT_QUERIES),
                        help="queries separated by |")
    parser.add_argument("--runs", type=int, default=20, help="hyperfine runs per command")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="show this many functions")
    parser.add_argument("--save", "--json", dest="save", type=Path)
    parser.add_argument("--baseline", type=Path)
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if not (args.index / "searchlib.json").is_file():
        raise SystemExit(
            f"no searchlib index at {args.index}; build it with "
            "python benchmarks/bench_scale.py --sizes 100k --systems searchlib --no-add"
        )
    queries = [q for q in args.queries.split("|") if q.strip()]
    command = searchlib_command()
    commands = {"python -c pass": f"{sys.executable} -c pass"}
    for query in queries:
        commands[f"searchlib search {query!r}"] = (
            f"{command} search '{query}' -i {args.index}"
        )
    whoosh = args.whoosh_index.is_dir()
    if whoosh:
        script = _common.WORK_DIR / "whoosh-search.py"
        script.write_text(_WHOOSH_SEARCH, encoding="utf-8")
        for query in queries:
            commands[f"plain Whoosh {query!r}"] = (
                f"{sys.executable} {script} {args.whoosh_index} '{query}' {_common.BENCH_DIR}"
            )
    load_before = _common.load_average()
    timed = hyperfine(commands, args.runs, args.warmup)
    load_after = _common.load_average()
    figures: dict[str, Any] = {"hyperfine": timed, "load": [load_before, load_after]}

    print(f"\nWhole-process runs (hyperfine, {args.runs} runs after {args.warmup} warm-up), "
          f"index {args.index}; load average {load_before:.1f} before, {load_after:.1f} after")
    rows = [[name, f"{v['p50_s']:.3f}", f"{v['p95_s']:.3f}", f"{v['mean_s']:.3f}",
             f"{v['min_s']:.3f}", f"{v['cpu_s']:.3f}"] for name, v in timed.items()]  # fmt: skip
    _common.print_table(["command", "p50 s", "p95 s", "mean s", "min s", "CPU s"], rows)
    ours = [timed[f"searchlib search {q!r}"]["p50_s"] for q in queries]
    verdict = "met" if max(ours) <= TARGET_S else "NOT met"
    print(f"searchlib p50, slowest query: {max(ours):.3f} s (target <= {TARGET_S} s: {verdict})")

    spent = phases(args.index, queries[0], IMPORT_RUNS)
    figures["phases"] = spent
    print(f"\nWhere a fresh process's time goes (query {queries[0]!r}, median of {IMPORT_RUNS}):")
    for name, seconds in spent.items():
        print(f"  {name:<20} {1000 * seconds:8.1f} ms")
    imports = import_times(args.index, queries[0], IMPORT_RUNS)
    figures["imports"] = dict(imports)
    print(f"\nImport time by top-level package (python -X importtime, median of {IMPORT_RUNS}):")
    for package, seconds in imports[:12]:
        print(f"  {package:<24} {1000 * seconds:8.1f} ms")
    if args.profile:
        profile(args.index, queries[0], args.profile)
    _common.finish("bench_startup", figures, args.save, args.baseline)


if __name__ == "__main__":
    main(sys.argv[1:])
