"""One name per outlet, end to end: any alias filters the same articles, and
facets, `stats` and JSON list each outlet once under its canonical name."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from searchlib import ArticleIndex
from searchlib.cli import cli

STORY = (
    "Pemerintah kota mulai membangun jalur sepeda sepanjang dua puluh kilometer di pusat "
    "kota pada Senin pagi, kata kepala dinas perhubungan kepada wartawan setempat."
)


def _mixed_outlet_folder(folder: Path) -> Path:
    """Records and a page of Antara under three spellings, and one of CNN Indonesia."""
    folder.mkdir()
    records = [
        {"id": "r1", "title": "Jalur sepeda satu", "text": STORY, "source": "antaranews"},
        {"id": "r2", "title": "Jalur sepeda dua", "text": STORY, "source": "Antara News"},
        {"id": "r3", "title": "Jalur sepeda tiga", "text": STORY, "source": "cnn indonesia"},
    ]
    (folder / "records.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    page = "\n".join([
        "Jalur Sepeda Baru Hubungkan Stasiun",
        "Senin, 6 Maret 2023 09:15 WIB",
        f"Jakarta (ANTARA) - {STORY}",
        STORY.replace("Pemerintah", "Dinas"),
        "COPYRIGHT © ANTARA 2023",
    ])  # fmt: skip
    (folder / "p1.txt").write_text(page, encoding="utf-8")
    return folder


def test_any_alias_filters_the_same_articles_and_stats_list_each_outlet_once(
    tmp_path: Path,
) -> None:
    folder = _mixed_outlet_folder(tmp_path / "in")
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([folder])
        assert report.added == 4, report.summary()
        found = {
            alias: {hit.id for hit in idx.search("jalur sepeda", outlet=alias, collapse=False)}
            for alias in ("antaranews", "Antara", "ANTARA", "Antara News")
        }
        assert found["Antara"] == {"r1", "r2", "p1"}
        assert all(ids == found["Antara"] for ids in found.values())
        facets = idx.search("jalur sepeda", facets=True).facets
        assert facets is not None
        assert {f.value: f.count for f in facets.outlets} == {"Antara": 3, "CNN Indonesia": 1}
        assert dict(idx.stats().outlets) == {"Antara": 3, "CNN Indonesia": 1}


def test_cli_outlet_filter_and_stats_use_canonical_names(tmp_path: Path) -> None:
    folder = _mixed_outlet_folder(tmp_path / "in")
    runner = CliRunner()
    index = str(tmp_path / "index")
    assert runner.invoke(cli, ["index", str(folder), "-i", index]).exit_code == 0
    by_alias = runner.invoke(
        cli, ["search", "sepeda", "--outlet", "antaranews", "-i", index, "--json", "--no-collapse"]
    )
    by_name = runner.invoke(
        cli, ["search", "sepeda", "--outlet", "Antara", "-i", index, "--json", "--no-collapse"]
    )
    assert by_alias.exit_code == 0 and by_name.exit_code == 0
    ids = [hit["id"] for hit in json.loads(by_alias.stdout)["hits"]]
    assert sorted(ids) == ["p1", "r1", "r2"]
    assert ids == [hit["id"] for hit in json.loads(by_name.stdout)["hits"]]
    assert {hit["outlet"] for hit in json.loads(by_name.stdout)["hits"]} == {"Antara"}
    stats = json.loads(runner.invoke(cli, ["stats", "-i", index, "--json"]).stdout)
    assert stats["outlets"] == {"Antara": 3, "CNN Indonesia": 1}


def test_an_outlet_no_table_resolves_is_counted_under_its_own_name(tmp_path: Path) -> None:
    """A name too long to be a site name is not resolved, but it is still the
    article's outlet: facets and stats count it as stored, not as unknown."""
    from searchlib import Article

    long_name = "Harian Rakyat " + "Nusantara " * 8
    article = Article(id="long-1", source_path="long.txt", title="Jalur sepeda",
                      body=(STORY,), outlet=long_name.strip())
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add_articles([article])
        facets = idx.search("sepeda", facets=True).facets
        assert facets is not None
        assert [(f.value, f.count) for f in facets.outlets] == [(long_name.strip(), 1)]
        assert idx.stats().outlets == ((long_name.strip(), 1),)
