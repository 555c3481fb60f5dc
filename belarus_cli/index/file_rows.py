"""A file's rows in the tables of facts: deleted as a range of row numbers, or copied from an
earlier index to the file's new place."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from .rows import stored_parts
from .schema import DOC_DELETE, DOC_INSERT, ROWS_PER_FILE, entity_key


class Dropped(NamedTuple):
    """What the facts of the rows deleted had: their topics, and their measures (with units)."""

    topics: set[str]
    measures: set[tuple[str, str]]


def drop_rows(db: sqlite3.Connection, first: int, end: int) -> Dropped:
    """Delete the rows between two row numbers (a file's) from every table of facts."""
    stored = db.execute("SELECT row, record FROM fact WHERE row >= ? AND row < ?", (first, end))
    documents, mentions = [], []
    for row, packed in stored:
        document, entities = stored_parts(packed)
        documents.append((row, *document))
        mentions += [(entity_key(entity), row) for entity in entities]
    db.executemany(DOC_DELETE, documents)
    # By entity, as fact_entity is keyed: by row it would be read whole.
    db.executemany("DELETE FROM fact_entity WHERE entity = ? AND row = ?", mentions)
    topics = "SELECT DISTINCT topic FROM fact_topic WHERE row >= ? AND row < ?"
    measures = "SELECT DISTINCT measure, unit FROM fact_measure WHERE row >= ? AND row < ?"
    had = Dropped(
        {topic for (topic,) in db.execute(topics, (first, end))},
        {(measure, unit) for measure, unit in db.execute(measures, (first, end))},
    )
    for table in ("fact", "fact_topic", "fact_value", "fact_date", "fact_measure"):
        db.execute(f"DELETE FROM {table} WHERE row >= ? AND row < ?", (first, end))
    return had


def copy_rows(db: sqlite3.Connection, moved: dict[int, int]) -> None:
    """The reused files' rows, from the earlier index, renumbered to the files' new places:
    one pass over each table, joined to the files' moves."""
    db.execute("CREATE TEMP TABLE moved (earlier INTEGER PRIMARY KEY, shift INTEGER)")
    db.executemany(
        "INSERT INTO moved VALUES (?, ?)",
        ((earlier, (now - earlier) * ROWS_PER_FILE) for earlier, now in moved.items()),
    )
    fact_columns: tuple[str, ...] = ("id", "main_topic", "paragraph", "has_value")
    fact_columns += ("has_quantity", "unit", "has_date")
    fact_columns += ("about_person", "negative", "gives_reason", "record", "crc", "link_prefix")
    fact_columns += ("link_suffix",)
    for table, columns in (
        ("fact", fact_columns),
        ("fact_topic", ("topic",)),
        ("fact_entity", ("entity",)),
        ("fact_value", ("value",)),
        ("fact_date", ("start", "end", "paragraph")),
        ("fact_measure", ("measure", "unit", "low", "high")),
    ):
        taken = ", ".join(f"old.{column}" for column in columns)
        into = "" if table == "fact" else f" (row, {', '.join(columns)})"
        db.execute(
            f"INSERT INTO main.{table}{into} SELECT old.row + moved.shift, {taken} "
            f"FROM earlier.{table} AS old "
            f"JOIN moved ON moved.earlier = old.row / {ROWS_PER_FILE}"
        )
    # The earlier index keeps no text of its documents: each is made again from its record.
    copied = db.execute(
        "SELECT old.row + moved.shift, old.record FROM earlier.fact AS old "
        f"JOIN moved ON moved.earlier = old.row / {ROWS_PER_FILE}"
    )
    db.executemany(DOC_INSERT, ((row, *stored_parts(packed)[0]) for row, packed in copied))
    db.execute("DROP TABLE temp.moved")
