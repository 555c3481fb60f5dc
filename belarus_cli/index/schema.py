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


def checked(stored: str | bytes, crc: int) -> str:
    """A stored record (a fact's packed, see `pack`), once it matches the checksum written
    with it."""
    record = unpack(stored)[0] if isinstance(stored, bytes) else stored
    if zlib.crc32(record.encode()) != crc:
        raise DamagedRecord("a stored record does not match its checksum")
    return record


# What most fact records hold, given to zlib as a preset dictionary: a record of a thousand
# bytes is too short for zlib to learn its own keys from, and most of what it would learn is
# these. (Changing it changes the index format: cache.FORMAT.)
_RECORD_WORDS = (
    b'{"id":"","topic":"","topics":[""],"statement":"","value":null,"quantity":{"low":'
    b',"high":null,"unit":"","qualifier":"","measure":""},"date":null,"date_label":null,'
    b'"date_start":null,"date_end":null,"stated_by":[""],"stated_by_ids":[""],'
    b'"attribution":null,"about":[""],"about_ids":[""],"quote":"","keywords":[""],'
    b'"citation":{"source":"","section":"","paragraph":null,"part":"body"}}'
)


def pack(*texts: str) -> bytes:
    """Texts stored as one compressed value: a fact's record, then the names and questions
    its full-text document was given (see writer.py). The lengths go first, as any text may
    hold any character. Unpacked on every read, in microseconds."""
    joined = ",".join(str(len(text)) for text in texts) + "\n" + "".join(texts)
    compressor = zlib.compressobj(6, zdict=_RECORD_WORDS)
    return compressor.compress(joined.encode()) + compressor.flush()


def unpack(packed: bytes) -> list[str]:
    try:
        joined = zlib.decompressobj(zdict=_RECORD_WORDS).decompress(packed).decode()
        lengths, _, rest = joined.partition("\n")
        texts, start = [], 0
        for length in map(int, lengths.split(",")):
            texts.append(rest[start : start + length])
            start += length
    except (zlib.error, UnicodeDecodeError, ValueError) as error:
        raise DamagedRecord(f"a stored record cannot be read: {error}") from None
    return texts
