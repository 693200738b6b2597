"""Printed dates in Indonesian and English forms, with Indonesian time zones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from searchlib.ingest.dates import date_line, find_dates, parse_date

WIB = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Sabtu, 30 Jul 2022 11:28 WIB", datetime(2022, 7, 30, 11, 28, tzinfo=WIB)),
        ("Jumat 03 Dec 2021 20:16 WIB", datetime(2021, 12, 3, 20, 16, tzinfo=WIB)),
        ("Kamis, 23 Desember 2021 - 00:46 WIB", datetime(2021, 12, 23, 0, 46, tzinfo=WIB)),
        ("Selasa, 31 Januari 2023", datetime(2023, 1, 31, tzinfo=WIB)),
        ("30/07/2022 11:28", datetime(2022, 7, 30, 11, 28, tzinfo=WIB)),
        ("Kamis, 05/11/2015 10:08 WIB", datetime(2015, 11, 5, 10, 8, tzinfo=WIB)),
        ("Rabu, 4 November 2015 | 21:04 WIB", datetime(2015, 11, 4, 21, 4, tzinfo=WIB)),
        ("on 16 Feb 2016 at 09:10 WIB", datetime(2016, 2, 16, 9, 10, tzinfo=WIB)),
        ("Senin, 15 Februari 2016, 16:15 WIB", datetime(2016, 2, 15, 16, 15, tzinfo=WIB)),
        ("Minggu, 17 Agu 2025 08.30 WIB", datetime(2025, 8, 17, 8, 30, tzinfo=WIB)),
        ("17 Agt 2025", datetime(2025, 8, 17, tzinfo=WIB)),
        ("17 Ags 2025", datetime(2025, 8, 17, tzinfo=WIB)),
        ("1 Okt 2020", datetime(2020, 10, 1, tzinfo=WIB)),
        ("5 Mei 2019", datetime(2019, 5, 5, tzinfo=WIB)),
        ("May 5, 2019", datetime(2019, 5, 5, tzinfo=WIB)),
        ("Tuesday, 3 Aug 2021", datetime(2021, 8, 3, tzinfo=WIB)),
        ("Thursday, 05 November, 2015 | 11:13 WIB", datetime(2015, 11, 5, 11, 13, tzinfo=WIB)),
        ("Thursday, November 5, 2015 03:13 pm WIB", datetime(2015, 11, 5, 15, 13, tzinfo=WIB)),
        ("November 5, 2015 12:05 a.m.", datetime(2015, 11, 5, 0, 5, tzinfo=WIB)),
    ],
)
def test_printed_forms(printed: str, expected: datetime) -> None:
    assert parse_date(printed) == expected
    assert date_line(printed) is not None


@pytest.mark.parametrize(("zone", "hours"), [("WIB", 7), ("WITA", 8), ("WIT", 9)])
def test_indonesian_time_zones(zone: str, hours: int) -> None:
    value = parse_date(f"Sabtu, 10 Des 2022 13:19 {zone}")
    assert value is not None and value.utcoffset() == timedelta(hours=hours)


@pytest.mark.parametrize(
    "text",
    ["Jumat (29/7) waktu setempat", "pada 2014", "31 Februari 2023", "32/13/2020", "Kamis pagi"],
)
def test_partial_or_impossible_dates_are_not_invented(text: str) -> None:
    assert parse_date(text) is None


def test_a_date_inside_a_sentence_is_not_a_date_line() -> None:
    sentence = (
        "Lavrov, pada Selasa, 31 Januari 2023, mengungkapkan pesan yang dia terima dari Blinken."
    )
    assert date_line(sentence) is None
    assert [d.value.day for d in find_dates(sentence)] == [31]


def test_numbers_around_a_date_do_not_shift_it() -> None:
    assert parse_date("kode 123/12/2020") is None


def test_a_number_after_a_date_is_not_its_time() -> None:
    value = parse_date("1 Januari 2023 10.000 orang mengungsi")
    assert value is not None and (value.hour, value.minute) == (0, 0)
