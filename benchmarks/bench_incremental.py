"""Incremental indexing benchmark: what re-indexing costs when little changed.

On a generated corpus (10k articles by default, see make_corpus.py), each step
in a fresh process, as a user running ``searchlib index`` again would:

  1. full build: ``ArticleIndex.create(...).add([corpus])``
  2. unchanged: ``ArticleIndex.open(...).add([corpus])`` on the same file
  3. 1% changed: the file rewritten in place with 1% of its articles edited
     (a paragraph of another article appended), then ``add`` again

The corpus is copied to ``benchmarks/.work/incremental-*/corpus.jsonl`` and edited
there, so the articles keep their source path and only content changes. Steps 2
and 3 repeat ``--repeat`` times (median; each repetition edits a different 1%).
Target (issue "Indexing at scale"): step 2 under 10% of step 1.

Usage (from the repository root):

    python benchmarks/bench_incremental.py
    python benchmarks/bench_incremental.py --repeat 3 --changed 0.05
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import _common
import make_corpus

# Issue target: re-indexing an unchanged corpus under 10% of the full build.
UNCHANGED_TARGET = 0.10
DEFAULT_CHANGED_SHARE = 0.01


def edit_records(
    records: Sequence[dict[str, Any]], share: float, seed: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """A copy of `records` with `share` of them edited; returns (records, edited ids).

    An edit appends the last paragraph of another article to the text: what a
    corrected or updated story looks like to the indexer (same id, new content).
    """
    count = round(len(records) * share)
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(records)), count))
    edited = [dict(record) for record in records]
    for number in chosen:
        other = records[(number + len(records) // 2) % len(records)]
        addition = make_corpus.paragraphs_of(other["text"])[-1]
        edited[number]["text"] = f"{records[number]['text']}\n\n{addition}"
    return edited, [str(records[number]["id"]) for number in chosen]


def run_step(corpus: Path, index_dir: Path, update: bool, jobs: int | None) -> dict[str, Any]:
    args = ["searchlib", str(corpus), str(index_dir)]
    if update:
        args.append("--update")
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    child = _common.run_child(_common.python_argv(_common.INDEX_WORKER, *args))
    return child.result | {"wall_s": child.wall_s, "peak_rss_bytes": child.peak_rss_bytes}


def write_records(path: Path, records: Sequence[dict[str, Any]]) -> None:
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)


def describe(step: dict[str, Any]) -> str:
    counts = ", ".join(
        f"{name} {step[name]}"
        for name in ("added", "updated", "skipped", "removed", "failed")
        if step.get(name) is not None
    )
    return f"{step['seconds']:.1f} s in add() ({step['wall_s']:.1f} s with start-up); {counts}"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="10k", help="a generated size, indosum or a path")
    parser.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED)
    parser.add_argument("--changed", type=float, default=DEFAULT_CHANGED_SHARE)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, help="searchlib jobs (default: its own default)")
    parser.add_argument("--save", "--json", dest="save", type=Path)
    parser.add_argument("--baseline", type=Path)
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    source = make_corpus.resolve_corpus(args.corpus, args.seed)
    # A folder per run: several runs may share the machine and benchmarks/.work.
    _common.WORK_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="incremental-", dir=_common.WORK_DIR))
    corpus, index_dir = workdir / "corpus.jsonl", workdir / "index"
    original = list(_common.read_jsonl(source))
    write_records(corpus, original)

    print(f"full build of {len(original):,} articles ...", file=sys.stderr, flush=True)
    full = run_step(corpus, index_dir, update=False, jobs=args.jobs)
    unchanged_runs, changed_runs = [], []
    for repetition in range(args.repeat):
        print(f"run {repetition + 1}/{args.repeat}: unchanged ...", file=sys.stderr, flush=True)
        unchanged_runs.append(run_step(corpus, index_dir, update=True, jobs=args.jobs))
        edited, ids = edit_records(original, args.changed, seed=args.seed + repetition)
        write_records(corpus, edited)
        print(f"run {repetition + 1}/{args.repeat}: {len(ids)} edited ...", file=sys.stderr)
        changed_runs.append(run_step(corpus, index_dir, update=True, jobs=args.jobs))
        write_records(corpus, original)
        # Put the index back in step with the original file for the next repetition.
        if repetition + 1 < args.repeat:
            run_step(corpus, index_dir, update=True, jobs=args.jobs)

    def median_of(runs: list[dict[str, Any]]) -> float:
        return _common.median([run["seconds"] for run in runs])

    figures = {
        "articles": len(original),
        "changed_share": args.changed,
        "full_s": full["seconds"],
        "unchanged_s": median_of(unchanged_runs),
        "changed_s": median_of(changed_runs),
        "full_peak_rss_bytes": full["peak_rss_bytes"],
    }
    figures["unchanged_ratio"] = figures["unchanged_s"] / figures["full_s"]
    figures["changed_ratio"] = figures["changed_s"] / figures["full_s"]

    print(f"\nIncremental indexing, {len(original):,} articles ({source.name})")
    print(f"  full build:        {describe(full)}")
    print(f"  unchanged re-run:  {describe(unchanged_runs[-1])}")
    print(f"  {args.changed:.0%} changed:       {describe(changed_runs[-1])}")
    verdict = "met" if figures["unchanged_ratio"] < UNCHANGED_TARGET else "NOT met"
    print(
        f"unchanged/full = {figures['unchanged_ratio']:.3f} (target < {UNCHANGED_TARGET}: "
        f"{verdict}); changed/full = {figures['changed_ratio']:.3f}"
    )
    shutil.rmtree(workdir, ignore_errors=True)
    _common.finish("bench_incremental", figures, args.save, args.baseline)


if __name__ == "__main__":
    main(sys.argv[1:])
