"""The SQLite export: real tables with keys, full-text search as sqlite-utils sets it up, and
the metadata Datasette reads (title, source, licence) for a file written beside it.

`sqlite-utils search facts.db facts prisoners` and Datasette's search box (`?_search=`) find
the facts_fts table by the convention of sqlite-utils' `enable_fts`: an FTS5 table named
<table>_fts with content=[<table>], kept in step with the rows by triggers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from ..core.contract import SQL_FACT_COLUMNS, FactRecord, flat_value
from ..core.model import FactBase
from ..core.records import fact_record

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
CREATE INDEX fact_topics_topic ON fact_topics(topic_id);
CREATE INDEX fact_entities_entity ON fact_entities(entity_id, role);
CREATE INDEX facts_source ON facts(source_id);
""".replace("{facts}", _FACTS_TABLE)

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


def write_sqlite(base: FactBase, path: Path) -> None:
    """Real tables with primary and foreign keys: opens as is in Datasette and sqlite-utils."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(SQLITE_SCHEMA)
        with connection:
            for statement, rows in chain(_catalogue(base), _facts(base)):
                connection.executemany(statement, rows)
        # Indexed once all rows are in: one pass, rather than a trigger's work per row.
        connection.executescript(FTS_SCHEMA)
    finally:
        connection.close()


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


def _facts(base: FactBase) -> Iterator[tuple[str, Rows]]:
    """The facts and what links them to topics and entities: each insert with its rows."""
    yield (
        f"INSERT INTO facts VALUES ({', '.join('?' * len(SQL_FACT_COLUMNS))})",
        [_fact_row(fact_record(base, f)) for f in base.facts.values()],
    )
    yield (
        "INSERT INTO fact_topics VALUES (?, ?, ?)",
        [
            (f.id, topic, position)
            for f in base.facts.values()
            for position, topic in enumerate(f.topics)
        ],
    )
    yield (
        "INSERT OR IGNORE INTO fact_entities VALUES (?, ?, ?, ?)",
        [
            (f.id, entity, role, position)
            for f in base.facts.values()
            for role, ids in (("stated_by", f.stated_by), ("about", f.about))
            for position, entity in enumerate(ids)
        ],
    )


def _fact_row(record: FactRecord) -> tuple[Any, ...]:
    return tuple(_sql_value(flat_value(record, key)) for _, key in SQL_FACT_COLUMNS)


def _sql_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


LICENSE = "MIT"
LICENSE_URL = "https://opensource.org/licenses/MIT"


def datasette_metadata(base: FactBase, database: str) -> dict[str, Any]:
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
            f"{len(base.facts)} checked facts, each with its verbatim quote, section, paragraph "
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


def write_datasette_metadata(base: FactBase, database: str, path: Path) -> None:
    metadata = datasette_metadata(base, database)
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
