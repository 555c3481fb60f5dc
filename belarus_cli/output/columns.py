"""What a record shows as columns (CSV, TSV, Markdown and terminal tables), and the two
phrases every view repeats: who states a fact, and where in the source it is."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.records import Record


class Column:
    # A plain class: a NamedTuple costs a tenth of a millisecond to create at import.
    __slots__ = ("get", "title")

    def __init__(self, title: str, get: Callable[[Record], Any]) -> None:
        self.title = title
        self.get = get


def joined(values: Sequence[str] | None) -> str:
    return "; ".join(values or [])


def who_states(record: Record) -> str:
    names = joined(record["stated_by"])
    return f"{names} (citing {record['attribution']})" if record.get("attribution") else names


def where_in_source(record: Record) -> str:
    citation = record["citation"]
    place = citation["section"]
    if citation.get("paragraph"):
        place += f", para. {citation['paragraph']}"
    if citation.get("part") not in (None, "body"):
        place += f" ({citation['part']})"
    return str(place)


FACT_COLUMNS = (
    Column("id", lambda r: r["id"]),
    Column("topic", lambda r: r["topic"]),
    Column("value", lambda r: r["value"]),
    Column("statement", lambda r: r["statement"]),
    Column("stated_by", who_states),
    Column("date", lambda r: r["date"]),
    Column("quote", lambda r: r["quote"]),
    Column("section", lambda r: r["citation"]["section"]),
    Column("paragraph", lambda r: r["citation"]["paragraph"]),
    Column("url", lambda r: r["citation"]["url"]),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "fact": FACT_COLUMNS,
    "ranked": (
        Column("score", lambda r: r["score"]),
        Column("answers", lambda r: "true" if r["answers"] else "false"),
        *FACT_COLUMNS,
    ),
    "topic": (
        Column("id", lambda r: r["id"]),
        Column("title", lambda r: r["title"]),
        Column("count", lambda r: r["count"]),
        Column("aliases", lambda r: joined(r["aliases"])),
        Column("description", lambda r: r["description"]),
    ),
    "source": tuple(
        Column(key, operator.itemgetter(key))
        for key in ("id", "title", "author", "affiliation", "publisher", "published", "url")
    ),
    "entity": (
        Column("id", lambda r: r["id"]),
        Column("name", lambda r: r["name"]),
        Column("kind", lambda r: r["kind"]),
        Column("aliases", lambda r: joined(r["aliases"])),
        Column("description", lambda r: r["description"]),
    ),
}


def cell(value: Any) -> str:
    """A value as table or spreadsheet text: nothing for None, floats without a needless .0."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def quantity_of(record: Record, key: str) -> Any:
    return (record.get("quantity") or {}).get(key)


COLUMNS["timeline"] = (
    Column("date", lambda r: r["date"]),
    Column("date_end", lambda r: r["date_end"]),
    Column("when", lambda r: r["when"]),
    Column("kind", lambda r: r["kind"]),
    Column("id", lambda r: r["id"]),
    Column("value", lambda r: r["value"]),
    Column("statement", lambda r: r["statement"]),
    Column("stated_by", lambda r: who_states(r)),
    Column("topic", lambda r: r["topic"]),
)
COLUMNS["figure"] = (
    Column("measure", lambda r: quantity_of(r, "measure")),
    Column("unit", lambda r: quantity_of(r, "unit")),
    Column("value", lambda r: r["value"]),
    Column("low", lambda r: quantity_of(r, "low")),
    Column("high", lambda r: quantity_of(r, "high")),
    Column("qualifier", lambda r: quantity_of(r, "qualifier")),
    Column("stated_by", lambda r: who_states(r)),
    Column("as_of", lambda r: r["as_of"]),
    Column("id", lambda r: r["id"]),
    Column("link", lambda r: r["citation"]["link"]),
)
COLUMNS["entity-fact"] = (
    Column("entity", lambda r: r["entity"]),
    Column("role", lambda r: r["role"]),
    *FACT_COLUMNS,
)
