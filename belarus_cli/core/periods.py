"""Parse the partial dates and periods of fact files: 2018, 2022-08, 2021-spring, 2012/2015."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .dates import long_date, month_year
from .model import Period

# Meteorological seasons of the northern hemisphere; winter runs into the next year.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
_POINT = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<season>spring|summer|autumn|winter)|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?",
    re.ASCII,  # plain \d would also match the digits of other scripts
)


class PeriodError(ValueError):
    """The text is not a date or period of the documented forms."""


def parse_period(value: object) -> Period:
    """Turn a TOML date or a date string into a Period, or raise PeriodError saying why."""
    if isinstance(value, dt.datetime):
        raise PeriodError("a date and time was given; write the date alone, such as 2022-10-15")
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise PeriodError(
            f'must be a TOML date such as 2022-10-15 or a string such as "2022", '
            f"not {type(value).__name__} {value!r}"
        )
    text = value.strip()
    if "/" in text:
        first, _, last = text.partition("/")
        start_text, start, _ = _parse_point(first)
        end_text, _, end = _parse_point(last)
        if end < start:
            raise PeriodError(f"the period {text!r} ends before it starts — swap the two ends")
        return Period(text, start, end, f"{start_text}–{end_text}")
    label, start, end = _parse_point(text)
    return Period(text, start, end, label)


def _parse_point(text: str) -> tuple[str, dt.date, dt.date]:
    match = _POINT.fullmatch(text)
    if not match:
        raise PeriodError(
            f"{text!r} is not a date; use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-spring "
            "(summer, autumn, winter) or START/END"
        )
    year = int(match["year"])
    if year < dt.MINYEAR:
        raise PeriodError(f"{text!r} has no year 0 — years run from 0001")
    if match["season"]:
        season = match["season"]
        first_month, last_month = _SEASONS[season]
        end_year = year + 1 if last_month < first_month else year
        if end_year > dt.MAXYEAR:
            raise PeriodError(f"{text!r} ends after the year {dt.MAXYEAR}")
        return (
            f"{season} {year}",
            dt.date(year, first_month, 1),
            _last_day(end_year, last_month),
        )
    if match["month"] is None:
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise PeriodError(f"{text!r} has no month {month} — months run from 01 to 12")
    if match["day"] is None:
        return month_year(year, month), dt.date(year, month, 1), _last_day(year, month)
    try:
        day = dt.date(year, month, int(match["day"]))
    except ValueError as error:
        raise PeriodError(f"{text!r} is not a real date ({error}) — check the day") from None
    return long_date(day), day, day


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
