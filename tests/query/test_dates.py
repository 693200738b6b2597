"""Date bounds for --since / --until: the shapes people write, and whole periods."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from searchlib.errors import QueryError
from searchlib.query.dates import since_bound, until_bound


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021-12-03", datetime(2021, 12, 3), datetime(2021, 12, 3, 23, 59, 59, 999999)),
        ("2021-12", datetime(2021, 12, 1), datetime(2021, 12, 31, 23, 59, 59, 999999)),
        ("2021", datetime(2021, 1, 1), datetime(2021, 12, 31, 23, 59, 59, 999999)),
        ("Desember 2021", datetime(2021, 12, 1), datetime(2021, 12, 31, 23, 59, 59, 999999)),
        ("3 Des 2021", datetime(2021, 12, 3), datetime(2021, 12, 3, 23, 59, 59, 999999)),
        ("3 December 2021", datetime(2021, 12, 3), datetime(2021, 12, 3, 23, 59, 59, 999999)),
        ("  3   des.  2021 ", datetime(2021, 12, 3), datetime(2021, 12, 3, 23, 59, 59, 999999)),
        ("03/12/2021", datetime(2021, 12, 3), datetime(2021, 12, 3, 23, 59, 59, 999999)),
        ("Februari 2024", datetime(2024, 2, 1), datetime(2024, 2, 29, 23, 59, 59, 999999)),
    ],
)
def test_a_bound_covers_the_whole_period_it_names(
    text: str, first: datetime, last: datetime
) -> None:
    assert since_bound(text) == first
    assert until_bound(text) == last


def test_date_objects_cover_their_day_and_datetimes_are_kept_on_the_wall_clock() -> None:
    assert until_bound(date(2021, 12, 31)) == datetime(2021, 12, 31, 23, 59, 59, 999999)
    assert since_bound(date(2021, 12, 31)) == datetime(2021, 12, 31)
    jakarta = datetime(2021, 12, 3, 20, 16, tzinfo=timezone(timedelta(hours=7)))
    assert since_bound(jakarta) == datetime(2021, 12, 3, 20, 16)


@pytest.mark.parametrize("text", ["kemarin", "31 Foo 2021", "32 Des 2021", "2021-13", "", "12"])
def test_unreadable_dates_raise_query_errors(text: str) -> None:
    with pytest.raises(QueryError):
        since_bound(text)


def test_split_by_month_keeps_whole_months_and_clips_the_cut_ones() -> None:
    from searchlib.query.dates import split_by_month

    months = ["2021-10", "2021-11", "2021-12", "2022-01"]
    whole, partial = split_by_month(months, datetime(2021, 11, 1), datetime(2021, 12, 15, 23, 59))
    assert whole == ["2021-11"]
    assert partial == [(datetime(2021, 12, 1), datetime(2021, 12, 15, 23, 59))]


def test_split_by_month_without_bounds_on_one_side() -> None:
    from searchlib.query.dates import split_by_month

    months = ["2021-10", "2021-11", "2021-12"]
    assert split_by_month(months, None, until_bound("2021-11")) == (["2021-10", "2021-11"], [])
    assert split_by_month(months, since_bound("2021-12-02"), None)[0] == []
