"""The dated facts in time order, with the day each source was published marked among them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..core.errors import NotFound
from ..core.records import Record

if TYPE_CHECKING:
    from ..core.model import Period
    from .search import SearchIndex


def timeline(
    index: SearchIndex,
    since: Period | None = None,
    until: Period | None = None,
    topic: str | None = None,
    limit: int | None = None,
) -> list[Record]:
    """Dated facts (of the topic called `topic`, if given) overlapping since..until, sorted by
    start then end, as records (the first `limit` of them); NotFound when there are none.

    A period sorts by its first day, then its last: "2012/2015" comes before 2018, "spring
    2021" before "August 2021", and the whole of 2022 after "January-February 2022". Facts
    of the same period keep the article's order. Each source's publication day is an entry
    too, placed before the facts dated that day (the article's "now").
    """
    low = (since.start if since else dt.date.min).isoformat()
    high = (until.end if until else dt.date.max).isoformat()
    # In order, and cut to the limit, before any record is read: a corpus has thousands.
    query = (
        "SELECT d.row, d.start, d.end, d.paragraph FROM fact_date AS d "
        "WHERE d.end >= ? AND d.start <= ?"
    )
    parameters: tuple[str, ...] = (low, high)
    if topic is not None:
        query += " AND d.row IN (SELECT row FROM fact_topic WHERE topic = ?)"
        parameters += (index.topic_id(topic),)
    cut = "" if limit is None else f" LIMIT {int(limit)}"
    query += " ORDER BY d.start, d.end, d.paragraph, d.row" + cut
    dated = index.db.execute(query, parameters).fetchall()
    if not dated:
        raise NotFound("no dated facts in that period — widen --from/--to or drop --topic")
    order: list[tuple[tuple[str, str, int, int, int], int]] = [
        ((start, end, 1, paragraph or 0, row), row) for row, start, end, paragraph in dated
    ]
    sources = index.db.execute(
        "SELECT position, published FROM source WHERE published >= ? AND published <= ? "
        "ORDER BY published, position" + cut,
        (low, high),
    ).fetchall()
    for position, published in sources:
        order.append(((published, published, 0, 0, position), position))
    order.sort(key=lambda item: item[0])
    kept = order[:limit]
    records = index.records(entry for key, entry in kept if key[2])
    published = index.sources_at(entry for key, entry in kept if not key[2])
    return [
        fact_entry(records[entry]) if key[2] else published_entry(published[entry])
        for key, entry in kept
    ]


def fact_entry(record: Record) -> Record:
    """`date` is the ISO first day (it sorts); `period` the date as the fact file writes it."""
    head: Record = {
        "date": record["date_start"],
        "date_end": record["date_end"],
        "when": record["date_label"],
        "kind": "fact",
    }
    period = record.pop("date")
    return {**head, **record, "period": period}


def published_entry(source: Record) -> Record:
    """The day a source was published, as a row of the timeline."""
    from ..core.dates import long_date

    published = source["published"]
    return {
        "date": published,
        "date_end": published,
        "when": long_date(dt.date.fromisoformat(published)),
        "kind": "published",
        "id": source["id"],
        "statement": f"{source['publisher']} published “{source['title']}” by {source['author']}.",
        "value": "published",
        "stated_by": [source["publisher"]],
        "topic": None,
        "source": source["id"],
        "url": source["url"],
        "period": published,
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


def shortest_first(entries: list[Record]) -> list[Record]:
    """For one day asked about (--on): that day's own events first, then the months, seasons
    and years that overlap it, each group in time order."""

    def span(entry: Record) -> tuple[int, str]:
        start, end = (dt.date.fromisoformat(entry[key]) for key in ("date", "date_end"))
        return (end - start).days, entry["date"]

    return sorted(entries, key=span)
