"""Tune searchlib's ranking knobs on the TRAIN splits of the relevance collections.

Builds one searchlib index per collection (``../shared/eval/{tydiqa-id,facqa}``),
then scores ranking variants (field weights, coordination and proximity
boosts, BM25 k1/b) on a fixed random sample of train queries, next to plain
Whoosh (a) on the same sample. Only train queries and judgments are read: the
valid split stays untouched for ``bench_relevance.py``.

Usage (from the repository root):

    python benchmarks/tune_relevance.py                    # default grid, 1500 queries each
    python benchmarks/tune_relevance.py --sample 0         # every train query
    python benchmarks/tune_relevance.py --grid coordination=0,0.3,0.6 proximity=0,0.2
    python benchmarks/tune_relevance.py --set proximity=0.1 proximity_max_words=64 \
        --grid proximity_slop=1,4,8

Each ``--grid`` item varies one knob of ``searchlib.query.Ranking`` around the
current defaults (one knob at a time, so the table reads as a sensitivity study);
``--set`` moves the defaults first, for knobs that only act together.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _common
import _systems
import bench_relevance

from searchlib import Article, ArticleIndex, store
from searchlib.query import DEFAULT_RANKING, Ranking, parse_query
from searchlib.search import run_search

# Queries sampled per collection by default: enough for differences of ~0.005 nDCG
# to show, few enough for a grid to finish in minutes on two cores.
DEFAULT_SAMPLE = 1500
SEED = 20211203
DEFAULT_GRID = (
    "coordination=0,0.25,0.5,1",
    "proximity=0,0.15,0.3,0.6",
    "body_exact=0.5,1,1.5",
    "k1=0.9,1.2,1.6",
    "b=0.5,0.75,0.9",
    "number_parts=0,0.25,1",
)


def sample_queries(collection: str, size: int) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    queries = _common.load_queries(collection, "train")
    qrels = _common.load_qrels(collection, "train")
    judged = sorted(qid for qid in queries if qid in qrels)
    if size and size < len(judged):
        judged = sorted(random.Random(SEED).sample(judged, size))
    return {qid: queries[qid] for qid in judged}, {qid: qrels[qid] for qid in judged}


def build_index(collection: str, corpus: dict[str, str], folder: Path) -> None:
    source = str(_common.collection_dir(collection) / "corpus.jsonl")
    with ArticleIndex.create(folder, overwrite=True) as idx:
        idx.add_articles(
            Article(id=docid, source_path=source, title="", body=(text,))
            for docid, text in corpus.items()
        )


def run_variant(folder: Path, queries: dict[str, str], ranking: Ranking) -> dict[str, list[str]]:
    ix = store.open_index(folder)
    ranked: dict[str, list[str]] = {}
    with ix.searcher(weighting=ranking.weighting()) as searcher:
        for qid, text in queries.items():
            parsed = parse_query(text, ranking=ranking)
            results = run_search(
                searcher, parsed, limit=bench_relevance.RUN_DEPTH, snippets=0, suggest=False
            )
            ranked[qid] = [hit.id for hit in results.hits]
    ix.close()
    return ranked


def parse_settings(items: list[str]) -> Ranking:
    """The default ranking with each `knob=value` of `items` applied."""
    ranking = DEFAULT_RANKING
    for name, values in parse_grid(items):
        if len(values) != 1:
            raise SystemExit(f"--set {name} takes one value")
        current = getattr(ranking, name)
        ranking = dataclasses.replace(ranking, **{name: type(current)(values[0])})
    return ranking


def parse_grid(items: list[str]) -> list[tuple[str, list[float]]]:
    knobs = {f.name: f.type for f in dataclasses.fields(Ranking)}
    grid = []
    for item in items:
        name, _, values = item.partition("=")
        if name not in knobs:
            raise SystemExit(f"unknown knob {name!r}; choose from {', '.join(knobs)}")
        grid.append((name, [float(v) for v in values.split(",")]))
    return grid


def variants(
    grid: list[tuple[str, list[float]]], base: Ranking = DEFAULT_RANKING
) -> list[tuple[str, Ranking]]:
    found = [("defaults" if base == DEFAULT_RANKING else "base", base)]
    for name, values in grid:
        for value in values:
            current = getattr(base, name)
            cast = type(current)(value)
            if cast != current:
                variant = dataclasses.replace(base, **{name: cast})
                found.append((f"{name}={cast}", variant))
    return found


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sample", type=int, default=DEFAULT_SAMPLE, help="queries per collection (0: all)"
    )
    parser.add_argument("--collections", default=",".join(_common.COLLECTIONS))
    parser.add_argument("--grid", nargs="*", default=list(DEFAULT_GRID))
    parser.add_argument(
        "--set", nargs="*", default=[], metavar="KNOB=VALUE",
        help="move these defaults before varying the grid around them",
    )
    args = parser.parse_args(argv)
    grid = parse_grid(args.grid)
    base = parse_settings(args.set)
    _common.WORK_DIR.mkdir(parents=True, exist_ok=True)
    for collection in args.collections.split(","):
        corpus = _common.load_corpus(collection)
        queries, qrels = sample_queries(collection, args.sample)
        workdir = Path(tempfile.mkdtemp(prefix=f"tune-{collection}-", dir=_common.WORK_DIR))
        try:
            _systems.index_passages(workdir / "whoosh", "whoosh", corpus)
            baseline = bench_relevance.evaluate(
                _systems.search_passages(workdir / "whoosh", queries, bench_relevance.RUN_DEPTH),
                qrels,
            )
            build_index(collection, corpus, workdir / "searchlib")
            reference = ["(a) whoosh", f"{baseline['nDCG@10']:.4f}", "1.000"]
            rows: list[list[object]] = [[*reference, f"{baseline['RR@10']:.4f}", ""]]
            for label, ranking in variants(grid, base):
                started = time.perf_counter()
                figures = bench_relevance.evaluate(
                    run_variant(workdir / "searchlib", queries, ranking), qrels
                )
                rows.append([
                    label,
                    f"{figures['nDCG@10']:.4f}",
                    f"{figures['nDCG@10'] / baseline['nDCG@10']:.3f}",
                    f"{figures['RR@10']:.4f}",
                    f"{time.perf_counter() - started:.1f}",
                ])
                print(f"  {collection} {label}: {rows[-1][1:]}", file=sys.stderr, flush=True)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        print(f"\n{collection}, train sample of {len(queries)} queries")
        _common.print_table(["variant", "nDCG@10", "/(a)", "RR@10", "query s"], rows)


if __name__ == "__main__":
    main(sys.argv[1:])
