"""The SQLite export: real tables with keys, full-text search as sqlite-utils sets it up, and
the metadata Datasette reads (title, source, licence) for a file written beside it.

`sqlite-utils search facts.db facts prisoners` and Datasette's search box (`?_search=`) find
the facts_fts table by the convention of sqlite-utils' `enable_fts`: an FTS5 table named
<table>_fts with content=[<table>], kept in step with the rows by triggers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ..core.contract import SQL_FACT_COLUMNS, FactRecord
from ..core.model import FactBase

# The facts table has a column for each field of FLAT_FACT that SQLite keeps.
_FACTS_TABLE = "".join(
    ("CREATE TABLE facts (\n", ",\n".join(f"  {sql}" for sql, _ in SQL_FACT_COLUMNS), "\n);\n")
)
SQLITE_SCHEMA = """
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  author TEXT NOT NULL,
  affiliation TEXT NOT NULL,
  publisher TEXT NOT NULL,
  published TEXT NOT NULL,
  url TEXT NOT NULL,
  language TEXT NOT NULL,
  rubric TEXT
);
CREATE TABLE topics (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  aliases TEXT NOT NULL
);
CREATE TABLE entities (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  aliases TEXT NOT NULL
);
{facts}CREATE TABLE fact_topics (
  fact_id TEXT NOT NULL REFERENCES facts(id),
  topic_id TEXT NOT NULL REFERENCES topics(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (fact_id, topic_id)
);
CREATE TABLE fact_entities (
  fact_id TEXT NOT NULL REFERENCES facts(id),
  entity_id TEXT NOT NULL REFERENCES entities(id),
  role TEXT NOT NULL CHECK (role IN ('stated_by', 'about')),
  position INTEGER NOT NULL,
  PRIMARY KEY (fact_id, entity_id, role)
);
""".replace("{facts}", _FACTS_TABLE)
# Made once all rows are in, which is quicker than keeping them up to date row by row.
SQLITE_INDEXES = """
CREATE INDEX fact_topics_topic ON fact_topics(topic_id);
CREATE INDEX fact_entities_entity ON fact_entities(entity_id, role);
CREATE INDEX facts_source ON facts(source_id);
"""

# The facts' text that search covers; the triggers keep the index in step when a client edits
# a row (sqlite-utils' enable_fts(..., create_triggers=True) writes the same three).
FTS_COLUMNS = ("statement", "value", "quote", "attribution", "keywords")
_COLUMNS = ", ".join(f"[{column}]" for column in FTS_COLUMNS)
_OLD = ", ".join(f"old.[{column}]" for column in FTS_COLUMNS)
_NEW = ", ".join(f"new.[{column}]" for column in FTS_COLUMNS)
FTS_SCHEMA = f"""
CREATE VIRTUAL TABLE [facts_fts] USING FTS5 (
    {_COLUMNS},
    tokenize='porter unicode61 remove_diacritics 2',
    content=[facts]
);
INSERT INTO [facts_fts] ([facts_fts]) VALUES ('rebuild');
CREATE TRIGGER [facts_ai] AFTER INSERT ON [facts] BEGIN
  INSERT INTO [facts_fts] (rowid, {_COLUMNS}) VALUES (new.rowid, {_NEW});
END;
CREATE TRIGGER [facts_ad] AFTER DELETE ON [facts] BEGIN
  INSERT INTO [facts_fts] ([facts_fts], rowid, {_COLUMNS}) VALUES ('delete', old.rowid, {_OLD});
END;
CREATE TRIGGER [facts_au] AFTER UPDATE ON [facts] BEGIN
  INSERT INTO [facts_fts] ([facts_fts], rowid, {_COLUMNS}) VALUES ('delete', old.rowid, {_OLD});
  INSERT INTO [facts_fts] (rowid, {_COLUMNS}) VALUES (new.rowid, {_NEW});
END;
"""


def write_sqlite(catalogue: FactBase, facts: Iterable[FactRecord], path: Path) -> int:
    """Real tables with primary and foreign keys: opens as is in Datasette and sqlite-utils.
    The sources, topics and entities come from `catalogue`, the facts as their records (the
    index keeps them made); returns the number of facts written."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.executescript(SQLITE_SCHEMA)
        with connection:
            for statement, rows in _catalogue(catalogue):
                connection.executemany(statement, rows)
            count = _write_facts(connection, facts)
        # The keys are checked once, over every row, rather than as each row goes in.
        broken = connection.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise ValueError(f"the export would hold a row that refers to nothing: {broken}")
        # Indexed once all rows are in: one pass, rather than a trigger's work per row.
        connection.executescript(SQLITE_INDEXES + FTS_SCHEMA)
    finally:
        connection.close()
    return count


Rows = list[tuple[Any, ...]]


def _catalogue(base: FactBase) -> Iterator[tuple[str, Rows]]:
    """The sources, topics and entities: each insert with its rows."""
    yield (
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.id,
                s.title,
                s.author,
                s.affiliation,
                s.publisher,
                s.published.isoformat(),
                s.url,
                s.language,
                s.rubric,
            )
            for s in base.sources.values()
        ],
    )
    yield (
        "INSERT INTO topics VALUES (?, ?, ?, ?)",
        [
            (t.id, t.title, t.description, json.dumps(list(t.aliases), ensure_ascii=False))
            for t in base.topics.values()
        ],
    )
    yield (
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?)",
        [
            (
                e.id,
                e.name,
                e.kind,
                e.description,
                json.dumps(list(e.aliases), ensure_ascii=False),
            )
            for e in base.entities.values()
        ],
    )


_FACTS_INSERT = f"INSERT INTO facts VALUES ({', '.join('?' * len(SQL_FACT_COLUMNS))})"
# Each column's value from a record, looked up once rather than for every fact.
_FIELDS = [key.partition(".") for _, key in SQL_FACT_COLUMNS]
_BATCH = 5000


def _write_facts(connection: Any, facts: Iterable[FactRecord]) -> int:
    """The facts and what links them to topics and entities, in batches: a corpus's records
    are never all held at once."""
    count = 0
    records = iter(facts)
    while batch := list(islice(records, _BATCH)):
        connection.executemany(_FACTS_INSERT, [_fact_row(record) for record in batch])
        connection.executemany(
            "INSERT INTO fact_topics VALUES (?, ?, ?)",
            [
                (record["id"], topic, position)
                for record in batch
                for position, topic in enumerate(record["topics"])
            ],
        )
        connection.executemany(
            "INSERT OR IGNORE INTO fact_entities VALUES (?, ?, ?, ?)",
            [
                (record["id"], entity, role, position)
                for record in batch
                for role, ids in (
                    ("stated_by", record["stated_by_ids"]),
                    ("about", record["about_ids"]),
                )
                for position, entity in enumerate(ids)
            ],
        )
        count += len(batch)
    return count


def _fact_row(record: FactRecord) -> list[Any]:
    whole: Any = record
    values = [(whole[head] or {}).get(tail) if tail else whole[head] for head, _, tail in _FIELDS]
    return [json.dumps(v, ensure_ascii=False) if type(v) is list else v for v in values]


LICENSE = "MIT"
LICENSE_URL = "https://opensource.org/licenses/MIT"


def datasette_metadata(base: FactBase, database: str, fact_count: int) -> dict[str, Any]:
    """Datasette's metadata for the export named `database` (its file name without suffix):
    `datasette facts.db --metadata metadata.json` shows the title, source and licence, and
    labels each table and its rows."""
    sources = list(base.sources.values())
    if len(sources) == 1:
        (source,) = sources
        title = f"Facts from “{source.title}”"
        about = f"{source.author}, {source.publisher}, {source.published.isoformat()}"
        origin: dict[str, str] = {"source": source.publisher, "source_url": source.url}
    else:
        title = f"Facts from {len(sources)} sources"
        about = "; ".join(f"{s.author}, “{s.title}”, {s.publisher}" for s in sources)
        origin = {"source": about}
    return {
        "title": title,
        "description": (
            f"{fact_count} checked facts, each with its verbatim quote, section, paragraph "
            f"and a link to the quote ({about}). The fact base is MIT-licensed; the quotes "
            "are short passages of the source, quoted for reference, and remain its own."
        ),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        **origin,
        "databases": {
            database: {
                "title": title,
                "tables": {
                    "facts": {
                        "description": "One row per fact; search covers " + ", ".join(FTS_COLUMNS),
                        "label_column": "statement",
                        "fts_table": "facts_fts",
                    },
                    "sources": {"label_column": "title"},
                    "topics": {"label_column": "title"},
                    "entities": {"label_column": "name"},
                },
            }
        },
    }


def write_datasette_metadata(base: FactBase, database: str, fact_count: int, path: Path) -> None:
    metadata = datasette_metadata(base, database, fact_count)
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
