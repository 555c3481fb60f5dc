"""The JSON contract of a fact, typed: the fact object of the README's "JSON contract", and
its flattening into the CSV export's columns and the SQLite export's facts table.

records.fact_record builds these objects; keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

from typing import Any, TypedDict


class QuantityRecord(TypedDict):
    low: float
    high: float | None
    unit: str
    qualifier: str
    measure: str | None


class CitationRecord(TypedDict):
    source: str
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    section: str
    paragraph: int | None
    part: str
    link: str | None


class FactRecord(TypedDict):
    """A fact object of the README's JSON contract, as `fact`, `show`, `ask` and the JSON
    export give it (`ask` adds score and answers)."""

    id: str
    topic: str
    topics: list[str]
    statement: str
    value: str | None
    quantity: QuantityRecord | None
    date: str | None
    date_label: str | None
    date_start: str | None
    date_end: str | None
    stated_by: list[str]
    stated_by_ids: list[str]
    attribution: str | None
    about: list[str]
    about_ids: list[str]
    quote: str
    keywords: list[str]
    citation: CitationRecord


# A fact flattened, for the CSV export and the SQLite export's facts table, in one order:
# (the FactRecord key, dotted into the quantity or citation; its CSV column; its SQLite column
# with type). None where a format leaves the field out: SQLite links topics and entities
# through tables of their own, and the CSV names a fact's topics and entities in its cells.
FLAT_FACT: tuple[tuple[str, str | None, str | None], ...] = (
    ("id", "id", "id TEXT PRIMARY KEY"),
    ("topics", "topics", None),
    ("topic", None, "topic_id TEXT NOT NULL REFERENCES topics(id)"),
    ("statement", "statement", "statement TEXT NOT NULL"),
    ("value", "value", "value TEXT"),
    ("quantity.low", "low", "quantity_low REAL"),
    ("quantity.high", "high", "quantity_high REAL"),
    ("quantity.unit", "unit", "quantity_unit TEXT"),
    ("quantity.qualifier", "qualifier", "quantity_qualifier TEXT"),
    ("quantity.measure", "measure", "quantity_measure TEXT"),
    ("date", "date", "date TEXT"),
    ("date_label", None, "date_label TEXT"),
    ("date_start", "date_start", "date_start TEXT"),
    ("date_end", "date_end", "date_end TEXT"),
    ("stated_by", "stated_by", None),
    ("attribution", "attribution", "attribution TEXT"),
    ("about", "about", None),
    ("quote", "quote", "quote TEXT NOT NULL"),
    ("citation.source", "source", "source_id TEXT NOT NULL REFERENCES sources(id)"),
    ("citation.section", "section", "section TEXT NOT NULL"),
    ("citation.paragraph", "paragraph", "paragraph INTEGER"),
    ("citation.part", "part", "part TEXT NOT NULL"),
    ("keywords", None, "keywords TEXT NOT NULL"),
    ("citation.link", "link", "link TEXT NOT NULL"),
)
CSV_FACT_COLUMNS = tuple((column, key) for key, column, _ in FLAT_FACT if column)
SQL_FACT_COLUMNS = tuple((sql, key) for key, _, sql in FLAT_FACT if sql)


def flat_value(record: FactRecord, key: str) -> Any:
    """The value at a FLAT_FACT key: `quantity.low` is None for a fact without a quantity."""
    head, _, tail = key.partition(".")
    value: Any = record[head]  # type: ignore[literal-required]
    return (value or {}).get(tail) if tail else value
