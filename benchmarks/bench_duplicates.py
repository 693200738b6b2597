"""Near-duplicate benchmark: syndicated copies found, different stories kept apart.

The labelled set is built from real text, deterministically for a seed:

- every IndoSum article (3,463), unchanged; different articles on the same
  topics (follow-ups that reuse background paragraphs, two outlets rewriting
  one press release, daily market reports) are the hard negatives;
- syndicated copies of a sample of them (`COPIED_SHARE`), one to four per
  article, made the way outlets republish (benchmarks/_syndication.py: other
  dateline and credit line, another title, "Baca juga" lines, last paragraphs
  cut or a closing added, a few words changed, paragraphs joined or split);
  an article and its copies are one story;
- FacQA's passages (1,369), where 58 groups of two or three passages are the
  same text up to a few characters: 51 differ only in the spacing of numbers
  ("Rp 6, 5 miliar" / "Rp 6,5 miliar"), the others also in a capital, a
  doubled question mark or a stray letter ("Rabu (A 7/9)"); each group is one
  story. (Same text: difflib ratio >= 0.95 on letters and digits; the most
  similar pair below that is at 0.70, a passage and a longer one around it.)

Everything is split in two halves by a hash of the source article's or group's
id: thresholds and sizes are chosen on the tuning half (``--tune``), and the
figures are reported on the other half.

Figures: pair precision and recall (over all pairs of articles, a pair is
predicted when both are in one story and true when both are copies of one
text), the purity of the predicted multi-article stories (the share of their
articles that belong to the story's majority text), the number of seed
stories merged, and the cost of the signatures: microseconds per article
against the analysis an article gets anyway.

Usage (from the repository root):

    python benchmarks/bench_duplicates.py            # report half
    python benchmarks/bench_duplicates.py --tune     # sweep thresholds and sizes on the tuning half
    python benchmarks/bench_duplicates.py --parts    # CPU per article of each part, one process
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import itertools
import json
import math
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _common
import _syndication

from searchlib import ArticleIndex
from searchlib.duplicates import (
    MIN_SHINGLES,
    NEAR_DUPLICATE_RESEMBLANCE,
    SHINGLE_WORDS,
    Signature,
    StoryGraph,
    article_signature,
    resemblance,
    signature_of_words,
    story_words,
)
from searchlib.duplicates.signature import KEY_COUNT, shingle_hashes
from searchlib.indexing.workers import prepare
from searchlib.ingest import Article, ingest
from searchlib.store.documents import build_schema

FACQA_PATH = _common.EVAL_DIR / "facqa" / "corpus.jsonl"
SEEDS_DIR = _common.REPO_ROOT / "seeds"
DEFAULT_SEED = 17
# Share of the IndoSum articles that get syndicated copies: about 520 stories
# of two to five articles, 1,200 copies, beside 3,463 articles and 1,369 passages.
COPIED_SHARE = 0.15
# Copies per syndicated article: 1 to 4, more often few.
COPY_COUNTS = (1, 1, 1, 2, 2, 3, 4)
SPLITS = ("tune", "report")
# Acceptance targets (issue "Syndicated stories").
PRECISION_TARGET = 0.99
RECALL_TARGET = 0.95
# Indexing IndoSum with stories takes at most this times as long as without.
COST_TARGET = 1.10
# FacQA passages at least this similar (difflib ratio on letters and digits) are
# one text: the 59 such pairs are all at 0.99 or above, the next pair at 0.70.
SAME_PASSAGE_RATIO = 0.95


@dataclass(frozen=True)
class LabelledRecord:
    """One record of the labelled set: what is indexed, and the story it truly belongs to."""

    record: dict[str, Any]
    story: str
    split: str


def split_of(key: str) -> str:
    """The half a source article or passage group belongs to, by a hash of its id."""
    return SPLITS[hashlib.blake2b(key.encode("utf-8"), digest_size=1).digest()[0] & 1]


def indosum_records(seed: int, path: Path = _common.INDOSUM_PATH) -> list[LabelledRecord]:
    """The IndoSum articles and the syndicated copies of a sample of them."""
    rng = random.Random(seed)
    records = list(_common.read_jsonl(path))
    titles = [str(record.get("title_slug") or "") for record in records]
    labelled: list[LabelledRecord] = []
    for record in records:
        split = split_of(str(record["id"]))
        labelled.append(LabelledRecord(record, str(record["id"]), split))
        if rng.random() >= COPIED_SHARE:
            continue
        outlets = rng.sample(_syndication.OUTLETS, rng.choice(COPY_COUNTS))
        for number, outlet in enumerate(outlets):
            copy = _syndication.syndicate(record, number, outlet, titles, rng)
            labelled.append(LabelledRecord(copy, str(record["id"]), split))
    return labelled


def facqa_records(path: Path = FACQA_PATH) -> list[LabelledRecord]:
    """FacQA's passages; those that are the same text up to a few characters are one story.

    Passages are compared on their letters and digits (case folded), among those
    that share their first or last 24 of them; a pair is the same text when
    difflib's ratio reaches `SAME_PASSAGE_RATIO`, and a story is a connected
    group of such pairs.
    """
    rows = list(_common.read_jsonl(path))
    letters = {
        str(row["docid"]): re.sub(r"[\W_]+", "", str(row["text"]).casefold()) for row in rows
    }
    blocks: dict[str, list[str]] = defaultdict(list)
    for docid, text in letters.items():
        blocks["first:" + text[:24]].append(docid)
        blocks["last:" + text[-24:]].append(docid)
    same = {
        pair
        for docids in blocks.values()
        for pair in itertools.combinations(sorted(docids), 2)
        if difflib.SequenceMatcher(None, letters[pair[0]], letters[pair[1]], autojunk=False).ratio()
        >= SAME_PASSAGE_RATIO
    }
    story_of = components(letters, same)
    labelled = []
    for row in rows:
        story = "facqa:" + story_of[str(row["docid"])]
        record = {"id": row["docid"], "text": row["text"], "source": "FacQA"}
        labelled.append(LabelledRecord(record, story, split_of(story)))
    return labelled


def labelled_set(seed: int) -> list[LabelledRecord]:
    return indosum_records(seed) + facqa_records()


# ------------------------------------------------------------------- measuring


def pair_counts(predicted: Mapping[str, str], truth: Mapping[str, str]) -> tuple[int, int, int]:
    """(true positive, predicted, true) pairs of two labellings of the same articles."""
    both = Counter((predicted[a], truth[a]) for a in truth)
    positive = sum(math.comb(n, 2) for n in both.values())
    predicted_pairs = sum(math.comb(n, 2) for n in Counter(predicted.values()).values())
    true_pairs = sum(math.comb(n, 2) for n in Counter(truth.values()).values())
    return positive, predicted_pairs, true_pairs


def purity(predicted: Mapping[str, str], truth: Mapping[str, str]) -> float:
    """Share of the articles in predicted multi-article stories that belong to
    their story's majority true story (1.0 when there are none)."""
    members: dict[str, list[str]] = defaultdict(list)
    for article, story in predicted.items():
        members[story].append(article)
    grouped = [articles for articles in members.values() if len(articles) > 1]
    total = sum(len(articles) for articles in grouped)
    if not total:
        return 1.0
    majority = sum(Counter(truth[a] for a in articles).most_common(1)[0][1] for articles in grouped)
    return majority / total


def scores(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, float]:
    positive, predicted_pairs, true_pairs = pair_counts(predicted, truth)
    return {
        "precision": positive / predicted_pairs if predicted_pairs else 1.0,
        "recall": positive / true_pairs if true_pairs else 1.0,
        "purity": purity(predicted, truth),
        "true_pairs": float(true_pairs),
        "predicted_pairs": float(predicted_pairs),
        "stories": float(len(set(predicted.values()))),
    }


def read_articles(records: Sequence[dict[str, Any]], folder: Path) -> list[Article]:
    """The records as `searchlib index` reads them (through a JSONL file)."""
    path = folder / "records.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [event for event in ingest([path]) if isinstance(event, Article)]


# ---------------------------------------------------------------------- tuning


def signatures_of(
    words: Mapping[str, list[str]], shingle_words: int, sketch_size: int
) -> dict[str, Signature]:
    return {a: signature_of_words(w, shingle_words, sketch_size) for a, w in words.items()}


def linked_pairs(
    signatures: Mapping[str, Signature], key_count: int
) -> dict[tuple[str, str], float]:
    """Every pair of articles that share a lookup key, with its estimated resemblance."""
    holders: dict[int, list[str]] = defaultdict(list)
    for article, signature in signatures.items():
        if signature.shingles >= MIN_SHINGLES:
            for key in signature.sketch[:key_count]:
                holders[key].append(article)
    pairs: dict[tuple[str, str], float] = {}
    for articles in holders.values():
        for pair in itertools.combinations(sorted(articles), 2):
            if pair not in pairs:
                pairs[pair] = resemblance(signatures[pair[0]], signatures[pair[1]])
    return pairs


def components(articles: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components (article -> its component's smallest id): the stories
    `StoryGraph` forms from the same links, whatever the order of additions."""
    parent = {article: article for article in articles}

    def root(article: str) -> str:
        while parent[article] != article:
            parent[article] = parent[parent[article]]
            article = parent[article]
        return article

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {article: root(article) for article in parent}


def sweep(
    pairs: Mapping[tuple[str, str], float], truth: Mapping[str, str], thresholds: Sequence[float]
) -> list[tuple[float, dict[str, float]]]:
    rows = []
    for threshold in thresholds:
        edges = [pair for pair, value in pairs.items() if value >= threshold]
        rows.append((threshold, scores(components(truth, edges), truth)))
    return rows


def f1(figures: Mapping[str, float]) -> float:
    p, r = figures["precision"], figures["recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


def print_sweep(rows: Sequence[tuple[float, dict[str, float]]]) -> None:
    _common.print_table(
        ["threshold", "precision", "recall", "F1", "purity", "predicted pairs"],
        [
            [f"{t:.2f}", f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{f1(s):.4f}",
             f"{s['purity']:.4f}", f"{s['predicted_pairs']:.0f}"]
            for t, s in rows
        ],
    )  # fmt: skip


def quantiles(values: Sequence[float], points: Sequence[float]) -> list[float]:
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, int(p * len(ordered)))] for p in points]


def tune(labelled: Sequence[LabelledRecord], folder: Path) -> None:
    """Sweeps on the tuning half: shingle size, sketch size, keys, threshold.

    The rule for the threshold: for the shingle size whose true pairs and
    different-story pairs lie furthest apart, the midpoint between the lowest
    true pair and the highest different-story pair (the largest margin against
    the estimate's error on both sides).
    """
    articles = read_articles([item.record for item in labelled], folder)
    story_of = {str(item.record["id"]): item.story for item in labelled}
    truth = {article.id: story_of[article.id] for article in articles}
    words = {article.id: story_words(article) for article in articles}
    true_pairs = {
        tuple(sorted(pair))
        for members in _members(truth).values()
        for pair in itertools.combinations(members, 2)
    }
    print(f"tuning half: {len(articles):,} articles, {len(true_pairs):,} true pairs")
    thresholds = [round(0.30 + 0.05 * step, 2) for step in range(11)]
    gaps = []
    for shingle_words in (2, 3, 4, 5):
        signatures = signatures_of(words, shingle_words, 128)
        pairs = linked_pairs(signatures, 10)
        found = [pairs[p] for p in true_pairs if p in pairs]
        hardest = sorted((v, p) for p, v in pairs.items() if p not in true_pairs)[-3:]
        lowest = min(found)
        gaps.append((lowest - hardest[-1][0], shingle_words, (lowest + hardest[-1][0]) / 2))
        print(f"\nshingles of {shingle_words} words, sketch 128, 10 keys: "
              f"{len(found) / len(true_pairs):.4f} of true pairs share a key")
        print("  resemblance of true pairs at quantiles 0, 0.01, 0.05, 0.5: "
              + ", ".join(f"{v:.3f}" for v in quantiles(found, (0, 0.01, 0.05, 0.5))))
        print("  hardest different-story pairs: "
              + "; ".join(f"{v:.3f} {a} / {b}" for v, (a, b) in reversed(hardest)))
        print(f"  gap between them: {lowest - hardest[-1][0]:.3f}, midpoint "
              f"{(lowest + hardest[-1][0]) / 2:.3f}")
        print_sweep(sweep(pairs, truth, thresholds))
    for sketch_size, key_count in ((64, 10), (128, 6), (128, 10), (128, 16), (256, 10)):
        signatures = signatures_of(words, 3, sketch_size)
        pairs = linked_pairs(signatures, key_count)
        print(f"\nshingles of 3 words, sketch {sketch_size}, {key_count} keys: "
              f"{sum(p in pairs for p in true_pairs) / len(true_pairs):.4f} of true pairs "
              f"share a key, {len(pairs):,} pairs compared")
        print_sweep(sweep(pairs, truth, [0.35, 0.40, 0.45, 0.50, 0.55]))
    gap, shingle_words, midpoint = max(gaps)
    print(f"\nwidest gap {gap:.3f} with shingles of {shingle_words} words: threshold "
          f"{midpoint:.3f} (in use: shingles of {SHINGLE_WORDS} words, threshold "
          f"{NEAR_DUPLICATE_RESEMBLANCE})")


# ------------------------------------------------------------------ comparison


def _timed(function: Any, items: Sequence[Any], repeat: int = 3) -> tuple[list[Any], float]:
    """`function` over `items`, and the median microseconds per item over `repeat` runs."""
    times = []
    results: list[Any] = []
    for _ in range(repeat):
        started = time.process_time()
        results = [function(item) for item in items]
        times.append(time.process_time() - started)
    return results, _common.median(times) / len(items) * 1e6


def _simhash(words: Sequence[str]) -> int:
    """64-bit SimHash (Charikar 2002) of the text's word 3-shingles, each weighing 1."""
    hashes = [h & 0xFFFFFFFFFFFFFFFF for h in shingle_hashes(words)]
    half = len(hashes) / 2
    return sum(1 << bit for bit in range(64) if sum((h >> bit) & 1 for h in hashes) > half)


def compare(labelled: Sequence[LabelledRecord], folder: Path) -> None:
    """Other near-duplicate methods on the tuning half: accuracy and cost per article.

    - searchlib: bottom-k MinHash, 128 values, one hash per shingle;
    - datasketch (if installed): classic MinHash with 128 permutations
      (``MinHash.update_batch``) and its ``MinHashLSH`` at the same threshold;
    - SimHash, 64 bits over the same shingles, all pairs compared, at the
      Hamming distance with the best F1 (so its figures are its best case).
    """
    articles = read_articles([item.record for item in labelled], folder)
    story_of = {str(item.record["id"]): item.story for item in labelled}
    truth = {article.id: story_of[article.id] for article in articles}
    ids = [article.id for article in articles]
    words = [story_words(article) for article in articles]
    rows = []

    signatures, cost = _timed(signature_of_words, words)
    pairs = linked_pairs(dict(zip(ids, signatures, strict=True)), 10)
    edges = [pair for pair, value in pairs.items() if value >= NEAR_DUPLICATE_RESEMBLANCE]
    rows.append(("searchlib bottom-k MinHash", scores(components(truth, edges), truth), cost))

    try:
        from datasketch import MinHash, MinHashLSH  # type: ignore[import-not-found]
    except ImportError:
        print("(datasketch is not installed: pip install datasketch to compare with it)")
    else:

        def datasketch_minhash(text_words: list[str]) -> Any:
            shingles = {
                " ".join(text_words[i : i + SHINGLE_WORDS]).encode("utf-8")
                for i in range(max(1, len(text_words) - SHINGLE_WORDS + 1))
            }
            minhash = MinHash(num_perm=128)
            minhash.update_batch(list(shingles))
            return minhash

        minhashes, cost = _timed(datasketch_minhash, words)
        lsh = MinHashLSH(threshold=NEAR_DUPLICATE_RESEMBLANCE, num_perm=128)
        for article_id, minhash in zip(ids, minhashes, strict=True):
            lsh.insert(article_id, minhash)
        by_id = dict(zip(ids, minhashes, strict=True))
        edges = [
            (a, b)
            for a in ids
            for b in lsh.query(by_id[a])
            if a < b and by_id[a].jaccard(by_id[b]) >= NEAR_DUPLICATE_RESEMBLANCE
        ]
        rows.append(("datasketch MinHash + LSH", scores(components(truth, edges), truth), cost))

    simhashes, cost = _timed(_simhash, words, repeat=1)
    distance = {
        (ids[i], ids[j]): (simhashes[i] ^ simhashes[j]).bit_count()
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
    }
    by_limit = {
        limit: scores(components(truth, [p for p, d in distance.items() if d <= limit]), truth)
        for limit in range(17)
    }
    limit = max(by_limit, key=lambda limit: f1(by_limit[limit]))
    rows.append((f"SimHash 64 bits, distance <= {limit}", by_limit[limit], cost))

    print(f"\n{len(articles):,} articles of the tuning half, threshold "
          f"{NEAR_DUPLICATE_RESEMBLANCE}")
    _common.print_table(
        ["method", "precision", "recall", "signature us/article (CPU)"],
        [[name, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{c:.0f}"] for name, s, c in rows],
    )


def _members(labels: Mapping[str, str]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for article, story in labels.items():
        members[story].append(article)
    return members


# ------------------------------------------------------------------- reporting


def index_with_cli(paths: Sequence[Path], index_dir: Path, *options: str) -> _common.ChildRun:
    """`searchlib index PATHS` in a fresh process, as a user runs it; wall and CPU time."""
    shutil.rmtree(index_dir, ignore_errors=True)
    argv = [sys.executable, "-m", "searchlib", "index", *map(str, paths), "-i", str(index_dir)]
    return _common.run_child([*argv, "--quiet", *options])


def indexed_stories(index_dir: Path) -> dict[str, str]:
    """Article id -> story id of every article in stories of more than one article."""
    with ArticleIndex.open(index_dir) as idx:
        return {article.id: story.id for story in idx.stories() for article in story.articles}


def seed_stories(index_dir: Path) -> int:
    """How many stories the five seed articles form in the index (each its own: 5)."""
    with ArticleIndex.open(index_dir) as idx:
        found = [idx.story(path.stem) for path in sorted(SEEDS_DIR.glob("*.txt"))]
    return len({story.id for story in found if story is not None})


def report(labelled: Sequence[LabelledRecord], folder: Path) -> dict[str, Any]:
    """The report half indexed with `searchlib index` (with the seed pages), then read back."""
    articles = read_articles([item.record for item in labelled], folder)
    story_of = {str(item.record["id"]): item.story for item in labelled}
    truth = {article.id: story_of[article.id] for article in articles}
    index_dir = folder / "index"
    index_with_cli([folder / "records.jsonl", SEEDS_DIR], index_dir)
    grouped = indexed_stories(index_dir)
    predicted = {article_id: grouped.get(article_id, article_id) for article_id in truth}
    signatures = {a.id: signature_of_words(story_words(a)) for a in articles}
    pairs = linked_pairs(signatures, KEY_COUNT)
    true_values = [v for (a, b), v in pairs.items() if truth[a] == truth[b]]
    false_values = [v for (a, b), v in pairs.items() if truth[a] != truth[b]]
    return {
        "articles": len(articles),
        "threshold": NEAR_DUPLICATE_RESEMBLANCE,
        **scores(predicted, truth),
        "lowest_true_pair": min(true_values, default=1.0),
        "highest_different_pair": max(false_values, default=0.0),
        "seed_stories": seed_stories(index_dir),
    }


def index_cost(folder: Path, repeat: int) -> dict[str, float]:
    """`searchlib index` of IndoSum with and without stories, alternating, medians."""
    runs: dict[str, list[_common.ChildRun]] = {"with": [], "without": []}
    for _ in range(repeat):
        runs["without"].append(
            index_with_cli([_common.INDOSUM_PATH], folder / "plain", "--no-stories")
        )
        runs["with"].append(index_with_cli([_common.INDOSUM_PATH], folder / "stories"))
    figures: dict[str, float] = {}
    for name, measured in runs.items():
        figures[f"{name}_seconds"] = _common.median([run.wall_s for run in measured])
        figures[f"{name}_cpu_seconds"] = _common.median([run.cpu_s for run in measured])
    figures["time_ratio"] = figures["with_seconds"] / figures["without_seconds"]
    figures["cpu_ratio"] = figures["with_cpu_seconds"] / figures["without_cpu_seconds"]
    figures["repeat"] = float(repeat)
    return figures


def part_costs(repeat: int) -> dict[str, float]:
    """CPU milliseconds per IndoSum article of each part of indexing that stories touch.

    In one process, the parts interleaved in each round, medians of `repeat`
    rounds: steadier on a shared machine than whole `searchlib index` runs, whose
    wall times vary by a factor of two here. `prepare` is a worker's analysis
    of one article into a Whoosh document, with and without the story fields,
    and the signature alone; the graph is the writer placing each article in its
    story.
    """
    articles = [a for a in ingest([_common.INDOSUM_PATH]) if isinstance(a, Article)]
    plain, with_stories = build_schema(stories=False), build_schema(stories=True)
    signatures = [(a.id, article_signature(a).to_bytes()) for a in articles]
    rounds: dict[str, list[float]] = defaultdict(list)
    for number in range(repeat):
        # Each round in the other order, and nothing kept, so neither side pays the
        # other's garbage collection or a cold cache more often.
        parts: list[tuple[str, Callable[[Article], object]]] = [
            ("prepare_without", lambda article: prepare(plain, article)),
            ("prepare_with", lambda article: prepare(with_stories, article)),
            ("signature", lambda article: article_signature(article).to_bytes()),
        ]
        for name, part in parts if number % 2 == 0 else parts[::-1]:
            started = time.process_time()
            for article in articles:
                part(article)
            rounds[name].append(time.process_time() - started)
        graph = StoryGraph()
        started = time.process_time()
        for article_id, signature in signatures:
            graph.add(article_id, Signature.from_bytes(signature))
        rounds["graph"].append(time.process_time() - started)
    figures = {
        f"{name}_ms": _common.median(times) / len(articles) * 1e3 for name, times in rounds.items()
    }
    figures["with_minus_without_ms"] = figures["prepare_with_ms"] - figures["prepare_without_ms"]
    figures["articles"] = float(len(articles))
    return figures


def print_parts(figures: Mapping[str, float], repeat: int) -> None:
    articles = f"{figures['articles']:,.0f}"
    print(f"\nCPU per IndoSum article ({articles}), one process, median of {repeat}:")
    print(f"  worker: analysis without stories  {figures['prepare_without_ms']:.3f} ms")
    print(f"  worker: analysis with stories     {figures['prepare_with_ms']:.3f} ms "
          f"({figures['with_minus_without_ms']:+.3f} ms)")
    print(f"  worker: the signature alone       {figures['signature_ms']:.3f} ms")
    print(f"  writer: placing it in its story   {figures['graph_ms']:.3f} ms")


def print_report(figures: Mapping[str, Any]) -> None:
    print(
        f"\nReport half: {figures['articles']:,} articles, {figures['true_pairs']:,.0f} true "
        f"pairs, threshold {figures['threshold']}"
    )
    for name, target in (("precision", PRECISION_TARGET), ("recall", RECALL_TARGET)):
        verdict = "meets" if figures[name] >= target else "MISSES"
        print(f"  pair {name:9s} {figures[name]:.4f}  ({verdict} the target {target})")
    print(f"  purity         {figures['purity']:.4f}  (articles in multi-article stories)")
    print(f"  stories        {figures['stories']:,.0f}")
    print(
        f"  margin         lowest true pair {figures['lowest_true_pair']:.3f}, highest pair of "
        f"different stories {figures['highest_different_pair']:.3f}"
    )
    print(f"  seed stories   {figures['seed_stories']} of 5 kept apart")
    cost = figures.get("cost")
    if cost:
        print(
            f"\nIndexing IndoSum with `searchlib index` (3,463 articles), median of "
            f"{cost['repeat']:.0f}, alternating:"
        )
        print(f"  without stories  {cost['without_seconds']:6.1f} s   "
              f"{cost['without_cpu_seconds']:6.1f} CPU s")
        print(f"  with stories     {cost['with_seconds']:6.1f} s   "
              f"{cost['with_cpu_seconds']:6.1f} CPU s")
        verdict = "meets" if cost["time_ratio"] <= COST_TARGET else "MISSES"
        print(f"  ratio            {cost['time_ratio']:6.3f}     {cost['cpu_ratio']:6.3f} CPU "
              f"({verdict} the target {COST_TARGET})")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="sweep on the tuning half instead")
    parser.add_argument(
        "--compare", action="store_true", help="other methods on the tuning half instead"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=5, help="indexing runs of each kind")
    parser.add_argument("--no-cost", action="store_true", help="skip the indexing time")
    parser.add_argument(
        "--parts", action="store_true", help="CPU per article of each part instead, in-process"
    )
    parser.add_argument("--save", "--json", dest="save", type=Path)
    parser.add_argument("--baseline", type=Path)
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> None:
    args = parse_args(argv)
    labelled = labelled_set(args.seed)
    split = "tune" if args.tune else "report"
    half = [item for item in labelled if item.split == split]
    _common.WORK_DIR.mkdir(parents=True, exist_ok=True)
    if args.parts:
        parts = part_costs(args.repeat)
        print_parts(parts, args.repeat)
        _common.finish("bench_duplicates_parts", parts, args.save, args.baseline)
        return
    with tempfile.TemporaryDirectory(dir=_common.WORK_DIR) as scratch:
        if args.compare:
            compare([item for item in labelled if item.split == "tune"], Path(scratch))
            return
        if args.tune:
            tune(half, Path(scratch))
            return
        figures = report(half, Path(scratch))
        if not args.no_cost:
            figures["cost"] = index_cost(Path(scratch), args.repeat)
    print_report(figures)
    _common.finish("bench_duplicates", figures, args.save, args.baseline)


if __name__ == "__main__":
    main(sys.argv[1:])
