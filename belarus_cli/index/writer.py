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
with an update in place left where they are, and their summaries stand in for parsing them
in the checks across files. An update can do without even the summaries (`held`): every
table keeps what each file put in it apart (rows, names and words by file), so when the
changed files fit what the index says the others define, only theirs are deleted and
inserted. `write_index` indexes a whole FactBase in one go, through the same code.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .file_rows import Dropped, copy_rows, drop_rows
from .names import (
    NAMED,
    count_facts,
    count_figures,
    forget_names,
    held_ids,
    held_record_texts,
    record_texts,
    with_held_names,
    write_names,
    write_words,
)
from .places import new_ordinals, ordinals_keeping, record_positions
from .rows import (
    Names,
    PreparedFile,
    Reused,
    TableRows,
    fact_row,
    row_words,
    table_rows,
)
from .schema import (
    DOC_INSERT,
    INDEXES,
    ROWS_PER_FILE,
    TABLES,
    pack,
    unpack,
)

if TYPE_CHECKING:
    from ..core.model import FactBase
    from ..load.hook import Prepared
    from ..load.parsed import ParsedFile


class IndexWriter:
    """Fills an empty database: `plan` the files' places, `receive` each parsed file as it
    comes, then `finish` (the sink of load/hook.py).

    With `signatures` (cache.signature of each fact file, for those not changed so recently
    that a same-size edit could hide), `reuse` offers the files that have not changed since an
    earlier index, as their summaries rather than parsed again: `earlier`, another index of the
    same code whose rows are copied, or with `update` the database itself, an index of the same
    code brought up to date in place (the rows of changed and removed files deleted, those of
    new and changed ones inserted, unchanged rows left as they are). An update can also leave
    the unchanged files out of loading altogether (`held`): then only the changed files are
    received, and finish adds them to what the index holds.
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
        # The topics, sources and entities of each file received ("kind id"), in its order.
        self.defines: dict[Path, list[list[str]]] = {}
        # How many of the files received have each word; and with an update, how many of the
        # files whose rows it deleted had it.
        self.word_files: Counter[str] = Counter()
        self.words_gone: Counter[str] = Counter()
        # The topics and measures whose facts an update inserted or deleted.
        self.touched = Dropped(set(), set())
        self.attached = False
        self.ordinals: list[int] = []
        self.earlier = "main" if update else "earlier"
        self.reusable = self._reusable(earlier) if earlier or update else {}
        # With an update: the files whose facts refer to records of other files, as they
        # were (ordinal, and those records' ids by kind); and the records of the files whose
        # rows it deleted, by kind and id, to tell which records an edit changed.
        self.referring = self._referring() if update else {}
        self.records_gone: dict[str, dict[str, str]] = {kind: {} for kind in NAMED}
        self.moved: dict[int, int] = {}  # reused files: place in the earlier index -> now

    def _reusable(self, earlier: Path | None) -> dict[Path, int]:
        """The files of the earlier index that are as they were, with their ordinals there."""
        try:
            if earlier is not None:
                self.db.execute("ATTACH DATABASE ? AS earlier", (f"{earlier.as_uri()}?mode=ro",))
                self.attached = True
            rows = self.db.execute(
                f"SELECT ordinal, path, signature FROM {self.earlier}.file "
                "WHERE summary IS NOT NULL"
            ).fetchall()
        except sqlite3.Error:
            if self.update:
                raise
            return {}
        return {
            Path(path): ordinal
            for ordinal, path, signature in rows
            if signature is not None and _signed(self.signatures.get(Path(path))) == signature
        }

    def _referring(self) -> dict[Path, tuple[int, dict[str, list[str]]]]:
        rows = self.db.execute(
            "SELECT ordinal, path, signature, refers FROM file WHERE refers IS NOT NULL"
        ).fetchall()
        return {
            Path(path): (ordinal, json.loads(unpack(refers)[0]))
            for ordinal, path, signature, refers in rows
            if signature is not None and _signed(self.signatures.get(Path(path))) == signature
        }

    def plan(self, files: list[Path]) -> list[int]:
        """The ordinal of each file, in order (places.py); an update keeps the ordinals of
        the files it keeps and deletes the rows of every other file it held."""
        if not self.update:
            self.ordinals = new_ordinals(len(files))
            return self.ordinals
        held = {**self.reusable, **{path: o for path, (o, _) in self.referring.items()}}
        kept = {path: held[path] for path in files if path in held}
        self.ordinals = ordinals_keeping(files, kept)
        self._forget_files(set(kept.values()))
        return self.ordinals

    def _forget_files(self, kept: set[int]) -> None:
        """Delete the rows, names and words of every file the index holds that is not kept."""
        for (ordinal,) in self.db.execute("SELECT ordinal FROM file").fetchall():
            if ordinal not in kept:
                self._forget(ordinal)

    def _forget(self, ordinal: int) -> None:
        """Delete a file's rows, names, words and place in the file table, keeping its
        records to compare with what replaces them."""
        first, end = ordinal * ROWS_PER_FILE, (ordinal + 1) * ROWS_PER_FILE
        self._dropped(drop_rows(self.db, first, end))
        for kind, records in held_record_texts(self.db, first, end).items():
            self.records_gone[kind].update(records)
        forget_names(self.db, first, end)
        self.words_gone.update(self._file_words(ordinal))
        self.db.execute("DELETE FROM file WHERE ordinal = ?", (ordinal,))

    # What load/hook.py's HeldFiles asks of an update: the files it holds as they are, and
    # which ids those define.

    def held(self) -> IndexWriter | None:
        return self if self.update else None

    def unchanged(self) -> set[Path]:
        return set(self.reusable) | set(self.referring)

    def affected(self, changed: list[ParsedFile]) -> set[Path]:
        """The unchanged files that refer to a record which the files that changed (`changed`,
        those without problems of their own) now define otherwise, or no longer: their rows
        hold its names, so they are taken out, to be parsed again."""
        now = record_texts(
            (s for file in changed for s in file.sources),
            (t for file in changed for t in file.topics),
            (e for file in changed for e in file.entities),
        )
        changed_ids = {
            kind: {i for i, text in gone.items() if now[kind].get(i) != text}
            for kind, gone in self.records_gone.items()
        }
        found = {
            path
            for path, (_, refers) in self.referring.items()
            if any(changed_ids[kind].intersection(ids) for kind, ids in refers.items())
        }
        for path in found:
            self._forget(self.referring.pop(path)[0])
        return found

    def defined(self, kind: str, ids: Collection[str]) -> set[str]:
        return held_ids(self.db, kind, ids)

    def reuse(self, path: Path) -> tuple[ParsedFile, Prepared] | None:
        from ..load.parsed import parsed_from_summary

        if path in self.referring:  # its rows may hold names that changed: parsed again
            self._forget(self.referring.pop(path)[0])
        if path not in self.reusable:
            return None
        ordinal = self.reusable[path]
        summary, listed = self.db.execute(
            f"SELECT summary, words FROM {self.earlier}.file WHERE ordinal = ?", (ordinal,)
        ).fetchone()
        summarised = parsed_from_summary(path, json.loads(unpack(summary)[0]))
        return summarised, Reused(ordinal, unpack(listed)[0], summary)

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
            self.defines[parsed.path] = [
                [f"source {s.id}" for s in parsed.sources],
                [f"topic {t.id}" for t in parsed.topics],
                [f"entity {e.id}" for e in parsed.entities],
            ]
            self.word_files.update(prepared.words.split())
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
        # Next time, a file indexed here whole is taken as it is (its summary), and one with
        # facts that refer to other files while those records stay as they were (refers); a
        # file with problems of its own, or too new to trust its stats, is parsed again.
        summary = refers = None
        if prepared is not None and signature is not None:
            summary = prepared.summary
            refers = prepared.refers if isinstance(prepared, PreparedFile) else None
        words = prepared.words if prepared is not None else ""
        self.db.execute(
            "INSERT INTO file VALUES (?, ?, ?, ?, ?, ?)",
            (ordinal, str(parsed.path), signature, summary, pack(words), refers),
        )

    def finish(
        self, base: FactBase, skipped: Iterable[Path], meta: dict[str, str], whole: bool = True
    ) -> None:
        """Index what is left of `base`; drop the rows of the `skipped` files; add the tables
        made from every file at once. With `whole` false (an update that received only the
        files that changed, see `held`), `base` holds those files' records alone, and finish
        adds them to what the index holds."""
        if self.update:
            self._clear_shared_tables(whole)
        if self.moved:
            copy_rows(self.db, self.moved)
        dropped = set(skipped) & set(self.files)
        for path in dropped:
            self._drop_file(self.files[path])
        self._index_waiting(base, dropped, whole)
        write_names(self.db, base, record_positions(self.defines, self.files, dropped))
        if whole and not self.files:  # a whole FactBase (write_index): it is the one file
            self.word_files.update(Names(base.topics.values(), base.entities.values()).words())
        count_facts(self.db, None if whole else self.touched.topics)
        count_figures(self.db, None if whole else self.touched.measures)
        if not whole:
            self.word_files.subtract(self.words_gone)
        write_words(self.db, self.word_files, whole)
        (facts,) = self.db.execute("SELECT COUNT(*) FROM fact").fetchone()
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", {**meta, "facts": facts}.items())
        if not self.update:
            self.db.executescript(INDEXES)
        if self.attached:
            self.db.execute("DETACH DATABASE earlier")

    def _clear_shared_tables(self, whole: bool) -> None:
        """What every file adds to, made again by finish: of all the files, or only the meta
        data when finish adds the changed files to the rest."""
        for table in ("topic", "source", "entity", "alias", "meta") if whole else ("meta",):
            self.db.execute(f"DELETE FROM {table}")

    def _drop_file(self, ordinal: int) -> None:
        """Take out the rows and words of a file that the checks across files left out."""
        first = ordinal * ROWS_PER_FILE
        self._dropped(drop_rows(self.db, first, first + ROWS_PER_FILE))
        self.word_files.subtract(self._file_words(ordinal))
        # Left out for another file's sake, it may be kept next time: parse it then.
        self.db.execute(
            "UPDATE file SET summary = NULL, refers = NULL, words = ? WHERE ordinal = ?",
            (pack(""), ordinal),
        )

    def _index_waiting(self, base: FactBase, dropped: set[Path], whole: bool) -> None:
        """The rows of the facts that refer to other files, each in its file's place, with
        their words counted as their file's."""
        owner = {
            fact_id: (path, row)
            for path, waiting in self.waiting.items()
            if path not in dropped
            for fact_id, row in waiting.items()
        }
        rows_base = base if whole else with_held_names(self.db, base)
        names = Names(rows_base.topics.values(), rows_base.entities.values())
        numbered = []
        added: dict[Path | None, set[str]] = {}  # None: a whole FactBase, of no file
        for number, fact in enumerate(base.facts.values(), start=1):
            path, row_number = owner.get(fact.id, (None, number))
            row = fact_row(rows_base, fact, names)
            numbered.append((row_number, row))
            if path is not None or not self.files:
                added.setdefault(path, set()).update(row_words(row))
        self._insert(table_rows(numbered))
        for path, found in added.items():
            self._add_words(path, found)

    def _add_words(self, path: Path | None, found: set[str]) -> None:
        if path is None:  # a whole FactBase: no file keeps its words
            self.word_files.update(found)
            return
        ordinal = self.files[path]
        had = set(self._file_words(ordinal))
        self.word_files.update(found - had)
        self.db.execute(
            "UPDATE file SET words = ? WHERE ordinal = ?",
            (pack(" ".join(sorted(had | found))), ordinal),
        )

    def _dropped(self, dropped: Dropped) -> None:
        self.touched.topics.update(dropped.topics)
        self.touched.measures.update(dropped.measures)

    def _file_words(self, ordinal: int) -> list[str]:
        query = "SELECT words FROM file WHERE ordinal = ?"
        return unpack(self.db.execute(query, (ordinal,)).fetchone()[0])[0].split()

    def _insert(self, rows: TableRows) -> None:
        db = self.db
        db.executemany(DOC_INSERT, rows.doc)
        db.executemany(f"INSERT INTO fact VALUES ({', '.join('?' * 15)})", rows.fact)
        db.executemany("INSERT OR IGNORE INTO fact_topic VALUES (?, ?)", rows.fact_topic)
        db.executemany(
            "INSERT OR IGNORE INTO fact_entity (row, entity) VALUES (?, ?)", rows.fact_entity
        )
        db.executemany("INSERT INTO fact_value VALUES (?, ?)", rows.fact_value)
        db.executemany(
            "INSERT INTO fact_date (row, start, end, paragraph) VALUES (?, ?, ?, ?)", rows.fact_date
        )
        db.executemany("INSERT INTO fact_measure VALUES (?, ?, ?, ?, ?)", rows.fact_measure)
        if self.update:
            self.touched.topics.update(topic for _, topic in rows.fact_topic)
            self.touched.measures.update((m[1], m[2]) for m in rows.fact_measure)


def _signed(signature: tuple[int, ...] | None) -> str | None:
    return None if signature is None else " ".join(map(str, signature))


def write_index(db: sqlite3.Connection, base: FactBase, meta: dict[str, str]) -> None:
    """Create the index tables in an empty database and fill them from a whole FactBase."""
    IndexWriter(db).finish(base, (), meta)
