"""One name per outlet: canonical names, aliases, user alias files, and the
filters, facets and statistics that use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchlib import ArticleIndex
from searchlib.cli import cli
from searchlib.errors import IngestError
from searchlib.ingest.outlets import (
    canonical_outlet,
    is_outlet_name,
    load_outlet_aliases,
    resolve_outlet,
)

STORY = (
    "Pemerintah kota mulai membangun jalur sepeda sepanjang dua puluh kilometer di pusat "
    "kota pada Senin pagi, kata kepala dinas perhubungan kepada wartawan setempat."
)


@pytest.mark.parametrize(
    ("spelling", "name", "channel"),
    [
        ("antaranews", "Antara", None),
        ("ANTARA", "Antara", None),
        ("Antara News", "Antara", None),
        ("https://www.antaranews.com/berita/1", "Antara", None),
        ("cnn indonesia", "CNN Indonesia", None),
        ("CNNIndonesia.com", "CNN Indonesia", None),
        ("detikNews", "detik", "detikNews"),
        ("detikinet", "detik", "detikinet"),
        ("detikTravel", "detik", "detikTravel"),
        ("news.detik.com", "detik", None),
        ("republika.co.id", "Republika", None),
        ("Tempo Gaya", "Tempo", "Tempo Gaya"),
        ("Fimela.com", "Fimela", None),
        ("Warta Kota Kita", "Warta Kota Kita", None),
    ],
)
def test_every_spelling_resolves_to_one_canonical_outlet(
    spelling: str, name: str, channel: str | None
) -> None:
    match = resolve_outlet(spelling)
    assert match is not None
    assert (match.name, match.channel) == (name, channel)


def test_a_prefix_of_a_listed_outlet_is_not_that_outlet() -> None:
    # Kompasiana is a different site from Kompas.
    assert canonical_outlet("Kompasiana") == "Kompasiana"


def test_publishers_and_sites_are_not_people() -> None:
    assert is_outlet_name("Kompas Cyber Media")
    assert is_outlet_name("Liputan6.com")
    assert is_outlet_name("PT. VIVA MEDIA BARU - VIVA.co.id")
    assert not is_outlet_name("Desca Lidya Natalia")


def test_a_user_file_adds_aliases(tmp_path: Path) -> None:
    path = tmp_path / "outlets.txt"
    path.write_text(
        "# my outlets\nHarian Zamrud: zamrudpos, zamrudpos.co.id, Zamrud Online\n",
        encoding="utf-8",
    )
    assert canonical_outlet("zamrudpos") == "zamrudpos"
    assert load_outlet_aliases(path) == 1
    assert canonical_outlet("zamrudpos") == "Harian Zamrud"
    assert canonical_outlet("https://zamrudpos.co.id/a") == "Harian Zamrud"
    assert canonical_outlet("ZAMRUD ONLINE") == "Harian Zamrud"


def test_a_malformed_alias_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "outlets.txt"
    path.write_text("no colon on this line\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"outlets.txt:1: expected"):
        load_outlet_aliases(path)


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
            alias: {hit.id for hit in idx.search("jalur sepeda", outlet=alias)}
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
        cli, ["search", "sepeda", "--outlet", "antaranews", "-i", index, "--json"]
    )
    by_name = runner.invoke(cli, ["search", "sepeda", "--outlet", "Antara", "-i", index, "--json"])
    assert by_alias.exit_code == 0 and by_name.exit_code == 0
    ids = [hit["id"] for hit in json.loads(by_alias.stdout)["hits"]]
    assert sorted(ids) == ["p1", "r1", "r2"]
    assert ids == [hit["id"] for hit in json.loads(by_name.stdout)["hits"]]
    assert {hit["outlet"] for hit in json.loads(by_name.stdout)["hits"]} == {"Antara"}
    stats = json.loads(runner.invoke(cli, ["stats", "-i", index, "--json"]).stdout)
    assert stats["outlets"] == {"Antara": 3, "CNN Indonesia": 1}


def test_the_environment_names_a_user_alias_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "aliases.txt"
    path.write_text("Suara Kalimaya: kalimayapos, kalimayapos.id\n", encoding="utf-8")
    monkeypatch.setenv("SEARCHLIB_OUTLETS", str(path))
    assert canonical_outlet("kalimayapos.id") == "Suara Kalimaya"
