"""The tables that every file adds its names to (topic, source, entity and alias) and the word
table, as the writer fills them for the files it receives and an update takes out the part of
the files that changed: each file's topics, sources and entities take positions from its
ordinal times ROWS_PER_FILE, as its facts take rows."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .schema import PEOPLE, checksum, words

if TYPE_CHECKING:
    from ..core.model import Entity, FactBase, Source, Topic

# The kinds of record a file defines, each with its table, in the order of load/parsed.py.
NAMED = ("source", "topic", "entity")


def write_names(db: sqlite3.Connection, base: FactBase, positions: Mapping[str, int]) -> None:
    """The topics (counted later, count_facts), sources and entities of `base`, with every name
    of its topics and entities; `positions` gives each one's place ("kind id"), else they are
    numbered in order."""
    published = {s.id: s.published.isoformat() for s in base.sources.values()}
    made = _made_records(base.sources.values(), base.topics.values(), base.entities.values())
    for table, records in made.items():
        rows = _numbered(table, records, positions)
        if table == "topic":
            db.executemany("INSERT INTO topic VALUES (?, ?, ?, ?, 0)", rows)
        elif table == "source":
            dated = ((*row, published[row[1]]) for row in rows)
            db.executemany("INSERT INTO source VALUES (?, ?, ?, ?, ?)", dated)
        else:
            db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO alias VALUES (?, ?, ?, ?, ?)", _aliases(base))
    db.executemany("INSERT INTO topic_word VALUES (?, ?)", _topic_words(base.topics.values()))


def forget_names(db: sqlite3.Connection, first: int, end: int) -> None:
    """Delete the topics, sources and entities between two positions (a file's), with their
    names."""
    for table in NAMED:
        ids = [i for (i,) in db.execute(positioned(table, "id"), (first, end))]
        if table == "topic":
            names = "SELECT name FROM alias WHERE id = ? AND kind = 'topic'"
            pairs = {
                (w, i) for i in ids for (name,) in db.execute(names, (i,)) for w in name.split()
            }
            db.executemany("DELETE FROM topic_word WHERE word = ? AND topic = ?", sorted(pairs))
        if table != "source":
            db.executemany("DELETE FROM alias WHERE id = ? AND kind = ?", ((i, table) for i in ids))
        db.execute(f"DELETE FROM {table} WHERE position >= ? AND position < ?", (first, end))


def record_texts(
    sources: Iterable[Source], topics: Iterable[Topic], entities: Iterable[Entity]
) -> dict[str, dict[str, str]]:
    """The records (as the tables keep them) of these sources, topics and entities, by kind
    and id: what an update compares with the ones it deletes (held_record_texts)."""
    made = _made_records(sources, topics, entities)
    return {kind: {i: _text(r) for i, r in records} for kind, records in made.items()}


def _made_records(
    sources: Iterable[Source], topics: Iterable[Topic], entities: Iterable[Entity]
) -> dict[str, Iterator[tuple[str, object]]]:
    """(id, record) of each source, topic and entity, by table (topics without their count,
    which stands beside the record)."""
    from ..core.records import entity_record, source_record, topic_record

    return {
        "source": ((s.id, source_record(s)) for s in sources),
        "topic": ((t.id, _uncounted(topic_record(t, 0))) for t in topics),
        "entity": ((e.id, entity_record(e)) for e in entities),
    }


def held_record_texts(db: sqlite3.Connection, first: int, end: int) -> dict[str, dict[str, str]]:
    """The records of the sources, topics and entities between two positions (a file's)."""
    return {
        table: dict(db.execute(positioned(table, "id, record"), (first, end)).fetchall())
        for table in NAMED
    }


def positioned(table: str, columns: str) -> str:
    return f"SELECT {columns} FROM {table} WHERE position >= ? AND position < ? ORDER BY position"


def count_facts(db: sqlite3.Connection, topics: Collection[str] | None = None) -> None:
    """Each topic's number of facts, kept beside its record: of every topic, or of `topics`."""
    if topics is None:
        counts = db.execute("SELECT COUNT(*), topic FROM fact_topic GROUP BY topic")
        db.executemany("UPDATE topic SET facts = ? WHERE id = ?", counts.fetchall())
        return
    db.executemany(
        "UPDATE topic SET facts = (SELECT COUNT(*) FROM fact_topic WHERE topic = ?) WHERE id = ?",
        ((topic, topic) for topic in sorted(topics)),
    )


def count_figures(
    db: sqlite3.Connection, measures: Collection[tuple[str, str]] | None = None
) -> None:
    """Each measure's number of figures and its first row (the table measure_group): of every
    measure, or of `measures` (measure, unit), whose figures an update inserted or deleted."""
    if measures is None:
        db.execute("DELETE FROM measure_group")
        db.execute(
            "INSERT INTO measure_group SELECT measure, unit, COUNT(*), MIN(row) "
            "FROM fact_measure GROUP BY measure, unit"
        )
        return
    for measure, unit in sorted(measures):
        db.execute("DELETE FROM measure_group WHERE measure = ? AND unit = ?", (measure, unit))
        db.execute(
            "INSERT INTO measure_group SELECT measure, unit, COUNT(*), MIN(row) FROM fact_measure "
            "WHERE measure = ? AND unit = ? GROUP BY measure, unit",
            (measure, unit),
        )


def write_words(db: sqlite3.Connection, change: Counter[str], whole: bool) -> None:
    """The words spelling correction knows, with the number of files that have each: all of
    them (`whole`), else `change` is what the files that changed add (or, negative, take
    away) to each word's count."""
    if whole:
        db.execute("DELETE FROM word")
        db.executemany("INSERT INTO word VALUES (?, ?)", sorted((+change).items()))
        return
    db.executemany(
        "INSERT INTO word VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET files = files + ?",
        ((word, n, n) for word, n in sorted(change.items()) if n),
    )
    db.execute("DELETE FROM word WHERE files <= 0")


def held_ids(db: sqlite3.Connection, kind: str, ids: Collection[str]) -> set[str]:
    """Which of these ids of a kind of record ("fact" or one of NAMED) the index holds."""
    table = kind if kind in NAMED else "fact"
    found: set[str] = set()
    for chunk in _chunks(sorted(ids)):
        marks = ", ".join("?" * len(chunk))
        found.update(
            i for (i,) in db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
        )
    return found


def with_held_names(db: sqlite3.Connection, base: FactBase) -> FactBase:
    """`base` with the topics and entities of other files that its facts refer to, from the
    index, to make those facts' rows."""
    from ..core.model import FactBase

    facts = base.facts.values()
    topics = {t for fact in facts for t in fact.topics} - base.topics.keys()
    entities = {e for fact in facts for e in (*fact.stated_by, *fact.about)}
    held_topics, held_entities = held_names(db, topics, entities - base.entities.keys())
    return FactBase(
        sources=base.sources,
        topics={**{t.id: t for t in held_topics}, **base.topics},
        entities={**{e.id: e for e in held_entities}, **base.entities},
    )


def held_names(
    db: sqlite3.Connection, topics: Collection[str], entities: Collection[str]
) -> tuple[list[Topic], list[Entity]]:
    """The topics and entities of these ids that the index holds, as the model."""
    from ..core.model import Entity, Topic

    found_topics = [
        Topic(r["id"], r["title"], r["description"], tuple(r["aliases"]))
        for r in _records(db, "topic", topics)
    ]
    found_entities = [
        Entity(r["id"], r["name"], r["kind"], r["description"], tuple(r["aliases"]))
        for r in _records(db, "entity", entities)
    ]
    return found_topics, found_entities


def _records(db: sqlite3.Connection, table: str, ids: Collection[str]) -> Iterator[dict[str, Any]]:
    from .schema import checked

    for chunk in _chunks(sorted(ids)):
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT record, crc FROM {table} WHERE id IN ({marks}) ORDER BY position"
        for text, crc in db.execute(query, chunk):
            yield json.loads(checked(text, crc))


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _uncounted(record: dict[str, object]) -> dict[str, object]:
    """A topic's record as stored: its count stands beside it (the column facts)."""
    del record["count"]
    return record


def _numbered(
    table: str, records: Iterable[tuple[str, object]], positions: Mapping[str, int]
) -> Iterator[tuple[int, str, str, int]]:
    """(position, id, record as JSON, its checksum) for each of a table's records."""
    for n, (record_id, record) in enumerate(records):
        text = _text(record)
        yield positions.get(f"{table} {record_id}", n), record_id, text, checksum(text)


def _text(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


def _topic_words(topics: Iterable[Topic]) -> set[tuple[str, str]]:
    """(word, topic) for each word of each name of the topics, as `words` cuts them."""
    return {(word, topic.id) for topic in topics for name in topic.names for word in words(name)}


def _aliases(base: FactBase) -> Iterator[tuple[str, str, str, str, bool]]:
    """(name as `words` cuts it, kind, id, name, whether it names a person, organisation or
    group) for every name of every topic and entity."""
    for topic in base.topics.values():
        for name in topic.names:
            yield " ".join(words(name)), "topic", topic.id, name, False
    for entity in base.entities.values():
        yield " ".join(words(entity.id)), "entity", entity.id, entity.id, False
        for name in entity.names:
            yield " ".join(words(name)), "entity", entity.id, name, entity.kind in PEOPLE
