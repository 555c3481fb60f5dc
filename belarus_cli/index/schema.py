"""What the index's writer and its readers must agree on: the order of the full-text fields,
the entity kinds that answer "who", how text is cut into the words the index keeps, and how
its meta data is read, and the checksum every stored record carries."""

from __future__ import annotations

import re
import sqlite3
import zlib

from ..core.folding import fold, strip_accents

# Field order of the full-text index (query/search.py weighs them in this order).
FIELDS = ("value", "statement", "quote", "topics", "entities", "keywords", "questions")
# Entity kinds that answer a "who" question.
PEOPLE = ("person", "organisation", "group")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", strip_accents(fold(text)))


def read_meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


class DamagedRecord(sqlite3.DatabaseError):
    """A stored record that no longer matches its checksum: the index was changed or corrupted
    behind SQLite's back. A DatabaseError, so a cached index is dropped and built anew."""


def checksum(record: str) -> int:
    """The checksum stored beside each record (column `crc`): microseconds a record, unlike
    `PRAGMA quick_check`, so every read can afford it."""
    return zlib.crc32(record.encode())


def checked(record: str, crc: int) -> str:
    """A stored record, once it matches the checksum written with it."""
    if zlib.crc32(record.encode()) != crc:
        raise DamagedRecord("a stored record does not match its checksum")
    return record
