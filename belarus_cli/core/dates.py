"""Dates written out for people, the same on every machine: English month names of our own,
never the locale's (strftime's %B follows LC_TIME)."""

from __future__ import annotations

import datetime as dt

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """4 November 2022."""
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def month_year(year: int, month: int) -> str:
    """November 2022."""
    return f"{MONTH_NAMES[month]} {year}"
