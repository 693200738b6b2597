"""One name per outlet: canonical names, aliases and user alias files.

The filters, facets and statistics that use them are tested end to end in
tests/e2e/test_canonical_outlets.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchlib.errors import IngestError
from searchlib.ingest.outlets import (
    canonical_outlet,
    is_outlet_name,
    load_outlet_aliases,
    resolve_outlet,
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


def test_the_environment_names_a_user_alias_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "aliases.txt"
    path.write_text("Suara Kalimaya: kalimayapos, kalimayapos.id\n", encoding="utf-8")
    monkeypatch.setenv("SEARCHLIB_OUTLETS", str(path))
    assert canonical_outlet("kalimayapos.id") == "Suara Kalimaya"
