"""Writing the search index: one SQLite database holding every fact's printable record and
its FTS5 document, the topics, sources and names, and the words that spelling correction knows.

A large corpus is indexed as it is parsed. Each file's facts become rows where the file is
parsed (a worker process, see load/loading.py), as far as the file itself defines what they
refer to: a corpus of self-contained articles then costs the main process little more than the
inserts, and it never holds more than one file's facts. The rows go into the database at once,
before the checks across files have run; `IndexWriter.finish` then takes out the rows of the
files those checks left out, and indexes the facts that refer to other files itself.

The index also keeps each file's size, mtime and summary, so that the next build can take
the files that have not changed from it (`IndexWriter.reuse`): their rows are copied over,
their summaries stand in for parsing them in the checks across files, and only the changed
files are parsed. `write_index` indexes a whole FactBase in one go, through the same code.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..core.folding import fold, fold_words
from .schema import FIELDS, PEOPLE, checksum, pack, unpack, words

if TYPE_CHECKING:
    from ..core.model import Entity, Fact, FactBase, Topic
    from ..core.records import Record
    from ..load.hook import Prepared
    from ..load.parsed import ParsedFile

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Contentless: the text is not stored twice. Each fact's document is made again from its
-- record when its rows are deleted or copied (see document).
CREATE VIRTUAL TABLE doc USING fts5({", ".join(FIELDS)}, content = '',
    tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE fact (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL, main_topic TEXT NOT NULL,
    paragraph INTEGER, has_value INTEGER NOT NULL, has_quantity INTEGER NOT NULL,
    unit TEXT NOT NULL, has_date INTEGER NOT NULL, about_person INTEGER NOT NULL,
    answers_who INTEGER NOT NULL,
    record BLOB NOT NULL, crc INTEGER NOT NULL,
    link_prefix TEXT NOT NULL, link_suffix TEXT NOT NULL);
CREATE TABLE topic (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
    crc INTEGER NOT NULL);
CREATE TABLE source (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
    crc INTEGER NOT NULL);
CREATE TABLE entity (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
    crc INTEGER NOT NULL);
-- A fact's topics are keyed by row, as search reads them (the topics of its candidates) and
-- an update deletes them (a file's range of rows), and indexed by topic below. Its entities
-- are only ever looked up by entity: an update's delete of a file's rows may scan them.
CREATE TABLE fact_topic (
    row INTEGER NOT NULL, topic TEXT NOT NULL, PRIMARY KEY (row, topic)) WITHOUT ROWID;
CREATE TABLE fact_entity (
    entity TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (entity, row)) WITHOUT ROWID;
CREATE TABLE alias (
    name TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, display TEXT NOT NULL);
CREATE TABLE word (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE fact_value (row INTEGER PRIMARY KEY, value TEXT NOT NULL);
-- The dated facts (the first and last day of their period, ISO) for the timeline, and the
-- facts that give a figure of a named measure for compare.
CREATE TABLE fact_date (row INTEGER PRIMARY KEY, start TEXT NOT NULL, end TEXT NOT NULL);
CREATE TABLE fact_measure (
    row INTEGER PRIMARY KEY, measure TEXT NOT NULL, unit TEXT NOT NULL,
    low REAL NOT NULL, high REAL);
-- Each file as the next build may take it instead of parsing it again: its signature when
-- read (cache.signature), and the summary (load/parsed.py) of a file whose facts are all
-- indexed here, and the words of its facts (both schema.pack'ed).
CREATE TABLE file (
    ordinal INTEGER PRIMARY KEY, path TEXT NOT NULL, signature TEXT,
    summary BLOB, words BLOB NOT NULL);
"""
# Made once the rows are in: building an index in one pass is quicker than keeping it up to
# date row by row. (Fact ids are unique: the checks across files see to that. An update in
# place may hold a changed file's rows and the rows of the file whose id it took for a moment.)
_INDEXES = """
CREATE INDEX fact_by_id ON fact (id);
CREATE INDEX fact_topic_by_topic ON fact_topic (topic);
CREATE INDEX alias_by_name ON alias (name);
CREATE INDEX alias_by_id ON alias (id);
CREATE INDEX fact_date_by_start ON fact_date (start);
-- The figures for one measure, which an answer shows side by side (query/answers.py).
CREATE INDEX fact_measure_by_measure ON fact_measure (measure);
"""
_WORD = re.compile(r"\w+")
_DOC_INSERT = f"INSERT INTO doc (rowid, {', '.join(FIELDS)}) VALUES (?{', ?' * len(FIELDS)})"
# A contentless full-text table deletes a row given the very text it was given.
_DOC_DELETE = (
    f"INSERT INTO doc (doc, rowid, {', '.join(FIELDS)}) VALUES ('delete', ?{', ?' * len(FIELDS)})"
)


class FactRow(NamedTuple):
    """Everything one fact puts in the index, but its row number and whether its value names
    a person or organisation (that needs every entity of every file)."""

    fact_id: str
    main_topic: str
    paragraph: int | None
    has_value: bool
    has_quantity: bool
    unit: str  # the words of the quantity's unit, folded ("soldiers"), or ""
    has_date: bool
    about_person: bool
    folded_value: str
    topics: tuple[str, ...]
    entities: tuple[str, ...]  # stated by or about, each once
    document: tuple[str, ...]  # the FTS5 fields, in the order of FIELDS
    # schema.pack of the record (JSON: records.uncited_record, made whole by
    # records.with_citation when read), the names its document was given, and its questions
    packed: bytes
    crc: int  # schema.checksum of the record
    link_prefix: str
    link_suffix: str
    period: tuple[str, str] | None  # the first and last day of its date, ISO
    measure: tuple[str, str, float, float | None] | None  # measure, unit, low, high


# Rows are numbered by file: a file's facts take rows from its ordinal times this, in the
# file's order. Every file knows its rows before any other is read, a file left out is a
# range to delete, and every way of building an index puts the facts in the same order.
ROWS_PER_FILE = 1 << 32
# Ordinals of a new index are this far apart (fewer for a corpus of more than 65,536 files):
# room for files added later, each between its neighbours, as a new index would place it.
SPACING = 1 << 15


class TableRows(NamedTuple):
    """What a batch of numbered facts adds to each table, as the INSERTs take it."""

    doc: list[tuple[object, ...]]
    fact: list[tuple[object, ...]]
    fact_topic: list[tuple[int, str]]
    fact_entity: list[tuple[int, str]]
    fact_value: list[tuple[int, str]]
    fact_date: list[tuple[int, str, str]]
    fact_measure: list[tuple[int, str, str, float, float | None]]


def table_rows(numbered: Iterable[tuple[int, FactRow]]) -> TableRows:
    rows = TableRows([], [], [], [], [], [], [])
    for n, r in numbered:
        rows.doc.append((n, *r.document))
        # answers_who starts as about_person; finish adds the facts whose value is a name.
        fact = (
            r.fact_id,
            r.main_topic,
            r.paragraph,
            r.has_value,
            r.has_quantity,
            r.unit,
            r.has_date,
        )
        rows.fact.append(
            (
                n,
                *fact,
                r.about_person,
                r.about_person,
                r.packed,
                r.crc,
                r.link_prefix,
                r.link_suffix,
            )
        )
        rows.fact_topic.extend((n, topic) for topic in r.topics)
        rows.fact_entity.extend((n, entity) for entity in r.entities)
        if r.folded_value:
            rows.fact_value.append((n, r.folded_value))
        if r.period:
            rows.fact_date.append((n, *r.period))
        if r.measure:
            rows.fact_measure.append((n, *r.measure))
    return rows


class PreparedFile(NamedTuple):
    rows: TableRows
    words: str  # the words of the facts indexed, sorted, joined by spaces
    summary: bytes | None  # schema.pack of the JSON (load/parsed.py), if all its facts are indexed
    indexed: frozenset[str]  # the ids of the facts made rows of


class Reused(NamedTuple):
    """A file unchanged since the earlier index: its rows are copied from there."""

    ordinal: int  # the file's place in the earlier index
    words: str
    summary: bytes
    indexed: frozenset[str] = frozenset()  # its facts come as rows: none is parsed


class _Names:
    """The searchable text of each topic and entity, folded once each rather than once for
    every fact that mentions it: a corpus has far more facts than names."""

    def __init__(self, topics: Iterable[Topic], entities: Iterable[Entity]) -> None:
        self.topics = {t.id: fold_words(" ".join((t.title, *t.aliases))) for t in topics}
        entities = list(entities)
        self.entities = {e.id: fold_words(" ".join(e.names)) for e in entities}
        self.people = {e.id for e in entities if e.kind in PEOPLE}

    def words(self) -> set[str]:
        return set(_WORD.findall(" ".join((*self.topics.values(), *self.entities.values()))))


def fact_row(base: FactBase, fact: Fact, names: _Names) -> FactRow:
    from ..core.records import uncited_record

    mentioned = tuple(dict.fromkeys((*fact.stated_by, *fact.about)))
    record = uncited_record(base, fact)
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    topic_names = " ".join(names.topics.get(t, "") for t in fact.topics)
    entity_names = " ".join(names.entities.get(e, "") for e in (*fact.stated_by, *fact.about))
    questions = fold_words(" ".join(fact.questions))
    return FactRow(
        fact_id=fact.id,
        main_topic=fact.topic,
        paragraph=fact.paragraph,
        has_value=fact.value is not None,
        has_quantity=fact.quantity is not None,
        unit=" ".join(words(fact.quantity.unit)) if fact.quantity else "",
        has_date=fact.date is not None,
        about_person=any(e in names.people for e in fact.about),
        folded_value=fold(fact.value) if fact.value else "",
        topics=fact.topics,
        entities=mentioned,
        document=document(record, topic_names, entity_names, questions),
        packed=pack(text, topic_names, entity_names, questions),
        crc=checksum(text),
        link_prefix=fact.link_prefix,
        link_suffix=fact.link_suffix,
        period=(fact.date.start.isoformat(), fact.date.end.isoformat()) if fact.date else None,
        measure=_measure(fact),
    )


def document(
    record: Record, topic_names: str, entity_names: str, questions: str
) -> tuple[str, ...]:
    """A fact's full-text document, the fields in the order of FIELDS: made from its record,
    the names of its topics and entities, as they were when it was indexed, and its readers'
    questions (folded), which its record leaves out. The index keeps no copy of it, so this
    makes it again, the same, to delete or copy its row."""
    label = record["date_label"]
    return (
        fold_words(record["value"] or ""),
        fold_words(record["statement"] + (f" {label}" if record["date"] else "")),
        fold_words(record["quote"]),
        topic_names,
        entity_names,
        fold_words(" ".join(record["keywords"])),
        questions,
    )


def stored_document(packed: bytes) -> tuple[str, ...]:
    """The document of a stored fact (its column `record`), as `document` made it."""
    text, topic_names, entity_names, questions = unpack(packed)
    return document(json.loads(text), topic_names, entity_names, questions)


def _measure(fact: Fact) -> tuple[str, str, float, float | None] | None:
    quantity = fact.quantity
    if quantity is None or not quantity.measure:
        return None
    return (quantity.measure, quantity.unit, quantity.low, quantity.high)


def _row_words(row: FactRow) -> list[str]:
    """The words of a fact's own text (its topics' and entities' are counted with theirs)."""
    value, statement, quote, _, _, keywords, questions = row.document
    return _WORD.findall(f"{value} {statement} {quote} {keywords} {questions}")


def prepare_file(
    parsed: ParsedFile, position: int, ordinals: Sequence[int] | None = None
) -> PreparedFile:
    """The rows of the facts whose topics, entities and source the file defines itself;
    `position` is the file's place among all the files, and `ordinals` (IndexWriter.plan)
    the number of each place in the index.

    Runs where the file is parsed (see load/hook.py); the facts it leaves are indexed by
    `IndexWriter.finish`, once every file is read.
    """
    from ..core.model import FactBase
    from ..load.parsed import summary_of

    ordinal = ordinals[position] if ordinals is not None else position
    own = FactBase(
        sources={s.id: s for s in parsed.sources},
        topics={t.id: t for t in parsed.topics},
        entities={e.id: e for e in parsed.entities},
    )
    names = _Names(parsed.topics, parsed.entities)
    numbered = []
    words: set[str] = set()
    others = []
    for n, fact in enumerate(parsed.facts, start=ordinal * ROWS_PER_FILE):
        if (
            fact.source in own.sources
            and all(t in own.topics for t in fact.topics)
            and all(e in own.entities for e in (*fact.stated_by, *fact.about))
        ):
            row = fact_row(own, fact, names)
            numbered.append((n, row))
            words.update(_row_words(row))
        else:
            others.append(fact)
    # Made here rather than in the main process, which every file of a corpus goes through.
    summary = None if others else pack(json.dumps(summary_of(parsed), separators=(",", ":")))
    indexed = frozenset(fact.id for fact in parsed.facts) - {fact.id for fact in others}
    return PreparedFile(table_rows(numbered), " ".join(sorted(words)), summary, indexed)


class NoRoom(sqlite3.Error):
    """The files have moved so that the index cannot be updated in place: build it anew."""


class IndexWriter:
    """Fills an empty database: `plan` the files' places, `receive` each parsed file as it
    comes, then `finish` (the sink of load/hook.py).

    With `signatures` (cache.signature of each fact file, for those not changed so recently
    that a same-size edit could hide), `reuse` offers the files that have not changed since an
    earlier index, as their summaries rather than parsed again: `earlier`, another index of the
    same code whose rows are copied, or with `update` the database itself, an index of the same
    code brought up to date in place (the rows of changed and removed files deleted, those of
    new and changed ones inserted, unchanged rows left as they are).
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        signatures: dict[Path, tuple[int, int, int, int]] | None = None,
        earlier: Path | None = None,
        update: bool = False,
    ) -> None:
        self.db = db
        self.update = update
        if not update:
            db.executescript(_SCHEMA)
        self.signatures = signatures or {}
        self.files: dict[Path, int] = {}  # the ordinal of each file that added rows
        # Facts that refer to other files: finish makes their rows, in the places kept here.
        self.waiting: dict[Path, dict[str, int]] = {}
        self.words: set[str] = set()
        self.attached = False
        self.ordinals: list[int] = []
        self.reusable = self._reusable(earlier) if earlier or update else {}
        self.moved: dict[int, int] = {}  # reused files: place in the earlier index -> now

    def _reusable(self, earlier: Path | None) -> dict[Path, tuple[int, bytes, str]]:
        """The files of the earlier index that are as they were: ordinal, summary, words."""
        try:
            if earlier is not None:
                self.db.execute("ATTACH DATABASE ? AS earlier", (f"{earlier.as_uri()}?mode=ro",))
                self.attached = True
            table = "earlier.file" if earlier is not None else "main.file"
            rows = self.db.execute(
                f"SELECT ordinal, path, signature, summary, words FROM {table} "
                "WHERE summary IS NOT NULL"
            ).fetchall()
        except sqlite3.Error:
            if self.update:
                raise
            return {}
        return {
            Path(path): (ordinal, summary, unpack(words)[0])
            for ordinal, path, signature, summary, words in rows
            if signature is not None and _signed(self.signatures.get(Path(path))) == signature
        }

    def plan(self, files: list[Path]) -> list[int]:
        """The ordinal of each file, in order: spaced out in a new index, so that a file added
        later finds a place between its neighbours; an update keeps the ordinals of the files
        it keeps and deletes the rows of every other file it held. Raises NoRoom when a new
        file finds no place."""
        if not self.update:
            spacing = max(1, min(SPACING, (1 << 31) // (len(files) + 1)))
            self.ordinals = [position * spacing for position in range(len(files))]
            return self.ordinals
        kept = {path: self.reusable[path][0] for path in files if path in self.reusable}
        ordinals: list[int] = []
        following = [kept.get(path) for path in files]
        upcoming = None
        for position in range(len(files) - 1, -1, -1):  # the next kept ordinal, from the end
            upcoming = following[position] if following[position] is not None else upcoming
            following[position] = upcoming
        previous = -1
        for position, path in enumerate(files):
            if path in kept:
                ordinal = kept[path]
            else:
                after = following[position]
                ceiling = after if after is not None else previous + 2 * SPACING
                ordinal = (previous + ceiling + 1) // 2
            if not previous < ordinal < (1 << 31) or (
                path not in kept and ordinal in kept.values()
            ):
                raise NoRoom("no place for a new fact file between its neighbours")
            ordinals.append(ordinal)
            previous = ordinal
        self._forget_files(set(kept.values()))
        self.ordinals = ordinals
        return ordinals

    def _forget_files(self, kept: set[int]) -> None:
        """Delete the rows of every file the index holds that is not kept as it is."""
        for (ordinal,) in self.db.execute("SELECT ordinal FROM file").fetchall():
            if ordinal not in kept:
                self._drop_rows(ordinal * ROWS_PER_FILE, (ordinal + 1) * ROWS_PER_FILE)
                self.db.execute("DELETE FROM file WHERE ordinal = ?", (ordinal,))

    def reuse(self, path: Path) -> tuple[ParsedFile, Prepared] | None:
        from ..load.parsed import parsed_from_summary

        if path not in self.reusable:
            return None
        ordinal, summary, listed = self.reusable[path]
        summarised = parsed_from_summary(path, json.loads(unpack(summary)[0]))
        return summarised, Reused(ordinal, listed, summary)

    def receive(self, parsed: ParsedFile, prepared: Prepared | None, position: int) -> None:
        """A file as loading hands it on: its facts are those `prepare_file` left."""
        if not isinstance(prepared, PreparedFile | Reused):
            prepared = None
        ordinal = self.ordinals[position] if self.ordinals else position
        if prepared is not None:
            self.files[parsed.path] = ordinal
            if parsed.facts:
                first = ordinal * ROWS_PER_FILE
                place = {refs.id: n for n, refs in enumerate(parsed.fact_refs, first)}
                self.waiting[parsed.path] = {fact.id: place[fact.id] for fact in parsed.facts}
            self.words.update(prepared.words.split())
            if isinstance(prepared, Reused):
                if self.update:
                    return  # its rows and its place in the file table are where they were
                self.moved[prepared.ordinal] = ordinal  # copied at once by finish
            else:
                self._insert(prepared.rows)
        self._keep_file(parsed, prepared, ordinal)

    def _keep_file(
        self, parsed: ParsedFile, prepared: PreparedFile | Reused | None, ordinal: int
    ) -> None:
        signature = _signed(self.signatures.get(parsed.path))
        # Only a file indexed here whole can be taken as it is: one with facts that refer to
        # other files, or with problems of its own, is parsed again.
        summary = prepared.summary if prepared is not None and signature is not None else None
        words = prepared.words if prepared is not None else ""
        self.db.execute(
            "INSERT INTO file VALUES (?, ?, ?, ?, ?)",
            (ordinal, str(parsed.path), signature, summary, pack(words)),
        )

    def finish(self, base: FactBase, skipped: Iterable[Path], meta: dict[str, str]) -> None:
        """Index what is left of `base`; drop the rows of the `skipped` files; add the tables
        made from every file at once."""
        if self.update:
            self._clear_shared_tables()
        if self.moved:
            self._copy_rows()
        dropped = set(skipped) & set(self.files)
        for path in dropped:
            first = self.files[path] * ROWS_PER_FILE
            self._drop_rows(first, first + ROWS_PER_FILE)
            # Left out for another file's sake, it may be kept next time: parse it then.
            self.db.execute("UPDATE file SET summary = NULL WHERE ordinal = ?", (self.files[path],))
        if dropped:
            self.words = self._words_of_files({self.files[path] for path in dropped})
        place = {
            fact_id: row
            for path, waiting in self.waiting.items()
            if path not in dropped
            for fact_id, row in waiting.items()
        }
        names = _Names(base.topics.values(), base.entities.values())
        numbered = []
        for number, fact in enumerate(base.facts.values(), start=1):
            row = fact_row(base, fact, names)
            self.words.update(_row_words(row))
            numbered.append((place.get(fact.id, number), row))
        self._insert(table_rows(numbered))
        self.words |= names.words()
        self._mark_who(base)
        self._write_names(base)
        self._write_words()
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        if not self.update:
            self.db.executescript(_INDEXES)
        if self.attached:
            self.db.execute("DETACH DATABASE earlier")

    def _clear_shared_tables(self) -> None:
        """What every file adds to: made again from all the files by finish."""
        for table in ("topic", "source", "entity", "alias", "meta"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE fact SET answers_who = about_person WHERE answers_who")

    def _write_words(self) -> None:
        """The words spelling correction knows; an update only adds and deletes the change."""
        added = self.words
        if self.update:
            held = {word for (word,) in self.db.execute("SELECT word FROM word")}
            gone = held - self.words
            added = self.words - held
            self.db.executemany("DELETE FROM word WHERE word = ?", ((w,) for w in sorted(gone)))
        self.db.executemany("INSERT INTO word VALUES (?)", ((w,) for w in sorted(added)))

    def _insert(self, rows: TableRows) -> None:
        db = self.db
        db.executemany(_DOC_INSERT, rows.doc)
        db.executemany(f"INSERT INTO fact VALUES ({', '.join('?' * 14)})", rows.fact)
        db.executemany("INSERT OR IGNORE INTO fact_topic VALUES (?, ?)", rows.fact_topic)
        db.executemany(
            "INSERT OR IGNORE INTO fact_entity (row, entity) VALUES (?, ?)", rows.fact_entity
        )
        db.executemany("INSERT INTO fact_value VALUES (?, ?)", rows.fact_value)
        db.executemany("INSERT INTO fact_date VALUES (?, ?, ?)", rows.fact_date)
        db.executemany("INSERT INTO fact_measure VALUES (?, ?, ?, ?, ?)", rows.fact_measure)

    def _drop_rows(self, first: int, end: int) -> None:
        stored = self.db.execute(
            "SELECT row, record FROM fact WHERE row >= ? AND row < ?", (first, end)
        )
        self.db.executemany(
            _DOC_DELETE, [(row, *stored_document(packed)) for row, packed in stored]
        )
        for table in (
            "fact",
            "fact_topic",
            "fact_entity",
            "fact_value",
            "fact_date",
            "fact_measure",
        ):
            self.db.execute(f"DELETE FROM {table} WHERE row >= ? AND row < ?", (first, end))

    def _words_of_files(self, left_out: set[int]) -> set[str]:
        """The words of the files still indexed, once the rows of a left-out file are gone."""
        found: set[str] = set()
        for ordinal, listed in self.db.execute("SELECT ordinal, words FROM file"):
            if ordinal not in left_out:
                found.update(unpack(listed)[0].split())
        return found

    def _copy_rows(self) -> None:
        """The reused files' rows, from the earlier index, renumbered to the files' new places:
        one pass over each table, joined to the files' moves."""
        self.db.execute("CREATE TEMP TABLE moved (earlier INTEGER PRIMARY KEY, shift INTEGER)")
        self.db.executemany(
            "INSERT INTO moved VALUES (?, ?)",
            ((earlier, (now - earlier) * ROWS_PER_FILE) for earlier, now in self.moved.items()),
        )
        fact_columns: tuple[str, ...] = ("id", "main_topic", "paragraph", "has_value")
        fact_columns += ("has_quantity", "unit", "has_date")
        fact_columns += ("about_person", "about_person", "record", "crc", "link_prefix")
        fact_columns += ("link_suffix",)
        for table, columns in (
            ("fact", fact_columns),
            ("fact_topic", ("topic",)),
            ("fact_entity", ("entity",)),
            ("fact_value", ("value",)),
            ("fact_date", ("start", "end")),
            ("fact_measure", ("measure", "unit", "low", "high")),
        ):
            taken = ", ".join(f"old.{column}" for column in columns)
            into = "" if table == "fact" else f" (row, {', '.join(columns)})"
            self.db.execute(
                f"INSERT INTO main.{table}{into} SELECT old.row + moved.shift, {taken} "
                f"FROM earlier.{table} AS old "
                f"JOIN moved ON moved.earlier = old.row / {ROWS_PER_FILE}"
            )
        # The earlier index keeps no text of its documents: each is made again from its record.
        copied = self.db.execute(
            "SELECT old.row + moved.shift, old.record FROM earlier.fact AS old "
            f"JOIN moved ON moved.earlier = old.row / {ROWS_PER_FILE}"
        )
        self.db.executemany(
            _DOC_INSERT, ((row, *stored_document(packed)) for row, packed in copied)
        )
        self.db.execute("DROP TABLE temp.moved")

    def _mark_who(self, base: FactBase) -> None:
        """A fact whose value is the name of a person or organisation answers "who"."""
        names = {
            fold(name)
            for entity in base.entities.values()
            if entity.kind in PEOPLE
            for name in entity.names
        }
        self.db.execute("CREATE TEMP TABLE who (name TEXT PRIMARY KEY) WITHOUT ROWID")
        self.db.executemany("INSERT OR IGNORE INTO who VALUES (?)", ((n,) for n in names))
        self.db.execute(
            "UPDATE main.fact SET answers_who = 1 WHERE row IN "
            "(SELECT row FROM main.fact_value WHERE value IN (SELECT name FROM who))"
        )
        self.db.execute("DROP TABLE temp.who")

    def _write_names(self, base: FactBase) -> None:
        """Topics with their number of facts, sources, and every name of topics and entities."""
        from ..core.records import entity_record, source_record, topic_record

        counts = dict(
            self.db.execute("SELECT topic, COUNT(DISTINCT row) FROM fact_topic GROUP BY topic")
        )
        topics = ((t.id, topic_record(t, counts.get(t.id, 0))) for t in base.topics.values())
        sources = ((s.id, source_record(s)) for s in base.sources.values())
        entities = ((e.id, entity_record(e)) for e in base.entities.values())
        for table, records in (("topic", topics), ("source", sources), ("entity", entities)):
            self.db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", _numbered(records))
        self.db.executemany("INSERT INTO alias VALUES (?, ?, ?, ?)", _aliases(base))


def _numbered(records: Iterable[tuple[str, object]]) -> Iterator[tuple[int, str, str, int]]:
    """(position, id, record as JSON, its checksum) for each of a table's records."""
    for n, (record_id, record) in enumerate(records):
        text = json.dumps(record, ensure_ascii=False)
        yield n, record_id, text, checksum(text)


def _signed(signature: tuple[int, ...] | None) -> str | None:
    return None if signature is None else " ".join(map(str, signature))


def write_index(db: sqlite3.Connection, base: FactBase, meta: dict[str, str]) -> None:
    """Create the index tables in an empty database and fill them from a whole FactBase."""
    IndexWriter(db).finish(base, (), meta)


def _aliases(base: FactBase) -> Iterator[tuple[str, str, str, str]]:
    """(folded name, kind, id, name) for every name of every topic and entity."""
    for topic in base.topics.values():
        for name in topic.names:
            yield " ".join(words(name)), "topic", topic.id, name
    for entity in base.entities.values():
        for name in (entity.id, *entity.names):
            yield " ".join(words(name)), "entity", entity.id, name
