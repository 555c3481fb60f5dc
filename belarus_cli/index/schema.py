"""What the index's writer and its readers must agree on: the tables, the order of the
full-text fields, the entity kinds that answer "who", how text is cut into the words the index
keeps, how its meta data is read, and how a stored record is packed and checked."""

from __future__ import annotations

import re
import sqlite3
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.folding import fold, strip_accents

if TYPE_CHECKING:
    from zstandard import ZstdCompressor, ZstdDecompressor

# Field order of the full-text index (query/search.py weighs them in this order).
FIELDS = ("value", "statement", "quote", "topics", "entities", "keywords", "questions")
# Entity kinds that answer a "who" question.
PEOPLE = ("person", "organisation", "group")

# Rows are numbered by file: a file's facts take rows from its ordinal times this, in the
# file's order. Every file knows its rows before any other is read, a file left out is a
# range to delete, and every way of building an index puts the facts in the same order.
ROWS_PER_FILE = 1 << 32

TABLES = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Contentless: the text is not stored twice. Each fact's document is made again from its
-- record when its rows are deleted or copied (see document).
CREATE VIRTUAL TABLE doc USING fts5({", ".join(FIELDS)}, content = '',
    tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE fact (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL, main_topic TEXT NOT NULL,
    paragraph INTEGER, has_value INTEGER NOT NULL, has_quantity INTEGER NOT NULL,
    unit TEXT NOT NULL, has_date INTEGER NOT NULL, about_person INTEGER NOT NULL,
    negative INTEGER NOT NULL, gives_reason INTEGER NOT NULL,
    record BLOB NOT NULL, crc INTEGER NOT NULL,
    link_prefix TEXT NOT NULL, link_suffix TEXT NOT NULL);
-- Topics, sources and entities stand in the order of the files that define them: a file's
-- take positions from its ordinal times ROWS_PER_FILE, as its facts take rows, so that an
-- update deletes and inserts only those of the files that changed. A topic's number of
-- facts is kept beside its record, as an edit of any file may change it.
CREATE TABLE topic (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
    crc INTEGER NOT NULL, facts INTEGER NOT NULL);
CREATE TABLE source (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
    crc INTEGER NOT NULL, published TEXT NOT NULL);
CREATE TABLE entity (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
    crc INTEGER NOT NULL);
-- A fact's topics are keyed by row, as search reads them (the topics of its candidates) and
-- an update deletes them (a file's range of rows), and indexed by topic below. Its entities
-- are only ever looked up by entity: an update's delete of a file's rows may scan them.
CREATE TABLE fact_topic (
    row INTEGER NOT NULL, topic TEXT NOT NULL, PRIMARY KEY (row, topic)) WITHOUT ROWID;
CREATE TABLE fact_entity (
    entity INTEGER NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (entity, row)) WITHOUT ROWID;
-- Every name of every topic and entity, as `words` cuts it; `people` is 1 for a name (not the
-- id) of a person, organisation or group, so that a fact whose value is one answers "who".
CREATE TABLE alias (
    name TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, display TEXT NOT NULL,
    people INTEGER NOT NULL);
-- Each word of each topic's names: which topics a question's words name in part.
CREATE TABLE topic_word (
    word TEXT NOT NULL, topic TEXT NOT NULL, PRIMARY KEY (word, topic)) WITHOUT ROWID;
-- The words spelling correction knows, each with the number of files that have it: an
-- update adds and takes away the words of the files that changed.
CREATE TABLE word (word TEXT PRIMARY KEY, files INTEGER NOT NULL) WITHOUT ROWID;
-- The value of each fact that has one, as `words` cuts it (compared with alias names).
CREATE TABLE fact_value (row INTEGER PRIMARY KEY, value TEXT NOT NULL);
-- The dated facts for the timeline (the first and last day of their period, ISO, and the
-- paragraph, 0 for none), kept in the timeline's order: a timeline cut to its first entries
-- reads only those. (An update deletes a file's dates by a scan: a few milliseconds.) And
-- the facts that give a figure of a named measure for compare.
CREATE TABLE fact_date (
    start TEXT NOT NULL, end TEXT NOT NULL, paragraph INTEGER NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY (start, end, paragraph, row)) WITHOUT ROWID;
CREATE TABLE fact_measure (
    row INTEGER PRIMARY KEY, measure TEXT NOT NULL, unit TEXT NOT NULL,
    low REAL NOT NULL, high REAL);
-- Each measure in each unit with its number of figures and the row of its first: compare
-- lists them without counting a corpus's figures on every run.
CREATE TABLE measure_group (
    measure TEXT NOT NULL, unit TEXT NOT NULL, figures INTEGER NOT NULL,
    first_row INTEGER NOT NULL, PRIMARY KEY (measure, unit)) WITHOUT ROWID;
-- Each file as the next build may take it instead of parsing it again: its signature when
-- read (cache.signature), the summary (load/parsed.py) of a file whose facts are all
-- indexed here, the words it gave the word table, and for a file whose facts refer to
-- records of other files, those records' ids by kind (JSON; all three schema.pack'ed): an
-- update takes such a file as it is while none of them has changed.
CREATE TABLE file (
    ordinal INTEGER PRIMARY KEY, path TEXT NOT NULL, signature TEXT,
    summary BLOB, words BLOB NOT NULL, refers BLOB);
"""
# Made once the rows are in: building an index in one pass is quicker than keeping it up to
# date row by row. (Fact ids are unique: the checks across files see to that. An update in
# place may hold a changed file's rows and the rows of the file whose id it took for a moment.)
INDEXES = """
CREATE INDEX fact_by_id ON fact (id);
CREATE INDEX fact_topic_by_topic ON fact_topic (topic);
CREATE INDEX alias_by_name ON alias (name);
CREATE INDEX alias_by_id ON alias (id);
-- The figures for one measure, which an answer shows side by side (query/answers.py).
CREATE INDEX fact_measure_by_measure ON fact_measure (measure, unit);
"""
# Whether a fact (the table fact AS f) answers "who": it is about a person, or its value is the
# name of one. Looked up when asked rather than stored, so that an edit of the file that
# names the person never leaves the facts of other files out of date.
ANSWERS_WHO = (
    "(f.about_person OR EXISTS (SELECT 1 FROM fact_value AS v JOIN alias AS a "
    "ON a.name = v.value WHERE v.row = f.row AND a.people))"
)
DOC_INSERT = f"INSERT INTO doc (rowid, {', '.join(FIELDS)}) VALUES (?{', ?' * len(FIELDS)})"
# A contentless full-text table deletes a row given the very text it was given.
DOC_DELETE = (
    f"INSERT INTO doc (doc, rowid, {', '.join(FIELDS)}) VALUES ('delete', ?{', ?' * len(FIELDS)})"
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", strip_accents(fold(text)))


def entity_key(entity_id: str) -> int:
    """The number that stands for an entity in fact_entity (8 bytes rather than an id's 30,
    in a quarter of a million rows for 100,000 facts): its id's crc32 and Adler-32 side by
    side. Readers that print a fact check its own ids, so two ids of one number would cost
    a look-up, never a wrong answer."""
    data = entity_id.encode()
    key = zlib.crc32(data) << 32 | zlib.adler32(data)
    return key - (1 << 64) if key >= 1 << 63 else key


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


# A Zstandard dictionary of what fact records hold (trained on the bundled facts' records by
# bench/record_dictionary.py): a record of a thousand bytes is too short for a compressor to
# learn its own keys and common words from. Zstandard with it packs a record in a fifth of
# the time zlib took, and smaller. (Changing it changes the index format: cache.FORMAT.)
RECORD_DICTIONARY = Path(__file__).with_name("records.zdict")


@cache
def _codec() -> tuple[ZstdCompressor, ZstdDecompressor]:
    import zstandard

    trained = zstandard.ZstdCompressionDict(RECORD_DICTIONARY.read_bytes())
    packer = zstandard.ZstdCompressor(level=3, dict_data=trained, write_dict_id=False)
    return packer, zstandard.ZstdDecompressor(dict_data=trained)


def joined(*texts: str) -> bytes:
    """Texts as one value: the lengths go first, as any text may hold any character."""
    return (",".join(str(len(text)) for text in texts) + "\n" + "".join(texts)).encode()


def pack(*texts: str) -> bytes:
    """Texts stored as one compressed value: a fact's record, then the names and questions
    its full-text document was given (see writer.py). Unpacked on every read, in
    microseconds."""
    return _codec()[0].compress(joined(*texts))


def unpack(packed: bytes) -> list[str]:
    from zstandard import ZstdError

    try:
        lengths, _, rest = _codec()[1].decompress(packed).decode().partition("\n")
        texts, start = [], 0
        for length in map(int, lengths.split(",")):
            texts.append(rest[start : start + length])
            start += length
    except (ZstdError, UnicodeDecodeError, ValueError) as error:
        raise DamagedRecord(f"a stored record cannot be read: {error}") from None
    return texts
