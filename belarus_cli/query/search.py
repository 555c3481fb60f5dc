"""Ranked search over the facts: SQLite FTS5 (porter stemming, bm25) behind one small class.

A question goes through four steps before it reaches the index: typography is folded, question
and stop words are dropped, names and topics it mentions are expanded to their aliases, and
words the index has never seen are corrected to the closest word it has. The answer is then
ranked by bm25 over weighted fields, nudged by what the question asks for ("how many" wants a
figure, "when" a date, "who" a person or organisation) and by how many of its words a fact has.

The index is a SQLite database: in memory for one run, or a file in the cache folder that
later runs open as it is (see index/cache.py). Everything a query needs, down to the JSON record it
prints, is in the database, so a query never has to load or parse the fact files.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..core.folding import fold
from ..index.schema import read_meta, words

if TYPE_CHECKING:
    from ..core.model import FactBase

# Weights of the index's fields, in the order of schema.FIELDS: a word in the short answer
# counts most.
WEIGHTS = (5.0, 3.0, 1.5, 2.0, 2.0, 2.5)
# bm25 ranks every match; only the best of them go on to the finer ranking in Python.
CANDIDATES = 500
LONGEST_NAME = 8  # words: longer topic or entity names are not looked for in questions

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "tell",
        "me",
        "show",
        "give",
        "please",
        "know",
        "many",
        "much",
        "whats",
        "what's",
        "does",
        "did",
        "is",
        "are",
        "there",
        "any",
        "kind",
        "share",  # "what share": a cue for a figure, and no word of the article
        "s",
        "t",
        "hasn",
        "isn",
        "doesn",
        "don",
        "didn",
        "wasn",
        "aren",
        "weren",
        "haven",
    ]
)
QUANTITY_CUES = (
    "how many",
    "how much",
    "number of",
    "how large",
    "how big",
    "what share",
    "what percentage",
    "what percent",
    "figure",
    "estimate",
)
DATE_CUES = ("when", "what year", "what date", "which year", "since when", "what month")
WHO_CUES = ("who", "whom", "which organisation", "which organization", "what organisation")
# Words readers use that the article words otherwise, and British/American spellings.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "soldiers": ("troops",),
    "troops": ("soldiers",),
    "army": ("troops", "military"),
    "emigrated": ("left", "exile"),
    "emigrate": ("left", "exile"),
    "emigration": ("left", "exile"),
    "emigrants": ("exile", "left"),
    "fled": ("left", "exile"),
    "jailed": ("prisoners",),
    "imprisoned": ("prisoners",),
    "bars": ("prisoners",),
    "detained": ("arrested", "prisoners"),
    "defence": ("defense",),
    "centre": ("center",),
    "centres": ("centers",),
    "mobilisation": ("mobilization",),
    "organisation": ("organization",),
    "analyse": ("analyze",),
    "poll": ("survey", "polls"),
    "survey": ("poll", "polls"),
    "fighters": ("volunteers", "fighting"),
    "volunteer": ("volunteers",),
    "shadow": ("transitional",),
    "cabinet": ("transitional",),
    "base": ("bases", "installations"),
    "bases": ("base", "installations"),
    "partisans": ("partisan", "sabotage"),
    "guerrilla": ("partisan", "insurgents"),
    "eu": ("european",),
    # Stemming keeps a country and its adjective apart ("russia", "russian").
    "russia": ("russian",),
    "russian": ("russia",),
    "ukraine": ("ukrainian",),
    "ukrainian": ("ukraine",),
    "propaganda": ("propagandists",),
    "economy": ("economic",),
}


# Plain classes rather than dataclasses or NamedTuples, which cost milliseconds or a tenth of
# one to create when the module is imported, on every run.
class Hit:
    __slots__ = ("fact_id", "record", "score")

    def __init__(self, fact_id: str, score: float, record: dict[str, Any]) -> None:
        self.fact_id = fact_id
        self.score = score
        self.record = record  # the fact's plain record (records.fact_record), ready to print


class SearchResult:
    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.terms: list[str] = []  # the words searched for, after correction
        self.corrections: dict[str, str] = {}  # typed word -> corrected word
        self.suggestions: list[str] = []  # offered when nothing matched
        self.topic: str | None = None  # id of the topic the query names, if any


class SearchIndex:
    """Queries over an index database made by index/writer.py."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._sources: dict[str, dict[str, Any] | None] = {}

    @classmethod
    def in_memory(cls, base: FactBase) -> SearchIndex:
        from ..index.writer import write_index

        db = sqlite3.connect(":memory:")
        write_index(db, base, {})
        return cls(db)

    def close(self) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        return read_meta(self.db, key)

    def topics(self) -> list[dict[str, Any]]:
        return self._decoded("SELECT record FROM topic ORDER BY position")

    def sources(self) -> list[dict[str, Any]]:
        return self._decoded("SELECT record FROM source ORDER BY position")

    def entities(self) -> list[dict[str, Any]]:
        """Every person, organisation, place and plan: id, name, kind, description, aliases."""
        return self._decoded("SELECT record FROM entity ORDER BY position")

    def all_facts(self) -> list[dict[str, Any]]:
        """Every fact's printable record, in the order of the fact files."""
        return self._fact_records("SELECT record, link_prefix, link_suffix FROM fact ORDER BY row")

    def fact_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM fact").fetchone()[0])

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
            "SELECT f.record, f.link_prefix, f.link_suffix FROM fact AS f "
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
            "SELECT record, link_prefix, link_suffix FROM fact WHERE id = ?", (wanted,)
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
        return found[0], found[1], found[2]

    def _decoded(self, query: str, *parameters: Any) -> list[dict[str, Any]]:
        return [json.loads(text) for (text,) in self.db.execute(query, parameters)]

    def _fact_records(self, query: str, *parameters: Any) -> list[dict[str, Any]]:
        """The printable records of the facts a query selects (record, link_prefix, link_suffix)."""
        return [self.cited(*row) for row in self.db.execute(query, parameters)]

    def cited(self, record: str, link_prefix: str, link_suffix: str) -> dict[str, Any]:
        from ..core.records import with_citation

        uncited = json.loads(record)
        source_id = uncited["citation"]["source"]
        # Only the sources of the facts printed: a corpus has a source for every article.
        if source_id not in self._sources:
            found = self._decoded("SELECT record FROM source WHERE id = ?", source_id)
            self._sources[source_id] = found[0] if found else None
        return with_citation(uncited, self._sources[source_id], link_prefix, link_suffix)

    def search(self, query: str, limit: int = 10) -> SearchResult:
        folded = " ".join(words(query))
        result = SearchResult()
        if not folded:
            return result
        question = f" {fold(query)} "

        topic_ids, entity_ids = self._names_in(folded.split())
        result.topic = topic_ids[0] if topic_ids else None
        typed = [w for w in folded.split() if w not in STOP_WORDS] or folded.split()
        terms: list[str] = []
        for word in typed:
            corrected = self._correct(word)
            if corrected != word:
                result.corrections[word] = corrected
            terms.append(corrected)
        expansions = [s for t in terms for s in SYNONYMS.get(t, ())]
        expansions += self._entity_names(entity_ids)
        result.terms = _unique(terms)

        scores = self._bm25(_unique([*terms, *expansions]))
        topic_rows = self._rows("fact_topic", "topic", topic_ids)
        candidates = set(scores) | topic_rows
        if not candidates:
            result.suggestions = self._suggest(typed)
            return result
        entity_rows = self._rows("fact_entity", "entity", entity_ids)
        matched = [self._matching(term) for term in result.terms]
        want_quantity = any(cue in question for cue in QUANTITY_CUES)
        want_date = any(f" {cue} " in question for cue in DATE_CUES)
        want_who = any(f" {cue} " in question for cue in WHO_CUES)

        ranked: list[tuple[float, str, int]] = []
        facts = list(self._facts(candidates))
        # "How many soldiers" asks for a figure counted in soldiers (or troops): when there
        # is one, a figure of installations or percent is no answer to it.
        counted = {w.removesuffix("s") for w in (*result.terms, *expansions) if " " not in w}
        in_asked_unit = {
            fact[0] for fact in facts if counted & {w.removesuffix("s") for w in fact[5].split()}
        }
        for row, fact_id, main_topic, has_value, has_quantity, _, has_date, answers_who in facts:
            score = scores.get(row, 0.0)
            if result.terms:
                covered = sum(row in rows for rows in matched)
                score *= 0.5 + covered / len(result.terms)
            if has_value:
                score *= 1.15  # a direct answer beats a paragraph that talks around it
            if want_quantity and row in in_asked_unit:
                score *= 2.4
            elif want_quantity and has_quantity and not in_asked_unit:
                score *= 1.6
            if want_date and has_date:
                score *= 1.6
            if want_who and answers_who:
                score *= 1.4
            if row in entity_rows:
                score *= 1.2
            if row in topic_rows:
                # A query that names a topic lists that topic first, its main facts leading.
                score = 100.0 + score + (5.0 if main_topic in topic_ids else 0.0)
            ranked.append((round(score, 4), fact_id, row))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        best = ranked[:limit]
        records = self.records(row for _, _, row in best)
        result.hits = [Hit(fact_id, score, records[row]) for score, fact_id, row in best]
        return result

    def _names_in(self, tokens: list[str]) -> tuple[list[str], list[str]]:
        """Topics and entities whose names occur in the query as whole words."""
        grams = {
            " ".join(tokens[start:end])
            for start in range(len(tokens))
            for end in range(start + 1, min(len(tokens), start + LONGEST_NAME) + 1)
        }
        grams -= STOP_WORDS
        found: dict[str, list[str]] = {"topic": [], "entity": []}
        for chunk in _chunks(sorted(grams, key=lambda g: (-len(g), g))):
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT name, kind, id FROM alias WHERE name IN ({marks})", chunk
            ).fetchall()
            # Longest names first, so "troop estimates" wins over a shorter name inside it.
            for _, kind, record_id in sorted(rows, key=lambda r: (-len(r[0]), r[0], r[2])):
                if record_id not in found[kind]:
                    found[kind].append(record_id)
        return found["topic"], found["entity"]

    def _entity_names(self, entity_ids: list[str]) -> list[str]:
        if not entity_ids:
            return []
        marks = ", ".join("?" * len(entity_ids))
        rows = self.db.execute(
            f"SELECT name FROM alias WHERE kind = 'entity' AND id IN ({marks})", entity_ids
        )
        return [name for (name,) in rows]

    def _correct(self, word: str) -> str:
        if len(word) < 4 or word.isdigit() or self._known(word):
            return word
        from rapidfuzz import fuzz, process

        vocabulary = [w for (w,) in self.db.execute("SELECT word FROM word")]
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=75)
        return str(best[0]) if best else word

    def _known(self, word: str) -> bool:
        return self.db.execute("SELECT 1 FROM word WHERE word = ?", (word,)).fetchone() is not None

    def _suggest(self, typed: Iterable[str]) -> list[str]:
        from ..core.suggest import names_like

        names = [name for (name,) in self.db.execute("SELECT DISTINCT name FROM alias")]
        return names_like(typed, names)

    def _bm25(self, terms: list[str]) -> dict[int, float]:
        if not terms:
            return {}
        expression = " OR ".join(_phrase(term) for term in terms)
        weights = ", ".join(str(w) for w in WEIGHTS)
        rows = self.db.execute(
            f"SELECT rowid, -bm25(doc, {weights}) AS score FROM doc WHERE doc MATCH ? "
            f"ORDER BY score DESC LIMIT {CANDIDATES}",
            (expression,),
        )
        return {rowid: score for rowid, score in rows}

    def _matching(self, term: str) -> set[int]:
        rows = self.db.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (_phrase(term),))
        return {rowid for (rowid,) in rows}

    def _rows(self, table: str, column: str, values: list[str]) -> set[int]:
        found: set[int] = set()
        for chunk in _chunks(values):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT row FROM {table} WHERE {column} IN ({marks})"
            found.update(row for (row,) in self.db.execute(query, chunk))
        return found

    def _facts(self, rows: set[int]) -> Iterator[tuple[int, str, str, int, int, str, int, int]]:
        for chunk in _chunks(sorted(rows)):
            marks = ", ".join("?" * len(chunk))
            yield from self.db.execute(
                "SELECT row, id, main_topic, has_value, has_quantity, unit, has_date, answers_who "
                f"FROM fact WHERE row IN ({marks})",
                chunk,
            )

    def records(self, rows: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = list(rows)
        records: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT row, record, link_prefix, link_suffix FROM fact WHERE row IN ({marks})"
            records.update((row, self.cited(*rest)) for row, *rest in self.db.execute(query, chunk))
        return records


def _phrase(term: str) -> str:
    """A term as an FTS5 string: every character of the user's input is inert inside it."""
    return '"' + term.replace('"', '""') + '"'


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
