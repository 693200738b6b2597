"""The library facade over the seed articles: build, search, get, stats, reopen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searchlib import Article, ArticleIndex, SearchlibError
from searchlib.errors import IndexIncompatibleError, IndexNotFoundError

DETIK = "000_570f68fb9ef06bfe"
BERITABARU = "001_c55a8262d8eb67cc"


def test_pertemuan_jenewa_ranks_beritabaru_first_and_finds_detik(seed_index: ArticleIndex) -> None:
    results = seed_index.search("pertemuan Jenewa")
    ids = [hit.id for hit in results]
    assert ids[0] == BERITABARU
    assert DETIK in ids


def test_snippets_highlight_forms_that_differ_from_the_query_word(seed_index: ArticleIndex) -> None:
    results = seed_index.search("pertemuan Jenewa")
    marked = {
        snippet.text[start:end].casefold()
        for hit in results
        for snippet in hit.snippets
        for start, end in snippet.highlights
    }
    assert "bertemu" in marked
    assert "jenewa" in marked


def test_hits_are_ranked_by_descending_score(seed_index: ArticleIndex) -> None:
    hits = list(seed_index.search("Lavrov Blinken"))
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_hits_survive_the_searcher_and_serialise(seed_index: ArticleIndex) -> None:
    results = seed_index.search("Lavrov", limit=2)
    data = json.loads(json.dumps(results.to_dict()))
    assert data["total"] == 5
    assert len(data["hits"]) == 2
    assert all(hit["published"] is None or "+" in hit["published"] for hit in data["hits"])


def test_get_returns_the_article_or_none(seed_index: ArticleIndex) -> None:
    article = seed_index.get(DETIK)
    assert article is not None
    assert (article.outlet, article.section) == ("detik", "detikNews")
    assert seed_index.get("no-such-id") is None


def test_get_sees_articles_committed_by_another_writer(tmp_path: Path, seeds_dir: Path) -> None:
    with ArticleIndex.create(tmp_path / "ix") as writer:
        writer.add([seeds_dir / f"{DETIK}.txt"])
        with ArticleIndex.open(tmp_path / "ix") as reader:
            assert reader.get(DETIK) is not None and reader.get(BERITABARU) is None
            writer.add([seeds_dir / f"{BERITABARU}.txt"])
            added = reader.get(BERITABARU)
            assert added is not None and added.outlet == "Beritabaru.co"


def test_highlight_marks_the_query_words_of_whole_texts(seed_index: ArticleIndex) -> None:
    republika = seed_index.get("002_bd7d1f872aa3690c")
    assert republika is not None
    title, *body = seed_index.highlight("pertemuan Jenewa", [republika.title, *republika.body])
    assert title.text == republika.title
    assert [title.text[start:end] for start, end in title.highlights] == ["Bertemu"]
    marked = {p.text[start:end].casefold() for p in body for start, end in p.highlights}
    assert {"bertemu", "pertemuan"} <= marked
    assert all(not p.highlights for p in seed_index.highlight("  ", [republika.title]))


def test_unchanged_articles_are_skipped_on_a_second_run(tmp_path: Path, seeds_dir: Path) -> None:
    with ArticleIndex.create(tmp_path / "ix") as idx:
        first = idx.add([seeds_dir])
        second = idx.add([seeds_dir])
    assert (first.added, second.added, second.skipped) == (5, 0, 5)


def test_a_changed_article_is_updated_not_duplicated(tmp_path: Path, seeds_dir: Path) -> None:
    page = tmp_path / "pages" / f"{DETIK}.txt"
    page.parent.mkdir()
    page.write_bytes((seeds_dir / f"{DETIK}.txt").read_bytes())
    with ArticleIndex.create(tmp_path / "ix") as idx:
        idx.add([page.parent])
        changed = page.read_text(encoding="utf-8").replace("gandum", "jagung")
        page.write_text(changed, encoding="utf-8")
        report = idx.add([page.parent])
        assert report.updated == 1
        assert len(idx) == 1
        assert idx.search("jagung").total == 1
        assert idx.search("gandum").total == 0


def test_stats_count_outlets_and_dates(seed_index: ArticleIndex) -> None:
    stats = seed_index.stats()
    assert stats.articles == 5
    assert dict(stats.outlets)["Republika"] == 1
    assert stats.earliest is not None and stats.earliest.year == 2021
    assert stats.size_bytes > 0


def test_opening_a_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="ArticleIndex.create"):
        ArticleIndex.open(tmp_path / "nowhere")


def test_a_foreign_folder_is_refused_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an index", encoding="utf-8")
    with pytest.raises(IndexIncompatibleError, match="empty or new folder"):
        ArticleIndex.open(tmp_path)


def test_an_index_of_another_schema_version_is_refused(tmp_path: Path, seeds_dir: Path) -> None:
    with ArticleIndex.create(tmp_path) as idx:
        idx.add([seeds_dir / f"{DETIK}.txt"])
    metadata = tmp_path / "searchlib.json"
    data = json.loads(metadata.read_text(encoding="utf-8"))
    data["schema_version"] = -1
    metadata.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexIncompatibleError, match="schema version"):
        ArticleIndex.open(tmp_path)


def test_create_refuses_to_overwrite_without_permission(tmp_path: Path) -> None:
    ArticleIndex.create(tmp_path).close()
    with pytest.raises(SearchlibError, match="overwrite=True"):
        ArticleIndex.create(tmp_path)


# Title-less passages, as relevance collections and many scraped corpora come.
UNTITLED = {
    "p1": "Menteri Luar Negeri Rusia Sergei Lavrov bertemu Antony Blinken di Jenewa.",
    "p2": "Pertemuan di Jenewa membahas Ukraina. Lavrov menyebut pembicaraan itu berguna.",
    "p3": "Harga cabai di pasar Jakarta naik menjelang Lebaran, kata pedagang.",
}


def test_a_record_and_an_article_without_title_rank_alike(tmp_path: Path) -> None:
    records = tmp_path / "passages.jsonl"
    records.write_text(
        "".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in UNTITLED.items()),
        encoding="utf-8",
    )
    articles = [
        Article(id=key, source_path=str(records), title="", body=(text,))
        for key, text in UNTITLED.items()
    ]
    with (
        ArticleIndex.create(tmp_path / "from-file") as from_file,
        ArticleIndex.create(tmp_path / "from-objects") as from_objects,
    ):
        from_file.add([records], jobs=1)
        from_objects.add_articles(articles)
        for query in ("Lavrov Jenewa", "Menteri Luar Negeri", "pasar cabai", "Antony"):
            ranked = [(h.id, h.score) for h in from_file.search(query, snippets=0)]
            assert ranked == [(h.id, h.score) for h in from_objects.search(query, snippets=0)]
            assert ranked
        # The opening words are shown as the title but are not searched as one.
        hit = from_file.search("Antony").hits[0]
        assert hit.title == UNTITLED["p1"]
        assert hit.title_highlights
        assert from_file.search("title:Antony").total == 0
