"""Date bounds for a search's `since` and `until`, written the way people write dates.

Accepted: ``2021-12-03``, ``2021-12``, ``2021``, ``03/12/2021``, ``Desember
2021``, ``3 Des 2021``, ``3 December 2021`` (Indonesian and English month
names and abbreviations, as :mod:`searchlib.ingest.dates` reads them on pages).
A bound names a period (a day, a month or a year): `since` starts at its first
moment and `until` ends at its last, so ``until="31 Des 2021"`` includes the
whole of that day and ``since="2021-12", until="2021-12"`` is all of December.

Dates are the outlet's own wall-clock time, naive, because the index stores
`published` that way: "3 Des 2021" means that day where the article was
published, not in UTC.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime, time

from searchlib.errors import QueryError
from searchlib.ingest import MONTHS

DateBound = str | date | datetime

_ISO = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
_NUMERIC_DMY = re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})")
_WORDS = re.compile(r"(?:(?P<day>\d{1,2})\s+)?(?P<month>[^\W\d_]+)\.?\s+(?P<year>\d{4})")


def _period(text: str) -> tuple[datetime, datetime]:
    """(first moment, last moment) of the day, month or year `text` names."""
    cleaned = " ".join(text.replace(",", " ").split()).casefold()
    match = _ISO.fullmatch(cleaned) or _NUMERIC_DMY.fullmatch(cleaned)
    if match:
        month = int(match["month"]) if match["month"] else None
    else:
        match = _WORDS.fullmatch(cleaned)
        if not match or match["month"] not in MONTHS:
            raise QueryError(
                f"cannot read the date {text!r}: use e.g. 2021-12-03, 2021-12, "
                "'Desember 2021' or '3 Des 2021'"
            )
        month = MONTHS[match["month"]]
    year = int(match["year"])
    day = int(match["day"]) if match["day"] else None
    try:
        if month is None:
            return datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59, 999999)
        if day is None:
            last_day = calendar.monthrange(year, month)[1]
            return datetime(year, month, 1), datetime.combine(date(year, month, last_day), time.max)
        start = datetime(year, month, day)
    except ValueError as error:
        raise QueryError(f"no such date {text!r}: {error}") from error
    return start, datetime.combine(start.date(), time.max)  # 9999-12-31 has no next day


def since_bound(value: DateBound) -> datetime:
    """The first moment `value` covers (naive, the outlet's wall clock)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time.min)
    return _period(value)[0]


def until_bound(value: DateBound) -> datetime:
    """The last moment `value` covers (a whole day for a date, a month for a month)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time.max)
    return _period(value)[1]


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """First and last moment of a ``YYYY-MM`` month key."""
    year, number = (int(part) for part in month.split("-"))
    return _period(f"{year:04d}-{number:02d}")


def split_by_month(
    months: Iterable[str], since: datetime | None, until: datetime | None
) -> tuple[list[str], list[tuple[datetime, datetime]]]:
    """The whole months (of `months`) inside [since, until], and the clipped partial ones.

    A date filter as a handful of month keys reads a few short posting lists;
    as one numeric range it reads one list per trie step, many times more. Only
    the months the bounds cut need a (narrow) range.
    """
    whole: list[str] = []
    partial: list[tuple[datetime, datetime]] = []
    for month in months:
        first, last = month_bounds(month)
        start = first if since is None else max(first, since)
        end = last if until is None else min(last, until)
        if start > end:
            continue
        if (start, end) == (first, last):
            whole.append(month)
        else:
            partial.append((start, end))
    return whole, partial
