"""Relevance benchmark: does searchlib rank the right passage higher than the
obvious alternatives, on real test collections with relevance judgments?

Collections (``../shared/eval/``): TyDi QA Indonesian gold passages
(``tydiqa-id``) and FacQA news sentences (``facqa``). Tune on ``--split train``,
report on the default ``valid`` split.

Systems, all with Whoosh's default BM25F and the query parsed as an OR of its
terms (``QueryParser(group=OrGroup)`` without the wildcard plugin, so the "?"
ending a question is not read as a wildcard), on one text field:

  whoosh    (a) plain ``StandardAnalyzer`` (no English stop list), no stemming
  snowball  (b) + PyStemmer's Snowball Indonesian stemmer
  sastrawi  (c) + Sastrawi ``stem()`` on every token, no cache, no stop list
  searchlib (d) searchlib's whole pipeline as a user runs it: the collection's
                ``corpus.jsonl`` indexed by ``ArticleIndex.add`` (what ``searchlib
                index corpus.jsonl`` runs), then ``search(question, limit=100,
                snippets=0)``; the index is cached in ``benchmarks/.work/`` until
                the library changes

Measures (ir-measures): nDCG@10, RR@10 (MRR@10 once averaged) and R@100,
averaged over every judged query; a query a system returns nothing for counts 0.
Runs are scored by the order each system returns (score = depth - rank), so
ties in raw scores cannot be re-ordered by the evaluator's docid tie-break.

Usage (from the repository root):

    python benchmarks/bench_relevance.py                       # valid split, all systems
    python benchmarks/bench_relevance.py --split train --systems whoosh,searchlib
    python benchmarks/bench_relevance.py --save before.json
    python benchmarks/bench_relevance.py --baseline before.json
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import _common
import _systems

SYSTEMS = ("whoosh", "snowball", "sastrawi", "searchlib")
SYSTEM_LABELS = {
    "whoosh": "(a) Whoosh StandardAnalyzer",
    "snowball": "(b) + Snowball Indonesian",
    "sastrawi": "(c) + Sastrawi per token",
    "searchlib": "(d) searchlib",
}
# Deepest cut-off among the measures (Recall@100).
RUN_DEPTH = 100
# Acceptance bars on the valid splits: searchlib's nDCG@10 over (a)'s.
NDCG_TARGETS = {"tydiqa-id": 1.04, "facqa": 1.02}
# Placeholder document for a query with no results, so the evaluator scores it 0
# instead of leaving it out of the average.
NO_RESULT_DOCID = "__no_result__"


def measures() -> list[Any]:
    import ir_measures

    return [ir_measures.nDCG @ 10, ir_measures.RR @ 10, ir_measures.R @ 100]


def measure_names() -> list[str]:
    return [str(m) for m in measures()]


def rank_run(ranked: Mapping[str, list[str]], qids: list[str]) -> dict[str, dict[str, float]]:
    """Ranked docids -> an ir-measures run scored by rank, covering every qid."""
    run: dict[str, dict[str, float]] = {}
    for qid in qids:
        docids = ranked.get(qid) or [NO_RESULT_DOCID]
        scores: dict[str, float] = {}
        for rank, docid in enumerate(docids):
            # A docid returned twice keeps its better rank.
            scores.setdefault(docid, float(len(docids) - rank))
        run[qid] = scores
    return run


def evaluate(ranked: Mapping[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """Mean of each measure over every judged query."""
    import ir_measures

    run = rank_run(ranked, sorted(qrels))
    aggregate = ir_measures.calc_aggregate(measures(), qrels, run)
    return {str(measure): float(value) for measure, value in aggregate.items()}


def run_whoosh_system(
    system: str, corpus: dict[str, str], queries: dict[str, str], workdir: Path
) -> tuple[dict[str, list[str]], float, float]:
    """(ranked docids per qid, indexing seconds, querying seconds) for a baseline."""
    index_dir = workdir / system
    started = time.perf_counter()
    _systems.index_passages(index_dir, system, corpus)
    indexed = time.perf_counter()
    ranked = _systems.search_passages(index_dir, queries, RUN_DEPTH, system)
    return ranked, indexed - started, time.perf_counter() - indexed


def searchlib_index(collection: str, rebuild: bool = False) -> Path:
    """searchlib's index of a collection, built as a user would: ``searchlib index
    corpus.jsonl`` (``ArticleIndex.add`` on the JSONL file), cached until the
    library changes."""
    corpus = _common.collection_dir(collection) / "corpus.jsonl"
    return _common.cached_index(
        f"relevance-indexes/{collection}", "searchlib", corpus, rebuild=rebuild
    )


def run_searchlib(
    collection: str, queries: dict[str, str], rebuild: bool = False
) -> tuple[dict[str, list[str]], float, float]:
    """(ranked docids per qid, indexing seconds, querying seconds) through the public API."""
    from searchlib import ArticleIndex

    index_dir = searchlib_index(collection, rebuild)
    indexed = float(_common.build_report(index_dir)["seconds"])
    started = time.perf_counter()
    ranked: dict[str, list[str]] = {}
    with ArticleIndex.open(index_dir) as idx:
        for qid, question in queries.items():
            results = idx.search(question, limit=RUN_DEPTH, snippets=0)
            ranked[qid] = _common.seen_ids(results.hits)
    return ranked, indexed, time.perf_counter() - started


def write_trec_run(path: Path, system: str, ranked: Mapping[str, list[str]]) -> None:
    """A TREC run file, for per-query comparisons with other tools."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for qid, docids in ranked.items():
            for rank, docid in enumerate(docids, start=1):
                out.write(f"{qid} Q0 {docid} {rank} {len(docids) - rank + 1} {system}\n")


def bench_collection(
    collection: str,
    split: str,
    systems: list[str],
    workdir: Path,
    run_dir: Path | None,
    rebuild: bool = False,
) -> dict[str, dict[str, float]]:
    """Figures of every system on one collection: measures plus timings."""
    corpus = _common.load_corpus(collection)
    queries = _common.load_queries(collection, split)
    qrels = _common.load_qrels(collection, split)
    judged = {qid: text for qid, text in queries.items() if qid in qrels}
    print(
        f"\n{collection} ({split}): {len(corpus):,} passages, {len(judged):,} judged queries",
        file=sys.stderr,
    )
    figures: dict[str, dict[str, float]] = {}
    for system in systems:
        print(f"  running {system} ...", file=sys.stderr, flush=True)
        if system == "searchlib":
            ranked, index_s, query_s = run_searchlib(collection, judged, rebuild)
        else:
            ranked, index_s, query_s = run_whoosh_system(system, corpus, judged, workdir)
        if run_dir is not None:
            write_trec_run(run_dir / f"{collection}.{split}.{system}.run", system, ranked)
        figures[system] = evaluate(ranked, qrels) | {"index_s": index_s, "query_s": query_s}
    return figures


def print_collection(collection: str, split: str, figures: dict[str, dict[str, float]]) -> None:
    names = measure_names()
    reference = figures.get("whoosh")
    header = ["system"]
    for name in names:
        header += [name, "/(a)"]
    header += ["index s", "query s"]
    rows = []
    for system, values in figures.items():
        row: list[object] = [SYSTEM_LABELS[system]]
        for name in names:
            base = reference[name] if reference else None
            row += [f"{values[name]:.4f}", _common.format_ratio(_common.ratio(values[name], base))]
        row += [f"{values['index_s']:.1f}", f"{values['query_s']:.1f}"]
        rows.append(row)
    print(f"\n{collection}, {split} split")
    _common.print_table(header, rows)
    if split == "valid" and reference and "searchlib" in figures:
        print_acceptance(collection, figures)


def print_acceptance(collection: str, figures: dict[str, dict[str, float]]) -> None:
    """The issue's bar: nDCG@10 >= target x (a), and >= (b) and (c)."""
    ndcg = {system: values["nDCG@10"] for system, values in figures.items()}
    target = NDCG_TARGETS[collection]
    over_a = ndcg["searchlib"] / ndcg["whoosh"]
    met = "met" if over_a >= target else "NOT met"
    verdicts = [f"searchlib/(a) = {over_a:.3f} (target >= {target}): {met}"]
    for other in ("snowball", "sastrawi"):
        if other in ndcg:
            ok = ndcg["searchlib"] >= ndcg[other]
            verdicts.append(f">= {SYSTEM_LABELS[other][:3]}: {'met' if ok else 'NOT met'}")
    print("acceptance: " + "; ".join(verdicts))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=_common.SPLITS, default="valid")
    parser.add_argument(
        "--collections", default=",".join(_common.COLLECTIONS), help="comma-separated subset"
    )
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated subset of {','.join(SYSTEMS)}",
    )
    parser.add_argument(
        "--save", "--json", dest="save", type=Path, help="write the figures as JSON"
    )
    parser.add_argument("--baseline", type=Path, help="compare with figures saved by --save")
    parser.add_argument("--run-dir", type=Path, help="also write TREC run files here")
    parser.add_argument("--rebuild", action="store_true", help="rebuild searchlib's cached index")
    args = parser.parse_args(argv)
    args.systems = _common.listed(parser, args.systems, SYSTEMS, "system")
    args.collections = _common.listed(parser, args.collections, _common.COLLECTIONS, "collection")
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    _common.WORK_DIR.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}
    for collection in args.collections:
        workdir = Path(tempfile.mkdtemp(prefix=f"relevance-{collection}-", dir=_common.WORK_DIR))
        try:
            figures[collection] = bench_collection(
                collection, args.split, args.systems, workdir, args.run_dir, args.rebuild
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        print_collection(collection, args.split, figures[collection])
    _common.finish(f"bench_relevance --split {args.split}", figures, args.save, args.baseline)


if __name__ == "__main__":
    main(sys.argv[1:])
