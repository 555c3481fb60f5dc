"""The records an index keeps, read back: topics, sources, entities and facts, each checked
against its checksum, and facts made whole with their source's part of the citation."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from ..index.schema import checked, read_meta, words
from .answers import chunks


class StoredFacts:
    """The records of an index database made by index/writer.py."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._sources: dict[str, dict[str, Any] | None] = {}

    def close(self) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        return read_meta(self.db, key)

    def topics(self) -> list[dict[str, Any]]:
        """Every topic with its number of facts (kept beside its record, see schema.py)."""
        rows = self.db.execute("SELECT record, crc, facts FROM topic ORDER BY position")
        return [{**json.loads(checked(text, crc)), "count": facts} for text, crc, facts in rows]

    def sources(self) -> list[dict[str, Any]]:
        return self._decoded("SELECT record, crc FROM source ORDER BY position")

    def source(self, source_id: str) -> dict[str, Any] | None:
        """One source's record, read once in a run: only the sources of the facts printed
        are read, since a corpus has a source for every article."""
        if source_id not in self._sources:
            found = self._decoded("SELECT record, crc FROM source WHERE id = ?", source_id)
            self._sources[source_id] = found[0] if found else None
        return self._sources[source_id]

    def sources_at(self, positions: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The records of the sources at these positions (see index/names.py)."""
        found: dict[int, dict[str, Any]] = {}
        for chunk in chunks(list(positions)):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT position, record, crc FROM source WHERE position IN ({marks})"
            for position, text, crc in self.db.execute(query, chunk):
                found[position] = json.loads(checked(text, crc))
        return found

    def entities(self) -> list[dict[str, Any]]:
        """Every person, organisation, place and plan: id, name, kind, description, aliases."""
        return self._decoded("SELECT record, crc FROM entity ORDER BY position")

    def all_facts(self) -> list[dict[str, Any]]:
        """Every fact's printable record, in the order of the fact files."""
        return self._fact_records(
            "SELECT record, crc, link_prefix, link_suffix FROM fact ORDER BY row"
        )

    def fact_count(self) -> int:
        """The number of facts, as the writer counted them (counting 100,000 rows costs a
        millisecond, and a search asks twice)."""
        return int(self.meta("facts") or 0)

    def topic_id(self, name: str) -> str:
        """The id of the topic called `name` (id, title or alias, in any case and typography)."""
        from ..core.errors import NotFound

        found = self.db.execute(
            "SELECT id FROM alias WHERE kind = 'topic' AND name = ?", (" ".join(words(name)),)
        ).fetchone()
        if found is None:
            from ..core.suggest import close_matches

            names = [
                n for (n,) in self.db.execute("SELECT display FROM alias WHERE kind = 'topic'")
            ]
            suggestions = close_matches(name, names)
            hint = "" if suggestions else " — `belarus topics` lists them"
            raise NotFound(f"no topic called {name!r}{hint}", suggestions)
        return str(found[0])

    def topic_facts(self, name: str) -> list[dict[str, Any]]:
        """The facts of the topic called `name`: those whose main topic it is first, each
        group in the article's order."""
        return self._fact_records(
            "SELECT f.record, f.crc, f.link_prefix, f.link_suffix FROM fact AS f "
            "JOIN fact_topic AS t ON t.row = f.row "
            "WHERE t.topic = ? ORDER BY f.main_topic != t.topic, f.paragraph, f.row",
            self.topic_id(name),
        )

    def fact(self, fact_id: str) -> dict[str, Any]:
        return self.cited(*self.fact_row(fact_id))

    def fact_row(self, fact_id: str) -> tuple[str, str, str]:
        """The stored record (JSON), link prefix and link suffix of a fact, or NotFound."""
        from ..core.errors import NotFound
        from ..core.ostext import readable

        wanted = readable(fact_id.strip())  # an argument that is not UTF-8 matches no id
        found = self.db.execute(
            "SELECT record, crc, link_prefix, link_suffix FROM fact WHERE id = ?", (wanted,)
        ).fetchone()
        if found is None:
            from ..core.suggest import close_matches

            # Near misses share the topic part of the id; that keeps the look-up small.
            prefix = wanted.split(".", 1)[0][:3]
            ids = [
                i
                for (i,) in self.db.execute("SELECT id FROM fact WHERE id LIKE ?", (f"{prefix}%",))
            ]
            raise NotFound(f"no fact with id {fact_id!r}", close_matches(fact_id, ids))
        return checked(found[0], found[1]), found[2], found[3]

    def _decoded(self, query: str, *parameters: Any) -> list[dict[str, Any]]:
        rows = self.db.execute(query, parameters)
        return [json.loads(checked(text, crc)) for text, crc in rows]

    def _fact_records(self, query: str, *parameters: Any) -> list[dict[str, Any]]:
        """The printable records of the facts a query selects (record, crc, link_prefix,
        link_suffix)."""
        rows = self.db.execute(query, parameters)
        return [self.cited(checked(text, crc), *link) for text, crc, *link in rows]

    def know_sources(self) -> None:
        """Read every source at once, before making the records of many facts whole."""
        self._sources.update((s["id"], s) for s in self.sources())

    def cited(self, record: str, link_prefix: str, link_suffix: str) -> dict[str, Any]:
        from ..core.records import with_citation

        uncited = json.loads(record)
        source = self.source(uncited["citation"]["source"])
        return with_citation(uncited, source, link_prefix, link_suffix)

    def records(self, rows: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = list(rows)
        records: dict[int, dict[str, Any]] = {}
        for chunk in chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            query = "SELECT row, record, crc, link_prefix, link_suffix FROM fact "
            query += f"WHERE row IN ({marks})"
            rows = self.db.execute(query, chunk)
            records.update(
                (row, self.cited(checked(text, crc), *link)) for row, text, crc, *link in rows
            )
        return records
