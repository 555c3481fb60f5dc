"""Figures and dates as a draft writes them, read into values that compare with the facts':
"150k", "3000", "forty-three percent", "a quarter", "several hundred to a thousand",
"15 October", "August 2021", "2012-2015" and "2012-15".
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import cache

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SUFFIXES = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_FRACTIONS = {
    "a quarter": 25.0,
    "one quarter": 25.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "half": 50.0,
    "a half": 50.0,
    "two thirds": 200 / 3,
    "three quarters": 75.0,
}
# The draft's hedge words, as the facts' qualifiers.
HEDGES = {
    "just over": "more than",
    "more than": "more than",
    "over": "more than",
    "well over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "above": "more than",
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "some": "about",
    "an estimated": "about",
    "close to": "about",
    "nearly": "less than",
    "almost": "less than",
    "just under": "less than",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
    "below": "less than",
    "up to": "up to",
    "as many as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "exactly": "exactly",
    "precisely": "exactly",
    "a flat": "exactly",
    "fully": "exactly",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}


@dataclass(frozen=True, slots=True)
class Figure:
    start: int  # offsets in the line, hedge included
    end: int
    low: float
    high: float | None  # a range's upper end
    percent: bool
    qualifier: str | None  # as the facts' qualifiers: "more than", "about", ...; None if bare
    vague: bool = False  # "several hundred": a lower bound, not a count

    def shown(self) -> str:
        number = _shown(self.low) + (f"-{_shown(self.high)}" if self.high is not None else "")
        return number + ("%" if self.percent else "")


@dataclass(frozen=True, slots=True)
class DraftDate:
    start: int
    end: int
    year_from: int | None
    year_to: int | None
    month: int | None
    day: int | None
    season: str | None

    def periods(self, years: range) -> list[tuple[dt.date, dt.date]]:
        """The days this date may mean: in its own year(s), or else in each of `years`."""
        if self.year_from is not None:
            first, last = self.year_from, self.year_to or self.year_from
            if self.month is None and self.season is None:
                return [(dt.date(first, 1, 1), dt.date(last, 12, 31))]
            years = range(first, last + 1)
        return [self._in(year) for year in years]

    def _in(self, year: int) -> tuple[dt.date, dt.date]:
        if self.season:
            first, last = SEASONS[self.season]
            end_year = year + 1 if last < first else year
            return dt.date(year, first, 1), _month_end(end_year, last)
        assert self.month is not None
        if self.day:
            day = dt.date(year, self.month, min(self.day, _month_end(year, self.month).day))
            return day, day
        return dt.date(year, self.month, 1), _month_end(year, self.month)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _shown(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


# --- reading ---------------------------------------------------------------------------


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    word_number = (
        rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS[1:10])}))?|{'|'.join(_UNITS)})"
        r"(?:\s+(?:hundred|thousand|million))?"
    )
    single = (
        r"(?:\d{1,3}(?:[,\u202f\u2009]\d{3})+(?!\d)|\d+(?:\.\d+)?)"
        r"(?:\s?(?:k|m|bn)\b|\s+(?:hundred|thousand|million|billion)\b)?"
        rf"|(?:a|one)\s+(?:hundred|thousand|million)\b|several\s+(?:hundred|thousand)\b"
        rf"|a\s+few\s+(?:hundred|thousand)\b|{'|'.join(k.replace(' ', '[- ]') for k in _FRACTIONS)}"
        rf"|\b{word_number}\b"
    )
    hedge = "|".join(sorted((h.replace(" ", r"\s+") for h in HEDGES), key=len, reverse=True))
    figure = re.compile(
        rf"(?:\b(?P<hedge>{hedge})\s+)?(?:from\s+|between\s+)?(?<![\w/^.-])(?P<low>{single})"
        rf"(?:\s*(?:[-–—]|to|and)\s*(?P<high>{single}))?"
        r"(?P<percent>\s*(?:%|percent\b|per\s+cent\b))?(?![\w/])",
        re.IGNORECASE,
    )
    month = "|".join(sorted(MONTHS, key=len, reverse=True))
    date = re.compile(
        rf"\b(?:(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month1>{month})\b\.?"
        rf"|(?P<month2>{month})\b\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
        rf"|(?P<season>spring|summer|autumn|fall|winter)(?=,?\s+(?:of\s+)?(?:19|20)\d\d)"
        rf"|(?P<month3>{month})\b\.?)"
        r"(?:,?\s+(?:of\s+)?(?P<year>(?:19|20)\d{2})(?!\d))?"
        r"|\b(?P<y1>(?:19|20)\d{2})(?:\s*[-–—/]\s*(?P<y2>(?:19|20)?\d{2}))?(?![\d%])",
        re.IGNORECASE,
    )
    bare_month = re.compile(
        r"(?:in|since|by|until|till|from|of|early|late|mid|last|this)\W*$", re.I
    )
    return figure, date, bare_month


def read_dates(line: str) -> list[DraftDate]:
    _, pattern, bare_month = _patterns()
    found = []
    for match in pattern.finditer(line):
        g = match.groupdict()
        if g["y1"]:
            year_to = _full_year(g["y1"], g["y2"]) if g["y2"] else None
            found.append(DraftDate(match.start(), match.end(), int(g["y1"]), year_to, *[None] * 3))
            continue
        name = g["month1"] or g["month2"] or g["month3"]
        if name and not name[0].isupper():
            continue  # "may" the verb, "march" the walk
        short = len(name or "") <= 3 or (name or "").lower() == "may"
        if g["month3"] and not g["year"] and short and not bare_month.search(line[: match.start()]):
            continue  # "Mar", "May" alone: not a date without "in" or a year
        year = int(g["year"]) if g["year"] else None
        day = g["day1"] or g["day2"]
        found.append(
            DraftDate(
                match.start(),
                match.end(),
                year,
                None,
                MONTHS[name.lower()] if name else None,
                int(day) if day else None,
                g["season"].lower() if g["season"] else None,
            )
        )
    return found


def _full_year(first: str, second: str) -> int | None:
    if len(second) == 2:
        second = first[:2] + second
    year = int(second)
    return year if year > int(first) else None


def read_figures(line: str, taken: list[tuple[int, int]]) -> list[Figure]:
    """The figures of a line, leaving out the spans `taken` by dates, footnote marks
    ("[^2]") and numbered posts ("1/6")."""
    pattern, _, _ = _patterns()
    found = []
    spans = sorted(taken)
    ends = list(itertools.accumulate((b for _, b in spans), max))
    for match in pattern.finditer(line):
        start, end = match.start("low"), match.end()
        if _overlaps(spans, ends, start, end):
            continue
        low = _value(match["low"])
        if low is None:
            continue
        high = _value(match["high"]) if match["high"] else None
        if high is not None and high < low:
            continue
        joint = line[match.end("low") : match.start("high")] if match["high"] else ""
        if "and" in joint and not re.search(r"between\s+$", line[: match.start("low")], re.I):
            high = None  # "30% and 45%": two figures, read one at a time
            end = match.end("low")
        hedge = match["hedge"]
        fraction = " ".join(match["low"].lower().replace("-", " ").split()) in _FRACTIONS
        found.append(
            Figure(
                match.start("hedge") if hedge else start,
                end if high is not None or not match["high"] else match.end("low"),
                low,
                high,
                bool(match["percent"]) or fraction,
                HEDGES[" ".join(hedge.lower().split())] if hedge else None,
                vague=match["low"].lower().startswith(("several", "a few")),
            )
        )
    return found


def _overlaps(spans: list[tuple[int, int]], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the spans (sorted; ends: the running maximum of
    their ends), in log time: a long line has thousands."""
    before = bisect.bisect_left(spans, (end, end))  # the spans that start before `end`
    return before > 0 and ends[before - 1] > start


def _value(text: str) -> float | None:
    words = " ".join(text.lower().replace("-", " ").split())
    if words in _FRACTIONS:
        return _FRACTIONS[words]
    head, _, scale = words.rpartition(" ")
    if scale in _SCALES:
        base = {"a": 1.0, "one": 1.0, "several": 2.0, "a few": 2.0}.get(head)
        value = base if base is not None else _value(head)
        return None if value is None else value * _SCALES[scale]
    for suffix, factor in _SUFFIXES.items():
        if words.endswith(suffix) and words[: -len(suffix)].strip()[:1].isdigit():
            number = _value(words[: -len(suffix)].strip())
            return None if number is None else number * factor
    if words[:1].isdigit():
        return float(re.sub(r"[,\u202f\u2009 ]", "", words))
    return _word_value(words)


def _word_value(words: str) -> float | None:
    parts = words.split()
    if len(parts) == 1 and parts[0] in _UNITS:
        return float(_UNITS.index(parts[0]))
    if parts and parts[0] in _TENS:
        unit = _UNITS.index(parts[1]) if len(parts) > 1 and parts[1] in _UNITS else 0
        return float(20 + 10 * _TENS.index(parts[0]) + unit)
    return None


# --- comparing -------------------------------------------------------------------------


def same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1.0)


def compare(figure: Figure, low: float, high: float | None, qualifier: str) -> str | None:
    """None if the draft's figure says what the fact's does; else what differs."""
    if high is not None and qualifier == "range":
        if figure.high is not None:
            return None if same(figure.low, low) and same(figure.high, high) else "value"
        if same(figure.low, high) and figure.qualifier == "up to":
            return None
        if same(figure.low, low) and figure.qualifier in ("at least", "more than"):
            return None
        return "closed" if same(figure.low, high) or same(figure.low, low) else "value"
    if figure.high is not None:
        return "value"
    if qualifier == "several":
        return None if figure.vague and same(figure.low, low) else "value"
    if figure.vague:
        return "value"
    if not same(figure.low, low):
        return "value"
    if qualifier in ("more than", "at least"):
        return "hedge" if figure.qualifier in ("exactly", "less than", "up to") else None
    if qualifier in ("less than", "up to"):
        return "hedge" if figure.qualifier in ("exactly", "more than", "at least") else None
    if qualifier == "about":
        return "hedge" if figure.qualifier == "exactly" else None
    return None
