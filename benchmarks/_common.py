"""Shared plumbing for the benchmark scripts: data locations, loaders, timing
statistics, child-process measurement and baseline files.

The scripts are run directly (``python benchmarks/bench_x.py``), so they import
this module as ``_common`` from their own folder. Everything here is pure
standard library so that a benchmark measures the systems, not its harness.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
# The shared data sits next to the repository, never inside it (see the eval README).
SHARED_DIR = REPO_ROOT.parent / "shared"
EVAL_DIR = SHARED_DIR / "eval"
INDOSUM_PATH = EVAL_DIR / "indosum" / "articles.jsonl"
# Generated corpora and scratch indexes; git-ignored.
WORK_DIR = BENCH_DIR / ".work"

COLLECTIONS = ("tydiqa-id", "facqa")
SPLITS = ("train", "valid")


# --------------------------------------------------------------------------- data


def collection_dir(collection: str) -> Path:
    """The folder of one relevance test collection, checked to exist."""
    if collection not in COLLECTIONS:
        raise ValueError(f"unknown collection {collection!r}; expected one of {COLLECTIONS}")
    path = EVAL_DIR / collection
    if not path.is_dir():
        raise FileNotFoundError(f"missing test collection folder: {path}")
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield one dict per non-blank line of a JSON Lines file."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def load_corpus(collection: str) -> dict[str, str]:
    """docid -> passage text of a test collection, in file order."""
    return {
        rec["docid"]: rec["text"] for rec in read_jsonl(collection_dir(collection) / "corpus.jsonl")
    }


def parse_queries(lines: Iterable[str]) -> dict[str, str]:
    """qid -> question from ``qid<TAB>question[<TAB>extra...]`` lines.

    FacQA carries the answer span in a third column; it is not part of the query.
    """
    queries: dict[str, str] = {}
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        qid, sep, rest = line.partition("\t")
        if not sep:
            raise ValueError(f"query line without a tab: {line[:80]!r}")
        queries[qid] = rest.split("\t", 1)[0]
    return queries


def parse_qrels(lines: Iterable[str]) -> dict[str, dict[str, int]]:
    """qid -> {docid: relevance} from TREC ``qid iter docid rel`` lines."""
    qrels: dict[str, dict[str, int]] = {}
    for line in lines:
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 4:
            raise ValueError(f"qrels line needs 4 fields: {line.strip()[:80]!r}")
        qid, _iteration, docid, relevance = fields
        qrels.setdefault(qid, {})[docid] = int(relevance)
    return qrels


def load_queries(collection: str, split: str) -> dict[str, str]:
    """The questions of one split of a test collection."""
    path = collection_dir(collection) / f"queries_{split}.tsv"
    with path.open(encoding="utf-8") as lines:
        return parse_queries(lines)


def load_qrels(collection: str, split: str) -> dict[str, dict[str, int]]:
    """The relevance judgments of one split of a test collection."""
    path = collection_dir(collection) / f"qrels_{split}.trec"
    with path.open(encoding="utf-8") as lines:
        return parse_qrels(lines)


# --------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct`-th percentile with linear interpolation between closest ranks.

    Same definition as numpy's default ("linear"): p50 of [1, 2, 3, 4] is 2.5,
    p95 of 1..100 is 95.05.
    """
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be within 0..100, got {pct}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * pct / 100
    lower = math.floor(position)
    upper = math.ceil(position)
    fraction = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction


def median(values: Sequence[float]) -> float:
    """The median; repeated runs on a shared machine are summarised by it."""
    return statistics.median(values)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the divisor is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def format_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


# ---------------------------------------------------------------- ranked results


def seen_ids(hits: Iterable[Any]) -> list[str]:
    """The article ids a reader of searchlib's results sees, in order: each hit,
    then the copies of its story listed under it ("also in").

    Results are collapsed by story, so of a passage kept twice (FacQA holds 58
    groups of one text, up to a few characters) only one copy is a hit and the
    other is listed under it; judging the hits alone would count the judged copy
    as not found. The copies take the ranks right after their hit.
    """
    return [article_id for hit in hits for article_id in (hit.id, *(a.id for a in hit.also_in))]


# ------------------------------------------------------------------ disk and RSS


def directory_size(path: Path) -> int:
    """Total bytes of the regular files under `path`."""
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def _children_of() -> dict[int, list[int]]:
    """ppid -> pids of every visible process, read from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                # The command name may contain spaces; fields after the last ')' are fixed.
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _pss_bytes(pid: int) -> int:
    """Proportional set size of one process: shared pages split among sharers,
    so summing it over forked workers does not count the parent's pages twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def process_tree_pss(root: int) -> int:
    """PSS summed over `root` and all its descendants."""
    tree = _children_of()
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += _pss_bytes(pid)
        pending.extend(tree.get(pid, ()))
    return total


def _cpu_ticks(pid: int) -> int:
    """User + system clock ticks of one process so far (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    # Fields 14 and 15 of /proc/PID/stat (utime, stime); the split starts at field 3.
    return int(fields[11]) + int(fields[12])


class _TreeSampler(threading.Thread):
    """Polls the memory of a process tree; /proc offers no peak for a tree.

    It also keeps the last CPU reading of the root process, which tells how
    much of a parallel run's work stayed in the main process (a sample is at
    most one interval old, so the figure is a slight underestimate).
    """

    # Often enough to catch the multi-second plateaus of an indexing run; each
    # sample scans /proc, and at 0.5 s that costs about 1% of a core.
    INTERVAL_S = 0.5

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self.root_cpu_ticks = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, process_tree_pss(self.root))
            self.root_cpu_ticks = max(self.root_cpu_ticks, _cpu_ticks(self.root))
            self._stop_event.wait(self.INTERVAL_S)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


def load_average() -> float:
    """The one-minute load average: how busy the shared machine was around a run."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


@dataclass(frozen=True)
class ChildRun:
    """What one measured child process reported and cost."""

    result: dict[str, Any]  # the JSON object the child printed last on stdout
    wall_s: float  # including interpreter start-up and imports
    cpu_s: float  # user + system time of the child and the descendants it reaped
    peak_rss_bytes: int  # largest single process of the tree (kernel ru_maxrss)
    peak_tree_pss_bytes: int  # sampled sum over the process tree (0 if /proc is unavailable)
    root_cpu_s: float = 0.0  # CPU of the child process itself, sampled (0 if unknown)
    load_before: float = 0.0  # one-minute load average when the child started


def user_env() -> dict[str, str]:
    """This environment as a user's shell would have it: Python writes and reuses
    bytecode (``.pyc``). With PYTHONDONTWRITEBYTECODE set, as some sandboxes and
    CI images do, every start compiles searchlib's sources again (about 0.1 s
    of each command), which no installed copy pays."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(argv: Sequence[str], env: Mapping[str, str] | None = None) -> ChildRun:
    """Run `argv` in a fresh process and measure it alone.

    ``os.wait4`` returns the rusage of that one child (and of the descendants it
    reaped), so figures of successive runs never contaminate each other, which
    ``getrusage(RUSAGE_CHILDREN)`` would do, as it keeps the maximum over all
    children ever reaped. The child's stderr goes straight to ours (progress).
    """
    load_before = load_average()
    started = time.perf_counter()
    child_env = dict(env) if env is not None else user_env()
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, text=True, env=child_env)
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    assert proc.stdout is not None
    stdout = proc.stdout.read()
    proc.stdout.close()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    tree_peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"child failed with exit code {proc.returncode}: {' '.join(argv)}")
    last_line = stdout.strip().splitlines()[-1] if stdout.strip() else "{}"
    # ru_maxrss is in KiB on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    root_cpu = sampler.root_cpu_ticks / os.sysconf("SC_CLK_TCK")
    return ChildRun(
        json.loads(last_line), wall, cpu, usage.ru_maxrss * 1024, tree_peak, root_cpu, load_before
    )


def python_argv(script: Path, *args: str) -> list[str]:
    """Command line running a benchmark helper with this interpreter."""
    return [sys.executable, str(script), *args]


# ------------------------------------------------------------------- index cache

# Builds one index in a process of its own (see its docstring for the systems).
INDEX_WORKER = BENCH_DIR / "_index_worker.py"


def code_digest(paths: Iterable[Path]) -> str:
    """A digest of the files that decide what an index contains."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(paths):
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Stages of searchlib that only act when a query is answered or shown: a
# change to them (a ranking knob, a snippet rule) leaves every index as it was.
QUERY_TIME_PACKAGES = frozenset({"query", "search", "cli", "web"})


def system_digest(system: str) -> str:
    """The digest of the code that builds `system`'s indexes."""
    if system == "searchlib":
        package = REPO_ROOT / "searchlib"
        return code_digest(
            p
            for p in package.rglob("*")
            if p.is_file()
            and "__pycache__" not in p.parts
            and p.relative_to(package).parts[0] not in QUERY_TIME_PACKAGES
        )
    return code_digest([BENCH_DIR / "_systems.py", INDEX_WORKER])


def cached_index(
    cache: str, system: str, corpus: Path, *, rebuild: bool = False, keep: bool = False
) -> Path:
    """A complete index of `corpus` for `system`, built in a fresh process if needed.

    Indexes live in ``WORK_DIR/cache/<corpus>/``, keyed by a digest of the code
    that built them, so a change to searchlib rebuilds its index and nothing
    else. The build's own report (seconds, peak memory) is kept next to it as
    ``<index>.built.json``. With `keep`, an index built by older code is used
    as is (a 100k build is long).
    """
    folder = WORK_DIR / cache / corpus.stem
    index_dir = folder / f"{system}-{system_digest(system)}"
    marker = built_marker(index_dir)
    if marker.exists() and index_dir.is_dir() and not rebuild:
        return index_dir
    built = sorted(folder.glob(f"{system}-*.built.json"), key=lambda p: p.stat().st_mtime)
    if keep and built and not rebuild:
        older = built[-1].with_suffix("").with_suffix("")
        print(f"using {older.name}, built by other code (--keep-index)", file=sys.stderr)
        return older
    for stale in folder.glob(f"{system}-*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    print(f"building the {system} index of {corpus.name} ...", file=sys.stderr, flush=True)
    child = run_child(index_worker_argv(system, corpus, index_dir))
    build = child.result | {
        "wall_s": child.wall_s,
        "cpu_s": child.cpu_s,
        "peak_rss_bytes": child.peak_rss_bytes,
        "peak_tree_pss_bytes": child.peak_tree_pss_bytes,
    }
    marker.write_text(json.dumps(build) + "\n", encoding="utf-8")
    return index_dir


def indexing_argv(
    system: str,
    corpus: Path,
    index_dir: Path,
    *,
    jobs: int | None = None,
    filters: bool = False,
    update: bool = False,
) -> list[str]:
    """One indexing run as a user starts it: searchlib through its command line
    (`searchlib index`, start-up included; on an existing index it adds), a
    comparison system through the worker (`filters`: the outlet and date fields,
    `update`: add to an existing index)."""
    if system == "searchlib":
        argv = [sys.executable, "-m", "searchlib", "index", str(corpus), "-i", str(index_dir)]
        return [*argv, "--quiet", *(["--jobs", str(jobs)] if jobs is not None else [])]
    flags = ["--filters"] * filters + ["--update"] * update
    return python_argv(INDEX_WORKER, system, str(corpus), str(index_dir), *flags)


def index_worker_argv(system: str, corpus: Path, index_dir: Path) -> list[str]:
    """The worker's command line for a cached index: the Whoosh systems get the
    outlet and date fields, so one cached index serves filtered queries too."""
    args = [system, str(corpus), str(index_dir)]
    return python_argv(INDEX_WORKER, *args, *([] if system == "searchlib" else ["--filters"]))


def built_marker(index_dir: Path) -> Path:
    """The file beside a cached index holding its build's report."""
    return index_dir.with_suffix(".built.json")


def build_report(index_dir: Path) -> dict[str, Any]:
    """What the build of a cached index reported (``seconds``: the indexing call alone)."""
    report: dict[str, Any] = json.loads(built_marker(index_dir).read_text(encoding="utf-8"))
    return report


# ------------------------------------------------------------ figures, baselines


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, else the architecture."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_description() -> str:
    """CPU count, model and Python: enough to tell two runs' machines apart."""
    return f"{os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}"


def flatten(figures: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """Nested dict of numbers -> {"a/b/c": number}; non-numbers are dropped."""
    flat: dict[str, float] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "/"))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[name] = float(value)
    return flat


def save_figures(path: Path, script: str, figures: Mapping[str, Any], argv: Sequence[str]) -> None:
    """Write a run's figures with when, where and how they were made."""
    payload = {
        "script": script,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_description(),
        "argv": list(argv),
        "figures": figures,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_figures(path: Path) -> dict[str, Any]:
    """The figures of a file written by :func:`save_figures`."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    figures: dict[str, Any] = payload["figures"]
    return figures


def compare_figures(current: Mapping[str, Any], baseline: Mapping[str, Any]) -> list[str]:
    """Lines comparing every figure present in both runs: baseline, now, now/baseline."""
    now, before = flatten(current), flatten(baseline)
    shared = [key for key in now if key in before]
    if not shared:
        return ["(no figure in common with the baseline)"]
    width = max(len(key) for key in shared)
    lines = [f"{'figure':<{width}}  {'baseline':>12}  {'now':>12}  {'now/base':>8}"]
    for key in shared:
        lines.append(
            f"{key:<{width}}  {before[key]:>12.4g}  {now[key]:>12.4g}  "
            f"{format_ratio(ratio(now[key], before[key])):>8}"
        )
    return lines


def finish(
    script: str,
    figures: Mapping[str, Any],
    save: Path | None,
    baseline: Path | None,
    argv: Sequence[str] | None = None,
) -> None:
    """Common tail of every script: compare with a baseline file, save the figures."""
    if baseline is not None:
        print(f"\nCompared with baseline {baseline}:")
        for line in compare_figures(figures, load_figures(baseline)):
            print("  " + line)
    if save is not None:
        save_figures(save, script, figures, sys.argv if argv is None else argv)
        print(f"\nFigures saved to {save}")


def print_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A plain fixed-width table: first column left-aligned, the rest right-aligned."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for number, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(parts))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def mib(n_bytes: float) -> float:
    return n_bytes / (1024 * 1024)


def listed(
    parser: argparse.ArgumentParser, value: str, known: Sequence[str], what: str
) -> list[str]:
    """The names in a comma-separated option, each checked against `known`."""
    names = [name for name in value.split(",") if name]
    unknown = sorted(set(names) - set(known))
    if unknown:
        parser.error(f"unknown {what}: {', '.join(unknown)}")
    return names
