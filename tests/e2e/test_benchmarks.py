"""The pure logic of the benchmark scripts: generator, loaders, statistics,
query set, metric wiring and child-process measurement.

The benchmarks themselves are run by hand (see docs/benchmarks.md); these
tests keep the parts their figures depend on honest.
"""

from __future__ import annotations

import json
import pickle
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from record_corpus import INDOSUM_EXCERPT

BENCH_DIR = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH_DIR))

import _common  # noqa: E402
import _syndication  # noqa: E402
import bench_adversarial  # noqa: E402
import bench_duplicates  # noqa: E402
import bench_incremental  # noqa: E402
import bench_query  # noqa: E402
import make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def source_articles() -> list[dict[str, object]]:
    """The real IndoSum articles that ship with the tests: ten outlets, five sections."""
    return make_corpus.load_source_articles(INDOSUM_EXCERPT)


# ----------------------------------------------------------------- make_corpus


def test_generator_is_deterministic_for_a_seed(source_articles: list[dict[str, object]]) -> None:
    first = list(make_corpus.generate_records(source_articles, 200, seed=5))
    again = list(make_corpus.generate_records(source_articles, 200, seed=5))
    other = list(make_corpus.generate_records(source_articles, 200, seed=6))
    assert first == again
    assert [r["text"] for r in first] != [r["text"] for r in other]


def test_generator_uses_only_real_paragraphs(source_articles: list[dict[str, object]]) -> None:
    real = {p for rec in source_articles for p in make_corpus.paragraphs_of(str(rec["text"]))}
    records = list(make_corpus.generate_records(source_articles, 300, seed=2))
    for record in records:
        paragraphs = make_corpus.paragraphs_of(record["text"])
        assert paragraphs
        assert set(paragraphs) <= real


def test_generated_records_look_like_indosum(source_articles: list[dict[str, object]]) -> None:
    records = list(make_corpus.generate_records(source_articles, 300, seed=3))
    real_keys = set(source_articles[0]) - {"summary"}
    outlets = {rec["source"] for rec in source_articles}
    earliest = min(str(rec["date_utc"]) for rec in source_articles)
    latest = max(str(rec["date_utc"]) for rec in source_articles)
    assert len({rec["id"] for rec in records}) == len(records)
    for record in records:
        assert set(record) == real_keys
        assert record["source"] in outlets
        assert earliest <= record["date_utc"] <= latest
        assert record["title_slug"].strip()
    # Not every article is a copy of one real article: recombination happened.
    real_texts = {rec["text"] for rec in source_articles}
    assert sum(rec["text"] not in real_texts for rec in records) > len(records) // 4


def test_parse_count_reads_thousands_and_millions() -> None:
    assert make_corpus.parse_count("10k") == 10_000
    assert make_corpus.parse_count("100K") == 100_000
    assert make_corpus.parse_count("1m") == 1_000_000
    assert make_corpus.parse_count("2500") == 2_500
    with pytest.raises(ValueError):
        make_corpus.parse_count("0")


def test_corpus_path_changes_with_every_parameter() -> None:
    paths = {
        make_corpus.corpus_path(10_000, 1),
        make_corpus.corpus_path(10_000, 2),
        make_corpus.corpus_path(100_000, 1),
    }
    assert len(paths) == 3
    assert all(path.parent == _common.WORK_DIR for path in paths)


# ------------------------------------------------------------------- loaders


def test_parse_queries_keeps_the_question_only() -> None:
    lines = ["q1\tSiapa presiden pertama?\tSoekarno\n", "\n", "q2\tApa ibu kota Jepang?\n"]
    assert _common.parse_queries(lines) == {
        "q1": "Siapa presiden pertama?",
        "q2": "Apa ibu kota Jepang?",
    }
    with pytest.raises(ValueError):
        _common.parse_queries(["no tab here\n"])


def test_parse_qrels_groups_judgments_by_query() -> None:
    lines = ["q1 0 d1 1\n", "q1 0 d2 0\n", "q2 0 d9 2\n", "\n"]
    assert _common.parse_qrels(lines) == {"q1": {"d1": 1, "d2": 0}, "q2": {"d9": 2}}
    with pytest.raises(ValueError):
        _common.parse_qrels(["q1 d1 1\n"])


@pytest.mark.eval_data
@pytest.mark.parametrize("collection", _common.COLLECTIONS)
@pytest.mark.parametrize("split", _common.SPLITS)
def test_real_collections_load_consistently(collection: str, split: str) -> None:
    folder = _common.collection_dir(collection)
    queries = _common.load_queries(collection, split)
    qrels = _common.load_qrels(collection, split)
    with (folder / f"queries_{split}.tsv").open(encoding="utf-8") as lines:
        assert len(queries) == sum(1 for line in lines if line.strip())
    assert all(text.strip() and "\t" not in text for text in queries.values())
    assert set(qrels) <= set(queries)
    corpus_ids = set(_common.load_corpus(collection))
    assert {docid for judged in qrels.values() for docid in judged} <= corpus_ids


def test_unknown_collection_is_refused() -> None:
    with pytest.raises(ValueError):
        _common.collection_dir("msmarco")


# ---------------------------------------------------------------- statistics


def test_percentile_interpolates_linearly() -> None:
    assert _common.percentile([1, 2, 3, 4], 50) == 2.5
    assert _common.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert _common.percentile([7.0], 95) == 7.0


def test_percentile_ignores_input_order_and_spans_min_to_max() -> None:
    values = [9.0, 1.0, 5.0, 3.0, 7.0]
    assert _common.percentile(values, 0) == 1.0
    assert _common.percentile(values, 100) == 9.0
    assert _common.percentile(values, 50) == 5.0
    assert _common.percentile(values, 25) == _common.percentile(sorted(values), 25) == 3.0


def test_percentile_refuses_empty_input_and_bad_rank() -> None:
    with pytest.raises(ValueError):
        _common.percentile([], 50)
    with pytest.raises(ValueError):
        _common.percentile([1.0], 101)


def test_compare_figures_reports_the_ratio_of_shared_figures() -> None:
    now = {"facqa": {"whoosh": {"nDCG@10": 0.9, "label": "x"}}, "only_now": 1}
    before = {"facqa": {"whoosh": {"nDCG@10": 0.6}}}
    lines = _common.compare_figures(now, before)
    assert len(lines) == 2
    assert lines[1].startswith("facqa/whoosh/nDCG@10")
    assert lines[1].endswith("1.50x")


def test_run_child_measures_each_child_alone(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(
        "import json, sys\n"
        "block = bytearray(int(sys.argv[1]) * 1024 * 1024)\n"
        "print(json.dumps({'size': len(block)}))\n",
        encoding="utf-8",
    )
    big = _common.run_child(_common.python_argv(script, "600"))
    small = _common.run_child(_common.python_argv(script, "1"))
    assert big.result == {"size": 600 * 1024 * 1024}
    assert big.peak_rss_bytes > 600 * 1024 * 1024
    # A later, smaller child is not charged with the earlier child's peak. (Its own
    # peak includes the moment it was a fork of this test process, some 100-150 MB,
    # so it is compared with the big child's, not with a fixed size.)
    assert small.peak_rss_bytes < big.peak_rss_bytes / 2


def test_directory_size_counts_nested_files(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 32)
    assert _common.directory_size(tmp_path) == 42


# ------------------------------------------------------------ relevance wiring


def test_a_judged_copy_listed_under_its_hit_counts_as_seen(tmp_path: Path) -> None:
    """Two copies of one passage are one story: one is the hit, the other is listed
    under it, and the relevance benchmarks rank it right after its hit."""
    from searchlib import Article, ArticleIndex

    text = (
        "Menteri Luar Negeri Rusia Sergei Lavrov bertemu Antony Blinken di Jenewa untuk "
        "membahas ketegangan di perbatasan Ukraina, kata juru bicara kementerian pada Jumat."
    )
    other = "Harga minyak dunia naik tajam setelah OPEC memangkas produksi bulan depan."
    articles = [
        Article(id="salinan-a", source_path="a.txt", title="", body=(text,)),
        Article(
            id="salinan-b", source_path="b.txt", title="", body=(text.replace("Jumat", "Jumat.."),)
        ),
        Article(id="lain", source_path="c.txt", title="", body=(other,)),
    ]
    with ArticleIndex.create(tmp_path / "ix") as idx:
        idx.add_articles(articles)
        hits = idx.search("Lavrov Blinken Jenewa", snippets=0).hits
    assert len(hits) == 1
    assert sorted(_common.seen_ids(hits)) == ["salinan-a", "salinan-b"]
    assert _common.seen_ids(hits)[0] == hits[0].id


def test_evaluation_counts_queries_without_results_as_zero() -> None:
    pytest.importorskip("ir_measures")
    import bench_relevance

    qrels = {"q1": {"d1": 1}, "q2": {"d2": 1}}
    perfect = bench_relevance.evaluate({"q1": ["d1", "x"], "q2": ["d2"]}, qrels)
    half = bench_relevance.evaluate({"q1": ["d1"], "q2": []}, qrels)
    assert perfect["nDCG@10"] == pytest.approx(1.0)
    assert half["nDCG@10"] == pytest.approx(0.5)
    assert half["RR@10"] == pytest.approx(0.5)


def test_rank_run_scores_by_returned_order() -> None:
    pytest.importorskip("ir_measures")
    import bench_relevance

    run = bench_relevance.rank_run({"q1": ["b", "a", "b"]}, ["q1", "q2"])
    assert run["q1"]["b"] > run["q1"]["a"]
    assert list(run["q2"]) == [bench_relevance.NO_RESULT_DOCID]


def test_stemming_baselines_survive_the_schema_pickle() -> None:
    pytest.importorskip("Stemmer")
    import _systems

    for system, word, stem in (
        ("sastrawi", "membangunkan", "bangun"),
        ("snowball", "bukunya", "buku"),
    ):
        analyzer = pickle.loads(pickle.dumps(_systems.analyzer_for(system)))
        assert [token.text for token in analyzer(f"Kami {word.upper()}")] == ["kami", stem]


# ------------------------------------------------------- news known items


def test_news_halves_are_fixed_and_balanced() -> None:
    import bench_news

    ids = [f"article-{n}" for n in range(2000)]
    halves = [bench_news.half_of(article_id) for article_id in ids]
    assert halves == [bench_news.half_of(article_id) for article_id in ids]
    assert set(halves) == set(bench_news.HALVES)
    assert 900 < halves.count("test") < 1100


def test_news_queries_are_the_words_of_the_chosen_sentence() -> None:
    import bench_news

    record = {
        "id": "a1",
        "summary": 'Dr. Andi Wijaya (45) menilai "kisruh" taksi online - perlu diatur. '
        "Kalimat kedua ringkasan. Kalimat ketiga di sini.",
        "text": "Jakarta, CNN Indonesia -- Paragraf pembuka.\n\n"
        "Satu dua tiga empat lima enam tujuh delapan. Kalimat pendek saja.\n\n"
        "Sembilan sepuluh sebelas dua belas tiga belas empat belas lima belas.",
    }
    # The abbreviation does not end the sentence; punctuation and the lone dash go.
    assert bench_news.query_words(bench_news.summary_first(record) or "")[:6] == [
        "Dr", "Andi", "Wijaya", "45", "menilai", "kisruh",
    ]  # fmt: skip
    assert bench_news.summary_last(record) == "Kalimat ketiga di sini."
    # The middle long sentence after the first paragraph; short sentences are skipped.
    assert bench_news.middle_sentence(record) == (
        "Sembilan sepuluh sebelas dua belas tiga belas empat belas lima belas."
    )
    # A link to another article is not the story's sentence, however long.
    linked = dict(record, text=record["text"].replace(
        "Kalimat pendek saja.", "Kalimat pendek saja.\n\nBaca juga: Delapan kata judul berita lain "
        "tentang taksi online di Jakarta\n\nSIMAK JUGA Tujuh kata judul lain yang tidak dicari"
    ))  # fmt: skip
    assert bench_news.middle_sentence(linked) == bench_news.middle_sentence(record)
    queries, qrels = bench_news.known_item_queries([record], "summary", 4, "all")
    assert queries == {"a1": "Dr Andi Wijaya 45"}
    assert qrels == {"a1": {"a1": 1}}
    held_out = bench_news.half_of("a1")
    other = next(half for half in bench_news.HALVES if half != held_out)
    assert bench_news.known_item_queries([record], "summary", 4, other) == ({}, {})


def test_known_item_figures_count_first_places_and_misses() -> None:
    pytest.importorskip("ir_measures")
    import bench_news

    qrels = {"q1": {"d1": 1}, "q2": {"d2": 1}, "q3": {"d3": 1}}
    ranked = {"q1": ["d1", "x"], "q2": ["x", "d2"], "q3": ["x"] * 5}
    figures = bench_news.known_item_figures(ranked, qrels)
    assert (figures["rank1"], figures["misses"], figures["queries"]) == (1, 1, 3)
    assert figures["RR@10"] == pytest.approx((1 + 0.5 + 0) / 3)


# ------------------------------------------------------------------ tuning


def test_descent_raises_the_worst_margin_first(tmp_path: Path) -> None:
    import tune_relevance

    from searchlib.query import DEFAULT_RANKING, Ranking

    def task(name: str, group: str) -> tune_relevance.Task:
        return tune_relevance.Task(name, group, tmp_path, {}, {}, baseline=1.0)

    class Synthetic(tune_relevance.Evaluator):
        """News peaks at title 0.5; FacQA prefers k1 1.2 and is the binding bar."""

        def __call__(self, ranking: Ranking, label: str) -> dict[str, float]:
            return {
                "facqa": 1.025 - abs(ranking.k1 - 1.2) / 100,
                "news/6": 1.0 - abs(ranking.title - 0.5) / 10,
            }

    evaluate = Synthetic([task("facqa", "facqa"), task("news/6", "news")])
    grid = [("k1", [0.9, 1.6]), ("title", [0.25, 0.5, 1.0])]
    path = tune_relevance.descend(evaluate, grid, DEFAULT_RANKING, rounds=3)
    final = path[-1][1]
    # Moving k1 only lowers FacQA's margin, so it stays; the title moves to news's peak.
    assert (final.k1, final.title) == (DEFAULT_RANKING.k1, 0.5)
    assert evaluate.objective(evaluate(final, "final"))[0] == pytest.approx(0.0)


def test_knobs_of_empty_fields_do_not_make_a_new_variant(tmp_path: Path) -> None:
    import tune_relevance

    from searchlib import Article, ArticleIndex
    from searchlib.query import DEFAULT_RANKING

    with ArticleIndex.create(tmp_path / "passages") as idx:
        idx.add_articles([Article(id="p", source_path="p", title="", body=("Isi berita.",))])
    task = tune_relevance.Task("t", "facqa", tmp_path / "passages", {}, {}, baseline=1.0)
    moved = tune_relevance.with_knob(DEFAULT_RANKING, "title_b", 0.3)
    assert moved.title_b == 0.3
    assert task.effective(tune_relevance.with_knob(moved, "title", 0.5)) == DEFAULT_RANKING
    assert task.effective(tune_relevance.with_knob(DEFAULT_RANKING, "k1", 0.9)).k1 == 0.9


# ---------------------------------------------------------------- query set


def test_parse_query_line_reads_filters() -> None:
    parsed = bench_query.parse_query_line(
        '"setya novanto" sidang | outlet=kumparan | since=2017-01-01'
    )
    assert parsed == bench_query.BenchQuery(
        '"setya novanto" sidang', "kumparan", "2017-01-01", None
    )
    assert bench_query.parse_query_line("# a comment") is None
    assert bench_query.parse_query_line("   ") is None
    for bad in ("pajak | year=2017", "pajak | since=2017-13-01", "pajak | outlet="):
        with pytest.raises(ValueError):
            bench_query.parse_query_line(bad)


def test_query_set_is_realistic() -> None:
    queries = bench_query.load_query_set()
    assert len(queries) >= 50
    assert len({q.label for q in queries}) == len(queries)
    assert all(1 <= len(q.text.replace('"', " ").split()) <= 5 for q in queries)
    assert sum('"' in q.text for q in queries) >= 3
    assert sum(bool(q.outlet or q.since or q.until) for q in queries) >= 5


# -------------------------------------------------------------- incremental


def test_edit_records_changes_exactly_the_share_asked() -> None:
    records = [{"id": f"a{i}", "text": f"Paragraf {i}.\n\nPenutup {i}."} for i in range(300)]
    edited, ids = bench_incremental.edit_records(records, 0.01, seed=4)
    changed = [new["id"] for old, new in zip(records, edited, strict=True) if old != new]
    assert changed == ids
    assert len(ids) == 3
    assert [r["id"] for r in edited] == [r["id"] for r in records]
    assert records[0]["text"] == "Paragraf 0.\n\nPenutup 0."  # the input is not modified
    again, same_ids = bench_incremental.edit_records(records, 0.01, seed=4)
    assert again == edited and same_ids == ids


# -------------------------------------------------------------------- serve


def _answers(totals: dict[str, list[int]]) -> Any:
    import json

    import bench_serve

    answers = [
        bench_serve.Answer(path, 200, 0.01, json.dumps({"total": t, "hits": []}).encode())
        for path, seen in totals.items()
        for t in seen
    ]
    return bench_serve.LoadResult(1, answers, 1.0)


def test_serve_check_accepts_whole_batches_and_flags_a_partial_one() -> None:
    import bench_serve

    marker, query = bench_serve.MARKER_PATH, "/api/search?q=pajak"
    base, final = {marker: 0, query: 10}, {marker: 990, query: 16}  # 2 batches: 495 and 3 each
    whole = bench_serve.check_batches(
        _answers({marker: [0, 495, 990], query: [10, 13, 16]}), base, final, 2
    )
    assert whole["partial_batches_seen"] == 0
    assert whole["batch_states_seen"] == [0, 1, 2]
    partial = bench_serve.check_batches(
        _answers({marker: [0, 500], query: [14, 19]}), base, final, 2
    )
    assert partial["partial_batches_seen"] == 3  # 500 of 495-batches, 14 between, 19 beyond
    unchanged = bench_serve.check_batches(
        _answers({query: [10, 11]}), base, {**final, query: 10}, 2
    )
    assert unchanged["partial_batches_seen"] == 1


def test_serve_plans_spread_the_queries_and_count_the_marker_between() -> None:
    import bench_serve

    queries = [bench_query.BenchQuery(f"kata{n}", "kumparan" if n == 2 else None) for n in range(7)]
    plans = bench_serve.client_plans(queries, clients=2, searches=5, marker_every=5)
    assert [len(plan) for plan in plans] == [6, 6]
    assert plans[0][-1] == plans[1][-1] == bench_serve.MARKER_PATH
    searched = [path for plan in plans for path in plan if path != bench_serve.MARKER_PATH]
    assert searched[2] == "/api/search?q=kata2&outlet=kumparan"
    assert searched[5:7] == ["/api/search?q=kata5", "/api/search?q=kata6"]
    assert searched[7] == "/api/search?q=kata0"
    pages = bench_serve.client_plans(queries, clients=1, searches=1, page=True)
    assert pages == [["/?q=kata0"]]


# ------------------------------------------------------------------ reports


def test_index_report_prints_a_row_and_ratios_per_system(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import bench_index

    runs = {
        "searchlib": [{"seconds": 10.0, "wall_s": 11.0, "cpu_s": 18.0, "main_cpu_s": 9.0,
                       "peak_rss_bytes": 2e8,
                       "peak_tree_pss_bytes": 3e8, "index_bytes": 4e7}],
        "whoosh": [{"seconds": 8.0, "wall_s": 9.0, "cpu_s": 8.0, "main_cpu_s": 8.0,
                    "peak_rss_bytes": 1e8,
                    "peak_tree_pss_bytes": 1e8, "index_bytes": 2e7}],
    }  # fmt: skip
    systems = {name: bench_index.summarise(r, 1000, 2 * 1024 * 1024) for name, r in runs.items()}
    assert systems["searchlib"]["articles_per_s"] == pytest.approx(100.0)
    assert systems["searchlib"]["mb_per_s"] == pytest.approx(0.2)
    ratios = bench_index.ratios(systems)
    assert ratios["throughput_vs_whoosh"] == pytest.approx(0.8)
    figures = {"corpus": "c.jsonl", "articles": 1000, "text_mib": 2.0, "repeat": 1,
               "systems": systems, "ratios": ratios}  # fmt: skip
    bench_index.print_results(figures)
    out = capsys.readouterr().out
    assert "searchlib/(a) throughput: 0.80x (target >= 1.0x: NOT met)" in out
    assert bench_index.SYSTEM_LABELS["whoosh"] in out


def test_query_report_prints_the_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    row = {"p50_ms": 10.0, "p95_ms": 30.0, "mean_ms": 12.0, "max_ms": 40.0,
           "queries_without_hits": 0}  # fmt: skip
    figures = {
        "corpus": "c.jsonl",
        "systems": {"searchlib": {**row, "p95_ms": 60.0}, "whoosh": row},
        "ratios": {"p50_ms": 1.0, "p95_ms": 2.0},
    }
    bench_query.print_size("10k", figures, {"whoosh": [(0.04, "pajak")]}, 50, 3)
    out = capsys.readouterr().out
    assert "p50 1.00x, p95 2.00x (target <= 1.2x for both: NOT met)" in out
    assert "slowest whoosh: pajak 40 ms" in out


def test_interleaved_queries_take_turns_and_keep_medians() -> None:
    calls: list[str] = []

    def runner(name: str) -> bench_query.TimedRunner:
        def run(query: bench_query.BenchQuery) -> tuple[int, float]:
            calls.append(name)
            return (1 if query.text == "pajak" else 0), (0.002 if name == "a" else 0.003)

        return run

    queries = [bench_query.BenchQuery("pajak"), bench_query.BenchQuery("zzz")]
    latencies, shown = bench_query.interleaved(
        {"a": runner("a"), "b": runner("b")}, queries, rounds=3
    )
    assert shown == {"a": [1, 0], "b": [1, 0]}
    # Warm-up per system, then query by query, the order of the systems flipping each round.
    assert calls[4:8] == ["a", "b", "a", "b"]
    assert calls[8:12] == ["b", "a", "b", "a"]
    # The seconds are the runners' own, not the caller's clock.
    assert latencies == {"a": [0.002, 0.002], "b": [0.003, 0.003]}


def test_a_query_server_answers_as_its_system_does_in_process(tmp_path: Path) -> None:
    """bench_query times each system in a process of its own; the answers must be
    the ones the system gives in this process, filters carried over the pipe."""
    index_dir = tmp_path / "whoosh"
    _common.run_child(_common.index_worker_argv("whoosh", INDOSUM_EXCERPT, index_dir))
    queries = [
        bench_query.BenchQuery("presiden"),
        bench_query.BenchQuery("zzzqqq"),
        bench_query.BenchQuery("presiden", until="2000-01-01"),
    ]
    run, close = bench_query.served_runner("whoosh", index_dir)
    try:
        served = [run(query) for query in queries]
    finally:
        close()
    local, close_local = bench_query.whoosh_runner(index_dir)
    try:
        assert [hits for hits, _ in served] == [local(query) for query in queries]
    finally:
        close_local()
    assert served[0][0] > 0 and served[1][0] == 0 and served[2][0] == 0
    assert all(0 < seconds < 60 for _, seconds in served)


def test_scale_report_prints_each_system_and_the_ratios(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import bench_scale

    def system(build_s: float, p50: float, p95: float) -> dict[str, dict[str, float]]:
        return {
            "build": {"seconds": build_s, "cpu_s": 2 * build_s, "peak_tree_pss_bytes": 3e8,
                      "peak_rss_bytes": 2e8, "index_bytes": 5e8, "segments": 3.0, "load": 1.5},
            "queries": {"p50_ms": p50, "p95_ms": p95, "load": 2.0},
            "add": {"seconds": 4.0, "load": 1.0},
        }  # fmt: skip

    figures = {
        "articles": 10_000,
        "systems": {"searchlib": system(20.0, 12.0, 60.0), "whoosh": system(30.0, 10.0, 50.0)},
    }
    bench_scale.print_size("10k", figures)
    out = capsys.readouterr().out
    assert "searchlib/(a): build throughput 1.50x, p50 1.20x, p95 1.20x" in out
    assert "load average before the steps: 1.0 to 2.0" in out
    assert bench_scale.row("searchlib", figures["systems"]["searchlib"])[1:4] == [
        "20.0",
        "40.0",
        "286",
    ]


# ----------------------------------------------------------- bench_duplicates


def test_pair_scores_count_pairs_within_stories() -> None:
    truth = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}
    # True pairs ab ac bc; predicted ab cd; one in common.
    assert bench_duplicates.pair_counts(predicted, truth) == (1, 2, 3)
    figures = bench_duplicates.scores(predicted, truth)
    assert figures["precision"] == 0.5
    assert figures["recall"] == pytest.approx(1 / 3)
    # Stories 1 (a, b: both x) and 2 (c: x, d: y): 3 of 4 with their majority.
    assert figures["purity"] == 0.75


def test_components_join_linked_articles_whatever_the_order() -> None:
    labels = bench_duplicates.components("abcde", [("d", "c"), ("a", "b"), ("c", "e")])
    assert labels == {"a": "a", "b": "a", "c": "c", "d": "c", "e": "c"}


def test_syndicated_copies_are_deterministic_and_redressed(
    source_articles: list[dict[str, object]],
) -> None:
    def copies(seed: int) -> list[dict[str, object]]:
        rng = random.Random(seed)
        return [
            _syndication.syndicate(record, 0, rng.choice(_syndication.OUTLETS), ["Judul"], rng)
            for record in source_articles
        ]

    first, again = copies(4), copies(4)
    assert first == again and first != copies(5)
    for original, copy in zip(source_articles, first, strict=True):
        outlet = next(o for o in _syndication.OUTLETS if o.name == copy["source"])
        assert copy["id"] == f"{original['id']}~syn0"
        assert copy["title"] and copy["date_utc"] > original["date_utc"]
        assert str(copy["text"]).startswith(outlet.dateline.split("{")[0])
        kept = _syndication.paragraphs_of(str(copy["text"]))
        assert len(kept) >= len(_syndication.paragraphs_of(str(original["text"]))) * 0.5


@pytest.mark.eval_data
def test_facqa_stories_are_the_passages_that_differ_in_a_few_characters() -> None:
    stories = Counter(item.story for item in bench_duplicates.facqa_records())
    sizes = Counter(size for size in stories.values() if size > 1)
    assert sizes == {2: 57, 3: 1}


# ---------------------------------------------------------------- bench_adversarial


@pytest.mark.parametrize("case", bench_adversarial.CASES, ids=lambda case: case.name)
def test_adversarial_inputs_have_their_size_and_shape(case: bench_adversarial.Case) -> None:
    for size in (10_000, 100_000):
        text = case.make(size)
        assert size <= len(text) <= size * 1.1 + 1000
        if case.html:  # a saved page with a headline and a <time> element
            assert text.startswith("<!DOCTYPE html>") and "<h1>" in text and "<time" in text
        elif case.page:  # a headline and a printed date, so the parser reads it as a page
            assert text.startswith(bench_adversarial.HEADER)
        else:
            json.loads(text)  # one JSONL record
    spaced = bench_adversarial.no_spaces_page(50_000).splitlines()
    assert any(len(line) >= 50_000 and " " not in line for line in spaced)
    one = json.loads(bench_adversarial.one_word_record(50_000))["text"]
    assert set(one.split()) == {"jakarta"} and "." not in one


def test_a_capped_measurement_stops_a_runaway_pattern() -> None:
    import re

    runaway = re.compile(r"(a+)+$")
    with pytest.raises(bench_adversarial.CappedError), bench_adversarial.capped(0.2):
        runaway.match("a" * 40 + "b")
