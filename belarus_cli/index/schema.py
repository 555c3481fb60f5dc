"""What the index's writer and its readers must agree on: the order of the full-text fields,
the entity kinds that answer "who", how text is cut into the words the index keeps, and how
its meta data is read."""

from __future__ import annotations

import re
import sqlite3

from ..core.folding import fold, strip_accents

# Field order of the full-text index (query/search.py weighs them in this order).
FIELDS = ("value", "statement", "quote", "topics", "entities", "keywords")
# Entity kinds that answer a "who" question.
PEOPLE = ("person", "organisation", "group")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", strip_accents(fold(text)))


def read_meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])
