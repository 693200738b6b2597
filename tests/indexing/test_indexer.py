"""Incremental, parallel, batched indexing through the library and the CLI."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from click.testing import CliRunner
from record_corpus import news_records, write_jsonl

from searchlib import ArticleIndex, store
from searchlib.analysis import stemming
from searchlib.cli import cli
from searchlib.cli.progress import ProgressBar, estimate_articles, format_duration, progress_line
from searchlib.errors import IndexStateError
from searchlib.indexing import index_paths
from searchlib.ingest import Article
from searchlib.results import IndexReport
from searchlib.store import SOURCES_FILE

REPO = Path(__file__).resolve().parents[2]
# The real articles of the shipped IndoSum excerpt (tests/data), all of them.
RECORDS = 40
# Commit batches that cut RECORDS into two whole batches and a partial one.
BATCH = 15


@pytest.fixture()
def pages(tmp_path: Path, seeds_dir: Path) -> Path:
    """A private copy of the seed pages, free to edit and delete."""
    folder = tmp_path / "pages"
    shutil.copytree(seeds_dir, folder)
    return folder


@pytest.fixture()
def records(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "news.jsonl", news_records(RECORDS))


@pytest.fixture()
def new_index(tmp_path: Path) -> Iterator[ArticleIndex]:
    with ArticleIndex.create(tmp_path / "index") as idx:
        yield idx


def _page_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def _edit_page(path: Path) -> None:
    """Add a sentence to the story so the article's content changes."""
    text = path.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    middle = len(paragraphs) // 2
    paragraphs[middle] += " Pertemuan lanjutan dijadwalkan pekan depan di Jenewa."
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")


# -- incremental -------------------------------------------------------------------


def test_second_run_skips_every_unchanged_article(new_index: ArticleIndex, pages: Path) -> None:
    first = new_index.add([pages], jobs=1)
    second = new_index.add([pages], jobs=1)
    assert (first.added, first.skipped) == (len(_page_files(pages)), 0)
    assert (second.added, second.updated, second.skipped) == (0, 0, first.added)
    assert len(new_index) == first.added


def test_changed_page_is_replaced_not_duplicated(new_index: ArticleIndex, pages: Path) -> None:
    new_index.add([pages], jobs=1)
    changed = _page_files(pages)[0]
    _edit_page(changed)
    report = new_index.add([pages], jobs=1)
    assert (report.added, report.updated, report.skipped) == (0, 1, len(_page_files(pages)) - 1)
    assert len(new_index) == len(_page_files(pages))
    article = new_index.get(changed.stem)
    assert article is not None and "Pertemuan lanjutan" in article.text


def test_new_pages_are_added_to_an_existing_index(
    new_index: ArticleIndex, pages: Path, records: Path
) -> None:
    new_index.add([pages], jobs=1)
    report = new_index.add([pages, records], jobs=1)
    assert (report.added, report.skipped) == (RECORDS, len(_page_files(pages)))


def test_prune_removes_articles_whose_page_is_gone(new_index: ArticleIndex, pages: Path) -> None:
    new_index.add([pages], jobs=1)
    gone = _page_files(pages)[1]
    gone.unlink()
    kept = new_index.add([pages], jobs=1)
    assert kept.removed == 0 and new_index.get(gone.stem) is not None
    pruned = new_index.add([pages], jobs=1, prune=True)
    assert pruned.removed == 1
    assert new_index.get(gone.stem) is None
    assert len(new_index) == len(_page_files(pages))


def test_prune_removes_records_dropped_from_a_record_file(
    new_index: ArticleIndex, tmp_path: Path
) -> None:
    all_records = news_records(10)
    corpus = write_jsonl(tmp_path / "news.jsonl", all_records)
    new_index.add([corpus], jobs=1)
    write_jsonl(corpus, all_records[:7])
    report = new_index.add([corpus], jobs=1, prune=True)
    assert (report.removed, report.skipped) == (3, 7)
    assert len(new_index) == 7


def test_prune_refuses_when_relative_sources_are_not_visible_from_here(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(seeds_dir, tmp_path / "built-here" / "pages")
    monkeypatch.chdir(tmp_path / "built-here")
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add([Path("pages")], jobs=1)
        monkeypatch.chdir(tmp_path)
        with pytest.raises(IndexStateError, match="pruning found none"):
            idx.add([], jobs=1, prune=True)
        assert len(idx) == len(_page_files(tmp_path / "built-here" / "pages"))


def test_unchanged_record_file_is_not_read_again(
    new_index: ArticleIndex, records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_index.add([records], jobs=1)
    logged = json.loads((new_index.path / SOURCES_FILE).read_text(encoding="utf-8"))
    assert logged["files"][str(records)]["articles"] == RECORDS

    def must_not_read(*_args: object, **_kwargs: object) -> Iterator[Article]:
        raise AssertionError("an unchanged record file was read")

    monkeypatch.setattr("searchlib.indexing.plan.iter_source", must_not_read)
    monkeypatch.setattr("searchlib.indexing.plan.record_tasks", must_not_read)
    report = new_index.add([records], jobs=1)
    assert (report.added, report.skipped) == (0, RECORDS)


def test_a_touched_record_file_is_read_and_compared_by_hash(
    new_index: ArticleIndex, records: Path
) -> None:
    new_index.add([records], jobs=1)
    lines = records.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = json.loads(lines[0])
    assert " dan " in changed["text"]
    changed["text"] = changed["text"].replace(" dan ", " serta ", 1)
    lines[0] = json.dumps(changed, ensure_ascii=False) + "\n"
    records.write_text("".join(lines), encoding="utf-8")
    report = new_index.add([records], jobs=1)
    assert (report.added, report.updated, report.skipped) == (0, 1, RECORDS - 1)


# -- batches -----------------------------------------------------------------------


def test_commits_in_batches_and_reports_them(new_index: ArticleIndex, records: Path) -> None:
    report = index_paths(new_index._ix, [records], jobs=1, batch_size=BATCH)
    assert (report.committed, report.batches) == (RECORDS, 3)
    assert report.commit_summary() == f"{RECORDS} changes committed in 3 batches"


def test_an_interrupted_run_keeps_whole_committed_batches(
    new_index: ArticleIndex, records: Path
) -> None:
    report = IndexReport()
    seen_when_interrupted = BATCH + BATCH * 2 // 3  # in the middle of the second batch

    def interrupt_in_the_second_batch(progress: IndexReport) -> None:
        if progress.seen == seen_when_interrupted:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_paths(
            new_index._ix, [records], jobs=1, batch_size=BATCH,
            progress=interrupt_in_the_second_batch, report=report,
        )
    assert report.committed == BATCH
    assert len(new_index) == BATCH
    rerun = new_index.add([records], jobs=1)
    assert (rerun.added, rerun.skipped) == (RECORDS - BATCH, BATCH)


def test_the_same_id_twice_in_one_run_is_indexed_once(
    new_index: ArticleIndex, tmp_path: Path
) -> None:
    first, second = news_records(2)
    second = {**second, "id": first["id"]}
    corpus = write_jsonl(tmp_path / "dupes.jsonl", [first, second])
    report = new_index.add([corpus], jobs=1)
    assert (report.added, report.updated, report.duplicates) == (1, 0, 1)
    assert len(new_index) == 1
    article = new_index.get(first["id"])  # the first copy is kept, the second reported
    # (its opening credit, if any, has gone to the outlet field)
    assert article is not None and article.text[:40] in first["text"]
    assert article.text[:40] not in second["text"]


# -- parallel ----------------------------------------------------------------------


def test_parallel_and_sequential_builds_hold_the_same_index(
    tmp_path: Path, pages: Path, records: Path
) -> None:
    built = {}
    for jobs in (1, 2):
        with ArticleIndex.create(tmp_path / f"jobs{jobs}") as idx:
            report = idx.add([pages, records], jobs=jobs)
            results = {
                query: [(hit.id, round(hit.score, 6)) for hit in idx.search(query, snippets=0)]
                for query in ("pertemuan", "presiden jokowi", '"bank indonesia"', "korupsi")
            }
            built[jobs] = (report.summary(), sorted(idx, key=lambda a: a.id), results)
    assert built[1] == built[2]
    assert built[1][0].startswith(f"{RECORDS + len(_page_files(pages))} added")


def test_add_articles_takes_articles_made_elsewhere(
    new_index: ArticleIndex, seed_index: ArticleIndex
) -> None:
    articles = list(seed_index)
    first = new_index.add_articles(articles)
    second = new_index.add_articles(articles, jobs=2)
    assert (first.added, second.skipped) == (len(articles), len(articles))


# -- stem cache --------------------------------------------------------------------


def test_stems_are_saved_and_reused_by_the_next_run(
    new_index: ArticleIndex, pages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stemming.clear_stem_cache()
    new_index.add([pages], jobs=1)
    saved = store.load_stem_cache(new_index.path)
    assert saved.get("pertemuan") == "temu"

    stemming.clear_stem_cache()
    calls: list[str] = []

    class CountingStemmer:
        dictionary = SimpleNamespace(contains=lambda word: True)

        def stem_word(self, word: str) -> str:
            calls.append(word)
            return word

    monkeypatch.setattr(stemming, "_stemmer", CountingStemmer())
    for page in _page_files(pages):
        _edit_page(page)
    report = new_index.add([pages], jobs=1)
    assert report.updated == len(_page_files(pages))
    assert "pertemuan" not in calls
    assert len(calls) < len(saved) / 10


# -- concurrent use ----------------------------------------------------------------

_SLOW_BUILD = """
import sys
from pathlib import Path
from searchlib import store
from searchlib.indexing import index_paths
ix = store.open_index(Path(sys.argv[1]))
print("start", flush=True)
index_paths(ix, [sys.argv[2]], jobs=1, batch_size=int(sys.argv[3]))
"""


def test_searches_during_a_build_see_whole_batches(tmp_path: Path, records: Path) -> None:
    folder = tmp_path / "index"
    ArticleIndex.create(folder).close()
    batch = 5
    build = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, str(folder), str(records), str(batch)],
        stdout=subprocess.PIPE, text=True,
    )
    assert build.stdout is not None and build.stdout.readline().strip() == "start"
    sizes = set()
    try:
        while build.poll() is None:
            with ArticleIndex.open(folder) as idx:
                count = len(idx)
                hits = idx.search("indonesia", limit=5, snippets=1)
                # The search reads the index a moment after len(): a batch
                # may land in between, never leave (this build only adds).
                assert hits.total <= len(idx)
            sizes.add(count)
            time.sleep(0.02)
    finally:
        build.wait()
    assert build.returncode == 0
    assert all(size % batch == 0 for size in sizes)
    with ArticleIndex.open(folder) as idx:
        assert len(idx) == RECORDS


# -- the crash test, short version ------------------------------------------------


def _crash_stress() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "crash_stress", REPO / "tests" / "stress" / "crash_stress.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("jobs", [1, 2])
def test_killed_builds_lose_no_committed_article(tmp_path: Path, jobs: int) -> None:
    crash = _crash_stress()
    corpus = write_jsonl(tmp_path / "corpus.jsonl", news_records(200))
    expected = crash.corpus_articles(corpus)
    duration = crash.timed_build(corpus, tmp_path, 25, jobs)
    for number, share in enumerate((0.35, 0.8)):
        workdir = tmp_path / f"trial-{number}"
        workdir.mkdir()
        result = crash.run_trial(
            corpus, expected, workdir, kill_after=share * duration, batch=25, jobs=jobs
        )
        assert result.ok, result.problems
        assert result.lost == 0


# -- the command line ------------------------------------------------------------


def test_cli_index_prints_the_summary_on_stderr_only(tmp_path: Path, pages: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "index"
    first = runner.invoke(cli, ["index", str(pages), "-i", str(folder), "--jobs", "1"])
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    assert f"indexed: {len(_page_files(pages))} added" in first.stderr
    assert "\r" not in first.stderr  # no progress bar off a terminal
    again = runner.invoke(cli, ["index", str(pages), "-i", str(folder)])
    assert f"{len(_page_files(pages))} unchanged" in again.stderr


def test_cli_quiet_prints_nothing(tmp_path: Path, pages: Path) -> None:
    result = CliRunner().invoke(cli, ["index", str(pages), "-i", str(tmp_path / "i"), "-q"])
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "")


def test_cli_prune_and_rebuild(tmp_path: Path, pages: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "index"
    runner.invoke(cli, ["index", str(pages), "-i", str(folder), "-j", "1"])
    _page_files(pages)[0].unlink()
    pruned = runner.invoke(cli, ["index", str(pages), "-i", str(folder), "--prune", "-j", "1"])
    assert "1 removed" in pruned.stderr
    rebuilt = runner.invoke(cli, ["index", str(pages), "-i", str(folder), "--rebuild", "-j", "1"])
    assert f"{len(_page_files(pages))} added" in rebuilt.stderr


def test_cli_second_writer_fails_after_the_lock_timeout(tmp_path: Path, pages: Path) -> None:
    folder = tmp_path / "index"
    ArticleIndex.create(folder).close()
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time; from pathlib import Path; from searchlib import store\n"
            "with store.write_lock(store.open_index(Path(sys.argv[1]))):\n"
            "    print('locked', flush=True); time.sleep(60)",
            str(folder),
        ],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = CliRunner().invoke(
            cli, ["index", str(pages), "-i", str(folder), "--lock-timeout", "0.2"]
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("searchlib: error: index is locked by another process")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_optimize_merges_segments(tmp_path: Path, records: Path) -> None:
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as idx:
        index_paths(idx._ix, [records], jobs=1, batch_size=10)
    result = CliRunner().invoke(cli, ["optimize", "-i", str(folder)])
    assert result.exit_code == 0
    assert result.stderr.startswith("optimized:")
    with ArticleIndex.open(folder) as idx:
        assert len(idx._ix._segments()) == 1
        assert len(idx) == RECORDS
    again = CliRunner().invoke(cli, ["optimize", "-i", str(folder)])
    assert "already a single segment" in again.stderr


def test_remove_deletes_by_id(new_index: ArticleIndex, pages: Path) -> None:
    new_index.add([pages], jobs=1)
    victim = _page_files(pages)[0].stem
    assert new_index.remove([victim, "no-such-id"]) == 1
    assert new_index.get(victim) is None


# -- progress ----------------------------------------------------------------------


def test_progress_line_shows_count_rate_and_eta() -> None:
    assert progress_line(100, 400, 10.0) == "100/400 articles  10/s  ETA 0:30"
    assert progress_line(50, 0, 5.0) == "50 articles  10/s"
    assert format_duration(3725) == "1:02:05"


def test_estimate_counts_pages_and_record_lines(pages: Path, records: Path) -> None:
    assert estimate_articles([pages, records]) == len(_page_files(pages)) + RECORDS


def test_progress_bar_redraws_in_place_and_clears(tmp_path: Path) -> None:
    ticks = iter([0.0, 1.0, 1.05, 2.0])
    out = tmp_path / "bar.txt"
    with out.open("w", encoding="utf-8") as stream:
        bar = ProgressBar(stream, 10, clock=lambda: next(ticks))
        bar(IndexReport(added=2))
        bar(IndexReport(added=3))  # within 1/5 s of the last draw: skipped
        bar(IndexReport(added=6))
        bar.clear()
    with out.open(encoding="utf-8", newline="") as written:
        text = written.read()
    assert text.count("\r") == 4  # two draws, then the clearing line
    assert "2/10 articles" in text and "6/10 articles" in text and "3/10" not in text
