"""Kill an index build at random moments and check that nothing committed is lost.

Each trial starts a build of a few thousand real articles in a child process
(with its worker processes), kills the whole process group with SIGKILL at a
random moment, and then checks that:

- the index opens (no damage, no stale lock: a writer gets the lock at once);
- every article of every batch the child reported as committed is there, can
  be read back whole, and is found by a search for its own title;
- the index holds whole batches only (a commit is all or nothing): the first
  articles of the corpus and no others, and with one job a multiple of the batch
  size (worker processes end a batch after the tasks they already hold, so
  their batches are a little longer);
- running the same build again completes, with every article indexed once.

Usage (from the repository root; the full run takes several minutes):

    python tests/stress/crash_stress.py                    # 20 trials
    python tests/stress/crash_stress.py --trials 50 --articles 3000 --seed 7

It prints one line per trial and then `trials=N ok=N lost=N`; the exit code is
1 if any trial lost a committed article or failed a check. The test suite runs
a short version (tests/test_indexer.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INDOSUM = REPO.parent / "shared" / "eval" / "indosum" / "articles.jsonl"
# Small batches make many commits per build, so kills land between and inside them.
DEFAULT_BATCH = 100
DEFAULT_ARTICLES = 2000
DEFAULT_TRIALS = 20

# The child: build the index, logging the committed count after every commit.
_CHILD = """
import os, sys
from pathlib import Path
from searchlib import store
from searchlib.indexing import index_paths

corpus, folder, log_path, batch, jobs = sys.argv[1:6]
folder = Path(folder)
if store.index_exists(folder):
    whoosh_ix = store.open_index(folder)
else:
    whoosh_ix = store.create_index(folder)
log = open(log_path, "a", encoding="utf-8")
last = [-1]

def note(report):
    if report.committed != last[0]:
        last[0] = report.committed
        log.write(f"{report.committed}\\n")
        log.flush()
        os.fsync(log.fileno())

print("started", flush=True)
report = index_paths(whoosh_ix, [corpus], jobs=int(jobs), batch_size=int(batch),
                     progress=note, lock_timeout=0)
note(report)
print("done", report.summary(), flush=True)
"""


@dataclass(frozen=True)
class TrialResult:
    killed_after: float
    committed_logged: int
    found: int
    lost: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def write_corpus(path: Path, articles: int) -> list[dict[str, str]]:
    """The first `articles` IndoSum records, as a JSONL file; returns them."""
    records = []
    with INDOSUM.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                records.append(json.loads(line))
            if len(records) >= articles:
                break
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def corpus_articles(corpus: Path) -> list[tuple[str, str]]:
    """(id, title) of each article of `corpus`, in order, as searchlib reads them."""
    from searchlib.ingest import Article, ingest

    return [(e.id, e.title) for e in ingest([corpus]) if isinstance(e, Article)]


def start_build(
    corpus: Path, folder: Path, log: Path, batch: int, jobs: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(corpus), str(folder), str(log), str(batch), str(jobs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes the workers too
        cwd=REPO,
    )


def kill_group(child: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.communicate()


def last_logged(log: Path) -> int:
    try:
        counts = [int(line) for line in log.read_text(encoding="utf-8").split()]
    except (OSError, ValueError):
        return 0
    return max(counts, default=0)


def check_index(
    folder: Path, expected: Sequence[tuple[str, str]], committed: int, batch: int, jobs: int
) -> tuple[int, int, list[str]]:
    """(articles found, committed articles lost, problems) of a killed build."""
    from searchlib import ArticleIndex, store
    from searchlib.errors import SearchlibError

    problems: list[str] = []
    try:
        idx = ArticleIndex.open(folder)
    except SearchlibError as error:
        return 0, committed, [f"does not open: {error}"]
    with idx:
        found = len(idx)
        if found < committed:
            problems.append(f"holds {found} articles, {committed} were committed")
        if jobs == 1 and found % batch and found != len(expected):
            problems.append(f"holds {found} articles: not whole batches of {batch}")
        if {article.id for article in idx} != {article_id for article_id, _ in expected[:found]}:
            problems.append(f"holds {found} articles that are not the corpus's first {found}")
        lost = 0
        for article_id, title in expected[:committed]:
            article = idx.get(article_id)
            if article is None or article.title != title:
                lost += 1
        if lost:
            problems.append(f"{lost} committed articles missing or damaged")
        for article_id, title in random.sample(list(expected[:committed]), min(5, committed)):
            # Uncollapsed: the rotated variants are syndicated copies of their original.
            hits = idx.search(
                '"' + title.replace('"', ' ') + '"', limit=50, snippets=0, collapse=False
            )
            if article_id not in {hit.id for hit in hits}:
                problems.append(f"committed article {article_id} not found by its title")
    try:
        with store.write_lock(store.open_index(folder), timeout=0):
            pass
    except SearchlibError as error:
        problems.append(f"stale lock: {error}")
    return found, lost, problems


def finish_build(
    corpus: Path, folder: Path, log: Path, expected: Sequence[tuple[str, str]], batch: int,
    jobs: int,
) -> list[str]:
    """Re-run the build to the end and check it holds every article once."""
    from searchlib import ArticleIndex

    child = start_build(corpus, folder, log, batch, jobs)
    out, err = child.communicate(timeout=1800)
    if child.returncode != 0:
        return [f"re-run failed ({child.returncode}): {err.strip().splitlines()[-1:]}"]
    with ArticleIndex.open(folder) as idx:
        ids = [article.id for article in idx]
    problems = []
    if sorted(ids) != sorted(article_id for article_id, _ in expected):
        problems.append(f"after the re-run: {len(ids)} articles, {len(set(ids))} distinct, "
                        f"{len(expected)} expected")
    return problems


def run_trial(
    corpus: Path,
    expected: Sequence[tuple[str, str]],
    workdir: Path,
    *,
    kill_after: float,
    batch: int,
    jobs: int,
) -> TrialResult:
    folder = workdir / "index"
    log = workdir / "committed.log"
    child = start_build(corpus, folder, log, batch, jobs)
    assert child.stdout is not None
    child.stdout.readline()  # "started": the interpreter and searchlib are loaded
    time.sleep(kill_after)
    kill_group(child)
    committed = last_logged(log)
    found, lost, problems = check_index(folder, expected, committed, batch, jobs)
    problems += finish_build(corpus, folder, log, expected, batch, jobs)
    return TrialResult(kill_after, committed, found, lost, tuple(problems))


def timed_build(corpus: Path, workdir: Path, batch: int, jobs: int) -> float:
    """Seconds one uninterrupted build takes here, to spread the kills over it."""
    started = time.monotonic()
    child = start_build(corpus, workdir / "calibration", workdir / "calibration.log", batch, jobs)
    child.communicate(timeout=1800)
    return time.monotonic() - started


def trials(
    count: int, articles: int, batch: int, jobs: int, seed: int
) -> Iterator[TrialResult]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="searchlib-crash-") as scratch:
        root = Path(scratch)
        corpus = root / "corpus.jsonl"
        write_corpus(corpus, articles)
        expected = corpus_articles(corpus)
        duration = timed_build(corpus, root, batch, jobs)
        for number in range(count):
            workdir = root / f"trial-{number}"
            workdir.mkdir()
            yield run_trial(
                corpus, expected, workdir,
                kill_after=rng.uniform(0.05, duration), batch=batch, jobs=jobs,
            )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=DEFAULT_TRIALS)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    results = []
    for number, result in enumerate(
        trials(args.trials, args.articles, args.batch, args.jobs, args.seed), start=1
    ):
        results.append(result)
        status = "ok" if result.ok else "FAIL " + "; ".join(result.problems)
        print(
            f"trial {number:>2}: killed after {result.killed_after:5.1f}s, "
            f"{result.committed_logged:>5} committed, {result.found:>5} found, "
            f"{result.lost} lost: {status}",
            flush=True,
        )
    ok = sum(result.ok for result in results)
    lost = sum(result.lost for result in results)
    print(f"trials={len(results)} ok={ok} lost={lost}")
    return 0 if ok == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
