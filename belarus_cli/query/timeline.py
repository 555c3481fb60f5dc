"""The dated facts in time order, with the day each source was published marked among them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.model import Fact, FactBase, Period, Source
from ..core.records import Record, fact_record


@dataclass(frozen=True)
class Entry:
    """One row of the timeline: a dated fact, or the publication of a source."""

    start: dt.date
    end: dt.date
    label: str
    fact: Fact | None = None
    source: Source | None = None

    @property
    def kind(self) -> str:
        return "fact" if self.fact is not None else "published"


def timeline(
    base: FactBase,
    since: Period | None = None,
    until: Period | None = None,
    topic: str | None = None,
) -> list[Entry]:
    """Dated facts (of `topic`, if given) overlapping since..until, sorted by start then end.

    A period sorts by its first day, then its last: "2012/2015" comes before 2018, "spring
    2021" before "August 2021", and the whole of 2022 after "January-February 2022". Facts
    of the same period keep the article's order. Each source's publication day is an entry
    too, placed before the facts dated that day (the article's "now").
    """
    low = since.start if since else dt.date.min
    high = until.end if until else dt.date.max
    entries = [
        Entry(fact.date.start, fact.date.end, fact.date.label, fact=fact)
        for fact in base.facts.values()
        if fact.date is not None
        and (topic is None or topic in fact.topics)
        and fact.date.end >= low
        and fact.date.start <= high
    ]
    for source in base.sources.values():
        if low <= source.published <= high:
            label = f"{source.published.day} {source.published:%B %Y}"
            entries.append(Entry(source.published, source.published, label, source=source))

    def order(entry: Entry) -> tuple[dt.date, dt.date, int, int]:
        paragraph = (entry.fact.paragraph or 0) if entry.fact else 0
        return (entry.start, entry.end, 0 if entry.source else 1, paragraph)

    return sorted(entries, key=order)


def entry_record(base: FactBase, entry: Entry) -> Record:
    """`date` is the ISO first day (it sorts); `period` the date as the fact file writes it."""
    head: Record = {
        "date": entry.start.isoformat(),
        "date_end": entry.end.isoformat(),
        "when": entry.label,
        "kind": entry.kind,
    }
    if entry.fact is not None:
        record = fact_record(base, entry.fact)
        period = record.pop("date")
        return {**head, **record, "period": period}
    source = entry.source
    assert source is not None
    return {
        **head,
        "id": source.id,
        "statement": f"{source.publisher} published “{source.title}” by {source.author}.",
        "value": "published",
        "stated_by": [source.publisher],
        "topic": None,
        "source": source.id,
        "url": source.url,
        "period": source.published.isoformat(),
    }


def parse_bounds(since: str | None, until: str | None) -> tuple[Period | None, Period | None]:
    """The --from and --to values as Periods, or UsageError; --to may not end before --from
    starts (no fact could be in between: that is a slip, not an empty period)."""
    from ..core.errors import UsageError

    low, high = parse_bound(since, "--from"), parse_bound(until, "--to")
    if low is not None and high is not None and high.end < low.start:
        raise UsageError(f"--from {since} is after --to {until} — swap them")
    return low, high


def parse_bound(value: str | None, option: str) -> Period | None:
    """A --from/--to value as a Period (2022, 2022-08, 2021-spring, 2022-10-15), or UsageError."""
    from ..core.errors import UsageError
    from ..core.periods import PeriodError, parse_period

    if value is None:
        return None
    try:
        return parse_period(value)
    except PeriodError as error:
        raise UsageError(f"{option} {error}") from None
