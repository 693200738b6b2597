"""Publication dates as Indonesian news pages print them.

Pages print dates in a handful of shapes (``Sabtu, 30 Jul 2022 11:28 WIB``,
``Jumat 03 Dec 2021 20:16 WIB``, ``Kamis, 23 Desember 2021 - 00:46 WIB``,
``Kamis, 05/11/2015 10:08 WIB``, ``Rabu, 4 November 2015 | 21:04 WIB``,
``on 16 Feb 2016 at 09:10 WIB``). One tolerant pattern built from the tables
below reads them all; the tables are data so a new spelling is one entry.
A date the page does not print is never invented: every function here
returns ``None`` rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from searchlib.ingest.rules import MEMO_LINES

# Month names and abbreviations, Indonesian and English, lower-case.
# Indonesian outlets abbreviate August as Agu, Agt or Ags and also use the
# English Aug; "Mei"/"May" and "Okt"/"Oct", "Des"/"Dec" likewise.
MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

# Day names, Indonesian and English (with common abbreviations); they only
# decorate a date, so they are recognised and skipped.
DAY_NAMES: tuple[str, ...] = (
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "sen", "sel", "rab", "kam", "jum", "sab", "min",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
)  # fmt: skip

# Indonesia's three time zones plus the explicit forms some outlets print.
TIMEZONE_OFFSETS: dict[str, int] = {
    "wib": 7, "wita": 8, "wit": 9, "gmt+7": 7, "gmt+07:00": 7, "utc+7": 7,
    "gmt": 0, "utc": 0,
}  # fmt: skip

# The zone names outlets print, by UTC offset in hours: the inverse of the three
# Indonesian entries above, for showing a date the way it was read.
ZONE_NAMES: dict[int, str] = {7: "WIB", 8: "WITA", 9: "WIT"}

# Pages that print a time without a zone are Indonesian outlets printing
# Western Indonesian Time, where most of them are edited (Jakarta).
DEFAULT_OFFSET_HOURS = 7

# Years outside this window are page furniture (copyright ranges, ids), not
# publication dates of online news.
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


def _alternation(words: Iterable[str]) -> str:
    names = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


_MONTH = _alternation(MONTHS)
_DAY = _alternation(DAY_NAMES)
_ZONE = _alternation(TIMEZONE_OFFSETS)

DATE_PATTERN = re.compile(
    rf"""
    (?:\b(?:{_DAY})\b\.?,?\s*)?                      # optional day name
    (?:
        (?<![\d/.])(?P<d1>\d{{1,2}})\s*[-\s]\s*(?P<mon>{_MONTH})\b\.?,?\s*[-\s]?\s*(?P<y1>\d{{4}})(?!\d)
      | (?<![\d/.])(?P<d2>\d{{1,2}})/(?P<m2>\d{{1,2}})/(?P<y2>\d{{4}})(?!\d)
      | \b(?P<mon3>{_MONTH})\b\.?\s+(?P<d3>\d{{1,2}}),?\s+(?P<y3>\d{{4}})(?!\d)
    )
    (?:
        [\s,|\-–—@]*(?:at|pukul|jam)?[\s,|\-–—]*      # separators between date and time
        (?P<hh>\d{{1,2}})[:.](?P<mm>\d{{2}})(?![\d.,]?\d)
        (?:[:.]\d{{2}})?
        (?:\s*(?P<ampm>[ap]\.?m\.?)(?![^\W_]))?                # English pages: "03:13 pm"
        (?:\s*(?P<zone>{_ZONE})\b)?
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text, with where it starts and ends."""

    value: datetime
    start: int
    end: int
    has_time: bool


def _offset(zone: str | None) -> timezone:
    hours = TIMEZONE_OFFSETS.get(zone.lower(), DEFAULT_OFFSET_HOURS) if zone else None
    return timezone(timedelta(hours=DEFAULT_OFFSET_HOURS if hours is None else hours))


def _build(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    if groups["d1"]:
        day, month, year = int(groups["d1"]), MONTHS[groups["mon"].lower()], int(groups["y1"])
    elif groups["d2"]:
        day, month, year = int(groups["d2"]), int(groups["m2"]), int(groups["y2"])
    else:
        day, month, year = int(groups["d3"]), MONTHS[groups["mon3"].lower()], int(groups["y3"])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    hour = int(groups["hh"]) if groups["hh"] else 0
    if groups["ampm"]:
        hour = hour % 12 + (12 if groups["ampm"][0].lower() == "p" else 0)
    minute = int(groups["mm"]) if groups["mm"] else 0
    try:
        return datetime(year, month, day, hour, minute, tzinfo=_offset(groups["zone"]))
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (day, month and year) in `text`, in order."""
    found = []
    for match in DATE_PATTERN.finditer(text):
        value = _build(match)
        if value is not None:
            found.append(DateMatch(value, match.start(), match.end(), bool(match["hh"])))
    return found


def parse_date(text: str) -> datetime | None:
    """The first full date in `text`, or None."""
    dates = find_dates(text)
    return dates[0].value if dates else None


# A date line may open with a short lead-in ("on", "Diterbitkan", "Kompas.com -",
# "CNN Indonesia |").
_MAX_LEAD_IN_CHARS = 30
# What follows the date on its line (view counts, "|") stays short; a longer
# remainder means the date is part of a sentence or a teaser, not a dateline.
_MAX_TRAILER_CHARS = 30
# Real date lines are short; checking only short lines keeps this linear.
_MAX_DATE_LINE_CHARS = 120


def date_line(line: str) -> DateMatch | None:
    """The date if `line` is essentially a printed date (a page's date line)."""
    if len(line) > _MAX_DATE_LINE_CHARS:
        return None
    return _date_line(line)


# Date lines of sidebars and menus repeat across pages; memoise the short lines.
@lru_cache(maxsize=MEMO_LINES)
def _date_line(line: str) -> DateMatch | None:
    dates = find_dates(line)
    if not dates:
        return None
    first = dates[0]
    lead_in, trailer = line[: first.start], line[first.end :]
    if len(lead_in.strip()) > _MAX_LEAD_IN_CHARS or any(c.isdigit() for c in lead_in):
        return None
    if len(trailer.strip()) > _MAX_TRAILER_CHARS:
        return None
    return first


def format_date(published: datetime | None) -> str:
    """A date as outlets print it: `2021-12-03 20:16 WIB`; a bare date has no time.

    Indonesian offsets get their zone names (WIB, WITA, WIT); any other
    offset shows as the datetime names it (`UTC`, `UTC+05:30`).
    """
    if published is None:
        return "undated"
    offset = published.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else None
    zone = published.strftime("%Z") if hours is None else ZONE_NAMES.get(
        int(hours) if hours.is_integer() else -1, published.strftime("%Z")
    )
    if (published.hour, published.minute, published.second) == (0, 0, 0):
        return published.strftime("%Y-%m-%d")
    return f"{published:%Y-%m-%d %H:%M} {zone}".strip()
