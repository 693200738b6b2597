"""Date bounds for --since / --until: the shapes people write, and whole periods."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from searchlib.datefilter import since_bound, until_bound
from searchlib.errors import QueryError


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
