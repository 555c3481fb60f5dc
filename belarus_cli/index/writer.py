"""Writing the search index into one SQLite database (the tables are schema.py's; the rows of
each fact are rows.py's): every fact's printable record and its full-text document, the
topics, sources and names, and the words that spelling correction knows.

A large corpus is indexed as it is parsed. Each file's facts become rows where the file is
parsed (see rows.prepare_file), as far as the file itself defines what they refer to: a corpus
of self-contained articles then costs the main process little more than the inserts, and it
never holds more than one file's facts. The rows go into the database at once, before the
checks across files have run; `IndexWriter.finish` then takes out the rows of the files those
checks left out, and indexes the facts that refer to other files itself.

The index also keeps each file's size, mtime and summary, so that the next build can take
the files that have not changed from it (`IndexWriter.reuse`): their rows are copied over, or
with an update in place left where they are, their summaries stand in for parsing them in the
checks across files, and only the changed files are parsed. `write_index` indexes a whole
FactBase in one go, through the same code.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.folding import fold
from .rows import (
    Names,
    PreparedFile,
    Reused,
    TableRows,
    fact_row,
    row_words,
    stored_parts,
    table_rows,
)
from .schema import (
    DOC_DELETE,
    DOC_INSERT,
    INDEXES,
    PEOPLE,
    ROWS_PER_FILE,
    TABLES,
    checksum,
    pack,
    unpack,
    words,
)

if TYPE_CHECKING:
    from ..core.model import FactBase
    from ..load.hook import Prepared
    from ..load.parsed import ParsedFile

# Ordinals of a new index are this far apart (fewer for a corpus of more than 65,536 files):
# room for files added later, each between its neighbours, as a new index would place it.
SPACING = 1 << 15


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
            db.executescript(TABLES)
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
        names = Names(base.topics.values(), base.entities.values())
        numbered = []
        for number, fact in enumerate(base.facts.values(), start=1):
            row = fact_row(base, fact, names)
            self.words.update(row_words(row))
            numbered.append((place.get(fact.id, number), row))
        self._insert(table_rows(numbered))
        self.words |= names.words()
        self._mark_who(base)
        self._write_names(base)
        self._write_words()
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        if not self.update:
            self.db.executescript(INDEXES)
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
        db.executemany(DOC_INSERT, rows.doc)
        db.executemany(f"INSERT INTO fact VALUES ({', '.join('?' * 14)})", rows.fact)
        db.executemany("INSERT OR IGNORE INTO fact_topic VALUES (?, ?)", rows.fact_topic)
        db.executemany(
            "INSERT OR IGNORE INTO fact_entity (row, entity) VALUES (?, ?)", rows.fact_entity
        )
        db.executemany("INSERT INTO fact_value VALUES (?, ?)", rows.fact_value)
        db.executemany("INSERT INTO fact_date VALUES (?, ?, ?, ?)", rows.fact_date)
        db.executemany("INSERT INTO fact_measure VALUES (?, ?, ?, ?, ?)", rows.fact_measure)

    def _drop_rows(self, first: int, end: int) -> None:
        stored = self.db.execute(
            "SELECT row, record FROM fact WHERE row >= ? AND row < ?", (first, end)
        )
        documents, mentions = [], []
        for row, packed in stored:
            document, entities = stored_parts(packed)
            documents.append((row, *document))
            mentions += [(entity, row) for entity in entities]
        self.db.executemany(DOC_DELETE, documents)
        # By entity, as fact_entity is keyed: by row it would be read whole.
        self.db.executemany("DELETE FROM fact_entity WHERE entity = ? AND row = ?", mentions)
        for table in ("fact", "fact_topic", "fact_value", "fact_date", "fact_measure"):
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
            ("fact_date", ("start", "end", "paragraph")),
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
        self.db.executemany(DOC_INSERT, ((row, *stored_parts(packed)[0]) for row, packed in copied))
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
